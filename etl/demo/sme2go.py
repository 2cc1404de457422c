"""SME2GO (Interreg Central Baltic, 2015-2018): Nordic and Baltic SMEs reach markets beyond the EU.
Seed 004."""

from __future__ import annotations

from datetime import date
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

PROGRAMME_ID = "SME2GO"


def build(d: Demo) -> Finance:
    """Programme, partners, missions, contacts and delegations; the Finance to lay out its money."""
    pid = PROGRAMME_ID
    start, end = date(2015, 3, 1), date(2018, 6, 30)
    d.programme(
        programme_id=pid,
        name="SME2GO",
        funding_programme="Interreg Central Baltic 2014-2020",
        start=start,
        end=end,
        budget="1462380.00",
        eu_share=0.75,
        description=(
            "Nordic and Baltic SMEs with innovative smart-city solutions reach markets beyond the "
            "EU through matchmaking, expert advice and delegation visits."
        ),
        source=SEED,
    )
    p1 = d.partner(
        programme_id=pid,
        number=1,
        name="Västerås Science Park",
        country="SE",
        city="Västerås",
        org_type="support_organisation",
        role="lead",
        source=SEED,
    )
    p2 = d.partner(
        programme_id=pid,
        number=2,
        name="Swedish Incubators & Science Parks",
        country="SE",
        city="Stockholm",
        org_type="support_organisation",
        role="partner",
        source=SEED,
    )
    p3 = d.partner(
        programme_id=pid,
        number=3,
        name="Estonian science park (illustrative)",
        country="EE",
        city="Tartu",
        org_type="support_organisation",
        role="partner",
        source=ILLUSTRATIVE,
    )
    p4 = d.partner(
        programme_id=pid,
        number=4,
        name="Latvian technology park (illustrative)",
        country="LV",
        city="Riga",
        org_type="support_organisation",
        role="partner",
        source=ILLUSTRATIVE,
    )
    p5 = d.partner(
        programme_id=pid,
        number=5,
        name="Finnish science park (illustrative)",
        country="FI",
        city="Turku",
        org_type="support_organisation",
        role="partner",
        source=ILLUSTRATIVE,
    )
    everyone = [p1, p2, p3, p4, p5]
    members: dict[str, list[Org]] = {}
    for i, p in enumerate(everyone):
        row = d.partners[p]
        members[p] = d.smes(country=row["country"], city=row["city"], size=8, start=8 * i + 1)

    d.mission(
        mission_id="SME2GO-M1",
        title="Kick-off partner meeting",
        mission_type="partner_meeting",
        mission_format="in_person",
        public=False,
        start=date(2015, 4, 21),
        end=date(2015, 4, 22),
        city="Västerås",
        country="SE",
        organiser=p1,
        partners=everyone,
        sectors=["smart_city"],
        delegates=11,
        source=ILLUSTRATIVE,
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
            mission_id=mission_id,
            title=title,
            mission_type=mtype,
            mission_format="in_person",
            public=False,
            start=s,
            end=e,
            city=city,
            country=country,
            organiser=organiser,
            partners=taking_part,
            sectors=sectors,
            delegates=n_smes + 2 * len(taking_part),
            source=SEED,
        )
        orgs = d.pool(
            country=country, cities=cities[country], kinds=INSTITUTIONS, size=5, start=1
        ) + d.pool(
            country=country, cities=cities[country], kinds=BUSINESSES, size=n_met - 5, start=6
        )
        add_contacts(
            d, mission_id=mission_id, orgs=orgs, results={"mou": 1, "agreement": 1}, follow_up=0.7
        )
        pool = [sme for p in taking_part for sme in members[p]]
        for sme in d.sample(pool, n_smes):
            d.delegation(mission_id=mission_id, org=sme, source=ILLUSTRATIVE)

    # The final conference in Tartu at the turn of May and June 2018 (seed 004).
    d.mission(
        mission_id="SME2GO-M5",
        title="SME2GO final conference",
        mission_type="conference",
        mission_format="in_person",
        public=True,
        start=date(2018, 5, 31),
        end=date(2018, 6, 1),
        city="Tartu",
        country="EE",
        organiser=p3,
        partners=everyone,
        sectors=["smart_city", "energy", "ict"],
        delegates=45,
        source=SEED,
    )
    d.contact(
        mission_id="SME2GO-M5",
        org=Org("STPC", "support_organisation", "KR", "smart_city"),
        meeting_type="other",
        day=date(2018, 5, 31),
        outcome="follow_up",
        source=SEED,
    )
    d.contact(
        mission_id="SME2GO-M5",
        org=Org("Sigholm", "company", "SE", "energy"),
        meeting_type="other",
        day=date(2018, 5, 31),
        outcome="follow_up",
        source=SEED,
    )
    local = d.pool(
        country="EE", cities=["Tartu", "Tallinn"], kinds=INSTITUTIONS, size=4, start=1
    ) + d.pool(country="FI", cities=["Turku", "Helsinki"], kinds=INSTITUTIONS, size=2, start=1)
    add_contacts(d, mission_id="SME2GO-M5", orgs=local, results={}, follow_up=0.6)
    for sme in d.sample([s for p in everyone for s in members[p]], 16):
        d.delegation(mission_id="SME2GO-M5", org=sme, source=ILLUSTRATIVE)

    return Finance(
        programme_id=pid,
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


def add_targets(d: Demo) -> None:
    """The targets set for SME2GO; unit and source say where each comes from."""
    # SME2GO: Interreg output indicator codes; business openings in 3 countries (seed 004).
    add = partial(d.target, programme_id=PROGRAMME_ID)
    add(indicator="missions", target="5", unit="missions", source=ILLUSTRATIVE)
    add(indicator="events", target="1", unit="events", source=ILLUSTRATIVE, code="RCO115")
    add(indicator="contacts", target="45", unit="contacts", source=ILLUSTRATIVE)
    add(
        indicator="organisations",
        target="40",
        unit="organisations",
        source=ILLUSTRATIVE,
        code="RCO87",
    )
    add(indicator="smes_involved", target="35", unit="SMEs", source=ILLUSTRATIVE, code="RCO04")
    add(indicator="b2b_meetings", target="25", unit="meetings", source=ILLUSTRATIVE)
    add(indicator="countries", target="3", unit="countries", source=SEED)
    add(indicator="agreements", target="3", unit="agreements", source=ILLUSTRATIVE)
    add(indicator="budget_spent", target="1462380.00", unit="EUR", source=ILLUSTRATIVE)
    add(
        indicator="new business openings outside the EU",
        target="3",
        unit="markets",
        source=SEED,
        actual="3",
    )
