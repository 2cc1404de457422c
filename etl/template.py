"""A blank workbook of the contract: headers, an example row, drop-downs for controlled columns.

Drop-downs warn rather than refuse, because the loader also accepts the synonyms people type.
The README sheet, the headers' notes and the drop-downs' prompts are in the language of the run
(`python -m etl template FILE.xlsx --lang de`); sheet and column names, the example row and the
listed values stay as the loader reads them.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

import pycountry
import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from etl.catalogue import CATALOGUE
from etl.contract import EXPECTED, TABLES, VOCABULARIES, Column
from etl.parse import country_name
from i18n import _

MAX_ROWS = 5000  # rows covered by the drop-downs


def _country_names() -> list[str]:
    return sorted({country_name(c.alpha_2) for c in pycountry.countries} | {"Kosovo"})


def write_template(path: Path | str | BinaryIO) -> None:
    """Write to a file name or a binary buffer (for a download)."""
    target = path if hasattr(path, "write") else str(path)
    book = xlsxwriter.Workbook(target, {"in_memory": True})
    bold = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True})
    required = book.add_format(
        {"bold": True, "bg_color": "#FCE4D6", "border": 1, "text_wrap": True}
    )
    lists = _write_lists(book)
    _write_readme(book)
    for table in TABLES.values():
        sheet = book.add_worksheet(table.name)
        sheet.freeze_panes(1, 0)
        ids = {c.name: i for i, c in enumerate(table.columns)}
        for i, col in enumerate(table.columns):
            sheet.write(
                0, i, col.name + ("*" if col.required else ""), required if col.required else bold
            )
            # Translators: the note on a header of the template workbook; {description} is the
            # column's description, {expected} what a cell holds ("a whole number of 0 or more").
            note = _(
                "{description}. Expected: {expected}.",
                description=_(col.description) if col.description else "",
                expected=_expected(col),
            )
            sheet.write_comment(0, i, note, {"x_scale": 2, "y_scale": 1.5})
            sheet.set_column(i, i, max(14, len(col.name) + 4, min(len(col.example) + 2, 40)))
            if col.example:
                sheet.write_string(1, i, col.example)
            validation = _validation(col, lists, ids)
            if validation:
                sheet.data_validation(1, i, MAX_ROWS, i, validation)
    book.close()


def _expected(col: Column) -> str:
    """What a cell of `col` holds, in the language of the run; a list's values as typed."""
    if col.vocabulary and col.kind.startswith("vocab"):
        return ", ".join(VOCABULARIES[col.vocabulary].canonical)
    return _(EXPECTED[col.kind])


def _write_lists(book: xlsxwriter.Workbook) -> dict[str, str]:
    """A hidden sheet holding the drop-down lists, which are too long to write inline."""
    sheet = book.add_worksheet("lists")
    ranges: dict[str, str] = {}
    columns = {name: v.canonical for name, v in VOCABULARIES.items()}
    columns["country"] = _country_names()
    columns["yesno"] = ["yes", "no"]
    columns["common_indicators"] = list(CATALOGUE)
    for i, (name, values) in enumerate(columns.items()):
        sheet.write(0, i, name)
        for j, value in enumerate(values, start=1):
            sheet.write_string(j, i, value)
        letter = xl_col_to_name(i)
        ranges[name] = f"=lists!${letter}$2:${letter}${len(values) + 1}"
    sheet.hide()
    return ranges


def _validation(col: Column, lists: dict[str, str], ids: dict[str, int]) -> dict | None:
    message = {"input_title": col.name[:32], "input_message": _expected(col)[:255]}
    warn = {"error_type": "warning", **message}
    if col.kind == "vocab" and col.vocabulary:
        return {"validate": "list", "source": lists[col.vocabulary], **warn}
    if col.kind in ("country", "yesno"):
        return {"validate": "list", "source": lists[col.kind], **warn}
    if col.offers:  # offered, not required: another value is a warning the user may accept
        return {"validate": "list", "source": lists[col.offers], **warn}
    if col.references and col.kind == "id":
        table, column = col.references
        letter = xl_col_to_name(TABLES[table].column_names.index(column))
        source = f"={table}!${letter}$2:${letter}${MAX_ROWS}"
        return {"validate": "list", "source": source, **warn}
    if col.kind == "date":
        return {
            "validate": "date",
            "criteria": "between",
            "minimum": _date(1990),
            "maximum": _date(2100),
            **warn,
        }
    if col.kind in ("amount", "quantity"):
        return {"validate": "decimal", "criteria": ">=", "value": 0, **warn}
    if col.kind == "int":
        return {"validate": "integer", "criteria": ">=", "value": 0, **warn}
    if col.kind in ("latitude", "longitude"):
        limit = 90 if col.kind == "latitude" else 180
        return {
            "validate": "decimal",
            "criteria": "between",
            "minimum": -limit,
            "maximum": limit,
            **warn,
        }
    return None


def _date(year: int):
    from datetime import date

    return date(year, 1, 1)


def _write_readme(book: xlsxwriter.Workbook) -> None:
    sheet = book.add_worksheet("README")
    sheet.set_column(0, 0, 110)
    # Translators: the README sheet of the template workbook, one paragraph per message; each
    # line break starts a new row of the sheet (keep rows under about 100 characters).
    paragraphs = [
        _("Programme results workbook"),
        "",
        _(
            "One sheet per table. Columns marked * are required. "
            "Row 1 holds the headers; keep them."
        ),
        _("Only 'programmes' must be filled; an empty or missing sheet loads as an empty table."),
        _("Every sheet may have a 'source' column saying where the row's facts come from."),
        _("Do not add names, e-mails or phone numbers of people: organisations are the unit."),
        _("Drop-downs list the expected values; common synonyms are accepted too."),
        _(
            "Amounts in euro (1234.50, 1.234,50 € or 1,234.50); dates as 2021-09-15, 15/09/2021,\n"
            "15.09.2021 or Excel dates; countries by English name or ISO code."
        ),
        _(
            "Row 2 of each sheet is an example (one consistent example: a programme, its budget,\n"
            "a mission to Da Nang): overwrite it with your own data or delete it. "
            "A load that still\n"
            "holds an example row exactly as written here stops with an error naming it, rather\n"
            "than a warning, because its figures would otherwise be added to every total."
        ),
        _("Load it with: python -m etl load this-file.xlsx (or from the dashboard's Data page)."),
    ]
    lines = [line for paragraph in paragraphs for line in paragraph.split("\n")]
    for i, line in enumerate(lines):
        sheet.write_string(i, 0, line)
    sheet.activate()
