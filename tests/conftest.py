"""Shared fixtures: one demo database per test session, built by the real loader."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from etl.config import DEMO_DIR
from etl.load import load

# An error in a page fails the test that meets it, instead of becoming the polite sentence a
# viewer sees (shell/guard.py); tests/app/test_errors.py checks that sentence itself.
os.environ["PROGRAMME_RAISE_ERRORS"] = "1"


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("demo-db") / "programme.duckdb"
    load(DEMO_DIR, db)
    return db


@pytest.fixture(scope="session")
def con(demo_db: Path):
    """The demo database, read-only and opened as the app opens it (analytics/db.py)."""
    from analytics import db

    connection = db.open_readonly(str(demo_db))
    cursor = db.cursor(connection)
    yield cursor
    cursor.close()
    connection.close()


@pytest.fixture(scope="session")
def empty_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with the schema and nothing in it but one empty-handed load."""
    folder = tmp_path_factory.mktemp("empty-input")
    (folder / "programmes.csv").write_text(
        "programme_id,name,funding_programme,start_date,end_date,budget_eur\n", encoding="utf-8"
    )
    db = tmp_path_factory.mktemp("empty-db") / "programme.duckdb"
    load(folder, db)
    return db


@pytest.fixture(autouse=True)
def _full_error_details() -> None:
    """AppTest reads .streamlit/config.toml, whose showErrorDetails = "none" hides what a failing
    test must say: the tests see every detail (viewers never do)."""
    from streamlit import config

    config.set_option("client.showErrorDetails", "full")


@pytest.fixture(scope="session")
def keep_export(tmp_path_factory: pytest.TempPathFactory):
    """A generated keep.eu export of keep.eu's size (2,000 projects, 9,000 partners), written
    once per session: (path, what the generator wrote)."""
    from bench.keep_export import write_keep_export

    path = tmp_path_factory.mktemp("keep-export") / "keep-export.xlsx"
    return path, write_keep_export(path, projects=2000, partners=9000)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The AppTests (tests/app) run every page of the app, a few seconds each: they are slow,
    so `-m "not slow"` is the quick check before landing; CI runs them all."""
    app_tests = Path(__file__).resolve().parent / "app"
    for item in items:
        if app_tests in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.slow)
