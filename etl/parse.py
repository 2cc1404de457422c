"""Cell parsers: text as users type it -> typed values, or a ParseError that says what was expected.

Each parser takes one stripped, non-empty string. The validator calls them once per distinct value,
so they can be plain Python and still fast on large files.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

import pycountry
from rapidfuzz import fuzz, process

from etl.contract import EXPECTED, VOCABULARIES
from i18n import _

CENT = Decimal("0.01")

# What people type for "nothing here": read as an empty cell in every column of every load, so a
# required column says "a value is required" and an optional one stays empty.
NULL_WORDS: tuple[str, ...] = ("n/a", "-", "–", "none", "null", "#n/a")


@functools.cache
def null_word_spellings() -> tuple[str, ...]:
    """NULL_WORDS as they are typed: lower, upper and capitalised ("N/A", "None", "NULL")."""
    spellings = {f(w) for w in NULL_WORDS for f in (str.lower, str.upper, str.capitalize)}
    return tuple(sorted(spellings))


MAX_AMOUNT = Decimal("999999999999.99")  # DECIMAL(14,2)


class ParseError(ValueError):
    """A value that cannot be read; `expected` and `hint` go into the user's error line."""

    def __init__(self, expected: str, hint: str | None = None) -> None:
        super().__init__(expected)
        self.expected = expected
        self.hint = hint


# ---------------------------------------------------------------- amounts

_CURRENCY = re.compile(r"(?i)\b(eur|euro|euros)\b|€")
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']")


def parse_amount(text: str) -> Decimal:
    """Euro amounts in the ways people type them: 222.202,62 €, 222,202.62, EUR 1 234,50, 1234.5.

    A lone separator followed by exactly three digits is a thousands separator (money has at most
    two decimals); more than two decimals is an error rather than a silent rounding.
    """
    s = _CURRENCY.sub("", text)
    s = _SPACES.sub("", s)
    negative = False
    if s.startswith("(") and s.endswith(")"):
        negative, s = True, s[1:-1]
    if s.startswith("-"):
        negative, s = True, s[1:]
    elif s.startswith("+"):
        s = s[1:]
    if s.endswith("-"):
        negative, s = True, s[:-1]
    if not s or not re.fullmatch(r"[0-9.,]+", s) or not re.search(r"\d", s):
        raise ParseError(EXPECTED["amount"])
    dots, commas = s.count("."), s.count(",")
    if dots and commas:
        decimal_sep = "." if s.rfind(".") > s.rfind(",") else ","
        thousands = "," if decimal_sep == "." else "."
        if s.count(decimal_sep) > 1:
            raise ParseError(EXPECTED["amount"])
        integer, _separator, fraction = s.partition(decimal_sep)
        integer = _strip_thousands(integer, thousands)
    elif dots + commas == 0:
        integer, fraction = s, ""
    else:
        sep = "." if dots else ","
        parts = s.split(sep)
        grouped = len(parts[1]) == 3 and 1 <= len(parts[0]) <= 3
        if len(parts) > 2 or grouped:
            integer, fraction = _strip_thousands(s, sep), ""
        else:
            integer, fraction = parts
    if not integer:
        integer = "0"
    if len(fraction) > 2:
        printed = _float_printed(integer, fraction)
        if printed is None:
            raise ParseError(EXPECTED["amount"], _("more than 2 decimals: round to the cent"))
        value = printed
    else:
        try:
            value = Decimal(f"{integer}.{fraction or '0'}").quantize(CENT)
        except InvalidOperation as exc:
            raise ParseError(EXPECTED["amount"]) from exc
    if value > MAX_AMOUNT:
        raise ParseError(EXPECTED["amount"], _("too large"))
    return -value if negative else value


def parse_quantity(text: str) -> Decimal:
    """A target or achieved figure: a count or euro, read as an amount is, said as a number."""
    try:
        return parse_amount(text)
    except ParseError as exc:
        raise ParseError(EXPECTED["quantity"], exc.hint) from exc


def _strip_thousands(text: str, sep: str) -> str:
    groups = text.split(sep)
    if not groups[0] or any(len(g) != 3 for g in groups[1:]) or len(groups[0]) > 3:
        raise ParseError(
            # Translators: {separator} is the sign typed in the amount: . or , (or a space)
            EXPECTED["amount"],
            _("misplaced thousands separator '{separator}'", separator=sep),
        )
    return "".join(groups)


FLOAT_DIGITS = 15  # significant digits a binary float prints with; nobody types as many


def _float_printed(integer: str, fraction: str) -> Decimal | None:
    """The cent a text amount is, when it is a binary float printed in full (a program's
    16815482.300000001, 0.30000000000000004) within floating-point error of that cent; None
    for a third decimal someone typed (1234.567)."""
    if len((integer + fraction).lstrip("0")) < FLOAT_DIGITS:
        return None
    return _cent_of_float(Decimal(f"{integer}.{fraction}"))


def _cent_of_float(d: Decimal) -> Decimal | None:
    """The cent `d` is within floating-point error of (a few units in the last place of the
    binary float, never less than a millionth of a euro), else None."""
    q = d.quantize(CENT)
    if abs(d - q) > max(Decimal("0.000001"), 4 * Decimal(math.ulp(float(d)))):
        return None
    return q


def amount_from_number(value: float) -> Decimal:
    """An Excel number: exact to the cent (16815482.300000001 is 16,815,482.30), or an error if
    it carries more than cents."""
    q = _cent_of_float(Decimal(repr(value)))
    if q is None:
        raise ParseError(EXPECTED["amount"], _("more than 2 decimals: round to the cent"))
    return q


# ---------------------------------------------------------------- dates

_DATE_FORMATS = (
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%d/%m/%Y",
    "%d.%m.%Y",
    "%d-%m-%Y",
    "%Y.%m.%d",
    "%d/%m/%y",
    "%d.%m.%y",
    "%d %B %Y",
    "%d %b %Y",
    "%B %d, %Y",
    "%b %d, %Y",
)
_EXCEL_EPOCH = date(1899, 12, 30)


def parse_date(text: str) -> date:
    """ISO, yyyy/mm/dd, dd/mm/yyyy, dd.mm.yyyy, Excel date-times and Excel serial numbers."""
    s = text.strip()
    # Excel date-times arrive as "2021-09-15 00:00:00" or ISO with a T.
    m = re.fullmatch(r"(\d{4}-\d{2}-\d{2})[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?", s)
    if m:
        s = m.group(1)
    for fmt in _DATE_FORMATS:
        try:
            parsed = datetime.strptime(s, fmt).date()
        except ValueError:
            continue
        if 1900 <= parsed.year <= 2100:
            return parsed
    if re.fullmatch(r"\d{5}(\.0+)?", s):  # an Excel serial number typed into a text cell
        serial = int(float(s))
        if 20000 <= serial <= 80000:
            return _EXCEL_EPOCH + timedelta(days=serial)
    hint = None
    if re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", s):
        hint = _("day/month/year: is the day or the month out of range?")
    raise ParseError(EXPECTED["date"], hint)


# ---------------------------------------------------------------- numbers, coordinates, yes/no


def parse_int(text: str) -> int:
    s = _SPACES.sub("", text).removesuffix(".0")
    s = s.lstrip("+")
    if not re.fullmatch(r"\d+", s):
        raise ParseError(EXPECTED["int"])
    value = int(s)
    if value > 2_000_000_000:
        raise ParseError(EXPECTED["int"], _("too large"))
    return value


def _parse_degrees(text: str, limit: float, kind: str) -> float:
    s = text.strip().replace(",", ".") if text.count(",") == 1 and "." not in text else text
    try:
        value = float(s)
    except ValueError as exc:
        raise ParseError(EXPECTED[kind]) from exc
    if not -limit <= value <= limit:
        raise ParseError(EXPECTED[kind], _("out of range: are latitude and longitude swapped?"))
    return value


def parse_latitude(text: str) -> float:
    return _parse_degrees(text, 90.0, "latitude")


def parse_longitude(text: str) -> float:
    return _parse_degrees(text, 180.0, "longitude")


_YES = {"yes", "y", "true", "1", "x", "ja", "oui", "si", "sí", "public", "open"}
_NO = {"no", "n", "false", "0", "nein", "non", "private", "closed", "internal"}


def parse_yesno(text: str) -> bool:
    s = text.strip().casefold()
    if s in _YES:
        return True
    if s in _NO:
        return False
    raise ParseError(EXPECTED["yesno"])


_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-/]*")


def parse_id(text: str) -> str:
    s = text.strip()
    if not _ID.fullmatch(s):
        raise ParseError(EXPECTED["id"], _("no spaces or other signs"))
    return s


def parse_text(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# ---------------------------------------------------------------- vocabularies


def fold(text: str) -> str:
    """Lower case, no accents, words joined by single spaces: the form names are compared in."""
    text = text.translate(_SPECIAL_LETTERS)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[^0-9a-zA-Z]+", " ", text.casefold())
    return text.strip()


def fold_many(texts: Sequence[str]) -> list[str]:
    """`[fold(t) for t in texts]`, twice as fast on many names (the gazetteer's million): each
    step runs once, in C, over the texts joined by NUL, and plain ASCII texts skip the steps
    that leave them as they are (most GeoNames names).

    Exact because every step leaves NUL alone and works within the texts it separates:
    translate, dropping marks and casefold map letter by letter; NFKD reorders marks only
    between two starters, and NUL is one; the non-alphanumeric runs stop at NUL. A text that
    holds a NUL itself is folded alone.
    """
    plain = [text.isascii() for text in texts]
    if all(plain) or not any(plain):
        return _fold_joined(texts, bool(plain) and plain[0])
    ascii_keys = iter(_fold_joined(list(itertools.compress(texts, plain)), True))
    other = list(itertools.compress(texts, (not p for p in plain)))
    other_keys = iter(_fold_joined(other, False))
    return [next(ascii_keys) if p else next(other_keys) for p in plain]


def _fold_joined(texts: Sequence[str], ascii: bool) -> list[str]:
    if not texts:
        return []
    joined = _FOLD_SEPARATOR.join(texts)
    if joined.count(_FOLD_SEPARATOR) != len(texts) - 1:
        keys = iter(_fold_joined([t for t in texts if _FOLD_SEPARATOR not in t], ascii))
        return [fold(t) if _FOLD_SEPARATOR in t else next(keys) for t in texts]
    if ascii:  # no letter to decompose or special but "&"; casefold is lower
        text = joined.replace("&", " and ").lower()
    else:
        # str.translate looks up every letter in a dict (0.8 s on the gazetteer's names); a
        # regex finds the few special ones.
        text = _SPECIAL_LETTER.sub(_special_letter, joined)
        text = unicodedata.normalize("NFKD", text)
        marks, astral = _combining_marks()
        text = marks.sub("", text)
        if astral.search(text):  # a class with marks past U+FFFF is scanned item by item: slow
            text = astral.sub(_drop_marks, text)
        text = text.casefold()
    text = _NOT_ALNUM_OR_SEPARATOR.sub(" ", text)
    return [part.strip() for part in text.split(_FOLD_SEPARATOR)]


_FOLD_SEPARATOR = "\x00"
_NOT_ALNUM_OR_SEPARATOR = re.compile(r"[^0-9a-zA-Z\x00]+")


@functools.cache
def _combining_marks() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The combining marks fold() drops up to U+FFFF, as one class, and any character past it."""
    marks = (c for c in map(chr, range(0x10000)) if unicodedata.combining(c))
    return re.compile("[" + "".join(map(re.escape, marks)) + "]+"), re.compile(
        "[\U00010000-\U0010ffff]+"
    )


def _drop_marks(match: re.Match[str]) -> str:
    return "".join(ch for ch in match.group() if not unicodedata.combining(ch))


def _special_letter(match: re.Match[str]) -> str:
    return _SPECIAL_LETTERS[ord(match.group())]


_SPECIAL_LETTERS = str.maketrans(
    {
        "Đ": "D",
        "đ": "d",
        "Ł": "L",
        "ł": "l",
        "Ø": "O",
        "ø": "o",
        "ß": "ss",
        "Æ": "Ae",
        "æ": "ae",
        "Œ": "Oe",
        "œ": "oe",
        "ı": "i",
        "Þ": "Th",
        "þ": "th",
        "Ð": "D",
        "ð": "d",
        "Ħ": "H",
        "ħ": "h",
        "&": " and ",
    }
)
_SPECIAL_LETTER = re.compile("[" + "".join(map(re.escape, map(chr, _SPECIAL_LETTERS))) + "]")


@functools.cache
def ascii_letter_folds() -> dict[str, str]:
    """Each accented Latin letter (and "&") with what fold() makes of it before lower-casing,
    where that is plain ASCII: {"é": "e", "ß": "ss", "&": " and ", ...}.

    fold() works letter by letter up to lower-casing (translate, NFKD, combining marks dropped),
    so replacing these letters first and then folding the ASCII text gives fold()'s result; a
    column-wide (polars) fold of names uses it.
    """
    letters = {chr(i) for i in range(0xC0, 0x250)} | {chr(k) for k in _SPECIAL_LETTERS}
    folds: dict[str, str] = {}
    for letter in sorted(letters):
        text = unicodedata.normalize("NFKD", letter.translate(_SPECIAL_LETTERS))
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
        if text.isascii() and text != letter:
            folds[letter] = text
    return folds


@functools.cache
def _vocabulary_index(name: str) -> dict[str, str]:
    index: dict[str, str] = {}
    for canonical, synonyms in VOCABULARIES[name].values.items():
        for spelling in (canonical, canonical.replace("_", " "), *synonyms):
            index[fold(spelling)] = canonical
    return index


def parse_vocab(text: str, vocabulary: str) -> str:
    """A controlled value, matched without case, accents or separators, or through a synonym."""
    index = _vocabulary_index(vocabulary)
    key = fold(text)
    if key in index:
        return index[key]
    if key.endswith(" sector") and key[: -len(" sector")] in index:
        return index[key[: -len(" sector")]]
    allowed = ", ".join(VOCABULARIES[vocabulary].canonical)
    # Translators: {values} lists the values of the list, as typed in the file (not translated)
    return _raise_with_suggestion(key, index, _("one of: {values}", values=allowed))


def _raise_with_suggestion(
    key: str, index: dict[str, str], expected: str, show: Callable[[str], str] = str
) -> str:
    labels = {spelling: show(value) for spelling, value in index.items()}
    raise ParseError(expected, did_you_mean(key, labels, fuzz.WRatio, 80))


MAX_SUGGESTIONS = 3  # equally close candidates listed; more than this and none is guessed


def did_you_mean(
    value: str,
    candidates: Mapping[str, str] | Sequence[str],
    scorer: Callable[..., float],
    cutoff: float,
) -> str | None:
    """'did you mean ...?' for the candidates closest to `value`, the same whatever their order:
    every candidate of the best score, by name (up to MAX_SUGGESTIONS), or None when more are as
    close or none is close enough. `candidates`: the names, or spelling -> name shown."""
    shown = candidates if isinstance(candidates, Mapping) else {c: c for c in candidates}
    matches = process.extract(value, sorted(shown), scorer=scorer, score_cutoff=cutoff, limit=None)
    if not matches:
        return None
    best = max(score for _, score, _ in matches)
    names = sorted({shown[key] for key, score, _ in matches if score == best})
    if len(names) > MAX_SUGGESTIONS:
        return None
    quoted = [f"'{name}'" for name in names]
    if len(quoted) == 1:
        # Translators: {name} is a value from the data, quoted: 'travel'
        return _("did you mean {name}?", name=quoted[0])
    # Translators: {names} are values from the data, quoted and separated by commas; {last} the
    # last of them: did you mean 'Nice', 'Nicosia' or 'Nis'?
    return _("did you mean {names} or {last}?", names=", ".join(quoted[:-1]), last=quoted[-1])


def parse_vocab_list(text: str, vocabulary: str) -> tuple[str, ...]:
    """Values separated by ; (or , or |), deduplicated in their order of appearance."""
    items = [p for p in re.split(r"[;,|]", text) if p.strip()]
    out: list[str] = []
    for item in items:
        value = parse_vocab(item, vocabulary)
        if value not in out:
            out.append(value)
    return tuple(out)


def parse_id_list(text: str) -> tuple[str, ...]:
    out: list[str] = []
    for item in re.split(r"[;,|]", text):
        if item.strip():
            value = parse_id(item)
            if value not in out:
                out.append(value)
    return tuple(out)


# ---------------------------------------------------------------- countries

# Names people use that pycountry does not know, folded.
_COUNTRY_ALIASES = {
    "uk": "GB",
    "great britain": "GB",
    "britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "el": "GR",
    "cape verde": "CV",
    "turkey": "TR",
    "turkiye": "TR",
    "russia": "RU",
    "kosovo": "XK",
    "xk": "XK",
    "usa": "US",
    "u s a": "US",
    "united states of america": "US",
    "america": "US",
    "holland": "NL",
    "the netherlands": "NL",
    "czech": "CZ",
    "czech rep": "CZ",
    "south korea": "KR",
    "korea": "KR",
    "republic of korea": "KR",
    "north korea": "KP",
    "iran": "IR",
    "syria": "SY",
    "laos": "LA",
    "vatican": "VA",
    "ivory coast": "CI",
    "cote d ivoire": "CI",
    "swaziland": "SZ",
    "burma": "MM",
    "macedonia": "MK",
    "fyrom": "MK",
    "moldova": "MD",
    "taiwan": "TW",
    "tanzania": "TZ",
    "palestine": "PS",
    "bolivia": "BO",
    "venezuela": "VE",
    "brunei": "BN",
    "micronesia": "FM",
    "uae": "AE",
    "emirates": "AE",
    "bosnia": "BA",
    "bosnia herzegovina": "BA",
    "slovak republic": "SK",
    "democratic republic of the congo": "CD",
    "dr congo": "CD",
    "drc": "CD",
    "republic of the congo": "CG",
    "congo brazzaville": "CG",
    "east timor": "TL",
    "viet nam": "VN",
    "vietnam": "VN",
    "the gambia": "GM",
    "the bahamas": "BS",
}


# Country names as they are written in other European languages (the country's own, German,
# French, Italian, Spanish), for managers who type them that way. Only Latin-script names: fold()
# drops other scripts. Keys are as written; parse_country compares them folded.
COUNTRY_NAMES_IN_OTHER_LANGUAGES: dict[str, str] = {
    "Deutschland": "DE",
    "Allemagne": "DE",
    "Germania": "DE",
    "Alemania": "DE",
    "Frankreich": "FR",
    "Francia": "FR",
    "España": "ES",
    "Spanien": "ES",
    "Espagne": "ES",
    "Spagna": "ES",
    "Italia": "IT",
    "Italien": "IT",
    "Italie": "IT",
    "Österreich": "AT",
    "Autriche": "AT",
    "Polska": "PL",
    "Polen": "PL",
    "Pologne": "PL",
    "Polonia": "PL",
    "Česko": "CZ",
    "Česká republika": "CZ",
    "Tschechien": "CZ",
    "Tchéquie": "CZ",
    "Slovensko": "SK",
    "Slowakei": "SK",
    "Slovaquie": "SK",
    "Magyarország": "HU",
    "Ungarn": "HU",
    "Hongrie": "HU",
    "Ungheria": "HU",
    "România": "RO",
    "Rumänien": "RO",
    "Roumanie": "RO",
    "Bulgarien": "BG",
    "Bulgarie": "BG",
    "Hrvatska": "HR",
    "Kroatien": "HR",
    "Croatie": "HR",
    "Slovenija": "SI",
    "Slowenien": "SI",
    "Slovénie": "SI",
    "Srbija": "RS",
    "Serbien": "RS",
    "Nederland": "NL",
    "Niederlande": "NL",
    "Pays-Bas": "NL",
    "Paesi Bassi": "NL",
    "Países Bajos": "NL",
    "België": "BE",
    "Belgique": "BE",
    "Belgien": "BE",
    "Belgio": "BE",
    "Bélgica": "BE",
    "Schweiz": "CH",
    "Suisse": "CH",
    "Svizzera": "CH",
    "Suiza": "CH",
    "Sverige": "SE",
    "Schweden": "SE",
    "Suède": "SE",
    "Svezia": "SE",
    "Suecia": "SE",
    "Suomi": "FI",
    "Finnland": "FI",
    "Finlande": "FI",
    "Norge": "NO",
    "Norwegen": "NO",
    "Norvège": "NO",
    "Danmark": "DK",
    "Dänemark": "DK",
    "Danemark": "DK",
    "Eesti": "EE",
    "Estland": "EE",
    "Estonie": "EE",
    "Latvija": "LV",
    "Lettland": "LV",
    "Lettonie": "LV",
    "Lietuva": "LT",
    "Litauen": "LT",
    "Lituanie": "LT",
    "Éire": "IE",
    "Irland": "IE",
    "Irlande": "IE",
    "Griechenland": "GR",
    "Grèce": "GR",
    "Grecia": "GR",
    "Hellas": "GR",
    "Shqipëria": "AL",
    "Türkei": "TR",
    "Turquie": "TR",
    "Russland": "RU",
    "Russie": "RU",
    "Vereinigtes Königreich": "GB",
    "Royaume-Uni": "GB",
    "Regno Unito": "GB",
    "Reino Unido": "GB",
    "Vereinigte Staaten": "US",
    "États-Unis": "US",
    "Stati Uniti": "US",
    "Estados Unidos": "US",
    "Kanada": "CA",
    "Mexiko": "MX",
    "Mexique": "MX",
    "México": "MX",
    "Brasilien": "BR",
    "Brésil": "BR",
    "Brasil": "BR",
    "Chine": "CN",
    "Japon": "JP",
    "Japón": "JP",
    "Giappone": "JP",
    "Indien": "IN",
    "Inde": "IN",
    "Südafrika": "ZA",
    "Afrique du Sud": "ZA",
    "Ägypten": "EG",
    "Égypte": "EG",
    "Marokko": "MA",
    "Maroc": "MA",
    "Marruecos": "MA",
    "Tunesien": "TN",
    "Tunisie": "TN",
}
_COUNTRY_ALIASES.update({fold(k): v for k, v in COUNTRY_NAMES_IN_OTHER_LANGUAGES.items()})


@functools.lru_cache(maxsize=4096)
def parse_country(text: str) -> str:
    """Country name in English (any case) or ISO code -> ISO 3166 alpha-2."""
    key = fold(text)
    if key in _COUNTRY_ALIASES:
        return _COUNTRY_ALIASES[key]
    try:
        return pycountry.countries.lookup(text.strip()).alpha_2
    except LookupError:
        pass
    index = _country_index()
    if key in index:
        return index[key]
    return _raise_with_suggestion(key, index, EXPECTED["country"], country_name)


@functools.lru_cache(maxsize=1)
def _country_index() -> dict[str, str]:
    index = dict(_COUNTRY_ALIASES)
    for c in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            if hasattr(c, attr):
                index[fold(getattr(c, attr))] = c.alpha_2
        index[c.alpha_2.casefold()] = c.alpha_2
        index[c.alpha_3.casefold()] = c.alpha_2
    return index


def country_name(code: str) -> str:
    """The short English name shown on pages and in reports."""
    if code == "XK":
        return "Kosovo"
    c = pycountry.countries.get(alpha_2=code)
    if c is None:
        return code
    return getattr(c, "common_name", None) or c.name
