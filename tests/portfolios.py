"""Hypothesis strategies for whole input folders, built from the contract (etl/contract.py).

Every table and column comes from etl.contract.TABLES and every controlled value from its
vocabularies, so a column added there is written here too. The shapes a real project takes at its
edges are drawn on purpose: one day, one mission, one programme, only virtual missions, no
expenses yet, budget lines without expenses, programmes and partners only, empty tables, long names,
text that looks like markup, many programmes. `write` turns a drawn portfolio into CSV files the
real loader reads.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from hypothesis import strategies as st

from analytics.filters import URL_KEYS
from etl.contract import TABLES, VOCABULARIES
from etl.parse import NULL_WORDS

# Towns the shipped gazetteer knows, with their country as a manager might type it.
PLACES = (
    ("Prague", "Czech Republic"),
    ("Brno", "CZ"),
    ("Hanoi", "Viet Nam"),
    ("Santiago", "Chile"),
    ("Bologna", "Italy"),
    ("Tallinn", "Estonia"),
    ("Nairobi", "Kenya"),
    ("Osaka", "Japan"),
)

# Names that are text, not markup: the pages must show them literally and stay whole.
HOSTILE_NAMES = (
    "<b>bold</b> & <script>alert(1)</script>",
    "[link](http://example.org) ![img](http://example.org/x.png)",
    "$x^2$ :red[red] **star** `code` # heading",
    "Ünïcödé Ørganisation – ß ł 東京",
)


def vocab(name: str) -> st.SearchStrategy[str]:
    return st.sampled_from(VOCABULARIES[name].canonical)


def names(prefix: str) -> st.SearchStrategy[str]:
    plain = st.text(
        st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")),
        min_size=1,
        max_size=30,
    ).map(lambda t: t.strip() if t.strip() and t.strip().casefold() not in NULL_WORDS else prefix)
    long = st.integers(60, 240).map(lambda n: (prefix + " very long name ") * (n // 20))
    return st.one_of(st.just(prefix), plain, long, st.sampled_from(HOSTILE_NAMES))


@dataclass(frozen=True)
class Shape:
    """What kind of project the portfolio is: the edges the dashboard must hold at."""

    programmes: int
    missions: int  # per programme
    one_day: bool  # every mission and contact on the programme's first day
    virtual_only: bool
    expenses: bool
    budget: bool
    contacts: bool
    span_days: int  # programme length


SHAPES = st.builds(
    Shape,
    programmes=st.integers(1, 14),
    missions=st.integers(0, 3),
    one_day=st.booleans(),
    virtual_only=st.booleans(),
    expenses=st.booleans(),
    budget=st.booleans(),
    contacts=st.booleans(),
    span_days=st.sampled_from([0, 6, 40, 400, 1200]),
)


@st.composite
def portfolios(draw: st.DrawFn, shape: Shape | None = None) -> dict[str, list[dict[str, str]]]:
    """Rows per table, as text cells keyed by contract column name."""
    shape = shape or draw(SHAPES)
    rows: dict[str, list[dict[str, str]]] = {name: [] for name in TABLES}
    for p in range(shape.programmes):
        pid = f"P{p + 1}"
        start = draw(st.dates(date(2015, 1, 1), date(2026, 1, 1)))
        end = start + timedelta(days=shape.span_days)
        budget = draw(st.decimals(Decimal("1"), Decimal("5000000"), places=2))
        eu = (budget * Decimal("0.8")).quantize(Decimal("0.01"))
        rows["programmes"].append(
            {
                "programme_id": pid,
                "name": draw(names(f"Programme {pid}")),
                "funding_programme": draw(names("Interreg")),
                "start_date": draw(st.sampled_from([start.isoformat(), f"{start:%d/%m/%Y}"])),
                "end_date": end.isoformat(),
                "budget_eur": str(budget),
                "eu_contribution_eur": draw(st.sampled_from(["", str(eu)])),
                "sectors": draw(st.lists(vocab("sector"), max_size=2).map(";".join)),
            }
        )
        partners = []
        for n in range(draw(st.integers(1, 3))):
            town, country = draw(st.sampled_from(PLACES))
            partners.append(f"{pid}-R{n + 1}")
            rows["partners"].append(
                {
                    "partner_id": partners[-1],
                    "programme_id": pid,
                    "name": draw(names("Partner")),
                    "country": country,
                    "city": town,
                    "type": draw(vocab("org_type")),
                    "role": "lead" if n == 0 else "partner",
                }
            )
        missions = []
        for m in range(shape.missions):
            first = (
                start if shape.one_day else start + timedelta(draw(st.integers(0, shape.span_days)))
            )
            last = first if shape.one_day else min(end, first + timedelta(draw(st.integers(0, 5))))
            town, country = draw(st.sampled_from(PLACES))
            virtual = shape.virtual_only or draw(st.booleans())
            missions.append(f"{pid}-M{m + 1}")
            rows["missions"].append(
                {
                    "mission_id": missions[-1],
                    "programme_id": pid,
                    "title": draw(names("Mission")),
                    "type": "virtual" if virtual else draw(vocab("mission_type")),
                    "format": "virtual" if virtual else "in_person",
                    "start_date": first.isoformat(),
                    "end_date": last.isoformat(),
                    "city": "" if virtual else town,
                    "country": country,
                    "organiser": partners[0],
                    "sectors": draw(
                        st.lists(vocab("sector"), max_size=3, unique=True).map(";".join)
                    ),
                }
            )
            if shape.contacts:
                for _ in range(draw(st.integers(1, 4))):
                    rows["contacts"].append(
                        {
                            "mission_id": missions[-1],
                            "organisation": draw(names("Organisation")),
                            "org_type": draw(vocab("org_type")),
                            "country": country,
                            "sector": draw(
                                st.sampled_from(["", *VOCABULARIES["sector"].canonical])
                            ),
                            "meeting_type": draw(vocab("meeting_type")),
                            "date": first.isoformat(),
                            "outcome": draw(vocab("outcome")),
                        }
                    )
        if shape.budget:
            for category in draw(st.lists(vocab("category"), min_size=1, max_size=3, unique=True)):
                rows["budget"].append(
                    {
                        "programme_id": pid,
                        "partner_id": draw(st.sampled_from(["", *partners])),
                        "category": category,
                        "amount_eur": str(draw(st.decimals(Decimal("1"), budget, places=2))),
                    }
                )
        if shape.expenses:
            for _ in range(draw(st.integers(1, 4))):
                day = start + timedelta(draw(st.integers(0, shape.span_days)))
                rows["expenses"].append(
                    {
                        "programme_id": pid,
                        "partner_id": draw(st.sampled_from(partners)),
                        "category": draw(vocab("category")),
                        "date": day.isoformat(),
                        "amount_eur": str(
                            draw(st.decimals(Decimal("0.01"), Decimal("9999"), places=2))
                        ),
                    }
                )
        for indicator in draw(st.lists(vocab("indicator"), max_size=3, unique=True)):
            rows["targets"].append(
                {
                    "programme_id": pid,
                    "indicator": indicator,
                    "target": str(draw(st.integers(1, 500))),
                }
            )
    return rows


def write(rows: dict[str, list[dict[str, str]]], folder: Path) -> Path:
    """One CSV per table, headers in the contract's order; an empty table is left out (as a
    portfolio export leaves it out), except programmes, which the contract requires."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, table in TABLES.items():
        if not rows.get(name) and not table.required:
            continue
        with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=table.column_names, restval="")
            writer.writeheader()
            writer.writerows(rows.get(name, []))
    return folder


# Query strings a link can carry: real and unknown values, other spellings, bad dates, markup.
HOSTILE_QUERY_VALUES = st.one_of(
    st.sampled_from(
        [
            "P1",
            "p2",
            "NOPE9",
            "cz",
            "Czech Republic",
            "XX",
            "smart city",
            "2001-01-01",
            "2099-12-31",
            "24/04/2023",
            "31/02/2023",
            "not-a-date",
            "",
            ",,,",
            "<img src=x onerror=alert(1)>",
            "[x](http://example.org)",
            "%00",
            "a" * 300,
        ]
    ),
    st.text(max_size=20),
)
QUERIES = st.dictionaries(
    st.sampled_from(URL_KEYS),  # every filter the dashboard has, as a link names it
    st.lists(HOSTILE_QUERY_VALUES, min_size=1, max_size=3),
    max_size=5,
)
