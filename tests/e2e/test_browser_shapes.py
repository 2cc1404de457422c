"""The issue's edges in a real browser: a one-week project and a portfolio-only database.

Each page is opened with a link carrying values the data does not have; it must draw without an
exception box, console error, undrawn chart or blank map, name the ignored values on the page,
and be written to artifacts/screenshots/shapes/ to be looked at.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from etl.load import load
from tests.app.test_any_data import one_week_project, portfolio_only
from tests.e2e.conftest import ARTIFACTS, AS_OF
from tests.portfolios import write
from tools import browser
from tools.screenshots import capture_page

pytestmark = pytest.mark.browser

SHAPES = {
    "one-week": (one_week_project, ["overview", "missions", "contacts"]),
    "portfolio-only": (portfolio_only, ["overview", "budget"]),
}
LINK = {"programme": ["czx", "NOPE9"], "country": "cz", "from": "24/04/2023", "to": "2030-01-01"}


@pytest.fixture(scope="module", params=list(SHAPES))
def shaped(
    request: pytest.FixtureRequest, chromium: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, browser.Server]]:
    name = request.param
    work = tmp_path_factory.mktemp(name)
    db = work / "programme.duckdb"
    load(write(SHAPES[name][0](), work / "input"), db)
    with browser.serve(workdir=work / "server", db=db, as_of=AS_OF, guard=True) as server:
        yield name, server


def test_every_page_draws_and_names_what_the_link_asked_for_in_vain(shaped, offline) -> None:
    name, server = shaped
    context, outside = offline
    page = context.new_page()
    console = browser.Console().attach(page)
    out = ARTIFACTS / "screenshots" / "shapes" / name
    pages = {browser.page_name(p): p for p in browser.app_pages()}
    for wanted in SHAPES[name][1]:
        target, problems = capture_page(
            page, console, server.url, pages[wanted], out, query=LINK, full_page=True
        )
        problems = [p for p in problems if not p.startswith("filter not applied")]
        assert problems == [], (wanted, problems)
        assert target.exists()
        text = page.locator('[data-testid="stMain"]').inner_text()
        assert "Ignored from the link" in text and "NOPE9" in text, (wanted, text[:300])
        assert "Traceback" not in text
    assert outside == []
