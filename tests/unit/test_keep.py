"""keep.eu's export loads as downloaded: the invented sample in its exact form, its slips named by
programme, acronym and Excel row, and an export of keep.eu's size within seconds."""

from __future__ import annotations

import hashlib
import time
from decimal import Decimal
from pathlib import Path

import duckdb
import fastexcel
import pytest
import xlsxwriter

from etl.keep import PARTNERS, PROJECTS, project_id
from etl.load import load
from etl.problems import LoadFailed

# keep.eu's export layout with invented rows (a copy of ../shared/keep-format/keep-sample.xlsx).
SAMPLE = Path(__file__).resolve().parents[1] / "data" / "keep-sample.xlsx"
LOAD_BUDGET_SECONDS = 20.0  # 2,000 projects and 9,000 partners, on a shared 2-core machine


def _sheet(path: Path, sheet: str) -> list[dict[str, str | None]]:
    """The sheet's rows as text, read here with fastexcel alone (not through the loader)."""
    frame = fastexcel.read_excel(path).load_sheet(sheet, dtypes="string").to_polars()
    return frame.to_dicts()


def _query(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def _write_book(path: Path, sheets: dict[str, list[dict[str, str | None]]]) -> None:
    """A workbook in keep.eu's form from rows (headers from the first row, all cells text, as
    the sample's amounts and dates are; EU Funding as a number, as keep.eu writes it)."""
    book = xlsxwriter.Workbook(str(path))
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        headers = list(rows[0])
        sheet.write_row(0, 0, headers)
        for r, row in enumerate(rows, start=1):
            for c, header in enumerate(headers):
                value = row[header]
                if value is None:
                    continue
                if header == "EU Funding":
                    sheet.write_number(r, c, float(value))
                else:
                    sheet.write_string(r, c, value)
    book.close()


@pytest.fixture(scope="module")
def sample_rows() -> dict[str, list[dict[str, str | None]]]:
    book = fastexcel.read_excel(SAMPLE)
    return {name: _sheet(SAMPLE, name) for name in book.sheet_names}


def test_the_sample_loads_onto_the_contract(tmp_path: Path, sample_rows) -> None:
    db = tmp_path / "keep.duckdb"
    result = load(SAMPLE, db)
    projects, partners = sample_rows[PROJECTS], sample_rows[PARTNERS]

    loaded = _query(
        db,
        "SELECT programme_id, name, funding_programme, start_date, end_date, budget_eur, "
        "eu_contribution_eur FROM programmes ORDER BY programme_id",
    )
    assert len(loaded) == len(projects)
    by_id = {row[0]: row for row in loaded}
    for project in projects:
        row = by_id[project_id(project["Programme"], project["Acronym"])]
        assert row[1] == project["Project Name"]
        assert row[2] == project["Programme"]
        assert row[3].strftime("%Y/%m/%d") == project["Project start"]
        assert row[4].strftime("%Y/%m/%d") == project["Project end"]
        assert row[5] == Decimal(project["Budget"].replace(",", ""))  # "2,345,678.90"
        assert row[6] == Decimal(project["EU Funding"]).quantize(Decimal("0.01"))
    total = sum(Decimal(p["Budget"].replace(",", "")) for p in projects)
    assert _query(db, "SELECT sum(budget_eur) FROM programmes") == [(total,)]

    got = _query(
        db,
        "SELECT p.funding_programme, p.programme_id, pa.name, pa.country, pa.role, pa.type "
        "FROM partners pa JOIN programmes p USING (programme_id)",
    )
    assert len(got) == len(partners)
    wanted = {
        (
            q["Programme"],
            project_id(q["Programme"], q["Acronym"]),
            q["Project Partner"],
            q["Country code"].split()[0],  # "PL Poland / POLSKA"
            "lead" if q["Lead Partner"] == "Yes" else "partner",
            "public_authority" if q["Legal Status"].casefold() == "public" else None,
        )
        for q in partners
    }
    assert set(got) == wanted

    assert not result.dataset.errors


def test_ids_are_stable_whatever_the_order(tmp_path: Path, sample_rows) -> None:
    shuffled = {name: list(reversed(rows)) for name, rows in sample_rows.items()}
    path = tmp_path / "reversed.xlsx"
    _write_book(path, shuffled)
    load(SAMPLE, tmp_path / "a.duckdb")
    load(path, tmp_path / "b.duckdb")
    sql = "SELECT programme_id, name FROM programmes ORDER BY 1"
    assert _query(tmp_path / "a.duckdb", sql) == _query(tmp_path / "b.duckdb", sql)


def _slipped(sample_rows) -> dict[str, list[dict[str, str | None]]]:
    """The sample with keep.eu's real slips: an end the day before the start, an EU grant
    hundreds of times the budget, a partner of no project, and null words."""
    sheets = {name: [dict(r) for r in rows] for name, rows in sample_rows.items()}
    projects = sheets[PROJECTS]
    projects[4]["Project end"] = "2018/04/30"  # RIVERTOUR starts 2018/05/01 (Excel row 6)
    projects[1]["EU Funding"] = "130584000"  # CLUSTER-UP's budget is 1,305,840.00 (row 3)
    projects[3]["Project Name"] = "N/A"  # SMARTVILL (row 5): no name, named by its acronym
    partners = sheets[PARTNERS]
    partners[9]["Acronym"] = "BRIDGE"  # the "Bridge & Co" partner of row 11, mistyped
    return sheets


def test_slips_are_errors_named_by_programme_acronym_and_row(tmp_path: Path, sample_rows) -> None:
    path = tmp_path / "keep.xlsx"
    _write_book(path, _slipped(sample_rows))
    db = tmp_path / "keep.duckdb"
    load(SAMPLE, db)
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    with pytest.raises(LoadFailed) as failed:
        load(path, db)
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before  # nothing written

    errors = sorted(str(p) for p in failed.value.problems if p.is_error)
    sea, samplonia = "2014 - 2020 INTERREG VB Example Sea", "2014 - 2020 INTERREG V-A Examplia"
    testland = "2014 - 2020 Interreg IPA CBC Testland - Mockovia"
    assert errors == sorted(
        [
            f"error: keep.xlsx, sheet {PROJECTS}, row 6 (programme {testland}, acronym "
            "RIVERTOUR), column Project end: '2018-04-30': the end date is before the start "
            "date (starts 2018-05-01)",
            f"error: keep.xlsx, sheet {PROJECTS}, row 3 (programme {sea}, acronym CLUSTER-UP), "
            "column EU Funding: '130584000.00': the EU contribution is larger than the budget",
            f"error: keep.xlsx, sheet {PARTNERS}, row 11 (programme {samplonia} - Samplonia, "
            "acronym BRIDGE), column Acronym: 'BRIDGE': no project with this Programme and "
            f"Acronym in sheet {PROJECTS} (a partner row is tied to its project by both)",
        ]
    )
    assert [str(p) for p in failed.value.problems if p.column == "Project Name"] == [
        f"warning: keep.xlsx, sheet {PROJECTS}, column Project Name: 1 project(s) without a "
        "Project Name (keep.eu often holds only the acronym): named by their Acronym"
    ]


def test_a_float_of_a_cent_is_that_cent_and_a_typed_third_decimal_an_error(
    tmp_path: Path, sample_rows
) -> None:
    """EU Funding as keep.eu stores it, a binary float (16815482.300000001 where Excel shows
    16,815,482.30), is the cent; a third decimal typed as text is an error."""
    sheets = {name: [dict(r) for r in rows] for name, rows in sample_rows.items()}
    sheets[PROJECTS][0]["Budget"] = "19,782,920.37"
    sheets[PROJECTS][0]["EU Funding"] = "16815482.300000001"  # written as a number
    path, db = tmp_path / "keep.xlsx", tmp_path / "keep.duckdb"
    _write_book(path, sheets)
    load(path, db)
    eu = _query(db, "SELECT max(eu_contribution_eur) FROM programmes WHERE budget_eur > 19e6")
    assert eu == [(Decimal("16815482.30"),)]

    book = xlsxwriter.Workbook(str(path))  # the same rows, EU Funding typed as text
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        sheet.write_row(0, 0, list(rows[0]))
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row.values()):
                if value is not None:
                    sheet.write_string(r, c, value)
    sheets[PROJECTS][1]["EU Funding"] = "1234.567"
    book.worksheets()[0].write_string(2, list(sheets[PROJECTS][0]).index("EU Funding"), "1234.567")
    book.close()
    with pytest.raises(LoadFailed) as failed:
        load(path, db)
    assert [(p.row, p.column, p.value) for p in failed.value.problems if p.is_error] == [
        (3, "EU Funding", "1234.567")
    ]


def test_a_recurring_acronym_loads_every_project_and_says_where_partners_went(
    tmp_path: Path, sample_rows
) -> None:
    sheets = {name: [dict(r) for r in rows] for name, rows in sample_rows.items()}
    again = dict(sheets[PROJECTS][0], **{"Project Name": "Greener ports, second call"})
    sheets[PROJECTS].append(again)  # GREENPORT twice in its programme: rows 2 and 7
    path = tmp_path / "keep.xlsx"
    _write_book(path, sheets)
    db = tmp_path / "keep.duckdb"
    result = load(path, db)
    first = project_id(again["Programme"], "GREENPORT")
    assert _query(
        db,
        f"SELECT programme_id, name FROM programmes WHERE programme_id LIKE '{first}%' ORDER BY 1",
    ) == [
        (first, sheets[PROJECTS][0]["Project Name"]),
        (f"{first}-2", "Greener ports, second call"),
    ]
    greenport = [q for q in sheets[PARTNERS] if q["Acronym"] == "GREENPORT"]
    assert _query(db, f"SELECT count(*) FROM partners WHERE programme_id = '{first}'") == [
        (len(greenport),)
    ]
    warned = [str(p) for p in result.warnings if "recurs" in p.message]
    assert warned == [
        f"warning: keep.xlsx, sheet {PROJECTS}, row 7 (programme {again['Programme']}, acronym "
        f"GREENPORT), column Acronym: 'GREENPORT': this acronym recurs in the programme (rows 2, "
        f"7): every project is loaded (ids {first}, {first}-2); keep.eu ties a partner to its "
        f"project only by programme and acronym, so all {len(greenport)} partner row(s) of this "
        f"acronym are attached to the first project (row 2, id {first})"
    ]


def test_an_export_of_keep_eus_size_loads_in_seconds(tmp_path: Path, keep_export) -> None:
    path, expected = keep_export
    db = tmp_path / "keep.duckdb"
    start = time.perf_counter()
    result = load(path, db)
    seconds = time.perf_counter() - start
    print(f"keep.eu export of 2,000 projects and 9,000 partners loaded in {seconds:.2f} s")
    assert not result.dataset.errors
    assert _query(
        db,
        "SELECT count(*), count(DISTINCT funding_programme), sum(budget_eur), "
        "sum(eu_contribution_eur) FROM programmes",
    ) == [(expected.projects, expected.programmes, expected.budget, expected.eu_funding)]
    assert _query(
        db,
        "SELECT count(*), count(*) FILTER (role = 'lead'), "
        "count(*) FILTER (type = 'public_authority') FROM partners",
    ) == [(expected.partners, expected.projects, expected.public)]
    assert {c for (c,) in _query(db, "SELECT DISTINCT country FROM partners")} == expected.countries
    recurring = [p for p in result.warnings if "recurs" in p.message]
    assert len(recurring) == expected.recurring > 0
    assert seconds < LOAD_BUDGET_SECONDS
