"""The core's words go through the translation layer: with a small German catalogue made here, a
chart's title and axis, a text alternative's sentence (its plural forms too) and an export's
headers come out in German; with no catalogue at all, German number, money and percent forms
(CLDR's, 1.234,56 €) reach a chart's hover and bar text and a text alternative."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

import i18n
from analytics import alt, charts, exports, kpi
from i18n import using
from tests import samples

GERMAN = r"""msgid ""
msgstr ""
"Language: de\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\n"
"Content-Type: text/plain; charset=utf-8\n"

msgid "Contacts by sector"
msgstr "Kontakte nach Branche"

msgid "Contacts"
msgstr "Kontakte"

msgid "Sector"
msgstr "Branche"

msgid "{n} contact"
msgid_plural "{n} contacts"
msgstr[0] "{n} Kontakt"
msgstr[1] "{n} Kontakte"

msgid "{n} sector"
msgid_plural "{n} sectors"
msgstr[0] "{n} Branche"
msgstr[1] "{n} Branchen"

msgid "0 · targeted by {n} mission"
msgid_plural "0 · targeted by {n} missions"
msgstr[0] "0 · Ziel von {n} Mission"
msgstr[1] "0 · Ziel von {n} Missionen"

msgid "{sectors}, {contacts}; the most in {leaders}."
msgstr "{sectors}, {contacts}; am meisten in {leaders}."

msgid "Achieved"
msgstr "Erreicht"

msgid "Indicator"
msgstr "Indikator"

msgid "Source of figure"
msgstr "Herkunft der Zahl"

msgid "counted from the data"
msgstr "aus den Daten gezählt"

msgid "Table from"
msgstr "Tabelle aus"

msgid "Yes"
msgstr "Ja"

msgid "{name} (%)"
msgstr "{name} (%)"
"""


@pytest.fixture
def german(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """German from a catalogue written here; the real catalogues untouched and re-read after."""
    po = tmp_path / "de" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_text(GERMAN, encoding="utf-8")
    real = i18n.po_path
    monkeypatch.setattr(i18n, "po_path", lambda code: po if code == "de" else real(code))
    i18n.translations.cache_clear()
    try:
        with using("de"):
            yield
    finally:
        monkeypatch.undo()
        i18n.translations.cache_clear()


def test_a_charts_title_axis_and_plural_bar_text_are_german(german: None) -> None:
    fig = charts.sector_ranking(samples.sector_ranking())
    assert fig.layout.title.text == "Kontakte nach Branche"
    assert fig.layout.xaxis.title.text == "Kontakte"
    # nanotechnology: no contact, targeted by 2 missions
    assert fig.data[0].text[-1] == "0 · Ziel von 2 Missionen"


def test_a_text_alternative_is_a_german_sentence_with_its_plural_forms(german: None) -> None:
    ranking = samples.sector_ranking()
    several = alt.sector_ranking(ranking)
    assert several.name == "Kontakte nach Branche"
    # German joins a list with "und" (CLDR's list pattern), not the English "and"
    assert several.summary == "3 Branchen, 65 Kontakte; am meisten in Smart city (33) und ICT (32)."
    assert several.data.columns[:2] == ["Branche", "Kontakte"]
    one = alt.sector_ranking(ranking.head(1).with_columns(pl.lit(1).alias("contacts")))
    assert one.summary == "1 Branche, 1 Kontakt; am meisten in Smart city (1)."


def test_an_exports_headers_and_about_sheet_are_german(german: None) -> None:
    values = pl.DataFrame({"indicator": ["contacts"], "value": [Decimal("5")]})
    board = kpi.scoreboard(values, pl.DataFrame(schema={"indicator": pl.String}))
    frame, kinds, money_rows = kpi.report_export(board)
    assert {"Indikator", "Erreicht", "Herkunft der Zahl"} <= set(frame.columns)
    assert frame["Herkunft der Zahl"][0] == "aus den Daten gezählt"
    about = exports.Provenance("Programmes: all")
    assert about.about()[0][0] == "Tabelle aus"
    table = pl.DataFrame({"Shown": [True], "Share": [0.5]})
    csv = exports.to_csv(table, about, {"Share": exports.PERCENT}).decode("utf-8-sig")
    assert csv.splitlines()[:2] == ["Shown,Share (%)", "Ja,50"]
    assert kinds["Erreicht"] == exports.AMOUNT and len(money_rows) == board.height


def test_english_is_untouched_by_a_german_catalogue(german: None) -> None:
    with using("en"):
        assert charts.sector_ranking(samples.sector_ranking()).layout.title.text == (
            "Contacts by sector"
        )
        assert alt.sector_ranking(samples.sector_ranking()).summary.startswith(
            "3 sectors, 65 contacts"
        )


# ------------------------------------------------------------ German forms, no catalogue


def test_money_and_percent_in_a_charts_hover_and_bar_text_follow_german_forms() -> None:
    with using("de"):
        budget = charts.spend_vs_budget(samples.spend_vs_budget(), "category")
        shares = charts.sector_share_by_programme(samples.sector_share_by_programme())
    staff = budget.data[0].hovertext[0]
    assert "222.202,62\xa0€" in staff  # the budget of Staff, € 222,202.62 in English
    assert "20.000,01\xa0€ (+20\xa0%)" in staff
    bars = [t for trace in budget.data if trace.text for t in trace.text]
    assert any(t.startswith("▲ 20\xa0% ") for t in bars), bars  # 20 %, whatever the words
    assert any(t.startswith("▼ 80\xa0% ") for t in bars), bars
    assert budget.layout.separators == ",."  # Plotly's own ticks: 1.000,5
    assert "75\xa0%" in [t for trace in shares.data for t in trace.text]


def test_money_and_percent_in_a_text_alternative_follow_german_forms() -> None:
    with using("de"):
        spend = alt.cumulative_spend(samples.cumulative_spend(), Decimal("3100.00"))
        funding = alt.budget_by_funding_programme(samples.budget_by_funding_programme())
    assert "900,25\xa0€" in spend.summary and "2.000,00\xa0€" in spend.summary
    assert "(45\xa0%)" in spend.summary and "3.100,00\xa0€" in spend.summary
    assert "1.771.082,62\xa0€" in funding.summary
    assert "A (1.462.380,00\xa0€)" in funding.summary
    assert "1.462.380,00\xa0€" in funding.data[funding.data.columns[2]].to_list()


def test_english_keeps_the_dashboards_own_forms() -> None:
    budget = charts.spend_vs_budget(samples.spend_vs_budget(), "category")
    assert "Budget: € 222,202.62" in budget.data[0].hovertext[0]
    assert budget.layout.separators is None


def test_months_in_a_summary_are_the_languages_own() -> None:
    """'By the end of Dec 2024' was English in every language (strftime's %b)."""
    with using("el"):
        spend = alt.cumulative_spend(samples.cumulative_spend(), Decimal("3100.00"))
    assert not re.search(
        r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}", spend.summary
    )
    assert re.search(r"[Α-Ωα-ω]{3} \d{4}", spend.summary), spend.summary


def test_date_axes_write_no_english_month_names_in_another_language() -> None:
    """Plotly's own ticks name months in English (d3): another language gets numeric dates."""
    with using("de"):
        german = charts.cumulative_spend(samples.cumulative_spend(), Decimal("3100.00"))
    stops = [s.value for s in german.layout.xaxis.tickformatstops]
    assert stops == ["%m.%Y", "%m.%Y", "%Y"], stops
    english = charts.cumulative_spend(samples.cumulative_spend(), Decimal("3100.00"))
    assert not english.layout.xaxis.tickformatstops
