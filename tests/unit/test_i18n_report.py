"""The EU report and the template workbook in the language of the run: a tiny German catalogue
made here (the real ones are the lead's), so the test shows the words go through the catalogue,
the page says its language and the money is German."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

import i18n
from analytics import report
from analytics.filters import Filters

AS_OF = date(2026, 11, 23)
GERMAN = {
    "Programme results report": "Bericht über die Programmergebnisse",
    "5. Budget and spending": "5. Budget und Ausgaben",
    "Page {page} of {pages}": "Seite {page} von {pages}",
    "Data loaded {when} from {source} · sha256 {sha}": (
        "Daten geladen {when} aus {source} · sha256 {sha}"
    ),
    "Only 'programmes' must be filled; an empty or missing sheet loads as an empty table.": (
        "Nur 'programmes' muss ausgefüllt sein; ein leeres oder fehlendes Blatt wird als leere "
        "Tabelle geladen."
    ),
    "{description}. Expected: {expected}.": "{description}. Erwartet: {expected}.",
    "a whole number of 0 or more": "eine ganze Zahl ab 0",
}


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@pytest.fixture
def german(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    po = tmp_path / "messages.po"
    entries = "".join(f"msgid {_quote(en)}\nmsgstr {_quote(de)}\n\n" for en, de in GERMAN.items())
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: de\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'
        '"Content-Type: text/plain; charset=utf-8\\n"\n\n' + entries,
        encoding="utf-8",
    )
    real = i18n.po_path
    monkeypatch.setattr(i18n, "po_path", lambda code: po if code == "de" else real(code))
    i18n.translations.cache_clear()
    yield
    monkeypatch.undo()
    i18n.translations.cache_clear()


def test_the_report_in_german_says_so_and_writes_german_money(german, con) -> None:
    with i18n.using("de"):
        page = report.report_html(con, Filters(programmes=("GSSC",)), AS_OF)
    assert '<html lang="de">' in page
    assert "<h1>Bericht über die Programmergebnisse</h1>" in page
    assert "<h2>5. Budget und Ausgaben</h2>" in page
    assert '"Seite " counter(page) " von " counter(pages)' in page
    cards = page[page.index('id="budget-summary"') :]
    cards = cards[: cards.index("</div></div></div>")]
    assert re.search(r'<div class="value">\d{1,3}(\.\d{3})*,\d{2}\xa0€</div>', cards), cards
    assert "€ " not in cards
    assert "DejaVu Sans" in page  # a font with Greek and Cyrillic letters
    assert "<td>Praia, Kap Verde</td>" in page  # the country's name in German, the town as typed


def test_the_report_in_english_is_unchanged_by_the_catalogue(german, con) -> None:
    page = report.report_html(con, Filters(programmes=("GSSC",)), AS_OF)
    assert '<html lang="en">' in page
    assert "<h1>Programme results report</h1>" in page
    assert '"Page " counter(page) " of " counter(pages)' in page
    assert "<td>Praia, Cabo Verde</td>" in page


def test_the_command_refuses_a_language_it_does_not_speak(capsys) -> None:
    assert report.main(["--lang", "xx", "--out", "never.pdf"]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert "'xx'" in err
    assert all(code in err for code in i18n.CODES)
    assert not Path("never.pdf").exists()


def test_the_template_in_german_has_german_instructions_and_notes(german, tmp_path) -> None:
    from openpyxl import load_workbook

    from etl.__main__ import main as etl

    book = tmp_path / "vorlage.xlsx"
    assert etl(["template", str(book), "--lang", "de"]) == 0
    workbook = load_workbook(book)
    readme = [row[0] for row in workbook["README"].iter_rows(values_only=True)]
    assert (
        "Nur 'programmes' muss ausgefüllt sein; ein leeres oder fehlendes Blatt wird als "
        "leere Tabelle geladen." in readme
    )
    notes = [c.comment.text for row in workbook["missions"].iter_rows(max_row=1) for c in row]
    assert any(note.endswith(". Erwartet: eine ganze Zahl ab 0.") for note in notes), notes
    assert workbook["programmes"]["A1"].value == "programme_id*"  # what the loader reads


def test_the_template_command_refuses_a_language_it_does_not_speak(tmp_path, capsys) -> None:
    from etl.__main__ import main as etl

    book = tmp_path / "x.xlsx"
    assert etl(["template", str(book), "--lang", "xx"]) == 2
    assert "de, el" in capsys.readouterr().err
    assert not book.exists()
