"""Offline geocoder: towns as partners write them land in the right place, within their country."""

from __future__ import annotations

import csv
import resource
import time
from pathlib import Path

import pytest

from etl import geocode
from etl.geocode import (
    Gazetteer,
    Place,
    _build_index,
    _fold,
    _format_line,
    country_centroid,
    gazetteer,
    geocode_many,
)
from etl.parse import fold

TOWNS_CSV = Path(__file__).resolve().parents[1] / "data" / "european_partner_towns.csv"
TOLERANCE = 0.3  # degrees
_BUILD: dict[str, float] = {}  # what building the shared gazetteer cost, for the measurement


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    """The process-wide gazetteer, shared by the module's tests (each country read once)."""
    start = time.perf_counter()
    shared = gazetteer()
    shared.locate("Tartu", "EE")  # reads Estonia's places from cities500.json
    _BUILD["seconds"] = time.perf_counter() - start
    _BUILD["peak_rss_mb"] = _peak_rss_mb()
    return shared


@pytest.mark.parametrize(
    ("city", "country", "latitude", "longitude"),
    [
        ("Santiago", "CL", -33.45, -70.65),  # the Chilean capital, not Santiago de Compostela
        ("Santiago", "ES", 42.88, -8.55),  # ... which is the Santiago of Spain
        ("Antwerp", "BE", 51.22, 4.40),  # English name of Antwerpen
        ("Dnipro", "UA", 48.47, 35.04),
        ("Da Nang", "VN", 16.07, 108.22),
        ("Đà Nẵng", "VN", 16.07, 108.22),
        ("Praia", "CV", 14.93, -23.51),
        ("Tartu", "EE", 58.38, 26.73),
        ("Västerås", "SE", 59.62, 16.55),
        ("SE-721 30 Västerås", "SE", 59.62, 16.55),
        ("Lyon CEDEX 02", "FR", 45.75, 4.85),
        ("75008 Paris", "FR", 48.85, 2.35),
        ("D-80331 München", "DE", 48.14, 11.58),
        ("Venezia (Venice)", "IT", 45.44, 12.33),
        ("Dubrovnnik", "HR", 42.65, 18.09),  # typo
        ("Gmina Kobylnica", "PL", 54.44, 17.00),
        ("Grad Zagreb", "HR", 45.81, 15.98),
        ("Sant Cugat del Vallès, Barcelona", "ES", 41.47, 2.09),  # the town, not the province
        ("Luleå / Norrbotten", "SE", 65.58, 22.15),
        ("St. Pölten", "AT", 48.21, 15.64),
        ("'s-Hertogenbosch", "NL", 51.70, 5.30),
        ("Ústí nad Labem", "CZ", 50.66, 14.03),
        ("Cluj-Napoca", "RO", 46.77, 23.60),
        ("Donostia-San Sebastián", "ES", 43.31, -1.97),
        ("Frankfurt (Oder)", "DE", 52.35, 14.55),  # the whole name first: not Frankfurt am Main
        ("tartu", "ee", 58.38, 26.73),  # country codes in lower case too
        # keep.eu's forms: territories GeoNames codes apart from their state, accented postal
        # words, district and municipality words, abbreviations
        ("Mariehamn", "FI", 60.10, 19.93),  # GeoNames: Åland (AX)
        ("Tórshavn", "DK", 62.01, -6.77),  # Faroe Islands (FO)
        ("Saint-Denis (La Réunion)", "FR", -20.88, 55.45),  # Réunion, not Saint-Denis by Paris
        ("Mulhouse Cédex", "FR", 47.75, 7.33),
        ("Freiburg i. Br.", "DE", 48.00, 7.85),
        ("Frankfurt a. M.", "DE", 50.12, 8.68),
        ("Neumarkt i.d.OPf.", "DE", 49.28, 11.46),
        ("Weiden i.d.OPf.", "DE", 49.68, 12.16),
        ("Budapest XVIII. district", "HU", 47.50, 19.04),
        ("Wien XIX", "AT", 48.21, 16.37),
        ("Gmina Michałowice", "PL", 52.17, 20.88),
        ("Gmina Miejska Kraków", "PL", 50.06, 19.94),
        ("Lyon 3e arrondissement", "FR", 45.75, 4.85),
        # compound forms written with spaces alone: a province code, a district, a county, a
        # postal code's letters beside the town (issue 22)
        ("Venezia Mestre (VE)", "IT", 45.44, 12.33),
        ("Mestre (VE)", "IT", 45.49, 12.25),
        ("Milano MI", "IT", 45.46, 9.19),
        ("Marghera Venezia", "IT", 45.45, 12.22),
        ("Carndonagh Co Donegal", "IE", 55.25, -7.27),
        ("Siatista Kozani", "GR", 40.26, 21.54),
        ("KS Leeuwarden", "NL", 53.20, 5.81),
    ],
)
def test_locate_places_the_town(
    gaz: Gazetteer, city: str, country: str, latitude: float, longitude: float
) -> None:
    place = gaz.locate(city, country)
    assert place is not None, f"{city!r} ({country}) not placed"
    assert place.precision == "city"
    assert place.matched
    assert abs(place.latitude - latitude) < TOLERANCE, place
    assert abs(place.longitude - longitude) < TOLERANCE, place


@pytest.mark.parametrize(
    ("city", "country"),
    [
        ("Xyzzyqwv", "DE"),
        ("", "DE"),
        ("   ", "DE"),
        ("Tartu", "ZZ"),
        ("Tartu", ""),
        # regions that name no town: the country's centre (flagged), never a town one letter
        # away from an alternate name (Grand Est / "Grand Snt", Grande-Synthe)
        ("Région Grand Est", "FR"),
        ("Region Skåne", "SE"),
        ("Województwo Pomorskie", "PL"),
        ("Land Brandenburg", "DE"),
        # a compound name whose other words say nothing known: not the village one word names
        ("Insel Mainau", "DE"),
        ("Gorzów Wlkp.", "PL"),
    ],
)
def test_locate_returns_none_when_it_cannot_place(gaz: Gazetteer, city: str, country: str) -> None:
    assert gaz.locate(city, country) is None


def test_unplaceable_town_lands_at_the_country_centroid(gaz: Gazetteer) -> None:
    centre = country_centroid("DE")
    assert centre is not None
    places = geocode_many([("Xyzzyqwv", "DE"), (None, "DE"), ("", "DE")])
    for pair in [("Xyzzyqwv", "DE"), (None, "DE"), ("", "DE")]:
        assert places[pair] == Place(centre[0], centre[1], "country", None)


def test_country_without_centroid_is_left_out(gaz: Gazetteer) -> None:
    assert country_centroid("ZZ") is None
    assert geocode_many([("Tartu", "ZZ"), ("Tartu", "EE")]).keys() == {("Tartu", "EE")}


def test_country_centroids_cover_kosovo() -> None:
    assert country_centroid("XK") is not None
    assert country_centroid("xk") == country_centroid("XK")


def test_geocode_many_looks_up_each_distinct_pair_once(
    gaz: Gazetteer, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[str, str]] = []
    original = Gazetteer.locate

    def counting(self: Gazetteer, city: str, country: str) -> Place | None:
        calls.append((city, country))
        return original(self, city, country)

    monkeypatch.setattr(Gazetteer, "locate", counting)
    large: list[tuple[str, str]] = []
    locate_large = geocode._locate_large

    def counting_large(city: str, country: str) -> Place | None:
        large.append((city, country))
        return locate_large(city, country)

    monkeypatch.setattr(geocode, "_locate_large", counting_large)
    pairs = [
        ("Tartu", "EE"),
        ("Oulu", "FI"),
        ("Tartu", "EE"),
        (None, "FI"),
        ("Xyzzyqwv", "DE"),
        ("Oulu", "FI"),
        ("Xyzzyqwv", "DE"),
        (None, "FI"),
    ]
    places = geocode_many(iter(pairs))  # any iterable, read once
    assert sorted(large) == [("Oulu", "FI"), ("Tartu", "EE"), ("Xyzzyqwv", "DE")]
    assert calls == [("Xyzzyqwv", "DE")]  # Oulu and Tartu are large towns
    assert places.keys() == set(pairs)
    assert places[("Tartu", "EE")].precision == "city"
    assert places[(None, "FI")].precision == "country"


def _line(name: str, lat: float, lon: float, population: int, alternates: list[str]) -> str:
    """A block line as the gazetteer parse writes it, its names folded one by one."""
    return _format_line(name, lat, lon, population, fold(name), map(fold, alternates))


def test_most_populous_wins_and_main_name_breaks_a_tie() -> None:
    lines = [
        _line("Newtown", 1.0, 1.0, 500, ["Bigton"]),  # also an alternate name of a small place
        _line("Bigton", 2.0, 2.0, 90000, []),
        _line("Oldtown", 3.0, 3.0, 700, ["Twin"]),  # a tie on population: the main name wins
        _line("Twin", 4.0, 4.0, 700, []),
        _line("Alpha", 5.0, 5.0, 100, ["Shared"]),  # the alternate of the more populous wins
        _line("Beta", 6.0, 6.0, 200, ["Shared"]),
        _line("Łódź", 7.0, 7.0, 300, ["Lodz", "LODZ", "Lodsch"]),  # keys folded once, each once
    ]
    index, keys = _build_index(("\n".join(lines) + "\n").encode())
    assert index["bigton"][3] == "Bigton"
    assert index["twin"][3] == "Twin"
    assert index["shared"][3] == "Beta"
    assert set(keys) == set(index)
    assert index["lodz"] == (7.0, 7.0, 300, "Łódź", 1)
    assert lines[-1].split("\t")[4:] == ["lodz", "lodsch"]


@pytest.mark.parametrize(
    "text", ["Paris", "Saint-Étienne", "'s-Hertogenbosch", "Łódź", "Ho Chi Minh City", "A & B"]
)
def test_fast_fold_agrees_with_parse_fold(text: str) -> None:
    assert _fold(text) == fold(text)


def test_partner_towns_are_placed_at_city_precision(gaz: Gazetteer) -> None:
    """Measurement: real partner towns, as they appear in partner lists, placed at >= 95 %, and
    none in another town than the one the list's `town` column names (GeoNames' main name of
    the right place, reviewed by hand; empty where the list expects no city)."""
    with TOWNS_CSV.open(encoding="utf-8", newline="") as f:
        listed = list(csv.DictReader(f))
    rows = [(r["city"], r["country"]) for r in listed]
    assert len(rows) >= 300
    assert len({country for _, country in rows}) >= 25

    start = time.perf_counter()
    places = geocode_many(rows)
    seconds = time.perf_counter() - start

    unplaced = sorted(pair for pair, place in places.items() if place.precision != "city")
    rate = 1 - len(unplaced) / len(places)
    report = (
        f"{rate:.1%} of {len(places)} towns placed at city precision; unplaced: {unplaced}; "
        f"gazetteer built in {_BUILD.get('seconds', 0):.2f} s "
        f"(peak RSS {_BUILD.get('peak_rss_mb', 0):.0f} MB), "
        f"geocoded in {seconds:.2f} s (peak RSS {_peak_rss_mb():.0f} MB)"
    )
    print(report)
    assert len(places) == len(set(rows))
    assert rate >= 0.95, report
    wrong = [
        (r["city"], r["country"], places[(r["city"], r["country"])].matched, r["town"])
        for r in listed
        if r["town"] and places[(r["city"], r["country"])].matched != r["town"]
    ]
    assert wrong == [], f"placed in another town: {wrong}"
