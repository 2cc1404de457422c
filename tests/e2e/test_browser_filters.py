"""Filters set in the sidebar, by hand as a user does: into the URL, into the figures, into a new
tab opened on that URL, and across a page switch. Offline throughout.

Expected KPI values come from the demo CSV files (tests/expected.py), not from the app's SQL.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page

from analytics.filters import Filters
from analytics.formatting import count
from tests.expected import expected_indicators
from tools import browser

pytestmark = pytest.mark.browser

SIDEBAR = '[data-testid="stSidebar"]'
CHOSEN = Filters(programmes=("GSSC",), countries=("VN",), start=date(2021, 1, 1))
WANTED_URL = {"programme": ["GSSC"], "country": ["VN"], "from": ["2021-01-01"]}


def query(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def metrics(page: Page) -> dict[str, str]:
    labels = page.locator('[data-testid="stMetricLabel"]').all_inner_texts()
    values = page.locator(browser.METRIC_VALUE).all_inner_texts()
    return dict(zip((t.strip() for t in labels), (v.strip() for v in values), strict=True))


def pick(page: Page, label: str, typed: str) -> None:
    """Choose an option of a sidebar multiselect by typing, as a user does."""
    box = page.locator(SIDEBAR).get_by_role("combobox", name=label, exact=True)
    box.click()
    page.keyboard.type(typed)
    page.get_by_role("option").filter(has_text=typed).first.wait_for()
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")


def type_date(page: Page, label: str, day: date) -> None:
    """Typed as a manager types it, in the default DD/MM/YYYY format, over the day shown."""
    page.locator(SIDEBAR).get_by_role("spinbutton", name=f"day, {label}").click()
    page.keyboard.type(day.strftime("%d%m%Y"))
    page.locator("h1").first.click()  # the date is committed when the field loses focus


def wait_for_url(page: Page, key: str, value: str) -> None:
    found = browser.poll(page, lambda: value in query(page).get(key, []), timeout=30)
    assert found, f"{key}={value} never reached the URL: {page.url}"


def test_filters_reach_the_url_the_figures_a_new_tab_and_the_next_page(
    app: browser.Server, offline
) -> None:
    context, outside = offline
    page = context.new_page()
    console = browser.Console().attach(page)
    page.goto(app.url)
    assert browser.page_problems(page, console) == []
    before = metrics(page)
    (map_before,) = browser.map_pictures(page)
    assert before["Contacts made"] == count(expected_indicators(Filters())["contacts"])

    pick(page, "Programme", "GSSC")
    wait_for_url(page, "programme", "GSSC")
    pick(page, "Target country", "Vietnam")
    wait_for_url(page, "country", "VN")
    type_date(page, "From", CHOSEN.start)
    wait_for_url(page, "from", "2021-01-01")
    assert browser.page_problems(page, console) == []
    assert query(page) == WANTED_URL

    expected = expected_indicators(CHOSEN)
    after = metrics(page)
    assert after["Contacts made"] == count(expected["contacts"]) != before["Contacts made"]
    assert after["Organisations met"] == count(expected["organisations"])
    assert after["Missions held"] == count(expected["missions"])
    assert after["Target countries reached"] == "1"
    (map_after,) = browser.map_pictures(page)
    assert map_after is not None and map_after.drawn
    assert map_after.digest != map_before.digest, "the map did not follow the filters"

    # The URL alone reopens the same view, in a new tab with a session of its own.
    shared = context.new_page()
    shared_console = browser.Console().attach(shared)
    shared.goto(page.url)
    assert browser.page_problems(shared, shared_console) == []
    assert metrics(shared) == after
    assert query(shared) == WANTED_URL
    caption = "Programmes: GSSC · Period: 01/01/2021 to … · Target countries: Vietnam"
    assert caption in shared.locator('[data-testid="stMain"]').inner_text()
    shared.close()

    # Switching page in the sidebar keeps the filters, on screen and in the URL.
    page.locator(SIDEBAR).get_by_role("link", name="Missions").click()
    assert browser.poll(page, lambda: urlsplit(page.url).path == "/missions", timeout=30), page.url
    assert browser.page_problems(page, console) == []
    assert query(page) == WANTED_URL
    assert page.locator("h1").first.inner_text().strip() == "Missions"
    assert caption in page.locator('[data-testid="stMain"]').inner_text()
    assert outside == []
