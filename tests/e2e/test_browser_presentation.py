"""Presentation mode in a real browser, offline, as on a conference screen: no sidebar or
chrome, the map drawn, and the pages advancing by themselves with the URL's filters kept; and
every page it shows free of critical and serious accessibility violations (axe-core)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Page

from analytics.filters import Filters
from analytics.formatting import count
from shell import pages
from tests.e2e.conftest import VIEWPORT, check_accessibility
from tests.expected import expected_indicators
from tools import browser

pytestmark = pytest.mark.browser

EVERY = 15  # seconds a page stays: time enough to look at it, even in a slow CI browser


def path_of(page: Page) -> str:
    return urlsplit(page.url).path.strip("/")


def test_presentation_mode_runs_by_itself_offline(app: browser.Server, offline) -> None:
    context, outside = offline
    page = context.new_page()
    console = browser.Console().attach(page)
    query = {"present": "1", "every": str(EVERY), "programme": "GSSC"}
    opened = time.monotonic()
    page.goto(browser.page_url(app.url, "", query))
    page.locator(browser.METRIC_VALUE).first.wait_for(timeout=60_000)
    drawn = time.monotonic()

    # The URL's programme filter applies: read as soon as the figure shows, since a slow
    # machine may take most of the page's 15 seconds to draw the rest.
    contacts = count(expected_indicators(Filters(programmes=("GSSC",)))["contacts"])
    metrics = page.locator(browser.METRIC_VALUE)
    shown = browser.poll(
        page, lambda: contacts in [v.strip() for v in metrics.all_inner_texts()], timeout=60
    )
    assert shown, f"no metric reads {contacts} on {page.url}"
    # The page is drawn bit by bit: what must not show is checked once the run is over.
    assert browser.poll(page, lambda: browser.settled(page) == "", timeout=60)
    for chrome in ('[data-testid="stSidebar"]', '[data-testid="stHeader"]'):
        assert page.locator(chrome).is_hidden(), chrome
    assert page.get_by_role("button", name="CSV", exact=True).count() == 0  # no download buttons

    # The overview gives way to the missions page by itself, filters and mode kept.
    moved = browser.poll(page, lambda: path_of(page) == "missions", timeout=4 * EVERY + 30)
    assert moved, f"still on {page.url} after {4 * EVERY + 30} s"
    stayed = time.monotonic() - opened
    assert stayed >= EVERY - 1, f"the overview left after {stayed:.1f} s, before its {EVERY} s"
    # Its time counts from the start of its run; a slow CI browser may lag some seconds.
    assert time.monotonic() - drawn <= EVERY + 10, f"the overview stayed {stayed:.1f} s"
    kept = parse_qs(urlsplit(page.url).query)
    assert kept.get("programme") == ["GSSC"] and kept.get("present") == ["1"]
    page.locator(browser.DECK).first.wait_for(timeout=30_000)  # the touring map
    assert page.locator('[data-testid="stSidebar"]').is_hidden()
    assert browser.exceptions(page) == [] and console.take() == []

    moved = browser.poll(page, lambda: path_of(page) == "contacts", timeout=4 * EVERY + 30)
    assert moved, f"the show stopped on {page.url}"
    assert outside == []


PRESENTED = [p.url_path for p in pages.PAGES if p.presented]


@pytest.fixture(scope="module")
def presenting(chromium_browser: Browser) -> Iterator[Page]:
    """One offline tab for every page in presentation mode: a page load each, no new browser."""
    context = chromium_browser.new_context(viewport=VIEWPORT)
    browser.guard_network(context, block=True)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("path", PRESENTED, ids=browser.page_name)
def test_presented_pages_pass_axe(app: browser.Server, presenting: Page, path: str) -> None:
    # A page stays 10 minutes: long enough to be checked before the show moves on.
    presenting.goto(browser.page_url(app.url, path, {"present": "1", "every": "600"}))
    assert browser.poll(presenting, lambda: browser.settled(presenting) == "", timeout=60)
    assert browser.poll(presenting, lambda: browser.undrawn_charts(presenting) == [], timeout=30)
    assert presenting.locator('[data-testid="stSidebar"]').is_hidden()
    check_accessibility(presenting, browser.page_name(path), "presentation")
