"""The one reading of filters (analytics/filters.py): links, the sidebar and the commands."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import example, given, settings

from analytics.filters import DIMENSIONS, Choices, Filters, read, to_query
from tests.portfolios import QUERIES

CHOICES = Choices(
    values={
        "programmes": {"GSSC": "Green Small Smart Cities", "UCA": "UCA business missions"},
        "countries": {"CZ": "Czechia", "VN": "Vietnam", "GB": "United Kingdom"},
        "sectors": {"smart_city": "Smart city", "ict": "ICT"},
    },
    first=date(2022, 1, 1),
    last=date(2024, 12, 31),
)


@pytest.mark.parametrize(
    ("key", "typed", "attr", "value"),
    [
        ("programme", "gssc", "programmes", "GSSC"),
        ("programme", "green small smart cities", "programmes", "GSSC"),
        ("country", "cz", "countries", "CZ"),
        ("country", "Czech Republic", "countries", "CZ"),
        ("country", "CZE", "countries", "CZ"),
        ("country", "Viet Nam", "countries", "VN"),
        ("country", "UK", "countries", "GB"),
        ("sector", "smart city", "sectors", "smart_city"),
        ("sector", "Smart-City", "sectors", "smart_city"),
        ("sector", "digital", "sectors", "ict"),  # a synonym the loader accepts
    ],
)
def test_values_are_matched_as_the_loader_matches_them(
    key: str, typed: str, attr: str, value: str
) -> None:
    reading = read({key: typed}, CHOICES)
    assert getattr(reading.filters, attr) == (value,)
    assert not reading.ignored and reading.notice() is None


@pytest.mark.parametrize(
    ("key", "typed", "why"),
    [
        ("programme", "NOPE9", "not in the data"),
        ("country", "XX", "not a country"),
        ("country", "France", "no mission there"),
        ("sector", "water", "not in the data"),
        ("sector", "bakery", "not a sector"),
        ("from", "31/02/2023", "not a date"),
        ("to", "soon", "not a date"),
    ],
)
def test_a_value_that_cannot_be_used_is_named(key: str, typed: str, why: str) -> None:
    reading = read({key: typed}, CHOICES)
    assert reading.filters == Filters()
    notice = reading.notice()
    assert notice is not None and notice.startswith("Ignored from the link: ")
    assert typed in notice and why in notice


@pytest.mark.parametrize(
    ("start", "end", "expected", "said"),
    [
        ("2021-01-01", None, (None, None), False),  # before the data: all of it, nothing to say
        (None, "2030-01-01", (None, None), False),
        ("2030-01-01", None, (date(2024, 12, 31), None), True),  # after the data: its last day
        (None, "2001-05-05", (None, date(2022, 1, 1)), True),
        ("24/04/2023", "2023.12.31", (date(2023, 4, 24), date(2023, 12, 31)), False),
        ("2024-05-01", "2023-01-01", (date(2023, 1, 1), date(2024, 5, 1)), True),  # swapped
    ],
)
def test_dates_are_read_in_the_loaders_forms_clamped_and_swapped(
    start: str | None, end: str | None, expected: tuple, said: bool
) -> None:
    query = {k: v for k, v in (("from", start), ("to", end)) if v}
    reading = read(query, CHOICES)
    assert (reading.filters.start, reading.filters.end) == expected
    assert not reading.ignored
    assert bool(reading.adjusted) == said
    if said:
        assert "Adjusted from the link" in (reading.notice() or "")


def test_canonical_filters_survive_the_round_trip_through_a_link() -> None:
    filters = Filters(
        programmes=("UCA", "GSSC"),
        start=date(2022, 3, 1),
        end=date(2023, 3, 1),
        countries=("VN",),
        sectors=("ict", "smart_city"),
    )
    reading = read(to_query(filters), CHOICES)
    assert reading.filters == filters and reading.notice() is None


def test_repeated_and_comma_separated_values_read_once() -> None:
    reading = read({"programme": ["GSSC,gssc", " UCA ", ""], "country": "cz,CZ,Czechia"}, CHOICES)
    assert reading.filters.programmes == ("GSSC", "UCA")
    assert reading.filters.countries == ("CZ",)


def test_an_empty_database_ignores_every_list_value_and_keeps_dates() -> None:
    reading = read({"programme": "GSSC", "from": "2023-01-01"}, Choices())
    assert reading.filters == Filters(start=date(2023, 1, 1))
    assert [n.value for n in reading.ignored] == ["GSSC"]


# ---------------------------------------------------------------- any link at all


@settings(max_examples=200, deadline=None)
@given(query=QUERIES)
@example(query={"programme": ["a\x0bb"], "from": ["%00", "9\x07"]})  # found: controls in a link
@example(query={"from": ["2030-06-01"], "to": ["2001-01-01"]})
@example(query={"programme": ["P1"], "from": ["\x1b", "P1"]})  # found: a control in the why
def test_any_link_reads_into_usable_filters_and_names_the_rest(query: dict) -> None:
    reading = read(query, CHOICES)
    filters = reading.filters
    for d in DIMENSIONS:
        assert set(getattr(filters, d.attr)) <= set(CHOICES.values.get(d.attr, {}))
    if filters.start and filters.end:
        assert filters.start <= filters.end
    for day in (filters.start, filters.end):
        assert day is None or CHOICES.first <= day <= CHOICES.last
    # every value given is used or named: nothing is dropped without a word
    given_values = [v.strip() for vs in query.values() for item in vs for v in item.split(",")]
    named = {n.value for n in reading.ignored}
    for value in filter(None, given_values):
        key = next(k for k, vs in query.items() if any(value in i for i in vs))
        used = key in ("from", "to") or (key != "period" and _used(value, key, filters))
        assert used or value in named, (value, reading)
    notice = reading.notice()
    assert (notice is None) == (not reading.ignored and not reading.adjusted)
    for note in reading.ignored:
        assert str(note) in (notice or "")
    assert all(ch.isprintable() for ch in notice or "")
    # the canonical form reads back to the same filters, with nothing to say
    again = read(to_query(filters), CHOICES)
    assert again.filters == filters and again.notice() is None


def _used(value: str, key: str, filters: Filters) -> bool:
    attr = next(d.attr for d in DIMENSIONS if d.key == key)
    try:
        return read({key: value}, CHOICES).filters.__getattribute__(attr)[0] in getattr(
            filters, attr
        )
    except IndexError:
        return False


PERIODS = Choices(
    values=CHOICES.values,
    first=CHOICES.first,
    last=CHOICES.last,
    periods={
        "GSSC": {
            1: (date(2022, 1, 1), date(2022, 6, 30)),
            2: (date(2022, 7, 1), date(2022, 12, 31)),
        },
        "UCA": {1: (date(2023, 3, 1), date(2023, 8, 31))},
    },
)


def test_a_period_sets_the_dates_and_survives_the_round_trip() -> None:
    reading = read({"programme": "GSSC", "period": "2"}, PERIODS)
    assert reading.notice() is None
    assert reading.filters == Filters(
        programmes=("GSSC",), period=2, start=date(2022, 7, 1), end=date(2022, 12, 31)
    )
    assert to_query(reading.filters) == {"programme": ["GSSC"], "period": "2"}
    assert read(to_query(reading.filters), PERIODS).filters == reading.filters
    # the first period's first day is the data's first: kept exact, not opened to "all dates"
    assert read({"programme": "GSSC", "period": "1"}, PERIODS).filters.start == date(2022, 1, 1)
    assert "reporting period 2 (01/07/2022 to 31/12/2022)" in reading.filters.describe()


@pytest.mark.parametrize(
    ("query", "why"),
    [
        ({"period": "1"}, "choose one programme first"),
        ({"programme": ["GSSC", "UCA"], "period": "1"}, "choose one programme first"),
        ({"programme": "UCA", "period": "2"}, "UCA has no period 2; its periods: 1"),
        ({"programme": "GSSC", "period": "third"}, "not a period number such as 3"),
    ],
)
def test_a_period_that_cannot_be_used_is_named(query: dict, why: str) -> None:
    reading = read(query, PERIODS)
    assert reading.filters.period is None and reading.filters.start is None
    assert [n.why for n in reading.ignored] == [why]
