"""The filters every page shares, and the one reading of them from a link, the sidebar or a command.

The URL is the state: a filtered view can be bookmarked, pasted into a report's notes or sent to a
partner, and it reopens exactly. A value is read the way the loader reads the data: programmes by id
in any case (or by name), countries by ISO code or any name the loader accepts, sectors by code or
label, dates in ISO or the loader's forms. A date outside the data is clamped to it, a reversed
period swapped, and a value that cannot be used is named (`Reading.notice`), never silently dropped.

A reporting period (`?period=3`, `--period 3`) is a number among the periods of the one programme
selected (`queries.reporting_periods`: the `periods` table, else six-month periods from the
programme's start); it sets the dates, and a link carries the number instead of the dates.

Adding a list filter takes five places, the first two here: a field on `Filters`; a `Dimension`
in `DIMENSIONS` (its URL key, which is also its command-line option, how a notice names it and how
a typed value is matched); its values in `choices_from` (from `queries.filter_options`); the SQL
in analytics/queries.py that reads its parameter (`Filters.params` names it after the field); and
its widget in shell/sidebar.py (a key in `_WIDGETS`, a multiselect in `render`). Links, notices,
the report command's options and the description of a view follow from the `Dimension`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date
from functools import partial

from analytics.formatting import day, label
from etl.parse import ParseError, fold, parse_country, parse_date, parse_vocab
from i18n import N_, _


@dataclass(frozen=True)
class Filters:
    """Empty tuples and None mean "all"."""

    programmes: tuple[str, ...] = ()
    start: date | None = None
    end: date | None = None
    countries: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    funding: tuple[str, ...] = ()  # funding programmes: narrows the programmes (queries.run)
    # A reporting period of the one programme selected: its number; start and end are its days.
    period: int | None = None

    def params(self) -> dict[str, object]:
        """Named SQL parameters; queries.run passes each statement the ones it uses."""
        out: dict[str, object] = {d.attr: list(getattr(self, d.attr)) for d in DIMENSIONS}
        return {**out, "start": self.start, "end": self.end}

    def key(self) -> tuple:
        """A hashable form, for cache keys: every field in declaration order."""
        return tuple(getattr(self, f.name) for f in fields(self))

    @property
    def is_default(self) -> bool:
        return self == Filters()

    def describe(self, country_names: Mapping[str, str] | None = None) -> str:
        """One line stating the filters, for captions, exports and reports."""
        names = {"countries": country_names or {}, "sectors": {s: label(s) for s in self.sectors}}
        parts = []
        for d in DIMENSIONS:
            values = getattr(self, d.attr)
            if d.attr == "funding" and not values:
                continue  # a level most data does not have: named only when chosen
            shown = [names.get(d.attr, {}).get(v, v) for v in values]
            # Translators: one filter in a description, "Sectors: ICT, Water"; {values} is
            # "all" when nothing is chosen
            parts.append(
                _(
                    "{dimension}: {values}",
                    dimension=_(d.title),
                    values=", ".join(shown) if values else _("all"),
                )
            )
        when = _period(self.start, self.end)
        if self.period is not None:
            when = _("reporting period {number} ({dates})", number=self.period, dates=when)
        parts.insert(1, _("Period: {dates}", dates=when))
        return " · ".join(parts)


def _period(start: date | None, end: date | None) -> str:
    if start is None and end is None:
        return _("all dates")
    return _span(day(start) if start else "…", day(end) if end else "…")  # the format chosen


def _span(start: object, end: object) -> str:
    # Translators: two dates, "2021-01-01 to 2021-12-31"
    return _("{start} to {end}", start=start, end=end)


def _hinted(why: str, hint: str | None) -> str:
    """Why a value was not used, with the loader's hint when it has one."""
    return _("{why}; {hint}", why=why, hint=hint) if hint else why


# ---------------------------------------------------------------- what the data holds


@dataclass(frozen=True)
class Choices:
    """The values a filter can take in this database: per dimension {code: label}, and the span
    of its programmes (None when the database has none)."""

    values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    first: date | None = None
    last: date | None = None
    # Reporting periods per programme: {programme_id: {number: (first day, last day)}}.
    periods: Mapping[str, Mapping[int, tuple[date, date]]] = field(default_factory=dict)

    def periods_of(self, programmes: Sequence[str]) -> tuple[str, Mapping[int, tuple[date, date]]]:
        """The reporting periods a selection can take: those of its one programme (or of the
        data's only programme); none when several programmes are in play."""
        chosen = list(programmes) or list(self.values.get("programmes", {}))
        if len(chosen) != 1:
            return "", {}
        return chosen[0], self.periods.get(chosen[0], {})

    def clamp(self, day: date) -> date:
        if self.first and day < self.first:
            return self.first
        if self.last and day > self.last:
            return self.last
        return day


def choices_from(options: Mapping[str, object]) -> Choices:
    """Choices from queries.filter_options' frames (the app's cached options or a command's)."""
    programmes = options["programmes"]
    countries = options["countries"]
    sectors = options["sectors"]["sector"].to_list()
    funding = options["programmes"]["funding_programme"].drop_nulls().unique(maintain_order=True)
    dates = options["dates"]
    first = dates["first"][0] if dates.height else None
    last = dates["last"][0] if dates.height else None
    periods: dict[str, dict[int, tuple[date, date]]] = {}
    if "periods" in options:
        for programme, number, start, end in options["periods"].iter_rows():
            periods.setdefault(programme, {})[number] = (start, end)
    return Choices(
        values={
            "programmes": dict(zip(programmes["programme_id"], programmes["name"], strict=True)),
            "countries": dict(zip(countries["country"], countries["name"], strict=True)),
            "sectors": {s: label(s) for s in sectors},
            "funding": {f: f for f in sorted(funding.to_list())},
        },
        first=first,
        last=last,
        periods=periods,
    )


# ---------------------------------------------------------------- dimensions


class NoMatch(ValueError):
    """A typed value that names nothing in the data; the message says why, for the notice."""


def _match_code_or_label(text: str, values: Mapping[str, str]) -> str:
    """A code as written, in any case, or its label (folded: case, accents, separators)."""
    if text in values:
        return text
    key = fold(text)
    for code, name in values.items():
        if fold(code) == key or fold(name) == key:
            return code
    raise NoMatch(_("not in the data"))


def _match_through(
    parse: Callable[[str], str], invalid: str, absent: str
) -> Callable[[str, Mapping[str, str]], str]:
    """A value by code or label, else by any spelling the loader's `parse` accepts (a country's
    aliases, a vocabulary's synonyms); `invalid` (N_) says why text that is no such value is
    unused, `absent` (N_) why a known value not in the data is."""

    def match(text: str, values: Mapping[str, str]) -> str:
        try:
            return _match_code_or_label(text, values)
        except NoMatch:
            pass
        try:
            code = parse(text)
        except ParseError as error:
            raise NoMatch(_hinted(_(invalid), error.hint)) from None
        if code not in values:
            raise NoMatch(_(absent))
        return code

    return match


# ISO code in any case, or any name or alias the loader accepts (etl.parse.parse_country).
_match_country = _match_through(
    parse_country, N_("not a country"), N_("no mission there in the data")
)
_NOT_A = {"sector": N_("not a sector")}  # the lists a filter reads


def _match_vocabulary(vocabulary: str) -> Callable[[str, Mapping[str, str]], str]:
    """A controlled value by code, label or any synonym the loader accepts."""
    parse = partial(parse_vocab, vocabulary=vocabulary)
    return _match_through(
        parse, _NOT_A.get(vocabulary, f"not a {vocabulary}"), N_("not in the data")
    )


@dataclass(frozen=True)
class Dimension:
    """One list filter: the `Filters` field it fills, its URL key (also the command-line option
    --<key>), the noun a notice uses, the title in descriptions, and how typed text is matched."""

    attr: str
    key: str
    noun: str
    title: str
    match: Callable[[str, Mapping[str, str]], str]
    help: str = ""


DIMENSIONS: tuple[Dimension, ...] = (
    Dimension(
        attr="programmes",
        key="programme",
        noun=N_("programme"),
        title=N_("Programmes"),
        match=_match_code_or_label,
        help="programme id or name, any case",
    ),
    Dimension(
        attr="countries",
        key="country",
        noun=N_("country"),
        title=N_("Target countries"),
        match=_match_country,
        help="target country: ISO code or name",
    ),
    Dimension(
        attr="sectors",
        key="sector",
        noun=N_("sector"),
        title=N_("Sectors"),
        match=_match_vocabulary("sector"),
        help="sector code or name",
    ),
    Dimension(
        attr="funding",
        key="funding",
        noun=N_("funding programme"),
        title=N_("Funding programmes"),
        match=_match_code_or_label,
        help="funding programme (keep.eu's programme), any case",
    ),
)

# URL keys: short, readable, stable (bookmarks depend on them).
KEYS = {d.attr: d.key for d in DIMENSIONS}
DATE_KEYS = {"start": "from", "end": "to"}
PERIOD_KEY = "period"
URL_KEYS: tuple[str, ...] = (*KEYS.values(), *DATE_KEYS.values(), PERIOD_KEY)


# ---------------------------------------------------------------- reading


@dataclass(frozen=True)
class Note:
    """A value from the input that was not used as given: `noun value (why)`; `key` is the URL
    key (and command-line option) it came from."""

    noun: str
    value: str
    why: str
    key: str = ""

    def __str__(self) -> str:
        # Translators: a value of a link not used as given: "programme NOPE9 (not in the data)";
        # {noun} is what it was meant to be (or the link's key: from, to)
        return _(
            "{noun} {value} ({why})", noun=_(self.noun), value=_visible(self.value), why=self.why
        )


def _visible(text: str) -> str:
    """Characters that would not show (tabs, controls, unassigned code points) written as
    escapes, so the notice names exactly what the link held."""
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


@dataclass(frozen=True)
class Reading:
    """Filters read from input, with what was ignored and what was adjusted on the way."""

    filters: Filters
    ignored: tuple[Note, ...] = ()
    adjusted: tuple[Note, ...] = ()

    def notice(self, source: str = "the link") -> str | None:
        """One plain sentence per kind, e.g. "Ignored from the link: programme NOPE9 (not in the
        data)." Plain text: escape it for the place it is shown in."""
        lines = []
        ignored, adjusted = _NOTICES.get(source, _NOTICES["the link"])
        if self.ignored:
            notes = "; ".join(map(str, self.ignored))
            lines.append(_(ignored, notes=notes, source=source))
        if self.adjusted:
            notes = "; ".join(map(str, self.adjusted))
            lines.append(_(adjusted, notes=notes, source=source))
        return " ".join(lines) or None


# Where the values came from: the notice's sentences, whole (English names the source itself).
_NOTICES = {
    "the link": (N_("Ignored from the link: {notes}."), N_("Adjusted from the link: {notes}.")),
    "the options": (
        N_("Ignored from the options: {notes}."),
        N_("Adjusted from the options: {notes}."),
    ),
}


def _items(raw: str | Sequence[str] | None) -> list[str]:
    """Every value of a key, split on commas, stripped, empties dropped."""
    if raw is None:
        return []
    items = [raw] if isinstance(raw, str) else list(raw)
    return [v.strip() for item in items for v in str(item).split(",") if v.strip()]


def read_date(text: str) -> date:
    """ISO first (what links carry), then the loader's forms (dd/mm/yyyy, dd.mm.yyyy, ...)."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return parse_date(text)
    except ParseError as error:
        raise NoMatch(_hinted(_("not a date"), error.hint)) from None


def read(query: Mapping[str, str | Sequence[str]], choices: Choices | None = None) -> Reading:
    """Filters from URL-style parameters ({"programme": ["GSSC"], "from": "2021-01-01", ...}).

    With `choices` (what the data holds), values are matched to it and dates clamped to its span;
    without, values are taken as written (ids as given, countries upper case) and only dates and
    countries are checked for form.
    """
    ignored: list[Note] = []
    adjusted: list[Note] = []
    found: dict[str, tuple[str, ...]] = {}
    for d in DIMENSIONS:
        out: list[str] = []
        for text in _items(query.get(d.key)):
            try:
                if choices is None:
                    value = parse_country(text) if d.attr == "countries" else text
                else:
                    value = d.match(text, choices.values.get(d.attr, {}))
            except (NoMatch, ParseError) as error:
                why = str(error) if isinstance(error, NoMatch) else _("not a country")
                ignored.append(Note(d.noun, text, why, d.key))
                continue
            if value not in out:
                out.append(value)
        found[d.attr] = tuple(out)

    days: dict[str, date | None] = {}
    for attr, key in DATE_KEYS.items():
        texts = _items(query.get(key))
        days[attr] = None
        for extra in texts[1:]:
            why = _("one date only; {date} used", date=_visible(texts[0]))
            ignored.append(Note(key, extra, why, key))
        if not texts:
            continue
        try:
            days[attr] = read_date(texts[0])
        except NoMatch as error:
            ignored.append(Note(key, texts[0], str(error), key))
    start, end = days["start"], days["end"]
    if start and end and end < start:
        why = _("reversed; read as {start} to {end}", start=end, end=start)
        adjusted.append(Note(N_("period"), _span(start, end), why))
        start, end = end, start
    if choices is not None:
        start, end = _clamp(start, end, choices, adjusted)
    period, days_of_period = _read_period(query, choices, found["programmes"], ignored)
    if days_of_period is not None:
        start, end = days_of_period  # choosing a period sets the dates
    return Reading(
        Filters(start=start, end=end, period=period, **found), tuple(ignored), tuple(adjusted)
    )


def _read_period(
    query: Mapping[str, str | Sequence[str]],
    choices: Choices | None,
    programmes: Sequence[str],
    ignored: list[Note],
) -> tuple[int | None, tuple[date, date] | None]:
    """The reporting period asked for (?period=3) and its days; without `choices` the number
    alone, as written."""
    texts = _items(query.get(PERIOD_KEY))
    if not texts:
        return None, None
    for extra in texts[1:]:
        ignored.append(
            Note(
                N_("period"),
                extra,
                _("one period only; {period} used", period=_visible(texts[0])),
                "period",
            )
        )
    try:
        number = int(texts[0])
    except ValueError:
        why = _("not a period number such as 3")
        ignored.append(Note(N_("period"), texts[0], why, PERIOD_KEY))
        return None, None
    if choices is None:
        return number, None
    programme, periods = choices.periods_of(programmes)
    if not programme:
        why = _("choose one programme first")
        ignored.append(Note(N_("period"), texts[0], why, PERIOD_KEY))
        return None, None
    if number not in periods:
        has = ", ".join(map(str, periods)) or _("none")
        # Translators: {programme} is a programme's code, {periods} its period numbers "1, 2, 3"
        why = _(
            "{programme} has no period {number}; its periods: {periods}",
            programme=programme,
            number=number,
            periods=has,
        )
        ignored.append(Note(N_("period"), texts[0], why, PERIOD_KEY))
        return None, None
    return number, periods[number]


def _clamp(
    start: date | None, end: date | None, choices: Choices, adjusted: list[Note]
) -> tuple[date | None, date | None]:
    """Dates into the data's span. A bound at or beyond the data's own edge filters nothing and
    becomes None ("all"); a start after the data or an end before it moves to the edge, said."""
    first, last = choices.first, choices.last
    if start is not None:
        if first and start <= first:
            start = None
        elif last and start > last:
            why = _("after the data; {day} used", day=last)
            adjusted.append(Note("from", start.isoformat(), why, "from"))
            start = last
    if end is not None:
        if last and end >= last:
            end = None
        elif first and end < first:
            why = _("before the data; {day} used", day=first)
            adjusted.append(Note("to", end.isoformat(), why, "to"))
            end = first
    return start, end


def to_query(filters: Filters) -> dict[str, str | list[str]]:
    """URL parameters for `filters`: canonical values, read back by `read` unchanged."""
    query: dict[str, str | list[str]] = {}
    for d in DIMENSIONS:
        values = getattr(filters, d.attr)
        if values:
            query[d.key] = list(values)
    if filters.period is not None:
        query[PERIOD_KEY] = str(filters.period)  # the period's days follow from it
        return query
    for attr, key in DATE_KEYS.items():
        day = getattr(filters, attr)
        if day:
            query[key] = day.isoformat()
    return query


def from_query(query: Mapping[str, str | Sequence[str]], choices: Choices | None = None) -> Filters:
    """The filters `read` finds (what it ignored aside)."""
    return read(query, choices).filters


# ---------------------------------------------------------------- command lines


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The filter options every command shares: --programme, --country, --sector (repeatable,
    comma-separated), --from, --to; read by `read_arguments` exactly as a link is read."""
    for d in DIMENSIONS:
        parser.add_argument(f"--{d.key}", action="append", default=[], help=f"{d.help}; repeatable")
    parser.add_argument(
        "--from", dest="start", metavar="DATE", help="first day: YYYY-MM-DD or DD/MM/YYYY"
    )
    parser.add_argument(
        "--to", dest="end", metavar="DATE", help="last day: YYYY-MM-DD or DD/MM/YYYY"
    )
    parser.add_argument(
        f"--{PERIOD_KEY}",
        metavar="N",
        help="reporting period number of the one programme chosen; sets --from and --to",
    )


def arguments_query(args: argparse.Namespace) -> dict[str, list[str]]:
    query = {d.key: list(getattr(args, d.key)) for d in DIMENSIONS}
    query["from"] = [args.start] if args.start else []
    query["to"] = [args.end] if args.end else []
    query[PERIOD_KEY] = [args.period] if getattr(args, "period", None) else []
    return query


def read_arguments(
    parser: argparse.ArgumentParser, args: argparse.Namespace, choices: Choices
) -> Filters:
    """The filters of a command, read like a link; exits 2 naming every value it cannot use with
    the values the data has. Adjusted dates are stated on stderr and the command goes on."""
    reading = read(arguments_query(args), choices)
    if reading.ignored:
        lines = []
        for note in reading.ignored:
            lines.append(f"--{note.key} {note.value}: {note.why}")
        for d in DIMENSIONS:
            if any(n.key == d.key for n in reading.ignored):
                has = choices.values.get(d.attr, {})
                shown = ", ".join(
                    f"{code} ({name})" if name != code else code for code, name in has.items()
                )
                lines.append(f"the data's {d.attr}: {shown or 'none'}")
        if any(n.key in DATE_KEYS.values() for n in reading.ignored):
            lines.append(f"the data's period: {_period(choices.first, choices.last)}")
        if any(n.key == PERIOD_KEY for n in reading.ignored):
            programme, periods = choices.periods_of(reading.filters.programmes)
            shown = "; ".join(f"{n}: {_period(a, b)}" for n, (a, b) in periods.items())
            lines.append(f"{programme or 'the programme'}'s periods: {shown or 'none'}")
        parser.exit(2, f"{parser.prog}: error: " + "\n  ".join(lines) + "\n")
    if reading.adjusted:
        print(f"note: {reading.notice('the options')}", file=sys.stderr)
    return reading.filters
