"""Queries against the demo database, checked against figures computed here from the demo CSV
files with the csv module and Decimal: an independent path from the SQL under test."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from analytics import queries
from analytics.filters import Filters
from analytics.kpi import budget_summary, scoreboard
from tests.expected import expected_indicators, rows

AS_OF = date(2026, 11, 23)


FILTER_CASES = {
    "all": Filters(),
    "gssc": Filters(programmes=("GSSC",)),
    "gssc+uca": Filters(programmes=("GSSC", "UCA")),
    "vietnam": Filters(countries=("VN",)),
    "2022": Filters(start=date(2022, 1, 1), end=date(2022, 12, 31)),
    "ict": Filters(sectors=("ict",)),
    "czech smart city 2023": Filters(
        countries=("CZ",), sectors=("smart_city",), start=date(2023, 1, 1)
    ),
    "nothing": Filters(programmes=("GSSC",), countries=("CZ",)),
}


@pytest.mark.parametrize("name", list(FILTER_CASES))
def test_indicator_values_match_the_csv(con, name: str) -> None:
    filters = FILTER_CASES[name]
    got = dict(queries.indicator_values(con, filters).rows())
    assert got == expected_indicators(filters)


def test_gssc_headline_figures(con) -> None:
    values = dict(queries.indicator_values(con, Filters(programmes=("GSSC",))).rows())
    contacts = [c for c in rows("contacts") if c["mission_id"].startswith("GSSC-")]
    assert values["contacts"] == len(contacts) == 99
    assert values["countries"] == 3  # Chile, Cape Verde, Viet Nam


def test_budget_status_is_exact(con) -> None:
    status = queries.budget_status(con, Filters(programmes=("GSSC",)), AS_OF)
    row = status.row(0, named=True)
    assert row["budget"] == Decimal("222202.62")
    assert row["plan"] == Decimal("222202.62")  # the programme has ended: the plan is the budget
    spent = sum(Decimal(e["amount_eur"]) for e in rows("expenses") if e["programme_id"] == "GSSC")
    assert row["spent"] == spent == row["forecast"]
    assert row["time_share"] == 1.0


def test_budget_half_way_plan_and_forecast(con) -> None:
    as_of = date(2021, 8, 31)  # day 365 of GSSC's 730
    row = queries.budget_status(con, Filters(programmes=("GSSC",)), as_of).row(0, named=True)
    assert row["time_share"] == pytest.approx(365 / 730)
    assert row["plan"] == (Decimal("222202.62") * 365 / 730).quantize(Decimal("0.01"))
    spent = sum(
        Decimal(e["amount_eur"])
        for e in rows("expenses")
        if e["programme_id"] == "GSSC" and e["date"] <= "2021-08-31"
    )
    assert row["spent"] == spent
    assert row["forecast"] == (spent * 730 / 365).quantize(Decimal("0.01"))


@pytest.mark.parametrize("dimension", ["category", "partner", "work_package"])
def test_spend_vs_budget_sums_to_the_totals(con, dimension: str) -> None:
    frame = queries.spend_vs_budget(con, Filters(programmes=("GSSC",)), dimension, AS_OF)
    budget = sum(Decimal(b["amount_eur"]) for b in rows("budget") if b["programme_id"] == "GSSC")
    spent = sum(Decimal(e["amount_eur"]) for e in rows("expenses") if e["programme_id"] == "GSSC")
    assert sum(frame["budget"].to_list()) == budget == Decimal("222202.62")
    assert sum(frame["spent"].to_list()) == spent


def test_variances_are_flagged_beyond_ten_percent(con) -> None:
    frame = queries.spend_vs_budget(con, Filters(programmes=("GSSC",)), "category", AS_OF)
    for r in frame.iter_rows(named=True):
        share = (r["spent"] - r["plan"]) / r["plan"]
        expected = (
            "over" if share > Decimal("0.1") else "under" if share < Decimal("-0.1") else "on plan"
        )
        assert r["flag"] == expected, r


def test_cumulative_spend_ends_at_total_and_plan_at_budget(con) -> None:
    frame = queries.cumulative_spend(con, Filters(programmes=("GSSC",)), AS_OF)
    assert frame["month"][0] == date(2020, 9, 1) and frame["month"][-1] == date(2022, 8, 1)
    assert frame["plan"][-1] == Decimal("222202.62")
    spent = sum(Decimal(e["amount_eur"]) for e in rows("expenses") if e["programme_id"] == "GSSC")
    assert frame["spent"][-1] == spent


def test_contacts_over_time_accumulates_to_the_total(con) -> None:
    frame = queries.contacts_over_time(con, Filters())
    last = frame.filter(frame["day"] == frame["day"].max())
    assert last["cumulative"].sum() == len(rows("contacts"))


def test_outcome_funnel_is_cumulative(con) -> None:
    frame = queries.outcome_funnel(con, Filters())
    outcomes = Counter(c["outcome"] for c in rows("contacts"))
    order = ["follow_up", "mou", "agreement", "joint_project"]
    expected = [len(rows("contacts"))] + [sum(outcomes[o] for o in order[i:]) for i in range(4)]
    assert frame["contacts"].to_list() == expected


def test_mission_cities_aggregate_places(con) -> None:
    cities = queries.mission_cities(con, Filters())
    prague = cities.filter(cities["place"] == "Prague").row(0, named=True)
    prague_missions = {m["mission_id"] for m in rows("missions") if m["city"] == "Prague"}
    assert prague["missions"] == len(prague_missions)
    assert prague["contacts"] == sum(c["mission_id"] in prague_missions for c in rows("contacts"))
    assert cities["contacts"].sum() == len(rows("contacts"))
    # A virtual mission has no town: it sits at its country's centre, named as such.
    online = {m["country"] for m in rows("missions") if not m["city"]}
    assert "Chile (online)" in cities["place"].to_list()
    assert len(cities.filter(cities["place"].str.ends_with(" (online)"))) == len(online)


def test_contacts_by_country_and_dimension_totals(con) -> None:
    by_country = queries.contacts_by_country(con, Filters())
    assert dict(zip(by_country["country_code"], by_country["contacts"], strict=True)) == dict(
        Counter(c["country"] for c in rows("contacts"))
    )
    for dimension in queries.CONTACT_DIMENSIONS:
        frame = queries.contacts_by(con, Filters(), dimension, limit=1000)
        assert frame["contacts"].sum() == len(rows("contacts")), dimension


def test_sector_queries_cover_every_contact_with_a_sector(con) -> None:
    with_sector = [c for c in rows("contacts") if c["sector"]]
    assert queries.sector_ranking(con, Filters())["contacts"].sum() == len(with_sector)
    # The heatmap is by target country: contacts made on missions to a partner's home country
    # (a partners' meeting there) are not in it (queries.target_country).
    missions = {m["mission_id"]: m for m in rows("missions")}
    homes = {(p["programme_id"], p["country"]) for p in rows("partners")}
    abroad = [
        c
        for c in with_sector
        if (missions[c["mission_id"]]["programme_id"], missions[c["mission_id"]]["country"])
        not in homes
    ]
    assert len(abroad) < len(with_sector)  # the demo has such meetings
    assert queries.sector_country(con, Filters())["contacts"].sum() == len(abroad)
    share = queries.sector_share_by_programme(con, Filters())
    for programme in share["programme_id"].unique():
        assert share.filter(share["programme_id"] == programme)["share"].sum() == pytest.approx(1.0)


def test_scoreboard_against_targets(con) -> None:
    filters = Filters(programmes=("GSSC",))
    status = queries.budget_status(con, filters, AS_OF)
    board = scoreboard(
        queries.indicator_values(con, filters),
        queries.indicator_targets(con, filters),
        budget_summary(status),
    )
    targets = {
        t["indicator"]: Decimal(t["target"]) for t in rows("targets") if t["programme_id"] == "GSSC"
    }
    contacts = board.filter(board["indicator"] == "contacts").row(0, named=True)
    assert contacts["target"] == targets["contacts"]
    assert contacts["progress"] == pytest.approx(99 / float(targets["contacts"]))
    custom = board.filter(~board["counted"])
    assert custom.height == sum(t not in queries_counted() for t in targets)


def queries_counted() -> set[str]:
    from etl.contract import COUNTED_INDICATORS

    return set(COUNTED_INDICATORS)


def test_queries_on_an_empty_database(empty_db: Path) -> None:
    with duckdb.connect(str(empty_db), read_only=True) as empty:
        values = dict(queries.indicator_values(empty, Filters()).rows())
        assert values["contacts"] == 0 and values["budget_spent"] == 0
        assert queries.budget_status(empty, Filters(), AS_OF).is_empty()
        assert queries.mission_cities(empty, Filters()).is_empty()
        assert queries.contacts_over_time(empty, Filters()).is_empty()
        assert queries.cumulative_spend(empty, Filters(), AS_OF).is_empty()
        assert queries.outcome_funnel(empty, Filters()).is_empty()


def test_filter_values_never_reach_sql_text(con) -> None:
    hostile = Filters(programmes=("GSSC'; DROP TABLE missions; --",), sectors=("x' OR 1=1",))
    assert dict(queries.indicator_values(con, hostile).rows())["missions"] == 0
    assert queries.missions_table(con, Filters())["mission_id"].len() == len(rows("missions"))


def test_data_quality_lists_missions_without_contacts_and_states_totals(con) -> None:
    met = {c["mission_id"] for c in rows("contacts")}
    silent = sorted(m["mission_id"] for m in rows("missions") if m["mission_id"] not in met)
    assert silent, "the demo has a mission with no contact: the check must see it"
    quality = queries.data_quality(con)
    listed = quality["missions_without_contacts"]
    assert sorted(listed["mission_id"]) == silent
    assert set(listed["total_rows"]) == {len(silent)}
    assert quality["unplaced"].is_empty() and quality["expenses_without_budget"].is_empty()


def test_data_quality_lists_are_cut_at_the_limit_with_their_full_length() -> None:
    scratch = duckdb.connect()
    scratch.execute(
        "CREATE TABLE missions AS SELECT 'M' || i AS mission_id, 'P' AS programme_id, "
        "'t' AS title, DATE '2024-01-01' + i::INT AS start_date, 'X' AS city, 'FR' AS country, "
        "'country' AS location_precision, 'x' AS city_typed FROM range(5) r(i)"
    )
    scratch.execute("CREATE TABLE partners AS SELECT * FROM missions LIMIT 0")
    scratch.execute("ALTER TABLE partners RENAME mission_id TO partner_id")
    scratch.execute("CREATE TABLE contacts (mission_id VARCHAR)")
    scratch.execute(
        "CREATE TABLE expenses (programme_id VARCHAR, partner_id VARCHAR, category VARCHAR, "
        "amount_eur DECIMAL(14,2))"
    )
    scratch.execute("CREATE TABLE budget AS SELECT * FROM expenses")
    scratch.execute("CREATE TABLE countries AS SELECT 'FR' AS country, 'France' AS name")
    quality = queries.data_quality(scratch, limit=2)
    for key in ("unplaced", "missions_without_contacts"):
        assert quality[key].height == 2
        assert set(quality[key]["total_rows"]) == {5}
    assert list(quality["missions_without_contacts"]["mission_id"]) == ["M0", "M1"]
    # five missions typed 'x' and shown as 'X': one correction of five rows
    assert quality["corrected"].select("city_typed", "city", "rows").rows() == [("x", "X", 5)]
    assert set(quality["unplaced"]["country"]) == {"France"}  # by name, as people read it


@pytest.mark.parametrize(
    ("start", "end"),
    [(date(2019, 1, 1), None), (None, date(2019, 12, 31)), (date(2023, 6, 1), date(2023, 6, 30))],
)
def test_budget_counts_only_programmes_running_in_the_period(con, start, end) -> None:
    """A programme wholly outside the period is not in the Budget card, the plan or the lines:
    its budget beside a plan and spend of zero read as money unspent."""
    filters = Filters(start=start, end=end)
    running = {
        p["programme_id"]
        for p in rows("programmes")
        if (start is None or p["end_date"] >= start.isoformat())
        and (end is None or p["start_date"] <= end.isoformat())
    }
    assert running and running != {p["programme_id"] for p in rows("programmes")}
    status = queries.budget_status(con, filters, AS_OF)
    assert set(status["programme_id"]) == running
    assert sum(status["budget"]) == sum(
        Decimal(p["budget_eur"]) for p in rows("programmes") if p["programme_id"] in running
    )
    lines = queries.spend_vs_budget(con, filters, "category", AS_OF)
    assert sum(lines["budget"]) == sum(
        Decimal(b["amount_eur"]) for b in rows("budget") if b["programme_id"] in running
    )


def test_contacts_over_time_steps_at_the_real_dates(con) -> None:
    """Contacts met on 11 March show on 11 March (a step), not as a ramp from 1 February: the
    frame has one row per series at each date contacts were made, adding that date's contacts
    (issue 21). Expected per date from contacts.csv."""
    import polars as pl

    from analytics import charts

    frame = queries.contacts_over_time(con, Filters())
    per_day = Counter(date.fromisoformat(c["date"]) for c in rows("contacts"))
    assert sorted(frame["day"].unique().to_list()) == sorted(per_day)
    added = frame.group_by("day").agg(pl.col("contacts").sum())
    assert dict(added.iter_rows()) == dict(per_day)
    fig = charts.contacts_over_time(frame, {})
    assert {t.line.shape for t in fig.data} == {"hv"}
    assert fig.layout.xaxis.title.text == "Date"
    assert {date.fromisoformat(str(x)[:10]) for t in fig.data for x in t.x} == set(per_day)
