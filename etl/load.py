"""The whole load: read, validate, and write only when there is no error."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from etl.problems import LoadFailed, Problem
from etl.raw import RawInput
from etl.read import read_input
from etl.validate import Dataset, validate
from etl.write import StagedDatabase


@dataclass
class LoadResult:
    dataset: Dataset
    counts: dict[str, int]

    @property
    def warnings(self) -> list[Problem]:
        return self.dataset.warnings


def check(path: Path | str) -> Dataset:
    """What `load` would find in a workbook or CSV folder, writing nothing. The Data page does
    not use it: it reads the uploaded bytes (read_workbook_bytes, read_csv_files) and validates
    them itself."""
    return validate(read_input(path))


def load_raw(raw: RawInput, db: Path | str) -> LoadResult:
    """Check `raw` and, when there is no error, swap it in as `db`.

    The large tables are written to the new file while the others are still checked; any
    error discards that file, so `db` is replaced whole or not at all."""
    staged = StagedDatabase(Path(db))
    try:
        dataset = validate(raw, ready=staged.add)
        if dataset.errors:
            raise LoadFailed(dataset.problems)
        counts = staged.commit(
            dataset.tables, dataset.source, dataset.sha256, len(dataset.warnings)
        )
    finally:
        staged.discard()
    return LoadResult(dataset, counts)


def load(path: Path | str, db: Path | str) -> LoadResult:
    """Load a workbook or CSV folder into `db`, all or nothing; raises LoadFailed on errors."""
    return load_raw(read_input(path), db)
