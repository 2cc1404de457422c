"""The loader speaks the language of the run (issue 25): its problems and hints, the printed
form of a problem and the summary of `python -m etl load --lang`, with the values from the file
left exactly as they were typed and quoted. A tiny German catalogue made here stands in for the
real one, so the test does not depend on how far the translation has got."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest

import i18n
from etl.__main__ import main
from etl.load import load
from etl.problems import LoadFailed
from etl.read import read_csv_files
from etl.validate import validate
from i18n import using

FAULTS = Path(__file__).resolve().parents[1] / "faults"
BASE = {p.name: p.read_bytes() for p in (FAULTS / "base").glob("*.csv")}

GERMAN = {
    "error": "Fehler",
    "row {row} ({record})": "Zeile {row} ({record})",
    "did you mean {name}?": "meinten Sie {name}?",
    "expected {expected}": "erwartet: {expected}",
    "a value is required here": "hier fehlt ein Wert",
    "not found in {table}.{column}": "nicht in {table}.{column} gefunden",
    "usage error: {path} does not exist": "Aufruffehler: {path} gibt es nicht",
}
GERMAN_PLURALS = {
    "{errors} error(s): {db} was not changed.": (
        "{errors} Fehler: {db} wurde nicht geändert.",
        "{errors} Fehler: {db} wurde nicht geändert.",
    ),
    "{table}  {rows} rows": ("{table}  {rows} Zeile", "{table}  {rows} Zeilen"),
}


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@pytest.fixture
def german(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    po = tmp_path / "locales" / "de" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    entries = [
        f"msgid {_quoted(english)}\nmsgstr {_quoted(german)}\n"
        for english, german in GERMAN.items()
    ]
    entries += [
        f"msgid {_quoted(english)}\nmsgid_plural {_quoted(english)}\n"
        f"msgstr[0] {_quoted(one)}\nmsgstr[1] {_quoted(other)}\n"
        for english, (one, other) in GERMAN_PLURALS.items()
    ]
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: de\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'
        '"Content-Type: text/plain; charset=utf-8\\n"\n\n' + "\n".join(entries),
        encoding="utf-8",
    )
    monkeypatch.setattr(
        i18n,
        "po_path",
        lambda code: tmp_path / "locales" / code / "LC_MESSAGES" / "messages.po",
    )
    i18n.translations.cache_clear()
    try:
        yield
    finally:
        i18n.translations.cache_clear()


def _with_fault(fault: str) -> dict[str, bytes]:
    table = fault.split("--")[0]
    return {**BASE, f"{table}.csv": (FAULTS / f"{fault}.csv").read_bytes()}


def _folder(tmp_path: Path, files: dict[str, bytes]) -> Path:
    folder = tmp_path / "input"
    folder.mkdir(exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


def _place(problem) -> tuple:
    return (
        problem.severity,
        problem.file,
        problem.sheet,
        problem.row,
        problem.column,
        problem.value,
        problem.record,
    )


def test_a_problem_is_said_in_german_with_the_same_place_and_value(german: None) -> None:
    files = _with_fault("budget--unknown-category")
    english = validate(read_csv_files(files, "faults")).problems
    with using("de"):
        german_problems = validate(read_csv_files(files, "faults")).problems
        printed = [str(p) for p in german_problems]
        rows = [p.as_row() for p in german_problems]
    assert [_place(p) for p in german_problems] == [_place(p) for p in english]
    [problem] = [p for p in german_problems if p.value == "travelling"]
    assert problem.hint == "meinten Sie 'travel'?"
    assert problem.message.startswith("erwartet: ")
    assert (problem.row, problem.column, problem.file) == (3, "category", "budget.csv")
    line = next(text for text in printed if "'travelling'" in text)
    assert line.startswith("Fehler: budget.csv, Zeile 3 (")
    assert line.endswith(": 'travelling': " + problem.message + " (meinten Sie 'travel'?)")
    assert {row["severity"] for row in rows} == {"Fehler"}
    # the English words were not changed by the German run
    [before] = [p for p in english if p.value == "travelling"]
    assert before.hint == "did you mean 'travel'?"
    assert str(before).startswith("error: budget.csv, row 3 (")


def test_a_required_value_and_an_unknown_reference_in_german(german: None) -> None:
    for fault, wanted in [
        ("contacts--missing-organisation", "hier fehlt ein Wert"),
        ("budget--unknown-programme", "nicht in programmes.programme_id gefunden"),
    ]:
        with using("de"):
            problems = validate(read_csv_files(_with_fault(fault), "faults")).problems
        assert any(p.message == wanted for p in problems), [str(p) for p in problems]


def test_a_failed_load_in_german_leaves_the_database_unchanged(
    german: None, tmp_path: Path
) -> None:
    db = tmp_path / "programme.duckdb"
    load(_folder(tmp_path, BASE), db)
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    bad = _folder(tmp_path, _with_fault("budget--unknown-category"))
    with using("de"), pytest.raises(LoadFailed) as failed:
        load(bad, db)
    assert any(p.hint == "meinten Sie 'travel'?" for p in failed.value.problems)
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_the_load_command_speaks_the_language_asked_for(
    german: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "programme.duckdb"
    bad = _folder(tmp_path, _with_fault("budget--unknown-category"))
    assert main(["load", str(bad), "--db", str(db), "--lang", "de"]) == 1
    err = capsys.readouterr().err
    assert "Fehler: budget.csv, Zeile 3 (" in err
    assert "'travelling'" in err and "(meinten Sie 'travel'?)" in err
    assert f"1 Fehler: {db} wurde nicht geändert." in err
    assert not db.exists()
    # without --lang the same command speaks English
    assert main(["load", str(bad), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "error: budget.csv, row 3 (" in err and f"1 error(s): {db} was not changed." in err
    assert main(["load", str(tmp_path / "nowhere"), "--lang", "de"]) == 2
    assert "Aufruffehler: " in capsys.readouterr().err


def test_the_load_summary_in_german(
    german: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "programme.duckdb"
    assert main(["load", str(_folder(tmp_path, BASE)), "--db", str(db), "--lang", "de"]) == 0
    out = capsys.readouterr().out
    assert "Zeilen" in out and " rows" not in out


def test_a_language_the_loader_does_not_speak_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "programme.duckdb"
    assert main(["load", str(_folder(tmp_path, BASE)), "--db", str(db), "--lang", "xx"]) == 2
    assert "--lang 'xx'" in capsys.readouterr().err
    assert not db.exists()
