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
# Streamlit's own English words, shown where a widget is given none of ours
STREAMLIT_ENGLISH = ("Choose an option", "Choose options", "No options to select", "No results")


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


@pytest.mark.parametrize("code", ["bg", "de"])
def test_sidebar_with_one_programme_has_no_streamlit_english(
    app: browser.Server, chromium_browser: Browser, code: str
) -> None:
    """One programme chosen adds its reporting periods to the sidebar: a list whose empty choice
    showed Streamlit's "Choose an option" in a German sidebar."""
    context = chromium_browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        console = browser.Console().attach(page)
        page.goto(browser.page_url(app.url, "", {"lang": code, "programme": "GSSC"}))
        assert browser.page_problems(page, console) == []
        sidebar = page.locator('[data-testid="stSidebar"]')
        with i18n.using(code):
            period = i18n._("Reporting period")
            none = i18n._("None: the dates below")
        assert sidebar.get_by_text(period).count() >= 1
        # an empty list shows its placeholder as the input's placeholder attribute
        placeholders = sidebar.evaluate(
            "e => [...e.querySelectorAll('input')].map(i => i.placeholder).join('\\n')"
        )
        assert none in placeholders
        shown = sidebar.inner_text() + "\n" + placeholders
        assert [w for w in STREAMLIT_ENGLISH if w in shown] == []
    finally:
        context.close()
