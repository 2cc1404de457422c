"""Cost categories as managers know them (issue 21): the Interreg 2021-2027 names, and the
programme's own wording where it gave one. A budget line typed "External services" is shown as
typed on the Budget page, in its downloads and in the PDF, never as "Subcontracting"; it is
grouped under its key with the expenses typed the same; totals stay exact to the cent."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from analytics import db, exports, queries
from analytics.filters import Filters
from analytics.report import report_html
from etl.parse import parse_vocab
from tests.apptest import open_page
from tests.small_project import TABLES, load_small

AS_OF = date(2025, 12, 31)

# What the small project's budget lines must be called on screen: the typed wording where it is
# the programme's own, else the Interreg 2021-2027 name of the category typed.
SHOWN = {
    "Staff": "Staff",
    "External services": "External services",
    "Travel": "Travel and accommodation",
    "Office and administration": "Office and administration",
}


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return load_small(tmp_path_factory.mktemp("small"))


def _csv_amounts(table: str) -> dict[str, Decimal]:
    """Amount per category as typed in the project's CSV, with csv and Decimal."""
    out: dict[str, Decimal] = {}
    for row in csv.DictReader(io.StringIO("\n".join(TABLES[table]))):
        out[row["category"]] = out.get(row["category"], Decimal(0)) + Decimal(row["amount_eur"])
    return out


@pytest.mark.parametrize(
    "typed,key",
    [
        ("Staff costs", "staff"),
        ("Office and administration", "indirect"),
        ("Travel and accommodation", "travel"),
        ("External expertise and services", "subcontracting"),
        ("External services", "subcontracting"),
        ("Equipment", "equipment"),
        ("Infrastructure and works", "infrastructure"),
    ],
)
def test_interreg_names_are_read(typed: str, key: str) -> None:
    assert parse_vocab(typed, "category") == key


def test_the_typed_wording_is_kept_beside_the_key(small: Path) -> None:
    connection = db.open_readonly(str(small))
    try:
        cur = db.cursor(connection)
        budget = dict(cur.execute("SELECT category_typed, category FROM budget").fetchall())
        frame = queries.spend_vs_budget(cur, Filters(), "category", AS_OF)
    finally:
        connection.close()
    assert budget["External services"] == "subcontracting"
    assert None in budget  # "Staff" and "Travel" name the key itself: no wording of their own
    labels = dict(zip(frame["key"], frame["label"], strict=True))
    assert labels["subcontracting"] == "External services"
    assert sum(frame["budget"]) == sum(_csv_amounts("budget").values()) == Decimal("10000.00")
    assert sum(frame["spent"]) == sum(_csv_amounts("expenses").values())


def test_budget_page_table_and_exports_show_the_wording(
    small: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PROGRAMME_DB", str(small))
    monkeypatch.setenv("PROGRAMME_AS_OF", AS_OF.isoformat())
    at = open_page("budget")
    assert not at.exception, [e.value for e in at.exception]
    table = next(t.value for t in at.dataframe if "Category" in t.value.columns)
    shown = dict(zip(table["Category"], table["Budget"], strict=True))
    budget = _csv_amounts("budget")
    assert shown == {SHOWN[typed]: f"€ {amount:,.2f}" for typed, amount in budget.items()}
    assert not any("Subcontracting" in str(v) for t in at.dataframe for v in t.value.to_numpy())

    frame = queries.spend_vs_budget(
        db.cursor(db.open_readonly(str(small))), Filters(), "category", AS_OF
    )
    from shell.ui import readable  # the downloads' frame: labels as on screen

    typed = readable(frame, ("label",))
    text = exports.to_csv(typed, exports.Provenance("all")).decode("utf-8-sig")
    assert "External services" in text and "Subcontracting" not in text


def test_pdf_shows_the_wording(small: Path) -> None:
    connection = db.open_readonly(str(small))
    try:
        html = report_html(db.cursor(connection), Filters(), AS_OF)
    finally:
        connection.close()
    assert "External services" in html and "Office and administration" in html
    assert "Travel and accommodation" in html
    assert "Subcontracting" not in html
