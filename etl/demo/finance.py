"""The demo's budget and expenses, laid out from each programme's Finance.

Budget lines are whole euros whose sum is the programme's budget to the cent; expenses follow the
missions a partner travelled to and the reporting periods, scaled to the share spent.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from etl.demo.builder import EURO, ILLUSTRATIVE, Demo, Finance, iso_date, money, money_text
from etl.parse import country_name

SUBCONTRACTING = {
    "WP2": [
        "Market study of {country_list}",
        "External expertise: internationalisation strategy",
        "Legal advice on cooperation agreements",
    ],
    "WP3": ["Interpretation services", "Local event organisation"],
    "WP4": ["Website and catalogue design", "Video production", "Printing of promotional material"],
}
OTHER = {
    "WP1": ["Bank charges", "Audit of the financial report", "Online meeting licences"],
    "WP2": ["Translation of documents", "Purchase of market reports"],
    "WP3": ["Meeting-room rental", "Visa fees"],
    "WP4": ["Promotional material", "Conference fees", "Newsletter mailing service"],
}
# Costs proven by timesheets or a flat rate, not an invoice: their invoice_ref stays empty.
NO_INVOICE = frozenset({"staff", "indirect"})
EQUIPMENT = [
    "Laptop for online missions",
    "Video-conference equipment",
    "Portable exhibition stand",
]


def add_budget(d: Demo, f: Finance) -> list[tuple[str, str, str, Decimal]]:
    """Budget lines (partner, WP, category, amount): whole euros, the last line the remainder."""
    total = money(d.programmes[f.programme_id]["budget_eur"])
    partners = [p for p, row in d.partners.items() if row["programme_id"] == f.programme_id]
    weights: list[tuple[str, str, str, float]] = []
    for p in partners:
        share = (1.4 if d.partners[p]["role"] == "lead" else 1.0) * d.rng.uniform(0.8, 1.2)
        for wp, categories in f.layout.items():
            for category, cat_share in categories.items():
                jitter = d.rng.uniform(0.75, 1.25)
                weights.append((p, wp, category, share * f.wp_shares[wp] * cat_share * jitter))
        if f.indirect:  # flat-rate indirect costs belong to no work package
            weights.append((p, "", "indirect", share * f.indirect / (1 - f.indirect)))
    weight_sum = sum(w for *_, w in weights)
    lines = []
    for p, wp, category, w in weights[:-1]:
        amount = (total * Decimal(str(w / weight_sum))).quantize(EURO, rounding=ROUND_HALF_UP)
        lines.append((p, wp, category, money(amount)))
    p, wp, category, _ = weights[-1]
    lines.append((p, wp, category, total - sum(a for *_, a in lines)))
    for p, wp, category, amount in lines:
        d.add(
            "budget",
            programme_id=f.programme_id,
            partner_id=p,
            work_package=wp,
            category=category,
            amount_eur=money_text(amount),
            source=ILLUSTRATIVE,
        )
    return lines


def _split(d: Demo, total: Decimal, parts: int) -> list[Decimal]:
    parts = max(1, min(parts, int(total // 20)))
    weights = [d.rng.uniform(0.6, 1.4) for _ in range(parts)]
    s = sum(weights)
    out = [money(total * Decimal(str(w / s))) for w in weights[:-1]]
    out.append(total - sum(out, Decimal(0)))
    return out


def _periods(start: date, end: date, months: int) -> list[tuple[int, date]]:
    """Reporting periods: (number, last day), the last one ending with the programme."""
    out = []
    n, year, month = 1, start.year, start.month
    while True:
        month += months
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
        last = date(year, month, 1) - timedelta(days=1)
        if last >= end:
            out.append((n, end))
            return out
        out.append((n, last))
        n += 1


def _trips(
    missions: list[dict[str, str]], partner: str, wp: str, remote: frozenset[str]
) -> list[dict[str, str]]:
    """Missions a partner travelled to: consortium meetings for WP1, the others otherwise."""
    if partner in remote:
        return []
    travelled = [
        m for m in missions if m["format"] != "virtual" and partner in m["partners"].split(";")
    ]
    meetings = [m for m in travelled if m["type"] == "partner_meeting"]
    if wp == "WP1":
        return meetings
    return [m for m in travelled if m["type"] != "partner_meeting"] or meetings


def add_expenses(d: Demo, f: Finance, lines: list[tuple[str, str, str, Decimal]]) -> None:
    pid = f.programme_id
    prog = d.programmes[pid]
    start, end = date.fromisoformat(prog["start_date"]), date.fromisoformat(prog["end_date"])
    wanted: dict[tuple[str, str, str], float] = {}
    for p, wp, category, amount in lines:
        factor = f.spend_factors.get(category, 0.0)
        wanted[(p, wp, category)] = float(amount) * factor * d.rng.uniform(0.94, 1.06)
    goal = float(money(prog["budget_eur"])) * f.spent_share
    scale = goal / sum(wanted.values())
    periods = _periods(start, end, f.period_months)
    missions = [m for m in d.missions.values() if m["programme_id"] == pid]
    rows: list[tuple[date, str, str, str, Decimal, str, str]] = []

    def clamp(day: date) -> date:
        return min(max(day, start), end)

    def random_day(lo: date = start, hi: date = end) -> date:
        return lo + timedelta(days=d.rng.randint(0, (hi - lo).days))

    for (p, wp, category), w in wanted.items():
        spent = money(w * scale)
        if spent <= 0:
            continue
        if category in ("staff", "indirect"):
            label = "Staff costs" if category == "staff" else "Indirect costs (flat rate)"
            for (n, last), amount in zip(periods, _split(d, spent, len(periods)), strict=False):
                text = f"{label}, reporting period {n}"
                rows.append((last, p, wp, category, amount, "", text))
        elif category == "travel":
            trips = _trips(missions, p, wp, f.remote_partners)
            if not trips:
                for amount in _split(d, spent, 2):
                    rows.append(
                        (
                            random_day(),
                            p,
                            wp,
                            category,
                            amount,
                            "",
                            "Travel to a consortium meeting",
                        )
                    )
                continue
            for m, share in zip(trips, _split(d, spent, len(trips)), strict=True):
                s = date.fromisoformat(m["start_date"])
                e = date.fromisoformat(m["end_date"] or m["start_date"])
                place = m["city"] or m["country"]
                items = [
                    (clamp(s - timedelta(days=d.rng.randint(15, 40))), f"Flights to {place}"),
                    (
                        clamp(e + timedelta(days=d.rng.randint(0, 10))),
                        f"Accommodation and subsistence in {place}",
                    ),
                ]
                for (day, text), amount in zip(items, _split(d, share, 2), strict=False):
                    rows.append((day, p, wp, category, amount, m["mission_id"], text))
        else:
            choices = {"subcontracting": f.subcontracting or SUBCONTRACTING, "other": OTHER}.get(
                category
            )
            texts = choices[wp] if choices else EQUIPMENT
            count = 1 if category == "equipment" else d.rng.randint(1, 2)
            for amount in _split(d, spent, count):
                text = texts[d.rng.randrange(len(texts))]
                rows.append((random_day(), p, wp, category, amount, "", text))

    countries = sorted(
        {country_name(m["country"]) for m in missions if m["type"] != "partner_meeting"}
    )
    rows.sort(key=lambda r: (r[0], r[1], r[2], r[3], r[5], r[6], r[4]))
    invoices: dict[tuple[str, int], int] = {}
    for day, p, wp, category, amount, mission_id, text in rows:
        text = text.format(country_list="/".join(countries))
        invoice = ""
        if category not in NO_INVOICE:  # numbered per partner and year, in date order
            n = invoices[(p, day.year)] = invoices.get((p, day.year), 0) + 1
            invoice = f"INV-{p}-{day.year}-{n:03d}"
        d.add(
            "expenses",
            expense_id=d.next_id(f"{pid}-E", 4),
            programme_id=pid,
            partner_id=p,
            work_package=wp,
            category=category,
            date=iso_date(day),
            amount_eur=money_text(amount),
            mission_id=mission_id,
            description=text,
            invoice_ref=invoice,
            source=ILLUSTRATIVE,
        )
