"""The translation layer: the language of a run, locale formats from CLDR, country names, and
the catalogue checks of tools/catalogues.py (which CI relies on to find a gap)."""

from __future__ import annotations

import threading
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

import i18n
from analytics import formatting
from i18n import _, countries, formats, n_, using
from tools import catalogues

# (language, money, count, percent of 0.825, a date): written by hand from CLDR's rules, as a
# German, French or Polish reader expects them (U+00A0 and U+202F are the spaces CLDR gives).
LOCALE_FORMS = [
    ("de", "1.234,56\xa0€", "12.345", "83\xa0%", "14.10.2024"),
    ("fr", "1\u202f234,56\xa0€", "12\u202f345", "83\xa0%", "14/10/2024"),
    ("pl", "1\xa0234,56\xa0€", "12\xa0345", "83%", "14.10.2024"),
    ("en", "€ 1,234.56", "12,345", "83%", "2024-10-14"),
]


@pytest.mark.parametrize(("code", "money", "count", "percent", "day"), LOCALE_FORMS)
def test_numbers_money_percent_and_dates_follow_the_language(
    code: str, money: str, count: str, percent: str, day: str
) -> None:
    with using(code):
        assert formatting.money(Decimal("1234.56")) == money
        assert formatting.count(12345) == count
        assert formatting.percent(0.825) == percent
        assert formats.day(date(2024, 10, 14)) == day


def test_money_stays_exact_to_the_cent_in_every_language() -> None:
    amount = Decimal("1199856837.57")
    for code in i18n.CODES:
        with using(code):
            digits = "".join(ch for ch in formatting.money(amount) if ch.isdigit())
        assert digits == "119985683757", code


def test_a_negative_amount_keeps_its_sign() -> None:
    with using("de"):
        assert formatting.money(Decimal("-5.10")) == "-5,10\xa0€"


@pytest.mark.parametrize(
    ("tag", "code"),
    [("de-AT", "de"), ("pt_BR", "pt"), ("EL", "el"), ("uk-UA", "uk"), ("xx", None), ("", None)],
)
def test_a_browser_tag_finds_our_language(tag: str, code: str | None) -> None:
    assert i18n.match(tag) == code


def test_the_language_of_one_thread_is_not_anothers() -> None:
    seen: dict[str, str] = {}

    def speak(code: str) -> None:
        with using(code):
            seen[code] = formatting.money(Decimal("1000"))

    threads = [threading.Thread(target=speak, args=(c,)) for c in ("de", "en", "fr")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen == {"de": "1.000,00\xa0€", "en": "€ 1,000.00", "fr": "1\u202f000,00\xa0€"}
    assert i18n.language() == "en"


def test_an_unknown_language_speaks_english() -> None:
    with using("tlh"):
        assert i18n.language() == "en"
        assert _("Overview") == "Overview"


def test_country_names_come_in_the_language_and_english_keeps_the_stored_name() -> None:
    assert countries.name("CZ", "Czechia") == "Czechia"
    with using("de"):
        assert countries.name("SI", "Slovenia") == "Slowenien"
    with using("bg"):
        assert countries.name("VN", "Vietnam") == "Виетнам"
    with using("fr"):
        assert countries.name("XK", "Kosovo") == "Kosovo"  # not in ISO 3166: the stored name


def test_placeholders_are_filled_after_the_translation() -> None:
    # messages no catalogue holds: the English, filled in, with the count written the German way
    assert _("{count} widgets to {country}", count=3, country="Japan") == "3 widgets to Japan"
    with using("de"):
        assert n_("{n} widget", "{n} widgets", 1234) == "1.234 widgets"


# ------------------------------------------------------------------- the catalogue checks


def _po(tmp_path: Path, body: str, code: str = "pl") -> Path:
    path = tmp_path / code / "LC_MESSAGES" / "messages.po"
    path.parent.mkdir(parents=True)
    path.write_text(
        'msgid ""\nmsgstr ""\n"Language: pl\\n"\n'
        '"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && '
        '(n%100<10 || n%100>=20) ? 1 : 2);\\n"\n'
        '"Content-Type: text/plain; charset=utf-8\\n"\n\n' + body,
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ('msgid "Overview"\nmsgstr ""\n', "not translated"),
        ('#, fuzzy\nmsgid "Overview"\nmsgstr "Przegląd"\n', "fuzzy"),
        ('msgid "{count} missions"\nmsgstr "{liczba} misji"\n', "unknown placeholder"),
        ('msgid "{count} missions to {country}"\nmsgstr "{count} misji"\n', "left out"),
        (
            'msgid "{n} mission"\nmsgid_plural "{n} missions"\n'
            'msgstr[0] "{n} misja"\nmsgstr[1] "{n} misje"\n',
            "not translated",  # Polish has three forms: the third is missing
        ),
    ],
)
def test_the_check_finds_each_kind_of_gap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str, problem: str
) -> None:
    _po(tmp_path, body)
    monkeypatch.setattr(catalogues, "po_path", lambda code: _po_at(tmp_path, code))
    gaps = catalogues.check("pl")
    assert any(problem in g.problem for g in gaps), gaps


def test_a_complete_catalogue_passes_the_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _po(
        tmp_path,
        'msgid "{n} mission"\nmsgid_plural "{n} missions"\n'
        'msgstr[0] "{n} misja"\nmsgstr[1] "{n} misje"\nmsgstr[2] "{n} misji"\n',
    )
    monkeypatch.setattr(catalogues, "po_path", lambda code: _po_at(tmp_path, code))
    assert catalogues.check("pl") == []


def _po_at(root: Path, code: str) -> Path:
    return root / code / "LC_MESSAGES" / "messages.po"


def test_the_polish_plural_forms_are_chosen_by_cldr_rules(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _po(
        tmp_path,
        'msgid "{n} mission"\nmsgid_plural "{n} missions"\n'
        'msgstr[0] "{n} misja"\nmsgstr[1] "{n} misje"\nmsgstr[2] "{n} misji"\n',
    )
    monkeypatch.setattr(i18n, "po_path", lambda code: _po_at(tmp_path, code))
    i18n.translations.cache_clear()
    try:
        with using("pl"):
            forms = [n_("{n} mission", "{n} missions", n) for n in (1, 2, 5, 22, 25)]
    finally:
        i18n.translations.cache_clear()
    assert forms == ["1 misja", "2 misje", "5 misji", "22 misje", "25 misji"]


@pytest.mark.parametrize(
    "code,shown,excel,widget",
    [
        ("en", "04/10/2024", "dd/mm/yyyy", "DD/MM/YYYY"),
        ("de", "04.10.2024", "dd.mm.yyyy", "DD.MM.YYYY"),
        ("fr", "04/10/2024", "dd/mm/yyyy", "DD/MM/YYYY"),
        ("pl", "4.10.2024", "d.mm.yyyy", "DD.MM.YYYY"),
        ("hu", "2024. 10. 04.", "yyyy. mm. dd.", "YYYY.MM.DD"),
        ("lt", "2024-10-04", "yyyy-mm-dd", "YYYY-MM-DD"),
        ("nl", "04-10-2024", "dd-mm-yyyy", "DD-MM-YYYY"),
    ],
)
def test_a_date_is_in_the_language_s_own_form_until_a_format_is_chosen(
    code: str, shown: str, excel: str, widget: str
) -> None:
    with using(code):
        assert formatting.day(date(2024, 10, 4)) == shown
        assert formatting.excel_date_pattern() == excel
        assert formatting.widget_date_format() == widget
        with formatting.using_date_format("YYYY-MM-DD"):
            assert formatting.day(date(2024, 10, 4)) == "2024-10-04"
            assert formatting.excel_date_pattern() == "yyyy-mm-dd"
