"""Tests of the tests: the browser checks of tools/browser.py flag pages broken on purpose.

tests/e2e/broken_app.py breaks in one way per ?fault=: an exception, a map with an empty canvas, a
map with nothing drawn on its base, a console error, a request to another machine, pale text
(for axe-core). A checker that passed all of these would prove nothing about the real pages; each
must be caught, and the unbroken page must pass, so the checks are neither blind nor always failing.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext

from tests.e2e.conftest import VIEWPORT
from tools import browser
from tools.screenshots import ignored_filters

pytestmark = pytest.mark.browser

BROKEN_APP = Path(__file__).with_name("broken_app.py")
QUICK = 8  # seconds: a broken map never draws, so do not wait the full 90 s for it


@pytest.fixture(scope="module")
def broken(chromium: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[browser.Server]:
    with browser.serve(BROKEN_APP, workdir=tmp_path_factory.mktemp("broken-app")) as server:
        yield server


def open_fault(context: BrowserContext, server: browser.Server, fault: str):
    page = context.new_page()
    console = browser.Console().attach(page)
    page.goto(browser.page_url(server.url, "", {"fault": fault}))
    # QUICK counts from the end of the script run: on a busy machine the run alone can take it
    browser.poll(page, lambda: browser.settled(page) == "", timeout=60)
    return page, console


def test_a_good_page_passes(broken: browser.Server, offline) -> None:
    context, outside = offline
    page, console = open_fault(context, broken, "none")
    assert browser.page_problems(page, console) == []
    assert outside == []
    (shot,) = browser.map_pictures(page)
    assert shot is not None and shot.drawn, shot


def test_the_guards_sentence_for_viewers_is_caught(broken: browser.Server, offline) -> None:
    """The app shows viewers one sentence in place of an exception (shell.guard): a page with
    it is broken too (a Bulgarian Budget page once drew it and the checks said ok)."""
    page, console = open_fault(offline[0], broken, "guarded")
    problems = browser.page_problems(page, console, QUICK)
    assert any(p.startswith("exception:") for p in problems), problems


def test_an_exception_is_caught(broken: browser.Server, offline) -> None:
    page, console = open_fault(offline[0], broken, "raise")
    problems = browser.page_problems(page, console, QUICK)
    assert any(p.startswith("exception:") for p in problems), problems
    assert browser.exceptions(page)
    # client.showErrorDetails = "none": no traceback, no message, no link to search it
    box = page.locator(browser.EXCEPTION).first
    assert "broken on purpose" not in box.inner_text() and "Traceback" not in box.inner_text()
    links = box.locator("a[href^=http]")
    assert all(not link.is_visible() for link in links.all()), "an error box links outside"


def test_an_empty_map_canvas_is_caught(broken: browser.Server, offline) -> None:
    page, console = open_fault(offline[0], broken, "blank-map")
    problems = browser.page_problems(page, console, QUICK)
    assert page.locator(f"{browser.DECK} canvas").count() == 1, "the canvas exists..."
    assert any(p.startswith("map 1: blank") for p in problems), problems  # ...but shows nothing
    assert browser.blank_maps(page) == [p for p in problems if p.startswith("map")]


def test_a_map_with_only_its_base_is_caught(broken: browser.Server, offline) -> None:
    page, console = open_fault(offline[0], broken, "no-data")
    problems = browser.page_problems(page, console, QUICK)
    assert any(p.startswith("map 1: no data drawn") for p in problems), problems


@pytest.mark.parametrize(
    ("fault", "problem"),
    [("empty-chart", "chart 1: no trace"), ("no-points", "chart 1: no data points")],
)
def test_a_chart_with_nothing_in_it_is_caught(
    broken: browser.Server, offline, fault: str, problem: str
) -> None:
    page, console = open_fault(offline[0], broken, fault)
    problems = browser.page_problems(page, console, QUICK)
    assert problem in problems, problems


def test_a_chart_that_says_why_it_is_empty_is_fine(broken: browser.Server, offline) -> None:
    page, console = open_fault(offline[0], broken, "said-empty")
    assert browser.page_problems(page, console, QUICK) == []
    assert "No expenses recorded yet" in page.locator('[data-testid="stMain"]').inner_text()


@pytest.mark.parametrize(
    ("fault", "text"), [("console", "no-such-image.png"), ("script-error", "broken on purpose")]
)
def test_a_console_error_is_caught(broken: browser.Server, offline, fault: str, text: str) -> None:
    page, console = open_fault(offline[0], broken, fault)
    problems = browser.page_problems(page, console, QUICK)
    assert any(text in p for p in problems if p.startswith("console:")), problems


def test_a_request_to_another_machine_is_caught_and_aborted(
    broken: browser.Server, offline
) -> None:
    context, outside = offline
    page, console = open_fault(context, broken, "outside")
    problems = browser.page_problems(page, console, QUICK)
    assert outside == ["https://example.org/pixel.png"]
    assert any(p.startswith("console:") for p in problems), problems  # the aborted image


def test_axe_passes_the_good_page_and_fails_pale_text(broken: browser.Server, offline) -> None:
    page, _ = open_fault(offline[0], broken, "none")
    assert browser.poll(page, lambda: browser.settled(page) == "", timeout=60)
    good = browser.axe(page)
    assert good.blocking == [], good.details()
    page.goto(browser.page_url(broken.url, "", {"fault": "low-contrast"}))
    assert browser.poll(page, lambda: browser.settled(page) == "", timeout=60)
    bad = browser.axe(page)
    assert [(v.rule, v.impact, v.nodes) for v in bad.blocking] == [("color-contrast", "serious", 1)]
    assert "Hard to read" in bad.details()


def test_only_streamlits_base_path_probe_is_allowed_in_the_console() -> None:
    class Message:
        type = "error"
        text = "Failed to load resource: the server responded with a status of 404 (Not Found)"

        def __init__(self, url: str) -> None:
            self.location = {"url": url}

    console = browser.Console()
    for url in (
        "http://localhost:8501/missions/_stcore/health",
        "http://localhost:8501/budget/_stcore/host-config",
    ):
        console._on_console(Message(url))  # type: ignore[arg-type]
    assert console.take() == []
    for url in (
        "http://localhost:8501/missions/_stcore/stream",
        "http://localhost:8501/app/static/countries.geojson",
        "https://example.org/missions/_stcore/health",
    ):
        console._on_console(Message(url))  # type: ignore[arg-type]
    assert len(console.take()) == 3


def test_the_real_app_on_a_broken_database_is_caught(
    chromium_browser: Browser, tmp_path: Path
) -> None:
    """The real app, broken from outside (no line of it changed): a database file that is not
    one. The page shows an exception box, and the checks report it."""
    db = tmp_path / "programme.duckdb"
    db.write_bytes(b"this is not a DuckDB database" * 100)
    with browser.serve(workdir=tmp_path / "server", db=db) as server:
        context = browser_context(chromium_browser)
        try:
            page = context.new_page()
            console = browser.Console().attach(page)
            page.goto(browser.page_url(server.url, "missions"))
            problems = browser.page_problems(page, console, QUICK)
            assert any(p.startswith("exception:") for p in problems), problems
        finally:
            context.close()


def test_a_filter_value_the_data_lacks_is_reported(app: browser.Server, offline) -> None:
    context, _ = offline
    page = context.new_page()
    page.goto(browser.page_url(app.url, "data", {"programme": ["GSSC", "NOPE"]}))
    assert browser.wait_drawn(page) == []
    from analytics.filters import Filters

    problems = ignored_filters(page, Filters(programmes=("GSSC", "NOPE")))
    assert problems == ["filter not applied (not in the data?): programme NOPE"]


def browser_context(chromium_browser: Browser) -> BrowserContext:
    context = chromium_browser.new_context(viewport=VIEWPORT)
    browser.guard_network(context, block=True)
    return context
