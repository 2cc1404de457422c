"""One definition of a target country on every page and in the PDF (issue 21): the countries
the missions went to, other than the home countries of the programme's own partners. A
one-programme project with partners in Slovenia and Austria, missions to Japan and Canada and a
partners' meeting in Ljubljana reaches 2 target countries, not 3, on the Overview's card, in the
Sectors heatmap and in the PDF; every one of them states the definition."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analytics import db, kpi, queries
from analytics.filters import Filters
from analytics.report import report_html
from tests.apptest import open_page
from tests.small_project import load_small

AS_OF = date(2025, 12, 31)


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return load_small(tmp_path_factory.mktemp("small"))


@pytest.fixture
def cursor(small: Path):
    connection = db.open_readonly(str(small))
    yield db.cursor(connection)
    connection.close()


def test_a_partners_meeting_at_home_is_not_a_target_country(cursor) -> None:
    values = dict(queries.indicator_values(cursor, Filters()).iter_rows())
    assert values["countries"] == 2
    heat = queries.sector_country(cursor, Filters())
    assert sorted(set(heat["country"])) == ["Canada", "Japan"]


def _page(small: Path, slug: str, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("PROGRAMME_DB", str(small))
    monkeypatch.setenv("PROGRAMME_AS_OF", AS_OF.isoformat())
    at = open_page(slug)
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_overview_card_counts_two_and_states_the_definition(
    small: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _page(small, "overview", monkeypatch)
    cards = {m.label: m.value for m in at.metric}
    assert cards["Target countries reached"] == "2", cards
    captions = [c.value for c in at.caption]
    assert any("Target 2 · 100%" in c for c in captions), captions
    assert kpi.TARGET_COUNTRIES_NOTE in captions


def test_sectors_says_two_target_countries_and_the_definition(
    small: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _page(small, "sectors", monkeypatch)
    summaries = " ".join(h.proto.body for h in at.get("html") if "figure-summary" in h.proto.body)
    assert "2 target countries" in summaries, summaries
    assert kpi.TARGET_COUNTRIES_NOTE in [c.value for c in at.caption]


# Two pages chosen by hand, not every page of the registry: their ids say so ("countries_page"),
# so the registry's check (tests/unit/test_page_registry.py) does not take them for a per-page
# suite that a new page should join.
@pytest.mark.parametrize("slug", ["countries", "partners"], ids=lambda slug: f"{slug}_page")
def test_other_pages_state_the_definition(
    small: Path, monkeypatch: pytest.MonkeyPatch, slug: str
) -> None:
    at = _page(small, slug, monkeypatch)
    shown = [c.value for c in at.caption] + [m.value for m in at.markdown]
    assert any(kpi.TARGET_COUNTRIES_NOTE in text for text in shown), shown


def test_pdf_counts_two_and_states_the_definition(cursor) -> None:
    html = report_html(cursor, Filters(), AS_OF)
    assert "Target countries reached" in html
    row = html.split("Target countries reached", 1)[1].split("</tr>", 1)[0]
    assert ">2<" in row and ">3<" not in row, row
    assert kpi.TARGET_COUNTRIES_NOTE.replace("'", "&#x27;") in html
