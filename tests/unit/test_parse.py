"""Cell parsers, table-driven: each row is a value as a user types it and what it must become."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from etl import parse
from etl.parse import ParseError


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("222.202,62 €", "222202.62"),
        ("222.202, 62€", "222202.62"),  # as the GSSC seed writes it
        ("222,202.62", "222202.62"),
        ("EUR 1 234,50", "1234.50"),
        ("1234.5", "1234.50"),
        ("1234", "1234.00"),
        ("€1,234", "1234.00"),
        ("1.234", "1234.00"),  # a lone separator before three digits groups thousands
        ("0,5", "0.50"),
        ("1\u00a0234,56 EUR", "1234.56"),
        ("-12.30", "-12.30"),
        ("(12.30)", "-12.30"),
        ("1.234.567,89", "1234567.89"),
        ("1,234,567.89", "1234567.89"),
        ("euro 99", "99.00"),
    ],
)
def test_amounts_as_users_write_them(text: str, expected: str) -> None:
    assert parse.parse_amount(text) == Decimal(expected)


@pytest.mark.parametrize(
    "text", ["abc", "12.345,678", "1,23,4", "12.3456", "€", "1.2.3,4.5", "12..5", "1e5"]
)
def test_amounts_that_are_not(text: str) -> None:
    with pytest.raises(ParseError):
        parse.parse_amount(text)


def test_excel_numbers_are_exact_to_the_cent() -> None:
    assert parse.amount_from_number(222202.62) == Decimal("222202.62")
    assert parse.amount_from_number(0.1 + 0.2) == Decimal("0.30")
    with pytest.raises(ParseError, match="amount"):
        parse.amount_from_number(12.345)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021-09-15", date(2021, 9, 15)),
        ("2021/09/15", date(2021, 9, 15)),
        ("15/09/2021", date(2021, 9, 15)),
        ("15.09.2021", date(2021, 9, 15)),
        ("15-09-2021", date(2021, 9, 15)),
        ("2021-09-15 00:00:00", date(2021, 9, 15)),  # an Excel date read as text
        ("2021-09-15T00:00:00", date(2021, 9, 15)),
        ("44454", date(2021, 9, 15)),  # an Excel serial number
        ("19 March 2024", date(2024, 3, 19)),
    ],
)
def test_dates(text: str, expected: date) -> None:
    assert parse.parse_date(text) == expected


@pytest.mark.parametrize(
    "text", ["31/02/2021", "2021-13-01", "next week", "15/09/21/1", "1850-01-01"]
)
def test_bad_dates(text: str) -> None:
    with pytest.raises(ParseError, match="date"):
        parse.parse_date(text)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Viet Nam", "VN"),
        ("Vietnam", "VN"),
        ("Czechia", "CZ"),
        ("Czech Republic", "CZ"),
        ("Cape Verde", "CV"),
        ("Cabo Verde", "CV"),
        ("IRELAND", "IE"),
        ("United Kingdom", "GB"),
        ("UK", "GB"),
        ("South Korea", "KR"),
        ("Turkey", "TR"),
        ("Türkiye", "TR"),
        ("CL", "CL"),
        ("chile", "CL"),
        ("CZE", "CZ"),
        ("Kosovo", "XK"),
        ("Bolivia", "BO"),
        ("Russia", "RU"),
        ("the Netherlands", "NL"),
        ("Belgium", "BE"),
        ("ukraine", "UA"),
        ("Côte d'Ivoire", "CI"),
    ],
)
def test_countries(text: str, code: str) -> None:
    assert parse.parse_country(text) == code


def test_unknown_country_suggests_a_close_one() -> None:
    with pytest.raises(ParseError) as info:
        parse.parse_country("Chilee")
    assert info.value.hint == "did you mean 'Chile'?"


@pytest.mark.parametrize(
    ("vocabulary", "text", "value"),
    [
        ("sector", "ICT", "ict"),
        ("sector", "solar", "renewable_energy"),
        ("sector", "Renewable Energy", "renewable_energy"),
        ("sector", "water", "water"),
        ("sector", "Nanotechnology", "nanotechnology"),
        ("sector", "agriculture", "agriculture"),
        ("sector", "Energy", "energy"),
        ("sector", "smart city", "smart_city"),
        ("sector", "Smart Cities", "smart_city"),
        ("sector", "water sector", "water"),
        ("category", "Travel", "travel"),
        ("category", "Staff costs", "staff"),
        ("category", "Overheads", "indirect"),
        ("org_type", "Start-up", "startup"),
        ("org_type", "SME", "sme"),
        ("org_type", "Public Authority", "public_authority"),
        ("mission_type", "Partner meeting", "partner_meeting"),
        ("mission_type", "study-visit", "study_visit"),
        ("mission_format", "in person", "in_person"),
        ("mission_format", "Online", "virtual"),
        ("meeting_type", "B2B", "b2b"),
        ("outcome", "MoU", "mou"),
        ("outcome", "Follow-up", "follow_up"),
    ],
)
def test_vocabularies(vocabulary: str, text: str, value: str) -> None:
    assert parse.parse_vocab(text, vocabulary) == value


def test_unknown_vocabulary_value_says_did_you_mean() -> None:
    with pytest.raises(ParseError) as info:
        parse.parse_vocab("exploratoy", "mission_type")
    assert info.value.hint == "did you mean 'exploratory'?"
    assert "exploratory" in info.value.expected


def test_lists_are_split_deduplicated_and_normalised() -> None:
    assert parse.parse_vocab_list("ICT; solar ;Water;ict", "sector") == (
        "ict",
        "renewable_energy",
        "water",
    )
    assert parse.parse_id_list("P1;P2; P1") == ("P1", "P2")


@pytest.mark.parametrize(
    ("text", "value"), [("yes", True), ("No", False), ("TRUE", True), ("0", False), ("x", True)]
)
def test_yes_no(text: str, value: bool) -> None:
    assert parse.parse_yesno(text) is value


@pytest.mark.parametrize(("text", "value"), [("8", 8), ("8.0", 8), ("1 200", 1200)])
def test_whole_numbers(text: str, value: int) -> None:
    assert parse.parse_int(text) == value


@pytest.mark.parametrize("text", ["-3", "2.5", "many"])
def test_not_whole_numbers(text: str) -> None:
    with pytest.raises(ParseError):
        parse.parse_int(text)


def test_coordinates_range_checked() -> None:
    assert parse.parse_latitude("16,0544") == pytest.approx(16.0544)
    with pytest.raises(ParseError, match="latitude"):
        parse.parse_latitude("108.2")


def test_fold_removes_accents_and_special_letters() -> None:
    assert parse.fold("Đà Nẵng") == "da nang"
    assert parse.fold("Västerås") == "vasteras"
    assert parse.fold("Łódź") == "lodz"
    assert parse.fold("'s-Hertogenbosch") == "s hertogenbosch"


_TRICKY_NAMES = [
    "Œuvre Ærø São-Paulo Łódź & Straße İzmir ǅemal Þórshöfn Ħamrun ½",
    "ΟΔΟΣ Σίσυφος ΣΑΣ",  # final sigma: lower() would make it ς, casefold() σ
    "ﬁnal ﬂoor ǈubljana Ǳ ŉ ẞ ı İ",  # ligatures, digraphs, dotless and dotted i
    "한국어 서울",  # Hangul syllables decompose into jamo
    "a\u0345\u0300b e\u0301\u0327 \u0f73\u0f75",  # marks that reorder, ypogegrammeni
    "\U0001d15e\U0001d165x 𐍈 a\U0001d167b",  # marks and letters past U+FFFF
    "﹠ ＆ ⑳ ² ℌ ™",  # compatibility forms: a small ampersand is not "&"
    "a\x00b",  # the separator fold_many joins with
    "\x00",
    "",
    " ",
    "&",
    "--//..",
    "a\u0301",
    "\u0301a",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text()) | st.lists(st.text(alphabet=st.characters(codec="ascii"))))
@example(_TRICKY_NAMES)
@example([])
@example([""])
@example(["\x00", "\x00\x00", "a"])
@example(["Łódź", "Lodz", "ΣΑΣ", "\u0301", "b"])  # ASCII and not, interleaved
def test_fold_many_is_fold_on_each(texts: list[str]) -> None:
    assert parse.fold_many(texts) == [parse.fold(t) for t in texts]
    # Each text against a neighbour that could leak into it across the separator.
    for text in texts:
        for other in _TRICKY_NAMES:
            assert parse.fold_many([other, text, other]) == [
                parse.fold(other),
                parse.fold(text),
                parse.fold(other),
            ]


def test_country_names_in_other_languages_and_cases() -> None:
    # Independent of the table: a few names a manager types, each with its ISO code.
    for text, code in [
        ("Deutschland", "DE"),
        ("ALLEMAGNE", "DE"),
        ("österreich", "AT"),
        ("Česká republika", "CZ"),
        ("Pays-Bas", "NL"),
        ("Regno Unito", "GB"),
        ("estados unidos", "US"),
    ]:
        assert parse.parse_country(text) == code, text


def test_names_in_other_languages_never_shadow_an_english_name_or_code() -> None:
    import pycountry

    english = {}
    for c in pycountry.countries:
        for attr in ("name", "official_name", "common_name", "alpha_2", "alpha_3"):
            if hasattr(c, attr):
                english[parse.fold(getattr(c, attr))] = c.alpha_2
    for name, code in parse.COUNTRY_NAMES_IN_OTHER_LANGUAGES.items():
        assert parse.fold(name), name  # Latin script: fold() keeps it
        assert english.get(parse.fold(name), code) == code, name


# ---------------------------------------------------------------- "did you mean" (issue 22)

IDS = ["WL-M1", "WL-M2", "WL-M3", "WL-M10", "WL-P1"]


@given(st.permutations(IDS))
def test_did_you_mean_is_the_same_whatever_the_order_of_the_candidates(order: list[str]) -> None:
    """The same file gave 'WL-M4' the hints WL-M3, WL-M1 and WL-M2 on three runs: the three are
    equally close, so all three are named, in one order."""
    hint = parse.did_you_mean("WL-M4", order, fuzz.ratio, 60)
    assert hint == "did you mean 'WL-M1', 'WL-M2' or 'WL-M3'?"


def test_did_you_mean_guesses_none_of_many_equally_close_candidates() -> None:
    many = [f"WL-M{n}" for n in range(1, 10) if n != 4]
    assert parse.did_you_mean("WL-M4", many, fuzz.ratio, 60) is None
    assert parse.did_you_mean("WL-M1x", many, fuzz.ratio, 60) == "did you mean 'WL-M1'?"


def test_a_vocabulary_hint_names_the_value_once() -> None:
    with pytest.raises(ParseError) as raised:
        parse.parse_vocab("exploratoy", "mission_type")
    assert raised.value.hint == "did you mean 'exploratory'?"
