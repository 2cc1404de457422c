"""Every page through streamlit.testing.v1.AppTest: demo data, empty database, URL filters.

KPI values on the overview are checked against figures computed from the demo CSV files
(tests/expected.py), not by the SQL that produced them.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from streamlit.testing.v1 import AppTest

from analytics.filters import Filters
from analytics.formatting import INDICATOR_LABELS, count, money
from shell import pages
from tests.apptest import open_page
from tests.expected import expected_indicators

ROOT = Path(__file__).resolve().parents[2]
PAGES = [p.slug for p in pages.PAGES if p.results]


@pytest.fixture
def demo(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PROGRAMME_DB", str(demo_db))
    monkeypatch.setenv("PROGRAMME_AS_OF", "2026-11-23")
    return demo_db


@pytest.fixture
def empty(empty_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PROGRAMME_DB", str(empty_db))
    return empty_db


def url_values(at: AppTest, key: str) -> list[str]:
    value = at.query_params.get(key, [])
    return [value] if isinstance(value, str) else list(value)


def shown_metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_on_demo_data(demo: Path, page: str) -> None:
    at = open_page(page)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title and at.title[0].value
    assert not at.info, f"{page} shows an empty-data message on the demo: {at.info[0].value}"


@pytest.mark.parametrize("page", PAGES)
def test_page_explains_an_empty_database(empty: Path, page: str) -> None:
    at = open_page(page)
    assert not at.exception, [e.value for e in at.exception]
    assert at.info, f"{page} shows no message on an empty database"


@pytest.mark.parametrize("page", PAGES)
def test_page_explains_filters_that_exclude_everything(demo: Path, page: str) -> None:
    at = open_page(page, {"programme": "GSSC", "country": "CZ"})
    assert not at.exception, [e.value for e in at.exception]
    # Budget and partners follow programme and period, not target country: GSSC still has
    # money and partners.
    if page not in ("budget", "partners"):
        assert at.info, f"{page} shows no message when nothing matches"


def test_overview_kpis_match_the_demo_files(demo: Path) -> None:
    at = open_page("overview")
    shown = shown_metrics(at)
    expected = expected_indicators(Filters())
    for indicator, label in INDICATOR_LABELS.items():
        value = expected[indicator]
        text = money(value) if indicator == "budget_spent" else count(value)
        assert shown[label] == text, (label, shown[label], text)


def test_overview_kpis_follow_filters_in_the_url(demo: Path) -> None:
    query = {"programme": "GSSC", "country": ["VN", "CL"], "from": "2021-01-01"}
    at = open_page("overview", query)
    filters = Filters(
        programmes=("GSSC",), countries=("VN", "CL"), start=__import__("datetime").date(2021, 1, 1)
    )
    expected = expected_indicators(filters)
    shown = shown_metrics(at)
    assert shown["Contacts made"] == count(expected["contacts"])
    assert shown["Organisations met"] == count(expected["organisations"])
    assert shown["Target countries reached"] == "2"
    # the sidebar widgets took their values from the URL
    assert at.multiselect(key="f_programmes").value == ["GSSC"]
    assert at.multiselect(key="f_countries").value == ["VN", "CL"]


def test_changing_a_filter_writes_it_to_the_url(demo: Path) -> None:
    at = open_page("overview")
    at.multiselect(key="f_programmes").set_value(["UCA"]).run()
    assert url_values(at, "programme") == ["UCA"]
    assert shown_metrics(at)["Contacts made"] == count(
        expected_indicators(Filters(programmes=("UCA",)))["contacts"]
    )


def test_unknown_url_values_are_ignored(demo: Path) -> None:
    at = open_page("overview", {"programme": ["NOPE", "GSSC"], "from": "not-a-date"})
    assert not at.exception
    assert at.multiselect(key="f_programmes").value == ["GSSC"]


def test_budget_page_shows_exact_totals(demo: Path) -> None:
    at = open_page("budget", {"programme": "GSSC"})
    shown = shown_metrics(at)
    assert shown["Budget"] == "€ 222,202.62"
    spent = expected_indicators(Filters(programmes=("GSSC",)))["budget_spent"]
    assert shown["Spent"] == money(spent)


def test_budget_in_a_period_no_programme_runs_in_says_so(demo: Path) -> None:
    """2019 falls between SME2GO (ended 2018) and GSSC (from 2020): no budget runs in it."""
    at = open_page("budget", {"from": "2019-01-01", "to": "2019-12-31"})
    assert not at.exception, [e.value for e in at.exception]
    assert not at.metric
    assert [i.value for i in at.info] == [
        "No programme runs in the selected period, so there is no budget to show. Widen the "
        "period in the sidebar."
    ]


def test_filters_survive_a_page_switch_and_stay_in_the_url(demo: Path) -> None:
    at = open_page("overview")
    at.multiselect(key="f_countries").set_value(["CZ"]).run()
    at.switch_page("views/missions.py").run()
    assert not at.exception
    assert at.multiselect(key="f_countries").value == ["CZ"]
    assert url_values(at, "country") == ["CZ"]
    assert at.title[0].value == "Missions"


def test_no_pages_folder_beside_the_entrypoint() -> None:
    """Streamlit treats a pages/ folder next to app.py as its old multipage mode on a fresh
    server's first run: a bookmarked /missions link then ran the page alone, without the sidebar
    and filters of app.py. The pages live in views/ for that reason."""
    assert not (ROOT / "pages").exists()
    assert (ROOT / "views" / "overview.py").exists()


def test_a_new_load_is_seen_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The loader swaps the file; the running app reopens it and serves no stale cached figure."""
    from etl.config import DEMO_DIR
    from etl.load import load

    db = tmp_path / "programme.duckdb"
    load(DEMO_DIR, db)
    monkeypatch.setenv("PROGRAMME_DB", str(db))
    at = open_page("overview")
    assert shown_metrics(at)["Contacts made"] == count(expected_indicators(Filters())["contacts"])
    load(ROOT / "tests" / "faults" / "base", db)
    at.run()
    assert not at.exception
    assert shown_metrics(at)["Contacts made"] == "3"
    assert shown_metrics(at)["Budget spent"] == "€ 2,735.00"


@pytest.mark.parametrize("page", ["overview", "missions"])
def test_presentation_mode_hides_chrome_and_keeps_url_filters(demo: Path, page: str) -> None:
    at = open_page(page, {"present": "1", "every": "5", "programme": "GSSC"})
    assert not at.exception, [e.value for e in at.exception]
    styles = " ".join(h.proto.body for h in at.get("html"))
    assert "stSidebar" in styles and "display: none" in styles
    if page == "overview":
        assert shown_metrics(at)["Contacts made"] == count(
            expected_indicators(Filters(programmes=("GSSC",)))["contacts"]
        )
    # The browser follows a link to the next page, filters kept: the server never switches
    # pages itself (a page's fragment timer outliving it turned the screen white, issue 21).
    (link,) = [e.proto for e in at.get("page_link")]
    following = {"overview": "missions", "missions": "contacts"}[page]
    assert link.page == following and parse_qs(link.query_string) == {
        "programme": ["GSSC"],
        "present": ["1"],
        "every": ["5"],
    }
    scripts = [h.proto.body for h in at.get("html") if "<script>" in h.proto.body]
    assert len([s for s in scripts if "link.click()" in s]) == 1


def test_programme_with_missions_but_no_budget(tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for p in (ROOT / "tests" / "faults" / "base").glob("*.csv"):
        if p.stem not in ("budget", "expenses"):
            (folder / p.name).write_bytes(p.read_bytes())
    from etl.load import load

    db = tmp_path / "p.duckdb"
    load(folder, db)
    monkeypatch.setenv("PROGRAMME_DB", str(db))
    for page in PAGES:
        at = open_page(page)
        assert not at.exception, (page, [e.value for e in at.exception])
    at = open_page("budget")
    assert any("no budget" in i.value for i in at.info)
    at = open_page("missions")
    assert not at.info  # the missions are there to show


def test_a_link_is_read_as_the_loader_reads_and_what_is_ignored_is_named(demo: Path) -> None:
    query = {"programme": ["gssc", "NOPE9"], "country": "cz", "from": "24/04/2023", "to": "2030"}
    at = open_page("overview", query)
    assert not at.exception, [e.value for e in at.exception]
    assert at.multiselect(key="f_programmes").value == ["GSSC"]
    assert at.multiselect(key="f_countries").value == ["CZ"]
    assert at.date_input(key="f_start").value == date(2023, 4, 24)
    (notice,) = [w.value for w in at.warning if "Ignored from the link" in w.value]
    assert "NOPE9" in notice and "not in the data" in notice and "2030" in notice
    assert url_values(at, "programme") == ["GSSC"] and url_values(at, "from") == ["2023-04-24"]
    at.multiselect(key="f_programmes").set_value(["UCA"]).run()  # the user moves on
    assert not [w for w in at.warning if "Ignored from the link" in w.value]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(
    "query", [{"from": "2001-01-01"}, {"to": "2030-01-01"}, {"from": "2030-06-01"}]
)
def test_dates_outside_the_data_are_clamped_not_an_error(
    demo: Path, page: str, query: dict[str, str]
) -> None:
    at = open_page(page, {**query, "programme": "GSSC"})
    assert not at.exception, [e.value for e in at.exception]
    first, last = at.date_input(key="f_start"), at.date_input(key="f_end")
    assert first.value <= last.value


def test_the_date_format_is_the_users_choice_and_keeps_the_period(demo: Path) -> None:
    at = open_page("overview", {"from": "2023-04-24"})
    assert at.date_input(key="f_start").proto.format == "DD/MM/YYYY"
    at.selectbox(key="f_date_format").set_value("YYYY-MM-DD").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.date_input(key="f_start").proto.format == "YYYY-MM-DD"
    assert at.date_input(key="f_start").value == date(2023, 4, 24)
    assert url_values(at, "from") == ["2023-04-24"]
