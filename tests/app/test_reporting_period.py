"""Reporting periods (issue 23): ?period=3 in a link sets the sidebar's period and dates, and
choosing a period in the sidebar sets the dates and the link."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest import open_page


@pytest.fixture
def demo(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PROGRAMME_DB", str(demo_db))
    return demo_db


def _date(at: AppTest, label: str) -> date:
    return next(w for w in at.sidebar.date_input if w.label == label).value


def test_a_link_with_a_period_and_the_picker_set_the_dates(demo: Path) -> None:
    # GSSC starts 2020-09-01: six-month periods from there
    at = open_page("overview", {"programme": "GSSC", "period": "3"})
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
    at = open_page("overview", {"programme": "GSSC", "period": "4"})
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
    # The line above the table says the same, not the total recorded in targets alone.
    reported = [c.value for c in at.caption if "Reported by the project" in c.value]
    assert len(reported) == 1
    assert (
        "Jointly developed solutions: 1 before the period, 2 in the period, 3 cumulative of 5"
        in reported[0].replace("\\", "")
    )


def test_the_budget_page_lists_the_expenditure_of_the_period(demo: Path) -> None:
    at = open_page("budget", {"programme": "GSSC", "period": "3"})
    assert not at.exception, [e.value for e in at.exception]
    assert "List of expenditure" in [h.value for h in at.subheader]
    listed = next(t.value for t in at.dataframe if "Invoice reference" in t.value.columns)
    assert list(listed.columns)[:5] == [
        "Date",
        "Partner",
        "Category",
        "Amount",
        "Invoice reference",
    ]
    days = [datetime.strptime(d, "%d/%m/%Y").date() for d in listed["Date"]]  # the default format
    assert min(days) >= date(2021, 9, 1) and max(days) <= date(2022, 2, 28)


def test_with_a_period_the_cards_say_what_the_table_says(demo: Path) -> None:
    """A card gives what the period adds and, under it, the cumulative figure and its share of
    the target, the figures of the indicator table's row (not a count within the period's dates
    beside a whole programme's target: organisations met again counted a second time)."""
    at = open_page("overview", {"programme": "GSSC", "period": "4"})
    assert not at.exception
    table = next(t for t in at.dataframe if "In the period" in t.value.columns).value
    rows = {r["Indicator"]: r for _, r in table.iterrows()}
    captions = [c.value.replace("\\", "") for c in at.caption]
    cards = {m.label: m.value for m in at.metric if m.label in rows}
    assert len(cards) >= 11
    for label, value in cards.items():
        if label == "Budget spent":
            continue
        row = rows[label]
        assert value == row["In the period"], label
        expected = (
            f"In the period · cumulative {row['Cumulative']} of target {row['Target']} · "
            f"{row['% of target']}"
        )
        assert any(c.startswith(expected) for c in captions), (label, expected)
