"""SmartCityTech Partnership (own funds, 2024): clusters preparing an Interreg proposal.

Seed 002."""

from __future__ import annotations

from datetime import date
from functools import partial

from etl.demo.builder import (
    ILLUSTRATIVE,
    SEED,
    Demo,
    Finance,
    Org,
)

PROGRAMME_ID = "SCTP"


def build(d: Demo) -> Finance:
    """Programme, partners, missions, contacts and delegations; the Finance to lay out its money."""
    pid = PROGRAMME_ID
    start, end = date(2024, 1, 1), date(2024, 12, 31)
    d.programme(
        programme_id=pid,
        name="SmartCityTech Partnership",
        funding_programme="Partnership own funds – preparing an Interreg proposal",
        start=start,
        end=end,
        budget="42000.00",
        eu_share=None,
        description=(
            "A partnership of European smart-city clusters choosing and preparing an Interreg "
            "project: SMART with GREEN elements, policies for Big Data in smart-city management."
        ),
        source=SEED,
    )
    aalborg = d.partner(
        programme_id=pid,
        number=1,
        name="Aalborg Green Hub",
        country="DK",
        city="Aalborg",
        org_type="cluster",
        role="partner",
        source=SEED,
    )
    gaia = d.partner(
        programme_id=pid,
        number=2,
        name="GAIA",
        country="ES",
        city="Donostia-San Sebastián",
        org_type="cluster",
        role="partner",
        source=SEED,
    )
    amec = d.partner(
        programme_id=pid,
        number=3,
        name="AMEC",
        country="ES",
        city="Barcelona",
        org_type="cluster",
        role="partner",
        source=SEED,
    )
    bayern = d.partner(
        programme_id=pid,
        number=4,
        name="Bayern Innovativ",
        country="DE",
        city="Nuremberg",
        org_type="support_organisation",
        role="partner",
        source=SEED,
    )
    tice = d.partner(
        programme_id=pid,
        number=5,
        name="TICE.PT",
        country="PT",
        city="Aveiro",
        org_type="cluster",
        role="partner",
        source=SEED,
    )
    sofia = d.partner(
        programme_id=pid,
        number=6,
        name="Cluster Sofia – City of Knowledge",
        country="BG",
        city="Sofia",
        org_type="cluster",
        role="partner",
        source=SEED,
    )
    scic = d.partner(
        programme_id=pid,
        number=7,
        name="SCIC",
        country="FI",
        city="Helsinki",
        org_type="cluster",
        role="partner",
        source=SEED,
    )
    everyone = [aalborg, gaia, amec, bayern, tice, sofia, scic]

    # Seed 002: the regular partnership meeting in Antwerp on 19 March 2024; SCIC joined remotely.
    d.mission(
        mission_id="SCTP-M1",
        title="SmartCityTech Partnership meeting in Antwerp",
        mission_type="partner_meeting",
        mission_format="hybrid",
        public=False,
        start=date(2024, 3, 19),
        end=None,
        city="Antwerp",
        country="BE",
        organiser="",
        partners=everyone,
        sectors=["smart_city", "green_tech", "ict"],
        delegates=12,
        source=SEED,
    )
    d.contact(
        mission_id="SCTP-M1",
        org=Org(
            "Antwerp host organisation (illustrative)", "support_organisation", "BE", "smart_city"
        ),
        meeting_type="c2c",
        day=date(2024, 3, 19),
        outcome="follow_up",
        source=SEED,
    )
    for p in everyone:
        row = d.partners[p]
        d.delegation(
            mission_id="SCTP-M1",
            org=Org(row["name"], row["type"], row["country"], "smart_city"),
            source=SEED,
        )

    # The partners agreed to look for new members from France and from the new Interreg
    # countries (seed 002): an illustrative online follow-up meeting with candidates.
    d.mission(
        mission_id="SCTP-M2",
        title="Online meeting with candidate partners",
        mission_type="partner_meeting",
        mission_format="virtual",
        public=False,
        start=date(2024, 5, 14),
        end=None,
        city="",
        country="BG",
        organiser=sofia,
        partners=everyone,
        sectors=["smart_city", "ict"],
        delegates=14,
        source=ILLUSTRATIVE,
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
            mission_id="SCTP-M2",
            org=org,
            meeting_type="c2c",
            day=date(2024, 5, 14),
            outcome=d.outcome({"none": 1, "follow_up": 2}),
            source=ILLUSTRATIVE,
        )
    return Finance(
        programme_id=pid,
        remote_partners=frozenset({scic}),  # SCIC joined the Antwerp meeting remotely (seed 002)
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


def add_targets(d: Demo) -> None:
    """The targets set for SCTP; unit and source say where each comes from."""
    # SCTP: the project topic was agreed at the Antwerp meeting (seed 002).
    add = partial(d.target, programme_id=PROGRAMME_ID)
    add(indicator="missions", target="3", unit="meetings", source=ILLUSTRATIVE)
    add(indicator="contacts", target="10", unit="contacts", source=ILLUSTRATIVE)
    add(
        indicator="Interreg project topic agreed",
        target="1",
        unit="decision",
        source=SEED,
        actual="1",
    )
    add(
        indicator="new partnership members recruited",
        target="2",
        unit="members",
        source=ILLUSTRATIVE,
        actual="1",
    )
    add(indicator="budget_spent", target="42000.00", unit="EUR", source=ILLUSTRATIVE)
