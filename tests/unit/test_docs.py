"""README.md must keep telling the truth: its commands are the ones CI and users run."""

import re
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands() -> list[str]:
    return re.findall(r"```bash\n(.*?)\n```", README, flags=re.S)


def test_readme_gives_the_run_and_test_commands() -> None:
    blocks = _commands()
    assert "python -m pip install -r requirements.txt && python -m streamlit run app.py" in blocks
    assert "python -m pip install -r requirements-test.txt && python -m pytest" in blocks


def test_ci_runs_exactly_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_command = next(b for b in _commands() if "pytest" in b)
    assert test_command in ci.splitlines()


def test_etl_commands_in_readme_exist() -> None:
    from etl.__main__ import build_parser

    subparsers = next(a for a in build_parser()._actions if a.dest == "command")
    used = re.findall(r"^python -m etl (\w+)", README, flags=re.M)
    assert used, "README shows no etl command"
    assert set(used) <= set(subparsers.choices)


def test_report_command_in_readme_parses() -> None:
    from analytics.report import _parser

    commands = re.findall(r"^\s*python -m analytics\.report (.+)$", README, flags=re.M)
    assert commands, "README shows no report command"
    for command in commands:
        _parser().parse_args(command.split())  # exits (fails the test) on an unknown option


def test_report_options_in_readme_show_the_value_they_take() -> None:
    """README's list of the report's options shows an argument for each option that takes one
    (`--html FILE`: a bare `--html` stopped the command with "expected one argument")."""
    from analytics.report import _parser

    (options,) = re.findall(r"Options: (`--.*?)\n\s*The PDF", README, flags=re.S)
    shown = dict(re.findall(r"`(--[a-z-]+)( [^`]+)?`", options))
    assert "--html" in shown
    actions = {o: a for a in _parser()._actions for o in a.option_strings}
    for option, value in shown.items():
        takes_value = actions[option].nargs != 0
        assert takes_value == bool(value), f"README shows `{option}{value}`"


def test_screenshots_without_playwright_say_what_to_install_in_one_line() -> None:
    """README's install of the app does not bring Playwright: the command names what to
    install instead of a ModuleNotFoundError traceback; and it takes a --port."""
    import subprocess
    import sys

    hide = (
        "import runpy, sys; sys.modules['playwright'] = None; sys.argv = ['screenshots']; "
        "runpy.run_module('tools.screenshots', run_name='__main__')"
    )
    done = subprocess.run(
        [sys.executable, "-c", hide], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.strip().splitlines() == [
        "python -m tools.screenshots needs playwright: python -m pip install -r "
        "requirements-test.txt (and Debian's chromium: apt-get install chromium)"
    ]
    assert "requirements-test.txt" in README and "`--port 8600`" in README

    from tools.screenshots import build_parser

    assert build_parser().parse_args(["--port", "8600"]).port == 8600


def test_editor_settings_in_readme_are_the_ones_the_app_reads(monkeypatch) -> None:
    """Each key README names, set in secrets as README says, gives the access it describes."""
    from shell import access

    example = (ROOT / ".streamlit" / "secrets.toml.example").read_text(encoding="utf-8")
    for key in ("editor_password", "editors", "[auth]"):
        assert f"`{key}" in README and key in example, key

    def secrets(values: dict) -> None:
        monkeypatch.setattr(access, "_secrets", lambda: values)

    secrets({})
    assert access.mode() == "read-only" and not access.is_editor()
    secrets({"editor_password": "a long passphrase"})
    assert access.mode() == "password"

    class User(dict):
        is_logged_in = True

    fake = SimpleNamespace(user=User(email="Manager@Cluster.example"), session_state={})
    monkeypatch.setattr(access, "st", fake)
    secrets({"auth": {"client_id": "x"}, "editors": ["manager@cluster.example"]})
    assert access.mode() == "oidc" and access.is_editor()
    secrets({"auth": {"client_id": "x"}, "editors": ["someone@else.example"]})
    assert not access.is_editor()


def test_presentation_settings_in_readme_are_the_ones_the_app_reads(monkeypatch) -> None:
    """`?present=1` turns presentation on and pages advance every DEFAULT_EVERY seconds unless
    `every` says otherwise, as README tells."""
    from shell import presentation

    assert "`?present=1`" in README
    assert f"every {presentation.DEFAULT_EVERY} seconds" in README

    def url(**params: str) -> None:
        monkeypatch.setattr(presentation, "st", SimpleNamespace(query_params=params))

    url()
    assert presentation.settings() is None
    url(present="1")
    assert presentation.settings().every == presentation.DEFAULT_EVERY
    url(present="1", every="30")
    assert presentation.settings().every == 30
    assert "`&every=30` to change, 5 to 600" in README
    url(present="1", every="1")
    assert presentation.settings().every == 5
    url(present="1", every="9999")
    assert presentation.settings().every == 600


def test_readme_states_the_reading_limits_the_loader_applies() -> None:
    from etl import limits

    stated = " ".join(README.split())
    for text in (
        f"workbooks up to {limits.MAX_WORKBOOK_MB} MB",
        f"unpack to at most {limits.MAX_UNPACKED_MB} MB",
        f"more than {limits.MAX_RATIO} times its size",
        f"CSV files up to {limits.MAX_CSV_MB} MB",
        f"{limits.MAX_ROWS:,} rows and {limits.MAX_COLUMNS} columns a table",
        f"{limits.MAX_CELL_CHARS:,} characters a cell",
    ):
        assert text in stated, text


CONTRIBUTING = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
MADE_AT_RUN_TIME = {".streamlit/secrets.toml", "data/programme.duckdb"}


def test_contributing_names_only_files_that_exist() -> None:
    named = set(re.findall(r"`([\w./-]+/[\w./-]*)`", CONTRIBUTING))
    named |= set(re.findall(r"\]\(([\w./-]+)\)", CONTRIBUTING))
    assert len(named) > 20, "the scan found the paths CONTRIBUTING.md names"
    missing = sorted(p for p in named - MADE_AT_RUN_TIME if not (ROOT / p).exists())
    assert missing == []


def test_contributing_commands_exist() -> None:
    import importlib.util

    from etl.__main__ import build_parser

    modules = set(re.findall(r"python -m ([\w.]+)", CONTRIBUTING)) - {"pip", "pytest", "ruff"}
    assert {"etl", "etl.demo", "analytics.report", "tools.screenshots", "bench"} <= modules
    assert all(importlib.util.find_spec(m) for m in modules), modules
    subparsers = next(a for a in build_parser()._actions if a.dest == "command")
    assert set(re.findall(r"python -m etl (\w+)", CONTRIBUTING)) <= set(subparsers.choices)
