"""Every table's downloads, as a spreadsheet opens them: typed numbers that sum to the figures on
screen (parsed from the page's own text), labels as on screen, no "None", no internal code; key
totals checked against figures computed from the demo CSV files (tests/expected.py).

The page is run with AppTest; the export arguments each table passes to its buttons are captured
and rendered by analytics.exports as the button would, then read back with fastexcel (XLSX) and
the csv module (both CSV dialects).
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import fastexcel
import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from analytics import exports
from analytics.filters import Filters
from etl.contract import VOCABULARIES
from shell import pages, ui
from tests.expected import expected_indicators, rows

ROOT = Path(__file__).resolve().parents[2]
PAGES = [p.slug for p in pages.PAGES]
CENT = Decimal("0.01")
# Codes a table must show by their label (smart_city -> Smart city), wherever the two differ.
from analytics.formatting import label  # noqa: E402

CODES = {
    code
    for vocabulary in VOCABULARIES.values()
    if vocabulary.name != "indicator"  # "contacts" is also a unit, a word shown as it is
    for code in vocabulary.canonical
    if label(code) != code
}


def screen_value(text: str) -> Decimal | None:
    """A figure as the page shows it: € 1,234.50, -€ 3.10, 93%, 1,234 or – (empty)."""
    if text in ("–", ""):
        return None
    cleaned = text.replace("€", "").replace(",", "").replace("%", "").replace(" ", "")
    return Decimal(cleaned)


@pytest.fixture
def captured(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> dict:
    monkeypatch.setenv("PROGRAMME_DB", str(demo_db))
    monkeypatch.setenv("PROGRAMME_AS_OF", "2026-11-23")
    calls: list[tuple] = []

    def capture(frame, name, filters, kinds=None, money_rows=None, about=None):
        calls.append((name, frame, dict(kinds or {}), money_rows, about or ui.provenance(filters)))

    monkeypatch.setattr(ui, "downloads", capture)
    return {"calls": calls}


def run(page: str, calls: list) -> AppTest:
    """The page as a user opens it; `calls` then holds this page's tables only."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    if not pages.by_slug(page).default:
        calls.clear()
        at.switch_page(pages.by_slug(page).file).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def read_xlsx(data: bytes) -> tuple[pl.DataFrame, dict[str, str]]:
    book = fastexcel.read_excel(data)
    table = book.load_sheet(0).to_polars()  # the header in row 1, as a spreadsheet assumes
    about = dict(book.load_sheet("About", header_row=None).to_polars().rows())
    return table, about


def read_csv(data: bytes, delimiter: str) -> tuple[list[str], list[list[str]], str]:
    assert data.startswith("\ufeff".encode())
    rows_ = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=delimiter))
    blank = rows_.index([])
    return rows_[0], rows_[1:blank], rows_[blank + 1][0]


def csv_number(text: str, decimal: str) -> Decimal | None:
    return Decimal(text.replace(decimal, ".")) if text else None


@pytest.mark.parametrize("page", PAGES)
def test_every_export_opens_typed_and_sums_to_the_screen(captured: dict, page: str) -> None:
    calls = captured["calls"]
    at = run(page, calls)
    shown = [d.value for d in at.dataframe]
    assert calls and len(calls) == len(shown), "each table on screen has its downloads"
    for (name, frame, kinds, money_rows, about), screen in zip(calls, shown, strict=True):
        screen = pl.from_pandas(screen.reset_index(drop=True)).cast(pl.String)
        xlsx, facts = read_xlsx(exports.to_xlsx(frame, about, kinds, name, money_rows))
        assert facts["Data sha256"] == about.sha256 and facts["Filters"] == about.filters
        assert about.sha256[:8] in about.file_name(name, "xlsx")
        assert xlsx.columns == screen.columns, f"{name}: headers as on screen"
        assert xlsx.height == screen.height
        for column in screen.columns:
            texts = screen[column].to_list()
            assert "None" not in texts and None not in texts, f"{name}.{column} shows None"
            assert not set(texts) & CODES, f"{name}.{column} shows codes {set(texts) & CODES}"
            cells = xlsx[column]
            if cells.dtype == pl.String:
                assert "None" not in cells.to_list(), f"{name}.{column} exports None"
                assert not set(cells.drop_nulls()) & CODES, f"{name}.{column} exports codes"
                continue
            if cells.dtype not in (pl.Float64, pl.Int64):
                continue  # dates: date cells
            figures = [screen_value(t) for t in texts]
            kind = kinds.get(column)
            if kind in (exports.PERCENT, exports.PERCENT_1):
                places = 1 if kind == exports.PERCENT_1 else 0
                for cell, figure in zip(cells.to_list(), figures, strict=True):
                    assert (cell is None) == (figure is None)
                    if cell is not None:
                        assert round(Decimal(str(cell)) * 100, places) == figure, (name, column)
                continue
            total = sum((Decimal(str(c)) for c in cells.drop_nulls()), Decimal(0)).quantize(CENT)
            on_screen = sum((f for f in figures if f is not None), Decimal(0)).quantize(CENT)
            assert total == on_screen, f"{name}.{column}: export sums {total}, screen {on_screen}"
            for dialect in exports.DIALECTS.values():
                header, body, statement = read_csv(
                    exports.to_csv(frame, about, kinds, dialect.key), dialect.delimiter
                )
                assert statement == about.statement()
                j = screen.columns.index(column)
                assert header[j].startswith(column)
                summed = sum(
                    (csv_number(r[j], dialect.decimal) or Decimal(0) for r in body), Decimal(0)
                )
                assert summed.quantize(CENT) == on_screen, f"{name}.{column} CSV {dialect.key}"


def test_exported_totals_match_the_demo_files(captured: dict) -> None:
    """The indicator table, the missions list and spend by category, against the CSV files."""
    expected = expected_indicators(Filters())
    tables = {}
    for page in ("overview", "missions", "budget"):
        run(page, captured["calls"])
        tables.update({call[0]: call[1:] for call in captured["calls"]})

    frame, kinds, money_rows, about = tables["indicators"]
    sheet, _ = read_xlsx(exports.to_xlsx(frame, about, kinds, "indicators", money_rows))
    achieved = dict(zip(sheet["Indicator"], sheet["Achieved"], strict=True))
    assert achieved["Contacts made"] == expected["contacts"]
    assert achieved["Missions held"] == expected["missions"]
    assert achieved["MoUs signed"] == expected["mous"]
    assert Decimal(str(achieved["Budget spent"])).quantize(CENT) == expected["budget_spent"]

    frame, kinds, money_rows, about = tables["missions"]
    sheet, _ = read_xlsx(exports.to_xlsx(frame, about, kinds, "missions", money_rows))
    assert sheet.height == len(rows("missions"))
    assert sheet["Contacts"].sum() == len(rows("contacts"))
    assert sheet["Delegates"].sum() == sum(int(m["delegates"] or 0) for m in rows("missions"))

    frame, kinds, money_rows, about = tables["spend-vs-budget-by-category"]
    header, body, _ = read_csv(exports.to_csv(frame, about, kinds, "european"), ";")
    spent = header.index("Spent (EUR)")
    total = sum(Decimal(r[spent].replace(",", ".")) for r in body)
    assert total == sum(Decimal(e["amount_eur"]) for e in rows("expenses"))
