"""The programme results dashboard: navigation, theme and the shared sidebar of filters.

The pages are the rows of shell/pages.py; each is a thin script in views/.

Run with `python -m streamlit run app.py`; on first start the demo database is built from
data/demo/ when no database exists.
"""

from __future__ import annotations

import streamlit as st

from analytics.db import OutdatedDatabase
from i18n import _
from shell import data, guard, language, pages, presentation, serving, sidebar, ui

st.set_page_config(
    page_title="Programme results",
    page_icon="assets/favicon.png",
    layout="wide",
    initial_sidebar_state="expanded",
)
guard.install()
serving.tune()
language.install()
sidebar.install()


def navigation_pages() -> list[tuple[pages.Page, st.Page]]:
    """The registry's pages (shell/pages.py) as Streamlit navigates to them."""
    return [
        (p, st.Page(p.file, title=_(p.title), icon=p.icon, default=p.default)) for p in pages.PAGES
    ]


def main() -> None:
    language.settle()
    # The browser tab's title in the language settled (set_page_config's calls are additive)
    st.set_page_config(page_title=_("Programme results"))
    with st.spinner(_("Building the demo database…")):
        try:
            data.current_version()
        except OutdatedDatabase as exc:
            # Our own words, the configured path, and values from a source escaped (analytics.db).
            st.error(str(exc), icon=":material/database:")
            st.stop()
    everything = navigation_pages()
    present = presentation.settings()
    ui.apply_style()
    if present:
        shown = [page for row, page in everything if row.presented]
        page = st.navigation(shown, position="hidden")
        presentation.apply_style()
    else:
        page = st.navigation([page for _row, page in everything])
    st.session_state["filters"] = sidebar.render()
    if not present:
        sidebar.report_button(st.session_state["filters"])
        with st.sidebar:
            ui.csv_dialect_choice()
            language.choice()
    with st.sidebar:
        language.declare()
    st.session_state["presentation"] = present
    sidebar.data_status()
    if present:
        presentation.start(shown, page, present.every)
        with st.sidebar:  # hidden in presentation mode
            presentation.advance()
    page.run()


guard.run_guarded(main)
