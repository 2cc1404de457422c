"""The protocol client (tools/streamlit_client.py: the liveness probe, `python -m bench viewers`,
tests/load/) runs from a thread that already runs an event loop: Playwright's sync API keeps one
in the tests' main thread for the whole session, and asyncio.run refused to start there (the
load tests failed when they ran after the browser tests)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Playwright

from tools import browser, liveness

pytestmark = pytest.mark.browser


def test_the_client_runs_beside_playwrights_event_loop(
    playwright: Playwright, app: browser.Server
) -> None:
    alive, said = liveness.probe(app.url, timeout=60, page="")
    assert alive and "drawn" in said, said
