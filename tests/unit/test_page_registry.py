"""The pages' registry (shell/pages.py): it lists every page in views/, and a page added to it, one
file and one row, is navigated to by the app and covered by every suite that goes over the pages."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from shell import pages
from tools import browser, screenshots

ROOT = Path(__file__).resolve().parents[2]
PROBE_VIEW = 'import streamlit as st\n\nst.title("Probe page")\n'


def test_the_registry_is_the_views_folder() -> None:
    assert {p.file for p in pages.PAGES} == {
        f"views/{v.name}" for v in (ROOT / "views").glob("*.py") if v.stem != "__init__"
    }
    assert [p.slug for p in pages.PAGES if p.default] == [pages.PAGES[0].slug]
    assert len({p.slug for p in pages.PAGES}) == len(pages.PAGES)
    assert all(p.results or not p.presented for p in pages.PAGES), "a show of results only"


@pytest.fixture
def probe(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    view = tmp_path / "probe.py"
    view.write_text(PROBE_VIEW, encoding="utf-8")
    row = pages.Page("probe", "Probe", ":material/science:", file=str(view))
    monkeypatch.setattr(pages, "PAGES", (*pages.PAGES, row))
    return view


def test_the_app_navigates_to_a_new_page(probe: Path, demo_db: Path, monkeypatch) -> None:
    monkeypatch.setenv("PROGRAMME_DB", str(demo_db))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page(str(probe)).run()
    assert not at.exception, [e.value for e in at.exception]
    assert [t.value for t in at.title] == ["Probe page"]


def test_the_commands_list_a_new_page(probe: Path) -> None:
    assert browser.app_pages()[-1] == "probe" and browser.page_name("probe") == "probe"
    assert screenshots.build_parser().parse_args([]).pages.endswith(",probe")


@pytest.mark.slow
def test_every_suite_collects_a_new_page(tmp_path: Path) -> None:
    """Collect the whole suite with the probe page added (tests/probe_page.py): every test run
    once per page (shown by the Countries page, in no hand-picked list) runs for it too."""
    view = tmp_path / "probe.py"
    view.write_text(PROBE_VIEW, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "tests.probe_page"],
        cwd=ROOT,
        env={**os.environ, "PROBE_PAGE": str(view)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    ids = set(done.stdout.splitlines())
    per_page = re.compile(r"(?<=[\[-])countries(?=[\]-])")
    each = sorted(
        i for i in ids if i.startswith(("tests/app/", "tests/e2e/")) and per_page.search(i)
    )
    assert {i.split("::")[0] for i in each} >= {
        "tests/app/test_pages.py",
        "tests/app/test_exports_all.py",
        "tests/app/test_literal_text.py",
        "tests/app/test_portfolio_pages.py",
        "tests/e2e/test_browser_pages.py",
        "tests/e2e/test_browser_presentation.py",
    }
    missing = [i for i in each if per_page.sub("probe", i) not in ids]
    assert missing == []
