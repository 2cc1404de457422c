"""Every page with names that carry markup (tests/payloads.py): what Streamlit is told to render
as Markdown holds them only escaped, and what Plotly draws holds no tag or maths from data.

This checks what the server sends; tests/e2e/test_browser_literal_text.py checks what Chromium
shows and fetches.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analytics import text
from etl.load import load
from shell import pages
from tests.apptest import open_page
from tests.payloads import PAYLOADS, PROGRAMME_IDS, write_payload_csvs

PAGES = [p.slug for p in pages.PAGES]
# The folder's name is the load's source, shown in the sidebar.
FOLDER = "<img src=x onerror=alert(1)> :red[evil]"
RAW = [*PAYLOADS, *PROGRAMME_IDS.values(), FOLDER]
PLOTLY_MARKUP = [r for r in RAW if set(r) & set("<>&$")]  # what Plotly reads as markup
OUR_PLOTLY_TAGS = re.compile(r"</?b>|<br>|<extra></extra>")


@pytest.fixture(scope="module")
def payload_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("payloads")
    db = base / "programme.duckdb"
    load(write_payload_csvs(base / FOLDER), db)
    return db


def run_page(db: Path, page: str, monkeypatch: pytest.MonkeyPatch, **query: str) -> AppTest:
    monkeypatch.setenv("PROGRAMME_DB", str(db))
    monkeypatch.setenv("PROGRAMME_AS_OF", "2026-11-23")
    at = open_page(page, query)
    assert not at.exception, [e.value for e in at.exception]
    return at


def markdown_bodies(at: AppTest) -> list[str]:
    """Every string Streamlit renders as Markdown on the page and in the sidebar."""
    bodies = [
        e.value
        for kind in ("markdown", "caption", "info", "warning", "error", "success")
        for e in getattr(at, kind)
    ]
    bodies += [e.value for e in (*at.title, *at.subheader, *at.header)]
    bodies += [m.label for m in at.metric]
    return bodies


def plotly_strings(at: AppTest) -> Iterator[str]:
    def walk(node: object) -> Iterator[str]:
        if isinstance(node, str):
            yield node
        elif isinstance(node, dict):
            for value in node.values():
                yield from walk(value)
        elif isinstance(node, list):
            for value in node:
                yield from walk(value)

    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        yield from walk(spec["data"])
        yield from walk({k: v for k, v in spec["layout"].items() if k != "template"})


def check_page(at: AppTest) -> tuple[int, int]:
    """Asserts nothing from data is markup; returns how many escaped payloads were seen in
    Markdown and in Plotly (so a test that sees no data cannot pass unnoticed)."""
    seen_md = seen_plotly = 0
    for body in markdown_bodies(at):
        for raw in RAW:
            assert raw not in body, f"{raw!r} reaches Markdown unescaped: {body!r}"
        assert "evil.example" not in body, f"a link GitHub Markdown would make: {body!r}"
        seen_md += sum(text.md(raw) in body for raw in RAW)
    for string in plotly_strings(at):
        ours_removed = OUR_PLOTLY_TAGS.sub("", string)
        assert "<" not in ours_removed and "$" not in string, f"Plotly markup: {string!r}"
        for raw in PLOTLY_MARKUP:
            assert raw not in string, f"{raw!r} reaches Plotly unescaped: {string!r}"
        seen_plotly += sum(text.plotly(raw) in string for raw in PLOTLY_MARKUP)
    return seen_md, seen_plotly


@pytest.mark.parametrize("page", PAGES)
def test_page_shows_names_as_text(
    payload_db: Path, page: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = run_page(payload_db, page, monkeypatch)
    seen_md, seen_plotly = check_page(at)
    assert seen_md, "the sidebar states the load's source (a payload): not found"
    if page in ("missions", "contacts", "budget"):
        assert seen_plotly, f"no payload name reached {page}'s charts: the test saw no data"


def test_filters_caption_states_payload_ids_literally(
    payload_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    programme = PROGRAMME_IDS["GSSC"]
    at = run_page(payload_db, "budget", monkeypatch, programme=programme)
    check_page(at)
    captions = [c.value for c in at.caption]
    assert any(text.md(f"Programmes: {programme}") in c for c in captions), captions
    # The budget page's over/under-plan warning names work packages that carry payloads.
    at.tabs[2].run() if at.tabs else None
    assert any("evil" in w.value for w in at.warning), "no warning named a payload work package"


def test_report_shows_names_as_text(payload_db: Path) -> None:
    """The EU report's HTML (printed to PDF): no tag from data, and its Plotly figures (map,
    charts) hold names escaped as in the app."""
    from html.parser import HTMLParser

    from plotly.offline import get_plotlyjs

    from analytics import db, report
    from analytics.filters import Filters

    con = db.cursor(db.open_readonly(str(payload_db)))
    try:
        page = report.report_html(con, Filters(), date(2026, 11, 23))
    finally:
        con.close()
    page = page.replace(get_plotlyjs(), "")
    tags: set[str] = set()

    class Tags(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            tags.add(tag)

    Tags().feed(page)
    assert not tags & {"a", "img", "i", "iframe", "object", "embed", "link"}, tags
    for raw in RAW:
        assert "<" not in raw or raw not in page  # $ is text here: the report has no MathJax
    scripts = re.findall(r"<script[^>]*>(.*?)</script>", page, re.DOTALL)
    strings = [json.loads(s) for body in scripts for s in re.findall(r'"(?:[^"\\]|\\.)*"', body)]
    seen = 0
    for string in strings:
        assert "<" not in OUR_PLOTLY_TAGS.sub("", string) and "$" not in string, string
        seen += sum(text.plotly(raw) in string for raw in PLOTLY_MARKUP)
    assert seen, "no payload name reached the report's figures: the test saw no data"
    assert text.html("<b>evil</b>") in page  # names are in the tables, as text
