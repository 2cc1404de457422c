"""What a reader hands the validator: each table as text, with the Excel row of each line.

Its own module so that every reader (etl.read for workbooks and CSV folders, etl.keep for
keep.eu's export) and the validator import it without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from etl.problems import Problem

ROW = "_row"  # the Excel row number of each data row (header is row 1)
RECORD = "_record"  # optional: each row's key as an adapter names it (etl.keep), for problems


@dataclass
class RawTable:
    """One sheet or CSV file, columns renamed to the contract's names, all values text."""

    table: str
    file: str
    sheet: str | None
    frame: pl.DataFrame
    headers: dict[str, str] = field(default_factory=dict)  # contract name -> header as written
    numeric: set[str] = field(default_factory=set)  # columns Excel stored as numbers


@dataclass
class RawInput:
    source: str
    sha256: str
    tables: dict[str, RawTable]
    problems: list[Problem]
    from_template: bool = False  # a workbook made from `python -m etl template` (its README)
