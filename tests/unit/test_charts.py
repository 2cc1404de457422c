"""Chart builders: the sample frames of tests/samples.py (each with its query's schema) give the
figure they should, an empty frame gives the "No data" figure, and on the demo database each
chart's totals equal sums computed here from data/demo with the csv module, independently of the
loader and the queries."""

import ast
import math
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import duckdb
import plotly.graph_objects as go
import plotly.io as pio
import polars as pl
import pytest

from analytics import charts, formatting, palette, queries
from analytics.filters import Filters
from tests import samples
from tests.expected import rows

AS_OF = date(2026, 11, 23)
COLOURS = palette.programme_colours(["SME2GO", "GSSC", "UCA", "SCTP"])
DAY_MS = 86_400_000

# Every frame builder: name -> (its sample frame, how to draw it with extra keyword arguments).
BUILDERS: dict[str, tuple[Callable[[], pl.DataFrame], Callable[..., go.Figure]]] = {
    "contacts_over_time": (
        samples.contacts_over_time,
        lambda f, **kw: charts.contacts_over_time(f, COLOURS, target=110, **kw),
    ),
    "contacts_breakdown": (
        lambda: samples.contacts_by(["company", "sme", "other"]),
        lambda f, **kw: charts.contacts_breakdown(f, "org_type", **kw),
    ),
    "outcome_funnel": (samples.outcome_funnel, charts.outcome_funnel),
    "sector_ranking": (samples.sector_ranking, charts.sector_ranking),
    "sector_country_heatmap": (samples.sector_country, charts.sector_country_heatmap),
    "sector_share_by_programme": (
        samples.sector_share_by_programme,
        charts.sector_share_by_programme,
    ),
    "missions_timeline": (
        samples.missions_table,
        lambda f, **kw: charts.missions_timeline(f, COLOURS, **kw),
    ),
    "spend_vs_budget": (
        samples.spend_vs_budget,
        lambda f, **kw: charts.spend_vs_budget(f, "category", **kw),
    ),
    "cumulative_spend": (
        samples.cumulative_spend,
        lambda f, **kw: charts.cumulative_spend(f, Decimal("3100.00"), **kw),
    ),
    "budget_by_funding_programme": (
        samples.budget_by_funding_programme,
        charts.budget_by_funding_programme,
    ),
}


def _texts(fig: go.Figure) -> list[str]:
    return [a.text for a in fig.layout.annotations]


def _assert_no_data(fig: go.Figure) -> None:
    assert len(fig.data) == 0
    assert charts.NO_DATA in _texts(fig)
    no_data = next(a for a in fig.layout.annotations if a.text == charts.NO_DATA)
    assert (no_data.x, no_data.y, no_data.xref, no_data.yref) == (0.5, 0.5, "paper", "paper")


def _hovers(trace: go.Bar | go.Scatter | go.Funnel) -> list[str]:
    return list(trace.hovertext)


# ---------------------------------------------------------------- every builder


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_empty_frame_gives_no_data_figure(name: str) -> None:
    sample, build = BUILDERS[name]
    frame = sample().head(0)
    assert frame.is_empty() and frame.schema == sample().schema
    fig = build(frame)
    _assert_no_data(fig)
    assert fig.layout.title.text


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_report_conventions(name: str) -> None:
    sample, build = BUILDERS[name]
    fig = build(sample(), source="Demo database, 2026-11-23")
    assert len(fig.data) > 0
    assert fig.layout.title.text
    assert fig.layout.template == pio.templates["plotly_white"]
    assert fig.layout.font.family == "Source Sans Pro, sans-serif"
    assert fig.layout.margin.l <= 20 and fig.layout.margin.r <= 30
    if fig.layout.showlegend:
        assert fig.layout.legend.orientation == "h"
        assert fig.layout.legend.yanchor == "top" and fig.layout.legend.y > 0.8
    caption = next(a for a in fig.layout.annotations if a.text.startswith("Source: "))
    assert caption.text == "Source: Demo database, 2026-11-23"
    assert (caption.x, caption.xanchor, caption.yanchor) == (0, "left", "top")
    assert caption.yshift < 0  # below the plot area
    # Without a source there is no caption.
    assert not any(t.startswith("Source") for t in _texts(build(sample())))


def test_every_chart_builder_is_tested_here() -> None:
    """A new builder of analytics.charts joins BUILDERS, so the tests above cover it."""
    assert set(BUILDERS) == samples.frame_builders(charts)


def test_empty_figure_helper() -> None:
    fig = charts.empty_figure("Contacts", "Nothing here", source="Demo")
    assert len(fig.data) == 0
    assert fig.layout.title.text == "Contacts"
    assert _texts(fig) == ["Nothing here", "Source: Demo"]
    _assert_no_data(charts.empty_figure("Contacts"))


def test_module_is_pure() -> None:
    """No Streamlit, no database, no file access in the builders."""
    tree = ast.parse(Path(charts.__file__).read_text(encoding="utf-8"))
    modules: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules |= {node.module} | {f"{node.module}.{a.name}" for a in node.names}
    assert {m.split(".")[0] for m in modules}.isdisjoint({"streamlit", "duckdb", "pathlib", "os"})
    assert modules.isdisjoint({"analytics.db", "analytics.queries"})
    calls = {n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call) and hasattr(n.func, "id")}
    assert "open" not in calls


# ---------------------------------------------------------------- each builder, hand-made frames


def test_contacts_over_time_stacks_programmes_in_their_colours() -> None:
    frame = samples.contacts_over_time()
    fig = charts.contacts_over_time(frame, COLOURS, target=110)
    assert [t.type for t in fig.data] == ["scatter", "scatter"]
    assert [t.name for t in fig.data] == ["GSSC", "UCA"]  # palette order, not alphabetical
    for trace in fig.data:
        part = frame.filter(pl.col("programme_id") == trace.name)
        assert list(trace.x) == part["day"].to_list()
        assert list(trace.y) == part["cumulative"].to_list()
        assert trace.stackgroup == "contacts"
        assert trace.line.color == COLOURS[trace.name]
    assert "New that day: 5" in _hovers(fig.data[1])[1]
    (line,) = fig.layout.shapes
    assert line.y0 == line.y1 == 110
    assert line.line.dash == "dash"
    assert "Target 110" in _texts(fig)
    assert fig.layout.yaxis.title.text == "Contacts"


def test_contacts_over_time_without_target_has_no_line() -> None:
    fig = charts.contacts_over_time(samples.contacts_over_time(), COLOURS)
    assert len(fig.layout.shapes) == 0
    assert not any(t.startswith("Target") for t in _texts(fig))
    fig = charts.contacts_over_time(samples.contacts_over_time(), COLOURS, target=12.5)
    assert "Target 12.5" in _texts(fig)


def test_contacts_breakdown_vocabulary_labels_colours_and_order() -> None:
    fig = charts.contacts_breakdown(samples.contacts_by(["company", "sme", "other"]), "org_type")
    (bar,) = fig.data
    assert bar.type == "bar" and bar.orientation == "h"
    assert list(bar.x) == [9, 5, 2]  # sorted descending
    assert list(bar.y) == ["SME", "Company", "Other"]
    colours = palette.vocabulary_colours("org_type")
    assert list(bar.marker.color) == [colours["sme"], colours["company"], colours["other"]]
    assert "Organisations: 8" in _hovers(bar)[0]
    assert fig.layout.xaxis.title.text == "Contacts"
    assert fig.layout.yaxis.autorange == "reversed"  # largest at the top


def test_contacts_breakdown_other_dimensions() -> None:
    fig = charts.contacts_breakdown(
        samples.contacts_by(["CZ", "CL"]), "country", COLOURS, names={"CZ": "Czechia"}
    )
    (bar,) = fig.data
    assert list(bar.y) == ["CL", "Czechia"]  # a name where one is given, the key otherwise
    assert list(bar.marker.color) == [palette.ACCENT] * 2
    fig = charts.contacts_breakdown(
        samples.contacts_by(["GSSC", "UCA"], ["GSSC", "UCA"]), "programme", COLOURS
    )
    (bar,) = fig.data
    assert list(bar.y) == ["UCA", "GSSC"]
    assert list(bar.marker.color) == [COLOURS["UCA"], COLOURS["GSSC"]]
    fig = charts.contacts_breakdown(samples.contacts_by(["not recorded", "b2b"]), "meeting_type")
    assert list(fig.data[0].y) == ["B2B", "Not recorded"]
    assert fig.data[0].marker.color[1] == palette.vocabulary_colours("meeting_type")["not recorded"]


def test_outcome_funnel_stages_and_shares() -> None:
    fig = charts.outcome_funnel(samples.outcome_funnel())
    (funnel,) = fig.data
    assert funnel.type == "funnel"
    assert list(funnel.y) == ["Contacts", "Follow-up", "MoU", "Agreement", "Joint project"]
    assert list(funnel.x) == [200, 100, 20, 10, 5]
    assert list(funnel.text) == [
        "200 (100%)",
        "100 (50%)",
        "20 (10%)",
        "10 (5%)",
        "5 (3%)",
    ]
    assert funnel.marker.color[2] == palette.vocabulary_colours("outcome")["mou"]


def test_outcome_funnel_with_no_contacts_is_no_data() -> None:
    # The query returns all five stages even when the filters match nothing.
    _assert_no_data(charts.outcome_funnel(samples.outcome_funnel((0, 0, 0, 0, 0))))


def test_sector_ranking_bars_in_sector_colours() -> None:
    fig = charts.sector_ranking(samples.sector_ranking())
    (bar,) = fig.data
    assert bar.type == "bar" and bar.orientation == "h"
    assert list(bar.x) == [33, 32, 0]
    assert list(bar.y) == ["Smart city", "ICT", "Nanotechnology"]
    colours = palette.vocabulary_colours("sector")
    assert list(bar.marker.color) == [colours[s] for s in ("smart_city", "ict", "nanotechnology")]
    assert "Organisations: 30" in _hovers(bar)[1] and "Missions: 12" in _hovers(bar)[1]
    assert "Missions: 2" in _hovers(bar)[2]  # a sector with missions but no contacts stays
    assert list(bar.text) == ["33", "32", "0 · targeted by 2 missions"]  # and says why it is 0


def test_sector_country_heatmap_matrix() -> None:
    fig = charts.sector_country_heatmap(samples.sector_country())
    (heat,) = fig.data
    assert heat.type == "heatmap"
    assert list(heat.y) == ["ICT", "Water"]
    assert list(heat.x) == ["Chile", "Vietnam"]
    assert [list(row) for row in heat.z] == [[4, 1], [2, None]]  # zero cell blank
    assert [list(row) for row in heat.text] == [["4", "1"], ["2", ""]]
    assert [c for _, c in heat.colorscale] == palette.SEQUENTIAL
    assert heat.zmin == 0
    assert fig.layout.xaxis.title.text == "Target country"


def test_sector_share_by_programme_is_100_percent_stacked() -> None:
    fig = charts.sector_share_by_programme(samples.sector_share_by_programme())
    assert fig.layout.barmode == "stack"
    assert [t.name for t in fig.data] == ["ICT", "Water", "Not recorded"]  # one per sector
    colours = palette.vocabulary_colours("sector")
    assert [t.marker.color for t in fig.data] == [
        colours["ict"],
        colours["water"],
        colours["not recorded"],
    ]
    ict = fig.data[0]
    assert ict.orientation == "h"
    assert list(ict.y) == ["GSSC", "UCA"] and list(ict.x) == [0.75, 0.5]
    totals: Counter[str] = Counter()
    for trace in fig.data:
        for programme, share in zip(trace.y, trace.x, strict=True):
            totals[programme] += share
    assert totals == {"GSSC": 1.0, "UCA": 1.0}
    assert list(fig.layout.yaxis.categoryarray) == ["GSSC", "UCA"]


def test_missions_timeline_one_row_per_mission() -> None:
    fig = charts.missions_timeline(samples.missions_table(), COLOURS)
    (bar,) = fig.data
    assert bar.type == "bar" and bar.orientation == "h"
    assert bar.name == "GSSC" and bar.marker.color == COLOURS["GSSC"]
    assert list(bar.y) == ["GSSC-M3", "GSSC-M6"]  # by start date
    assert list(bar.base) == ["2021-10-21", "2022-05-09"]
    assert list(bar.x) == [1 * DAY_MS, 5 * DAY_MS]  # a one-day mission is a day long
    assert fig.layout.xaxis.type == "date"
    hover = _hovers(bar)
    assert "C2C virtual working mission" in hover[0] and "21/10/2021" in hover[0]
    assert "09/05/2022 – 13/05/2022" in hover[1]
    assert "Da Nang, Vietnam" in hover[1] and "Contacts: 20" in hover[1]


def test_missions_timeline_says_when_rows_were_cut() -> None:
    fig = charts.missions_timeline(
        samples.missions_table(total_rows=1500), COLOURS, title="Missions"
    )
    assert fig.layout.title.text == "Missions (first 2 of 1,500)"


def test_spend_vs_budget_bars_flags_and_exact_money() -> None:
    frame = samples.spend_vs_budget()
    fig = charts.spend_vs_budget(frame, "category")
    assert [t.name for t in fig.data] == [
        "Budget",
        "Plan to date",
        "Spent, under plan",
        "Spent, over plan",
        "Spent, unbudgeted",
    ]
    assert all(t.type == "bar" and t.orientation == "h" for t in fig.data)
    assert fig.layout.barmode == "group"
    budget, plan, *spent = fig.data
    assert list(budget.y) == ["Staff", "Travel and accommodation", "Equipment"]
    assert list(budget.x) == [222202.62, 1000.0, 0.0]
    assert list(plan.x) == [100000.0, 500.0, 0.0]
    by_flag = {t.name.removeprefix("Spent, "): t for t in spent}
    assert list(by_flag["over plan"].x) == [120000.01]
    assert list(by_flag["over plan"].y) == ["Staff"]
    assert by_flag["over plan"].marker.color == palette.STATUS["over"]
    assert by_flag["under plan"].marker.color == palette.STATUS["under"]
    assert by_flag["unbudgeted"].marker.color == palette.STATUS["unbudgeted"]
    assert {t.offsetgroup for t in spent} == {"spent"}  # one slot per label, however flagged
    # Not by colour alone: each line off plan says how, beside its bar.
    assert list(by_flag["over plan"].text) == ["▲ 20% over plan"]
    assert list(by_flag["under plan"].text) == ["▼ 80% under plan"]
    assert list(by_flag["unbudgeted"].text) == ["● unbudgeted"]
    staff = _hovers(budget)[0]
    assert "€ 222,202.62" in staff
    assert "€ 120,000.01" in staff and "€ 20,000.01" in staff and "+20%" in staff
    assert "€ 0.10" in _hovers(by_flag["unbudgeted"])[0]
    assert fig.layout.xaxis.title.text == "EUR"


def test_spend_vs_budget_keeps_partner_names_and_separates_duplicates() -> None:
    frame = samples.spend_vs_budget().with_columns(
        pl.Series("key", ["P1", "P2", "P3"]), pl.Series("label", ["Same name", "Same name", "X"])
    )
    fig = charts.spend_vs_budget(frame, "partner")
    assert list(fig.data[0].y) == ["Same name (P1)", "Same name (P2)", "X (P3)"]
    assert fig.layout.title.text == "Budget, plan to date and spending by partner"


def test_cumulative_spend_lines_and_forecast() -> None:
    fig = charts.cumulative_spend(samples.cumulative_spend(), forecast=Decimal("3100.00"))
    plan, spent, forecast = fig.data
    assert [t.type for t in fig.data] == ["scatter"] * 3
    assert list(plan.y) == [1000.0, 2000.0, 3000.0] and plan.line.dash == "dash"
    assert list(spent.y) == [400.5, 900.25, None]  # nothing after the as-of date
    assert list(spent.x) == samples.cumulative_spend()["month"].to_list()
    assert spent.line.color == palette.ACCENT
    assert list(forecast.x) == [date(2024, 2, 1), date(2024, 3, 1)]
    assert list(forecast.y) == [900.25, 3100.0] and forecast.line.dash == "dot"
    assert "€ 3,100.00" in _hovers(forecast)[-1]
    assert "€ 900.25" in _hovers(spent)[1]
    assert fig.layout.yaxis.title.text == "EUR"
    assert len(charts.cumulative_spend(samples.cumulative_spend()).data) == 2


# ---------------------------------------------------------------- the demo database, against CSV


@pytest.fixture(scope="module")
def colours(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return palette.programme_colours(queries.filter_options(con)["programmes"]["programme_id"])


def _programme_of_contact() -> list[str]:
    programme = {m["mission_id"]: m["programme_id"] for m in rows("missions")}
    return [programme[c["mission_id"]] for c in rows("contacts")]


def test_demo_contacts_over_time(con: duckdb.DuckDBPyConnection, colours: dict[str, str]) -> None:
    fig = charts.contacts_over_time(queries.contacts_over_time(con, Filters()), colours, 300)
    last = {t.name: t.y[-1] for t in fig.data}
    assert sum(last.values()) == len(rows("contacts"))
    assert last == Counter(_programme_of_contact())


def test_demo_contacts_breakdown(con: duckdb.DuckDBPyConnection) -> None:
    fig = charts.contacts_breakdown(queries.contacts_by(con, Filters(), "org_type"), "org_type")
    expected = Counter(formatting.label(c["org_type"] or "other") for c in rows("contacts"))
    assert dict(zip(fig.data[0].y, fig.data[0].x, strict=True)) == expected
    assert sum(fig.data[0].x) == len(rows("contacts"))


def test_demo_outcome_funnel(con: duckdb.DuckDBPyConnection) -> None:
    fig = charts.outcome_funnel(queries.outcome_funnel(con, Filters()))
    outcomes = [c["outcome"] for c in rows("contacts")]
    stages = list(queries.OUTCOME_STAGES)
    expected = [
        sum(1 for o in outcomes if (stages.index(o) if o in stages else 0) >= rank)
        for rank in range(len(stages))
    ]
    assert list(fig.data[0].x) == expected
    assert fig.data[0].x[0] == len(rows("contacts"))


def test_demo_sector_ranking(con: duckdb.DuckDBPyConnection) -> None:
    fig = charts.sector_ranking(queries.sector_ranking(con, Filters()))
    expected = Counter(formatting.label(c["sector"]) for c in rows("contacts") if c["sector"])
    bars = dict(zip(fig.data[0].y, fig.data[0].x, strict=True))
    assert {k: v for k, v in bars.items() if v} == expected
    assert sum(fig.data[0].x) == sum(1 for c in rows("contacts") if c["sector"])


def test_demo_sector_country_heatmap(con: duckdb.DuckDBPyConnection) -> None:
    fig = charts.sector_country_heatmap(queries.sector_country(con, Filters()))
    (heat,) = fig.data
    # By target country: not the missions to a country where the programme has a partner.
    homes = {(p["programme_id"], p["country"]) for p in rows("partners")}
    abroad = {
        m["mission_id"] for m in rows("missions") if (m["programme_id"], m["country"]) not in homes
    }
    with_sector = [c for c in rows("contacts") if c["sector"] and c["mission_id"] in abroad]
    assert sum(n for row in heat.z for n in row if n is not None) == len(with_sector)
    country = {m["mission_id"]: m["country"] for m in rows("missions")}
    assert len(heat.x) == len({country[c["mission_id"]] for c in with_sector})
    assert len(heat.y) == len({c["sector"] for c in with_sector})


def test_demo_sector_share_by_programme(con: duckdb.DuckDBPyConnection) -> None:
    fig = charts.sector_share_by_programme(queries.sector_share_by_programme(con, Filters()))
    totals: Counter[str] = Counter()
    for trace in fig.data:
        for programme, share in zip(trace.y, trace.x, strict=True):
            totals[programme] += share
    per_programme = Counter(_programme_of_contact())
    assert set(totals) == set(per_programme)
    assert all(math.isclose(v, 1.0) for v in totals.values())
    unrecorded = Counter(
        p for p, c in zip(_programme_of_contact(), rows("contacts"), strict=True) if not c["sector"]
    )
    trace = next(t for t in fig.data if t.name == "Not recorded")
    for programme, share in zip(trace.y, trace.x, strict=True):
        assert math.isclose(share, unrecorded[programme] / per_programme[programme])


def test_demo_missions_timeline(con: duckdb.DuckDBPyConnection, colours: dict[str, str]) -> None:
    fig = charts.missions_timeline(queries.missions_table(con, Filters()), colours)
    missions = rows("missions")
    assert sum(len(t.y) for t in fig.data) == len(missions)
    days = sum(
        (date.fromisoformat(m["end_date"] or m["start_date"]) - date.fromisoformat(m["start_date"]))
        / timedelta(days=1)
        + 1
        for m in missions
    )
    assert sum(x for t in fig.data for x in t.x) == days * DAY_MS
    for trace in fig.data:
        assert trace.marker.color == colours[trace.name]


def test_demo_spend_vs_budget(con: duckdb.DuckDBPyConnection) -> None:
    fig = charts.spend_vs_budget(
        queries.spend_vs_budget(con, Filters(), "category", AS_OF), "category"
    )
    budget: dict[str, Decimal] = {}
    for line in rows("budget"):
        key = formatting.label(line["category"])
        budget[key] = budget.get(key, Decimal(0)) + Decimal(line["amount_eur"])
    spent: dict[str, Decimal] = {}
    for line in rows("expenses"):
        key = formatting.label(line["category"])
        spent[key] = spent.get(key, Decimal(0)) + Decimal(line["amount_eur"])
    budget_trace = fig.data[0]
    for label, hover in zip(budget_trace.y, _hovers(budget_trace), strict=True):
        assert f"Budget: {formatting.money(budget[label])}" in hover
        assert f"Spent: {formatting.money(spent[label])}" in hover
    assert math.isclose(sum(budget_trace.x), float(sum(budget.values())))
    spent_total = sum(x for t in fig.data[2:] for x in t.x)
    assert math.isclose(spent_total, float(sum(spent.values())))


def test_demo_cumulative_spend(con: duckdb.DuckDBPyConnection) -> None:
    status = queries.budget_status(con, Filters(), AS_OF)
    fig = charts.cumulative_spend(
        queries.cumulative_spend(con, Filters(), AS_OF), forecast=sum(status["forecast"])
    )
    plan, spent, forecast = fig.data
    total_budget = sum(Decimal(p["budget_eur"]) for p in rows("programmes"))
    total_spent = sum(Decimal(e["amount_eur"]) for e in rows("expenses"))
    assert formatting.money(total_budget) in _hovers(plan)[-1]
    assert formatting.money(total_spent) in _hovers(spent)[-1]
    assert math.isclose(plan.y[-1], float(total_budget))
    assert math.isclose(spent.y[-1], float(total_spent))
    assert math.isclose(forecast.y[-1], float(total_spent))  # every programme has ended
