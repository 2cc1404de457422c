"""The list of expenditure of a reporting period (issue 23): every expense line of the period
with date, partner, category, amount and invoice reference, and the period's totals by partner
and by category, as the report's XLSX. Expected figures come from the demo CSV files, read here
with csv and Decimal: the lines of GSSC dated in the period, their sums per partner and per
category, to the cent."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal

import fastexcel
import pytest

from analytics import expenditure, exports, queries
from analytics.filters import Filters
from tests.expected import rows
from tests.unit.test_period_indicators import GSSC_PERIODS

AS_OF = date(2026, 11, 23)
ABOUT = exports.Provenance("Programmes: GSSC · Period: reporting period 3", "demo", None, "ab" * 32)


def _expected(start: date, end: date) -> list[dict[str, str]]:
    return [
        e
        for e in rows("expenses")
        if e["programme_id"] == "GSSC" and start.isoformat() <= e["date"] <= end.isoformat()
    ]


def _sums(lines: list[dict[str, str]], key: str) -> dict[str, Decimal]:
    out: dict[str, Decimal] = defaultdict(Decimal)
    for e in lines:
        out[e[key]] += Decimal(e["amount_eur"])
    return dict(out)


@pytest.mark.parametrize("period", GSSC_PERIODS, ids=[f"period-{p[0]}" for p in GSSC_PERIODS])
def test_the_list_and_its_totals_equal_the_csv_to_the_cent(con, period) -> None:
    number, start, end = period
    filters = Filters(programmes=("GSSC",), start=start, end=end, period=number)
    lines = queries.expenditure(con, filters, AS_OF)
    wanted = _expected(start, end)
    assert wanted, "every GSSC period has expenses in the demo"
    assert sorted(lines["expense_id"].to_list()) == sorted(e["expense_id"] for e in wanted)
    by_id = {e["expense_id"]: e for e in wanted}
    for line in lines.iter_rows(named=True):
        e = by_id[line["expense_id"]]
        assert line["date"].isoformat() == e["date"]
        assert line["amount_eur"] == Decimal(e["amount_eur"])
        assert (line["invoice_ref"] or "") == e["invoice_ref"]
        assert line["category"] == e["category"]
    assert lines["date"].is_sorted()

    names = {p["partner_id"]: p["name"] for p in rows("partners")}
    partners = {names[k]: v for k, v in _sums(wanted, "partner_id").items()}
    by_partner = expenditure.totals(lines, "partner")
    assert by_partner["label"].to_list()[-1] == expenditure.TOTAL
    assert dict(zip(by_partner["label"][:-1], by_partner["amount_eur"][:-1], strict=True)) == (
        partners
    )
    total = sum((Decimal(e["amount_eur"]) for e in wanted), Decimal(0))
    assert by_partner["amount_eur"][-1] == total
    assert by_partner["lines"][-1] == len(wanted)

    categories = _sums(wanted, "category")
    by_category = expenditure.totals(lines, "category")
    labels = dict(zip(by_category["label"][:-1], by_category["amount_eur"][:-1], strict=True))
    assert sorted(labels.values()) == sorted(categories.values())
    assert labels["Staff"] == categories["staff"]
    assert by_category["amount_eur"][-1] == total


def test_the_list_sums_to_the_budget_pages_spent_card(con) -> None:
    number, start, end = GSSC_PERIODS[2]
    filters = Filters(programmes=("GSSC",), start=start, end=end, period=number)
    lines = queries.expenditure(con, filters, AS_OF)
    status = queries.budget_status(con, filters, AS_OF)
    assert lines["amount_eur"].sum() == status["spent"].sum()


def test_the_workbook_has_the_list_the_totals_and_an_about_sheet(con) -> None:
    number, start, end = GSSC_PERIODS[2]
    filters = Filters(programmes=("GSSC",), start=start, end=end, period=number)
    wanted = _expected(start, end)
    book = fastexcel.read_excel(
        expenditure.workbook(queries.expenditure(con, filters, AS_OF), ABOUT)
    )
    assert book.sheet_names == ["Expenditure", "By partner", "By category", "About"]
    listed = book.load_sheet("Expenditure").to_polars()
    assert listed.columns[:5] == ["Date", "Partner", "Category", "Amount", "Invoice reference"]
    assert listed.height == len(wanted)
    assert isinstance(listed["Date"][0], datetime)  # a date cell, not text
    cents = sorted(round(Decimal(str(v)) * 100) for v in listed["Amount"])
    assert cents == sorted(round(Decimal(e["amount_eur"]) * 100) for e in wanted)
    refs = sorted(v for v in listed["Invoice reference"].to_list() if v)
    assert refs == sorted(e["invoice_ref"] for e in wanted if e["invoice_ref"])
    total = sum((Decimal(e["amount_eur"]) for e in wanted), Decimal(0))
    for sheet in ("By partner", "By category"):
        frame = book.load_sheet(sheet).to_polars()
        assert frame[sheet.split()[1].capitalize()][-1] == "Total"
        assert round(Decimal(str(frame["Amount"][-1])), 2) == total
        assert round(sum(Decimal(str(v)) for v in frame["Amount"][:-1]), 2) == total
    about = dict(book.load_sheet("About", header_row=None).to_polars().rows())
    assert about["Filters"] == ABOUT.filters
    styles = _styles(expenditure.workbook(queries.expenditure(con, filters, AS_OF), ABOUT))
    assert "&quot;€&quot; #,##0.00" in styles and "dd/mm/yyyy" in styles


def _styles(data: bytes) -> str:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read("xl/styles.xml").decode()


def test_a_period_without_expenses_gives_an_empty_list_and_zero_totals(con) -> None:
    filters = Filters(programmes=("GSSC",), start=date(2019, 1, 1), end=date(2019, 6, 30))
    lines = queries.expenditure(con, filters, AS_OF)
    assert lines.is_empty()
    totals = expenditure.totals(lines, "category")
    assert totals.rows() == [(expenditure.TOTAL, 0, Decimal("0.00"))]
    assert fastexcel.read_excel(expenditure.workbook(lines, ABOUT)).sheet_names[0] == "Expenditure"
