"""Every page drawn in Chromium in Bulgarian (Cyrillic) and German (long words), issue 25: no
error, every chart and map drawn, the page declaring its language, the title in the language,
and no English interface phrase left in what the browser shows."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

import i18n
from shell import pages
from tests.e2e.conftest import ARTIFACTS, VIEWPORT
from tools import browser
from tools.screenshots import capture_page

pytestmark = pytest.mark.browser

PAGES = browser.app_pages()


@pytest.mark.parametrize("code", ["bg", "de"])
@pytest.mark.parametrize("path", PAGES, ids=browser.page_name)
def test_page_draws_in_the_language(
    app: browser.Server, chromium_browser: Browser, path: str, code: str
) -> None:
    context = chromium_browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        console = browser.Console().attach(page)
        out = ARTIFACTS / "screenshots" / code
        shot, problems = capture_page(page, console, app.url, path, out, query={"lang": code})
        assert problems == [], f"{browser.page_name(path)} ({code}): {problems}; see {shot}"
        row = pages.by_url_path(path)
        assert page.locator(browser.DECK).count() >= row.maps
        assert page.locator(browser.PLOTLY).count() >= row.charts
        declared = browser.poll(
            page, lambda: page.evaluate("document.documentElement.lang") == code
        )
        assert declared, "the page does not declare its language"
        with i18n.using(code):
            title = i18n._(row.title)
        # the menu names the page in the language
        assert page.get_by_role("link", name=title).count() >= 1
    finally:
        context.close()
