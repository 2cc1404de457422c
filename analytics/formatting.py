"""Formatting at the last step: money stays Decimal until it becomes text here."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import polars as pl

import i18n
from i18n import N_, _, countries, formats

_ACRONYMS = {
    "ict": "ICT",
    "sme": "SME",
    "b2b": "B2B",
    "c2c": "C2C",
    "b2g": "B2G",
    "mou": "MoU",
    "mous": "MoUs",
    "smes": "SMEs",
    "eu": "EU",
}

_HYPHENATED = {"follow_up": N_("Follow-up")}  # as the funnel and the PDF say it

# Cost categories by the names managers know from Interreg 2021-2027 (the keys are the data's;
# a programme's own wording, kept at the load as category_typed, is shown instead where given).
CATEGORY_LABELS = {
    "staff": N_("Staff"),
    "indirect": N_("Office and administration"),
    "travel": N_("Travel and accommodation"),
    "subcontracting": N_("External expertise and services"),
    "equipment": N_("Equipment"),
    "infrastructure": N_("Infrastructure and works"),
}

INDICATOR_LABELS = {
    "missions": N_("Missions held"),
    "events": N_("Public events"),
    "contacts": N_("Contacts made"),
    "organisations": N_("Organisations met"),
    "b2b_meetings": N_("B2B meetings"),
    "c2c_meetings": N_("C2C meetings"),
    "smes_involved": N_("SMEs involved"),
    "countries": N_("Target countries reached"),
    "mous": N_("MoUs signed"),
    "agreements": N_("Agreements"),
    "joint_projects": N_("Joint projects"),
    "budget_spent": N_("Budget spent"),
}


def each(series: pl.Series, fmt: Callable[[Any], str | None]) -> pl.Series:
    """`fmt` applied to every value that is not empty, in the calling thread: never a Python
    callback inside Polars' thread pool (map_elements), which deadlocks the server when another
    session's thread holds the GIL while it waits on the same pool (issue 27)."""
    values = [None if v is None else fmt(v) for v in series.to_list()]
    return pl.Series(series.name, values, dtype=pl.String)


def money(value: Decimal | int | float | None) -> str:
    """€ 222,202.62: exact for Decimal (no float on the way)."""
    if value is None:
        return "–"
    amount = value if isinstance(value, Decimal) else Decimal(str(value))
    return formats.money(amount)


def count(value: int | float | Decimal | None) -> str:
    if value is None:
        return "–"
    return formats.count(value)


def plural(n: int | float | Decimal, word: str, many: str | None = None) -> str:
    """The word for `n` of it: 1 mission, 2 missions, 0 missions (`many` for irregular ones)."""
    return word if n == 1 else (many or word + "s")


def percent_number(share: float | Decimal, decimals: int = 0) -> Decimal:
    """A share as the percent a spreadsheet shows for it: 0.825 is 83 (its "0%" cell rounds the
    decimal value half away from zero; f"{82.49999999999999:.0f}" said 82)."""
    exact = Decimal(repr(share)) if isinstance(share, float) else Decimal(share)
    return (exact * 100).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def percent(share: float | None, decimals: int = 0) -> str:
    if share is None:
        return "–"
    return formats.percent(percent_number(share, decimals), decimals)


def label(code: str | None) -> str:
    """smart_city -> Smart city, ict -> ICT, public_authority -> Public authority: in the
    language of the run (the lists' values are in the catalogue, tools/catalogues.py)."""
    if code is None:
        return "–"
    return _(english_label(code))


def english_label(code: str) -> str:
    if code in INDICATOR_LABELS:
        return INDICATOR_LABELS[code]
    if code in _HYPHENATED:
        return _HYPHENATED[code]
    if code in CATEGORY_LABELS:
        return CATEGORY_LABELS[code]
    words = code.replace("_", " ").split(" ")
    out = [_ACRONYMS.get(w.lower(), w) for w in words]
    text = " ".join(out)
    return text[:1].upper() + text[1:] if text and text[0].islower() else text


# The date format a person chose (the sidebar's Date format, ?datefmt= in a link, --datefmt of a
# command): every date shown or exported is written in it. Its strftime pattern, and the number
# format of an XLSX date cell that shows the same. Nothing chosen: the language's own numeric form
# (LANGUAGE_DATE_FORMAT, CLDR through Babel: 14.10.2024 in German, 14/10/2024 in French), and
# DD/MM/YYYY in English; the three fixed forms override it.
DATE_FORMATS = {"DD/MM/YYYY": "%d/%m/%Y", "YYYY-MM-DD": "%Y-%m-%d", "DD.MM.YYYY": "%d.%m.%Y"}
EXCEL_DATE_FORMATS = {
    "DD/MM/YYYY": "dd/mm/yyyy",
    "YYYY-MM-DD": "yyyy-mm-dd",
    "DD.MM.YYYY": "dd.mm.yyyy",
}
DEFAULT_DATE_FORMAT = "DD/MM/YYYY"  # English's own form
LANGUAGE_DATE_FORMAT = "language"  # the language's own form, the default
_date_format: ContextVar[str | None] = ContextVar("date_format", default=None)
_date_format_resolver: Callable[[], str | None] | None = None
# a CLDR date pattern's fields and quoted literals: dd.MM.y, y. MM. dd., d.MM.y 'г'.
_CLDR_FIELD = re.compile(r"'[^']*'|d+|M+|y+|[^'dMy]+")


def set_date_format_resolver(resolver: Callable[[], str | None] | None) -> None:
    """How to find the date format when no `using_date_format` block set one: the app reads
    its session (shell/sidebar.py)."""
    global _date_format_resolver
    _date_format_resolver = resolver


def _known(chosen: str | None) -> bool:
    return chosen in DATE_FORMATS or chosen == LANGUAGE_DATE_FORMAT


def date_format() -> str:
    """The date format in force: a `using_date_format` block's, else the session's, else the
    language's own (LANGUAGE_DATE_FORMAT), which in English is DD/MM/YYYY."""
    chosen = _date_format.get()
    if chosen is None and _date_format_resolver is not None:
        chosen = _date_format_resolver()
    if chosen in DATE_FORMATS:
        return chosen
    return DEFAULT_DATE_FORMAT if i18n.language() == i18n.SOURCE else LANGUAGE_DATE_FORMAT


@contextmanager
def using_date_format(chosen: str | None) -> Iterator[str]:
    """Write dates in `chosen` inside the block (a download or the PDF built on a thread of its
    own, a command's --datefmt); None or an unknown format: the resolver's, else the default."""
    token = _date_format.set(chosen if _known(chosen) else None)
    try:
        yield date_format()
    finally:
        _date_format.reset(token)


def _cldr_fields(code: str) -> list[tuple[str, str]]:
    """The language's numeric date (formats.date_pattern) as (kind, text): kind d, M or y for a
    field (text its CLDR letters), "" for a literal (text as shown)."""
    out = []
    for token in _CLDR_FIELD.findall(formats.date_pattern(code)):
        if token[0] in "dMy":
            out.append((token[0], token))
        else:
            out.append(("", token.strip("'") if token.startswith("'") else token))
    return out


def cldr_strftime(code: str) -> str:
    """The language's numeric date as a strftime pattern (Polars and d3 read it too): dd.MM.y is
    %d.%m.%Y, d.MM.y is %-d.%m.%Y."""
    fields = {"d": "%d", "M": "%m", "y": "%Y"}
    parts = []
    for kind, text in _cldr_fields(code):
        if not kind:
            parts.append(text.replace("%", "%%"))
        elif kind == "y" or len(text) > 1:
            parts.append(fields[kind])
        else:
            parts.append(fields[kind].replace("%", "%-"))
    return "".join(parts)


def cldr_excel(code: str) -> str:
    """The language's numeric date as an Excel number format: dd.MM.y is dd.mm.yyyy."""
    parts = []
    for kind, text in _cldr_fields(code):
        if not kind:
            parts.append(text if re.fullmatch(r"[ ./-]*", text) else f'"{text}"')
        elif kind == "y":
            parts.append("yyyy")
        else:
            parts.append(("d" if kind == "d" else "m") * min(len(text), 2))
    return "".join(parts)


def widget_date_format() -> str:
    """The date format in force as st.date_input takes it (DD.MM.YYYY, YYYY-MM-DD, MM/DD/YYYY...):
    the language's own form by the order and separator of its fields."""
    chosen = date_format()
    if chosen in DATE_FORMATS:
        return chosen
    fields = _cldr_fields(i18n.language())
    order = [kind for kind, _text in fields if kind]
    separators = [c for kind, text in fields if not kind for c in text if c in "/-."]
    names = {"d": "DD", "M": "MM", "y": "YYYY"}
    if order not in (["y", "M", "d"], ["d", "M", "y"], ["M", "d", "y"]):
        return DEFAULT_DATE_FORMAT
    return (separators[0] if separators else ".").join(names[k] for k in order)


def date_pattern() -> str:
    """The strftime pattern of the date format in force (Polars' dt.strftime takes it too)."""
    chosen = date_format()
    if chosen in DATE_FORMATS:
        return DATE_FORMATS[chosen]
    return cldr_strftime(i18n.language())


def excel_date_pattern() -> str:
    """The number format of an XLSX date cell in the date format in force."""
    chosen = date_format()
    if chosen in EXCEL_DATE_FORMATS:
        return EXCEL_DATE_FORMATS[chosen]
    return cldr_excel(i18n.language())


def date_example(chosen: str) -> str:
    """31/12/2024 in the format `chosen` (the language's own for LANGUAGE_DATE_FORMAT)."""
    with using_date_format(chosen):
        return date(2024, 12, 31).strftime(date_pattern())


def day(value: date | None) -> str:
    return value.strftime(date_pattern()) if value else "–"


def moment(value: datetime | None) -> str:
    """A time of day on a date, such as a load's: 14/10/2024 16:42."""
    return value.strftime(f"{date_pattern()} %H:%M") if value else "–"


def period(start: date | None, end: date | None) -> str:
    if start and end and start != end:
        return f"{day(start)} – {day(end)}"
    return day(start)


def source_name(source: object) -> str:
    """A load's file or folder by its own name: the loader keeps the path it was given, with the
    separators of the machine it ran on (C:\\data\\book.xlsx, /srv/in/)."""
    return str(source).replace("\\", "/").rstrip("/").split("/")[-1]


def rows_per_table(row_counts: str | None) -> str:
    """The loads table's JSON of row counts as a person reads it: programmes 4 · partners 21."""
    if not row_counts:
        return "–"
    return " · ".join(f"{table} {count(n)}" for table, n in json.loads(row_counts).items())


def places_named(cities: pl.DataFrame) -> pl.DataFrame:
    """queries.mission_cities' places and countries in the reader's language: a country's name
    looked up by its ISO code, and a virtual mission's place (the query writes "Cabo Verde
    (online)" in English) as the language says it. English keeps the frame as stored."""
    if i18n.language() == i18n.SOURCE or cities.is_empty():
        return cities
    places, names = [], []
    for place, english, code in cities.select("place", "country", "country_code").iter_rows():
        name = countries.name(code, english) if english else english
        if english and place == f"{english} (online)":
            # Translators: a map's place for virtual missions: the target country, met online
            place = _("{country} (online)", country=name)
        places.append(place)
        names.append(name)
    return cities.with_columns(
        pl.Series("place", places, dtype=pl.String), pl.Series("country", names, dtype=pl.String)
    )
