"""An ephemeral host (Streamlit Community Cloud, a container) has no database of its own: with
`[database] source` it builds one from the committed workbook or CSV folder on first start, and
again when that changes; a source with errors is answered with them, never a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from etl.config import DEMO_DIR, database_source
from etl.load import load
from etl.read import source_digest

ROOT = Path(__file__).resolve().parents[2]


def loads(db: Path) -> list[tuple[str, str]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT source, sha256 FROM loads ORDER BY loaded_at").fetchall()


def run_app(db: Path, source: Path) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.secrets["database"] = {"path": str(db), "source": str(source)}
    return at.run()


def test_source_digest_is_the_checksum_a_load_records(tmp_path: Path) -> None:
    for source in (DEMO_DIR, ROOT / "tests" / "data" / "keep-sample.xlsx"):
        db = tmp_path / f"{source.stem}.duckdb"
        load(source, db)
        assert loads(db)[-1][1] == source_digest(source), source.name


def test_a_fresh_host_builds_from_its_source_and_again_when_it_changes(tmp_path: Path) -> None:
    source = tmp_path / "my-programme"
    shutil.copytree(DEMO_DIR, source)
    db = tmp_path / "cloud" / "programme.duckdb"
    db.parent.mkdir()
    at = run_app(db, source)
    assert not at.exception and not at.error, at.error
    assert [Path(s).name for s, _ in loads(db)] == ["my-programme"]
    assert any(r"my\-programme" in c.value for c in at.sidebar.caption)  # escaped markdown
    run_app(db, source)  # the same source: nothing loaded again
    assert len(loads(db)) == 1

    missions = source / "missions.csv"
    missions.write_text(missions.read_text("utf-8").replace("Da Nang", "Da Nang "), "utf-8")
    at = run_app(db, source)
    assert not at.exception and not at.error, at.error
    history = loads(db)
    assert len(history) == 2 and history[-1][1] == source_digest(source)


def test_a_source_with_errors_is_answered_with_them(tmp_path: Path) -> None:
    source = tmp_path / "broken"
    shutil.copytree(DEMO_DIR, source)
    programmes = source / "programmes.csv"
    lines = programmes.read_text("utf-8").splitlines()
    header, first = lines[0].split(","), lines[1].split(",")
    first[header.index("budget_eur")] = "**lots** <b>"
    programmes.write_text("\n".join([lines[0], ",".join(first), *lines[2:]]) + "\n", "utf-8")
    at = run_app(tmp_path / "none.duckdb", source)
    assert not at.exception
    message = at.error[0].value
    assert "The data source broken ([database] source) has 1 error" in message
    # Located, and the value shown literally (Markdown escaped, as every value from a file).
    assert r"row 2 \(programme\_id GSSC\)\, column budget\_eur" in message
    assert r"\'\*\*lots\*\* \<b\>\'" in message
    assert not (tmp_path / "none.duckdb").exists()


@pytest.mark.parametrize(
    ("secrets", "env", "expected"),
    [
        ({}, None, None),
        ({}, "data/x.xlsx", ROOT / "data" / "x.xlsx"),
        ({"database": {"source": "/abs/y"}}, "data/x.xlsx", Path("/abs/y")),
        ({"database": {"path": "z.duckdb"}}, None, None),
    ],
)
def test_database_source_setting(
    secrets: dict, env: str | None, expected: Path | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    if env is None:
        monkeypatch.delenv("PROGRAMME_SOURCE", raising=False)
    else:
        monkeypatch.setenv("PROGRAMME_SOURCE", env)
    assert database_source(secrets) == expected
