"""Presentation mode left running, as on a conference screen (issue 21): whole tours of the show
in Chromium, failing on any console error, on a page blank for more than a few seconds, on a
page skipped, or on a show that stops advancing.

The short soak (one tour of the demo, about a minute) runs with the suite. The long one (three
tours each of the demo, a one-programme project and a keep.eu portfolio, some ten minutes) is
marked `soak` and left out unless asked for:
`python -m pytest -m soak tests/e2e/test_browser_soak.py` (README, Tests).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page

from etl.load import load
from shell import pages
from tests.e2e.conftest import AS_OF, VIEWPORT
from tools import browser

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
EVERY = 6  # seconds a page stays, as in the report: the shortest the show allows is 5
BLANK_LIMIT = 6.0  # seconds the screen may stay empty while a page starts drawing
STALL_LIMIT = (
    60.0  # seconds past its time a page may stay on a loaded machine before it counts as stopped
)
SHOW = [p.url_path for p in pages.PAGES if p.presented]

_TEXT_SHOWN = """() => { const m = document.querySelector('[data-testid="stMain"]');
  return m ? m.innerText.trim().length : 0; }"""


@dataclass
class Tour:
    """What a watched show did: the pages in the order shown, how long each stayed, the longest
    time the screen was blank, and every problem met."""

    visited: list[str] = field(default_factory=list)
    stays: list[float] = field(default_factory=list)
    longest_blank: float = 0.0
    problems: list[str] = field(default_factory=list)


def _path(page: Page) -> str:
    return urlsplit(page.url).path.strip("/")


def watch_show(page: Page, url: str, tours: int, every: int = EVERY) -> Tour:
    """Open the show at its first page and watch it until it has gone round `tours` times, or
    until something goes wrong (a console error, a long blank, a page skipped, a stop)."""
    console = browser.Console().attach(page)
    tour = Tour()
    page.goto(browser.page_url(url, "", {"present": "1", "every": str(every)}))
    tour.visited.append(_path(page))
    since = time.monotonic()
    blank_since: float | None = None
    while tour.visited.count(SHOW[0]) <= tours:
        page.wait_for_timeout(500)
        now = time.monotonic()
        if errors := console.take():
            tour.problems += [f"console on /{_path(page)}: {e}" for e in errors]
            break
        if page.evaluate(_TEXT_SHOWN) == 0:
            blank_since = blank_since or now
            tour.longest_blank = max(tour.longest_blank, now - blank_since)
            if now - blank_since > BLANK_LIMIT:
                tour.problems.append(f"/{_path(page)} blank for {now - blank_since:.1f} s")
                break
        else:
            blank_since = None
        path = _path(page)
        if path != tour.visited[-1]:
            expected = SHOW[(SHOW.index(tour.visited[-1]) + 1) % len(SHOW)]
            if path != expected:
                tour.problems.append(f"/{tour.visited[-1]} gave way to /{path}, not /{expected}")
                break
            tour.visited.append(path)
            tour.stays.append(now - since)
            since = now
        elif now - since > every + STALL_LIMIT:
            tour.problems.append(f"the show stopped on /{path} for {now - since:.0f} s")
            break
    return tour


@pytest.fixture
def screen(chromium_browser: Browser) -> Iterator[Page]:
    context = chromium_browser.new_context(viewport=VIEWPORT)
    browser.guard_network(context, block=True)
    yield context.new_page()
    context.close()


def test_a_tour_of_the_demo_runs_to_its_end_without_an_error(
    app: browser.Server, screen: Page
) -> None:
    tour = watch_show(screen, app.url, tours=1)
    assert tour.problems == [], (tour.problems, tour.visited, app.log()[-3000:])
    assert tour.visited == [*SHOW, SHOW[0]]
    assert min(tour.stays) >= EVERY - 1, tour.stays  # no page cut short


PORTFOLIOS = {
    "demo": None,
    "one-programme": ROOT / "tests" / "faults" / "base",
    "keep-eu": ROOT / "tests" / "data" / "keep-sample.xlsx",
}


@pytest.mark.soak
@pytest.mark.parametrize("portfolio", PORTFOLIOS)
def test_three_tours_on_each_portfolio(
    portfolio: str,
    demo_db: Path,
    chromium: Path,
    screen: Page,
    tmp_path: Path,
) -> None:
    source = PORTFOLIOS[portfolio]
    db = demo_db
    if source is not None:
        db = tmp_path / "programme.duckdb"
        load(source, db)
    with browser.serve(workdir=tmp_path / "server", db=db, as_of=AS_OF, guard=True) as server:
        tour = watch_show(screen, server.url, tours=3)
        assert tour.problems == [], (tour.problems, tour.visited, server.log()[-3000:])
        assert server.outside_connections() == []
    assert tour.visited == [*SHOW * 3, SHOW[0]]
    stays = [round(s, 1) for s in tour.stays]
    print(f"{portfolio}: pages stayed {stays} s, blank at most {tour.longest_blank:.1f} s")
