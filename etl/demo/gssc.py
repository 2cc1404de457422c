"""Green Small Smart Cities (COSME, 2020-2022): five clusters take smart-city SMEs to Chile, Cape
Verde and Viet Nam. Seeds 000 and 001."""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial

from etl.demo.builder import (
    BUSINESSES,
    ILLUSTRATIVE,
    INSTITUTIONS,
    SEED,
    STANDARD_LAYOUT,
    Demo,
    Finance,
    Org,
    add_contacts,
)

PROGRAMME_ID = "GSSC"

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


def build(d: Demo) -> Finance:
    """Programme, partners, missions, contacts and delegations; the Finance to lay out its money."""
    pid = PROGRAMME_ID
    start, end = date(2020, 9, 1), date(2022, 8, 31)
    d.programme(
        programme_id=pid,
        name="Green Small Smart Cities",
        funding_programme="COSME – Cluster Go International",
        start=start,
        end=end,
        budget="222202.62",
        eu_share=0.75,
        description=(
            "Five European clusters take green smart-city solutions of their SMEs (solar energy, "
            "water, green technologies, ICT, nanotechnology) to Chile, Cape Verde and Viet Nam."
        ),
        source=SEED,
    )
    # Members: the seed says the partnership represents more than 400 entities (here 412).
    p1 = d.partner(
        programme_id=pid,
        number=1,
        name="Spanish renewable-energy cluster (illustrative)",
        country="ES",
        city="Zaragoza",
        org_type="cluster",
        role="lead",
        source=ILLUSTRATIVE,
        members=95,
    )
    p2 = d.partner(
        programme_id=pid,
        number=2,
        name="Greentech Clust-ER",
        country="IT",
        city="Bologna",
        org_type="cluster",
        role="partner",
        source=SEED,
        members=80,
    )
    p3 = d.partner(
        programme_id=pid,
        number=3,
        name="Polish smart-energy cluster (illustrative)",
        country="PL",
        city="Katowice",
        org_type="cluster",
        role="partner",
        source=ILLUSTRATIVE,
        members=78,
    )
    p4 = d.partner(
        programme_id=pid,
        number=4,
        name="Portuguese water-tech cluster (illustrative)",
        country="PT",
        city="Porto",
        org_type="cluster",
        role="partner",
        source=ILLUSTRATIVE,
        members=72,
    )
    p5 = d.partner(
        programme_id=pid,
        number=5,
        name="Bulgarian ICT and nanotech cluster (illustrative)",
        country="BG",
        city="Sofia",
        org_type="cluster",
        role="partner",
        source=ILLUSTRATIVE,
        members=87,
    )
    everyone = [p1, p2, p3, p4, p5]

    # The catalogue of 50 SMEs from the 5 partner countries (seed), 10 per partner.
    catalogue: dict[str, list[Org]] = {}
    for i, p in enumerate(everyone):
        row = d.partners[p]
        catalogue[p] = d.smes(country=row["country"], city=row["city"], size=10, start=10 * i + 1)

    cl = d.pool(
        country="CL", cities=["Santiago", "Valparaíso"], kinds=INSTITUTIONS, size=10, start=1
    ) + d.pool(country="CL", cities=["Santiago", "Valparaíso"], kinds=BUSINESSES, size=16, start=11)
    cv = d.pool(
        country="CV", cities=["Praia", "Mindelo"], kinds=INSTITUTIONS, size=8, start=1
    ) + d.pool(country="CV", cities=["Praia", "Mindelo"], kinds=BUSINESSES, size=10, start=9)
    vn = d.pool(
        country="VN",
        cities=["Hanoi", "Ho Chi Minh City", "Da Nang"],
        kinds=INSTITUTIONS,
        size=10,
        start=1,
    ) + d.pool(
        country="VN",
        cities=["Hanoi", "Ho Chi Minh City", "Da Nang"],
        kinds=BUSINESSES,
        size=8,
        start=11,
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
            mission_id=mission_id,
            title=f"C2C virtual working mission: {theme}",
            mission_type="virtual",
            mission_format="virtual",
            public=True,
            start=day,
            end=None,
            city="",
            country=country,
            organiser=organiser,
            partners=everyone,
            sectors=sectors,
            delegates=d.rng.randint(28, 46),
            source=SEED,
        )
        institutions = [
            o for o in pools[country] if o.org_type not in ("sme", "startup", "company", "investor")
        ]
        businesses = [o for o in pools[country] if o not in institutions]
        met = d.sample(institutions, d.rng.randint(5, 7)) + d.sample(
            businesses, d.rng.randint(2, 4)
        )
        add_contacts(
            d, mission_id=mission_id, orgs=met, results={}, follow_up=0.65, meeting_type="c2c"
        )
        for p in everyone:
            for sme in d.sample(catalogue[p], d.rng.randint(1, 2)):
                d.delegation(mission_id=mission_id, org=sme, source=ILLUSTRATIVE)

    # The exploratory mission to Da Nang (seed 000); five days, dates illustrative.
    da_nang_start = date(2022, 5, 9)
    d.mission(
        mission_id="GSSC-M6",
        title="Exploratory mission to Da Nang",
        mission_type="exploratory",
        mission_format="in_person",
        public=False,
        start=da_nang_start,
        end=date(2022, 5, 13),
        city="Da Nang",
        country="VN",
        organiser=p3,
        partners=everyone,
        sectors=[
            "agriculture",
            "water",
            "ict",
            "energy",
            "renewable_energy",
            "nanotechnology",
            "smart_city",
        ],
        delegates=25,  # five partners and their 15 SMEs
        source=SEED,
    )
    d.contact(
        mission_id="GSSC-M6",
        org=Org("Polish Investment & Trade Agency (PAIH)", "public_authority", "PL"),
        meeting_type="institutional",
        day=da_nang_start,
        outcome="follow_up",
        source=SEED,
    )
    for offset, day_contacts in enumerate(GSSC_DA_NANG_DAYS):
        day = da_nang_start + timedelta(days=offset)
        for name, org_type, sector, meeting, outcome in day_contacts:
            d.contact(
                mission_id="GSSC-M6",
                org=Org(name, org_type, "VN", sector),
                meeting_type=meeting,
                day=day,
                outcome=outcome,
                source=SEED,
            )
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
                    mission_id="GSSC-M6",
                    org=Org(f"{label} {n} (Da Nang)", "startup", "VN", sector),
                    meeting_type="b2b",
                    day=day,
                    outcome=d.outcome({"none": 1, "follow_up": 2}),
                    source=ILLUSTRATIVE,
                )
    for p in everyone:
        for sme in d.sample(catalogue[p], 3):
            d.delegation(mission_id="GSSC-M6", org=sme, source=ILLUSTRATIVE)

    # The next exploratory mission, to Chile, announced by seed 000: everything illustrative.
    d.mission(
        mission_id="GSSC-M7",
        title="Exploratory mission to Santiago",
        mission_type="exploratory",
        mission_format="in_person",
        public=False,
        start=date(2022, 7, 4),
        end=date(2022, 7, 8),
        city="Santiago",
        country="CL",
        organiser=p1,
        partners=everyone,
        sectors=["renewable_energy", "water", "smart_city", "green_tech"],
        delegates=26,
        source=ILLUSTRATIVE,
    )
    add_contacts(
        d,
        mission_id="GSSC-M7",
        orgs=d.sample(cl[:10], 7) + d.sample(cl[10:], 12),
        results={"agreement": 1, "joint_project": 1},
        follow_up=0.75,
    )
    for p in everyone:
        for sme in d.sample(catalogue[p], 3):
            d.delegation(mission_id="GSSC-M7", org=sme, source=ILLUSTRATIVE)

    # Seed 000 is "the second GSSC exploratory mission": the first one, here to Cape Verde.
    d.mission(
        mission_id="GSSC-M8",
        title="First exploratory mission, to Praia",
        mission_type="exploratory",
        mission_format="in_person",
        public=False,
        start=date(2022, 3, 14),
        end=date(2022, 3, 17),
        city="Praia",
        country="CV",
        organiser=p4,
        partners=everyone,
        sectors=["water", "renewable_energy", "smart_city"],
        delegates=19,
        source=ILLUSTRATIVE,
    )
    add_contacts(
        d,
        mission_id="GSSC-M8",
        orgs=d.sample(cv[:8], 6) + d.sample(cv[8:], 7),
        results={"mou": 1},
        follow_up=0.75,
    )
    for p in everyone:
        for sme in d.sample(catalogue[p], 2):
            d.delegation(mission_id="GSSC-M8", org=sme, source=ILLUSTRATIVE)

    return Finance(
        programme_id=pid,
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


def add_targets(d: Demo) -> None:
    """The targets set for GSSC; unit and source say where each comes from."""
    # GSSC: the catalogue's 50 SMEs, 3 target countries and the budget come from seed 001.
    add = partial(d.target, programme_id=PROGRAMME_ID)
    add(indicator="missions", target="8", unit="missions", source=ILLUSTRATIVE)
    add(indicator="events", target="5", unit="events", source=ILLUSTRATIVE)
    add(indicator="contacts", target="110", unit="contacts", source=ILLUSTRATIVE)
    add(indicator="organisations", target="80", unit="organisations", source=ILLUSTRATIVE)
    add(indicator="b2b_meetings", target="35", unit="meetings", source=ILLUSTRATIVE)
    add(indicator="c2c_meetings", target="40", unit="meetings", source=ILLUSTRATIVE)
    add(indicator="smes_involved", target="50", unit="SMEs", source=SEED)
    add(indicator="countries", target="3", unit="countries", source=SEED)
    add(indicator="mous", target="4", unit="MoUs", source=ILLUSTRATIVE)
    add(indicator="agreements", target="2", unit="agreements", source=ILLUSTRATIVE)
    add(indicator="joint_projects", target="2", unit="projects", source=ILLUSTRATIVE)
    add(indicator="budget_spent", target="222202.62", unit="EUR", source=SEED)
    add(
        indicator="jointly developed solutions",
        target="5",
        unit="solutions",
        source=ILLUSTRATIVE,
        actual="3",
    )
    # achieved by reporting period (six months from the start): 1 in the third, 2 in the fourth
    for period, value in (("3", "1"), ("4", "2")):
        d.add(
            "achievements",
            programme_id="GSSC",
            indicator="jointly developed solutions",
            period=period,
            value=value,
            source=ILLUSTRATIVE,
        )
