"""The whole load: messy real-world forms read exactly, all or nothing, idempotent, private."""

import hashlib
import json
import subprocess
import sys
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import polars as pl
import pytest
import xlsxwriter

from etl.load import check, load
from etl.problems import LoadFailed

FAULTS = Path(__file__).resolve().parents[1] / "faults"
BASE = FAULTS / "base"
ROOT = Path(__file__).resolve().parents[2]


def _copy_base(folder: Path, **replace: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for p in BASE.glob("*.csv"):
        (folder / p.name).write_bytes(p.read_bytes())
    for table, text in replace.items():
        (folder / f"{table}.csv").write_text(text, encoding="utf-8")
    return folder


def _query(db: Path, sql: str, params: list | None = None):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def test_failed_load_leaves_database_byte_for_byte(tmp_path: Path) -> None:
    db = tmp_path / "programme.duckdb"
    load(BASE, db)
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    broken = _copy_base(
        tmp_path / "broken",
        expenses=(FAULTS / "expenses--negative-amount.csv").read_text(encoding="utf-8"),
    )
    with pytest.raises(LoadFailed) as failed:
        load(broken, db)
    assert any("negative" in p.message for p in failed.value.problems)
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken", "programme.duckdb"]


def test_failed_first_load_creates_no_file(tmp_path: Path) -> None:
    broken = _copy_base(
        tmp_path / "broken",
        missions=(FAULTS / "missions--unknown-type.csv").read_text(encoding="utf-8"),
    )
    with pytest.raises(LoadFailed):
        load(broken, tmp_path / "new.duckdb")
    assert not (tmp_path / "new.duckdb").exists()


def _dump(db: Path) -> dict[str, list]:
    tables = [r[0] for r in _query(db, "SELECT table_name FROM information_schema.tables")]
    return {
        t: _query(db, f'SELECT * FROM "{t}" ORDER BY ALL') for t in sorted(tables) if t != "loads"
    }


def test_loading_twice_gives_identical_tables_and_keeps_history(tmp_path: Path) -> None:
    db = tmp_path / "p.duckdb"
    load(BASE, db)
    first = _dump(db)
    load(BASE, db)
    assert _dump(db) == first
    loads = _query(db, "SELECT source, sha256, row_counts FROM loads ORDER BY loaded_at")
    assert len(loads) == 2
    assert loads[0][1] == loads[1][1] and len(loads[0][1]) == 64
    assert json.loads(loads[1][2])["missions"] == 2


def test_amounts_are_decimal_and_dates_are_dates(tmp_path: Path) -> None:
    db = tmp_path / "p.duckdb"
    load(BASE, db)
    types = dict(
        _query(
            db,
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_name = 'expenses'",
        )
    )
    assert types["amount_eur"] == "DECIMAL(14,2)"
    assert types["date"] == "DATE"
    assert _query(db, "SELECT sum(amount_eur) FROM expenses") == [(Decimal("2735.00"),)]


def test_personal_data_columns_never_reach_the_database(tmp_path: Path) -> None:
    db = tmp_path / "p.duckdb"
    folder = _copy_base(
        tmp_path / "in",
        contacts=(FAULTS / "contacts--personal-data.csv").read_text(encoding="utf-8"),
    )
    result = load(folder, db)
    assert any("personal data" in p.message for p in result.warnings)
    con = duckdb.connect(str(db), read_only=True)
    try:
        columns = [r[0] for r in con.execute("DESCRIBE contacts").fetchall()]
        everything = str(con.execute("SELECT * FROM contacts").fetchall())
    finally:
        con.close()
    assert not any("person" in c or "mail" in c for c in columns)
    assert "Jane Doe" not in everything and "jane@example.org" not in everything


def test_windows_1252_semicolon_csv_with_european_amounts(tmp_path: Path) -> None:
    folder = _copy_base(tmp_path / "in")
    (folder / "expenses.csv").write_bytes(
        (
            "Expense ID;Programme ID;Partner ID;Work package;Category;Date;Amount (EUR);"
            "Mission ID;Description\r\n"
            "E1;TST;TST-P1;WP1;Staff costs;31.03.2021;1.234,50 €;;Salaire été\r\n"
            "E2;TST;TST-P2;WP2;Travel;2021/05/20;EUR 1 000,01;TST-M1;Västerås\r\n"
        ).encode("cp1252")
    )
    (folder / "expenses.csv").write_bytes(
        (folder / "expenses.csv").read_bytes().replace(b"Amount (EUR)", b"amount_eur")
    )
    db = tmp_path / "p.duckdb"
    load(folder, db)
    rows = _query(
        db,
        "SELECT expense_id, category, date, amount_eur, description "
        "FROM expenses ORDER BY expense_id",
    )
    assert rows == [
        ("E1", "staff", date(2021, 3, 31), Decimal("1234.50"), "Salaire été"),
        ("E2", "travel", date(2021, 5, 20), Decimal("1000.01"), "Västerås"),
    ]


def test_utf8_bom_is_ignored(tmp_path: Path) -> None:
    folder = _copy_base(tmp_path / "in")
    text = (BASE / "programmes.csv").read_bytes()
    (folder / "programmes.csv").write_bytes(b"\xef\xbb\xbf" + text)
    db = tmp_path / "p.duckdb"
    load(folder, db)
    assert _query(db, "SELECT programme_id FROM programmes") == [("TST",)]


def _messy_workbook(path: Path) -> None:
    """A workbook as a project manager keeps it: odd headers, real Excel dates and numbers."""
    book = xlsxwriter.Workbook(str(path))
    as_date = book.add_format({"num_format": "dd/mm/yyyy"})
    money = book.add_format({"num_format": "#,##0.00 €"})
    p = book.add_worksheet("Programmes")
    p.write_row(
        0,
        0,
        [
            "Programme ID",
            "Name",
            "Funding Programme",
            "Start Date",
            "End date",
            "Budget EUR*",
            "EU contribution EUR",
        ],
    )
    p.write_row(1, 0, ["GSSC", "Green Small Smart Cities", "COSME"])
    p.write_datetime(1, 3, datetime(2020, 9, 1), as_date)
    p.write_string(1, 4, "31.08.2022")
    p.write_string(1, 5, "222.202,62 €")
    p.write_number(1, 6, 166651.97, money)
    m = book.add_worksheet("MISSIONS")
    m.write_row(
        0,
        0,
        [
            "mission id",
            "programme_id",
            "Title",
            "Type",
            "Format",
            "Start date",
            "City",
            "Country",
            "Sectors",
            "Notes",
        ],
    )
    m.write_row(
        1, 0, ["M1", "GSSC", "Exploratory mission to Da Nang", "Exploratory mission", "In person"]
    )
    m.write_datetime(1, 5, datetime(2022, 5, 9), as_date)
    m.write_row(1, 6, ["Da Nang", "Vietnam", "ICT; solar; water", "bring cards"])
    m.write_row(
        3,
        0,
        ["M2", "GSSC", "C2C Chile", "virtual", "online", "2021/10/21", "", "CHILE", "smart city"],
    )
    b = book.add_worksheet("Budget")
    b.write_row(0, 0, ["Programme_ID", "Category", "Amount_EUR"])
    b.write_row(1, 0, ["GSSC", "Travel"])
    b.write_number(1, 2, 111101.31, money)
    b.write_row(2, 0, ["GSSC", "Staff costs", "111,101.31"])
    book.close()


def test_messy_workbook_loads_exactly(tmp_path: Path) -> None:
    xlsx = tmp_path / "project.xlsx"
    _messy_workbook(xlsx)
    db = tmp_path / "p.duckdb"
    result = load(xlsx, db)
    warned = " ".join(str(p) for p in result.warnings)
    assert "Notes" in warned  # the unknown column is named
    assert _query(
        db, "SELECT start_date, end_date, budget_eur, eu_contribution_eur FROM programmes"
    ) == [(date(2020, 9, 1), date(2022, 8, 31), Decimal("222202.62"), Decimal("166651.97"))]
    assert _query(db, "SELECT sum(amount_eur) FROM budget") == [(Decimal("222202.62"),)]
    missions = _query(
        db,
        "SELECT mission_id, type, format, start_date, country, sectors, "
        "location_precision FROM missions ORDER BY mission_id",
    )
    assert missions == [
        (
            "M1",
            "exploratory",
            "in_person",
            date(2022, 5, 9),
            "VN",
            "ict;renewable_energy;water",
            "city",
        ),
        ("M2", "virtual", "virtual", date(2021, 10, 21), "CL", "smart_city", "country"),
    ]
    lat, lon = _query(db, "SELECT latitude, longitude FROM missions WHERE mission_id = 'M1'")[0]
    assert abs(lat - 16.07) < 0.2 and abs(lon - 108.22) < 0.2


def test_errors_in_a_workbook_name_the_sheet_and_excel_row(tmp_path: Path) -> None:
    xlsx = tmp_path / "project.xlsx"
    book = xlsxwriter.Workbook(str(xlsx))
    p = book.add_worksheet("programmes")
    p.write_row(
        0, 0, ["programme_id", "name", "funding_programme", "start_date", "end_date", "budget_eur"]
    )
    p.write_row(1, 0, ["A", "A", "COSME", "2020-01-01", "2021-01-01", "10"])
    # row 3 left blank on purpose: Excel row numbers must still be right below it
    p.write_row(3, 0, ["B", "B", "COSME", "2020-01-01", "2021-01-01", "ten euro"])
    book.close()
    with pytest.raises(LoadFailed) as failed:
        load(xlsx, tmp_path / "p.duckdb")
    errors = [p for p in failed.value.problems if p.is_error]
    assert [(p.file, p.sheet, p.row, p.column, p.value) for p in errors] == [
        ("project.xlsx", "programmes", 4, "budget_eur", "ten euro")
    ]
    assert "project.xlsx, sheet programmes, row 4 (programme_id B), column budget_eur" in str(
        errors[0]
    )


def test_missing_programmes_is_an_error_other_missing_sheets_warn(tmp_path: Path) -> None:
    folder = _copy_base(tmp_path / "in")
    (folder / "targets.csv").unlink()
    result = load(folder, tmp_path / "p.duckdb")
    assert any("no sheet or file 'targets'" in p.message for p in result.warnings)
    assert _query(tmp_path / "p.duckdb", "SELECT count(*) FROM targets") == [(0,)]
    (folder / "programmes.csv").unlink()
    with pytest.raises(LoadFailed) as failed:
        load(folder, tmp_path / "p.duckdb")
    assert any("required sheet or file 'programmes'" in p.message for p in failed.value.problems)


def test_the_templates_example_rows_are_refused_until_removed(tmp_path: Path) -> None:
    """Left in, the examples would load as a programme with a budget and a mission, 0 warnings."""
    import fastexcel

    from etl.contract import TABLES
    from etl.template import write_template
    from etl.validate import EXAMPLE_ROW_MESSAGE

    xlsx = tmp_path / "template.xlsx"
    write_template(xlsx)
    db = tmp_path / "p.duckdb"
    with pytest.raises(LoadFailed) as failed:
        load(xlsx, db)
    flagged = {(p.sheet, p.row) for p in failed.value.problems if p.message == EXAMPLE_ROW_MESSAGE}
    assert flagged == {(name, 2) for name in TABLES}
    assert not db.exists()
    readme = fastexcel.read_excel(xlsx.read_bytes()).load_sheet("README", header_row=None)
    assert "stops with an error" in " ".join(readme.to_polars()[:, 0].drop_nulls())

    # The same rows with one cell changed each are data: nothing is flagged as an example.
    book = fastexcel.read_excel(xlsx.read_bytes())
    folder = tmp_path / "edited"
    folder.mkdir()
    edits = {
        "programmes": ("name", "Our own programme"),
        "partners": ("name", "Our cluster"),
        "missions": ("title", "Our mission to Da Nang"),
        "contacts": ("organisation", "Da Nang Software Park"),
        "delegations": ("organisation", "Wind SME Ltd"),
        "budget": ("amount_eur", "15000.00"),
        "expenses": ("description", "Flights"),
        "targets": ("target", "150"),
        "periods": ("end_date", "2021-02-27"),
        "achievements": ("value", "2"),
    }
    for name in TABLES:
        frame = book.load_sheet(name, dtypes="string").to_polars()
        frame = frame.rename({c: c.rstrip("*") for c in frame.columns})
        column, value = edits[name]
        frame = frame.with_columns(pl.lit(value).alias(column))
        frame.write_csv(folder / f"{name}.csv")
    dataset = check(folder)
    assert not [p for p in dataset.problems if p.message == EXAMPLE_ROW_MESSAGE]


def test_an_example_value_left_in_the_templates_example_row_is_caught(tmp_path: Path) -> None:
    """The targets example row overwritten but for its code RCO87 (issue 22): RCO87 would load
    silently and show on the Overview. Each example value left in row 2 of a workbook made from
    the template is named, with the template; a value of a short list only warns."""
    import openpyxl

    from etl.contract import TABLES
    from etl.template import write_template

    xlsx = tmp_path / "template.xlsx"
    write_template(xlsx)
    book = openpyxl.load_workbook(xlsx)
    for name in TABLES:  # every example row deleted, but the targets one
        if name != "targets":
            book[name].delete_rows(2)
    targets = book["targets"]
    headers = [str(c.value).rstrip("*") for c in targets[1]]
    example = {c.name: c.example for c in TABLES["targets"].columns}
    kept = {"code", "unit"}  # left as the template wrote them
    own = {"indicator": "Companies supported", "target": "12", "achieved": "3"}
    for i, header in enumerate(headers, start=1):
        if header in kept:
            assert targets.cell(2, i).value == example[header]
        elif header in own:
            targets.cell(2, i).value = own[header]
        else:
            targets.cell(2, i).value = None
    book.save(xlsx)
    with pytest.raises(LoadFailed) as failed:
        load(xlsx, tmp_path / "p.duckdb")
    found = [
        (p.severity, p.sheet, p.row, p.column, p.value)
        for p in failed.value.problems
        if "template's example value" in p.message
    ]
    assert ("error", "targets", 2, "code", "RCO87") in found
    assert {p[3] for p in found} <= kept | {"programme_id"}
    message = next(p for p in failed.value.problems if p.column == "code").message
    assert "python -m etl template" in message


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["load", str(BASE)], 0),
        (["load", str(FAULTS / "nowhere")], 2),
        (["frobnicate"], 2),
        (["template", "out.txt"], 2),
    ],
)
def test_cli_exit_codes(tmp_path: Path, args: list[str], code: int) -> None:
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "etl",
            *args,
            *(["--db", str(tmp_path / "p.duckdb")] if args[0] == "load" else []),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == code, run.stderr
    if code == 0:
        assert "missions" in run.stdout and "2 rows" in run.stdout


def test_cli_prints_every_problem_and_exits_1(tmp_path: Path) -> None:
    folder = _copy_base(
        tmp_path / "in",
        missions=(FAULTS / "missions--unknown-type.csv").read_text(encoding="utf-8"),
        expenses=(FAULTS / "expenses--three-decimals.csv").read_text(encoding="utf-8"),
    )
    run = subprocess.run(
        [sys.executable, "-m", "etl", "load", str(folder), "--db", str(tmp_path / "p.duckdb")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1
    assert "missions.csv, row 2 (mission_id TST-M1), column type: 'exploratoy'" in run.stderr
    assert "expenses.csv, row 3 (expense_id TST-E2), column amount_eur: '1234.567'" in run.stderr
    assert "was not changed" in run.stderr
    assert not (tmp_path / "p.duckdb").exists()


def test_matched_typos_are_shown_by_the_gazetteer_name_and_listed(tmp_path: Path) -> None:
    header = (BASE / "missions.csv").read_text(encoding="utf-8").splitlines()[0]
    rows = [
        f"TST-M{i},TST,Mission {i},exploratory,in_person,no,2021-05-1{i},,{town},Czechia,,,,,,"
        for i, town in enumerate(["Prag", "Prag", "Pragu", "PRAGUE", "Prague", "Prag"], start=1)
    ]
    rows.append("TST-M7,TST,Given,exploratory,in_person,no,2021-05-17,,Prag,Czechia,50.1,14.4,,,,")
    folder = _copy_base(tmp_path / "in", missions="\n".join([header, *rows]) + "\n")
    db = tmp_path / "p.duckdb"
    result = load(folder, db)
    shown = _query(db, "SELECT mission_id, city, city_typed FROM missions ORDER BY mission_id")
    assert shown == [
        ("TST-M1", "Prague", "Prag"),
        ("TST-M2", "Prague", "Prag"),
        ("TST-M3", "Prague", "Pragu"),
        ("TST-M4", "Prague", "PRAGUE"),
        ("TST-M5", "Prague", None),
        ("TST-M6", "Prague", "Prag"),
        ("TST-M7", "Prag", None),  # coordinates given: the town keeps the name typed
    ]
    from etl.validate import town_corrections

    listed = [str(c) for c in town_corrections(result.dataset.tables)]
    assert listed == [
        "Prag → Prague (CZ), 3 rows",
        "PRAGUE → Prague (CZ), 1 row",
        "Pragu → Prague (CZ), 1 row",
    ]
    out = subprocess.run(
        [sys.executable, "-m", "etl", "load", str(folder), "--db", str(tmp_path / "cli.duckdb")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    ).stdout
    assert "Prag → Prague (CZ), 3 rows" in out


@pytest.mark.parametrize("word", ["n/a", "N/A", "-", "–", "none", "NULL", "#N/A"])
def test_null_words_read_as_an_empty_cell(tmp_path: Path, word: str) -> None:
    """What people type for "nothing": an optional cell loads empty, a required one is missing."""
    partners = (BASE / "partners.csv").read_text(encoding="utf-8").splitlines()
    header = partners[0].split(",")
    cells = partners[2].split(",")
    cells[header.index("members")] = word
    cells[header.index("type")] = f" {word} "
    optional = _copy_base(
        tmp_path / "optional", partners="\n".join([*partners[:2], ",".join(cells)])
    )
    db = tmp_path / "p.duckdb"
    load(optional, db)
    assert _query(db, "SELECT type, members FROM partners WHERE partner_id = 'TST-P2'") == [
        (None, None)
    ]
    cells[header.index("name")] = word
    required = _copy_base(
        tmp_path / "required", partners="\n".join([*partners[:2], ",".join(cells)])
    )
    with pytest.raises(LoadFailed) as failed:
        load(required, tmp_path / "q.duckdb")
    errors = [(p.row, p.column, p.message) for p in failed.value.problems if p.is_error]
    assert errors == [(3, "name", "a value is required here")]


def test_a_failing_background_write_leaves_the_database_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The large tables are written while the rest is checked: an error there (disk full,
    say) surfaces at the end of the load, and the old file stays, with no stray file."""
    from etl import write

    db = tmp_path / "programme.duckdb"
    load(BASE, db)
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    real_insert = write.StagedDatabase._insert

    def failing_insert(self, lane: int, name: str, frame: pl.DataFrame) -> None:
        if name == "contacts":
            raise OSError("No space left on device")
        real_insert(self, lane, name, frame)

    monkeypatch.setattr(write.StagedDatabase, "_insert", failing_insert)
    with pytest.raises(OSError, match="No space left"):
        load(BASE, db)
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["programme.duckdb"]


def test_tables_written_early_are_the_checked_tables(tmp_path: Path) -> None:
    """What the writer received before the checks ended is what the Dataset holds."""
    db = tmp_path / "programme.duckdb"
    result = load(BASE, db)
    for table in ("contacts", "delegations", "budget", "expenses"):
        frame = result.dataset.tables[table]
        columns = ", ".join(f'"{c}"' for c in frame.columns)
        stored = _query(db, f'SELECT {columns} FROM "{table}"')
        assert sorted(stored, key=repr) == sorted(frame.rows(), key=repr), table


def test_a_second_file_or_sheet_for_a_table_is_an_error_and_unknown_ones_warn(
    tmp_path: Path,
) -> None:
    from etl.read import read_input, read_workbook_bytes

    folder = _copy_base(tmp_path / "csv")
    (folder / "contact.csv").write_bytes((folder / "contacts.csv").read_bytes())
    (folder / "notes.csv").write_text("anything\nat all\n", encoding="utf-8")
    found = {(p.file, p.severity, p.message, p.hint) for p in read_input(folder).problems}
    assert ("contacts.csv", "error", "a second file for table contacts",
            "already read from contact.csv") in found  # fmt: skip
    assert any(f == "notes.csv" and m == "not a table of the contract: ignored"
               for f, _, m, _ in found)  # fmt: skip

    book_path = tmp_path / "two.xlsx"
    book = xlsxwriter.Workbook(str(book_path))
    for sheet in ("programmes", "Programme", "Notes"):
        book.add_worksheet(sheet).write_row(0, 0, ["programme_id", "name"])
    book.close()
    raw = read_workbook_bytes("two.xlsx", book_path.read_bytes())
    found = {(p.sheet, p.severity, p.message, p.hint) for p in raw.problems}
    assert ("Programme", "error", "a second sheet for table programmes",
            "already read from sheet programmes") in found  # fmt: skip
    assert ("Notes", "warning", "not a table of the contract: ignored") in {f[:3] for f in found}


def test_a_corrected_workbook_uploaded_after_the_first_replaces_it() -> None:
    """The Data page after a failed check: the corrected workbook sits beside the first, and no
    CSV was given, so never 'not both' (issue 22)."""
    from etl.read import pick_upload

    chosen, note = pick_upload(["project.xlsx", "project-corrected.xlsx"])
    assert chosen == ["project-corrected.xlsx"]
    assert note is not None and "project.xlsx set aside" in note
    assert pick_upload(["project.xlsx"]) == (["project.xlsx"], None)
    assert pick_upload(["contacts.csv", "missions.csv"]) == (["contacts.csv", "missions.csv"], None)
    with pytest.raises(ValueError, match=r"project\.xlsx and contacts\.csv"):
        pick_upload(["project.xlsx", "contacts.csv"])
