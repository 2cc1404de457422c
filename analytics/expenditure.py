"""The list of expenditure of a reporting period, as a report annexes it: every expense line
(date, partner, category, amount, invoice reference) with the period's totals by partner and by
category. Totals are sums of the lines' Decimal amounts, so they equal the list to the cent."""

from __future__ import annotations

from decimal import Decimal

import polars as pl

from analytics import exports
from analytics.formatting import label

TOTAL = "Total"

# The list's columns as the report shows them, in order (queries.expenditure's names).
LINE_LABELS = {
    "date": "Date",
    "partner": "Partner",
    "category": "Category",
    "amount_eur": "Amount",
    "invoice_ref": "Invoice reference",
    "description": "Description",
    "work_package": "Work package",
    "programme_id": "Programme",
    "expense_id": "Expense ID",
}
TOTAL_LABELS = {"label": "", "lines": "Lines", "amount_eur": "Amount"}
BY = {"partner": "Partner", "category": "Category"}


def totals(lines: pl.DataFrame, by: str) -> pl.DataFrame:
    """(label, lines, amount_eur) per partner or category, largest first, then a Total row; the
    label of a category is its readable name."""
    if by not in BY:
        raise ValueError(f"totals by partner or category, not {by!r}")
    key = "partner_id" if by == "partner" else "category"
    grouped = (
        lines.group_by(key)
        .agg(
            pl.col(by).first().alias("label"),
            pl.len().cast(pl.Int64).alias("lines"),
            pl.col("amount_eur").sum().alias("amount_eur"),
        )
        .sort(["amount_eur", "label"], descending=[True, False])
        .select("label", "lines", "amount_eur")
    )
    if by == "category":
        names = {c: label(c) for c in grouped["label"].to_list()}
        grouped = grouped.with_columns(
            pl.col("label").replace_strict(names, return_dtype=pl.String)
        )
    amount = lines["amount_eur"].sum() if lines.height else Decimal("0.00")
    total = pl.DataFrame(
        {"label": [TOTAL], "lines": [lines.height], "amount_eur": [amount]},
        schema={"label": pl.String, "lines": pl.Int64, "amount_eur": grouped.schema["amount_eur"]},
    )
    return pl.concat([grouped, total])


def sheets(lines: pl.DataFrame) -> list[exports.Sheet]:
    """The workbook's sheets: the list (typed: dates, euro) and the totals by partner and by
    category."""
    listed = (
        lines.with_columns(
            pl.col("category").replace_strict(
                {c: label(c) for c in lines["category"].unique().to_list()}, return_dtype=pl.String
            )
        )
        .select(list(LINE_LABELS))
        .rename(LINE_LABELS)
    )
    out = [exports.Sheet("Expenditure", listed, {"Amount": exports.MONEY})]
    for by, title in BY.items():
        frame = totals(lines, by).rename({**TOTAL_LABELS, "label": title})
        out.append(exports.Sheet(f"By {by}", frame, {"Amount": exports.MONEY}))
    return out


def workbook(lines: pl.DataFrame, about: exports.Provenance) -> bytes:
    """The list of expenditure as an XLSX for the report, with its About sheet."""
    return exports.to_xlsx_sheets(sheets(lines), about)
