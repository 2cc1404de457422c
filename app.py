"""The programme results dashboard: navigation, theme and the shared sidebar of filters.

Run with `python -m streamlit run app.py`; on first start the demo database is built from
data/demo/ when no database exists.
"""

from __future__ import annotations

import streamlit as st

from analytics import data, guard, presentation, sidebar, ui
from analytics.db import OutdatedDatabase

st.set_page_config(
    page_title="Programme results",
    page_icon="assets/favicon.png",
    layout="wide",
    initial_sidebar_state="expanded",
)
guard.install()

PAGES = [
    st.Page("views/overview.py", title="Overview", icon=":material/dashboard:", default=True),
    st.Page("views/missions.py", title="Missions", icon=":material/flight_takeoff:"),
    st.Page("views/contacts.py", title="Contacts", icon=":material/handshake:"),
    st.Page("views/sectors.py", title="Sectors", icon=":material/category:"),
    st.Page("views/countries.py", title="Countries", icon=":material/public:"),
    st.Page("views/partners.py", title="Partners", icon=":material/groups:"),
    st.Page("views/budget.py", title="Budget", icon=":material/euro:"),
    st.Page("views/data.py", title="Data", icon=":material/upload_file:"),
]


def main() -> None:
    with st.spinner("Building the demo database…"):
        try:
            data.current_version()
        except OutdatedDatabase as exc:
            st.error(str(exc), icon=":material/database:")  # our own words and the configured path
            st.stop()
    present = presentation.settings()
    ui.apply_style()
    if present:
        shown = [p for p in PAGES if p.url_path != "data"]
        page = st.navigation(shown, position="hidden")
        presentation.apply_style()
    else:
        page = st.navigation(PAGES)
    st.session_state["filters"] = sidebar.render()
    if not present:
        sidebar.report_button(st.session_state["filters"])
        with st.sidebar:
            ui.csv_dialect_choice()
    st.session_state["presentation"] = present
    sidebar.data_status()
    if present:
        presentation.start(shown, page, present.every)
    page.run()
    if present:
        presentation.advance()


guard.run_guarded(main)
