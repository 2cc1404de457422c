"""Read a workbook or a folder of CSV files as text, keeping the row number the user sees in Excel.

Nothing is interpreted here beyond matching sheet, file and column names to the contract: every
cell stays a string so the validator can report the value exactly as it was written.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import fastexcel
import polars as pl

from etl import csv_structure, keep, limits
from etl.contract import COLUMN_SYNONYMS, PERSONAL_DATA_PATTERN, TABLES, header_key
from etl.limits import Unreadable, within_limits
from etl.parse import null_word_spellings
from etl.problems import ERROR, WARNING, Problem
from etl.raw import ROW, RawInput, RawTable
from i18n import _, n_

TEMPLATE_SHEETS = {"readme", "lists"}  # the template's help and drop-down sheets
# polars names the second of two equal headers "x_duplicated_0", fastexcel "x_1" (which a
# header can also be: a sheet's headers are then read as written).
_CSV_DUPLICATE = re.compile(r"^(?P<base>.*)_duplicated_\d+$")
_SHEET_DUPLICATE = re.compile(r"^(?P<base>.*)_\d+$")

# fastexcel logs through Python's logging ("Could not determine dtype for column 6, falling back
# to string", naming no sheet): every cell is read as text here anyway, so that is no news.
logging.getLogger("fastexcel").addHandler(logging.NullHandler())
logging.getLogger("fastexcel").propagate = False


def read_input(path: Path | str) -> RawInput:
    """Read an .xlsx workbook or a folder of <table>.csv files."""
    path = Path(path)
    if path.is_dir():
        return _read_folder(path)
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        data = limits.read_file(path, path.name, limits.MAX_WORKBOOK_MB)
        return read_workbook_bytes(path.name, data, str(path))
    if path.suffix.lower() == ".csv":
        raise ValueError(
            _("{path}: give the folder that holds the CSV files, not one file", path=path)
        )
    raise ValueError(_("{path}: expected an .xlsx workbook or a folder of .csv files", path=path))


def read_csv_files(files: dict[str, bytes], source: str) -> RawInput:
    """CSV files given as name -> bytes (for uploads); the same rules as a folder."""
    problems: list[Problem] = []
    tables: dict[str, RawTable] = {}
    # The checksum is worked out beside the parsing: hashlib leaves the GIL on large inputs.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sha256") as hasher:
        digest = hasher.submit(_csv_digest, files)
        for name in sorted(files):
            table = _table_for(Path(name).stem)
            if not _first_for_table(table, name, None, tables, problems):
                continue
            raw = _read_csv_bytes(name, files[name], table, problems)
            if raw is not None:
                tables[table] = raw
        return RawInput(source, digest.result(), tables, problems)


def pick_upload(names: list[str]) -> tuple[list[str], str | None]:
    """Which files of an upload to read, in the order given (the last uploaded last), and a note
    for the user. A corrected workbook uploaded after a failed check sits beside the first: the
    last workbook is the one read, and the note names the others to remove. Workbooks and CSV
    files together are a ValueError naming both kinds."""
    workbooks = [n for n in names if n.lower().endswith((".xlsx", ".xlsm"))]
    others = [n for n in names if n not in workbooks]
    if workbooks and others:
        raise ValueError(
            # Translators: {workbooks} and {others} list file names, separated by commas
            _(
                "give one workbook, or CSV files, not both: got the workbook(s) "
                "{workbooks} and {others}; remove the files you do not mean",
                workbooks=", ".join(workbooks),
                others=", ".join(others),
            )
        )
    if len(workbooks) > 1:
        earlier = ", ".join(workbooks[:-1])
        # Translators: {last} is the name of the workbook checked, {earlier} the names of the
        # others (separated by commas); × is the remove button beside each uploaded file
        return [workbooks[-1]], n_(
            "{n} workbooks given: {last}, the last uploaded, is checked; "
            "{earlier} set aside (remove it from the list with its ×)",
            "{n} workbooks given: {last}, the last uploaded, is checked; "
            "{earlier} set aside (remove it from the list with its ×)",
            len(workbooks),
            last=workbooks[-1],
            earlier=earlier,
        )
    return list(names), None


def _first_for_table(
    table: str | None,
    file: str,
    sheet: str | None,
    tables: dict[str, RawTable],
    problems: list[Problem],
) -> bool:
    """Whether a file or sheet is to be read: it names a contract table not read yet; if not,
    a problem says why (an unknown name warns, a second one for a table is an error)."""
    if table is None:
        problems.append(
            Problem(
                WARNING,
                file,
                sheet=sheet,
                message=_("not a table of the contract: ignored"),
                hint=_known_tables(),
            )
        )
        return False
    if table in tables:
        first = tables[table]
        if sheet is None:
            # Translators: {table} is the name of a table of the data (budget); {file} a file name
            message = _("a second file for table {table}", table=table)
            hint = _("already read from {file}", file=first.file)
        else:
            message = _("a second sheet for table {table}", table=table)
            hint = _("already read from sheet {sheet}", sheet=first.sheet)
        problems.append(Problem(ERROR, file, sheet=sheet, message=message, hint=hint))
        return False
    return True


def source_digest(path: Path | str) -> str:
    """The checksum a load of `path` records (loads.sha256), worked out without reading the
    tables: whether a database already holds exactly this workbook or CSV folder."""
    path = Path(path)
    if path.is_dir():
        csv = sorted(p for p in path.iterdir() if p.suffix.lower() == ".csv")
        return _csv_digest({p.name: p.read_bytes() for p in csv})
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _csv_digest(files: dict[str, bytes]) -> str:
    """SHA-256 of the files in name order, each as name, NUL, bytes, NUL."""
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0")  # in three parts: no copy of a large file
        digest.update(files[name])
        digest.update(b"\0")
    return digest.hexdigest()


def _read_folder(folder: Path) -> RawInput:
    try:
        entries = sorted(folder.iterdir())
    except PermissionError:
        raise Unreadable(str(folder), _("no permission to open this folder")) from None
    files = {
        p.name: limits.read_file(p, p.name, limits.MAX_CSV_MB, inside=folder)
        for p in entries
        if p.suffix.lower() == ".csv"
    }
    if not files:
        raise ValueError(_("{folder}: no .csv files in this folder", folder=folder))
    return read_csv_files(files, str(folder))


def _known_tables() -> str:
    # Translators: {tables} lists the names of the tables of the data (not translated)
    return _("expected one of: {tables}", tables=", ".join(TABLES))


def _table_for(name: str) -> str | None:
    key = header_key(name)
    for table in TABLES:
        if key in (table, table.rstrip("s"), table.removesuffix("es")):
            return table
    return None


def _separator(text: str) -> str:
    first = text.split("\n", 1)[0]
    counts = {sep: first.count(sep) for sep in (";", ",", "\t")}
    return max(counts, key=lambda s: counts[s]) if any(counts.values()) else ","


_NOT_BLANK = re.compile(rb"[^ \t\n\r\x0b\x0c]")  # bytes.strip()'s whitespace


def _read_utf8(data: bytes) -> tuple[pl.DataFrame, str] | None:
    """The common case without a copy: bytes that polars reads as UTF-8 as they are, and the
    separator.

    None sends the file through the general path below (another encoding, an empty file, a
    file polars cannot read), which then decides and words any problem. For valid UTF-8 the
    bytes are the very bytes that path would hand to polars, so the result is the same.
    """
    # polars skips a UTF-8 BOM itself: the body is looked at past it, but never copied
    # without it (a copy of a 200 MB file is a tenth of a second).
    start = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    if b"\x00" in data[start : start + 4096]:  # UTF-16 without its BOM, or not text at all
        return None
    first = _NOT_BLANK.search(data, start)  # what body.lstrip()[:1] is, without a copy
    if first is None or data[first.start()] >= 0x80:  # empty, or only the general path knows
        return None
    end = data.find(b"\n", start)
    line = data[start:] if end < 0 else data[start:end]  # slices, not splits: 200 MB files
    counts = {sep: line.count(sep.encode()) for sep in (";", ",", "\t")}
    separator = max(counts, key=lambda s: counts[s]) if any(counts.values()) else ","
    try:
        return _polars_csv(io.BytesIO(data), separator), separator
    except (pl.exceptions.ComputeError, pl.exceptions.NoDataError):
        return None


def _polars_csv(source: io.BytesIO, separator: str) -> pl.DataFrame:
    return pl.read_csv(
        source,
        separator=separator,
        infer_schema=False,
        has_header=True,
        truncate_ragged_lines=False,
        raise_if_empty=False,
        n_rows=limits.MAX_ROWS + 1,
    )


def _stray_nul(data: bytes) -> bool:
    """A text file with a NUL byte in a cell, not UTF-16 nor binary: its header line, of text,
    has none (a NUL is then named by its row and column)."""
    end = data.find(b"\n")
    return end > 0 and b"\x00" not in data[:end] and b"\x00" in data


def _read_csv_bytes(name: str, data: bytes, table: str, problems: list[Problem]) -> RawTable | None:
    if len(data) > limits.MAX_CSV_MB * limits.MB:
        raise Unreadable(
            name, _("the file is over the limit of {limit} MB", limit=limits.MAX_CSV_MB)
        )
    fast = _read_utf8(data)
    if fast is not None:
        frame, separator = fast
        return _structured(table, name, data, separator, frame, problems)
    if _stray_nul(data):
        text = data.decode("utf-8", errors="replace").removeprefix("\ufeff")
    else:
        text = limits.decode_text(name, data)
    if not text.strip():
        message = _("the file is empty: expected a header row")
        problems.append(Problem(ERROR, name, message=message))
        return None
    separator = _separator(text)
    try:
        frame = _polars_csv(io.BytesIO(text.encode("utf-8")), separator)
    except pl.exceptions.PolarsError as exc:
        found = csv_structure.faults(name, text, separator, None)
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else "unreadable"
        problems.extend(
            found
            or [
                Problem(
                    ERROR,
                    name,
                    # Translators: {reason} is the CSV reader's own words (in English)
                    message=_("cannot be read as CSV: {reason}", reason=first),
                    hint=_("check the quotes and that every row has as many fields as the header"),
                )
            ]
        )
        return None
    return _structured(table, name, text, separator, frame, problems)


def _structured(
    table: str,
    name: str,
    content: bytes | str,
    separator: str,
    frame: pl.DataFrame,
    problems: list[Problem],
) -> RawTable | None:
    """The table read, once the file's structure says no row was lost (else its faults)."""
    found = frame.height <= limits.MAX_ROWS and csv_structure.faults(
        name, content, separator, frame.height
    )  # a file over the limit is refused by its row count below
    if found:
        problems.extend(found)
        return None
    return _shape(
        table, name, None, within_limits(name, None, *_csv_headers(frame)), set(), problems
    )


def _csv_headers(frame: pl.DataFrame) -> tuple[pl.DataFrame, list[str | None]]:
    """The frame with empty headers named as fastexcel names them (__UNNAMED__n), and each
    column's header as written (polars renames a repeated one x_duplicated_0)."""
    columns = frame.columns
    written: list[str | None] = []
    renames: dict[str, str] = {}
    for index, column in enumerate(columns):
        match = _CSV_DUPLICATE.match(column)
        header = match["base"] if match and match["base"] in columns[:index] else column
        if not header.strip():
            renames[column] = f"__UNNAMED__{index}"
            header = None
        written.append(header)
    return frame.rename(renames), written


def _as_text(column: str, dtype: pl.DataType) -> pl.Expr:
    """A cell as the user sees it in Excel: a whole number stored as a float without '.0'
    (an id 123456789012345 stays 123456789012345), any other number in its shortest form."""
    col = pl.col(column)
    if dtype.is_float():
        whole = col.is_finite() & (col == col.round(0)) & (col.abs() < 2**53)
        return (
            pl.when(whole)
            .then(col.cast(pl.Int64, strict=False).cast(pl.String))
            .otherwise(col.cast(pl.String))
            .alias(column)
        )
    return col.cast(pl.String)


def read_workbook_bytes(name: str, data: bytes, source: str | None = None) -> RawInput:
    """A workbook given as bytes (an upload). Cells are read as stored values: formulas are
    never evaluated and macros never run."""
    problems: list[Problem] = []
    tables: dict[str, RawTable] = {}
    limits.check_workbook(name, data)
    try:
        book = fastexcel.read_excel(data)
    except Exception as exc:  # calamine raises its own error types
        raise Unreadable(
            name,
            # Translators: {reason} is the workbook reader's own words (in English)
            _("the workbook is damaged ({reason})", reason=_first_line(exc)),
            _("open it in Excel and save again"),
        ) from None
    if keep.is_keep_workbook(book.sheet_names):
        return keep.read_keep(book, name, hashlib.sha256(data).hexdigest(), source or name)
    for sheet in book.sheet_names:
        if header_key(sheet) in TEMPLATE_SHEETS:
            continue
        table = _table_for(sheet)
        if not _first_for_table(table, name, sheet, tables, problems):
            continue
        frame, written = _load_sheet(book, name, sheet)
        numeric = {c for c, t in frame.schema.items() if t.is_numeric()}
        frame = frame.select(
            _as_text(c, t) if t != pl.String else pl.col(c) for c, t in frame.schema.items()
        )
        frame = within_limits(name, sheet, frame, written)
        raw = _shape(table, name, sheet, frame, numeric, problems)
        if raw is not None:
            tables[table] = raw
    from_template = {header_key(s) for s in book.sheet_names} >= TEMPLATE_SHEETS
    digest = hashlib.sha256(data).hexdigest()
    return RawInput(source or name, digest, tables, problems, from_template)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _load_sheet(
    book: fastexcel.ExcelReader, name: str, sheet: str
) -> tuple[pl.DataFrame, list[str | None]]:
    """One sheet, types inferred (amounts stored as numbers keep their exact float), and its
    headers as written; a column mixing types calamine cannot reconcile (a duration and a
    number) is read as text."""
    try:
        for dtypes in (None, "string"):
            try:
                loaded = book.load_sheet(
                    sheet, header_row=0, schema_sample_rows=None, dtypes=dtypes
                )
                frame = loaded.to_polars()
                break
            except fastexcel.UnsupportedColumnTypeCombinationError:
                if dtypes is not None:
                    raise
        written: list[str | None] = [
            None if c.startswith("__UNNAMED__") else c for c in frame.columns
        ]
        if any(_SHEET_DUPLICATE.match(c) for c in frame.columns):  # x_1: written, or renamed?
            row = book.load_sheet(sheet, header_row=None, n_rows=1, dtypes="string").to_polars()
            if row.height and row.width == frame.width:
                written = [None if v is None else str(v) for v in row.row(0)]
        return frame, written
    except Exception as exc:  # calamine raises its own error types
        text = str(exc).lower()
        if "empty" in text or "no header" in text:  # an empty sheet has no header row
            return pl.DataFrame(), []
        raise Unreadable(
            name,
            _("the sheet cannot be read: damaged ({reason})", reason=_first_line(exc)),
            _("open it in Excel and save again"),
            sheet=sheet,
        ) from None


def _shape(
    table: str,
    file: str,
    sheet: str | None,
    frame: pl.DataFrame,
    numeric: set[str],
    problems: list[Problem],
) -> RawTable:
    """Match headers to the contract, drop personal data and unknown columns, number the rows."""
    contract = TABLES[table]
    by_key = {header_key(c): c for c in contract.column_names}
    by_key.update({header_key(k): v for k, v in COLUMN_SYNONYMS.get(table, {}).items()})
    renames: dict[str, str] = {}
    headers: dict[str, str] = {}
    unknown: list[str] = []
    personal: list[str] = []
    for header in frame.columns:
        written = "" if header.startswith("__UNNAMED__") else header.strip()
        target = by_key.get(header_key(written))
        if target is not None and target in headers:
            problems.append(
                Problem(
                    ERROR,
                    file,
                    sheet=sheet,
                    row=1,
                    column=written,
                    # Translators: {column} is a column of the data (partner_id)
                    message=_("a second column for {column}", column=target),
                    # Translators: {header} is a column's header as written in the file
                    hint=_("already given by column '{header}'", header=headers[target]),
                )
            )
        elif target is not None:
            renames[header] = target
            headers[target] = written
        elif PERSONAL_DATA_PATTERN.search(header_key(written) or "-") or written.casefold() in {
            "name",
            "contact",
        }:
            personal.append(written)
        elif frame.get_column(header).drop_nulls().str.strip_chars().ne("").any():
            unknown.append(written or header)
    if personal:
        problems.append(
            Problem(
                WARNING,
                file,
                sheet=sheet,
                column=", ".join(personal),
                message=_("personal data of contact persons is never stored: column(s) dropped"),
            )
        )
    if unknown:
        problems.append(
            Problem(
                WARNING,
                file,
                sheet=sheet,
                column=", ".join(unknown),
                message=_("not in the contract: column(s) not loaded"),
            )
        )
    frame = frame.select([pl.col(h).alias(t) for h, t in renames.items()])
    empty = ["", *null_word_spellings()]  # n/a, -, none, #N/A ... read as an empty cell
    frame = frame.with_columns([pl.col(c).str.strip_chars() for c in frame.columns])
    # Only the columns that hold an empty or null-word cell are rewritten (a copy of a column
    # of two million values is not free); most hold none.
    if frame.width:
        holding = frame.select(pl.col(c).is_in(empty).any() for c in frame.columns).row(0)
        frame = frame.with_columns(
            pl.col(c).replace(empty, None)
            for c, held in zip(frame.columns, holding, strict=True)
            if held
        )
    frame = frame.with_row_index(ROW, offset=2)
    frame = frame.with_columns(pl.col(ROW).cast(pl.Int64))
    data_columns = [c for c in frame.columns if c != ROW]
    if data_columns:
        frame = frame.filter(pl.any_horizontal(pl.col(c).is_not_null() for c in data_columns))
    else:
        frame = frame.clear()
    numeric_renamed = {renames[h] for h in numeric if h in renames}
    return RawTable(table, file, sheet, frame, headers, numeric_renamed)
