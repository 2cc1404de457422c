"""Names that carry markup (tests/payloads.py), as Chromium shows them on every page: as text,
with no link, image, emphasis, colour or maths made of them, and no request leaving this machine
(the payloads point at evil.example, so a fetched image or a followed link would show up here).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from analytics.text import WORD_JOINER
from etl.load import load
from tests.e2e.conftest import AS_OF, VIEWPORT
from tests.payloads import PAYLOADS, PROGRAMME_IDS, write_payload_csvs
from tools import browser

pytestmark = pytest.mark.browser

FOLDER = "<img src=x onerror=alert(1)> :red[evil]"

# Elements the app never makes around a value from data: any of them holding "evil", or any
# attribute that fetches, links or runs code holding it, was made from a payload. (Text
# attributes such as a select option's title or aria-label hold names literally: no harm.)
_MARKUP_FROM_DATA = r"""() => {
  const found = [];
  const made = 'a, img, em, i, code, pre, h1, h2, h3, h4, h5, h6, li, blockquote, del, s,'
    + ' .katex, [class*="olored"], [data-testid="stMarkdownColoredText"], svg a, image';
  const fetching = /^(href|src|srcset|xlink:href|style|action|data|poster|background|on\w+)$/;
  for (const el of document.querySelectorAll(made)) {
    if ((el.textContent || '').includes('evil')) found.push(el.outerHTML.slice(0, 160));
  }
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      if (fetching.test(attr.name) && attr.value.includes('evil')) {
        found.push(`${el.tagName} ${attr.name}=${attr.value.slice(0, 120)}`);
      }
    }
  }
  return found;
}"""


@pytest.fixture(scope="module")
def payload_app(
    chromium: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[browser.Server]:
    base = tmp_path_factory.mktemp("payload-app")
    db = base / "programme.duckdb"
    load(write_payload_csvs(base / FOLDER), db)
    with browser.serve(workdir=base / "server", db=db, as_of=AS_OF, guard=True) as server:
        yield server


# Two pages where data meets Markdown, Plotly, a map and alerts most (the AppTest in tests/app
# walks every page): a page in Chromium costs half a minute or more on a shared runner.
PAGES = ["", "budget"]


@pytest.mark.parametrize("path", PAGES, ids=browser.page_name)
def test_page_shows_payload_names_as_text(
    payload_app: browser.Server, chromium_browser: Browser, path: str
) -> None:
    context = chromium_browser.new_context(viewport=VIEWPORT)
    try:
        outside = browser.guard_network(context, block=False)  # let it try: record, not block
        page = context.new_page()
        console = browser.Console().attach(page)
        query = {"programme": [PROGRAMME_IDS["GSSC"], "SME2GO", "SCTP", "UCA"]}
        page.goto(browser.page_url(payload_app.url, path, query))
        problems = browser.page_problems(page, console)
        assert problems == [], f"{browser.page_name(path)}: {problems}"
        # Hover every chart's middle, so Plotly draws a hover label from data too.
        for chart in page.locator(".js-plotly-plot .nsewdrag").all()[:4]:
            if chart.is_visible():  # charts in a closed tab or expander are not
                chart.hover(timeout=5000)
        markup = page.evaluate(_MARKUP_FROM_DATA)
        assert markup == [], f"{browser.page_name(path)}: markup made from data: {markup}"
        shown = page.locator("[data-testid=stApp]").inner_text().replace(WORD_JOINER, "")
        assert FOLDER in shown, "the sidebar states the load's source, literally"
        if path in ("", "budget"):
            literal = [p for p in PAYLOADS if p in shown]
            assert literal, f"{browser.page_name(path)} shows no payload name literally"
        assert outside == [], f"requests to other machines: {outside}"
        assert payload_app.outside_connections() == []
    finally:
        context.close()
