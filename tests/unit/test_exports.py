"""Exports: formulas neutralised, exact values, filters stated in the file."""

import io
from datetime import date
from decimal import Decimal

import fastexcel
import polars as pl
import pytest

from analytics.exports import neutralise_cell, to_csv, to_xlsx

DANGEROUS = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]


@pytest.mark.parametrize("value", DANGEROUS)
def test_formula_triggers_are_neutralised(value: str) -> None:
    assert neutralise_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Da Nang", "", None, "1-2 meetings", "a=b", "€ 5"])
def test_ordinary_text_is_left_alone(value: str | None) -> None:
    assert neutralise_cell(value) == value


def _frame() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "organisation": ["=cmd|' /C calc'!A0", "Smart Digital Technology"],
            "amount_eur": [Decimal("-12.30"), Decimal("222202.62")],
            "date": [date(2022, 5, 9), None],
            "contacts": [3, 5],
        },
        schema={
            "organisation": pl.String,
            "amount_eur": pl.Decimal(14, 2),
            "date": pl.Date,
            "contacts": pl.Int64,
        },
    )


def test_csv_states_filters_and_keeps_exact_amounts() -> None:
    text = to_csv(_frame(), "Programmes: GSSC · Period: all dates").decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == "# Programmes: GSSC · Period: all dates"
    body = pl.read_csv(io.StringIO("\n".join(lines[1:])), infer_schema=False)
    assert body["organisation"].to_list() == ["'=cmd|' /C calc'!A0", "Smart Digital Technology"]
    assert body["amount_eur"].to_list() == ["-12.30", "222202.62"]  # numbers are not neutralised


def test_xlsx_has_no_formula_and_exact_money() -> None:
    data = to_xlsx(_frame(), "Programmes: GSSC", "contacts")
    sheet = fastexcel.read_excel(data).load_sheet("contacts", header_row=2).to_polars()
    assert sheet["organisation"][0] == "'=cmd|' /C calc'!A0"
    assert sheet["amount_eur"].to_list() == [-12.30, 222202.62]
    statement = fastexcel.read_excel(data).load_sheet("contacts", header_row=None).to_polars()
    assert statement[0, 0] == "Programmes: GSSC"
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml  # no formula cell anywhere


def test_rows_per_table_reads_as_text() -> None:
    from analytics.formatting import rows_per_table

    assert rows_per_table('{"programmes": 4, "contacts": 2000000}') == (
        "programmes 4 · contacts 2,000,000"
    )
    assert rows_per_table(None) == "–"
