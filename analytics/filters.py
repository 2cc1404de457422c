"""The filters every page shares, and their round trip through the URL query string.

The URL is the state: a filtered view can be bookmarked, pasted into a report's notes or sent to a
partner, and it reopens exactly. Parsing is forgiving: an unknown value in a URL is dropped, never
an exception.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Filters:
    """Empty tuples and None mean "all"."""

    programmes: tuple[str, ...] = ()
    start: date | None = None
    end: date | None = None
    countries: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()

    def params(self) -> dict[str, object]:
        """Named SQL parameters; every query declares all of them."""
        return {
            "programmes": list(self.programmes),
            "start": self.start,
            "end": self.end,
            "countries": list(self.countries),
            "sectors": list(self.sectors),
        }

    @property
    def is_default(self) -> bool:
        return not (self.programmes or self.start or self.end or self.countries or self.sectors)

    def describe(self, country_names: Mapping[str, str] | None = None) -> str:
        """One line stating the filters, for captions, exports and reports."""
        names = country_names or {}
        parts = [
            "Programmes: " + (", ".join(self.programmes) if self.programmes else "all"),
            "Period: " + _period(self.start, self.end),
            "Target countries: "
            + (", ".join(names.get(c, c) for c in self.countries) if self.countries else "all"),
            "Sectors: " + (", ".join(self.sectors) if self.sectors else "all"),
        ]
        return " · ".join(parts)


def _period(start: date | None, end: date | None) -> str:
    if start is None and end is None:
        return "all dates"
    return f"{start.isoformat() if start else '…'} to {end.isoformat() if end else '…'}"


# URL keys: short, readable, stable (bookmarks depend on them).
KEYS = {"programmes": "programme", "countries": "country", "sectors": "sector"}


def to_query(filters: Filters) -> dict[str, str | list[str]]:
    query: dict[str, str | list[str]] = {}
    for attr, key in KEYS.items():
        values = getattr(filters, attr)
        if values:
            query[key] = list(values)
    if filters.start:
        query["from"] = filters.start.isoformat()
    if filters.end:
        query["to"] = filters.end.isoformat()
    return query


def from_query(
    query: Mapping[str, str | list[str]],
    known: Mapping[str, set[str]] | None = None,
) -> Filters:
    """Filters from URL parameters; values not in `known` (when given) are dropped."""

    def values(key: str, attr: str) -> tuple[str, ...]:
        raw = query.get(key, [])
        items = [raw] if isinstance(raw, str) else list(raw)
        split = [v.strip() for item in items for v in item.split(",") if v.strip()]
        allowed = (known or {}).get(attr)
        out = [v for v in split if allowed is None or v in allowed]
        return tuple(dict.fromkeys(out))

    def day(key: str) -> date | None:
        raw = query.get(key)
        if isinstance(raw, list):
            raw = raw[0] if raw else None
        try:
            return date.fromisoformat(raw) if raw else None
        except ValueError:
            return None

    start, end = day("from"), day("to")
    if start and end and end < start:
        start, end = end, start
    return Filters(
        programmes=values("programme", "programmes"),
        start=start,
        end=end,
        countries=values("country", "countries"),
        sectors=values("sector", "sectors"),
    )
