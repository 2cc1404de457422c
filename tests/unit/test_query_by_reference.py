"""Pages pass the query function itself to data.query (go-to-definition and renaming work); its
result is cached per function (by qualified name), database version, filters and arguments."""

from __future__ import annotations

import ast
from pathlib import Path

import polars as pl
import pytest
import streamlit as st

from analytics import queries
from analytics.filters import Filters
from shell import data

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def demo(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PROGRAMME_DB", str(demo_db))
    st.cache_resource.clear()
    yield demo_db
    st.cache_resource.clear()


def test_a_query_runs_once_per_arguments(demo: Path) -> None:
    calls: list[int] = []

    def latest(con, filters: Filters, limit: int = 5) -> pl.DataFrame:
        calls.append(limit)
        return queries.latest_missions(con, filters, limit=limit)

    first = data.query(latest, Filters(), limit=3)
    assert data.query(latest, Filters(), limit=3).equals(first)
    assert calls == [3] and first.height == 3
    data.query(latest, Filters(), limit=4)
    data.query(latest, Filters(programmes=("GSSC",)), limit=3)
    assert calls == [3, 4, 3]


def test_two_queries_with_the_same_arguments_are_two_results(demo: Path) -> None:
    ranking = data.query(queries.sector_ranking, Filters())
    by_country = data.query(queries.sector_country, Filters())
    assert ranking.columns != by_country.columns


def test_the_pages_name_no_query_by_string() -> None:
    calls = 0
    for view in (ROOT / "views").glob("*.py"):
        for node in ast.walk(ast.parse(view.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "query"
            ):
                calls += 1
                first = node.args[0]
                assert isinstance(first, ast.Attribute), f"{view.name}:{node.lineno}"
                assert callable(getattr(queries, first.attr)), f"{view.name}:{node.lineno}"
    assert calls, "the scan found none of the pages' data.query calls: it checked nothing"
