"""Tables as CSV and XLSX downloads a spreadsheet can use at once: typed cells, the header in row 1,
labels as on screen, where the figures come from in the file name and in the file itself, and no
cell a spreadsheet could run as a formula.

- XLSX: numbers are number cells, money has a "€ #,##0.00" format, shares a "0%" format (the cell
  holds 0.93, so a sum or a chart works), dates are date cells shown in the date format chosen
  (formatting.date_format: dd/mm/yyyy, yyyy-mm-dd or dd.mm.yyyy); an "About" sheet states the
  filters, the data file, its load time and checksum.
- CSV: a plain table (header in row 1), then one empty line and one line saying where it comes
  from. Two dialects: "," with "." decimals, or, for a European spreadsheet, ";" with "," decimals;
  both UTF-8 with a BOM so Excel reads the accents. Shares are written as percent numbers (93.2)
  under a header ending in "%"; money as plain numbers with two decimals under "(EUR)".

A value such as "=HYPERLINK(...)" typed into the workbook by anyone would otherwise become a live
formula on the machine of whoever opens the export (CSV/formula injection). XLSX cells are written
with explicit types, so a text cell is only ever text: it is written as it is, with no visible
apostrophe. A CSV has no types, so there such a value is prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

import polars as pl
import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

import i18n
from analytics import formatting
from analytics.formatting import percent_number
from i18n import N_, _

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

# The kinds of column an export knows; a column not named is typed from its values.
MONEY = "money"
PERCENT = "percent"  # a share (0.93), shown 93%
PERCENT_1 = "percent_1"  # a share shown with one decimal, -4.2%
AMOUNT = "amount"  # a count for most rows and money for the rows `money_rows` marks

MONEY_FORMAT = '"€" #,##0.00;-"€" #,##0.00'
PERCENT_FORMATS = {PERCENT: "0%", PERCENT_1: "0.0%"}


@dataclass(frozen=True)
class Dialect:
    key: str
    label: str  # English (N_): shown as _(dialect.label)
    delimiter: str
    decimal: str


DIALECTS = {
    "international": Dialect("international", N_("Comma ( , ) and decimal point"), ",", "."),
    "european": Dialect(
        "european", N_("Semicolon ( ; ) and decimal comma: European Excel"), ";", ","
    ),
}


@dataclass(frozen=True)
class Provenance:
    """Where an exported table comes from: the filters, the data file, its load time, checksum."""

    filters: str
    source: str | None = None
    loaded_at: datetime | None = None
    sha256: str | None = None
    note: str | None = None  # e.g. "checked, not loaded"

    def statement(self) -> str:
        """One line, as the CSV's last line and the About sheet's first."""
        text = _("Programme results dashboard · {filters}", filters=self.filters)
        if self.source:
            text += " · " + _("Data: {source}", source=self.source)
            if self.loaded_at:
                # Translators: when the data file was loaded; {time} is "2026-11-30 16:42"
                text += ", " + _("loaded {time} UTC", time=formatting.moment(self.loaded_at))
            if self.note:
                text += f", {self.note}"
            if self.sha256:
                text += f", sha256 {self.sha256[:12]}"
        return text

    def file_name(self, name: str, extension: str) -> str:
        """indicators_GSSC_2021-01-01-to-all_demo-20261130-1642-3f2a9c1b.xlsx: the table, the
        filters and the data version, so two downloads of different views never collide."""
        parts = [name, _slug(self.filters)]
        if self.source:
            version = [self.source.rsplit(".", 1)[0] if "." in self.source else self.source]
            if self.loaded_at:
                version.append(f"{self.loaded_at:%Y%m%d-%H%M}")
            if self.sha256:
                version.append(self.sha256[:8])
            parts.append(_slug("-".join(version)))
        stem = "_".join(p for p in parts if p)[:180].rstrip("-_.")
        return f"{stem}.{extension}"

    def about(self) -> list[tuple[str, str]]:
        """The About sheet: one fact a row."""
        rows = [
            (_("Table from"), _("Programme results dashboard")),
            (_("Filters"), self.filters),
        ]
        if self.source:
            rows.append((_("Data file"), self.source))
        if self.loaded_at:
            rows.append((_("Loaded (UTC)"), formatting.moment(self.loaded_at)))
        if self.note:
            rows.append((_("Status"), self.note))
        if self.sha256:
            rows.append((_("Data sha256"), self.sha256))
        rows.append((_("Exported (UTC)"), formatting.moment(datetime.now(UTC))))
        return rows


_FILTER_WORDS = re.compile(r"(Programmes|Period|Target countries|Sectors): ")
_UNSAFE = re.compile(r"[^0-9A-Za-z.+-]+")


def _slug(text: str) -> str:
    """Filters or a file name as a file-name part: "Programmes: GSSC · Period: all dates" ->
    "GSSC_all-dates"; parts saying "all" are left out."""
    pieces = []
    english = i18n.language() == i18n.SOURCE
    everything = ("all", "all dates") if english else (_("all"), _("all dates"))
    for piece in (_FILTER_WORDS.sub("", text) if english else text).split(" · "):
        # another language's filter names: what precedes ": " in each part
        piece = piece.strip() if english else piece.split(": ", 1)[-1].strip()
        if piece in everything:
            continue
        pieces.append(_UNSAFE.sub("-", piece.replace(", ", "+")).strip("-"))
    return "_".join(p for p in pieces if p)


def neutralise_cell(value: str | None) -> str | None:
    """Prefix a text cell that a spreadsheet would read as a formula with an apostrophe (CSV)."""
    if value and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def neutralise(frame: pl.DataFrame) -> pl.DataFrame:
    """Every text column neutralised; numbers, dates and amounts stay as they are."""
    text = [c for c, t in frame.schema.items() if t == pl.String]
    formula = "^[" + re.escape("".join(FORMULA_TRIGGERS)) + "]"
    return frame.with_columns(
        pl.when(pl.col(c).str.contains(formula)).then("'" + pl.col(c)).otherwise(pl.col(c))
        for c in text
    )


def _flat(frame: pl.DataFrame) -> pl.DataFrame:
    """Lists as text ("ICT; Water"), booleans as on screen (Yes/No), so both formats hold them."""
    yes, no = _("Yes"), _("No")
    return frame.with_columns(
        *(
            pl.col(c).cast(pl.List(pl.String)).list.join("; ")
            for c, t in frame.schema.items()
            if isinstance(t, pl.List)
        ),
        *(
            pl.col(c).replace_strict({True: yes, False: no}, return_dtype=pl.String)
            for c, t in frame.schema.items()
            if t == pl.Boolean
        ),
    )


def _csv_header(name: str, kind: str | None) -> str:
    if kind in PERCENT_FORMATS and "%" not in name:
        # Translators: a CSV column of percent numbers; {name} is the column's header
        return _("{name} (%)", name=name)
    if kind == MONEY and "EUR" not in name and "€" not in name:
        # Translators: a CSV column of euro amounts; {name} is the column's header
        return _("{name} (EUR)", name=name)
    return name


def _csv_cell(value: object, kind: str | None, dialect: Dialect) -> str:
    if value is None:
        return ""
    if kind in PERCENT_FORMATS and isinstance(value, int | float | Decimal):
        text = str(percent_number(value, 1 if kind == PERCENT_1 else 0))  # as on screen
    elif isinstance(value, bool):
        text = _("Yes") if value else _("No")
    elif isinstance(value, Decimal):
        if kind == MONEY:
            text = f"{value:.2f}"
        elif value == value.to_integral_value():
            text = str(int(value))  # a count: 3, not 3.00
        else:
            text = str(value)
    elif isinstance(value, float):
        text = repr(value)
    elif isinstance(value, int):
        text = str(value)
    elif isinstance(value, datetime):
        return formatting.moment(value)
    elif isinstance(value, date):
        return formatting.day(value)  # in the format chosen, as on screen
    else:
        return neutralise_cell(str(value)) or ""
    return text.replace(".", dialect.decimal) if dialect.decimal != "." else text


def to_csv(
    frame: pl.DataFrame,
    about: Provenance,
    kinds: Mapping[str, str] | None = None,
    dialect: str = "international",
    money_rows: Sequence[bool] | None = None,
) -> bytes:
    """The table with its header in row 1, then an empty line and where it comes from.
    `money_rows` marks the rows whose AMOUNT columns hold euro, as in to_xlsx."""
    kinds = dict(kinds or {})
    chosen = DIALECTS.get(dialect, DIALECTS["international"])
    frame = _flat(frame)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=chosen.delimiter, lineterminator="\r\n")
    writer.writerow([_csv_header(c, kinds.get(c)) for c in frame.columns])
    column_kinds = [kinds.get(c) for c in frame.columns]
    for i, row in enumerate(frame.iter_rows()):
        money_row = bool(money_rows[i]) if money_rows is not None else False
        row_kinds = [(MONEY if money_row else None) if k == AMOUNT else k for k in column_kinds]
        writer.writerow(_csv_cell(v, k, chosen) for v, k in zip(row, row_kinds, strict=True))
    writer.writerow([])
    writer.writerow([neutralise_cell(about.statement().replace("\n", " "))])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


@dataclass(frozen=True)
class Sheet:
    """One sheet of a workbook: its title, the table, the kinds of its columns and the rows whose
    AMOUNT columns hold euro."""

    title: str
    frame: pl.DataFrame
    kinds: Mapping[str, str] | None = None
    money_rows: Sequence[bool] | None = None


def to_xlsx(
    frame: pl.DataFrame,
    about: Provenance,
    kinds: Mapping[str, str] | None = None,
    title: str = "data",
    money_rows: Sequence[bool] | None = None,
) -> bytes:
    """The table on the first sheet from row 1 (header) with typed cells and number formats; the
    provenance on an "About" sheet.

    Cells are written with explicit types (never write() guessing), so no text becomes a formula
    and a text cell is written as typed, with no apostrophe to remove. `money_rows` marks the rows
    whose AMOUNT columns hold euro (the indicator table's "Budget spent" row).
    """
    return to_xlsx_sheets([Sheet(title, frame, kinds, money_rows)], about)


def to_xlsx_sheets(sheets: Sequence[Sheet], about: Provenance) -> bytes:
    """Several tables, one sheet each in the order given (as to_xlsx writes one), then the
    "About" sheet."""
    excel_date = formatting.excel_date_pattern()
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    bold = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True})
    formats = {
        MONEY: book.add_format({"num_format": MONEY_FORMAT}),
        PERCENT: book.add_format({"num_format": PERCENT_FORMATS[PERCENT]}),
        PERCENT_1: book.add_format({"num_format": PERCENT_FORMATS[PERCENT_1]}),
        "count": book.add_format({"num_format": "#,##0"}),
        "number": book.add_format({"num_format": "#,##0.##"}),
        # date cells, shown in the format chosen (dd.mm.yyyy...), as on screen
        "date": book.add_format({"num_format": excel_date}),
        "datetime": book.add_format({"num_format": f"{excel_date} hh:mm"}),
    }
    for one in sheets:
        _write_sheet(book.add_worksheet(_sheet_title(one.title)), one, bold, formats)
    # Translators: the name of a spreadsheet's sheet (31 characters at most, no []:*?/\\)
    info = book.add_worksheet(_sheet_title(_("About"), about=True))
    info.set_column(0, 0, 18)
    info.set_column(1, 1, 100)
    for i, (key, value) in enumerate(about.about()):
        info.write_string(i, 0, key, bold)
        info.write_string(i, 1, value)
    book.close()
    return buffer.getvalue()


def _write_sheet(sheet: Worksheet, one: Sheet, bold: Format, formats: Mapping[str, Format]) -> None:
    """One table from row 1 (header): typed cells, widths to fit, the header row frozen."""
    kinds = dict(one.kinds or {})
    frame = _flat(one.frame)
    money_rows = one.money_rows
    widths = [max(10, min(40, len(name) + 4)) for name in frame.columns]
    for j, name in enumerate(frame.columns):
        sheet.write_string(0, j, name, bold)
    column_kinds = [kinds.get(c) for c in frame.columns]
    for i, row in enumerate(frame.iter_rows(), start=1):
        money_row = bool(money_rows[i - 1]) if money_rows is not None else False
        for j, value in enumerate(row):
            kind = column_kinds[j]
            if kind == AMOUNT:
                kind = MONEY if money_row else None
            if value is None:
                sheet.write_blank(i, j, None)
            elif isinstance(value, bool):
                sheet.write_string(i, j, _("Yes") if value else _("No"))
            elif isinstance(value, Decimal | int | float):
                if kind in formats:
                    fmt = formats[kind]
                elif isinstance(value, int) or (
                    isinstance(value, Decimal) and value == value.to_integral_value()
                ):
                    fmt = formats["count"]
                else:
                    fmt = formats["number"]
                sheet.write_number(i, j, float(value), fmt)
                widths[j] = max(widths[j], min(40, len(f"{float(value):,.2f}") + 4))
            elif isinstance(value, datetime):
                sheet.write_datetime(i, j, value.replace(tzinfo=None), formats["datetime"])
            elif isinstance(value, date):
                sheet.write_datetime(
                    i, j, datetime(value.year, value.month, value.day), formats["date"]
                )
            else:
                text = str(value)
                sheet.write_string(i, j, text)
                widths[j] = max(widths[j], min(60, len(text) + 2))
    for j, width in enumerate(widths):
        sheet.set_column(j, j, width)
    sheet.freeze_panes(1, 0)
    if frame.columns:
        sheet.autofilter(0, 0, max(frame.height, 1), len(frame.columns) - 1)


def _sheet_title(title: str, *, about: bool = False) -> str:
    """A valid sheet name (31 characters, none of []:*?/\\), never the About sheet's."""
    name = re.sub(r"[\[\]:*?/\\]", "-", title)[:31] or ("About" if about else "data")
    if about:
        return name
    return "data" if name.lower() in ("about", _("About").lower()) else name
