"""The dashboard with the keyboard alone, offline: Tab reaches the filters, the report, the tabs,
the downloads and the Data page's steps in reading order, each with a focus you can see, and
they work from the keyboard; the page says its language."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page

from tools import browser

pytestmark = pytest.mark.browser

# The focused element: its name as a screen reader gives it (label, else text), whether it is
# in the sidebar, and whether a focus indicator shows (an outline or a ring, on an element that
# is on screen and not transparent, e.g. a chart toolbar only shown on hover).
_FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const s = getComputedStyle(e);
  const r = e.getBoundingClientRect();
  const name = (e.getAttribute('aria-label') || e.innerText || e.value || '').trim();
  return {
    name: name.replace(/\\s+/g, ' ').slice(0, 80),
    role: e.getAttribute('role') || e.tagName.toLowerCase(),
    sidebar: !!e.closest('[data-testid="stSidebar"]'),
    ring: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== 'none',
    shown: r.width > 0 && r.height > 0
      && e.checkVisibility({opacityProperty: true, visibilityProperty: true}),
  };
}"""


def tab_through(page: Page, presses: int) -> list[dict]:
    stops = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        focused = page.evaluate(_FOCUSED)
        if focused:
            stops.append(focused)
    return stops


def first(stops: list[dict], text: str, role: str | None = None) -> int:
    """Where the first stop whose name contains `text` (and has `role`) is, in Tab order."""
    for i, stop in enumerate(stops):
        if text in stop["name"] and (role is None or stop["role"] == role):
            return i
    raise AssertionError(f"Tab never reaches {text!r}: {[s['name'] for s in stops]}")


def unseen(stops: list[dict]) -> list[dict]:
    return [s for s in stops if not (s["ring"] and s["shown"])]


def open_settled(page: Page, url: str) -> None:
    page.goto(url)
    assert browser.poll(page, lambda: browser.settled(page) == "", timeout=60)


def test_budget_page_by_keyboard(app: browser.Server, offline) -> None:
    context, outside = offline
    page = context.new_page()
    open_settled(page, browser.page_url(app.url, "budget"))
    assert page.evaluate("document.documentElement.lang") == "en"

    stops = tab_through(page, 160)
    order = [
        first(stops, "Skip to main content"),
        first(stops, "Overview"),
        first(stops, "Programme", "combobox"),
        first(stops, "year, From", "spinbutton"),
        first(stops, "Target country", "combobox"),
        first(stops, "Sector", "combobox"),
        first(stops, "Reset filters"),
        first(stops, "EU report (PDF)"),
        first(stops, "Data table: Cumulative spending"),
        first(stops, "By category", "tab"),
        first(stops, "download CSV"),
        first(stops, "download XLSX"),
    ]
    assert order == sorted(order), [stops[i]["name"] for i in order]
    sidebar = [s["name"] for s in stops[order[1] : order[7] + 1] if not s["sidebar"]]
    assert sidebar == [], "the sidebar first, then the page"
    assert [s["name"] for s in stops[order[8] : order[-1] + 1] if s["sidebar"]] == []
    assert unseen(stops) == [], unseen(stops)

    # The tabs follow the arrow keys; a filter takes typed values and Enter.
    page.get_by_role("tab", name="By category").focus()
    page.keyboard.press("ArrowRight")
    partner = page.get_by_role("tab", name="By partner")
    assert browser.poll(page, lambda: partner.get_attribute("aria-selected") == "true", timeout=10)
    page.locator('[data-testid="stSidebar"]').get_by_role(
        "combobox", name="Programme", exact=True
    ).focus()
    page.keyboard.type("GSSC")
    page.get_by_role("option").filter(has_text="GSSC").first.wait_for()
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    chosen = browser.poll(
        page, lambda: parse_qs(urlsplit(page.url).query).get("programme") == ["GSSC"], timeout=30
    )
    assert chosen, page.url
    assert outside == []


def test_data_page_by_keyboard(app: browser.Server, offline) -> None:
    """The test server is read-only (no editor secret): the template, the load history and the
    data-quality lists with their downloads. Signing in, the upload, Check and Apply are
    Streamlit's own button, password and file widgets, reached the same way (not run here)."""
    context, outside = offline
    page = context.new_page()
    open_settled(page, browser.page_url(app.url, "data"))
    stops = tab_through(page, 70)
    order = [
        first(stops, "Blank template (.xlsx)"),
        first(stops, "Show/hide columns"),  # the load history's table
        first(stops, "download CSV"),
        first(stops, "download XLSX"),
    ]
    assert order == sorted(order), [stops[i]["name"] for i in order]
    assert unseen(stops[: order[-1] + 1]) == [], unseen(stops)
    assert outside == []
