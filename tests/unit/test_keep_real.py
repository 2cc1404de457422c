"""keep.eu's real export (half of it, ../shared/keep-real/) loads as downloaded (issue 22).

Every figure is checked against the file read by other means than the loader's: openpyxl (not
fastexcel), Decimal sums of the cells as Excel stores them, countries by their names through
pycountry and a few names written here, towns against coordinates written here. Nothing here
names a programme, an acronym or a row: the other half of the export is held back, and the
same reading must hold for it.
"""

from __future__ import annotations

import math
import os
from collections import Counter
from decimal import Decimal
from pathlib import Path

import duckdb
import openpyxl
import pycountry
import pytest

from etl.load import LoadResult, load

REPO = Path(__file__).resolve().parents[2]
# The repository's parent folder holds shared/, in CI too (a copy beside the clone of main);
# PROGRAMME_SHARED names another place (a worktree kept elsewhere).
SHARED = Path(os.environ.get("PROGRAMME_SHARED") or REPO.parent / "shared")
KEEP = SHARED / "keep-real" / "keep_closed_1420_part1.xlsx"
PROJECTS, PARTNERS = "Projects (lead partners)", "Partners"
CENT = Decimal("0.01")
# Country names keep.eu writes that pycountry does not look up (it knows Türkiye, Russian
# Federation); each checked by hand.
COUNTRY_NAMES = {"turkey": "TR", "russia": "RU"}
# Towns of the export and where they are (latitude, longitude), from an atlas.
TOWNS = {
    "Klaipeda": (55.71, 21.13),
    "Genova": (44.41, 8.93),
    "Wien": (48.21, 16.37),
    "TOULOUSE": (43.60, 1.44),
    "Rīga": (56.95, 24.11),
    "Reykjavik": (64.15, -21.94),
}


@pytest.fixture(scope="module")
def keep_file() -> Path:
    if not KEEP.exists():
        reason = f"keep.eu's real export is not at {KEEP} (shared/ beside the repository)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return KEEP


@pytest.fixture(scope="module")
def sheets(keep_file: Path) -> dict[str, list[dict[str, object]]]:
    """Each sheet's rows as header -> cell value, as openpyxl reads them."""
    book = openpyxl.load_workbook(keep_file, read_only=True, data_only=True)
    out: dict[str, list[dict[str, object]]] = {}
    for name in (PROJECTS, PARTNERS):
        rows = book[name].iter_rows(values_only=True)
        header = [str(h).strip() if h is not None else "" for h in next(rows)]
        out[name] = [
            dict(zip(header, row, strict=False))
            for row in rows
            if any(v is not None and str(v).strip() for v in row)
        ]
    book.close()
    return out


@pytest.fixture(scope="module")
def loaded(keep_file: Path, tmp_path_factory: pytest.TempPathFactory):
    db = tmp_path_factory.mktemp("keep-real") / "keep.duckdb"
    result = load(keep_file, db)
    con = duckdb.connect(str(db), read_only=True)
    yield result, con
    con.close()


def text(value: object) -> str:
    return "" if value is None else str(value).strip()


def euros(value: object) -> Decimal:
    """A cell as Excel holds it: text with comma thousands, or a binary float of a cent."""
    if isinstance(value, int | float):
        return Decimal(repr(float(value))).quantize(CENT)
    return Decimal(text(value).replace(",", "")).quantize(CENT)


def iso(name: str) -> str:
    try:
        return pycountry.countries.lookup(name.strip()).alpha_2
    except LookupError:
        return COUNTRY_NAMES[name.strip().casefold()]


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    (la1, lo1), (la2, lo2) = (tuple(map(math.radians, p)) for p in (a, b))
    h = (
        math.sin((la2 - la1) / 2) ** 2
        + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    )
    return 2 * 6371 * math.asin(math.sqrt(h))


def test_it_loads_without_an_error(loaded: tuple[LoadResult, duckdb.DuckDBPyConnection]) -> None:
    result, _ = loaded
    assert not result.dataset.errors


def test_projects_budget_and_eu_funding_to_the_cent(sheets, loaded) -> None:
    projects = [r for r in sheets[PROJECTS] if text(r["Programme"]) and text(r["Acronym"])]
    _, con = loaded
    count, budget, eu = con.execute(
        "SELECT count(*), sum(budget_eur), sum(eu_contribution_eur) FROM programmes"
    ).fetchone()
    assert count == len(projects)
    assert budget == sum(euros(r["Budget"]) for r in projects if text(r["Budget"]))
    assert eu == sum(euros(r["EU Funding"]) for r in projects if text(r["EU Funding"]))


def test_an_empty_project_name_takes_the_acronym_with_one_warning(sheets, loaded) -> None:
    nameless = [r for r in sheets[PROJECTS] if not text(r["Project Name"])]
    result, con = loaded
    warnings = [p for p in result.warnings if p.column == "Project Name"]
    assert len(warnings) == 1
    assert f"{len(nameless):,} project(s) without a Project Name" in warnings[0].message
    names = Counter(r[0] for r in con.execute("SELECT name FROM programmes").fetchall())
    assert None not in names
    for acronym, n in Counter(text(r["Acronym"]) for r in nameless).items():
        assert names[acronym] >= n


def test_partners_by_country(sheets, loaded) -> None:
    expected = Counter(iso(text(r["Country"])) for r in sheets[PARTNERS])
    _, con = loaded
    found = dict(con.execute("SELECT country, count(*) FROM partners GROUP BY 1").fetchall())
    assert found == dict(expected)


def test_towns_are_placed(loaded) -> None:
    _, con = loaded
    partners = con.execute(
        "SELECT city_typed, city, latitude, longitude, location_precision FROM partners"
    ).fetchall()
    assert all(lat is not None and lon is not None for _, _, lat, lon, _ in partners)
    placed = sum(precision == "city" for *_, precision in partners)
    assert placed / len(partners) > 0.95, f"{placed} of {len(partners)} placed at their town"
    for typed, city, lat, lon, _ in partners:
        where = TOWNS.get(typed or city)
        if where is not None:
            assert km(where, (lat, lon)) < 25, (typed, city, lat, lon)
    assert {typed or city for typed, city, *_ in partners} >= set(TOWNS)


def test_a_partner_without_a_town_is_at_its_country_and_flagged(sheets, loaded) -> None:
    townless = [r for r in sheets[PARTNERS] if not text(r["Town"])]
    result, con = loaded
    flagged = [p for p in result.warnings if "no town" in p.message]
    assert len(flagged) == len(townless) > 0
    rows = con.execute(
        "SELECT country, location_precision FROM partners WHERE city IS NULL"
    ).fetchall()
    assert sorted(rows) == sorted((iso(text(r["Country"])), "country") for r in townless)
