"""The shared sidebar: filter widgets kept in step with the URL (st.query_params).

The URL wins when it carries filters (a bookmark or a shared link); when it carries none, as after
a page switch, the filters in the session are kept and written back to the URL.
"""

from __future__ import annotations

import dataclasses
from datetime import date

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

import i18n
from analytics.filters import (
    URL_KEYS,
    Choices,
    Filters,
    Reading,
    choices_from,
    read,
    to_query,
)
from analytics.formatting import (
    DEFAULT_DATE_FORMAT,
    LANGUAGE_DATE_FORMAT,
    date_example,
    day,
    label,
    moment,
    set_date_format_resolver,
    widget_date_format,
)
from analytics.text import md
from i18n import _, countries, n_
from shell import data
from shell import state as settings

_WIDGETS = {
    "funding": "f_funding",
    "programmes": "f_programmes",
    "start": "f_start",
    "end": "f_end",
    "period": "f_period",
    "countries": "f_countries",
    "sectors": "f_sectors",
}
_LAST = "_filters_in_url"
_NOTICE = "_filters_notice"
_FORMAT = "f_date_format"
_FORMAT_SHOWN = "_date_format_shown"
_FORMAT_CHOSEN = "_date_format_chosen"  # a person or a link chose one: it overrides the language's
# The date formats (formatting.DATE_FORMATS) with an example each: the user's choice, kept for
# the session and in the link (?datefmt=DD.MM.YYYY), for every date shown or exported. Nothing
# chosen (LANGUAGE_DATE_FORMAT): the language's own form, offered first; in English that is
# DD/MM/YYYY, so English lists the three fixed forms only.
DATE_FORMATS = {"DD/MM/YYYY": "31/12/2024", "YYYY-MM-DD": "2024-12-31", "DD.MM.YYYY": "31.12.2024"}
DATE_FORMAT_KEY = "datefmt"


def _session_date_format() -> str | None:
    if get_script_run_ctx(suppress_warning=True) is None:
        return None  # a thread of our own (a download, the PDF): it says its format itself
    return st.session_state.get(_FORMAT)


def _format_chosen() -> None:
    st.session_state[_FORMAT_CHOSEN] = True


def _date_format_option(chosen: str) -> str:
    """An entry of the Date format list: a fixed form with its example, or the language's own
    form by its example alone (English's own is DD/MM/YYYY)."""
    if chosen in DATE_FORMATS:
        # Translators: a date format and an example of it, e.g. "DD/MM/YYYY  (e.g. 31/12/2024)"
        return _("{format}  (e.g. {example})", format=chosen, example=DATE_FORMATS[chosen])
    # Translators: the language's own way of writing a date, with an example: "Language's
    # own  (e.g. 31.12.2024)"
    return _("Language's own  (e.g. {example})", example=date_example(chosen))


def install() -> None:
    """Every date written in a run (formatting.day, tables, exports) is in the session's
    format; call once, from app.py."""
    set_date_format_resolver(_session_date_format)


def _url_reading(choices: Choices) -> tuple[Reading, bool]:
    raw = {key: st.query_params.get_all(key) for key in URL_KEYS if key in st.query_params}
    return read(raw, choices), bool(raw)


def _set_widgets(filters: Filters, choices: Choices) -> None:
    """Widget values for `filters`: an open period shows the data's own first and last day, so
    the boxes are never blank and each calendar opens at the period in force."""
    for attr, key in _WIDGETS.items():
        value = getattr(filters, attr)
        st.session_state[key] = list(value) if isinstance(value, tuple) else value
    st.session_state[_WIDGETS["start"]] = filters.start or choices.first
    st.session_state[_WIDGETS["end"]] = filters.end or choices.last


def _keep_in_range(choices: Choices) -> None:
    """A date kept in the session from before a new load stays inside the new data's span
    (st.date_input raises on a value outside min_value..max_value)."""
    for attr in ("start", "end"):
        day = st.session_state.get(_WIDGETS[attr])
        if isinstance(day, date):
            st.session_state[_WIDGETS[attr]] = choices.clamp(day)


def _write_url(filters: Filters) -> None:
    wanted = to_query(filters)
    current = {k: st.query_params.get_all(k) for k in URL_KEYS if k in st.query_params}
    normalised = {k: v if isinstance(v, list) else [v] for k, v in wanted.items()}
    if current == normalised:
        return
    for key in URL_KEYS:
        if key in st.query_params:
            del st.query_params[key]
    for key, value in wanted.items():
        st.query_params[key] = value


def _show_notice(filters: Filters) -> None:
    """The link's ignored or adjusted values, on the page, while its filters stand."""
    kept = st.session_state.get(_NOTICE)
    if kept and kept[0] == filters:
        st.warning(md(kept[1]), icon=":material/link_off:")


def render() -> Filters:
    """Draw the filters in the sidebar and return them; call once per run, from app.py."""
    options = data.options()
    choices = choices_from(options)
    names = dict(choices.values["programmes"])
    country_names = dict(choices.values["countries"])
    sectors = list(choices.values["sectors"])
    state = st.session_state

    reading, url_has_filters = _url_reading(choices)
    if url_has_filters and (
        reading.filters != state.get(_LAST) or reading.ignored or reading.adjusted
    ):
        _set_widgets(reading.filters, choices)  # a bookmark or shared link: the URL wins
        notice = reading.notice()
        # kept with the filters as the sidebar will apply them: with one funding programme or
        # none there is no funding list, and a link's funding value narrows nothing
        shown = reading.filters
        if len(choices.values.get("funding", {})) <= 1:
            shown = dataclasses.replace(shown, funding=())
        state[_NOTICE] = (shown, notice) if notice else None
    elif _LAST not in state:
        _set_widgets(Filters(), choices)
    # Nothing chosen (no ?datefmt=, nothing picked in the list): the language's own form,
    # DD/MM/YYYY in English; a choice overrides it, in any language, and travels in the link.
    english = i18n.language() == i18n.SOURCE
    own_format = DEFAULT_DATE_FORMAT if english else LANGUAGE_DATE_FORMAT
    settings.from_link(DATE_FORMAT_KEY, _FORMAT, DATE_FORMATS, own_format)
    if st.query_params.get(DATE_FORMAT_KEY) in DATE_FORMATS:
        state[_FORMAT_CHOSEN] = True
    if not state.get(_FORMAT_CHOSEN):
        state[_FORMAT] = own_format  # follows the language
    format_options = list(DATE_FORMATS) if english else [LANGUAGE_DATE_FORMAT, *DATE_FORMATS]
    if state[_FORMAT] not in format_options:  # the language's own, kept after a switch to English
        state[_FORMAT] = own_format
    widget_format = widget_date_format()
    if state.get(_FORMAT_SHOWN) not in (None, widget_format):
        # a new format is a new widget for Streamlit: give it the period in force
        _set_widgets(state.get(_LAST, Filters()), choices)
    state[_FORMAT_SHOWN] = widget_format
    _keep_in_range(choices)

    funding = dict(choices.values.get("funding", {}))
    chosen_funding = state.get(_WIDGETS["funding"]) or []
    if chosen_funding:  # the programme list follows the funding programmes chosen above it
        within = set(chosen_funding)
        programme_funding = dict(
            zip(
                options["programmes"]["programme_id"],
                options["programmes"]["funding_programme"],
                strict=True,
            )
        )
        names = {p: n for p, n in names.items() if programme_funding.get(p) in within}
        kept = [p for p in state.get(_WIDGETS["programmes"]) or [] if p in names]
        state[_WIDGETS["programmes"]] = kept

    with st.sidebar:
        st.markdown("### " + _("Filters"))
        if len(funding) > 1:
            st.multiselect(
                _("Funding programme"),
                options=list(funding),
                key=_WIDGETS["funding"],
                placeholder=n_(
                    "All {n} funding programme", "All {n} funding programmes", len(funding)
                ),
                help=_("keep.eu's programme, the COSME call...: narrows the programmes below."),
            )
        st.multiselect(
            _("Programme"),
            options=list(names),
            format_func=lambda p: f"{p} · {names[p]}",
            key=_WIDGETS["programmes"],
            placeholder=n_("All {n} programme", "All {n} programmes", len(names))
            if len(names) > 20
            else _("All programmes"),
            help=_("Type to search by id or name.") if len(names) > 20 else None,
        )
        if choices.first is None:
            day_help = _("Type or pick a day; the data's period.")
        else:
            day_help = _(
                "Type or pick a day; the data runs from {first} to {last}.",
                first=day(choices.first),
                last=day(choices.last),
            )
        programme, periods = choices.periods_of(state.get(_WIDGETS["programmes"]) or ())
        if state.get(_WIDGETS["period"]) not in periods:
            state[_WIDGETS["period"]] = None
        if periods:
            st.selectbox(
                _("Reporting period"),
                options=[None, *periods],
                format_func=lambda n: (
                    _("None: the dates below")
                    if n is None
                    else f"{n} · {day(periods[n][0])} – {day(periods[n][1])}"
                ),
                # None is shown as the placeholder, not through format_func: without one, a
                # German sidebar said "Choose an option"
                placeholder=_("None: the dates below"),
                key=_WIDGETS["period"],
                on_change=_period_chosen,
                args=(periods, choices),
                help=_(
                    "{programme}'s reporting periods: choosing one sets the dates; the "
                    "Overview's indicator table then shows before, in and after it.",
                    programme=programme,
                ),
            )
        for attr, title in (("start", _("From")), ("end", _("To"))):
            st.date_input(
                title,
                key=_WIDGETS[attr],
                min_value=choices.first,
                max_value=choices.last,
                format=widget_format,
                help=day_help,
                on_change=_dates_typed,
            )
        st.selectbox(
            _("Date format"),
            options=format_options,
            # labelled here, in the run's language (AppTest formats options in its own thread)
            format_func={f: _date_format_option(f) for f in format_options}.__getitem__,
            placeholder=_("Date format"),  # never empty, but Streamlit's own is English
            on_change=_format_chosen,
            key=_FORMAT,
        )
        st.multiselect(
            _("Target country"),
            options=list(country_names),
            format_func=lambda c: countries.name(c, country_names[c]),
            key=_WIDGETS["countries"],
            placeholder=_("All target countries"),
        )
        st.multiselect(
            _("Sector"),
            options=sectors,
            format_func=label,
            key=_WIDGETS["sectors"],
            placeholder=_("All sectors"),
            help=_("A mission's sectors; a contact's own sector, else its mission's."),
        )
        st.button(_("Reset filters"), on_click=_reset, args=(choices,), width="stretch")

    period = state.get(_WIDGETS["period"])
    days = (state.get(_WIDGETS["start"]), state.get(_WIDGETS["end"]))
    if period is not None and days == periods.get(period):
        start, end = days  # a period's days, exactly, even at the data's edge
    else:
        period = None  # dates typed after a period was chosen: the dates stand alone
        start = _open_edge(days[0], choices.first)
        end = _open_edge(days[1], choices.last)
    if start and end and end < start:
        start, end = end, start
    filters = Filters(
        funding=tuple(state.get(_WIDGETS["funding"]) or ()) if len(funding) > 1 else (),
        programmes=tuple(state.get(_WIDGETS["programmes"]) or ()),
        start=start,
        end=end,
        countries=tuple(state.get(_WIDGETS["countries"]) or ()),
        sectors=tuple(state.get(_WIDGETS["sectors"]) or ()),
        period=period,
    )
    state[_LAST] = filters
    _write_url(filters)
    settings.to_link(DATE_FORMAT_KEY, _FORMAT, own_format)
    _show_notice(filters)
    return filters


def _period_chosen(periods: dict[int, tuple[date, date]], choices: Choices) -> None:
    """Choosing a period sets the dates; choosing none opens them to the data's span."""
    number = st.session_state.get(_WIDGETS["period"])
    start, end = periods[number] if number is not None else (choices.first, choices.last)
    st.session_state[_WIDGETS["start"]] = start
    st.session_state[_WIDGETS["end"]] = end


def _dates_typed() -> None:
    """A day typed after a period was chosen: the dates stand alone, the period is unchosen."""
    st.session_state[_WIDGETS["period"]] = None


def _reset(choices: Choices) -> None:
    _set_widgets(Filters(), choices)


def _open_edge(day: date | None, edge: date | None) -> date | None:
    """The data's own first (or last) day filters nothing: it reads as an open period."""
    return None if day is None or day == edge else day


def data_status() -> None:
    """Which load the figures come from: every screenshot in a report should be traceable."""
    row = data.last_load()
    with st.sidebar:
        if row is None:
            st.caption(_("No data loaded."))
            return
        st.caption(
            # Translators: the sidebar's data status: the file's name, when, its checksum
            _(
                "Data: **{source}**, loaded {loaded_at} UTC · sha256 {sha256}",
                source=md(row["source"]),
                loaded_at=moment(row["loaded_at"]),
                sha256=row["sha256"][:12],
            )
        )


def report_button(filters: Filters) -> None:
    """The EU report for the filters in force: a PDF built only when the button is clicked."""
    from analytics import report
    from analytics.db import cursor, open_readonly

    as_of = data.today()
    path = data.current_version().path
    language = i18n.language()  # the session's: the build runs on a thread of its own
    chosen = st.session_state.get(_FORMAT)  # the PDF's dates as the screen's
    with st.sidebar:
        if report.chromium_path() is None:
            st.button(
                _("EU report (PDF)"),
                disabled=True,
                width="stretch",
                help=_("Needs Chromium on the server: apt-get install chromium"),
            )
            return

        def build() -> bytes:  # runs on click, in its own thread: no Streamlit calls here
            con = cursor(open_readonly(path))
            try:
                return report.build_report(con, filters, as_of, language, chosen)
            finally:
                con.close()

        st.download_button(
            _("EU report (PDF)"),
            build,
            file_name=report.filename(filters, as_of),
            mime="application/pdf",
            icon=":material/picture_as_pdf:",
            width="stretch",
            on_click="ignore",
            key="eu-report",
            help=_(
                "KPIs against targets, missions with outcomes, map, spend against budget, for "
                "the filters above; the data's load date and source on every page."
            ),
        )
