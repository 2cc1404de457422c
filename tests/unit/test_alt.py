"""Text alternatives of charts and maps: each sentence from a sample frame (tests/samples.py), its
figures worked out here by hand; an empty frame says so; on the demo database the largest values
named match counts made here from data/demo with the csv module."""

from collections import Counter
from decimal import Decimal

import duckdb
import pytest

from analytics import alt, formatting, queries
from analytics.filters import Filters
from tests import samples
from tests.expected import rows

ALTERNATIVES = {
    "contacts_over_time": (samples.contacts_over_time, lambda f: alt.contacts_over_time(f, 20)),
    "contacts_breakdown": (
        lambda: samples.contacts_by(["b", "a", "c", "d"]),
        lambda f: alt.contacts_breakdown(f, "mission"),
    ),
    "outcome_funnel": (samples.outcome_funnel, alt.outcome_funnel),
    "sector_ranking": (samples.sector_ranking, alt.sector_ranking),
    "sector_country_heatmap": (samples.sector_country, alt.sector_country_heatmap),
    "sector_share_by_programme": (samples.sector_share_by_programme, alt.sector_share_by_programme),
    "missions_timeline": (lambda: samples.missions_table(total_rows=5), alt.missions_timeline),
    "spend_vs_budget": (samples.spend_vs_budget, lambda f: alt.spend_vs_budget(f, "category")),
    "cumulative_spend": (
        samples.cumulative_spend,
        lambda f: alt.cumulative_spend(f, Decimal("3100.00")),
    ),
    "mission_places": (samples.mission_cities, alt.mission_places),
    "countries": (samples.contacts_by_country, alt.countries),
    "partner_towns": (samples.partner_towns, alt.partner_towns),
    "partner_countries": (samples.partners_by_country, alt.partner_countries),
    "budget_by_funding_programme": (
        samples.budget_by_funding_programme,
        alt.budget_by_funding_programme,
    ),
}
MAPS = ("mission_places", "countries", "partner_towns", "partner_countries")

EXPECTED = {
    "contacts_over_time": "10 contacts from Sep 2021 to Oct 2021 by GSSC (5) and UCA (5); the most "
    "in 2021 (10); 50% of the target of 20.",
    "contacts_breakdown": "23 contacts in 4 bars; the most: a (9), d (7) and b (5).",
    "outcome_funnel": "Of 200 contacts, 100 (50%) reached at least a follow-up, 20 (10%) an MoU, "
    "10 (5%) an agreement and 5 (3%) a joint project.",
    "sector_ranking": "3 sectors, 65 contacts; the most in Smart city (33) and ICT (32).",
    "sector_country_heatmap": "2 sectors in 2 target countries; the most contacts: ICT in Chile "
    "(4); busiest sector ICT (5), busiest country Chile (6).",
    "sector_share_by_programme": "Largest sector of each programme: GSSC: ICT (75%); UCA: ICT "
    "(50%).",
    "missions_timeline": "The first 2 of 5 missions from 21/10/2021 to 09/05/2022; the most in "
    "2021 (1 mission).",
    "spend_vs_budget": "3 lines: budget € 223,202.62, plan to date € 100,500.00, spent "
    "€ 120,100.11; 1 over plan: Staff; 1 under plan: Travel and accommodation; "
    "1 unbudgeted: Equipment.",
    "cumulative_spend": "By the end of Feb 2024, € 900.25 spent against € 2,000.00 planned (45%); "
    "forecast at completion € 3,100.00.",
    "mission_places": "4 mission places in 3 countries, circles sized by contacts; the most "
    "contacts at Prague, Czechia (44), Da Nang, Vietnam (20) and Hanoi, Vietnam (20).",
    "countries": "Organisations from 3 countries, darker for more contacts; the most from "
    "Czechia (56), Chile (37) and Vietnam (37).",
    "partner_towns": "4 partners in 3 towns of 3 countries, circles sized by partners; the most "
    "in Sofia, Bulgaria (2), Aalborg, Denmark (1) and Västerås, Sweden (1).",
    "partner_countries": "Partners from 3 countries, darker for more partners; the most from "
    "Ukraine (4), Spain (3) and Latvia (1).",
    "budget_by_funding_programme": "3 funding programmes, € 1,771,082.62 budgeted; the largest: "
    "A (€ 1,462,380.00), B (€ 222,202.62) and C (€ 86,500.00).",
}


def test_every_text_alternative_is_tested_here() -> None:
    """A new function of analytics.alt joins ALTERNATIVES and EXPECTED, so the tests cover it."""
    assert set(ALTERNATIVES) == set(EXPECTED) == samples.frame_builders(alt)


@pytest.mark.parametrize("name", ALTERNATIVES)
def test_summary_names_the_largest_values(name: str) -> None:
    frame, describe = ALTERNATIVES[name]
    text = describe(frame())
    assert text.summary == EXPECTED[name]
    assert text.kind == ("Map" if name in MAPS else "Chart")
    assert text.name and not text.data.is_empty()


@pytest.mark.parametrize("name", ALTERNATIVES)
def test_an_empty_frame_says_there_is_nothing(name: str) -> None:
    frame, describe = ALTERNATIVES[name]
    text = describe(frame().clear())
    assert text.summary == alt.NOTHING
    assert text.data.is_empty() and text.data.width >= 2  # headers still there


def test_the_data_behind_keeps_every_row_with_readable_headers() -> None:
    table = alt.spend_vs_budget(samples.spend_vs_budget(), "category").data
    assert table.columns == [
        "Category",
        "Budget",
        "Plan to date",
        "Spent",
        "Variance",
        "Variance %",
        "Flag",
    ]
    assert table["Spent"].to_list() == ["€ 120,000.01", "€ 100.00", "€ 0.10"]  # exact, as text
    breakdown = alt.contacts_breakdown(samples.contacts_by(["b", "a", None]), "mission").data
    assert breakdown["Mission"].to_list() == ["a", "b", "Not recorded"]
    assert breakdown["Contacts"].to_list() == [9, 5, 2]
    places = alt.mission_places(samples.mission_cities()).data
    assert places["Place"].to_list() == ["Prague", "Da Nang", "Hanoi", "Chile (online)"]


def test_listing() -> None:
    assert alt.listing([]) == ""
    assert alt.listing([("A", 5)]) == "A (5)"
    assert alt.listing([("A", 5), ("B", 3), ("C", 2), ("D", 1)]) == "A (5), B (3) and C (2)"


def test_demo_contacts_by_type_of_organisation(con: duckdb.DuckDBPyConnection) -> None:
    contacts = rows("contacts")
    counted = Counter(formatting.label(c["org_type"] or "other") for c in contacts)
    top = sorted(counted.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
    text = alt.contacts_breakdown(queries.contacts_by(con, Filters(), "org_type"), "org_type")
    assert text.summary.startswith(f"{len(contacts)} contacts in {len(counted)} bars")
    assert text.summary.endswith(alt.listing(top) + ".")
    assert dict(text.data.select("Type of organisation", "Contacts").iter_rows()) == counted


def test_demo_countries_map(con: duckdb.DuckDBPyConnection) -> None:
    contacts = rows("contacts")
    by_code = Counter(c["country"] for c in contacts)
    text = alt.countries(queries.contacts_by_country(con, Filters()))
    assert text.data["Contacts"].sum() == len(contacts)
    assert text.data.height == len(by_code)
    largest = max(by_code.values())
    assert f"({largest})" in text.summary.split("the most from ")[1].split(",")[0]
