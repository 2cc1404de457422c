"""Every page of the app in Chromium on the demo data: drawn, no error, online and offline, and
no critical or serious accessibility violation (axe-core, WCAG 2.0/2.1 A and AA).

"online" lets every request through and records those to other machines; "offline" aborts them,
as on a laptop with no internet. Both runs must draw every chart and map, show no exception box and
log no console error, and both lists must stay empty. The online run keeps a screenshot of each
page in artifacts/screenshots/ (written by the screenshot command's own code).
"""

from __future__ import annotations

import re

import pytest
from PIL import Image
from playwright.sync_api import Browser

from shell import pages
from tests.e2e.conftest import ARTIFACTS, VIEWPORT, check_accessibility
from tools import browser
from tools.screenshots import capture_page

pytestmark = pytest.mark.browser

PAGES = browser.app_pages()
LAPTOP = {"width": 1280, "height": 800}


def test_the_default_page_comes_first() -> None:
    assert PAGES[0] == "", "the overview is the default page"


@pytest.mark.parametrize("network", ["online", "offline"])
@pytest.mark.parametrize("path", PAGES, ids=browser.page_name)
def test_page_draws_without_errors(
    app: browser.Server, chromium_browser: Browser, path: str, network: str
) -> None:
    # Offline at a laptop's size: a second layout checked, and fewer pixels for SwiftShader.
    viewport = VIEWPORT if network == "online" else LAPTOP
    context = chromium_browser.new_context(viewport=viewport)
    try:
        outside = browser.guard_network(context, block=network == "offline")
        page = context.new_page()
        console = browser.Console().attach(page)
        out = ARTIFACTS / "screenshots" / ("" if network == "online" else "offline")
        shot, problems = capture_page(page, console, app.url, path, out)
        assert problems == [], f"{browser.page_name(path)} ({network}): {problems}; see {shot}"
        assert outside == [], f"requests to other machines: {outside}"
        with Image.open(shot) as image:  # a readable picture of the whole window
            assert image.size == (viewport["width"], viewport["height"])
            assert len(image.convert("RGB").getcolors(1 << 24) or []) > 50

        drawn = pages.by_url_path(path)  # what it draws on the demo data, at least
        maps, charts = drawn.maps, drawn.charts
        assert page.locator(browser.DECK).count() >= maps
        assert page.locator(browser.PLOTLY).count() >= charts
        assert page.locator("h1").first.inner_text().strip()
        if network == "online":  # the page as drawn, checked once: the same DOM offline
            check_accessibility(page, browser.page_name(path), "normal")
            # A screen reader's view: every chart and map named, with a sentence of figures.
            alternatives, missing = browser.figure_alternatives(page)
            assert missing == [], f"{browser.page_name(path)}: {missing}"
            assert len(alternatives) >= maps + charts
            for alternative in alternatives:
                assert alternative.name and re.search(r"\d", alternative.summary), alternative
    finally:
        context.close()


def test_the_server_reached_no_other_machine(app: browser.Server) -> None:
    """Runs after the pages: the server (under tools/offline_guard.py) tried no outside
    connection while serving them, nor at start (Streamlit's external-IP lookup is off)."""
    assert app.outside_connections() == []
    assert "External URL" not in app.log()
