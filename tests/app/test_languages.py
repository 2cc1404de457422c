"""Every page in another language: ?lang=de with a small German catalogue written by the test.

The catalogue translates each page's title and one more text the page shows (a subheader, an
expander, a tab), the sidebar's heading and the language list's label; a page in German must
show them translated and raise nothing. The language also stays after a page switch (the
session keeps it and writes it back to the link) and follows the sidebar's language list.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import i18n
from shell import pages
from tests.apptest import open_page

# English -> German, written by hand (as a translator would), for the texts checked below.
GERMAN = {
    "Programme results": "Programmergebnisse",
    "Missions": "Missionen",
    "Contacts": "Kontakte",
    "Sectors": "Sektoren",
    "Countries": "Länder",
    "Partners": "Partnerorganisationen",
    "Budget": "Haushalt",
    "Data": "Daten",
    "Indicators against targets": "Indikatoren und Zielwerte",
    "Timeline": "Zeitachse",
    "Data behind these charts": "Daten hinter diesen Diagrammen",
    "Ranking": "Rangfolge",
    "Home towns": "Heimatorte",
    "By category": "Nach Kategorie",
    "Load history": "Ladeverlauf",
    "Filters": "Filter",
    "Language": "Sprache",
    "Reset filters": "Filter zurücksetzen",
}

# What each page shows in German: its title, and one more element of the kind named.
TITLES = {
    "overview": "Programmergebnisse",
    "missions": "Missionen",
    "contacts": "Kontakte",
    "sectors": "Sektoren",
    "countries": "Länder",
    "partners": "Partnerorganisationen",
    "budget": "Haushalt",
    "data": "Daten",
}
SHOWN = {
    "overview": ("subheader", "Indikatoren und Zielwerte"),
    "missions": ("subheader", "Zeitachse"),
    "contacts": ("expander", "Daten hinter diesen Diagrammen"),
    "sectors": ("expander", "Daten hinter diesen Diagrammen"),
    "countries": ("subheader", "Rangfolge"),
    "partners": ("subheader", "Heimatorte"),
    "budget": ("tabs", "Nach Kategorie"),
    "data": ("subheader", "Ladeverlauf"),
}


def test_every_page_is_checked() -> None:
    assert set(TITLES) == set(SHOWN) == {p.slug for p in pages.PAGES}


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@pytest.fixture
def german(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A German catalogue of GERMAN only, in place of the repository's, for this test."""
    path = tmp_path / "de" / "LC_MESSAGES" / "messages.po"
    path.parent.mkdir(parents=True)
    header = (
        'msgid ""\nmsgstr ""\n"Language: de\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'
        '"Content-Type: text/plain; charset=utf-8\\n"\n\n'
    )
    entries = "".join(f"msgid {_quoted(en)}\nmsgstr {_quoted(de)}\n\n" for en, de in GERMAN.items())
    path.write_text(header + entries, encoding="utf-8")
    monkeypatch.setattr(i18n, "po_path", lambda code: tmp_path / code / "LC_MESSAGES" / path.name)
    i18n.translations.cache_clear()
    yield
    i18n.translations.cache_clear()


@pytest.fixture
def demo(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PROGRAMME_DB", str(demo_db))
    monkeypatch.setenv("PROGRAMME_AS_OF", "2026-11-23")
    return demo_db


def shown(at: AppTest, kind: str) -> list[str]:
    elements = getattr(at, kind)
    return [getattr(e, "value", None) or getattr(e, "label", "") for e in elements]


def _no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


@pytest.mark.parametrize("page", [p.slug for p in pages.PAGES])
def test_every_page_speaks_german_from_the_link(demo: Path, german: None, page: str) -> None:
    at = open_page(page, {"lang": "de"})
    _no_exception(at)
    assert at.title[0].value == TITLES[page]
    kind, text = SHOWN[page]
    assert text in shown(at, kind), (kind, shown(at, kind))
    assert "### Filter" in [m.value for m in at.sidebar.markdown]
    assert at.selectbox(key="f_language").label == "Sprache"
    # the sidebar's country list names the countries in German (i18n.countries)
    assert "Tschechien" in at.multiselect(key="f_countries").options


def test_the_countries_ranking_names_countries_in_german(demo: Path, german: None) -> None:
    at = open_page("countries", {"lang": "de"})
    ranking = at.dataframe[0].value
    assert "Tschechien" in set(ranking["Country"]), list(ranking["Country"])
    assert "Czechia" not in set(ranking["Country"])


def test_english_is_unchanged_by_the_german_catalogue(demo: Path, german: None) -> None:
    at = open_page("overview")
    _no_exception(at)
    assert at.title[0].value == "Programme results"
    assert "Czechia" in at.multiselect(key="f_countries").options


def test_the_language_stays_after_a_page_switch(demo: Path, german: None) -> None:
    at = open_page("overview", {"lang": "de"})
    assert at.title[0].value == "Programmergebnisse"
    del at.query_params["lang"]  # a page switch from the menu: the link carries no language
    at.switch_page(pages.by_slug("missions").file).run()
    _no_exception(at)
    assert at.title[0].value == "Missionen"
    assert at.query_params.get("lang") in ("de", ["de"])  # written back to the link


def test_the_sidebars_language_list_changes_the_language(demo: Path, german: None) -> None:
    at = open_page("overview")
    assert at.title[0].value == "Programme results"
    at.selectbox(key="f_language").set_value("de").run()
    _no_exception(at)
    assert at.title[0].value == "Programmergebnisse"
    assert "Filter zurücksetzen" in [b.label for b in at.sidebar.button]
    at.switch_page(pages.by_slug("budget").file).run()
    assert at.title[0].value == "Haushalt"
    assert at.query_params.get("lang") in ("de", ["de"])
