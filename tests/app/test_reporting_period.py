"""Reporting periods (issue 23): ?period=3 in a link sets the sidebar's period and dates, and
choosing a period in the sidebar sets the dates and the link."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def demo(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PROGRAMME_DB", str(demo_db))
    return demo_db


def _date(at: AppTest, label: str) -> date:
    return next(w for w in at.sidebar.date_input if w.label == label).value


def test_a_link_with_a_period_and_the_picker_set_the_dates(demo: Path) -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["programme"] = "GSSC"
    at.query_params["period"] = "3"  # GSSC starts 2020-09-01: six-month periods from there
    at.run()
    assert not at.exception
    picker = next(w for w in at.sidebar.selectbox if w.label == "Reporting period")
    assert picker.value == 3
    assert (_date(at, "From"), _date(at, "To")) == (date(2021, 9, 1), date(2022, 2, 28))

    picker.set_value(2).run()
    assert (_date(at, "From"), _date(at, "To")) == (date(2021, 3, 1), date(2021, 8, 31))
    assert at.query_params["period"] in ("2", ["2"])
    assert "from" not in at.query_params

    next(w for w in at.sidebar.date_input if w.label == "To").set_value(date(2021, 7, 31)).run()
    assert next(w for w in at.sidebar.selectbox if w.label == "Reporting period").value is None
    assert "period" not in at.query_params and at.query_params["to"] in (
        "2021-07-31",
        ["2021-07-31"],
    )


def test_the_overview_shows_the_period_indicator_table(demo: Path) -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["programme"] = "GSSC"
    at.query_params["period"] = "4"
    at.run()
    assert not at.exception
    table = next(t for t in at.dataframe if "In the period" in t.value.columns)
    assert list(table.value.columns)[:8] == [
        "Code",
        "Indicator",
        "Official name",
        "Target",
        "Before the period",
        "In the period",
        "Cumulative",
        "% of target",
    ]
    own = table.value[table.value["Indicator"] == "Jointly developed solutions"].iloc[0]
    assert (own["Before the period"], own["In the period"], own["Cumulative"]) == ("1", "2", "3")
