"""Every page holds for any portfolio the contract allows and any link: property-based tests.

Hypothesis draws whole input folders from the contract (tests/portfolios.py: one day, one mission,
one programme, only virtual missions, no expenses, budget without expenses, programmes and partners
only, long names, markup-like text, many programmes) and hostile query strings; the real loader
loads them and every page runs in AppTest. Each run must raise nothing, every chart it draws must
have data points or say in words why it has none, and every value of the link that the dashboard
cannot use must be named on the page. Examples Hypothesis found are kept below as @example cases.

Bounded: a handful of drawn examples plus the kept ones, about a minute in all.
"""

from __future__ import annotations

import json
import re
import tempfile
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from streamlit.testing.v1 import AppTest

from analytics import queries
from analytics.filters import choices_from, read
from etl.load import load
from etl.problems import LoadFailed
from shell import pages
from tests.portfolios import QUERIES, SHAPES, portfolios, write

ROOT = Path(__file__).resolve().parents[2]
PAGES = [p.slug for p in pages.PAGES]
TIMEOUT = 60


def _programme(pid: str, start: str, end: str, **extra: str) -> dict[str, str]:
    return {
        "programme_id": pid,
        "name": f"Programme {pid}",
        "funding_programme": "Interreg",
        "start_date": start,
        "end_date": end,
        "budget_eur": "120000.00",
        **extra,
    }


def one_week_project() -> dict[str, list[dict[str, str]]]:
    """The issue's new user: one programme 2022-2024, one mission to Prague, every contact in
    the same week, no expenses yet."""
    week = [date(2023, 4, 24) + timedelta(days=i) for i in range(5)]
    return {
        "programmes": [_programme("CZX", "2022-01-01", "2024-12-31")],
        "partners": [
            {"partner_id": "CZX-1", "programme_id": "CZX", "name": "Cluster", "country": "Italy"}
            | {"city": "Bologna"}
        ],
        "missions": [
            {
                "mission_id": "CZX-M1",
                "programme_id": "CZX",
                "title": "Mission to Prague",
                "type": "business",
                "start_date": week[0].isoformat(),
                "end_date": week[-1].isoformat(),
                "city": "Prague",
                "country": "Czech Republic",
            }
        ],
        "contacts": [
            {
                "mission_id": "CZX-M1",
                "organisation": f"Organisation {i}",
                "org_type": "sme",
                "country": "CZ",
                "date": day.isoformat(),
            }
            for i, day in enumerate(week * 3)
        ],
        "budget": [{"programme_id": "CZX", "category": "travel", "amount_eur": "5000.00"}],
        "targets": [{"programme_id": "CZX", "indicator": "contacts", "target": "40"}],
    }


def portfolio_only() -> dict[str, list[dict[str, str]]]:
    """What a portfolio export gives: programmes and partners, nothing else."""
    return {
        "programmes": [
            _programme("A1", "2021-01-01", "2023-12-31", eu_contribution_eur="90000.00"),
            _programme("B2", "2022-06-01", "2025-05-31"),
        ],
        "partners": [
            {"partner_id": f"{p}-{i}", "programme_id": p, "name": f"Partner {p}{i}"}
            | {"country": country, "city": city}
            for p in ("A1", "B2")
            for i, (city, country) in enumerate((("Tallinn", "Estonia"), ("Brno", "CZ")))
        ],
    }


def only_virtual_one_day() -> dict[str, list[dict[str, str]]]:
    """One virtual mission on one day, budget lines and no expense."""
    rows = one_week_project()
    rows["missions"][0] |= {"format": "virtual", "city": "", "end_date": "2023-04-24"}
    for contact in rows["contacts"]:
        contact["date"] = "2023-04-24"
    return rows


def _unescaped(markdown: str) -> str:
    """The text a reader sees of escaped Markdown (analytics.text.md)."""
    return re.sub(r"\\(.)", r"\1", markdown).replace("\u2060", "")


def _points(trace: dict) -> int:
    keys = ("x", "y", "values", "z", "r", "lat", "locations")
    counts = [sum(v is not None for v in trace[k]) for k in keys if isinstance(trace.get(k), list)]
    count = max(counts, default=0)
    mode = trace.get("mode", "")
    if trace.get("type", "scatter") == "scatter" and "markers" not in mode and count < 2:
        return 0  # a line needs two points to draw
    return 1 if trace.get("type") == "indicator" else count


def chart_problems(at: AppTest) -> list[str]:
    """Charts drawn with no data point and no words saying why."""
    problems = []
    for i, element in enumerate(at.get("plotly_chart")):
        spec = json.loads(element.proto.spec)
        said = (spec.get("layout", {}).get("meta") or {}).get("empty")
        if said:
            continue
        if sum(_points(t) for t in spec.get("data", [])) == 0:
            title = spec.get("layout", {}).get("title", {}).get("text", f"chart {i + 1}")
            problems.append(f"{title}: nothing drawn and nothing said")
    return problems


def check_every_page(rows: dict, query: dict[str, list[str]], monkeypatch) -> None:
    with tempfile.TemporaryDirectory(prefix="any-data-") as work:
        db = Path(work) / "programme.duckdb"
        try:
            load(write(rows, Path(work) / "input"), db)
        except LoadFailed as failed:  # the generator broke the contract: say where
            raise AssertionError([str(p) for p in failed.problems if p.is_error]) from None
        with duckdb.connect(str(db), read_only=True) as con:
            reading = read(query, choices_from(queries.filter_options(con)))
        monkeypatch.setenv("PROGRAMME_DB", str(db))
        # One session walks every page, as a viewer following the link does (and in half the
        # runs of a fresh session per page).
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
        for key, values in query.items():
            at.query_params[key] = values
        for page in PAGES:
            if pages.by_slug(page).default:
                at.run()
            else:
                at.switch_page(pages.by_slug(page).file).run()
            assert not at.exception, (page, [e.value for e in at.exception])
            assert not chart_problems(at), (page, chart_problems(at))
            notices = " ".join(_unescaped(w.value) for w in at.warning)
            for note in reading.ignored:
                assert str(note) in notices, (page, str(note), notices)


@pytest.mark.parametrize(
    "rows",
    [one_week_project(), portfolio_only(), only_virtual_one_day()],
    ids=["one-week", "portfolio-only", "virtual-one-day"],
)
def test_every_page_holds_for_the_shapes_of_the_issue(rows: dict, monkeypatch) -> None:
    query = {"programme": ["czx", "NOPE9"], "country": ["cz", "XX"], "from": ["2021-01-01"]}
    check_every_page(rows, query, monkeypatch)


# No shrinking: a page run takes seconds, and shrinking a portfolio takes minutes. A failure
# prints its example; cut it down by hand and keep it as an @example.
@settings(
    max_examples=4,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(rows=SHAPES.flatmap(portfolios), query=QUERIES)
@example(rows=portfolio_only(), query={"to": ["2030-01-01"], "sector": ["smart city"]})
def test_every_page_holds_for_any_portfolio_and_link(rows: dict, query: dict, monkeypatch) -> None:
    check_every_page(rows, query, monkeypatch)
