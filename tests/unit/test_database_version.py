"""A database written by an older version of the loader: the demo is rebuilt, any other file is
refused with a message that says what to do, and the app shows that message, not a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from analytics import db
from etl.config import DEMO_DIR
from etl.load import load
from etl.write import schema_stamp

ROOT = Path(__file__).resolve().parents[2]


def stamp_of(path: Path) -> str | None:
    con = duckdb.connect(str(path), read_only=True)
    try:
        rows = con.execute(
            "SELECT comment FROM duckdb_tables() WHERE table_name = 'loads'"
        ).fetchall()
    finally:
        con.close()
    return rows[0][0] if rows else None


def make_outdated(path: Path) -> None:
    """What an older version wrote: no stamp, and a column today's queries use missing."""
    con = duckdb.connect(str(path))
    try:
        con.execute("COMMENT ON TABLE loads IS NULL")
        con.execute("ALTER TABLE contacts DROP COLUMN organisation_no")
    finally:
        con.close()


@pytest.fixture
def own_data(tmp_path: Path) -> Path:
    """A manager's own CSV folder (here: a copy of the demo files) loaded into a database."""
    folder = tmp_path / "our-project"
    shutil.copytree(DEMO_DIR, folder)
    target = tmp_path / "ours.duckdb"
    load(folder, target)
    return target


def test_every_load_stamps_the_schema_it_wrote(demo_db: Path) -> None:
    assert stamp_of(demo_db) == schema_stamp()
    assert schema_stamp().startswith("schema ") and len(schema_stamp()) == len("schema ") + 16


def test_an_outdated_demo_database_is_rebuilt(demo_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "programme.duckdb"
    shutil.copy(demo_db, path)
    make_outdated(path)
    assert stamp_of(path) is None

    assert db.ensure_database(path) == path
    assert stamp_of(path) == schema_stamp()
    con = duckdb.connect(str(path), read_only=True)
    try:
        assert con.execute("SELECT count(organisation_no) FROM contacts").fetchall()[0][0] > 0
    finally:
        con.close()


def test_an_outdated_database_of_ones_own_is_refused_and_left_as_it_is(own_data: Path) -> None:
    make_outdated(own_data)
    before = own_data.read_bytes()
    with pytest.raises(db.OutdatedDatabase, match=r"python -m etl load PATH"):
        db.ensure_database(own_data)
    assert own_data.read_bytes() == before


def test_the_app_says_what_to_do_with_an_outdated_database(
    own_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_outdated(own_data)
    monkeypatch.setenv("PROGRAMME_DB", str(own_data))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert len(at.error) == 1 and "older version" in at.error[0].value
    assert "python -m etl load" in at.error[0].value


@pytest.mark.parametrize("command", ["report", "screenshots"])
def test_the_commands_say_what_to_do_with_an_outdated_database(
    own_data: Path, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from analytics import report
    from tools import screenshots

    make_outdated(own_data)
    with pytest.raises(SystemExit) as stopped:
        if command == "report":
            report.main(["--db", str(own_data)])
        else:
            screenshots.filters_from(screenshots.build_parser().parse_args(["--db", str(own_data)]))
    assert stopped.value.code == 1
    said = capsys.readouterr().err
    assert "older version" in said and "python -m etl load" in said


def test_a_current_database_is_checked_once_per_version(
    demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db.ensure_database(demo_db)
    opened: list[str] = []
    monkeypatch.setattr(db, "open_readonly", lambda path: opened.append(path))
    for _ in range(3):
        assert db.ensure_database(demo_db) == demo_db
    assert opened == []
