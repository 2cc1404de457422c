"""Tables as CSV and XLSX downloads: exact values, the filters stated in the file, and no cell a
spreadsheet could run as a formula.

A value such as "=HYPERLINK(...)" typed into the workbook by anyone would otherwise become a live
formula on the machine of whoever opens the export (CSV/formula injection).
"""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal

import polars as pl
import xlsxwriter

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: str | None) -> str | None:
    """Prefix a text cell that a spreadsheet would read as a formula with an apostrophe."""
    if value and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def neutralise(frame: pl.DataFrame) -> pl.DataFrame:
    """Every text column neutralised; numbers, dates and amounts stay as they are."""
    text = [c for c, t in frame.schema.items() if t == pl.String]
    return frame.with_columns(
        pl.col(c).map_elements(neutralise_cell, return_dtype=pl.String) for c in text
    )


def _flat(frame: pl.DataFrame) -> pl.DataFrame:
    """Lists and structs as text, so both formats can hold every column."""
    return frame.with_columns(
        pl.col(c).cast(pl.List(pl.String)).list.join("; ")
        for c, t in frame.schema.items()
        if isinstance(t, pl.List)
    )


def to_csv(frame: pl.DataFrame, statement: str) -> bytes:
    """UTF-8 with BOM (Excel opens it right); the first line states filters and data source."""
    body = neutralise(_flat(frame)).write_csv()
    header = neutralise_cell(f"# {statement}") or ""
    return ("\ufeff" + header.replace("\n", " ") + "\n" + body).encode("utf-8")


def to_xlsx(frame: pl.DataFrame, statement: str, title: str = "data") -> bytes:
    """One sheet: the statement in row 1, the table from row 3, money as numbers with 2 decimals.

    Cells are written with explicit types (never write() guessing), so no text becomes a formula.
    """
    frame = neutralise(_flat(frame))
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    sheet = book.add_worksheet(title[:31] or "data")
    bold = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    money = book.add_format({"num_format": "#,##0.00"})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_string(0, 0, statement)
    for j, name in enumerate(frame.columns):
        sheet.write_string(2, j, name, bold)
        sheet.set_column(j, j, max(10, min(40, len(name) + 4)))
    for i, row in enumerate(frame.iter_rows(), start=3):
        for j, value in enumerate(row):
            if value is None:
                sheet.write_blank(i, j, None)
            elif isinstance(value, Decimal):
                sheet.write_number(i, j, float(value), money)
            elif isinstance(value, bool):
                sheet.write_boolean(i, j, value)
            elif isinstance(value, int | float):
                sheet.write_number(i, j, value)
            elif isinstance(value, datetime):
                sheet.write_datetime(i, j, value, day)
            elif isinstance(value, date):
                sheet.write_datetime(i, j, datetime(value.year, value.month, value.day), day)
            else:
                sheet.write_string(i, j, str(value))
    sheet.freeze_panes(3, 0)
    book.close()
    return buffer.getvalue()
