"""A portfolio of programmes and partners only (keep.eu's export): every page shows it or says
clearly what it lacks, its figures equal the export's own, and every page renders fast on an
export of keep.eu's size."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import fastexcel
import pytest

from analytics.formatting import count, money
from etl.keep import PARTNERS, PROJECTS
from etl.load import load
from shell import pages
from tests.apptest import open_page

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "data" / "keep-sample.xlsx"
PAGES = [p.slug for p in pages.PAGES if p.results]
COLD_PAGE_SECONDS = 1.5


@pytest.fixture(scope="module")
def keep_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("keep") / "keep.duckdb"
    load(SAMPLE, db)
    return db


@pytest.fixture
def keep(keep_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PROGRAMME_DB", str(keep_db))
    return keep_db


def _sample(sheet: str) -> list[dict[str, str | None]]:
    return fastexcel.read_excel(SAMPLE).load_sheet(sheet, dtypes="string").to_polars().to_dicts()


def _figures(projects: list[dict], partners: list[dict]) -> dict[str, str]:
    """The portfolio figures computed from the export itself, as the pages print them."""
    return {
        "Projects": count(len(projects)),
        "Partners": count(len(partners)),
        "Countries": count(len({q["Country code"].split()[0] for q in partners})),
        "Budget": money(sum(Decimal(p["Budget"].replace(",", "")) for p in projects)),
        "EU funding": money(sum(Decimal(p["EU Funding"]) for p in projects)),
    }


@pytest.mark.parametrize("page", PAGES)
def test_every_page_shows_the_portfolio_or_says_what_it_lacks(keep: Path, page: str) -> None:
    at = open_page(page)
    assert not at.exception, [e.value for e in at.exception]
    if page in ("missions", "contacts", "sectors", "countries"):
        assert at.info, f"{page}: no empty state for a portfolio without missions"


@pytest.mark.parametrize("page", ["overview", "partners"])
def test_portfolio_figures_equal_the_exports_own(keep: Path, page: str) -> None:
    at = open_page(page)
    shown = {m.label: m.value for m in at.metric}
    assert shown == _figures(_sample(PROJECTS), _sample(PARTNERS))


def test_the_funding_programme_level_narrows_the_figures(keep: Path) -> None:
    projects, partners = _sample(PROJECTS), _sample(PARTNERS)
    chosen = "2014 - 2020 INTERREG V-A Examplia - Samplonia"
    at = open_page("partners", {"funding": chosen})
    assert not at.exception
    shown = {m.label: m.value for m in at.metric}
    assert shown == _figures(
        [p for p in projects if p["Programme"] == chosen],
        [q for q in partners if q["Programme"] == chosen],
    )


def test_budget_page_shows_the_money_by_funding_programme(keep: Path) -> None:
    at = open_page("budget")
    assert not at.exception
    table = at.dataframe[0].value  # pandas, as Streamlit hands it to the browser
    rows = {r["Funding programme"]: r for r in table.to_dict("records")}
    projects = _sample(PROJECTS)
    assert set(rows) == {p["Programme"] for p in projects}
    for programme, row in rows.items():
        mine = [p for p in projects if p["Programme"] == programme]
        assert row["Projects"] == len(mine)
        assert row["Budget"] == money(sum(Decimal(p["Budget"].replace(",", "")) for p in mine))


def test_every_page_is_cold_within_budget_on_an_export_of_keep_size(
    tmp_path: Path, keep_export
) -> None:
    """Each page's first run after a load (every cache empty), measured as the benchmark does
    (bench/steps.py, a process per page): within 1.5 s on a quiet machine.
    Overview and Partners run the most queries and draw the most on a portfolio; the others
    (`python -m bench.steps page <page> <db>`) run fewer."""
    path, _ = keep_export
    db = tmp_path / "keep.duckdb"
    load(path, db)
    times = {}
    for page in ("overview", "partners"):  # the others run fewer queries and draw less
        run = subprocess.run(
            [sys.executable, "-m", "bench.steps", "page", page, str(db)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
        )
        times[page] = round(json.loads(run.stdout.strip().splitlines()[-1])["cold_s"], 2)
    print(f"cold page seconds on 2,000 projects and 9,000 partners: {times}")
    # On a machine shared with other work the budget grows with the oversubscription (load
    # average per core): 1.5 s on a quiet machine, as the benchmark states it.
    oversubscribed = max(1.0, os.getloadavg()[0] / (os.cpu_count() or 1))
    assert max(times.values()) < COLD_PAGE_SECONDS * oversubscribed, (times, oversubscribed)


def test_funding_programme_names_are_text_on_the_portfolio_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A programme name with markup in it is shown as typed: escaped in the Overview's and
    Budget's chart, never Markdown in a caption."""
    from tests.app.test_literal_text import markdown_bodies, plotly_strings
    from tests.unit.test_keep import _write_book

    evil = "<b>Interreg</b> $x$ :red[evil] [link](http://evil.example)"
    sheets = {name: _sample(name) for name in (PROJECTS, PARTNERS)}
    for sheet in sheets.values():
        for row in sheet:
            row["Programme"] = evil + row["Programme"][-8:]
    path = tmp_path / "keep.xlsx"
    _write_book(path, sheets)
    db = tmp_path / "keep.duckdb"
    load(path, db)
    monkeypatch.setenv("PROGRAMME_DB", str(db))
    for page in ("overview", "budget", "partners"):
        at = open_page(page)
        assert not at.exception, (page, [e.value for e in at.exception])
        for body in markdown_bodies(at):
            assert "<b>Interreg" not in body and "](http" not in body, (page, body)
        strings = list(plotly_strings(at))
        assert not [s for s in strings if "<b>Interreg" in s or "$x$" in s], page
        if page != "partners":
            assert any("Interreg" in s for s in strings), f"{page}: no programme name drawn"
