"""The whole load: read, validate, and write only when there is no error."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from etl.problems import LoadFailed, Problem
from etl.read import RawInput, read_input
from etl.validate import Dataset, validate
from etl.write import write_database


@dataclass
class LoadResult:
    dataset: Dataset
    counts: dict[str, int]

    @property
    def warnings(self) -> list[Problem]:
        return self.dataset.warnings


def check(path: Path | str) -> Dataset:
    """Validate without writing anything (for previews and the data page)."""
    return validate(read_input(path))


def load_raw(raw: RawInput, db: Path | str) -> LoadResult:
    dataset = validate(raw)
    if dataset.errors:
        raise LoadFailed(dataset.problems)
    counts = write_database(
        dataset.tables, Path(db), dataset.source, dataset.sha256, len(dataset.warnings)
    )
    return LoadResult(dataset, counts)


def load(path: Path | str, db: Path | str) -> LoadResult:
    """Load a workbook or CSV folder into `db`, all or nothing; raises LoadFailed on errors."""
    return load_raw(read_input(path), db)
