"""The filters app.py's sidebar set for this run, for pages to read."""

from __future__ import annotations

import streamlit as st

from analytics.filters import Filters


def filters() -> Filters:
    return st.session_state.get("filters", Filters())
