"""One problem found in the input, located as the user sees it in Excel."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import KW_ONLY, dataclass
from pathlib import PurePath

from etl.contract import TABLES
from i18n import N_, _, p_

ERROR = "error"
WARNING = "warning"
# How a severity is written for people (the codes above stay what the code compares)
# Translators: the severity of a problem found in the input (a column of the Data page)
SEVERITY_LABELS = {ERROR: N_("error"), WARNING: N_("warning")}


@dataclass(frozen=True, order=True)
class Problem:
    severity: str
    file: str
    _: KW_ONLY  # where and what by name: Problem(ERROR, file, sheet=..., row=..., message=...)
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None
    message: str = ""
    hint: str | None = None
    record: str | None = None  # the row's key as the user wrote it: "partner_id GSSC-P1"

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    @property
    def severity_label(self) -> str:
        """The severity as people read it: error, warning (in the language of the run)."""
        label = SEVERITY_LABELS.get(self.severity)
        return _(label) if label else self.severity

    @property
    def where(self) -> str:
        """The place, as a list of its parts: file, sheet, row (with the record), column."""
        parts = [self.file]
        if self.sheet:
            # Translators: where a problem is: the sheet of a workbook, by its name
            parts.append(_("sheet {sheet}", sheet=self.sheet))
        if self.row is not None:
            if self.record:
                # Translators: {row} is the row number in Excel; {record} names the row's key
                # as the file wrote it: partner_id GSSC-P1
                parts.append(_("row {row} ({record})", row=self.row, record=self.record))
            else:
                parts.append(_("row {row}", row=self.row))
        if self.column:
            # Translators: {column} is the column's header as written in the file
            parts.append(_("column {column}", column=self.column))
        # Translators: the separator between the parts of a place (file, sheet, row, column)
        return p_("between the parts of a place", ", ").join(parts)

    def __str__(self) -> str:
        values = {"severity": self.severity_label, "where": self.where, "message": self.message}
        if self.value is not None:
            shown = self.value if len(self.value) <= 60 else self.value[:57] + "..."
            values["value"] = repr(shown)
        if self.hint:
            values["hint"] = self.hint
        # Translators: one problem line of the loader; {value} is the cell's content quoted as
        # typed, {hint} how to correct it
        if "value" in values and "hint" in values:
            return _("{severity}: {where}: {value}: {message} ({hint})", **values)
        if "value" in values:
            return _("{severity}: {where}: {value}: {message}", **values)
        if "hint" in values:
            return _("{severity}: {where}: {message} ({hint})", **values)
        return _("{severity}: {where}: {message}", **values)

    def as_row(self) -> dict[str, object]:
        """For tables and downloads: one column per part."""
        return {
            "severity": self.severity_label,
            "file": self.file,
            "sheet": self.sheet,
            "row": self.row,
            "record": self.record,
            "column": self.column,
            "value": self.value,
            "problem": self.message,
            "hint": self.hint,
        }


def in_sheet_order(problems: Iterable[Problem]) -> list[Problem]:
    """Problems as someone correcting the workbook walks it: those about the whole file first,
    then sheet by sheet in the workbook's order (a CSV file by the sheet it stands for), each
    sheet's from its top row down (the sheet's own problems before its rows'), in the order
    found within a row."""
    order = {name: i for i, name in enumerate(TABLES)}

    def key(item: tuple[int, Problem]) -> tuple[int, str, int, int]:
        found, p = item
        sheet = p.sheet or PurePath(p.file).stem
        if sheet not in order and p.sheet is None:
            return (-1, "", -1, found)
        return (order.get(sheet, len(order)), sheet, -1 if p.row is None else p.row, found)

    return [p for _, p in sorted(enumerate(problems), key=key)]


class LoadFailed(Exception):
    """The input has errors: nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        errors = sum(p.is_error for p in problems)
        super().__init__(f"{errors} error(s) in the input; the database was not changed")
