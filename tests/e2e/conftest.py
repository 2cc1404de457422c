"""Browser fixtures: Debian's Chromium through Playwright, the app served on the demo database.

The app's server runs under tools/offline_guard.py (every connection to another machine refused
and recorded) for the whole session and is stopped at the end, whatever happens. Without
/usr/bin/chromium the browser tests are skipped on a developer's machine, and fail in CI (CI set),
where .ci/run installs it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from tools import browser

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts"
AS_OF = "2026-11-23"
VIEWPORT = {"width": 1920, "height": 1080}


# What axe-core found on each page, (page, mode, report), printed at the end of the run.
AXE_REPORTS: list[tuple[str, str, browser.AxeReport]] = []


def check_accessibility(page: Page, name: str, mode: str) -> browser.AxeReport:
    """Run axe on the page, keep its report for the summary, and fail on a critical or serious
    violation of WCAG 2.0/2.1 A or AA (moderate and minor ones are reported, not failed)."""
    report = browser.axe(page)
    AXE_REPORTS.append((name, mode, report))
    assert not report.blocking, f"axe on {name} ({mode}):\n{report.details()}"
    return report


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not AXE_REPORTS:
        return
    version = AXE_REPORTS[0][2].version
    terminalreporter.section(f"accessibility: axe-core {version}, WCAG 2.0/2.1 A and AA")
    for name, mode, report in AXE_REPORTS:
        blocking = len(report.blocking)
        terminalreporter.write_line(
            f"{name:<10} {mode:<13} {blocking} critical/serious, "
            f"{len(report.violations) - blocking} other: {report.summary()}"
        )


@pytest.fixture(scope="session")
def chromium() -> Path:
    if not browser.CHROMIUM.exists():
        message = f"{browser.CHROMIUM} is missing (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(f"{message}: CI must run the browser tests; .ci/run installs it")
        pytest.skip(f"{message}: browser tests skipped")
    return browser.CHROMIUM


@pytest.fixture(scope="session")
def playwright(chromium: Path) -> Iterator[Playwright]:
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def chromium_browser(playwright: Playwright, chromium: Path) -> Iterator[Browser]:
    launched = browser.launch(playwright, chromium)
    yield launched
    launched.close()


@pytest.fixture(scope="session")
def app(
    chromium: Path, demo_db: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[browser.Server]:
    workdir = tmp_path_factory.mktemp("app-server")
    with browser.serve(workdir=workdir, db=demo_db, as_of=AS_OF, guard=True) as server:
        yield server


@pytest.fixture
def offline(chromium_browser: Browser) -> Iterator[tuple[BrowserContext, list[str]]]:
    """A fresh browser context with every request to another machine aborted, and the list of
    those requests (empty when the app asks for nothing outside)."""
    context = chromium_browser.new_context(viewport=VIEWPORT)
    outside = browser.guard_network(context, block=True)
    yield context, outside
    context.close()
