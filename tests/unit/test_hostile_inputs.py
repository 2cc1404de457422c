"""Hostile and broken inputs, generated here (no binaries in git), each with the exact answer it
must get from `python -m etl load`: exit 1, one located line in the user's words, the database
unchanged, never a traceback; and memory bounded (a zip bomb under a resource limit)."""

from __future__ import annotations

import hashlib
import io
import os
import re
import resource
import shutil
import struct
import subprocess
import sys
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
import xlsxwriter

from etl import limits
from etl.__main__ import main
from etl.load import load
from etl.read import read_csv_files, read_workbook_bytes

ROOT = Path(__file__).resolve().parents[2]
BASE = ROOT / "tests" / "faults" / "base"
CONTACTS = (BASE / "contacts.csv").read_text(encoding="utf-8")


# ---------------------------------------------------------------- generators


def workbook(sheets: dict[str, list[list[object]]] | None = None) -> bytes:
    """A real .xlsx (xlsxwriter) holding `sheets`; by default the base's contacts sheet."""
    if sheets is None:
        lines = [line.split(",") for line in CONTACTS.strip().splitlines()]
        sheets = {"contacts": lines}
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                sheet.write(r, c, value)
    book.close()
    return buffer.getvalue()


def replace_part(data: bytes, part: str, content: bytes) -> bytes:
    """`data` (a zip) with one part's content replaced."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = content if info.filename == part else src.read(info)
            dst.writestr(info.filename, body, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


SHEET = "xl/worksheets/sheet1.xml"
XXE = (
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row>'
    b"</sheetData></worksheet>"
)
LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">'.encode()
        for i in range(1, 10)
    )
    + b']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
    b"</sheetData></worksheet>"
)


def bomb(unpacked_mb: int) -> bytes:
    """A workbook whose sheet XML unpacks to `unpacked_mb` MB of rows, about 1,000 times its
    size. Built as a zip by hand in a second: one deflate block of 1 MB of rows, ended by a full
    flush (so it refers to nothing before it), repeated; only its CRC is computed over it all."""
    row = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>'
    chunk = row * (limits.MB // len(row))
    squeeze = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = squeeze.compress(chunk) + squeeze.flush(zlib.Z_FULL_FLUSH)
    head = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    head += b"<sheetData>"
    tail = b"</sheetData></worksheet>"
    ends = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = ends.compress(head) + ends.flush(zlib.Z_FULL_FLUSH)
    last = ends.compress(tail) + ends.flush()
    crc = zlib.crc32(head)
    for _ in range(unpacked_mb):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(tail, crc)
    sheet = (first + block * unpacked_mb + last, len(head) + len(chunk) * unpacked_mb + len(tail))
    parts: list[tuple[str, bytes, int, int]] = []  # name, deflated, unpacked size, crc
    with zipfile.ZipFile(io.BytesIO(workbook())) as src:
        for info in src.infolist():
            if info.filename == SHEET:
                parts.append((SHEET, sheet[0], sheet[1], crc))
            else:
                body = src.read(info)
                packer = zlib.compressobj(9, zlib.DEFLATED, -15)
                packed = packer.compress(body) + packer.flush()
                parts.append((info.filename, packed, len(body), zlib.crc32(body)))
    out, central = io.BytesIO(), io.BytesIO()
    for name, packed, size, check in parts:
        offset = out.tell()
        fields = struct.pack("<HHHHHIII", 20, 0, 8, 0, 0, check, len(packed), size)
        out.write(b"PK\x03\x04" + fields + struct.pack("<HH", len(name), 0) + name.encode())
        out.write(packed)
        central.write(
            b"PK\x01\x02"
            + struct.pack("<H", 20)
            + fields
            + struct.pack("<HHHHHII", len(name), 0, 0, 0, 0, 0, offset)
            + name.encode()
        )
    directory = central.getvalue()
    end = struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(parts), len(parts), len(directory), out.tell(), 0
    )
    return out.getvalue() + directory + end


def lying_sizes(data: bytes, part: str, size: int) -> bytes:
    """`data` with `part`'s stated unpacked size set to `size` in both its headers."""
    out = bytearray(data)
    name = part.encode()
    start = 0
    while (at := out.find(b"PK\x01\x02", start)) >= 0:  # central directory entries
        length = struct.unpack_from("<H", out, at + 28)[0]
        if bytes(out[at + 46 : at + 46 + length]) == name:
            struct.pack_into("<I", out, at + 24, size)
            local = struct.unpack_from("<I", out, at + 42)[0]
            struct.pack_into("<I", out, local + 22, size)
        start = at + 4
    return bytes(out)


# ---------------------------------------------------------------- running the command


@pytest.fixture(scope="module")
def base_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("hostile-db") / "programme.duckdb"
    load(BASE, db)
    return db


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_load(
    path: Path, base_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> tuple[int, list[str]]:
    """`python -m etl load path` in this process, on a copy of the base database: the exit
    code and stderr's lines; asserts the database is byte for byte as it was."""
    db = tmp_path / "programme.duckdb"
    shutil.copyfile(base_db, db)
    before = digest(db)
    capsys.readouterr()
    code = main(["load", str(path), "--db", str(db)])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    if code != 0:
        assert digest(db) == before, "a failed load changed the database"
    return code, err.splitlines()


def csv_folder(tmp_path: Path, **files: bytes) -> Path:
    """The base's CSV folder with `files` (name -> bytes) added or replaced."""
    folder = tmp_path / "in"
    folder.mkdir()
    for p in BASE.glob("*.csv"):
        (folder / p.name).write_bytes(p.read_bytes())
    for name, content in files.items():
        (folder / name.replace("__", ".")).write_bytes(content)
    return folder


def sheet_size() -> int:
    with zipfile.ZipFile(io.BytesIO(workbook())) as z:
        return z.getinfo(SHEET).file_size


# Each case: a file (or folder) made by code, and the one line the command must answer.
WORKBOOK_CASES: dict[str, tuple[Callable[[], bytes], str]] = {
    "png-renamed": (
        lambda: b"\x89PNG\r\n\x1a\n" + bytes(200),
        "error: in.xlsx: not an Excel workbook: a PNG image",
    ),
    "csv-renamed": (
        lambda: CONTACTS.encode(),
        "error: in.xlsx: not an Excel workbook: a text file (a CSV? put CSV files in a folder "
        "and give the folder)",
    ),
    "empty-file": (lambda: b"", "error: in.xlsx: not an Excel workbook: an empty file"),
    "truncated": (
        lambda: workbook()[:3000],
        "error: in.xlsx: the workbook is damaged (cut short or corrupt) (open it in Excel and "
        "save again)",
    ),
    "encrypted": (
        lambda: (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500) + "EncryptionInfo".encode("utf-16-le")
        ),
        "error: in.xlsx: the workbook is encrypted (protected by a password) (save a copy "
        "without a password (File > Info > Protect Workbook))",
    ),
    "old-xls": (
        lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500),
        "error: in.xlsx: an old Excel 97-2003 workbook (.xls) (open it in Excel and save as .xlsx)",
    ),
    "zip-not-workbook": (
        lambda: replace_part(workbook(), "xl/workbook.xml", b"")[:0] + _plain_zip(),
        "error: in.xlsx: not an Excel workbook: a zip archive of another kind",
    ),
    "external-entity": (
        lambda: replace_part(workbook(), SHEET, XXE),
        f"error: in.xlsx: the workbook is damaged or crafted: part {SHEET} declares a DTD "
        "(entities), which Excel never writes (open it in Excel and save again)",
    ),
    "billion-laughs": (
        lambda: replace_part(workbook(), SHEET, LAUGHS),
        f"error: in.xlsx: the workbook is damaged or crafted: part {SHEET} declares a DTD "
        "(entities), which Excel never writes (open it in Excel and save again)",
    ),
    "lying-sizes": (
        lambda: lying_sizes(workbook(), SHEET, 100),
        f"error: in.xlsx: the workbook is damaged (part {SHEET} states 100 bytes unpacked but "
        f"holds {sheet_size():,}) (open it in Excel and save again)",
    ),
    "duplicate-headers": (
        lambda: workbook(
            {"contacts": [["contact_id", "organisation", "country", "organisation"], ["C1"]]}
        ),
        "error: in.xlsx, sheet contacts: columns B and D have the same header 'organisation' "
        "(rename or delete one of them)",
    ),
    "cell-too-long": (
        lambda: long_cell(40_000),
        "error: in.xlsx, sheet contacts, row 2, column organisation: a cell of 40,000 "
        "characters: over the limit of 32,767 (Excel's own)",
    ),
    "too-many-columns": (
        lambda: workbook({"contacts": [[f"c{i}" for i in range(201)], ["x"] * 201]}),
        "error: in.xlsx, sheet contacts: 201 columns: over the limit of 200",
    ),
}


def long_cell(length: int) -> bytes:
    """A workbook with one cell longer than Excel allows (xlsxwriter refuses to write one)."""
    data = workbook({"contacts": [["contact_id", "organisation"], ["C1", "PLACEHOLDER"]]})
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        strings = z.read("xl/sharedStrings.xml")
    return replace_part(
        data, "xl/sharedStrings.xml", strings.replace(b"PLACEHOLDER", b"x" * length)
    )


def _plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("word/document.xml", "<w/>")
    return out.getvalue()


@pytest.mark.parametrize("case", WORKBOOK_CASES)
def test_workbook_case_gets_its_answer(
    case: str, base_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    build, expected = WORKBOOK_CASES[case]
    path = tmp_path / "in.xlsx"
    path.write_bytes(build())
    code, lines = run_load(path, base_db, tmp_path, capsys)
    assert code == 1, lines
    assert lines[0] == expected
    assert lines[1:] == [f"1 error(s): {tmp_path / 'programme.duckdb'} was not changed."]


def test_a_zip_bomb_is_refused_by_its_ratio(
    base_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "in.xlsx"
    path.write_bytes(bomb(20))
    code, lines = run_load(path, base_db, tmp_path, capsys)
    assert code == 1
    assert re.fullmatch(
        rf"error: in\.xlsx: part {SHEET} unpacks [\d,]+ times its size \(20\.0 MB\): over the "
        r"limit of 100 times \(a workbook saved by Excel never does: it may be a zip bomb\)",
        lines[0],
    ), lines[0]


def test_a_workbook_over_the_unpacked_limit_names_it(
    base_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    monkeypatch.setattr(limits, "MAX_UNPACKED_MB", 0)
    path = tmp_path / "in.xlsx"
    data = workbook()
    path.write_bytes(data)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        unpacked = sum(i.file_size for i in z.infolist())
    code, lines = run_load(path, base_db, tmp_path, capsys)
    assert code == 1
    assert lines[0] == (
        f"error: in.xlsx: the workbook unpacks to {unpacked:,} bytes: over the limit of 0 MB "
        "(load its sheets as CSV files (a folder) instead)"
    )


@pytest.mark.parametrize("stated", ["true", "false"])
def test_the_bomb_of_the_issue_stays_within_memory(tmp_path: Path, stated: str) -> None:
    """A few MB unpacking to 1 GB, loaded by the command in a child process limited to 1.5 GB
    of address space: refused with the limit named, not killed, not a MemoryError; also when
    the zip states a small size for the part (only counting what comes out finds it)."""
    path = tmp_path / "bomb.xlsx"
    data = bomb(1024)
    path.write_bytes(data if stated == "true" else lying_sizes(data, SHEET, 1000))
    assert path.stat().st_size < 4 * limits.MB
    limit = 1536 * limits.MB

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    run = subprocess.run(
        [sys.executable, "-m", "etl", "load", str(path), "--db", str(tmp_path / "p.duckdb")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=cap,
        env={**os.environ, "POLARS_MAX_THREADS": "2"},
    )
    assert run.returncode == 1, run.stderr[-2000:]
    assert "over the limit" in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "p.duckdb").exists()


# ---------------------------------------------------------------- CSV folders


def test_a_folder_named_like_a_csv_file(
    base_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = csv_folder(tmp_path)
    (folder / "contacts.csv").unlink()
    (folder / "contacts.csv").mkdir()
    code, lines = run_load(folder, base_db, tmp_path, capsys)
    assert code == 1
    assert (
        lines[0]
        == "error: contacts.csv: a folder, not a file (rename it or move it out of the way)"
    )


def test_a_link_out_of_the_folder_is_refused(
    base_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = csv_folder(tmp_path)
    outside = tmp_path / "secret.csv"
    outside.write_text(CONTACTS, encoding="utf-8")
    (folder / "contacts.csv").unlink()
    (folder / "contacts.csv").symlink_to(outside)
    code, lines = run_load(folder, base_db, tmp_path, capsys)
    assert code == 1
    assert lines[0] == (
        "error: contacts.csv: a link to a file outside the folder: refused (copy the file "
        "itself into the folder)"
    )


def test_a_link_inside_the_folder_is_read(
    base_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = csv_folder(tmp_path)
    (folder / "kept").mkdir()
    (folder / "contacts.csv").rename(folder / "kept" / "contacts.csv")
    (folder / "contacts.csv").symlink_to(folder / "kept" / "contacts.csv")
    code, lines = run_load(folder, base_db, tmp_path, capsys)
    assert code == 0, lines


@pytest.mark.parametrize("what", ["file", "folder"])
def test_no_permission_is_said_plainly(
    what: str,
    base_db: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The operating system's refusal (simulated: tests may run as root, who is never refused)."""
    folder = csv_folder(tmp_path)
    if what == "file":
        real_open = Path.open

        def refuse(self: Path, *args, **kwargs):
            if self.name == "contacts.csv":
                raise PermissionError(13, "Permission denied")
            return real_open(self, *args, **kwargs)

        monkeypatch.setattr(Path, "open", refuse)
        expected = "error: contacts.csv: no permission to read this file"
    else:
        monkeypatch.setattr(Path, "iterdir", lambda self: (_ for _ in ()).throw(PermissionError))
        expected = f"error: {folder}: no permission to open this folder"
    code, lines = run_load(folder, base_db, tmp_path, capsys)
    assert code == 1
    assert lines[0] == expected


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_file_for_real(
    base_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = csv_folder(tmp_path)
    (folder / "contacts.csv").chmod(0)
    code, lines = run_load(folder, base_db, tmp_path, capsys)
    assert code == 1
    assert lines[0] == "error: contacts.csv: no permission to read this file"


@pytest.mark.parametrize(
    "encoding", ["utf-16", "utf-16-le", "utf-16-be"], ids=["bom", "le-no-bom", "be-no-bom"]
)
def test_utf16_csv_is_read(
    encoding: str, base_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = csv_folder(tmp_path, contacts__csv=CONTACTS.encode(encoding))
    code, lines = run_load(folder, base_db, tmp_path, capsys)
    assert code == 0, lines
    raw = read_csv_files({"contacts.csv": CONTACTS.encode(encoding)}, "x")
    utf8 = read_csv_files({"contacts.csv": CONTACTS.encode("utf-8")}, "x")
    assert raw.tables["contacts"].frame.equals(utf8.tables["contacts"].frame)


CSV_CASES = {
    "binary": (
        bytes(range(256)) * 4,
        "error: contacts.csv: not a CSV file: not an Excel workbook (binary content) (in Excel: "
        "Save As > CSV UTF-8)",
    ),
    "duplicate-headers": (
        b"contact_id,mission_id,organisation,country,organisation\nC1,M1,A,ES,B\n",
        "error: contacts.csv: columns 3 and 5 have the same header 'organisation' (rename or "
        "delete one of them)",
    ),
    "cell-too-long": (
        b"contact_id,organisation\nC1,A\nC2," + b"y" * 33_000 + b"\n",
        "error: contacts.csv, row 3, column organisation: a cell of 33,000 characters: over the "
        "limit of 32,767 (Excel's own)",
    ),
    "too-many-columns": (
        (",".join(f"c{i}" for i in range(250)) + "\n").encode(),
        "error: contacts.csv: 250 columns: over the limit of 200",
    ),
}


@pytest.mark.parametrize("case", CSV_CASES)
def test_csv_case_gets_its_answer(
    case: str, base_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content, expected = CSV_CASES[case]
    folder = csv_folder(tmp_path, contacts__csv=content)
    code, lines = run_load(folder, base_db, tmp_path, capsys)
    assert code == 1, lines
    assert lines[0] == expected


def test_rows_and_file_size_limits_name_the_limit(
    base_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    monkeypatch.setattr(limits, "MAX_ROWS", 2)  # contacts.csv has 3
    code, lines = run_load(csv_folder(tmp_path), base_db, tmp_path, capsys)
    assert code == 1
    assert lines[0] == "error: contacts.csv: more than 2 rows: over the limit of 2 rows a table"
    monkeypatch.setattr(limits, "MAX_ROWS", 5_000_000)
    monkeypatch.setattr(limits, "MAX_CSV_MB", 0)
    other = tmp_path / "second"
    other.mkdir()
    code, lines = run_load(csv_folder(other), base_db, other, capsys)
    assert code == 1
    assert lines[0].endswith("bytes: over the limit of 0 MB")


# ---------------------------------------------------------------- values as the user sees them


def test_a_numeric_id_keeps_the_text_seen_in_excel() -> None:
    data = workbook(
        {
            "contacts": [
                ["contact_id", "organisation", "organisation_id", "delegates"],
                [123456789012345, "A", 42, 2.5],
                ["C-2", "B", 7, 3],
            ]
        }
    )
    frame = read_workbook_bytes("in.xlsx", data).tables["contacts"].frame
    assert frame["contact_id"].to_list() == ["123456789012345", "C-2"]
    assert frame["organisation_id"].to_list() == ["42", "7"]


def test_library_noise_is_not_printed(capsys: pytest.CaptureFixture[str]) -> None:
    import logging

    import etl.read  # noqa: F401  (configures the fastexcel logger)

    logging.getLogger("fastexcel.types.dtype").warning(
        "Could not determine dtype for column 6, falling back to string"
    )
    assert "Could not determine dtype" not in capsys.readouterr().err


def test_a_column_calamine_cannot_type_is_read_as_text() -> None:
    import datetime

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("contacts")
    duration = book.add_format({"num_format": "[h]:mm:ss"})
    sheet.write_row(0, 0, ["contact_id", "organisation"])
    sheet.write_row(1, 0, ["C1", 5])
    sheet.write_number(2, 1, 30.5, duration)
    sheet.write_string(2, 0, "C2")
    book.close()
    del datetime
    frame = read_workbook_bytes("in.xlsx", buffer.getvalue()).tables["contacts"].frame
    assert frame["contact_id"].to_list() == ["C1", "C2"]
    assert frame["organisation"][0] == "5"


def test_a_header_like_a_renamed_duplicate_is_not_one() -> None:
    """fastexcel renames a repeated 'WP' to 'WP_2'; a header written 'WP_1' is a header."""
    data = workbook(
        {"contacts": [["contact_id", "WP", "WP_1", "organisation"], ["C1", "a", "b", "O"]]}
    )
    raw = read_workbook_bytes("in.xlsx", data)
    assert raw.tables["contacts"].frame["organisation"].to_list() == ["O"]
    repeated = workbook({"contacts": [["contact_id", "WP", "WP_1", "WP"], ["C1", "a", "b", "c"]]})
    with pytest.raises(limits.Unreadable) as refused:
        read_workbook_bytes("in.xlsx", repeated)
    assert str(refused.value) == (
        "error: in.xlsx, sheet contacts: columns B and D have the same header 'WP' (rename or "
        "delete one of them)"
    )


def test_empty_csv_headers_are_not_duplicates() -> None:
    """Excel's 'Save as CSV' leaves trailing empty columns: unnamed, ignored, never an error."""
    text = CONTACTS.replace("\n", ",,\n")
    raw = read_csv_files({"contacts.csv": text.encode()}, "x")
    plain = read_csv_files({"contacts.csv": CONTACTS.encode()}, "x")
    assert raw.tables["contacts"].frame.equals(plain.tables["contacts"].frame)
    assert raw.problems == plain.problems
