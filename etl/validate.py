"""Turn the text tables into typed tables, collecting every problem in one pass.

Errors stop the load; warnings do not. Each value is parsed once per distinct value (a column of two
million contacts holds a few hundred countries), so validation stays fast on large files.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import polars as pl
from rapidfuzz import fuzz

from etl import parse
from etl.catalogue import CATALOGUE, suggestion
from etl.contract import COUNTED_INDICATORS, TABLES, Column
from etl.geocode import geocode_many
from etl.problems import ERROR, WARNING, Problem
from etl.raw import RECORD, ROW, RawInput, RawTable
from i18n import N_, _, n_

MAX_ROWS_PER_PROBLEM = 50  # past this, one line says how many more rows have the same problem

POLARS_TYPES: dict[str, pl.DataType] = {
    "id": pl.String(),
    "text": pl.String(),
    "city": pl.String(),
    "date": pl.Date(),
    "amount": pl.Decimal(14, 2),
    "quantity": pl.Decimal(14, 2),
    "int": pl.Int32(),
    "latitude": pl.Float64(),
    "longitude": pl.Float64(),
    "country": pl.String(),
    "vocab": pl.String(),
    "vocab_list": pl.String(),
    "id_list": pl.String(),
    "yesno": pl.Boolean(),
}


@dataclass
class Dataset:
    """Typed tables ready to write, in the contract's column order, plus derived helper tables."""

    tables: dict[str, pl.DataFrame]
    problems: list[Problem]
    source: str = ""
    sha256: str = ""
    rows: dict[str, pl.Series] = field(default_factory=dict)  # Excel row numbers per table

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


def _parser(col: Column) -> Callable[[str], Any]:
    if col.kind == "vocab":
        return partial(parse.parse_vocab, vocabulary=col.vocabulary)
    if col.kind == "vocab_list":
        return lambda s: ";".join(parse.parse_vocab_list(s, col.vocabulary))
    if col.kind == "id_list":
        return lambda s: ";".join(parse.parse_id_list(s))
    return {
        "id": parse.parse_id,
        "text": parse.parse_text,
        "city": parse.parse_text,
        "date": parse.parse_date,
        "amount": parse.parse_amount,
        "quantity": parse.parse_quantity,
        "int": parse.parse_int,
        "latitude": parse.parse_latitude,
        "longitude": parse.parse_longitude,
        "country": parse.parse_country,
        "yesno": parse.parse_yesno,
    }[col.kind]


class _Checker:
    """Collects problems for one table, located by file, sheet, Excel row and column header."""

    def __init__(self, raw: RawTable, problems: list[Problem]) -> None:
        self.raw = raw
        self.problems = problems

    def header(self, column: str) -> str:
        return self.raw.headers.get(column, column)

    def records(self, rows: list[int]) -> list[str | None]:
        """Each row's key as written ("partner_id GSSC-P1"), so that a problem line names the
        record as well as its Excel row; an adapter's own names (RECORD) win."""
        frame = self.raw.frame
        if RECORD in frame.columns:
            label = pl.col(RECORD)
        else:
            columns = [c for c in TABLES[self.raw.table].record_columns if c in frame.columns]
            if not columns or not rows:
                return [None] * len(rows)
            named = [pl.lit(f"{self.header(c)} ") + pl.col(c) for c in columns]
            label = pl.concat_str(named, separator=", ", ignore_nulls=True)
            if TABLES[self.raw.table].column(columns[0]).unique:  # an id names its row alone
                label = pl.coalesce(named[0], label)
        found = frame.filter(pl.col(ROW).is_in(rows)).select(ROW, label.alias("_record"))
        names = dict(found.iter_rows())
        return [names.get(row) or None for row in rows]

    def table_problem(
        self, severity: str, message: str, column: str | None = None, hint: str | None = None
    ) -> None:
        self.problems.append(
            Problem(
                severity,
                self.raw.file,
                sheet=self.raw.sheet,
                column=self.header(column) if column else None,
                message=message,
                hint=hint,
            )
        )

    def rows(
        self,
        severity: str,
        frame: pl.DataFrame,
        column: str | None,
        message: str,
        hint: str | Callable[[Any], str | None] | None = None,
        hint_column: str | None = None,
    ) -> None:
        """One problem per offending row, capped, then a count of the rest.

        `hint` is a text or a function of the bad value; `hint_column` takes it from the frame.
        """
        if frame.is_empty():
            return
        shown = frame.head(MAX_ROWS_PER_PROBLEM)
        rows = shown.get_column(ROW).to_list()
        values = shown.get_column(column).to_list() if column else [None] * len(rows)
        hints = shown.get_column(hint_column).to_list() if hint_column else [None] * len(rows)
        records = self.records(rows)
        for row, value, given_hint, record in zip(rows, values, hints, records, strict=True):
            text = None if value is None else str(value)
            row_hint = hint(value) if callable(hint) else (hint or given_hint)
            self.problems.append(
                Problem(
                    severity,
                    self.raw.file,
                    sheet=self.raw.sheet,
                    row=row,
                    column=self.header(column) if column else None,
                    value=text,
                    message=message,
                    hint=row_hint,
                    record=record,
                )
            )
        rest = frame.height - shown.height
        if rest:
            # Translators: {rest} is how many rows past the first 50; {message} the problem
            more = n_(
                "... and {rest} more row(s) with the same problem: {message}",
                "... and {rest} more row(s) with the same problem: {message}",
                rest,
                rest=rest,
                message=message,
            )
            self.table_problem(severity, more, column)


def _text(template: str, **columns: pl.Expr) -> pl.Expr:
    """A translated `template` filled, row by row, with the columns given for its placeholders
    ("starts {date}"), in the order the translation puts them; null where one of them is."""
    parts: list[pl.Expr] = []
    for literal, name, _spec, _conversion in string.Formatter().parse(template):
        if literal:
            parts.append(pl.lit(literal))
        if name is not None:
            parts.append(columns[name])
    return pl.concat_str(parts)


# Tables whose checked rows are final as soon as they are typed (the checks that follow only
# read them): `validate` hands them to `ready` at once, so the loader can write the largest ones
# while the rest is checked.
_FINAL_WHEN_TYPED = ("contacts", "delegations", "budget", "expenses")


def validate(raw: RawInput, ready: Callable[[str, pl.DataFrame], None] | None = None) -> Dataset:
    """Parse and check every table; the returned Dataset carries all problems found.

    `ready(name, rows)`, if given, receives each table of _FINAL_WHEN_TYPED, in its final
    columns, as soon as it is typed: the same rows the Dataset will hold. Whether to use them
    is the caller's decision after the whole check (a later table can still have errors)."""
    problems = list(raw.problems)
    typed: dict[str, pl.DataFrame] = {}
    final: dict[str, pl.DataFrame] = {}  # tables final once typed (_FINAL_WHEN_TYPED)
    checkers: dict[str, _Checker] = {}
    for name, contract in TABLES.items():
        table = raw.tables.get(name)
        if table is None:
            table = RawTable(
                name, _source_name(raw), None, pl.DataFrame({ROW: []}, schema={ROW: pl.Int64})
            )
            if contract.required:
                problems.append(
                    Problem(
                        ERROR,
                        table.file,
                        # Translators: {name} is a table of the data (a sheet or CSV file): budget
                        message=_("the required sheet or file '{name}' is missing", name=name),
                    )
                )
            elif not contract.optional:
                problems.append(
                    Problem(
                        WARNING,
                        table.file,
                        message=_("no sheet or file '{name}': loaded as an empty table", name=name),
                    )
                )
        checker = _Checker(table, problems)
        checkers[name] = checker
        _check_example_rows(table, checker, raw.from_template)
        typed[name] = _type_table(table, checker)
        if name == "contacts":
            typed[name] = _with_organisation_id_and_number(typed[name])
        elif name == "delegations":
            typed[name] = _with_organisation_id(typed[name])
        if name in _FINAL_WHEN_TYPED:
            final[name] = _final_columns(name, typed[name])
            if ready is not None:
                ready(name, final[name])
        if name == "missions":
            # Towns are placed in the background while the large tables are checked: the
            # gazetteer is pure Python, the checks are polars, which leaves the GIL and a core.
            geocoding = _GEOCODER.submit(
                geocode_many, _towns_to_place(typed["partners"], typed["missions"])
            )

    _check_uniqueness(typed, checkers)
    _check_references(typed, checkers)
    _check_dates(typed, checkers)
    _check_periods(typed, checkers["periods"])
    _check_amounts(typed, checkers)
    _check_missions(typed, checkers)
    _check_targets(typed, checkers["targets"])
    places = geocoding.result()
    _warn_townless(typed["partners"], checkers["partners"])
    typed["partners"] = _place(typed["partners"], checkers["partners"], places)
    typed["missions"] = _place(typed["missions"], checkers["missions"], places)

    rows = {name: frame.get_column(ROW) for name, frame in typed.items()}
    tables = {
        name: final[name] if name in final else _final_columns(name, frame)
        for name, frame in typed.items()
    }
    tables.update(_helper_tables(tables))
    return Dataset(tables, problems, raw.source, raw.sha256, rows)


EXAMPLE_ROW_MESSAGE = N_(
    "the template's example row is still here: it would load as real data, its figures added "
    "to every total"
)


# Translators: {table} is the name of a sheet of the template (missions); keep the command
EXAMPLE_VALUE_MESSAGE = N_(
    "the template's example value (python -m etl template: row 2 of its {table} sheet) is still "
    "here: it would load as your data"
)
COINCIDENT_KINDS = ("vocab", "yesno")  # a value from a short list, which real data often holds


def _check_example_rows(raw: RawTable, checker: _Checker, from_template: bool) -> None:
    """A row equal, in every column the template fills, to the template's example is an error;
    in a workbook made from the template, so is each example value left in the example's place
    (row 2), one cell at a time.

    The template ships one consistent example (a programme, a budget line, a mission to Da Nang)
    to show the forms; left in, it would load with no warning and inflate every total, so the
    load stops until the row is deleted or overwritten. A row overwritten but for a cell (the
    code RCO87 of the targets example) would show that cell on the pages: each such cell is an
    error, or a warning where the value is one of a short list that real data often holds too
    (a role 'partner', a type 'cluster'). Only there: the examples are real values of the demo
    programme, whose own files hold them in row 2 as data.
    """
    example = {c.name: c.example for c in TABLES[raw.table].columns if c.example}
    frame = raw.frame
    if not example or frame.is_empty():
        return
    present = {c: v for c, v in example.items() if c in frame.columns}
    if set(example) <= set(frame.columns):
        key = next(iter(example))
        candidates = frame.filter(pl.col(key).cast(pl.String).str.strip_chars() == example[key])
        found = candidates.filter(
            pl.all_horizontal(
                pl.col(c).cast(pl.String).str.strip_chars() == v for c, v in example.items()
            )
        )
        checker.rows(
            ERROR,
            found,
            key,
            _(EXAMPLE_ROW_MESSAGE),
            hint=_("delete the row, or overwrite it with your own data"),
        )
        if not found.is_empty():
            frame = frame.filter(~pl.col(ROW).is_in(found.get_column(ROW).implode()))
    in_place = frame.filter(pl.col(ROW) == 2)
    if not from_template or in_place.is_empty():
        return
    kinds = {c.name: c.kind for c in TABLES[raw.table].columns}
    for column, value in present.items():
        left = in_place.filter(pl.col(column).cast(pl.String).str.strip_chars() == value)
        checker.rows(
            WARNING if kinds[column] in COINCIDENT_KINDS else ERROR,
            left,
            column,
            _(EXAMPLE_VALUE_MESSAGE, table=raw.table),
            hint=_("overwrite it with your own value, or clear the cell"),
        )


def _source_name(raw: RawInput) -> str:
    return re.split(r"[\\/]", raw.source.rstrip("/\\"))[-1] or raw.source


def _type_table(raw: RawTable, checker: _Checker) -> pl.DataFrame:
    contract = TABLES[raw.table]
    frame = raw.frame
    present = set(frame.columns)
    if raw.frame.columns != [ROW] or raw.sheet or raw.headers:
        for col in contract.columns:
            if col.required and col.name not in present:
                checker.table_problem(
                    ERROR,
                    _("the required column '{column}' is missing", column=col.name),
                    col.name,
                    hint=_("add it to the header row (row 1)"),
                )
    out = [pl.col(ROW)]
    fast = _fast_paths(frame, [c for c in contract.columns if c.name not in raw.numeric])
    distinct = _distinct_rest(frame, [c.name for c in contract.columns if c.name in present], fast)
    for col in contract.columns:
        if col.name not in present:
            out.append(pl.lit(None, dtype=POLARS_TYPES[col.kind]).alias(col.name))
            continue
        series = _parse_column(
            frame, col, checker, col.name in raw.numeric, fast.get(col.name), distinct[col.name]
        )
        out.append(pl.lit(series).alias(col.name))
        if col.required:
            missing = frame.filter(pl.col(col.name).is_null())
            if not missing.is_empty():
                checker.rows(ERROR, missing, col.name, _("a value is required here"))
    for col in contract.columns:
        if col.keep_typed:
            out.append(_typed_wording(frame, col).alias(f"{col.name}_typed"))
    return frame.select(out)


def _typed_wording(frame: pl.DataFrame, col: Column) -> pl.Expr:
    """The wording typed for a controlled value, where it is the programme's own: "External
    services" for the key subcontracting; None where the cell names the key itself ("travel",
    "Travel") or is not a value of the list. One parse per distinct value, no Python callback
    inside Polars."""
    if col.name not in frame.columns:
        return pl.lit(None, dtype=pl.String)
    wordings: dict[str, str | None] = {}
    for value in frame.get_column(col.name).cast(pl.String).drop_nulls().unique().to_list():
        text = " ".join(value.split())
        try:
            key = parse.parse_vocab(text, col.vocabulary or "")
        except parse.ParseError:
            wordings[value] = None
            continue
        wordings[value] = None if parse.fold(text) == parse.fold(key) else text
    return (
        pl.col(col.name)
        .cast(pl.String)
        .replace_strict(wordings, default=None, return_dtype=pl.String)
    )


# Values already written the one way the parser would return them, recognised and converted
# column-wide in polars: at two million rows, amounts, dates, ids and names have too many distinct
# values to parse one by one in Python. Anything else (other date forms, thousands separators,
# "EUR", negative amounts, stray spaces, every value in error) takes the Python parser, so results
# and messages do not depend on which path a value took. Patterns use ASCII classes only, and the
# text pattern leaves out the four characters (\x1c-\x1f) Python counts as spaces and polars not.
_CANONICAL_TEXT = r"^[^\s\x1c-\x1f]+( [^\s\x1c-\x1f]+)*$"
_SAME = None  # a form whose values are already the parser's result: the column is kept as it is
_AMOUNT_FORMS: tuple[tuple[str, Callable[[pl.Expr], pl.Expr]], ...] = (
    # At most 12 digits: never above parse.MAX_AMOUNT. No sign: "-0" is Decimal("-0.00")
    # there.
    (r"^[0-9]{1,12}(\.[0-9]{1,2})?$", lambda e: e.cast(pl.Decimal(14, 2), strict=False)),
    # European: 1.234.567,89 €, € 1.234,5, 1.234 (thousands dots in groups of three,
    # decimal comma, the euro sign before or after). At most 12 digits again; "1,234"
    # (a thousands comma to parse_amount) does not match: decimals are one or two digits.
    (
        r"^(€ ?)?[0-9]{1,3}(\.[0-9]{3}){0,3}(,[0-9]{1,2})?( ?€)?$",
        lambda e: (
            e.str.replace_all(r"[€ .]", "")
            .str.replace(",", ".", literal=True)
            .cast(pl.Decimal(14, 2), strict=False)
        ),
    ),
)
# Per kind, the forms recognised column-wide: (pattern, conversion of the matching values).
_FAST_PATHS: dict[str, tuple[tuple[str, Callable[[pl.Expr], pl.Expr] | None], ...]] = {
    "id": ((r"^[A-Za-z0-9][A-Za-z0-9_./-]*$", _SAME),),
    "text": ((_CANONICAL_TEXT, _SAME),),
    "city": ((_CANONICAL_TEXT, _SAME),),
    "amount": _AMOUNT_FORMS,
    # Read as amounts are (parse_quantity is parse_amount with its own message).
    "quantity": _AMOUNT_FORMS,
    # Years 1900-2099 only, as parse_date accepts; impossible days (02-30) come out null and
    # go to the Python parser for their error message. dd/mm/yyyy and dd.mm.yyyy are what
    # parse_date makes of them too (its earlier formats start with a four-digit year).
    "date": (
        (r"^(19|20)[0-9]{2}-[0-9]{2}-[0-9]{2}$", lambda e: e.str.to_date("%Y-%m-%d", strict=False)),
        (r"^[0-9]{2}/[0-9]{2}/(19|20)[0-9]{2}$", lambda e: e.str.to_date("%d/%m/%Y", strict=False)),
        (
            r"^[0-9]{2}\.[0-9]{2}\.(19|20)[0-9]{2}$",
            lambda e: e.str.to_date("%d.%m.%Y", strict=False),
        ),
    ),
}


def _fast_paths(
    frame: pl.DataFrame, columns: list[Column]
) -> dict[str, tuple[pl.Series, pl.Series]]:
    """Per column with a fast path: (handled, parsed), which values are in a recognised form
    and their typed value (where not handled, parsed is null or, for a form kept as it is,
    the value itself). One select for all columns, so polars checks them in parallel."""
    exprs: list[pl.Expr] = []
    for col in columns:
        if col.kind not in _FAST_PATHS or col.name not in frame.columns:
            continue
        if frame.get_column(col.name).null_count() == frame.height:
            continue  # nothing to parse
        value = pl.col(col.name)
        forms = _FAST_PATHS[col.kind]
        matches = [value.str.contains(pattern).fill_null(False) for pattern, _ in forms]
        if len(forms) == 1 and forms[0][1] is _SAME:
            # No copy of the column: where not handled, the parser's result is used instead.
            exprs += [matches[0].alias(f"handled:{col.name}"), value.alias(f"parsed:{col.name}")]
            continue
        chain = pl.when(matches[0]).then(forms[0][1](value))
        for match, (_pattern, convert) in zip(matches[1:], forms[1:], strict=True):
            chain = chain.when(match).then(convert(value))
        parsed = chain.otherwise(None).cast(POLARS_TYPES[col.kind])
        exprs += [
            (pl.any_horizontal(matches) & parsed.is_not_null()).alias(f"handled:{col.name}"),
            parsed.alias(f"parsed:{col.name}"),
        ]
    if not exprs:
        return {}
    out = frame.lazy().select(exprs).collect()
    names = [c[len("handled:") :] for c in out.columns if c.startswith("handled:")]
    return {n: (out.get_column(f"handled:{n}"), out.get_column(f"parsed:{n}")) for n in names}


def _distinct_rest(
    frame: pl.DataFrame, columns: list[str], fast: dict[str, tuple[pl.Series, pl.Series]]
) -> dict[str, list[str]]:
    """Per column, the distinct values its fast path did not handle: what the Python parser
    will see. One select for all columns, so polars finds them in parallel."""
    handled = {f"handled:{c}": fast[c][0] for c in columns if c in fast}
    lazy = frame.lazy().with_columns(**handled) if handled else frame.lazy()
    exprs = [
        (pl.col(c).filter(~pl.col(f"handled:{c}")) if c in fast else pl.col(c))
        .drop_nulls()
        .unique()
        .implode()
        .alias(c)
        for c in columns
    ]
    if not exprs:
        return {}
    row = lazy.select(exprs).collect().row(0, named=True)
    return {c: row[c] for c in columns}


def _parse_column(
    frame: pl.DataFrame,
    col: Column,
    checker: _Checker,
    numeric: bool,
    fast: tuple[pl.Series, pl.Series] | None = None,
    distinct: list[str] | None = None,
) -> pl.Series:
    """Parse each distinct value once; report every row holding a value that cannot be read.

    `fast` is the column's (handled, parsed) from _fast_paths: the values it handled are not
    parsed again; `distinct` (from _distinct_rest) the others' distinct values, if known."""
    values = frame.get_column(col.name)
    parser = _parser(col)
    if numeric and col.kind in ("amount", "quantity"):
        parser = lambda s: parse.amount_from_number(float(s))  # noqa: E731
        fast = None
        distinct = None  # computed without the fast path's help: still every value, though
    if fast is not None and fast[0].all():
        return fast[1].alias(col.name)  # every value was in canonical form
    if distinct is None:
        rest = values if fast is None else values.filter(~fast[0])
        distinct = rest.drop_nulls().unique().to_list()
    mapping: dict[str, Any] = {}
    failures: dict[str, parse.ParseError] = {}
    for value in distinct:
        try:
            mapping[value] = parser(value)
        except parse.ParseError as exc:
            failures[value] = exc
    if failures:
        bad = frame.filter(pl.col(col.name).is_in(list(failures))).sort(ROW)
        by_expected: dict[str, list[str]] = {}
        for value, exc in failures.items():
            by_expected.setdefault(exc.expected, []).append(value)
        for expected, bad_values in by_expected.items():
            checker.rows(
                ERROR,
                bad.filter(pl.col(col.name).is_in(bad_values)),
                col.name,
                # Translators: {expected} says what the column takes: a date such as 2021-09-15
                _("expected {expected}", expected=_(expected)),
                hint=lambda v: failures[v].hint,
            )
    dtype = POLARS_TYPES[col.kind]
    if fast is not None and not mapping and not failures:
        return fast[1].alias(col.name)  # every value was in canonical form
    if (
        fast is None
        and not failures
        and dtype == pl.String
        and all(k == v for k, v in mapping.items())
    ):
        return values  # text already as the parser returns it (ISO codes, canonical values)
    if not mapping:
        slow = pl.Series(col.name, [], dtype=dtype).extend_constant(None, frame.height)
    else:
        slow = values.replace_strict(mapping, default=None, return_dtype=dtype)
    if fast is None:
        return slow
    handled, parsed = fast
    return pl.select(
        pl.when(pl.lit(handled)).then(pl.lit(parsed)).otherwise(pl.lit(slow)).alias(col.name)
    ).to_series()


def _check_uniqueness(typed: dict[str, pl.DataFrame], checkers: dict[str, _Checker]) -> None:
    for name, contract in TABLES.items():
        frame = typed[name]
        keys = [[c.name] for c in contract.columns if c.unique]
        if len(contract.key) > 1:
            keys.append(list(contract.key))
        for key in keys:
            present = frame.select(ROW, *key).drop_nulls(key)
            if len(key) == 1 and _strictly_increasing(present.get_column(key[0])):
                continue  # ids in order (C0001, C0002, ...): no two alike, seen in one pass
            if present.n_unique(key) == present.height:
                continue  # the usual case, and much cheaper to learn than which rows repeat
            duplicated = pl.col(key[0]) if len(key) == 1 else pl.struct(key)
            dup = present.filter(duplicated.is_duplicated()).sort(ROW)
            if dup.is_empty():
                continue
            first = dup.group_by(key).agg(pl.col(ROW).min().alias("_first"))
            dup = dup.join(first, on=key).filter(pl.col(ROW) != pl.col("_first")).sort(ROW)
            label = " + ".join(key)
            dup = dup.with_columns(
                pl.concat_str([pl.col(k).cast(pl.String) for k in key], separator=" + ").alias(
                    "_value"
                )
            )
            checker = checkers[name]
            # Translators: {key} names the column(s) that must be unique: partner_id
            message = _("duplicate {key}: each must appear once", key=label)
            firsts = dict(
                zip(dup.get_column(ROW).to_list(), dup.get_column("_first").to_list(), strict=True)
            )
            shown = dup.head(MAX_ROWS_PER_PROBLEM)
            shown_rows = shown.get_column(ROW).to_list()
            records = checker.records(shown_rows)
            for row, value, record in zip(
                shown_rows, shown.get_column("_value").to_list(), records, strict=True
            ):
                checker.problems.append(
                    Problem(
                        ERROR,
                        checker.raw.file,
                        sheet=checker.raw.sheet,
                        row=row,
                        column=checker.header(key[0]) if len(key) == 1 else label,
                        value=value,
                        message=message,
                        # Translators: {row} is the row number in Excel
                        hint=_("first given in row {row}", row=firsts[row]),
                        record=record,
                    )
                )
            rest = dup.height - shown.height
            if rest:
                more = n_(
                    "... and {rest} more duplicate {key} rows",
                    "... and {rest} more duplicate {key} rows",
                    rest,
                    rest=rest,
                    key=label,
                )
                checker.table_problem(ERROR, more, key[0])


def _strictly_increasing(values: pl.Series) -> bool:
    """Each value greater than the one before: then no two are equal (a comparison of
    neighbours, cheaper than hashing two million ids)."""
    if values.len() < 2:
        return True
    return bool((values.slice(1) > values.slice(0, values.len() - 1)).all())


def _suggest(value: str, known: list[str]) -> str | None:
    cutoff = 60 if len(value) <= 5 else 75  # one wrong letter in a short code is a big share
    return parse.did_you_mean(value, known, fuzz.ratio, cutoff)


def _check_references(typed: dict[str, pl.DataFrame], checkers: dict[str, _Checker]) -> None:
    for name, contract in TABLES.items():
        frame = typed[name]
        for col in contract.columns:
            if col.references is None:
                continue
            target_table, target_col = col.references
            known = typed[target_table].get_column(target_col).drop_nulls().unique()
            values = frame.select(ROW, col.name).drop_nulls()
            if col.kind == "id_list":
                values = values.with_columns(pl.col(col.name).str.split(";")).explode(col.name)
            missing = values.filter(~pl.col(col.name).is_in(known.implode())).sort(ROW)
            known_list = known.to_list()
            checkers[name].rows(
                ERROR,
                missing,
                col.name,
                # Translators: {table}.{column}: where it was looked for (partners.partner_id)
                _("not found in {table}.{column}", table=target_table, column=target_col),
                hint=lambda v, k=known_list: _suggest(str(v), k),
            )
    # A partner, mission or budget line must belong to the programme its row names (when that
    # programme exists: an unknown programme is reported once, above).
    programmes = typed["programmes"].get_column("programme_id").drop_nulls().implode()
    partners = typed["partners"].select(
        pl.col("partner_id"), pl.col("programme_id").alias("_partner_programme")
    )
    missions = typed["missions"].select(
        pl.col("mission_id"), pl.col("programme_id").alias("_mission_programme")
    )
    for name, col, lookup, other in [
        ("budget", "partner_id", partners, "_partner_programme"),
        ("expenses", "partner_id", partners, "_partner_programme"),
        ("expenses", "mission_id", missions, "_mission_programme"),
        (
            "missions",
            "organiser",
            partners.rename({"partner_id": "organiser"}),
            "_partner_programme",
        ),
    ]:
        frame = typed[name].join(lookup, on=col, how="inner")
        wrong = frame.filter(
            (pl.col(other) != pl.col("programme_id")) & pl.col("programme_id").is_in(programmes)
        ).sort(ROW)
        checkers[name].rows(
            ERROR,
            wrong,
            col,
            _("belongs to another programme than the row's programme_id"),
            hint=None,
        )
    mp = typed["missions"].select(ROW, "programme_id", pl.col("partners").str.split(";"))
    mp = (
        mp.explode("partners")
        .drop_nulls("partners")
        .join(partners.rename({"partner_id": "partners"}), on="partners")
    )
    wrong = mp.filter(
        (pl.col("_partner_programme") != pl.col("programme_id"))
        & pl.col("programme_id").is_in(programmes)
    ).sort(ROW)
    checkers["missions"].rows(
        ERROR,
        wrong,
        "partners",
        _("partner of another programme than the mission's programme_id"),
    )


def _check_dates(typed: dict[str, pl.DataFrame], checkers: dict[str, _Checker]) -> None:
    # Translators: a hint beside an end date before its start; {date} is the start date
    starts = _("starts {date}")
    # Translators: a programme's period, beside a date outside it: 2021-01-01 to 2027-12-31
    between = _("{start} to {end}")
    for name in ("programmes", "missions"):
        frame = typed[name]
        bad = frame.filter(pl.col("end_date") < pl.col("start_date")).sort(ROW)
        bad = bad.with_columns(
            pl.col("end_date").cast(pl.String),
            _text(starts, date=pl.col("start_date").cast(pl.String)).alias("_start"),
        )
        checkers[name].rows(
            ERROR,
            bad,
            "end_date",
            _("the end date is before the start date"),
            hint_column="_start",
        )
    period = typed["programmes"].select(
        "programme_id", pl.col("start_date").alias("_p_start"), pl.col("end_date").alias("_p_end")
    )
    for name, date_col, via in [
        ("missions", "start_date", None),
        ("expenses", "date", None),
        ("contacts", "date", "missions"),
    ]:
        frame = typed[name].select(ROW, date_col, "mission_id" if via else "programme_id")
        if via:
            frame = frame.join(
                typed[via].select("mission_id", "programme_id"), on="mission_id", how="left"
            )
        frame = frame.join(period, on="programme_id", how="inner")
        outside = frame.filter(
            (pl.col(date_col) < pl.col("_p_start")) | (pl.col(date_col) > pl.col("_p_end"))
        ).sort(ROW)
        outside = outside.with_columns(
            pl.col(date_col).cast(pl.String),
            _text(
                between,
                start=pl.col("_p_start").cast(pl.String),
                end=pl.col("_p_end").cast(pl.String),
            ).alias("_period"),
        )
        checkers[name].rows(
            WARNING, outside, date_col, _("outside the programme period"), hint_column="_period"
        )


def _check_periods(typed: dict[str, pl.DataFrame], checker: _Checker) -> None:
    """Reporting periods: each ends on or after its first day, the periods of one programme do
    not overlap, and each lies within its programme's dates (a warning). Numbers are unique per
    programme by the table's key (_check_uniqueness)."""
    periods = typed["periods"]
    if periods.is_empty():
        return
    backwards = (
        periods.filter(pl.col("end_date") < pl.col("start_date"))
        .sort(ROW)
        .with_columns(
            pl.col("end_date").cast(pl.String),
            ("period " + pl.col("number").cast(pl.String) + " starts ")
            .add(pl.col("start_date").cast(pl.String))
            .alias("_start"),
        )
    )
    checker.rows(
        ERROR, backwards, "end_date", "the end date is before the start date", hint_column="_start"
    )
    sound = periods.filter(pl.col("start_date") <= pl.col("end_date")).select(
        ROW, "programme_id", "number", "start_date", "end_date"
    )
    # A period overlaps an earlier one (by first day, then row) of its programme: it is named
    # against the first of them.
    pairs = sound.join(sound, on="programme_id", suffix="_other").filter(
        (pl.col("start_date_other") <= pl.col("end_date"))
        & (pl.col("start_date") <= pl.col("end_date_other"))
        & (
            (pl.col("start_date_other") < pl.col("start_date"))
            | (
                (pl.col("start_date_other") == pl.col("start_date"))
                & (pl.col(f"{ROW}_other") < pl.col(ROW))
            )
        )
    )
    overlapping = (
        pairs.sort("start_date_other", f"{ROW}_other")
        .group_by(ROW, maintain_order=True)
        .first()
        .sort(ROW)
        .with_columns(
            pl.col("start_date").cast(pl.String),
            pl.format(
                "period {} runs from {} to {} (row {})",
                pl.col("number_other"),
                pl.col("start_date_other").cast(pl.String),
                pl.col("end_date_other").cast(pl.String),
                pl.col(f"{ROW}_other"),
            ).alias("_other"),
        )
    )
    checker.rows(
        ERROR,
        overlapping,
        "start_date",
        "the period overlaps another period of the programme: each day belongs to one period",
        hint_column="_other",
    )
    programmes = typed["programmes"].select(
        "programme_id", pl.col("start_date").alias("_p_start"), pl.col("end_date").alias("_p_end")
    )
    placed = sound.join(programmes, on="programme_id", how="inner").with_columns(
        pl.format(
            "the programme runs from {} to {}",
            pl.col("_p_start").cast(pl.String),
            pl.col("_p_end").cast(pl.String),
        ).alias("_programme")
    )
    for column, outside in (
        ("start_date", pl.col("start_date") < pl.col("_p_start")),
        ("end_date", pl.col("end_date") > pl.col("_p_end")),
    ):
        checker.rows(
            WARNING,
            placed.filter(outside).sort(ROW).with_columns(pl.col(column).cast(pl.String)),
            column,
            "the period runs outside the programme's dates",
            hint_column="_programme",
        )


def _check_amounts(typed: dict[str, pl.DataFrame], checkers: dict[str, _Checker]) -> None:
    for name, col in [
        ("programmes", "budget_eur"),
        ("programmes", "eu_contribution_eur"),
        ("budget", "amount_eur"),
        ("expenses", "amount_eur"),
        ("targets", "target"),
        ("targets", "actual"),
    ]:
        bad = typed[name].filter(pl.col(col) < 0).sort(ROW)
        checkers[name].rows(ERROR, bad, col, _("a negative amount: expected 0 or more"))
    p = typed["programmes"]
    over = p.filter(pl.col("eu_contribution_eur") > pl.col("budget_eur")).sort(ROW)
    checkers["programmes"].rows(
        ERROR, over, "eu_contribution_eur", _("the EU contribution is larger than the budget")
    )


def _is_virtual() -> pl.Expr:
    return (pl.col("format") == "virtual") | (
        (pl.col("type") == "virtual") & pl.col("format").is_null()
    )


def _check_missions(typed: dict[str, pl.DataFrame], checkers: dict[str, _Checker]) -> None:
    missions = typed["missions"]
    no_city = missions.filter(
        pl.col("city").is_null() & ~_is_virtual() & pl.col("latitude").is_null()
    ).sort(ROW)
    checkers["missions"].rows(
        ERROR, no_city, "city", _("a city is required unless the mission is virtual")
    )
    for name in ("missions", "partners"):
        frame = typed[name]
        half = frame.filter(pl.col("latitude").is_null() != pl.col("longitude").is_null())
        checkers[name].rows(
            ERROR, half.sort(ROW), "latitude", _("give both latitude and longitude, or neither")
        )


def _check_targets(typed: dict[str, pl.DataFrame], checker: _Checker) -> None:
    targets = typed["targets"]
    if targets.is_empty():
        typed["targets"] = targets.with_columns(pl.lit(None, dtype=pl.Boolean).alias("counted"))
        return
    mapping: dict[str, str] = {}
    for value in targets.get_column("indicator").drop_nulls().unique().to_list():
        try:
            mapping[value] = parse.parse_vocab(value, "indicator")
        except parse.ParseError:
            mapping[value] = value
    targets = targets.with_columns(
        pl.col("indicator").replace_strict(mapping, default=None, return_dtype=pl.String)
    ).with_columns(pl.col("indicator").is_in(list(COUNTED_INDICATORS)).alias("counted"))
    given = targets.filter(pl.col("counted") & pl.col("actual").is_not_null()).sort(ROW)
    checker.rows(
        WARNING,
        given,
        "actual",
        _("ignored: the dashboard counts this indicator from the data"),
    )
    missing = targets.filter(~pl.col("counted") & pl.col("actual").is_null()).sort(ROW)
    checker.rows(
        WARNING,
        missing,
        "indicator",
        _("not an indicator the data counts and no 'actual' given: progress cannot be shown"),
        # Translators: {indicators} lists the codes of the counted indicators (not translated)
        hint=_("counted indicators: {indicators}", indicators=", ".join(COUNTED_INDICATORS)),
    )
    unknown_code = targets.filter(
        pl.col("code").is_not_null()
        & ~pl.col("code").is_in(list(CATALOGUE))
        & ~pl.col("own_code").fill_null(False)
    ).sort(ROW)
    checker.rows(
        WARNING,
        unknown_code,
        "code",
        _("not a 2021-2027 common indicator code"),
        hint=lambda code: suggestion(str(code)),
    )
    typed["targets"] = targets.with_columns(
        pl.when(pl.col("counted")).then(None).otherwise(pl.col("actual")).alias("actual")
    )
    # Duplicates are checked on the canonical indicator, after synonyms are resolved.
    dup = (
        typed["targets"]
        .drop_nulls(["programme_id", "indicator"])
        .filter(pl.struct("programme_id", "indicator").is_duplicated())
    )
    if not dup.is_empty():
        dup = dup.filter(pl.col(ROW) != pl.col(ROW).min().over("programme_id", "indicator"))
        checker.rows(
            ERROR,
            dup.sort(ROW),
            "indicator",
            _("a second target for the same programme and indicator"),
        )


_GEOCODER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="geocode")


def _given() -> pl.Expr:
    return pl.col("latitude").is_not_null() & pl.col("longitude").is_not_null()


def _towns_to_place(*frames: pl.DataFrame) -> list[tuple[str | None, str]]:
    """Distinct (city, country) of the rows without coordinates, in the order first seen."""
    pairs: list[tuple[str | None, str]] = []
    for frame in frames:
        todo = frame.filter(~_given() & pl.col("country").is_not_null())
        pairs += todo.select("city", "country").unique(maintain_order=True).rows()
    return list(dict.fromkeys(pairs))


def _warn_townless(partners: pl.DataFrame, checker: _Checker) -> None:
    """A partner without a town is placed at its country's centre, flagged as an unplaced
    town is (keep.eu's export holds such partners)."""
    townless = partners.filter(
        ~_given() & pl.col("city").is_null() & pl.col("country").is_not_null()
    ).sort(ROW)
    checker.rows(
        WARNING,
        townless,
        "city",
        _("no town: placed at its country's centre"),
        hint=_("add the town, or latitude and longitude, to place it exactly"),
    )


def _place(
    frame: pl.DataFrame, checker: _Checker, places: dict[tuple[str | None, str], Any]
) -> pl.DataFrame:
    """Given coordinates win; else the town is geocoded offline; unplaced towns warn.

    `places` is geocode_many of (at least) the towns of this frame's rows without coordinates.
    """
    given = _given()
    lookup = pl.DataFrame(
        {
            "city": [k[0] for k in places],
            "country": [k[1] for k in places],
            "_lat": [p.latitude for p in places.values()],
            "_lon": [p.longitude for p in places.values()],
            "_precision": [p.precision for p in places.values()],
            "_matched": [p.matched for p in places.values()],
        },
        schema={
            "city": pl.String,
            "country": pl.String,
            "_lat": pl.Float64,
            "_lon": pl.Float64,
            "_precision": pl.String,
            "_matched": pl.String,
        },
    )
    frame = frame.join(lookup, on=["city", "country"], how="left", nulls_equal=True)
    unplaced = frame.filter(
        ~given & pl.col("city").is_not_null() & (pl.col("_precision") == "country")
    ).sort(ROW)
    checker.rows(
        WARNING,
        unplaced,
        "city",
        _("town not found in the offline gazetteer: placed at its country's centre"),
        hint=_("add latitude and longitude to place it exactly"),
    )
    # A matched town is shown by the gazetteer's name (Prag, PRAGUE, Pragu: Prague), so one place
    # has one label on every map, table and export; the spelling typed is kept beside it.
    corrected = ~given & pl.col("_matched").is_not_null() & (pl.col("_matched") != pl.col("city"))
    return frame.with_columns(
        pl.when(given).then(pl.col("latitude")).otherwise(pl.col("_lat")).alias("latitude"),
        pl.when(given).then(pl.col("longitude")).otherwise(pl.col("_lon")).alias("longitude"),
        pl.when(given)
        .then(pl.lit("city"))
        .otherwise(pl.col("_precision"))
        .alias("location_precision"),
        pl.when(corrected).then(pl.col("_matched")).otherwise(pl.col("city")).alias("city"),
        pl.when(corrected).then(pl.col("city")).otherwise(None).alias("city_typed"),
    ).drop("_lat", "_lon", "_precision", "_matched")


@dataclass(frozen=True)
class TownCorrection:
    """A town typed one way and shown by the gazetteer's name: Prag -> Prague (CZ), 3 rows."""

    typed: str
    shown: str
    country: str
    rows: int

    def __str__(self) -> str:
        # Translators: a town as typed → as the gazetteer names it (country code), rows it is in
        return n_(
            "{typed} → {shown} ({country}), {n} row",
            "{typed} → {shown} ({country}), {n} rows",
            self.rows,
            typed=self.typed,
            shown=self.shown,
            country=self.country,
        )


def town_corrections(tables: dict[str, pl.DataFrame]) -> list[TownCorrection]:
    """Every spelling the loader replaced by the gazetteer's name, with the rows it applies to
    (missions and partners together), most rows first: what the load summary lists."""
    frames = [
        tables[name].select("city_typed", "city", "country")
        for name in ("missions", "partners")
        if name in tables and "city_typed" in tables[name].columns
    ]
    if not frames:
        return []
    grouped = (
        pl.concat(frames)
        .drop_nulls("city_typed")
        .group_by("city_typed", "city", "country")
        .len()
        .sort(["len", "city", "city_typed"], descending=[True, False, False])
    )
    return [TownCorrection(t, c, k, n) for t, c, k, n in grouped.rows()]


_LEGAL_FORMS = re.compile(
    r"\b(co|ltd|llc|inc|jsc|jsc|gmbh|ag|srl|s r l|spa|s p a|sa|s a|sl|s l|bv|nv|oy|ab|as|sp z o o|"
    r"one member|joint stock company|limited|company|plc|sro|s r o|doo|d o o|kft|oü|ou)\b"
)


def organisation_key(name: str, country: str) -> str:
    """Same organisation, however its legal form or accents are written: one key per country."""
    return f"{_organisation_stem(name)}@{country}"


def _organisation_stem(name: str) -> str:
    folded = parse.fold(name)
    stripped = re.sub(r"\s+", " ", _LEGAL_FORMS.sub(" ", folded)).strip() or folded
    return stripped.replace(" ", "-")


def organisation_stems(names: pl.Series) -> pl.Series:
    """The part of organisation_key before the '@', in polars; null for the few names it cannot
    fold exactly (letters outside parse.ascii_letter_folds), which take the Python function.

    Accented Latin letters and '&' are first replaced as fold() would replace them; a name that
    is then plain ASCII folds to lower case with every run of other signs one space, so these
    are organisation_key's steps: the polars regex engine matches leftmost-first like Python's,
    and \\b is the same on ASCII text. Staged columns, so that no step is computed twice.
    """
    name = pl.col("organisation")
    ascii_name = (
        pl.when(
            (name.str.len_bytes() == name.str.len_chars()) & ~name.str.contains("&", literal=True)
        )
        .then(name)
        .otherwise(name.str.replace_many(parse.ascii_letter_folds()))
    )
    return (
        pl.LazyFrame({"organisation": names})
        .select(ascii_name.alias("ascii"))
        .select(
            (pl.col("ascii").str.len_bytes() == pl.col("ascii").str.len_chars())
            .fill_null(False)
            .alias("plain"),
            pl.col("ascii")
            .str.to_lowercase()
            .str.replace_all(r"[^0-9a-z]+", " ")
            .str.strip_chars(" ")
            .alias("folded"),
        )
        .with_columns(
            pl.col("folded")
            .str.replace_all(_LEGAL_FORMS.pattern, " ")
            .str.replace_all(" +", " ")
            .str.strip_chars(" ")
            .alias("stripped")
        )
        .select(
            pl.when(pl.col("plain"))
            .then(
                pl.when(pl.col("stripped") == "")
                .then(pl.col("folded"))
                .otherwise(pl.col("stripped"))
                .str.replace_all(" ", "-", literal=True)
            )
            .alias("_stem")
        )
        .collect()
        .to_series()
    )


def _with_organisation_id(frame: pl.DataFrame) -> pl.DataFrame:
    """Derive the missing organisation ids: the key of each distinct name is computed once, and
    looked up for every row (one column; the table itself is not joined)."""
    names = frame.filter(pl.col("organisation_id").is_null()).get_column("organisation")
    names = names.drop_nulls().unique()
    stems = organisation_stems(names)
    other = names.filter(stems.is_null())
    if other.len():
        names = pl.concat([names.filter(stems.is_not_null()), other])
        stems = pl.concat(
            [
                stems.drop_nulls(),
                pl.Series([_organisation_stem(n) for n in other.to_list()], dtype=pl.String),
            ]
        )
    stem = frame.get_column("organisation").replace_strict(
        names, stems, default=None, return_dtype=pl.String
    )
    derived = pl.concat_str(pl.lit(stem), pl.lit("@"), pl.col("country"))
    return frame.with_columns(pl.coalesce("organisation_id", derived).alias("organisation_id"))


def _with_organisation_number(frame: pl.DataFrame) -> pl.DataFrame:
    """organisation_no: 1, 2, ... per distinct organisation_id in the order the ids first
    appear (the same on every load of the same file)."""
    ids = frame.get_column("organisation_id").drop_nulls().unique(maintain_order=True)
    numbers = pl.int_range(1, ids.len() + 1, dtype=pl.Int32, eager=True)
    return frame.with_columns(
        pl.col("organisation_id")
        .replace_strict(ids, numbers, default=None, return_dtype=pl.Int32)
        .alias("organisation_no")
    )


def _with_organisation_id_and_number(frame: pl.DataFrame) -> pl.DataFrame:
    """_with_organisation_number(_with_organisation_id(frame)), computed once per distinct
    (organisation, country, organisation_id) rather than row by row: two million contacts
    hold a few hundred thousand of them. The distinct triples are taken in the order they
    first appear, so ids are numbered in the same order as over the whole table."""
    keys = ["organisation", "country", "organisation_id"]
    first = (
        frame.lazy()
        .select(keys)
        .with_row_index("_i")
        .select(pl.col("_i").min().over(keys, mapping_strategy="group_to_rows"))
        .collect()
        .to_series()
    )
    firsts = first.unique().sort()
    distinct = _with_organisation_number(_with_organisation_id(frame.select(keys)[firsts]))
    # Row -> position of its triple among the distinct ones: a lookup by first row, no search.
    slots = pl.zeros(frame.height, dtype=pl.Int64, eager=True)
    position = slots.scatter(firsts, pl.int_range(0, firsts.len(), eager=True)).gather(first)
    return frame.with_columns(
        distinct.get_column("organisation_id").gather(position),
        distinct.get_column("organisation_no").gather(position),
    )


def _final_columns(name: str, frame: pl.DataFrame) -> pl.DataFrame:
    contract = TABLES[name]
    columns = [*contract.column_names, *(c for c, _ in contract.extra_columns)]
    if not frame.get_column(ROW).is_sorted():  # sorting two million rows is not free
        frame = frame.sort(ROW)
    return frame.select(columns)


def _helper_tables(tables: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    missions = tables["missions"]
    organisers = missions.select(
        "mission_id", pl.col("organiser").alias("partner_id"), pl.lit("organiser").alias("role")
    ).drop_nulls("partner_id")
    taking_part = (
        missions.select("mission_id", pl.col("partners").str.split(";").alias("partner_id"))
        .explode("partner_id")
        .drop_nulls("partner_id")
        .join(
            organisers.select("mission_id", "partner_id"),
            on=["mission_id", "partner_id"],
            how="anti",
        )
        .with_columns(pl.lit("partner").alias("role"))
    )
    mission_partners = pl.concat([organisers, taking_part]).unique(maintain_order=True)
    mission_sectors = (
        missions.select("mission_id", pl.col("sectors").str.split(";").alias("sector"))
        .explode("sector")
        .drop_nulls("sector")
        .unique(maintain_order=True)
    )
    return {"mission_partners": mission_partners, "mission_sectors": mission_sectors}
