"""The date format chosen applies to every date shown or exported (issue 21): tables, CSV and
XLSX downloads (XLSX: real date cells with the matching number format), the PDF; it travels in
the link (?datefmt=DD.MM.YYYY) and survives a reload, as the CSV dialect does (?csv=european).

On a one-programme project whose mission to Tokyo starts on 14 October 2024."""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
import streamlit as st
from streamlit.delta_generator import DeltaGenerator
from streamlit.testing.v1 import AppTest

from analytics import report
from shell import pages
from tests.apptest import open_page
from tests.small_project import load_small

AS_OF = date(2025, 12, 31)
TOKYO = {"DD/MM/YYYY": "14/10/2024", "YYYY-MM-DD": "2024-10-14", "DD.MM.YYYY": "14.10.2024"}
EXCEL = {"DD/MM/YYYY": "dd/mm/yyyy", "YYYY-MM-DD": "yyyy-mm-dd", "DD.MM.YYYY": "dd.mm.yyyy"}


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return load_small(tmp_path_factory.mktemp("small"))


@pytest.fixture
def buttons(small: Path, monkeypatch: pytest.MonkeyPatch) -> dict:
    """Every download button's file-making callable, by its file name; the PDF's HTML instead
    of printing it."""
    monkeypatch.setenv("PROGRAMME_DB", str(small))
    monkeypatch.setenv("PROGRAMME_AS_OF", AS_OF.isoformat())
    monkeypatch.setattr(report, "chromium_path", lambda: "/usr/bin/chromium")
    monkeypatch.setattr(report, "html_to_pdf", lambda page, **_: page.encode("utf-8"))
    made: dict = {}
    original = DeltaGenerator.download_button

    def capture(self, label, data, file_name=None, *args, **kwargs):
        made[file_name] = data
        return original(self, label, b"", file_name, *args, **kwargs)

    monkeypatch.setattr(DeltaGenerator, "download_button", capture)
    bound = st.download_button  # st.download_button is bound at import: the PDF's button

    def capture_st(label, data, file_name=None, *args, **kwargs):
        made[file_name] = data
        return bound(label, b"", file_name, *args, **kwargs)

    monkeypatch.setattr(st, "download_button", capture_st)
    return made


def _open(params: dict[str, str], slug: str = "overview") -> AppTest:
    at = open_page(slug, params)
    assert not at.exception, [e.value for e in at.exception]
    return at


def _latest_start(at: AppTest) -> list[str]:
    table = next(t.value for t in at.dataframe if "Start" in t.value.columns)
    return list(table["Start"])


@pytest.mark.parametrize("chosen", list(TOKYO))
def test_every_date_follows_the_link_s_format(buttons: dict, chosen: str) -> None:
    at = _open({"datefmt": chosen})
    assert at.selectbox(key="f_date_format").value == chosen
    assert TOKYO[chosen] in _latest_start(at)

    # The files are made on click, off the script thread: still in the format chosen.
    csv_name = next(n for n in buttons if n.startswith("latest-missions") and n.endswith(".csv"))
    text = buttons[csv_name]().decode("utf-8-sig")
    assert TOKYO[chosen] in text and (chosen == "YYYY-MM-DD" or "2024-10-14" not in text)

    xlsx_name = csv_name[: -len(".csv")] + ".xlsx"
    sheet = openpyxl.load_workbook(io.BytesIO(buttons[xlsx_name]())).worksheets[0]
    header = [c.value for c in sheet[1]]
    cells = [row[header.index("Start")] for row in sheet.iter_rows(min_row=2)]
    tokyo = next(c for c in cells if c.value == datetime(2024, 10, 14))  # a real date cell
    assert tokyo.is_date and tokyo.number_format == EXCEL[chosen]

    pdf = next(n for n in buttons if n.endswith(".pdf"))
    html = buttons[pdf]().decode("utf-8")
    assert TOKYO[chosen] in html and (chosen == "YYYY-MM-DD" or "2024-10-14" not in html)


def test_default_is_day_month_year_and_stays_out_of_the_link(buttons: dict) -> None:
    at = _open({})
    assert TOKYO["DD/MM/YYYY"] in _latest_start(at)
    assert "datefmt" not in at.query_params


def test_a_choice_goes_into_the_link_and_a_reload_keeps_it(buttons: dict) -> None:
    at = _open({})
    at.selectbox(key="f_date_format").set_value("DD.MM.YYYY").run()
    at.radio(key="csv_dialect").set_value("european").run()
    assert TOKYO["DD.MM.YYYY"] in _latest_start(at)
    link = {k: at.query_params[k] for k in ("datefmt", "csv")}
    assert link == {"datefmt": "DD.MM.YYYY", "csv": "european"}, dict(at.query_params)

    # A page switch keeps both; a reload (a new session on the same link) too.
    at.switch_page(pages.by_slug("missions").file).run()
    assert at.selectbox(key="f_date_format").value == "DD.MM.YYYY"
    again = _open(link)
    assert again.selectbox(key="f_date_format").value == "DD.MM.YYYY"
    assert again.radio(key="csv_dialect").value == "european"
    assert TOKYO["DD.MM.YYYY"] in _latest_start(again)
    csv_name = next(n for n in buttons if n.startswith("latest-missions") and n.endswith(".csv"))
    assert ";" in buttons[csv_name]().decode("utf-8-sig").splitlines()[0]


# Dates follow the language (issue 25): with nothing chosen, the language's own numeric form
# (CLDR through Babel); English keeps DD/MM/YYYY; a format chosen overrides the language's.
OWN = {  # the Tokyo mission's start, the XLSX number format, the list's example (31 Dec 2024)
    "de": ("14.10.2024", "dd.mm.yyyy", "31.12.2024"),
    "fr": ("14/10/2024", "dd/mm/yyyy", "31/12/2024"),
}


def _tokyo_cell(buttons: dict) -> object:
    """The latest missions' XLSX cell holding the Tokyo mission's start."""
    csv_name = next(n for n in buttons if n.startswith("latest-missions") and n.endswith(".csv"))
    xlsx_name = csv_name[: -len(".csv")] + ".xlsx"
    sheet = openpyxl.load_workbook(io.BytesIO(buttons[xlsx_name]())).worksheets[0]
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if cell.value == datetime(2024, 10, 14):
                return cell
    raise AssertionError("no date cell of 14 October 2024")


def _table_texts(at: AppTest) -> str:
    return "\n".join(str(v) for t in at.dataframe for c in t.value.columns for v in t.value[c])


@pytest.mark.parametrize("code", list(OWN))
def test_a_language_writes_dates_its_own_way_by_default(buttons: dict, code: str) -> None:
    shown, excel, example = OWN[code]
    at = _open({"lang": code})
    tables = _table_texts(at)
    assert shown in tables and "2024-10-14" not in tables
    assert code == "fr" or "14/10/2024" not in tables
    assert "datefmt" not in at.query_params
    # the list offers the language's own form first (by its example), then the three fixed ones
    box = at.selectbox(key="f_date_format")
    assert example in box.options[0] and len(box.options) == 4, box.options
    tokyo = _tokyo_cell(buttons)
    assert tokyo.is_date and tokyo.number_format == excel  # type: ignore[attr-defined]
    pdf = next(n for n in buttons if n.endswith(".pdf"))
    html = buttons[pdf]().decode("utf-8")
    assert shown in html and "2024-10-14" not in html


def test_a_format_chosen_overrides_the_language_s(buttons: dict) -> None:
    at = _open({"lang": "de", "datefmt": "YYYY-MM-DD"})
    assert "2024-10-14" in _table_texts(at) and "14.10.2024" not in _table_texts(at)
    assert at.query_params["datefmt"] == "YYYY-MM-DD"
    tokyo = _tokyo_cell(buttons)
    assert tokyo.number_format == "yyyy-mm-dd"  # type: ignore[attr-defined]


def test_english_keeps_day_month_year_among_three_forms(buttons: dict) -> None:
    at = _open({})
    box = at.selectbox(key="f_date_format")
    assert box.value == "DD/MM/YYYY" and len(box.options) == 3
    assert "14/10/2024" in _table_texts(at)
