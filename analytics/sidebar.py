"""The shared sidebar: filter widgets kept in step with the URL (st.query_params).

The URL wins when it carries filters (a bookmark or a shared link); when it carries none, as after
a page switch, the filters in the session are kept and written back to the URL.
"""

from __future__ import annotations

from datetime import date

import polars as pl
import streamlit as st

from analytics import data
from analytics.filters import KEYS, Filters, from_query, to_query
from analytics.formatting import label

_WIDGETS = {
    "programmes": "f_programmes",
    "start": "f_start",
    "end": "f_end",
    "countries": "f_countries",
    "sectors": "f_sectors",
}
_URL_KEYS = (*KEYS.values(), "from", "to")
_LAST = "_filters_in_url"


def _url_filters(known: dict[str, set[str]]) -> tuple[Filters, bool]:
    raw = {key: st.query_params.get_all(key) for key in _URL_KEYS if key in st.query_params}
    return from_query(raw, known), bool(raw)


def _set_widgets(filters: Filters) -> None:
    for attr, key in _WIDGETS.items():
        value = getattr(filters, attr)
        st.session_state[key] = list(value) if isinstance(value, tuple) else value


def _write_url(filters: Filters) -> None:
    wanted = to_query(filters)
    current = {k: st.query_params.get_all(k) for k in _URL_KEYS if k in st.query_params}
    normalised = {k: v if isinstance(v, list) else [v] for k, v in wanted.items()}
    if current == normalised:
        return
    for key in _URL_KEYS:
        if key in st.query_params:
            del st.query_params[key]
    for key, value in wanted.items():
        st.query_params[key] = value


def _reset() -> None:
    _set_widgets(Filters())


def render() -> Filters:
    """Draw the filters in the sidebar and return them; call once per run, from app.py."""
    opts = data.options()
    programmes: pl.DataFrame = opts["programmes"]
    countries: pl.DataFrame = opts["countries"]
    sectors = opts["sectors"]["sector"].to_list()
    names = dict(zip(programmes["programme_id"], programmes["name"], strict=True))
    country_names = dict(zip(countries["country"], countries["name"], strict=True))
    known = {
        "programmes": set(names),
        "countries": set(country_names),
        "sectors": set(sectors),
    }

    from_url, url_has_filters = _url_filters(known)
    if url_has_filters and from_url != st.session_state.get(_LAST):
        _set_widgets(from_url)  # a bookmark or shared link: the URL wins
    elif _LAST not in st.session_state:
        _set_widgets(Filters())

    first = opts["dates"]["first"][0]
    last = opts["dates"]["last"][0]
    with st.sidebar:
        st.markdown("### Filters")
        st.multiselect(
            "Programme",
            options=list(names),
            format_func=lambda p: f"{p} · {names[p]}",
            key=_WIDGETS["programmes"],
            placeholder="All programmes",
        )
        left, right = st.columns(2)
        left.date_input(
            "From",
            key=_WIDGETS["start"],
            min_value=_floor(first),
            max_value=_ceil(last),
            format="YYYY-MM-DD",
        )
        right.date_input(
            "To",
            key=_WIDGETS["end"],
            min_value=_floor(first),
            max_value=_ceil(last),
            format="YYYY-MM-DD",
        )
        st.multiselect(
            "Target country",
            options=list(country_names),
            format_func=lambda c: country_names[c],
            key=_WIDGETS["countries"],
            placeholder="All target countries",
        )
        st.multiselect(
            "Sector",
            options=sectors,
            format_func=label,
            key=_WIDGETS["sectors"],
            placeholder="All sectors",
            help="A mission's sectors; a contact's own sector, else its mission's.",
        )
        st.button("Reset filters", on_click=_reset, width="stretch")

    state = st.session_state
    start, end = state.get(_WIDGETS["start"]), state.get(_WIDGETS["end"])
    if start and end and end < start:
        start, end = end, start
    filters = Filters(
        programmes=tuple(state.get(_WIDGETS["programmes"]) or ()),
        start=start,
        end=end,
        countries=tuple(state.get(_WIDGETS["countries"]) or ()),
        sectors=tuple(state.get(_WIDGETS["sectors"]) or ()),
    )
    state[_LAST] = filters
    _write_url(filters)
    return filters


def _floor(value: date | None) -> date:
    return date(value.year - 1, 1, 1) if value else date(2000, 1, 1)


def _ceil(value: date | None) -> date:
    return date(value.year + 1, 12, 31) if value else date(2100, 12, 31)


def data_status() -> None:
    """Which load the figures come from: every screenshot in a report should be traceable."""
    load = data.options()["last_load"]
    with st.sidebar:
        if load.is_empty():
            st.caption("No data loaded.")
            return
        row = load.row(0, named=True)
        source = str(row["source"]).replace("\\", "/").rstrip("/").split("/")[-1]
        st.caption(
            f"Data: **{source}**, loaded {row['loaded_at']:%Y-%m-%d %H:%M} UTC "
            f"· sha256 {row['sha256'][:12]}"
        )


def report_button(filters: Filters) -> None:
    """The EU report for the filters in force: a PDF built only when the button is clicked."""
    from analytics import report
    from analytics.db import cursor, open_readonly

    as_of = data.today()
    path = data.current_version().path
    with st.sidebar:
        if report.chromium_path() is None:
            st.button(
                "EU report (PDF)",
                disabled=True,
                width="stretch",
                help="Needs Chromium on the server: apt-get install chromium",
            )
            return

        def build() -> bytes:  # runs on click, in its own thread: no Streamlit calls here
            con = cursor(open_readonly(path))
            try:
                return report.build_report(con, filters, as_of)
            finally:
                con.close()

        st.download_button(
            "EU report (PDF)",
            build,
            file_name=report.filename(filters, as_of),
            mime="application/pdf",
            icon=":material/picture_as_pdf:",
            width="stretch",
            on_click="ignore",
            key="eu-report",
            help="KPIs against targets, missions with outcomes, map, spend against budget, for "
            "the filters above; the data's load date and source on every page.",
        )
