"""What a manager takes out for the EU report, downloaded as a user does: a table as CSV and as
XLSX, and the PDF report from the sidebar, offline, for one programme. Each file is opened and
its figures checked against the demo CSV files (tests/expected.py), not against the app's SQL.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import fastexcel
import polars as pl
import pytest
from playwright.sync_api import Page
from pypdf import PdfReader

from analytics.filters import Filters
from analytics.formatting import count, label, money
from tests.expected import expected_indicators, rows
from tools import browser

pytestmark = pytest.mark.browser

GSSC = Filters(programmes=("GSSC",))
QUERY = {"programme": ["GSSC"]}
CENT = Decimal("0.01")


def open_page(page: Page, base_url: str, path: str) -> None:
    console = browser.Console().attach(page)
    page.goto(browser.page_url(base_url, path, QUERY))
    assert browser.page_problems(page, console) == []


def download(page: Page, selector: str, tmp_path: Path) -> Path:
    """Click the download button inside `selector`; the file the browser saved."""
    with page.expect_download(timeout=120_000) as event:
        page.locator(selector).locator("button").first.click()
    target = tmp_path / event.value.suggested_filename
    event.value.save_as(target)
    return target


def test_a_table_downloads_as_csv_with_its_filters_and_exact_figures(
    app: browser.Server, offline, tmp_path: Path
) -> None:
    context, outside = offline
    page = context.new_page()
    open_page(page, app.url, "")
    saved = download(page, ".st-key-csv-indicators", tmp_path)

    assert saved.name.startswith("indicators_GSSC_demo-") and saved.suffix == ".csv"
    text = saved.read_bytes().decode("utf-8-sig")
    table, _, after = text.rpartition("\r\n\r\n")
    statement = next(csv.reader(io.StringIO(after)))[0]  # one line after the data
    assert statement.startswith("Programme results dashboard · Programmes: GSSC")
    assert "Data: demo" in statement and "sha256" in statement
    achieved = {
        r["Indicator"]: r["Achieved"] for r in csv.DictReader(io.StringIO(table))
    }  # the header in row 1
    expected = expected_indicators(GSSC)
    assert Decimal(achieved["Contacts made"]) == expected["contacts"]
    assert Decimal(achieved["Organisations met"]) == expected["organisations"]
    assert Decimal(achieved["Missions held"]) == expected["missions"]
    assert Decimal(achieved["Budget spent"]) == expected["budget_spent"]
    assert outside == []


def test_a_table_downloads_as_xlsx_with_money_as_numbers_to_the_cent(
    app: browser.Server, offline, tmp_path: Path
) -> None:
    context, outside = offline
    page = context.new_page()
    open_page(page, app.url, "budget")
    saved = download(page, ".st-key-xlsx-spend-vs-budget-by-category", tmp_path)

    assert saved.name.startswith("spend-vs-budget-by-category_GSSC_demo-")
    assert saved.suffix == ".xlsx"
    book = fastexcel.read_excel(saved.read_bytes())
    about = dict(book.load_sheet("About", header_row=None).to_polars().rows())
    assert about["Filters"].startswith("Programmes: GSSC")
    assert about["Data file"] == "demo" and len(about["Data sha256"]) == 64
    sheet = book.load_sheet(0).to_polars()  # the header in row 1
    assert sheet.columns[:2] == ["Category", "Budget"]
    assert sheet.schema["Spent"] == pl.Float64  # numbers a spreadsheet sums, not text
    assert sheet.schema["Variance %"] == pl.Float64
    spent = {
        r["Category"]: Decimal(str(r["Spent"])).quantize(CENT) for r in sheet.iter_rows(named=True)
    }
    by_category: dict[str, Decimal] = {}
    for e in rows("expenses"):
        if e["programme_id"] == "GSSC":
            key = label(e["category"])  # labels as on screen: Travel, not travel
            by_category[key] = by_category.get(key, Decimal("0")) + Decimal(e["amount_eur"])
    assert {k: v for k, v in spent.items() if v} == by_category
    assert sum(spent.values()) == expected_indicators(GSSC)["budget_spent"]
    assert outside == []


def test_the_eu_report_downloads_as_a_pdf_whose_figures_match_the_data(
    app: browser.Server, offline, tmp_path: Path
) -> None:
    context, outside = offline
    page = context.new_page()
    open_page(page, app.url, "")
    saved = download(page, '[data-testid="stSidebar"] .st-key-eu-report', tmp_path)

    assert saved.suffix == ".pdf" and "GSSC" in saved.name
    pages = [p.extract_text() for p in PdfReader(saved).pages]
    text = "\n".join(pages)
    assert len(pages) > 1
    for number, page_text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page_text
        assert "sha256" in page_text, f"page {number} does not name the data it comes from"
    expected = expected_indicators(GSSC)
    lines = text.splitlines()
    contacts = next(x for x in lines if x.startswith("Contacts made "))
    assert f" {count(expected['contacts'])} " in contacts, contacts
    spent = next(x for x in lines if x.startswith("Budget spent "))
    assert money(expected["budget_spent"]) in spent, spent
    gssc = next(p for p in rows("programmes") if p["programme_id"] == "GSSC")
    assert money(Decimal(gssc["budget_eur"])) in text
    assert "Exploratory mission to Da Nang" in text
    assert outside == []
