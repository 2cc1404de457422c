"""What every demo programme is built with: the row collector, organisations, the money helpers.

`Demo` checks each row against the contract (an unknown column is a KeyError) and holds the one
seeded random generator, so building the programmes in the same order gives the same rows.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from etl.contract import TABLES

SEED = "seed"
ILLUSTRATIVE = "illustrative"
CENT = Decimal("0.01")
EURO = Decimal("1")


def money(value: Decimal | float | str) -> Decimal:
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def money_text(value: Decimal) -> str:
    return f"{value:.2f}"


def iso_date(day: date | None) -> str:
    return day.isoformat() if day else ""


@dataclass(frozen=True)
class Org:
    """An organisation met or taking part; never a person."""

    name: str
    org_type: str
    country: str
    sector: str = ""


@dataclass(frozen=True)
class Finance:
    """How a programme's illustrative budget is laid out and how much of it was spent."""

    programme_id: str
    # work package -> {category: share of that work package}
    layout: dict[str, dict[str, float]]
    wp_shares: dict[str, float]
    # category -> spent / budgeted, before the whole is scaled to `spent_share`
    spend_factors: dict[str, float]
    spent_share: float
    period_months: int = 6  # length of a reporting period (staff and indirect cost claims)
    indirect: float = 0.0  # share of the budget as flat-rate indirect costs, one line per partner
    subcontracting: dict[str, list[str]] | None = None  # descriptions per WP, if not the usual
    remote_partners: frozenset[str] = frozenset()  # partners who travelled to no meeting


# Generic organisation kinds for illustrative contacts: (label, org_type, sector).
INSTITUTIONS = (
    ("Smart-city cluster", "cluster", "smart_city"),
    ("Renewable-energy cluster", "cluster", "renewable_energy"),
    ("Business support organisation", "support_organisation", ""),
    ("Municipal smart-city office", "public_authority", "smart_city"),
    ("Chamber of commerce", "support_organisation", ""),
    ("University research group", "university", "green_tech"),
    ("Regional development agency", "public_authority", ""),
    ("Technology centre", "research", "ict"),
    ("Water-sector association", "cluster", "water"),
    ("Start-up incubator", "support_organisation", "ict"),
)
BUSINESSES = (
    ("Solar start-up", "startup", "renewable_energy"),
    ("Water-tech SME", "sme", "water"),
    ("ICT SME", "sme", "ict"),
    ("Energy-efficiency SME", "sme", "energy"),
    ("Agri-tech start-up", "startup", "agriculture"),
    ("Green-tech SME", "sme", "green_tech"),
    ("Utility company", "company", "energy"),
    ("Engineering company", "company", "construction"),
    ("Smart-mobility start-up", "startup", "mobility"),
    ("Impact investment fund", "investor", ""),
)
# SMEs of the consortia's own countries, taking part in delegations.
SME_KINDS = (
    ("Solar-energy SME", "renewable_energy"),
    ("Water-tech SME", "water"),
    ("ICT SME", "ict"),
    ("Green-tech SME", "green_tech"),
    ("Nanotech SME", "nanotechnology"),
    ("Smart-city SME", "smart_city"),
    ("Energy-efficiency SME", "energy"),
    ("Agri-tech SME", "agriculture"),
)


class Demo:
    """Collects the rows of every table while the programmes are built one after the other."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.tables: dict[str, list[dict[str, str]]] = {name: [] for name in TABLES}
        self.programmes: dict[str, dict[str, str]] = {}
        self.partners: dict[str, dict[str, str]] = {}
        self.missions: dict[str, dict[str, str]] = {}
        self.counters: dict[str, int] = {}

    # ------------------------------------------------------------ rows

    def add(self, table: str, **values: str) -> dict[str, str]:
        columns = TABLES[table].column_names
        unknown = set(values) - set(columns)
        if unknown:
            raise KeyError(f"{table}: unknown column(s) {sorted(unknown)}")
        row = {c: values.get(c, "") for c in columns}
        self.tables[table].append(row)
        return row

    def next_id(self, prefix: str, width: int) -> str:
        n = self.counters.get(prefix, 0) + 1
        self.counters[prefix] = n
        return f"{prefix}{n:0{width}d}"

    def programme(
        self,
        *,
        programme_id: str,
        name: str,
        funding_programme: str,
        start: date,
        end: date,
        budget: str,
        eu_share: float | None,
        description: str,
        source: str,
    ) -> None:
        budget_d = money(budget)
        eu = money_text(money(budget_d * Decimal(str(eu_share)))) if eu_share else ""
        self.programmes[programme_id] = self.add(
            "programmes",
            programme_id=programme_id,
            name=name,
            funding_programme=funding_programme,
            start_date=iso_date(start),
            end_date=iso_date(end),
            budget_eur=money_text(budget_d),
            eu_contribution_eur=eu,
            description=description,
            source=source,
        )

    def partner(
        self,
        *,
        programme_id: str,
        number: int,
        name: str,
        country: str,
        city: str,
        org_type: str,
        role: str,
        source: str,
        members: int | None = None,
    ) -> str:
        partner_id = f"{programme_id}-P{number}"
        self.partners[partner_id] = self.add(
            "partners",
            partner_id=partner_id,
            programme_id=programme_id,
            name=name,
            country=country,
            city=city,
            type=org_type,
            role=role,
            members="" if members is None else str(members),
            source=source,
        )
        return partner_id

    def mission(
        self,
        *,
        mission_id: str,
        title: str,
        mission_type: str,
        mission_format: str,
        public: bool,
        start: date,
        end: date | None,
        city: str,
        country: str,
        organiser: str,
        partners: list[str],
        sectors: list[str],
        delegates: int,
        source: str,
    ) -> str:
        pid = mission_id.split("-")[0]
        self.missions[mission_id] = self.add(
            "missions",
            mission_id=mission_id,
            programme_id=pid,
            title=title,
            type=mission_type,
            format=mission_format,
            public="yes" if public else "no",
            start_date=iso_date(start),
            end_date=iso_date(end),
            city=city,
            country=country,
            organiser=organiser,
            partners=";".join(partners),
            sectors=";".join(sectors),
            delegates=str(delegates),
            source=source,
        )
        return mission_id

    def contact(
        self, *, mission_id: str, org: Org, meeting_type: str, day: date, outcome: str, source: str
    ) -> None:
        pid = mission_id.split("-")[0]
        self.add(
            "contacts",
            contact_id=self.next_id(f"{pid}-C", 3),
            mission_id=mission_id,
            organisation=org.name,
            org_type=org.org_type,
            country=org.country,
            sector=org.sector,
            meeting_type=meeting_type,
            date=iso_date(day),
            outcome=outcome,
            source=source,
        )

    def delegation(self, *, mission_id: str, org: Org, source: str) -> None:
        self.add(
            "delegations",
            mission_id=mission_id,
            organisation=org.name,
            org_type=org.org_type,
            country=org.country,
            sector=org.sector,
            source=source,
        )

    def target(
        self,
        *,
        programme_id: str,
        indicator: str,
        target: str,
        unit: str,
        source: str,
        actual: str = "",
        code: str = "",
    ) -> None:
        self.add(
            "targets",
            programme_id=programme_id,
            indicator=indicator,
            target=target,
            actual=actual,
            unit=unit,
            due_date=self.programmes[programme_id]["end_date"],
            code=code,
            source=source,
        )

    # ------------------------------------------------------------ illustrative helpers

    def pool(
        self,
        *,
        country: str,
        cities: list[str],
        kinds: tuple[tuple[str, str, str], ...],
        size: int,
        start: int = 1,
    ) -> list[Org]:
        """Generic organisations of one country, numbered so every name is distinct."""
        orgs = []
        for i in range(size):
            label, org_type, sector = kinds[i % len(kinds)]
            city = cities[self.rng.randrange(len(cities))]
            orgs.append(Org(f"{label} {start + i} ({city})", org_type, country, sector))
        return orgs

    def smes(self, *, country: str, city: str, size: int, start: int) -> list[Org]:
        out = []
        for i in range(size):
            label, sector = SME_KINDS[self.rng.randrange(len(SME_KINDS))]
            out.append(Org(f"{label} {start + i} ({city})", "sme", country, sector))
        return out

    def sample(self, items: list[Org], k: int) -> list[Org]:
        return self.rng.sample(items, min(k, len(items)))

    def outcome(self, weights: dict[str, int]) -> str:
        values = list(weights)
        return self.rng.choices(values, weights=[weights[v] for v in values])[0]

    def day_in(self, start: date, end: date | None) -> date:
        span = ((end or start) - start).days
        return start + timedelta(days=self.rng.randint(0, span))


def _meeting_for(org: Org) -> str:
    return {
        "public_authority": "b2g",
        "cluster": "c2c",
        "support_organisation": "institutional",
    }.get(org.org_type, "b2b")


def add_contacts(
    d: Demo,
    mission_id: str,
    orgs: list[Org],
    results: dict[str, int],
    follow_up: float,
    meeting_type: str | None = None,
) -> None:
    """Illustrative contacts: exactly `results` (e.g. one MoU), then follow-ups and nothing."""
    m = d.missions[mission_id]
    start = date.fromisoformat(m["start_date"])
    end = date.fromisoformat(m["end_date"]) if m["end_date"] else None
    outcomes = [o for o, n in results.items() for _ in range(n)]
    rest = len(orgs) - len(outcomes)
    n_follow = round(rest * follow_up)
    outcomes += ["follow_up"] * n_follow + ["none"] * (rest - n_follow)
    d.rng.shuffle(outcomes)
    for org, outcome in zip(orgs, outcomes, strict=True):
        d.contact(
            mission_id=mission_id,
            org=org,
            meeting_type=meeting_type or _meeting_for(org),
            day=d.day_in(start, end),
            outcome=outcome,
            source=ILLUSTRATIVE,
        )


# Work packages: WP1 management, WP2 analysis and strategy, WP3 missions, WP4 dissemination.
STANDARD_LAYOUT: dict[str, dict[str, float]] = {
    "WP1": {"staff": 0.80, "travel": 0.08, "other": 0.12},
    "WP2": {"staff": 0.76, "subcontracting": 0.21, "other": 0.03},
    "WP3": {"staff": 0.49, "travel": 0.40, "equipment": 0.05, "subcontracting": 0.06},
    "WP4": {"staff": 0.60, "subcontracting": 0.21, "other": 0.19},
}
