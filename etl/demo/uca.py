"""UCA business missions to Czechia (2023): Ukrainian clusters meet Czech partners. Seed 003."""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial

from etl.demo.builder import (
    ILLUSTRATIVE,
    SEED,
    Demo,
    Finance,
    Org,
    add_contacts,
)

PROGRAMME_ID = "UCA"

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


def build(d: Demo) -> Finance:
    """Programme, partners, missions, contacts and delegations; the Finance to lay out its money."""
    pid = PROGRAMME_ID
    start, end = date(2023, 3, 1), date(2023, 12, 31)
    d.programme(
        programme_id=pid,
        name="UCA business missions to Czechia",
        funding_programme="Czech Ministry of Industry and Trade",
        start=start,
        end=end,
        budget="86500.00",
        eu_share=None,
        description=(
            "Three business missions of Ukrainian clusters to Czech partners (Smart City, "
            "Smart.Industry, Cyber Security), organised by CzechInno."
        ),
        source=SEED,
    )
    p1 = d.partner(
        programme_id=pid,
        number=1,
        name="Ukrainian Cluster Alliance",
        country="UA",
        city="Kyiv",
        org_type="cluster",
        role="lead",
        source=SEED,
    )
    p2 = d.partner(
        programme_id=pid,
        number=2,
        name="Smart.City Resource Centre of UCA",
        country="UA",
        city="Dnipro",
        org_type="cluster",
        role="partner",
        source=SEED,
    )
    p3 = d.partner(
        programme_id=pid,
        number=3,
        name="Ukrainian industrial cluster (illustrative)",
        country="UA",
        city="Kharkiv",
        org_type="cluster",
        role="partner",
        source=ILLUSTRATIVE,
    )
    p4 = d.partner(
        programme_id=pid,
        number=4,
        name="Ukrainian IT and cyber-security cluster (illustrative)",
        country="UA",
        city="Lviv",
        org_type="cluster",
        role="partner",
        source=ILLUSTRATIVE,
    )
    everyone = [p1, p2, p3, p4]
    ukrainians = d.pool(
        country="UA",
        cities=["Kyiv", "Dnipro", "Kharkiv", "Lviv", "Odesa"],
        kinds=(
            ("Smart-city SME", "sme", "smart_city"),
            ("Construction company", "company", "construction"),
            ("Regional cluster", "cluster", "smart_city"),
            ("Energy SME", "sme", "energy"),
            ("Manufacturing SME", "sme", "manufacturing"),
            ("IT company", "company", "ict"),
            ("Cyber-security SME", "sme", "cybersecurity"),
            ("Urban-mobility start-up", "startup", "mobility"),
        ),
        size=30,
        start=1,
    )

    # Seed 003: the business mission to the Smart City Forum in Prague, 24-28 April 2023.
    prague = date(2023, 4, 24)
    d.mission(
        mission_id="UCA-M1",
        title="Business mission to the Smart City Forum in Prague",
        mission_type="business",
        mission_format="in_person",
        public=False,
        start=prague,
        end=date(2023, 4, 28),
        city="Prague",
        country="CZ",
        organiser=p2,
        partners=everyone,
        sectors=["smart_city", "ict", "energy", "mobility"],
        delegates=24,
        source=SEED,
    )
    for name, org_type, country, sector, meeting, outcome in UCA_PRAGUE_NAMED:
        day = prague + timedelta(days=d.rng.randint(0, 4))
        d.contact(
            mission_id="UCA-M1",
            org=Org(name, org_type, country, sector),
            meeting_type=meeting,
            day=day,
            outcome=outcome,
            source=SEED,
        )
    # "Business contacts with 30+ Czech partners": 24 more, generic; 5 joint projects and 6
    # Czech partners with proposals for the Czech President's visit to Dnipro (seed).
    companies = d.pool(
        country="CZ",
        cities=["Prague", "Brno", "Ostrava", "Pilsen"],
        kinds=CZECH_COMPANIES[:8],
        size=24,
        start=1,
    )
    outcomes = ["joint_project"] * 5 + ["mou"] * 2 + ["follow_up"] * 12 + ["none"] * 5
    d.rng.shuffle(outcomes)
    for org, outcome in zip(companies, outcomes, strict=True):
        d.contact(
            mission_id="UCA-M1",
            org=org,
            meeting_type="b2b",
            day=prague + timedelta(days=d.rng.randint(0, 4)),
            outcome=outcome,
            source=ILLUSTRATIVE,
        )
    for org in d.sample(ukrainians, 14):
        d.delegation(mission_id="UCA-M1", org=org, source=ILLUSTRATIVE)

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
            mission_id=mission_id,
            title=title,
            mission_type="business",
            mission_format="in_person",
            public=False,
            start=s,
            end=e,
            city=city,
            country="CZ",
            organiser=organiser,
            partners=everyone,
            sectors=sectors,
            delegates=d.rng.randint(14, 20),
            source=SEED,
        )
        kinds = tuple(k for k in CZECH_COMPANIES if k[2] in (focus, "ict", "energy"))
        orgs = d.pool(
            country="CZ",
            cities=[city, "Prague", "Ostrava"],
            kinds=kinds,
            size=n_met - 2,
            start=next_number,
        )
        next_number += n_met - 2
        orgs.insert(0, Org("CzechInno", "support_organisation", "CZ", ""))
        orgs.insert(
            1,
            d.pool(
                country="CZ",
                cities=[city],
                kinds=(("Industry cluster", "cluster", focus),),
                size=1,
                start=next_number,
            )[0],
        )
        next_number += 1
        add_contacts(d, mission_id=mission_id, orgs=orgs, results={"mou": 1}, follow_up=0.65)
        for org in d.sample([u for u in ukrainians if u.sector in (*sectors, "smart_city")], 10):
            d.delegation(mission_id=mission_id, org=org, source=ILLUSTRATIVE)

    return Finance(
        programme_id=pid,
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


def add_targets(d: Demo) -> None:
    """The targets set for UCA; unit and source say where each comes from."""
    # UCA: 3 missions, 30+ Czech contacts and 5 joint projects (seed 003).
    add = partial(d.target, programme_id=PROGRAMME_ID)
    add(indicator="missions", target="3", unit="missions", source=SEED)
    add(indicator="contacts", target="30", unit="contacts", source=SEED)
    add(indicator="organisations", target="40", unit="organisations", source=ILLUSTRATIVE)
    add(indicator="joint_projects", target="5", unit="projects", source=SEED)
    add(indicator="mous", target="4", unit="MoUs", source=ILLUSTRATIVE)
    add(indicator="budget_spent", target="86500.00", unit="EUR", source=ILLUSTRATIVE)
    add(indicator="smart-city position paper", target="1", unit="paper", source=SEED, actual="1")
