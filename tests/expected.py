"""Figures computed straight from the demo CSV files with the csv module and Decimal: the
independent side of every check of a query, a KPI card or a report figure."""

from __future__ import annotations

import csv
from collections import Counter
from decimal import Decimal

from analytics.filters import Filters
from etl.config import DEMO_DIR


def rows(table: str) -> list[dict[str, str]]:
    with (DEMO_DIR / f"{table}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def expected_indicators(filters: Filters) -> dict[str, Decimal]:
    """The scoreboard's definitions, computed row by row in Python."""
    missions = {m["mission_id"]: m for m in rows("missions")}
    sectors_of = {k: set(m["sectors"].split(";")) - {""} for k, m in missions.items()}

    def base(m: dict[str, str]) -> bool:
        last = m["end_date"] or m["start_date"]
        return (
            (not filters.programmes or m["programme_id"] in filters.programmes)
            and (filters.start is None or last >= filters.start.isoformat())
            and (filters.end is None or m["start_date"] <= filters.end.isoformat())
            and (not filters.countries or m["country"] in filters.countries)
        )

    def sector_ok(mission_id: str) -> bool:
        return not filters.sectors or bool(sectors_of[mission_id] & set(filters.sectors))

    selected = {k for k, m in missions.items() if base(m) and sector_ok(k)}
    contacts = [
        c
        for c in rows("contacts")
        if base(missions[c["mission_id"]])
        and (
            not filters.sectors
            or c["sector"] in filters.sectors
            or (not c["sector"] and c["mission_id"] in selected)
        )
    ]
    delegations = [d for d in rows("delegations") if d["mission_id"] in selected]
    expenses = [
        e
        for e in rows("expenses")
        if (not filters.programmes or e["programme_id"] in filters.programmes)
        and (filters.start is None or e["date"] >= filters.start.isoformat())
        and (filters.end is None or e["date"] <= filters.end.isoformat())
    ]

    def org(r: dict[str, str]) -> tuple[str, str]:
        return (r["organisation"].strip().casefold(), r["country"])

    outcomes = Counter(c["outcome"] for c in contacts)
    homes = {(p["programme_id"], p["country"]) for p in rows("partners")}

    def abroad(m: dict[str, str]) -> bool:
        """A target country: not the home country of one of the programme's partners."""
        return (m["programme_id"], m["country"]) not in homes

    meetings = Counter(c["meeting_type"] for c in contacts)
    values = {
        "missions": len(selected),
        "events": sum(missions[k]["public"] == "yes" for k in selected),
        "contacts": len(contacts),
        "organisations": len({org(c) for c in contacts}),
        "b2b_meetings": meetings["b2b"],
        "c2c_meetings": meetings["c2c"],
        "smes_involved": len({org(d) for d in delegations if d["org_type"] == "sme"}),
        "countries": len({missions[k]["country"] for k in selected if abroad(missions[k])}),
        "mous": outcomes["mou"],
        "agreements": outcomes["agreement"],
        "joint_projects": outcomes["joint_project"],
    }
    out = {k: Decimal(v) for k, v in values.items()}
    out["budget_spent"] = sum((Decimal(e["amount_eur"]) for e in expenses), Decimal("0.00"))
    return out
