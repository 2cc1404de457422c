"""One database path everywhere (etl.config.database_path): `[database] path` in the secrets, else
PROGRAMME_DB, else data/programme.duckdb, for the app (st.secrets) and the commands (the secrets
files read without Streamlit) alike."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from etl.config import DEFAULT_DB, database_path

ROOT = Path(__file__).resolve().parents[2]
SECRETS = '[database]\npath = "{}"\n'

# (the user's ~/.streamlit/secrets.toml, the project's .streamlit/secrets.toml, PROGRAMME_DB,
# the path found)
CASES = {
    "nothing set: the default": (None, None, None, DEFAULT_DB),
    "the variable": (None, None, "/env.duckdb", Path("/env.duckdb")),
    "the project's secrets over the variable": (
        None,
        SECRETS.format("/project.duckdb"),
        "/env.duckdb",
        Path("/project.duckdb"),
    ),
    "the user's secrets over the variable": (
        SECRETS.format("/home.duckdb"),
        None,
        "/env.duckdb",
        Path("/home.duckdb"),
    ),
    "the project's secrets over the user's": (
        SECRETS.format("/home.duckdb"),
        SECRETS.format("/project.duckdb"),
        None,
        Path("/project.duckdb"),
    ),
    "secrets without [database]: the variable": (
        None,
        'editor_password = "x"\n',
        "/env.duckdb",
        Path("/env.duckdb"),
    ),
    "[database] without a path: the default": (None, "[database]\n", None, DEFAULT_DB),
}


@pytest.fixture
def places(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    home, project = tmp_path / "home", tmp_path / "project"
    for folder in (home, project):
        (folder / ".streamlit").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(project)
    monkeypatch.delenv("PROGRAMME_DB", raising=False)
    return home, project


@pytest.mark.parametrize(("home", "project", "env", "expected"), CASES.values(), ids=CASES)
def test_the_commands_find_the_database(places, monkeypatch, home, project, env, expected) -> None:
    for folder, secrets in zip(places, (home, project), strict=True):
        if secrets is not None:
            (folder / ".streamlit" / "secrets.toml").write_text(secrets, encoding="utf-8")
    if env is not None:
        monkeypatch.setenv("PROGRAMME_DB", env)
    assert database_path() == expected


@pytest.mark.parametrize(("home", "project", "env", "expected"), CASES.values(), ids=CASES)
def test_the_app_finds_it_the_same_way(monkeypatch, home, project, env, expected) -> None:
    """The app reads st.secrets (here AppTest's), Streamlit having merged the two files."""
    import tomllib

    secrets = {**tomllib.loads(home or ""), **tomllib.loads(project or "")}
    if env is None:
        monkeypatch.delenv("PROGRAMME_DB", raising=False)
    else:
        monkeypatch.setenv("PROGRAMME_DB", env)
    at = AppTest.from_string(
        "import streamlit as st\nfrom shell import data\nst.text(str(data.database_path()))"
    )
    for key, value in secrets.items():
        at.secrets[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.text[0].value == str(expected)


def test_a_broken_secrets_file_is_named(places) -> None:
    bad = places[1] / ".streamlit" / "secrets.toml"
    bad.write_text("[database\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"secrets\.toml is not valid TOML"):
        database_path()


def test_the_screenshot_and_report_commands_read_the_secrets(
    places, monkeypatch, demo_db: Path, empty_db: Path
) -> None:
    """The demo database named in secrets.toml, an empty one in PROGRAMME_DB: a programme of the
    demo is found, so the commands opened the secrets' database."""
    from analytics import report
    from tools import screenshots

    secrets = places[1] / ".streamlit" / "secrets.toml"
    secrets.write_text(SECRETS.format(demo_db.as_posix()), encoding="utf-8")
    monkeypatch.setenv("PROGRAMME_DB", str(empty_db))
    args = screenshots.build_parser().parse_args(["--programme", "GSSC"])
    assert screenshots.filters_from(args).programmes == ("GSSC",)
    html = places[1] / "report.html"
    pdfs = []
    monkeypatch.setattr(report, "html_to_pdf", lambda page: pdfs.append(page) or b"%PDF")
    argv = ["--programme", "GSSC", "--html", str(html), "--out", str(places[1] / "r.pdf")]
    assert report.main(argv) == 0
    assert "GSSC" in html.read_text(encoding="utf-8")
