"""Lists that grow with the portfolio are limited in SQL and say so: charts keep a dozen
programme series, the missions map a bounded number of routes, tables a page of rows with
the total stated (issue 7: responsive at scale)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from analytics import queries
from analytics.filters import Filters
from bench.generate import generate
from etl.load import load

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def demo(demo_db: Path):
    con = duckdb.connect(str(demo_db), read_only=True)
    yield con
    con.close()


def test_small_programmes_are_one_series_past_the_top(demo) -> None:
    every = queries.contacts_over_time(demo, Filters())
    assert every["programme_id"].n_unique() == 4  # the demo's programmes, none folded
    folded = queries.contacts_over_time(demo, Filters(), top=2)
    series = sorted(folded["programme_id"].unique().to_list())
    assert len(series) == 2 and series[-1] == "Other programmes (3)"
    last = folded["day"].max()
    total = lambda f: f.filter(f["day"] == last)["cumulative"].sum()  # noqa: E731
    assert total(folded) == total(every)  # folding moves contacts, never drops them


def test_sector_shares_fold_the_same_way(demo) -> None:
    every = queries.sector_share_by_programme(demo, Filters())
    folded = queries.sector_share_by_programme(demo, Filters(), top=2)
    assert folded["programme_id"].unique(maintain_order=True).to_list() == [
        "GSSC",
        "Other programmes (3)",
    ]
    assert folded["contacts"].sum() == every["contacts"].sum()
    for share in folded.group_by("programme_id").agg(pl.col("share").sum())["share"]:
        assert share == pytest.approx(1.0)


def test_arcs_and_missions_are_limited_with_their_total(demo) -> None:
    every = queries.mission_arcs(demo, Filters())
    arcs = queries.mission_arcs(demo, Filters(), limit=3)
    assert arcs.height == 3 and arcs["total_rows"][0] == every.height > 3
    assert arcs["missions"].to_list() == every["missions"].head(3).to_list()  # the busiest
    by_mission = queries.contacts_by(demo, Filters(), "mission", limit=3)
    assert by_mission.height == 3 and by_mission["total_rows"][0] > 3
    assert by_mission["key"][0].startswith(by_mission["key"][0].split(" · ")[0] + " · ")


def test_budget_lines_past_the_top_are_one_line_with_the_same_totals(demo) -> None:
    as_of = date(2026, 11, 23)
    every = queries.spend_vs_budget(demo, Filters(), "partner", as_of)
    folded = queries.spend_vs_budget(demo, Filters(), "partner", as_of, top=3)
    assert every.height > 3 and folded.height == 3
    assert folded["total_rows"].to_list() == [every.height] * 3
    assert folded["label"][-1] == f"Other partners ({every.height - 2})"
    assert folded["key"][-1] is None
    assert folded["label"].head(2).to_list() == every["label"].head(2).to_list()
    for column in ("budget", "plan", "spent", "variance"):
        assert folded[column].sum() == every[column].sum()  # exact: Decimal


@pytest.fixture(scope="module")
def portfolio_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("portfolio")
    generate(folder, 0.25, seed=3)  # 50 missions, 5,000 contacts
    db = folder / "programme.duckdb"
    load(folder, db)
    return db


@pytest.mark.parametrize(
    ("page", "stated"),
    [
        ("missions", "Showing the first 20 of 50 missions."),
        ("contacts", "Showing the 20 missions with the most contacts of 50."),
        ("missions", "most travelled of"),
        ("budget", "Showing the 2 largest budgets of 5; the other 3 are summed"),
    ],
)
def test_pages_state_the_total_of_a_limited_list(
    portfolio_db: Path, page: str, stated: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PROGRAMME_DB", str(portfolio_db))
    monkeypatch.setenv("PROGRAMME_AS_OF", "2025-06-30")
    monkeypatch.setattr(queries, "TABLE_ROWS", 20)
    monkeypatch.setattr(queries, "MAP_ARCS", 5)
    monkeypatch.setattr(queries, "BUDGET_ROWS", 3)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page(f"views/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    captions = [c.value for c in at.caption]
    assert any(stated in c for c in captions), captions
