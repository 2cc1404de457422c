"""The list of expenditure of a reporting period, as a report annexes it: every expense line
(date, partner, category, amount, invoice reference) with the period's totals by partner and by
category. Totals are sums of the lines' Decimal amounts, so they equal the list to the cent."""

from __future__ import annotations

from decimal import Decimal

import polars as pl

from analytics import exports
from analytics.formatting import label
from i18n import N_, _

TOTAL = N_("Total")

# The list's columns as the report shows them, in order (queries.expenditure's names); the
# headers are translated where they are used (line_labels, total_labels).
_LINE_LABELS = {
    "date": N_("Date"),
    "partner": N_("Partner"),
    "category": N_("Category"),
    "amount_eur": N_("Amount"),
    "invoice_ref": N_("Invoice reference"),
    "description": N_("Description"),
    "work_package": N_("Work package"),
    "programme_id": N_("Programme"),
    "expense_id": N_("Expense ID"),
}
BY = {"partner": N_("Partner"), "category": N_("Category")}


def line_labels() -> dict[str, str]:
    """The list's column headers, in the language of the run."""
    return {column: _(text) for column, text in _LINE_LABELS.items()}


def total_labels(by: str) -> dict[str, str]:
    """The headers of the totals by partner or by category."""
    return {"label": _(BY[by]), "lines": _("Lines"), "amount_eur": _("Amount")}


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
        {"label": [_(TOTAL)], "lines": [lines.height], "amount_eur": [amount]},
        schema={"label": pl.String, "lines": pl.Int64, "amount_eur": grouped.schema["amount_eur"]},
    )
    return pl.concat([grouped, total])


def sheets(lines: pl.DataFrame) -> list[exports.Sheet]:
    """The workbook's sheets: the list (typed: dates, euro) and the totals by partner and by
    category."""
    headers = line_labels()
    listed = (
        lines.with_columns(
            pl.col("category").replace_strict(
                {c: label(c) for c in lines["category"].unique().to_list()}, return_dtype=pl.String
            )
        )
        .select(list(headers))
        .rename(headers)
    )
    money = {headers["amount_eur"]: exports.MONEY}
    # Translators: names of the sheets of the list of expenditure's workbook (31 characters)
    titles = {"partner": _("By partner"), "category": _("By category")}
    out = [exports.Sheet(_("Expenditure"), listed, money)]
    for by in BY:
        frame = totals(lines, by).rename(total_labels(by))
        out.append(exports.Sheet(titles[by], frame, money))
    return out


def workbook(lines: pl.DataFrame, about: exports.Provenance) -> bytes:
    """The list of expenditure as an XLSX for the report, with its About sheet."""
    return exports.to_xlsx_sheets(sheets(lines), about)
