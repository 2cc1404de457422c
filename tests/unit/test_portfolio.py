"""The portfolio queries and builders: figures of a keep.eu export checked against the rows the
generator wrote (bench/keep_export.py), the funding-programme level, the map and the chart."""

from __future__ import annotations

from decimal import Decimal

import duckdb
import fastexcel
import polars as pl
import pytest

from analytics import charts, maps, queries
from analytics.filters import Filters
from bench.keep_export import write_keep_export
from etl.load import load


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> tuple[duckdb.DuckDBPyConnection, dict]:
    folder = tmp_path_factory.mktemp("keep-portfolio")
    path = folder / "keep.xlsx"
    write_keep_export(path, projects=300, partners=1200, seed=3)
    load(path, folder / "keep.duckdb")
    book = fastexcel.read_excel(path)
    sheets = {
        name: book.load_sheet(name, dtypes="string").to_polars()
        for name in ("Projects (lead partners)", "Partners")
    }
    return duckdb.connect(str(folder / "keep.duckdb"), read_only=True), sheets


def _budget(frame: pl.DataFrame) -> Decimal:
    return sum((Decimal(b.replace(",", "")) for b in frame["Budget"]), Decimal(0))


def test_budget_by_funding_programme_sums_each_programmes_projects(export) -> None:
    con, sheets = export
    projects = sheets["Projects (lead partners)"]
    got = queries.budget_by_funding_programme(con, Filters())
    assert got.height == projects["Programme"].n_unique()
    for row in got.iter_rows(named=True):
        mine = projects.filter(pl.col("Programme") == row["funding_programme"])
        assert row["projects"] == mine.height
        assert row["budget_eur"] == _budget(mine)
    assert got["budget_eur"].to_list() == sorted(got["budget_eur"].to_list(), reverse=True)


def test_a_funding_programme_narrows_every_programme_filter(export) -> None:
    con, sheets = export
    projects, partners = sheets["Projects (lead partners)"], sheets["Partners"]
    chosen = projects["Programme"][0]
    filters = Filters(funding=(chosen,))
    summary = queries.portfolio_summary(con, filters).row(0, named=True)
    assert summary["projects"] == projects.filter(pl.col("Programme") == chosen).height
    assert summary["partners"] == partners.filter(pl.col("Programme") == chosen).height
    assert summary["budget_eur"] == _budget(projects.filter(pl.col("Programme") == chosen))
    towns = queries.partner_towns(con, filters)
    assert towns["partners"].sum() == summary["partners"]
    # within the programmes chosen too; a programme of another funding programme: nothing
    other = projects.filter(pl.col("Programme") != chosen)
    ids = queries.portfolio_projects(con, Filters(funding=(chosen,)))["programme_id"].to_list()
    foreign = queries.portfolio_projects(con, Filters())
    foreign_id = foreign.filter(pl.col("funding_programme") == other["Programme"][0])[
        "programme_id"
    ][0]
    assert (
        queries.portfolio_summary(con, Filters(funding=(chosen,), programmes=(ids[0],))).item(
            0, "projects"
        )
        == 1
    )
    assert (
        queries.portfolio_summary(con, Filters(funding=(chosen,), programmes=(foreign_id,))).item(
            0, "projects"
        )
        == 0
    )


def test_partner_countries_count_every_partner(export) -> None:
    con, sheets = export
    partners = sheets["Partners"]
    got = queries.partners_by_country(con, Filters())
    wanted = (
        partners.with_columns(
            pl.col("Country code").str.split(" ").list.first().replace({"EL": "GR", "UK": "GB"})
        )
        .group_by("Country code")
        .len()
    )
    assert dict(zip(got["country_code"], got["partners"], strict=True)) == dict(
        zip(wanted["Country code"], wanted["len"], strict=True)
    )


def test_partner_map_draws_one_circle_per_town_and_greys_the_unplaced() -> None:
    towns = pl.DataFrame(
        {
            "place": ["Big", "Small", "Nowhere"],
            "country": ["A", "B", "C"],
            "latitude": [50.0, 45.0, 40.0],
            "longitude": [10.0, 12.0, 14.0],
            "partners": [100, 1, 4],
            "projects": [80, 1, 3],
            "names": [["x", "y", "z"], ["<b>s</b>"], ["n"]],
            "at_country_centre": [False, False, True],
        }
    )
    deck = maps.partner_towns_deck(towns)
    layer = next(layer for layer in deck.layers if layer.id == "places")
    rows = {r["place"]: r for r in layer.data}
    assert set(rows) == {"Big", "Small", "Nowhere"}
    assert rows["Big"]["radius"] > rows["Nowhere"]["radius"] > rows["Small"]["radius"]
    assert rows["Nowhere"]["color"] == maps.UNPLACED_RGB
    assert "country's centre" in rows["Nowhere"]["tip_body"]
    assert "100 partners · 80 projects" in rows["Big"]["tip_body"]


def test_funding_chart_draws_the_largest_and_says_of_how_many() -> None:
    frame = pl.DataFrame(
        {
            "funding_programme": [f"P{i} <i>x</i>" for i in range(30)],
            "projects": list(range(30)),
            "budget_eur": [Decimal(1000 - i) for i in range(30)],
            "eu_contribution_eur": [Decimal(500 - i) for i in range(30)],
        }
    )
    fig = charts.budget_by_funding_programme(frame, top=20)
    assert "the 20 largest of 30" in fig.layout.title.text
    assert [len(trace.y) for trace in fig.data] == [20, 20]
    assert all("<i>" not in label for label in fig.data[0].y)  # data is text, not markup
