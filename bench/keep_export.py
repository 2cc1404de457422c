"""A keep.eu export of any size, in the very form keep.eu downloads it, deterministic from a seed.

    python -m bench.keep_export OUT.xlsx [--projects 2000] [--partners 9000] [--seed 14]

The three sheets, their names and all their headers are those of keep.eu's export
(`../shared/keep-format/`): amounts as keep.eu writes them (Budget as text with comma thousands,
EU Funding a number), dates as text "2016/05/01", countries in any case, "Country code" like
"PL Poland / POLSKA", legal status public / private / n/a in any case, towns as partners type
them (tests/data/european_partner_towns.csv: postal codes, CEDEX, local names). About one
programme in ten holds an acronym twice, as real programmes do. Every row is valid: the load has
no error. `expected` returns what a correct load must hold, computed here, not by the loader.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pycountry
import xlsxwriter

HERE = Path(__file__).resolve().parent
TOWNS_CSV = HERE.parent / "tests" / "data" / "european_partner_towns.csv"

PROJECT_HEADERS = (
    "Programme", "Acronym", "Project Name", "Project Name language 2", "Project Name language 3",
    "Lead Partner", "Period", "Street", "Postal code", "Town", "Country", "Budget",
    "Project total expenditure", "EU Funding", "Project EU Funding expenditure", "ERDF budget",
    "ENI budget", "IPA budget", "ERDF eq. budget", "Co-Financing sources", "Website", "Thematic1",
    "Thematic2", "Thematic3", "Specific Obj", "Thematic Obj", "Inv. Priority",
    "Thematic Priorities (Interreg-IPA CBC specific)", "Description 1", "Description 2",
    "Description EN", "Expected Results 1", "Expected Results 2", "Expected Results EN",
    "Achievements 1", "Achievements 2", "Achievements EN", "Expected Outputs 1",
    "Expected Outputs 2", "Expected Outputs EN", "Delivered Outputs 1", "Delivered Outputs 2",
    "Delivered Outputs EN", "Project start", "Project end", "Priority Area", "Degree of comp.",
    "Strategy", "Call SN",
)  # fmt: skip
PARTNER_HEADERS = (
    "Programme", "Acronym", "Project Partner", "Lead Partner", "Street", "Postal code", "Town",
    "Country", "Website", "Department", "Legal Status", "Country code", "NUTS1 (or equivalent)",
    "NUTS2 (or equivalent)", "NUTS3 (or equivalent)",
)  # fmt: skip
CALL_HEADERS = ("Programme", "Serial Number", "Start Date", "End Date", "Budget")
THEMES = (
    "Green technologies", "Transport and mobility", "SME and entrepreneurship", "Tourism",
    "Innovation capacity and awareness-raising", "Renewable energy", "Cultural heritage and arts",
    "Health and social services", "ICT and digital society", "Education and training",
    "Waterways, lakes and rivers", "Climate change and biodiversity", "Smart city",
)  # fmt: skip
STRANDS = ("V-A", "VB", "VC", "IPA CBC", "ENI CBC")
WORDS = (
    "Baltic", "Danube", "Alpine", "Adriatic", "Central", "North", "Atlantic", "Mediterranean",
    "Carpathian", "Balkan", "Rhine", "Elbe", "Oder", "Sava", "Tisza", "Meuse",
)  # fmt: skip
LEGAL = ("public", "Public", "PUBLIC", "private", "Private", "n/a", "N/A")


@dataclass
class Expected:
    """What the load must hold, computed from the rows written."""

    projects: int = 0
    partners: int = 0
    programmes: int = 0
    budget: Decimal = Decimal(0)
    eu_funding: Decimal = Decimal(0)
    leads: int = 0
    public: int = 0
    countries: set[str] = field(default_factory=set)
    recurring: int = 0  # acronyms that appear twice in their programme


def _towns() -> list[tuple[str, str]]:
    with TOWNS_CSV.open(encoding="utf-8", newline="") as f:
        return [(r["city"], r["country"]) for r in csv.DictReader(f)]


def _country_forms(iso: str) -> tuple[str, str]:
    """keep.eu's Country (any case) and Country code ("PL Poland / POLSKA") for an ISO code."""
    country = pycountry.countries.get(alpha_2=iso)
    name = getattr(country, "common_name", None) or country.name if country else iso
    code = {"GR": "EL", "GB": "UK"}.get(iso, iso)
    return name, f"{code} {name} / {name.upper()}"


def _money(cents: int) -> Decimal:
    return Decimal(cents) / 100


def write_keep_export(
    path: Path | str, projects: int = 2000, partners: int = 9000, seed: int = 14
) -> Expected:
    """Write the workbook; partners are spread over the projects (at least the lead each)."""
    rng = random.Random(seed)
    towns = _towns()
    n_programmes = max(1, min(66, projects // 30))
    programmes = []
    for i in range(n_programmes):
        a, b = rng.sample(WORDS, 2)
        programmes.append(f"2014 - 2020 INTERREG {STRANDS[i % len(STRANDS)]} {a} - {b} {i + 1}")
    expected = Expected(projects=projects, partners=max(partners, projects))
    expected.programmes = n_programmes
    extra = [0] * projects
    for _ in range(expected.partners - projects):
        extra[rng.randrange(projects)] += 1

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    p_sheet = book.add_worksheet("Projects (lead partners)")
    q_sheet = book.add_worksheet("Partners")
    c_sheet = book.add_worksheet("Calls")
    p_sheet.write_row(0, 0, PROJECT_HEADERS)
    q_sheet.write_row(0, 0, PARTNER_HEADERS)
    c_sheet.write_row(0, 0, CALL_HEADERS)
    col = {h: i for i, h in enumerate(PROJECT_HEADERS)}
    qcol = {h: i for i, h in enumerate(PARTNER_HEADERS)}
    seen: dict[str, list[str]] = {}
    repeated: set[str] = set()
    q_row = 1
    for i in range(projects):
        programme = programmes[rng.randrange(n_programmes)]
        acronyms = seen.setdefault(programme, [])
        if i % 200 == 199 and acronyms and acronyms[0] not in repeated:
            acronym = acronyms[0]  # one project in 200 repeats an acronym of its programme
            repeated.add(acronym)
            expected.recurring += 1
        else:
            acronym = f"{rng.choice(WORDS).upper()[:5]}{i}"
            acronyms.append(acronym)
        budget = rng.randrange(100_000_00, 5_000_000_00)
        eu = budget * rng.randrange(50, 86) // 100
        expected.budget += _money(budget)
        expected.eu_funding += _money(eu)
        start = date(2015, 1, 1) + timedelta(days=rng.randrange(1500))
        end = start + timedelta(days=rng.randrange(365, 1500))
        lead_town, lead_iso = rng.choice(towns)
        lead_country, _ = _country_forms(lead_iso)
        row = i + 1
        name = f"{acronym} - cooperation project {i}"
        values = {
            "Programme": programme,
            "Acronym": acronym,
            "Project Name": name,
            "Lead Partner": f"Lead organisation {i}",
            "Period": "2014-2020",
            "Town": lead_town,
            "Country": lead_country,
            "Budget": f"{_money(budget):,.2f}",
            "ERDF budget": f"{_money(eu):,.2f}",
            "Thematic1": rng.choice(THEMES),
            "Thematic2": rng.choice(THEMES) if rng.random() < 0.5 else None,
            "Description EN": f"What project {i} does, in a sentence or two.",
            "Project start": start.strftime("%Y/%m/%d"),
            "Project end": end.strftime("%Y/%m/%d"),
            "Call SN": None,
        }
        for header, value in values.items():
            if value is not None:
                p_sheet.write_string(row, col[header], value)
        p_sheet.write_number(row, col["EU Funding"], float(_money(eu)))
        p_sheet.write_number(row, col["Call SN"], 1 + i % 3)
        for k in range(1 + extra[i]):
            town, iso = (lead_town, lead_iso) if k == 0 else rng.choice(towns)
            country, code = _country_forms(iso)
            legal = rng.choice(LEGAL)
            expected.public += legal.casefold() == "public"
            expected.countries.add(iso)
            q_values = {
                "Programme": programme,
                "Acronym": acronym,
                "Project Partner": f"Organisation {i}-{k}",
                "Lead Partner": "Yes" if k == 0 else "No",
                "Town": town,
                "Country": country.upper() if rng.random() < 0.2 else country,
                "Legal Status": legal,
                "Country code": code,
                "NUTS3 (or equivalent)": f"{iso}000  / Somewhere",
            }
            for header, value in q_values.items():
                q_sheet.write_string(q_row, qcol[header], value)
            q_row += 1
        expected.leads += 1
    for j, programme in enumerate(programmes):
        c_sheet.write_row(j + 1, 0, [programme, "1", "2015/02/12", "2015/12/04"])
    book.close()
    return expected


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.keep_export", description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--projects", type=int, default=2000)
    parser.add_argument("--partners", type=int, default=9000)
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args(argv)
    expected = write_keep_export(args.out, args.projects, args.partners, args.seed)
    print(
        f"wrote {args.out}: {expected.projects:,} projects in {expected.programmes} programmes, "
        f"{expected.partners:,} partners, budget {expected.budget:,.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
