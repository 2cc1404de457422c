"""The demo data: four real programmes, built by code from a seeded random generator.

Facts taken from the seed documents (/work/shared/seeds, summarised in data/demo/README.md) are
written out literally and their rows carry source "seed"; everything the seeds do not say is
generated with `random.Random(seed)` and carries source "illustrative". Illustrative organisations
have plainly generic names ("Solar start-up 3 (Santiago)") so nobody takes them for real companies,
and no person is ever named. Running the module twice writes byte-identical files.

    python -m etl.demo          # writes data/demo/<table>.csv
"""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from etl.config import DEMO_DIR
from etl.contract import TABLES
from etl.parse import country_name

SEED = "seed"
ILLUSTRATIVE = "illustrative"
CENT = Decimal("0.01")
EURO = Decimal("1")


def _money(value: Decimal | float | str) -> Decimal:
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def _amount(value: Decimal) -> str:
    return f"{value:.2f}"


def _iso(day: date | None) -> str:
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


class _Demo:
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
        pid: str,
        name: str,
        funding: str,
        start: date,
        end: date,
        budget: str,
        eu_share: float | None,
        description: str,
        source: str,
    ) -> None:
        budget_d = _money(budget)
        eu = _amount(_money(budget_d * Decimal(str(eu_share)))) if eu_share else ""
        self.programmes[pid] = self.add(
            "programmes",
            programme_id=pid,
            name=name,
            funding_programme=funding,
            start_date=_iso(start),
            end_date=_iso(end),
            budget_eur=_amount(budget_d),
            eu_contribution_eur=eu,
            description=description,
            source=source,
        )

    def partner(
        self,
        pid: str,
        n: int,
        name: str,
        country: str,
        city: str,
        org_type: str,
        role: str,
        source: str,
        members: int | None = None,
    ) -> str:
        partner_id = f"{pid}-P{n}"
        self.partners[partner_id] = self.add(
            "partners",
            partner_id=partner_id,
            programme_id=pid,
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
        mission_id: str,
        title: str,
        mtype: str,
        mformat: str,
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
            type=mtype,
            format=mformat,
            public="yes" if public else "no",
            start_date=_iso(start),
            end_date=_iso(end),
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
        self, mission_id: str, org: Org, meeting_type: str, day: date, outcome: str, source: str
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
            date=_iso(day),
            outcome=outcome,
            source=source,
        )

    def delegation(self, mission_id: str, org: Org, source: str) -> None:
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
        pid: str,
        indicator: str,
        target: str,
        unit: str,
        source: str,
        actual: str = "",
        code: str = "",
    ) -> None:
        self.add(
            "targets",
            programme_id=pid,
            indicator=indicator,
            target=target,
            actual=actual,
            unit=unit,
            due_date=self.programmes[pid]["end_date"],
            code=code,
            source=source,
        )

    # ------------------------------------------------------------ illustrative helpers

    def pool(
        self,
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

    def smes(self, country: str, city: str, size: int, start: int) -> list[Org]:
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


def _add_contacts(
    d: _Demo,
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
            mission_id,
            org,
            meeting_type or _meeting_for(org),
            d.day_in(start, end),
            outcome,
            ILLUSTRATIVE,
        )


# ================================================================== GSSC

GSSC_DA_NANG_DAYS: list[list[tuple[str, str, str, str, str]]] = [
    # (organisation, org_type, sector, meeting_type, outcome), one list per day of the mission
    [
        (
            "Promotion and Investment Support Department of Da Nang City",
            "public_authority",
            "",
            "b2g",
            "follow_up",
        ),
        (
            "Information and Communication Department of Da Nang City",
            "public_authority",
            "ict",
            "b2g",
            "follow_up",
        ),
        (
            "Natural Resources and Environmental Department of Da Nang City",
            "public_authority",
            "water",
            "b2g",
            "follow_up",
        ),
        (
            "Industry and Trade Department of Da Nang City",
            "public_authority",
            "energy",
            "b2g",
            "follow_up",
        ),
    ],
    [
        ("Da Nang Hi-Tech Park", "public_authority", "energy", "b2g", "mou"),
        ("Da Nang IT Park Development Joint Stock Company", "company", "ict", "b2b", "follow_up"),
        ("Da Nang Software Park", "support_organisation", "ict", "b2b", "follow_up"),
    ],
    [
        (
            "Da Nang Innovation Start-up Support Centre",
            "support_organisation",
            "ict",
            "b2b",
            "follow_up",
        ),
        (
            "Union of Science and Technology Associations of Da Nang City",
            "support_organisation",
            "",
            "institutional",
            "follow_up",
        ),
        ("Da Nang Electricity One Member Co., Ltd", "company", "energy", "b2b", "none"),
        ("FTP Software Co., Ltd", "company", "ict", "b2b", "follow_up"),
    ],
    [
        ("International Institute of Technology (DNIIT)", "research", "ict", "b2b", "follow_up"),
        ("MIRE Center", "research", "smart_city", "b2b", "mou"),
        ("Tam Hop Nhat Technology Joint Stock Company", "company", "ict", "b2b", "follow_up"),
        ("ENOUVO IT Development One Member Co., Ltd", "company", "ict", "b2b", "follow_up"),
    ],
    [
        (
            "Smart Digital Technology Joint Stock Company",
            "company",
            "smart_city",
            "b2b",
            "follow_up",
        ),
    ],
]


def _gssc(d: _Demo) -> Finance:
    pid = "GSSC"
    start, end = date(2020, 9, 1), date(2022, 8, 31)
    d.programme(
        pid,
        "Green Small Smart Cities",
        "COSME – Cluster Go International",
        start,
        end,
        "222202.62",
        0.75,
        "Five European clusters take green smart-city solutions of their SMEs (solar energy, "
        "water, green technologies, ICT, nanotechnology) to Chile, Cape Verde and Viet Nam.",
        SEED,
    )
    # Members: the seed says the partnership represents more than 400 entities (here 412).
    p1 = d.partner(
        pid,
        1,
        "Spanish renewable-energy cluster (illustrative)",
        "ES",
        "Zaragoza",
        "cluster",
        "lead",
        ILLUSTRATIVE,
        95,
    )
    p2 = d.partner(pid, 2, "Greentech Clust-ER", "IT", "Bologna", "cluster", "partner", SEED, 80)
    p3 = d.partner(
        pid,
        3,
        "Polish smart-energy cluster (illustrative)",
        "PL",
        "Katowice",
        "cluster",
        "partner",
        ILLUSTRATIVE,
        78,
    )
    p4 = d.partner(
        pid,
        4,
        "Portuguese water-tech cluster (illustrative)",
        "PT",
        "Porto",
        "cluster",
        "partner",
        ILLUSTRATIVE,
        72,
    )
    p5 = d.partner(
        pid,
        5,
        "Bulgarian ICT and nanotech cluster (illustrative)",
        "BG",
        "Sofia",
        "cluster",
        "partner",
        ILLUSTRATIVE,
        87,
    )
    everyone = [p1, p2, p3, p4, p5]

    # The catalogue of 50 SMEs from the 5 partner countries (seed), 10 per partner.
    catalogue: dict[str, list[Org]] = {}
    for i, p in enumerate(everyone):
        row = d.partners[p]
        catalogue[p] = d.smes(row["country"], row["city"], 10, start=10 * i + 1)

    cl = d.pool("CL", ["Santiago", "Valparaíso"], INSTITUTIONS, 10, 1) + d.pool(
        "CL", ["Santiago", "Valparaíso"], BUSINESSES, 16, 11
    )
    cv = d.pool("CV", ["Praia", "Mindelo"], INSTITUTIONS, 8, 1) + d.pool(
        "CV", ["Praia", "Mindelo"], BUSINESSES, 10, 9
    )
    vn = d.pool("VN", ["Hanoi", "Ho Chi Minh City", "Da Nang"], INSTITUTIONS, 10, 1) + d.pool(
        "VN", ["Hanoi", "Ho Chi Minh City", "Da Nang"], BUSINESSES, 8, 11
    )
    pools = {"CL": cl, "CV": cv, "VN": vn}

    # Five C2C virtual working missions, September to November 2021, one per partner (seed);
    # the Greentech Clust-ER one was held on 21 October 2021 (seed).
    virtual = [
        (
            "GSSC-M1",
            date(2021, 9, 23),
            p1,
            "CL",
            "Smart energy for small Chilean cities",
            ["renewable_energy", "energy", "smart_city"],
        ),
        (
            "GSSC-M2",
            date(2021, 10, 7),
            p4,
            "CV",
            "Water and renewable energy in Cape Verde",
            ["water", "renewable_energy", "smart_city"],
        ),
        (
            "GSSC-M3",
            date(2021, 10, 21),
            p2,
            "VN",
            "Green technologies for Vietnamese cities",
            ["green_tech", "smart_city", "water"],
        ),
        (
            "GSSC-M4",
            date(2021, 11, 4),
            p3,
            "VN",
            "Smart grids and ICT in Viet Nam",
            ["energy", "ict", "smart_city"],
        ),
        (
            "GSSC-M5",
            date(2021, 11, 18),
            p5,
            "CL",
            "ICT and nanotechnology for Chilean cities",
            ["ict", "nanotechnology", "smart_city"],
        ),
    ]
    for mission_id, day, organiser, country, theme, sectors in virtual:
        d.mission(
            mission_id,
            f"C2C virtual working mission: {theme}",
            "virtual",
            "virtual",
            True,
            day,
            None,
            "",
            country,
            organiser,
            everyone,
            sectors,
            d.rng.randint(28, 46),
            SEED,
        )
        institutions = [
            o for o in pools[country] if o.org_type not in ("sme", "startup", "company", "investor")
        ]
        businesses = [o for o in pools[country] if o not in institutions]
        met = d.sample(institutions, d.rng.randint(5, 7)) + d.sample(
            businesses, d.rng.randint(2, 4)
        )
        _add_contacts(d, mission_id, met, {}, 0.65, meeting_type="c2c")
        for p in everyone:
            for sme in d.sample(catalogue[p], d.rng.randint(1, 2)):
                d.delegation(mission_id, sme, ILLUSTRATIVE)

    # The exploratory mission to Da Nang (seed 000); five days, dates illustrative.
    da_nang_start = date(2022, 5, 9)
    d.mission(
        "GSSC-M6",
        "Exploratory mission to Da Nang",
        "exploratory",
        "in_person",
        False,
        da_nang_start,
        date(2022, 5, 13),
        "Da Nang",
        "VN",
        p3,
        everyone,
        [
            "agriculture",
            "water",
            "ict",
            "energy",
            "renewable_energy",
            "nanotechnology",
            "smart_city",
        ],
        25,  # five partners and their 15 SMEs
        SEED,
    )
    d.contact(
        "GSSC-M6",
        Org("Polish Investment & Trade Agency (PAIH)", "public_authority", "PL"),
        "institutional",
        da_nang_start,
        "follow_up",
        SEED,
    )
    for offset, day_contacts in enumerate(GSSC_DA_NANG_DAYS):
        day = da_nang_start + timedelta(days=offset)
        for name, org_type, sector, meeting, outcome in day_contacts:
            d.contact("GSSC-M6", Org(name, org_type, "VN", sector), meeting, day, outcome, SEED)
        if offset == 2:  # "B2B and B2C meetings with start-up companies" (names not given)
            for n, (label, sector) in enumerate(
                [
                    ("ICT start-up", "ict"),
                    ("Smart-agriculture start-up", "agriculture"),
                    ("Water-monitoring start-up", "water"),
                ],
                start=1,
            ):
                d.contact(
                    "GSSC-M6",
                    Org(f"{label} {n} (Da Nang)", "startup", "VN", sector),
                    "b2b",
                    day,
                    d.outcome({"none": 1, "follow_up": 2}),
                    ILLUSTRATIVE,
                )
    for p in everyone:
        for sme in d.sample(catalogue[p], 3):
            d.delegation("GSSC-M6", sme, ILLUSTRATIVE)

    # The next exploratory mission, to Chile, announced by seed 000: everything illustrative.
    d.mission(
        "GSSC-M7",
        "Exploratory mission to Santiago",
        "exploratory",
        "in_person",
        False,
        date(2022, 7, 4),
        date(2022, 7, 8),
        "Santiago",
        "CL",
        p1,
        everyone,
        ["renewable_energy", "water", "smart_city", "green_tech"],
        26,
        ILLUSTRATIVE,
    )
    _add_contacts(
        d,
        "GSSC-M7",
        d.sample(cl[:10], 7) + d.sample(cl[10:], 12),
        {"agreement": 1, "joint_project": 1},
        0.75,
    )
    for p in everyone:
        for sme in d.sample(catalogue[p], 3):
            d.delegation("GSSC-M7", sme, ILLUSTRATIVE)

    # Seed 000 is "the second GSSC exploratory mission": the first one, here to Cape Verde.
    d.mission(
        "GSSC-M8",
        "First exploratory mission, to Praia",
        "exploratory",
        "in_person",
        False,
        date(2022, 3, 14),
        date(2022, 3, 17),
        "Praia",
        "CV",
        p4,
        everyone,
        ["water", "renewable_energy", "smart_city"],
        19,
        ILLUSTRATIVE,
    )
    _add_contacts(
        d,
        "GSSC-M8",
        d.sample(cv[:8], 6) + d.sample(cv[8:], 7),
        {"mou": 1},
        0.75,
    )
    for p in everyone:
        for sme in d.sample(catalogue[p], 2):
            d.delegation("GSSC-M8", sme, ILLUSTRATIVE)

    return Finance(
        pid,
        layout=STANDARD_LAYOUT,
        wp_shares={"WP1": 0.12, "WP2": 0.22, "WP3": 0.46, "WP4": 0.20},
        # Travel well under plan (missions went online), subcontracting and equipment over.
        spend_factors={
            "staff": 0.96,
            "travel": 0.62,
            "subcontracting": 1.18,
            "equipment": 1.25,
            "other": 0.82,
            "indirect": 0.96,
        },
        spent_share=0.92,
        indirect=0.065,
    )


# Work packages: WP1 management, WP2 analysis and strategy, WP3 missions, WP4 dissemination.
STANDARD_LAYOUT: dict[str, dict[str, float]] = {
    "WP1": {"staff": 0.80, "travel": 0.08, "other": 0.12},
    "WP2": {"staff": 0.76, "subcontracting": 0.21, "other": 0.03},
    "WP3": {"staff": 0.49, "travel": 0.40, "equipment": 0.05, "subcontracting": 0.06},
    "WP4": {"staff": 0.60, "subcontracting": 0.21, "other": 0.19},
}


# ================================================================== SME2GO


def _sme2go(d: _Demo) -> Finance:
    pid = "SME2GO"
    start, end = date(2015, 3, 1), date(2018, 6, 30)
    d.programme(
        pid,
        "SME2GO",
        "Interreg Central Baltic 2014-2020",
        start,
        end,
        "1462380.00",
        0.75,
        "Nordic and Baltic SMEs with innovative smart-city solutions reach markets beyond the "
        "EU through matchmaking, expert advice and delegation visits.",
        SEED,
    )
    p1 = d.partner(
        pid, 1, "Västerås Science Park", "SE", "Västerås", "support_organisation", "lead", SEED
    )
    p2 = d.partner(
        pid,
        2,
        "Swedish Incubators & Science Parks",
        "SE",
        "Stockholm",
        "support_organisation",
        "partner",
        SEED,
    )
    p3 = d.partner(
        pid,
        3,
        "Estonian science park (illustrative)",
        "EE",
        "Tartu",
        "support_organisation",
        "partner",
        ILLUSTRATIVE,
    )
    p4 = d.partner(
        pid,
        4,
        "Latvian technology park (illustrative)",
        "LV",
        "Riga",
        "support_organisation",
        "partner",
        ILLUSTRATIVE,
    )
    p5 = d.partner(
        pid,
        5,
        "Finnish science park (illustrative)",
        "FI",
        "Turku",
        "support_organisation",
        "partner",
        ILLUSTRATIVE,
    )
    everyone = [p1, p2, p3, p4, p5]
    members: dict[str, list[Org]] = {}
    for i, p in enumerate(everyone):
        row = d.partners[p]
        members[p] = d.smes(row["country"], row["city"], 8, start=8 * i + 1)

    d.mission(
        "SME2GO-M1",
        "Kick-off partner meeting",
        "partner_meeting",
        "in_person",
        False,
        date(2015, 4, 21),
        date(2015, 4, 22),
        "Västerås",
        "SE",
        p1,
        everyone,
        ["smart_city"],
        11,
        ILLUSTRATIVE,
    )

    # Delegation visits and matchmaking that led to business openings in China, South Korea and
    # Botswana (seed 004); places and dates illustrative.
    trips = [
        (
            "SME2GO-M2",
            "Delegation visit to Shanghai",
            "study_visit",
            date(2016, 5, 23),
            date(2016, 5, 27),
            "Shanghai",
            "CN",
            p2,
            ["smart_city", "green_tech", "ict", "energy"],
            12,
            10,
        ),
        (
            "SME2GO-M3",
            "Smart-city matchmaking in Pangyo Techno Valley",
            "matchmaking",
            date(2017, 4, 10),
            date(2017, 4, 13),
            "Seongnam",
            "KR",
            p1,
            ["smart_city", "ict", "energy", "mobility"],
            14,
            12,
        ),
        (
            "SME2GO-M4",
            "Delegation visit to Gaborone",
            "study_visit",
            date(2017, 10, 16),
            date(2017, 10, 19),
            "Gaborone",
            "BW",
            p3,
            ["smart_city", "water", "energy", "ict"],
            10,
            8,
        ),
    ]
    cities = {"CN": ["Shanghai"], "KR": ["Seongnam", "Seoul"], "BW": ["Gaborone"]}
    for mission_id, title, mtype, s, e, city, country, organiser, sectors, n_met, n_smes in trips:
        taking_part = [p for p in everyone if p == organiser or d.rng.random() < 0.75]
        d.mission(
            mission_id,
            title,
            mtype,
            "in_person",
            False,
            s,
            e,
            city,
            country,
            organiser,
            taking_part,
            sectors,
            n_smes + 2 * len(taking_part),
            SEED,
        )
        orgs = d.pool(country, cities[country], INSTITUTIONS, 5, 1) + d.pool(
            country, cities[country], BUSINESSES, n_met - 5, 6
        )
        _add_contacts(d, mission_id, orgs, {"mou": 1, "agreement": 1}, 0.7)
        pool = [sme for p in taking_part for sme in members[p]]
        for sme in d.sample(pool, n_smes):
            d.delegation(mission_id, sme, ILLUSTRATIVE)

    # The final conference in Tartu at the turn of May and June 2018 (seed 004).
    d.mission(
        "SME2GO-M5",
        "SME2GO final conference",
        "conference",
        "in_person",
        True,
        date(2018, 5, 31),
        date(2018, 6, 1),
        "Tartu",
        "EE",
        p3,
        everyone,
        ["smart_city", "energy", "ict"],
        45,
        SEED,
    )
    d.contact(
        "SME2GO-M5",
        Org("STPC", "support_organisation", "KR", "smart_city"),
        "other",
        date(2018, 5, 31),
        "follow_up",
        SEED,
    )
    d.contact(
        "SME2GO-M5",
        Org("Sigholm", "company", "SE", "energy"),
        "other",
        date(2018, 5, 31),
        "follow_up",
        SEED,
    )
    local = d.pool("EE", ["Tartu", "Tallinn"], INSTITUTIONS, 4, 1) + d.pool(
        "FI", ["Turku", "Helsinki"], INSTITUTIONS, 2, 1
    )
    _add_contacts(d, "SME2GO-M5", local, {}, 0.6)
    for sme in d.sample([s for p in everyone for s in members[p]], 16):
        d.delegation("SME2GO-M5", sme, ILLUSTRATIVE)

    return Finance(
        pid,
        layout=STANDARD_LAYOUT,
        wp_shares={"WP1": 0.10, "WP2": 0.25, "WP3": 0.45, "WP4": 0.20},
        spend_factors={
            "staff": 1.0,
            "travel": 1.14,
            "subcontracting": 0.84,
            "equipment": 0.62,
            "other": 0.9,
            "indirect": 1.0,
        },
        spent_share=0.97,
        period_months=12,
        indirect=0.07,
    )


# ================================================================== SCTP


def _sctp(d: _Demo) -> Finance:
    pid = "SCTP"
    start, end = date(2024, 1, 1), date(2024, 12, 31)
    d.programme(
        pid,
        "SmartCityTech Partnership",
        "Partnership own funds – preparing an Interreg proposal",
        start,
        end,
        "42000.00",
        None,
        "A partnership of European smart-city clusters choosing and preparing an Interreg "
        "project: SMART with GREEN elements, policies for Big Data in smart-city management.",
        SEED,
    )
    aalborg = d.partner(pid, 1, "Aalborg Green Hub", "DK", "Aalborg", "cluster", "partner", SEED)
    gaia = d.partner(pid, 2, "GAIA", "ES", "Donostia-San Sebastián", "cluster", "partner", SEED)
    amec = d.partner(pid, 3, "AMEC", "ES", "Barcelona", "cluster", "partner", SEED)
    bayern = d.partner(
        pid, 4, "Bayern Innovativ", "DE", "Nuremberg", "support_organisation", "partner", SEED
    )
    tice = d.partner(pid, 5, "TICE.PT", "PT", "Aveiro", "cluster", "partner", SEED)
    sofia = d.partner(
        pid, 6, "Cluster Sofia – City of Knowledge", "BG", "Sofia", "cluster", "partner", SEED
    )
    scic = d.partner(pid, 7, "SCIC", "FI", "Helsinki", "cluster", "partner", SEED)
    everyone = [aalborg, gaia, amec, bayern, tice, sofia, scic]

    # Seed 002: the regular partnership meeting in Antwerp on 19 March 2024; SCIC joined remotely.
    d.mission(
        "SCTP-M1",
        "SmartCityTech Partnership meeting in Antwerp",
        "partner_meeting",
        "hybrid",
        False,
        date(2024, 3, 19),
        None,
        "Antwerp",
        "BE",
        "",
        everyone,
        ["smart_city", "green_tech", "ict"],
        12,
        SEED,
    )
    d.contact(
        "SCTP-M1",
        Org("Antwerp host organisation (illustrative)", "support_organisation", "BE", "smart_city"),
        "c2c",
        date(2024, 3, 19),
        "follow_up",
        SEED,
    )
    for p in everyone:
        row = d.partners[p]
        d.delegation("SCTP-M1", Org(row["name"], row["type"], row["country"], "smart_city"), SEED)

    # The partners agreed to look for new members from France and from the new Interreg
    # countries (seed 002): an illustrative online follow-up meeting with candidates.
    d.mission(
        "SCTP-M2",
        "Online meeting with candidate partners",
        "partner_meeting",
        "virtual",
        False,
        date(2024, 5, 14),
        None,
        "",
        "BG",
        sofia,
        everyone,
        ["smart_city", "ict"],
        14,
        ILLUSTRATIVE,
    )
    candidates = [
        ("France", "FR"),
        ("France", "FR"),
        ("Serbia", "RS"),
        ("North Macedonia", "MK"),
        ("Moldova", "MD"),
        ("Ukraine", "UA"),
    ]
    for n, (name, code) in enumerate(candidates, start=1):
        org = Org(f"Candidate smart-city cluster {n} ({name})", "cluster", code, "smart_city")
        d.contact(
            "SCTP-M2",
            org,
            "c2c",
            date(2024, 5, 14),
            d.outcome({"none": 1, "follow_up": 2}),
            ILLUSTRATIVE,
        )
    return Finance(
        pid,
        layout={
            "WP1": {"staff": 0.85, "other": 0.15},
            "WP2": {"staff": 0.80, "subcontracting": 0.20},
            "WP3": {"travel": 0.80, "other": 0.20},
            "WP4": {"staff": 0.50, "other": 0.50},
        },
        wp_shares={"WP1": 0.20, "WP2": 0.45, "WP3": 0.25, "WP4": 0.10},
        spend_factors={"staff": 0.42, "travel": 0.68, "subcontracting": 0.10, "other": 0.30},
        spent_share=0.40,
        subcontracting={
            "WP2": [
                "External expertise: Interreg proposal writing",
                "Study: Big Data policies for smart-city management",
            ]
        },
    )


# ================================================================== UCA

UCA_PRAGUE_NAMED: list[tuple[str, str, str, str, str, str]] = [
    # (organisation, org_type, country, sector, meeting_type, outcome)
    ("CzechInno", "support_organisation", "CZ", "", "institutional", "follow_up"),
    ("Czech Smart City Cluster", "cluster", "CZ", "smart_city", "c2c", "follow_up"),
    (
        "Enterprise Europe Network Czech Republic (EEN-Czech)",
        "support_organisation",
        "CZ",
        "",
        "institutional",
        "follow_up",
    ),
    (
        "Ministry of Industry and Trade of the Czech Republic",
        "public_authority",
        "CZ",
        "",
        "institutional",
        "follow_up",
    ),
    (
        "Embassy of the Czech Republic in Ukraine",
        "public_authority",
        "CZ",
        "",
        "institutional",
        "follow_up",
    ),
    ("Embassy of Ukraine in Prague", "public_authority", "UA", "", "institutional", "follow_up"),
    ("Czech Technical University in Prague", "university", "CZ", "", "b2b", "follow_up"),
    (
        "Czech Institute of Informatics, Robotics and Cybernetics (CIIRC)",
        "research",
        "CZ",
        "ict",
        "b2b",
        "follow_up",
    ),
    ("Prague Technology Centre", "support_organisation", "CZ", "", "b2b", "follow_up"),
]

CZECH_COMPANIES = (
    ("Smart-city software company", "company", "smart_city"),
    ("Energy-efficiency SME", "sme", "energy"),
    ("Building-technology SME", "sme", "construction"),
    ("E-mobility company", "company", "mobility"),
    ("Water-management SME", "sme", "water"),
    ("Urban-data start-up", "startup", "ict"),
    ("Engineering company", "company", "manufacturing"),
    ("Industrial-automation SME", "sme", "manufacturing"),
    ("Cyber-security company", "company", "cybersecurity"),
)


def _uca(d: _Demo) -> Finance:
    pid = "UCA"
    start, end = date(2023, 3, 1), date(2023, 12, 31)
    d.programme(
        pid,
        "UCA business missions to Czechia",
        "Czech Ministry of Industry and Trade",
        start,
        end,
        "86500.00",
        None,
        "Three business missions of Ukrainian clusters to Czech partners (Smart City, "
        "Smart.Industry, Cyber Security), organised by CzechInno.",
        SEED,
    )
    p1 = d.partner(pid, 1, "Ukrainian Cluster Alliance", "UA", "Kyiv", "cluster", "lead", SEED)
    p2 = d.partner(
        pid, 2, "Smart.City Resource Centre of UCA", "UA", "Dnipro", "cluster", "partner", SEED
    )
    p3 = d.partner(
        pid,
        3,
        "Ukrainian industrial cluster (illustrative)",
        "UA",
        "Kharkiv",
        "cluster",
        "partner",
        ILLUSTRATIVE,
    )
    p4 = d.partner(
        pid,
        4,
        "Ukrainian IT and cyber-security cluster (illustrative)",
        "UA",
        "Lviv",
        "cluster",
        "partner",
        ILLUSTRATIVE,
    )
    everyone = [p1, p2, p3, p4]
    ukrainians = d.pool(
        "UA",
        ["Kyiv", "Dnipro", "Kharkiv", "Lviv", "Odesa"],
        (
            ("Smart-city SME", "sme", "smart_city"),
            ("Construction company", "company", "construction"),
            ("Regional cluster", "cluster", "smart_city"),
            ("Energy SME", "sme", "energy"),
            ("Manufacturing SME", "sme", "manufacturing"),
            ("IT company", "company", "ict"),
            ("Cyber-security SME", "sme", "cybersecurity"),
            ("Urban-mobility start-up", "startup", "mobility"),
        ),
        30,
        1,
    )

    # Seed 003: the business mission to the Smart City Forum in Prague, 24-28 April 2023.
    prague = date(2023, 4, 24)
    d.mission(
        "UCA-M1",
        "Business mission to the Smart City Forum in Prague",
        "business",
        "in_person",
        False,
        prague,
        date(2023, 4, 28),
        "Prague",
        "CZ",
        p2,
        everyone,
        ["smart_city", "ict", "energy", "mobility"],
        24,
        SEED,
    )
    for name, org_type, country, sector, meeting, outcome in UCA_PRAGUE_NAMED:
        day = prague + timedelta(days=d.rng.randint(0, 4))
        d.contact("UCA-M1", Org(name, org_type, country, sector), meeting, day, outcome, SEED)
    # "Business contacts with 30+ Czech partners": 24 more, generic; 5 joint projects and 6
    # Czech partners with proposals for the Czech President's visit to Dnipro (seed).
    companies = d.pool("CZ", ["Prague", "Brno", "Ostrava", "Pilsen"], CZECH_COMPANIES[:8], 24, 1)
    outcomes = ["joint_project"] * 5 + ["mou"] * 2 + ["follow_up"] * 12 + ["none"] * 5
    d.rng.shuffle(outcomes)
    for org, outcome in zip(companies, outcomes, strict=True):
        d.contact(
            "UCA-M1",
            org,
            "b2b",
            prague + timedelta(days=d.rng.randint(0, 4)),
            outcome,
            ILLUSTRATIVE,
        )
    for org in d.sample(ukrainians, 14):
        d.delegation("UCA-M1", org, ILLUSTRATIVE)

    # The next two missions announced by seed 003: Smart.Industry in October, Cyber Security in
    # December; cities and days illustrative.
    later = [
        (
            "UCA-M2",
            "Business mission: Smart.Industry",
            date(2023, 10, 10),
            date(2023, 10, 13),
            "Brno",
            p3,
            ["manufacturing", "ict", "energy"],
            "manufacturing",
            13,
        ),
        (
            "UCA-M3",
            "Business mission: Cyber Security",
            date(2023, 12, 5),
            date(2023, 12, 7),
            "Prague",
            p4,
            ["cybersecurity", "ict"],
            "cybersecurity",
            11,
        ),
    ]
    next_number = 25
    for mission_id, title, s, e, city, organiser, sectors, focus, n_met in later:
        d.mission(
            mission_id,
            title,
            "business",
            "in_person",
            False,
            s,
            e,
            city,
            "CZ",
            organiser,
            everyone,
            sectors,
            d.rng.randint(14, 20),
            SEED,
        )
        kinds = tuple(k for k in CZECH_COMPANIES if k[2] in (focus, "ict", "energy"))
        orgs = d.pool("CZ", [city, "Prague", "Ostrava"], kinds, n_met - 2, next_number)
        next_number += n_met - 2
        orgs.insert(0, Org("CzechInno", "support_organisation", "CZ", ""))
        orgs.insert(
            1, d.pool("CZ", [city], (("Industry cluster", "cluster", focus),), 1, next_number)[0]
        )
        next_number += 1
        _add_contacts(d, mission_id, orgs, {"mou": 1}, 0.65)
        for org in d.sample([u for u in ukrainians if u.sector in (*sectors, "smart_city")], 10):
            d.delegation(mission_id, org, ILLUSTRATIVE)

    return Finance(
        pid,
        layout={
            "WP1": {"staff": 0.88, "other": 0.12},
            "WP2": {"staff": 0.66, "subcontracting": 0.34},
            "WP3": {"staff": 0.28, "travel": 0.61, "other": 0.11},
            "WP4": {"staff": 0.55, "other": 0.45},
        },
        wp_shares={"WP1": 0.10, "WP2": 0.15, "WP3": 0.65, "WP4": 0.10},
        spend_factors={
            "staff": 0.62,
            "travel": 0.86,
            "subcontracting": 0.45,
            "other": 0.55,
            "indirect": 0.62,
        },
        spent_share=0.70,
        period_months=5,
        indirect=0.09,
    )


# ================================================================== budget and expenses

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
EQUIPMENT = [
    "Laptop for online missions",
    "Video-conference equipment",
    "Portable exhibition stand",
]


def _budget(d: _Demo, f: Finance) -> list[tuple[str, str, str, Decimal]]:
    """Budget lines (partner, WP, category, amount): whole euros, the last line the remainder."""
    total = _money(d.programmes[f.programme_id]["budget_eur"])
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
        lines.append((p, wp, category, _money(amount)))
    p, wp, category, _ = weights[-1]
    lines.append((p, wp, category, total - sum(a for *_, a in lines)))
    for p, wp, category, amount in lines:
        d.add(
            "budget",
            programme_id=f.programme_id,
            partner_id=p,
            work_package=wp,
            category=category,
            amount_eur=_amount(amount),
            source=ILLUSTRATIVE,
        )
    return lines


def _split(d: _Demo, total: Decimal, parts: int) -> list[Decimal]:
    parts = max(1, min(parts, int(total // 20)))
    weights = [d.rng.uniform(0.6, 1.4) for _ in range(parts)]
    s = sum(weights)
    out = [_money(total * Decimal(str(w / s))) for w in weights[:-1]]
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
    missions: list[dict[str, str]], partner: str, wp: str, remote: set[str]
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


def _expenses(d: _Demo, f: Finance, lines: list[tuple[str, str, str, Decimal]]) -> None:
    pid = f.programme_id
    prog = d.programmes[pid]
    start, end = date.fromisoformat(prog["start_date"]), date.fromisoformat(prog["end_date"])
    wanted: dict[tuple[str, str, str], float] = {}
    for p, wp, category, amount in lines:
        factor = f.spend_factors.get(category, 0.0)
        wanted[(p, wp, category)] = float(amount) * factor * d.rng.uniform(0.94, 1.06)
    goal = float(_money(prog["budget_eur"])) * f.spent_share
    scale = goal / sum(wanted.values())
    periods = _periods(start, end, f.period_months)
    missions = [m for m in d.missions.values() if m["programme_id"] == pid]
    remote = {"SCTP-P7"}  # SCIC joined the Antwerp meeting remotely (seed 002)
    rows: list[tuple[date, str, str, str, Decimal, str, str]] = []

    def clamp(day: date) -> date:
        return min(max(day, start), end)

    def random_day(lo: date = start, hi: date = end) -> date:
        return lo + timedelta(days=d.rng.randint(0, (hi - lo).days))

    for (p, wp, category), w in wanted.items():
        spent = _money(w * scale)
        if spent <= 0:
            continue
        if category in ("staff", "indirect"):
            label = "Staff costs" if category == "staff" else "Indirect costs (flat rate)"
            for (n, last), amount in zip(periods, _split(d, spent, len(periods)), strict=False):
                text = f"{label}, reporting period {n}"
                rows.append((last, p, wp, category, amount, "", text))
        elif category == "travel":
            trips = _trips(missions, p, wp, remote)
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
    for day, p, wp, category, amount, mission_id, text in rows:
        text = text.format(country_list="/".join(countries))
        d.add(
            "expenses",
            expense_id=d.next_id(f"{pid}-E", 4),
            programme_id=pid,
            partner_id=p,
            work_package=wp,
            category=category,
            date=_iso(day),
            amount_eur=_amount(amount),
            mission_id=mission_id,
            description=text,
            source=ILLUSTRATIVE,
        )


# ================================================================== targets


def _targets(d: _Demo) -> None:
    t = d.target
    # GSSC: the catalogue's 50 SMEs, 3 target countries and the budget come from seed 001.
    t("GSSC", "missions", "8", "missions", ILLUSTRATIVE)
    t("GSSC", "events", "5", "events", ILLUSTRATIVE)
    t("GSSC", "contacts", "110", "contacts", ILLUSTRATIVE)
    t("GSSC", "organisations", "80", "organisations", ILLUSTRATIVE)
    t("GSSC", "b2b_meetings", "35", "meetings", ILLUSTRATIVE)
    t("GSSC", "c2c_meetings", "40", "meetings", ILLUSTRATIVE)
    t("GSSC", "smes_involved", "50", "SMEs", SEED)
    t("GSSC", "countries", "3", "countries", SEED)
    t("GSSC", "mous", "4", "MoUs", ILLUSTRATIVE)
    t("GSSC", "agreements", "2", "agreements", ILLUSTRATIVE)
    t("GSSC", "joint_projects", "2", "projects", ILLUSTRATIVE)
    t("GSSC", "budget_spent", "222202.62", "EUR", SEED)
    t("GSSC", "jointly developed solutions", "5", "solutions", ILLUSTRATIVE, actual="3")
    # SME2GO: Interreg output indicator codes; business openings in 3 countries (seed 004).
    t("SME2GO", "missions", "5", "missions", ILLUSTRATIVE)
    t("SME2GO", "events", "1", "events", ILLUSTRATIVE, code="RCO115")
    t("SME2GO", "contacts", "45", "contacts", ILLUSTRATIVE)
    t("SME2GO", "organisations", "40", "organisations", ILLUSTRATIVE, code="RCO87")
    t("SME2GO", "smes_involved", "35", "SMEs", ILLUSTRATIVE, code="RCO04")
    t("SME2GO", "b2b_meetings", "25", "meetings", ILLUSTRATIVE)
    t("SME2GO", "countries", "3", "countries", SEED)
    t("SME2GO", "agreements", "3", "agreements", ILLUSTRATIVE)
    t("SME2GO", "budget_spent", "1462380.00", "EUR", ILLUSTRATIVE)
    t("SME2GO", "new business openings outside the EU", "3", "markets", SEED, actual="3")
    # SCTP: the project topic was agreed at the Antwerp meeting (seed 002).
    t("SCTP", "missions", "3", "meetings", ILLUSTRATIVE)
    t("SCTP", "contacts", "10", "contacts", ILLUSTRATIVE)
    t("SCTP", "Interreg project topic agreed", "1", "decision", SEED, actual="1")
    t("SCTP", "new partnership members recruited", "2", "members", ILLUSTRATIVE, actual="1")
    t("SCTP", "budget_spent", "42000.00", "EUR", ILLUSTRATIVE)
    # UCA: 3 missions, 30+ Czech contacts and 5 joint projects (seed 003).
    t("UCA", "missions", "3", "missions", SEED)
    t("UCA", "contacts", "30", "contacts", SEED)
    t("UCA", "organisations", "40", "organisations", ILLUSTRATIVE)
    t("UCA", "joint_projects", "5", "projects", SEED)
    t("UCA", "mous", "4", "MoUs", ILLUSTRATIVE)
    t("UCA", "budget_spent", "86500.00", "EUR", ILLUSTRATIVE)
    t("UCA", "smart-city position paper", "1", "paper", SEED, actual="1")


# ================================================================== public API


def demo_tables(seed: int = 20200901) -> dict[str, list[dict[str, str]]]:
    """Every contract table as rows of strings keyed by contract column (empty string: no value)."""
    d = _Demo(seed)
    finances = [_gssc(d), _sme2go(d), _sctp(d), _uca(d)]
    for f in finances:
        _expenses(d, f, _budget(d, f))
    _targets(d)
    return d.tables


def _csv_text(table: str, rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=TABLES[table].column_names, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def write_demo_csv(folder: Path) -> None:
    """Write <table>.csv for every contract table: UTF-8, commas, LF, the same bytes each run."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for table, rows in demo_tables().items():
        (folder / f"{table}.csv").write_bytes(_csv_text(table, rows).encode("utf-8"))


if __name__ == "__main__":
    write_demo_csv(DEMO_DIR)
