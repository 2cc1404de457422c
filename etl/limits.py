"""What the reader accepts, and the checks that run before a parser sees a file.

A workbook is a zip of XML: 4 MB can unpack to gigabytes, and the parser then needs several times
that in memory. So the zip's table of contents is read first, every part is unpacked once in
small pieces and counted (a zip can state false sizes), and only a workbook within the limits
below goes to the parser. A file that cannot be read at all is answered with one located
problem (`Unreadable`, exit 1 from the command line), in the user's words: not an Excel workbook,
damaged, encrypted, a folder, no permission... never a traceback.

The limits are stated in README.md and apply alike to `python -m etl load` and the Data page
(whose upload limit, server.maxUploadSize in .streamlit/config.toml, is MAX_WORKBOOK_MB).
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

import polars as pl
from babel.numbers import format_decimal

from etl.problems import ERROR, LoadFailed, Problem
from i18n import N_, SOURCE, _, language, n_
from i18n.formats import count as formatted

MB = 1024 * 1024
MAX_WORKBOOK_MB = 50  # the file as stored; also the Data page's upload limit
MAX_UNPACKED_MB = 300  # all parts of a workbook unpacked (the parser needs ~6x this in memory)
MAX_RATIO = 100  # unpacked / packed size of any part over 1 MB (Excel's own: 5 to 20)
MAX_CSV_MB = 512  # one CSV file
MAX_ROWS = 5_000_000  # rows of one table (Excel's own sheet holds 1,048,576)
MAX_COLUMNS = 200  # columns of one sheet or file (the contract has at most 18)
MAX_CELL_CHARS = 32_767  # characters in one cell: Excel's own limit

LIMITS_TEXT = (
    f"workbooks up to {MAX_WORKBOOK_MB} MB ({MAX_UNPACKED_MB} MB unpacked), CSV files up to "
    f"{MAX_CSV_MB} MB, {MAX_ROWS:,} rows and {MAX_COLUMNS} columns a table, "
    f"{MAX_CELL_CHARS:,} characters a cell"
)


def limits_text() -> str:
    """LIMITS_TEXT in the language of the run (the Data page's upload help)."""
    return _(
        "workbooks up to {workbook} MB ({unpacked} MB unpacked), CSV files up to {csv} MB, "
        "{rows} rows and {columns} columns a table, {characters} characters a cell",
        workbook=MAX_WORKBOOK_MB,
        unpacked=MAX_UNPACKED_MB,
        csv=MAX_CSV_MB,
        rows=formatted(MAX_ROWS),
        columns=MAX_COLUMNS,
        characters=formatted(MAX_CELL_CHARS),
    )


_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Office 97-2003 files, and encrypted .xlsx
_ENCRYPTION = "EncryptionInfo".encode("utf-16-le")
_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_CHUNK = MB


class Unreadable(LoadFailed):
    """A file that cannot be read at all: one problem, and the reason in the user's words."""

    def __init__(self, file: str, message: str, hint: str | None = None, sheet: str | None = None):
        super().__init__([Problem(ERROR, file, sheet=sheet, message=message, hint=hint)])

    def __str__(self) -> str:
        return str(self.problems[0])


def _size(n: int) -> str:
    if n < MB:
        return n_("{n} bytes", "{n} bytes", n)
    code = language()
    size = f"{n / MB:,.1f}" if code == SOURCE else format_decimal(n / MB, "#,##0.0", locale=code)
    # Translators: a file's size in megabytes: 12.5 MB
    return _("{size} MB", size=size)


def what_it_is(data: bytes) -> str:
    """A guess at what a file that is not a workbook is, for the message."""
    head = data[:512]
    for magic, kind in (
        (b"\x89PNG", N_("a PNG image")),
        (b"\xff\xd8\xff", N_("a JPEG image")),
        (b"GIF8", N_("a GIF image")),
        (b"%PDF", N_("a PDF document")),
        (b"\x1f\x8b", N_("a gzip archive")),
        (b"Rar!", N_("a RAR archive")),
        (b"7z\xbc\xaf", N_("a 7-Zip archive")),
    ):
        if head.startswith(magic):
            return _(kind)
    if not head.strip():
        return _("an empty file")
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return _("not an Excel workbook")
    return _("a text file (a CSV? put CSV files in a folder and give the folder)")


def check_workbook(name: str, data: bytes) -> None:
    """Raise `Unreadable` unless `data` is an .xlsx workbook within the limits: a zip whose
    parts, counted as they unpack, stay under MAX_UNPACKED_MB and MAX_RATIO, with no DTD (which
    Excel never writes, and which external entities and "billion laughs" need)."""
    if len(data) > MAX_WORKBOOK_MB * MB:
        raise Unreadable(
            name,
            # Translators: {size} is the workbook's size with its unit: 12.5 MB
            _(
                "the workbook is {size}: over the limit of {limit} MB",
                size=_size(len(data)),
                limit=MAX_WORKBOOK_MB,
            ),
            _("load its sheets as CSV files (a folder) instead"),
        )
    if data.startswith(_OLE):
        if _ENCRYPTION in data:
            raise Unreadable(
                name,
                _("the workbook is encrypted (protected by a password)"),
                _("save a copy without a password (File > Info > Protect Workbook)"),
            )
        raise Unreadable(
            name,
            _("an old Excel 97-2003 workbook (.xls)"),
            _("open it in Excel and save as .xlsx"),
        )
    if not data.startswith(b"PK"):
        # Translators: {kind} is what the file seems to be: a PDF document
        raise Unreadable(name, _("not an Excel workbook: {kind}", kind=what_it_is(data)))
    try:
        book = zipfile.ZipFile(io.BytesIO(data))
        parts = book.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise Unreadable(
            name,
            _("the workbook is damaged (cut short or corrupt)"),
            _("open it in Excel and save again"),
        ) from None
    names = {p.filename for p in parts}
    if "xl/workbook.xml" not in names and "xl/workbook.bin" not in names:
        raise Unreadable(name, _("not an Excel workbook: a zip archive of another kind"))
    if "xl/workbook.bin" in names:
        raise Unreadable(name, _("an Excel binary workbook (.xlsb)"), _("save it as .xlsx"))
    stated = sum(p.file_size for p in parts)
    _check_unpacked(name, stated)
    unpacked = 0
    for part in parts:
        if part.is_dir():
            continue
        if part.file_size > MB and part.file_size > MAX_RATIO * max(part.compress_size, 1):
            raise Unreadable(
                name,
                # Translators: {part} is a part of the workbook's zip: xl/worksheets/sheet1.xml
                _(
                    "part {part} unpacks {ratio} times its size ({size}): over the limit of "
                    "{limit} times",
                    part=part.filename,
                    ratio=formatted(part.file_size // max(part.compress_size, 1)),
                    size=_size(part.file_size),
                    limit=MAX_RATIO,
                ),
                _("a workbook saved by Excel never does: it may be a zip bomb"),
            )
        unpacked += _count_part(name, data, part, MAX_UNPACKED_MB * MB - unpacked)
        if unpacked > MAX_UNPACKED_MB * MB:
            raise Unreadable(
                name,
                _(
                    "the workbook unpacks to more than {limit} MB: over the limit "
                    "(part {part} holds more than it states)",
                    limit=MAX_UNPACKED_MB,
                    part=part.filename,
                ),
                _("load its sheets as CSV files (a folder) instead"),
            )


def _check_unpacked(name: str, size: int) -> None:
    if size > MAX_UNPACKED_MB * MB:
        raise Unreadable(
            name,
            _(
                "the workbook unpacks to {size}: over the limit of {limit} MB",
                size=_size(size),
                limit=MAX_UNPACKED_MB,
            ),
            _("load its sheets as CSV files (a folder) instead"),
        )


def _count_part(name: str, data: bytes, part: zipfile.ZipInfo, room: int) -> int:
    """Unpack one part in pieces and count what comes out, whatever sizes the zip states (the
    parser reads the stream to its end too); stop once past `room`. Never holds more than a
    piece of it."""
    damaged = Unreadable(
        name,
        _("the workbook is damaged (part {part} cannot be unpacked)", part=part.filename),
        _("open it in Excel and save again"),
    )
    start = part.header_offset
    if data[start : start + 4] != b"PK\x03\x04":
        raise damaged
    name_length, extra_length = struct.unpack_from("<HH", data, start + 26)
    begin = start + 30 + name_length + extra_length
    packed = memoryview(data)[begin : begin + part.compress_size]
    if part.compress_type == zipfile.ZIP_STORED:
        pieces: Iterator[bytes] = (
            bytes(packed[i : i + _CHUNK]) for i in range(0, len(packed), _CHUNK)
        )
    elif part.compress_type == zipfile.ZIP_DEFLATED:
        pieces = _inflate(packed)
    else:
        raise damaged
    count = 0
    try:
        for index, piece in enumerate(pieces):
            if index == 0 and part.filename.endswith((".xml", ".rels")) and _DTD.search(piece):
                raise Unreadable(
                    name,
                    _(
                        "the workbook is damaged or crafted: part {part} declares a DTD "
                        "(entities), which Excel never writes",
                        part=part.filename,
                    ),
                    _("open it in Excel and save again"),
                )
            count += len(piece)
            if count > room:
                return count  # the caller words the limit
    except zlib.error:
        raise damaged from None
    if count != part.file_size:
        raise Unreadable(
            name,
            _(
                "the workbook is damaged (part {part} states {stated} bytes unpacked but holds "
                "{held})",
                part=part.filename,
                stated=formatted(part.file_size),
                held=formatted(count),
            ),
            _("open it in Excel and save again"),
        )
    return count


def _inflate(packed: memoryview) -> Iterator[bytes]:
    """A deflate stream's output in pieces of at most _CHUNK bytes (a little input can hold a
    lot of output: it is drained piece by piece, never flushed at once)."""
    inflater = zlib.decompressobj(-15)
    for i in range(0, len(packed), _CHUNK):
        pending = bytes(packed[i : i + _CHUNK])
        while True:
            piece = inflater.decompress(pending, _CHUNK)
            if piece:
                yield piece
            if inflater.eof:
                return
            pending = inflater.unconsumed_tail
            if not pending and len(piece) < _CHUNK:
                break


def read_file(path: Path, name: str, limit_mb: int, inside: Path | None = None) -> bytes:
    """The bytes of one input file, or `Unreadable` saying why not in the user's words.
    With `inside`, a link to a file outside that folder is refused."""
    if inside is not None and path.is_symlink():
        target = path.resolve()
        if not target.is_relative_to(inside.resolve()):
            raise Unreadable(
                name,
                _("a link to a file outside the folder: refused"),
                _("copy the file itself into the folder"),
            )
    if path.is_dir():
        raise Unreadable(name, _("a folder, not a file"), _("rename it or move it out of the way"))
    try:
        size = path.stat().st_size
        if size > limit_mb * MB:
            raise Unreadable(
                name,
                _(
                    "the file is {size}: over the limit of {limit} MB",
                    size=_size(size),
                    limit=limit_mb,
                ),
            )
        with path.open("rb") as handle:
            return handle.read(limit_mb * MB + 1)
    except PermissionError:
        raise Unreadable(name, _("no permission to read this file")) from None
    except FileNotFoundError:
        raise Unreadable(name, _("the file is missing (a broken link?)")) from None
    except OSError as exc:
        # Translators: {reason} is the system's own words (in English)
        reason = exc.strerror or exc
        raise Unreadable(name, _("the file cannot be read ({reason})", reason=reason)) from None


def decode_text(name: str, data: bytes) -> str:
    """A CSV file's text: UTF-8 (with or without BOM), UTF-16 (read, with or without BOM), else
    Windows-1252; a binary file is `Unreadable`."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _decode(name, data[3:], "utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode(name, data, "utf-16")
    head = data[:4096]
    if b"\x00" in head:
        even, odd = head[0::2], head[1::2]
        if odd and odd.count(0) > 0.3 * len(odd) and not even.count(0):
            return _decode(name, data, "utf-16-le")
        if even and even.count(0) > 0.3 * len(even) and not odd.count(0):
            return _decode(name, data, "utf-16-be")
        raise Unreadable(
            name,
            _("not a CSV file: {kind} (binary content)", kind=what_it_is(data)),
            _("in Excel: Save As > CSV UTF-8"),
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _decode(name: str, data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise Unreadable(
            name,
            # Translators: {encoding} is the name of a text encoding: UTF-8
            _("the file is damaged: not valid {encoding} text", encoding=encoding.upper()),
            _("in Excel: Save As > CSV UTF-8"),
        ) from None


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: a column as Excel names it."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def within_limits(
    file: str, sheet: str | None, frame: pl.DataFrame, written: list[str | None]
) -> pl.DataFrame:
    """`frame` within the stated limits, else `Unreadable` naming the limit; two columns with
    one header (`written`: each column's header as the user wrote it) are an error naming both."""
    where = {"sheet": sheet}
    if frame.height > MAX_ROWS:
        raise Unreadable(
            file,
            n_(
                "more than {n} rows: over the limit of {n} rows a table",
                "more than {n} rows: over the limit of {n} rows a table",
                MAX_ROWS,
            ),
            **where,
        )
    if frame.width > MAX_COLUMNS:
        message = n_(
            "{n} columns: over the limit of {limit}",
            "{n} columns: over the limit of {limit}",
            frame.width,
            limit=MAX_COLUMNS,
        )
        raise Unreadable(file, message, **where)
    seen: dict[str, int] = {}
    for index, header in enumerate(written):
        text = (header or "").strip()
        if not text:
            continue
        if text in seen:
            first = seen[text]
            # Translators: {first} and {second} are columns by their letters (B, F) in a
            # workbook, by their numbers (2, 6) in a CSV file; {header} is the header they share
            raise Unreadable(
                file,
                _(
                    "columns {first} and {second} have the same header '{header}'",
                    first=column_letter(first) if sheet is not None else first + 1,
                    second=column_letter(index) if sheet is not None else index + 1,
                    header=text,
                ),
                _("rename or delete one of them"),
                sheet=sheet,
            )
        seen[text] = index
    text = [c for c, t in frame.schema.items() if t == pl.String]
    if text and frame.height:
        longest = frame.select(pl.col(text).str.len_bytes().max()).row(0)
        for column, size in zip(text, longest, strict=True):
            if size is None or size <= MAX_CELL_CHARS:
                continue  # bytes >= characters: no cell here can be too long
            lengths = frame.get_column(column).str.len_chars()
            over = (lengths > MAX_CELL_CHARS).arg_true()
            if over.len():
                row = int(over[0]) + 2
                problem = Problem(
                    ERROR,
                    file,
                    sheet=sheet,
                    row=row,
                    column=column,
                    message=n_(
                        "a cell of {n} characters: over the limit of {limit} (Excel's own)",
                        "a cell of {n} characters: over the limit of {limit} (Excel's own)",
                        int(lengths[int(over[0])]),
                        limit=formatted(MAX_CELL_CHARS),
                    ),
                )
                raise LoadFailed([problem])
    return frame
