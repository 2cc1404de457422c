"""Tables fit their rows and their width (issue 21): "All missions" was a grid of 520 px with 3
rows and 11 empty ruled rows when filtered, and its last columns were past the right edge; the
Partners page's projects table too. Each table is as tall as its rows (up to a cap), and its
long texts wrap in columns of a set width."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import streamlit
from streamlit.testing.v1 import AppTest

from shell import ui
from tests.apptest import open_page


@pytest.fixture
def drawn(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, dict[str, Any]]:
    """Every st.dataframe call of a run, by its key: the arguments it was given."""
    monkeypatch.setenv("PROGRAMME_DB", str(demo_db))
    monkeypatch.setenv("PROGRAMME_AS_OF", "2026-11-23")
    calls: dict[str, dict[str, Any]] = {}
    original = streamlit.dataframe

    def spy(data: Any = None, *args: Any, **kwargs: Any) -> Any:
        calls[str(kwargs.get("key"))] = {"rows": data.num_rows, **kwargs}
        return original(data, *args, **kwargs)

    monkeypatch.setattr(streamlit, "dataframe", spy)
    return calls


def run(page: str, query: dict[str, str] | None = None) -> AppTest:
    at = open_page(page, query)
    assert not at.exception, [e.value for e in at.exception]
    return at


def fits(call: dict[str, Any]) -> None:
    row = call.get("row_height") or ui.ROW_PX
    assert call["height"] == min(ui.HEADER_PX + row * max(call["rows"], 1) + 3, ui.TABLE_MAX_PX)


@pytest.mark.parametrize("query", [{}, {"programme": "UCA"}], ids=["all", "three missions"])
def test_all_missions_fits_its_rows_and_wraps_titles(drawn, query) -> None:
    run("missions", query)
    call = drawn["t-missions"]
    fits(call)
    config = call["column_config"]
    for column in ("Title", "Sectors"):
        assert isinstance(config[column]["width"], int), config[column]
    assert call["row_height"] and call["row_height"] > 64, "titles wrap (Streamlit: > 4rem)"


def test_partners_projects_wrap_and_fit(drawn) -> None:
    run("partners")
    call = drawn["t-portfolio-programmes"]
    fits(call)
    for column in ("Name", "Funding programme"):
        assert isinstance(call["column_config"][column]["width"], int)


def test_short_texts_keep_one_line_rows() -> None:
    import polars as pl

    short = pl.DataFrame({"Title": ["Kick-off"]})
    assert ui.row_height(short, {"Title": 240}) is None
    long = pl.DataFrame({"Title": ["C2C virtual working mission: Water and renewable energy"]})
    assert ui.row_height(long, {"Title": 240}) > 64
    assert ui.table_height(3) == 35 + 3 * 35 + 3
    assert ui.table_height(500) == ui.TABLE_MAX_PX
