"""One problem found in the input, located as the user sees it in Excel."""

from __future__ import annotations

from dataclasses import KW_ONLY, dataclass

ERROR = "error"
WARNING = "warning"


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
    def where(self) -> str:
        parts = [self.file]
        if self.sheet:
            parts.append(f"sheet {self.sheet}")
        if self.row is not None:
            parts.append(f"row {self.row} ({self.record})" if self.record else f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column}")
        return ", ".join(parts)

    def __str__(self) -> str:
        text = f"{self.severity}: {self.where}: "
        if self.value is not None:
            shown = self.value if len(self.value) <= 60 else self.value[:57] + "..."
            text += f"{shown!r}: "
        text += self.message
        if self.hint:
            text += f" ({self.hint})"
        return text

    def as_row(self) -> dict[str, object]:
        """For tables and downloads: one column per part."""
        return {
            "severity": self.severity,
            "file": self.file,
            "sheet": self.sheet,
            "row": self.row,
            "record": self.record,
            "column": self.column,
            "value": self.value,
            "problem": self.message,
            "hint": self.hint,
        }


class LoadFailed(Exception):
    """The input has errors: nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        errors = sum(p.is_error for p in problems)
        super().__init__(f"{errors} error(s) in the input; the database was not changed")
