"""Countries shown to people by their names (issue 21): on every page (tables, the data behind
charts and maps, captions), in every table's downloads and in the PDF, a country is Slovenia,
Japan, Austria, Canada, never SI, JP, AT, CA; a column that is explicitly a code says so in its
header and has the name beside it. Checked on a one-programme project with partners in
Slovenia and Austria and missions to Japan and Canada."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from analytics import db
from analytics.filters import Filters
from analytics.report import report_html
from shell import pages, ui
from tests.apptest import open_page
from tests.small_project import NAMES, load_small

AS_OF = date(2025, 12, 31)
CODE = re.compile(r"(?<![A-Za-z0-9])(" + "|".join(NAMES) + r")(?![A-Za-z0-9])")


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return load_small(tmp_path_factory.mktemp("small"))


def codes_in(frame: pl.DataFrame) -> list[tuple[str, str]]:
    """(column, cell) of every text cell naming a country by its code, in a column that does
    not say it holds codes."""
    found = []
    for column, dtype in frame.schema.items():
        if "code" in column.lower() or dtype != pl.String:
            continue
        for cell in frame.get_column(column).drop_nulls().unique().to_list():
            if CODE.search(cell):
                found.append((column, cell))
    return found


@pytest.mark.parametrize("slug", [p.slug for p in pages.PAGES])
def test_pages_and_downloads_name_countries(
    small: Path, monkeypatch: pytest.MonkeyPatch, slug: str
) -> None:
    monkeypatch.setenv("PROGRAMME_DB", str(small))
    monkeypatch.setenv("PROGRAMME_AS_OF", AS_OF.isoformat())
    exported: list[tuple[str, pl.DataFrame]] = []

    def capture(frame, name, filters, kinds=None, money_rows=None, about=None):
        exported.append((name, frame))

    monkeypatch.setattr(ui, "downloads", capture)
    at = open_page(slug)
    assert not at.exception, [e.value for e in at.exception]
    problems = []
    for table in at.dataframe:
        problems += [("screen", c, v) for c, v in codes_in(pl.from_pandas(table.value))]
    for name, frame in exported:
        problems += [(name, c, v) for c, v in codes_in(frame)]
    texts = [c.value for c in at.caption] + [m.value for m in at.markdown]
    texts += [h.proto.body for h in at.get("html")]
    problems += [("text", "", t) for t in texts if CODE.search(re.sub(r"<[^>]+>", " ", t))]
    for chart in at.get("deck_gl_json_chart"):  # what a map's tooltips and labels show
        problems += [("map", k, v) for k, v in _shown_strings(json.loads(chart.proto.json))]
    assert not problems, problems


def _shown_strings(node: object, key: str = "") -> list[tuple[str, str]]:
    """(key, value) of every string in a map's spec that is a country code, outside the keys
    that hold codes for the map itself (country_code, the shapes' iso2 and ids, which no
    tooltip shows)."""
    if isinstance(node, dict):
        return [hit for k, v in node.items() for hit in _shown_strings(v, k)]
    if isinstance(node, list):
        return [hit for v in node for hit in _shown_strings(v, key)]
    if isinstance(node, str) and node in NAMES and "code" not in key and key not in ("id", "iso2"):
        return [(key, node)]
    return []


def test_pdf_names_countries(small: Path) -> None:
    connection = db.open_readonly(str(small))
    try:
        html = report_html(db.cursor(connection), Filters(), AS_OF)
    finally:
        connection.close()
    body = html.split("<body>", 1)[1]
    text = re.sub(r"<script.*?</script>", " ", body, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    assert not CODE.findall(text), [m.group(0) for m in CODE.finditer(text)][:10]
    for name in ("Japan", "Canada"):
        assert name in text
