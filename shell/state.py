"""The filters app.py's sidebar set for this run, for pages to read; and the settings a link
carries beside the filters (the date format, the CSV dialect), so that a shared link and a
reload keep them."""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st

from analytics.filters import Filters


def filters() -> Filters:
    return st.session_state.get("filters", Filters())


def _written(key: str) -> str:
    return f"_{key}_in_link"


def from_link(param: str, key: str, allowed: Iterable[str], default: str) -> None:
    """Before the widget `key` is drawn: the link's value of `param` when it brings a new one
    (a bookmark, a shared link, a reload), else the session's, else `default`. A link without
    it (after a page switch) leaves the session's choice as it is."""
    state = st.session_state
    linked = st.query_params.get(param)
    if linked in set(allowed) and linked != state.get(_written(key)):
        state[key] = linked
        state[_written(key)] = linked
    state.setdefault(key, default)


def to_link(param: str, key: str, default: str) -> None:
    """After the widget: the link carries the choice (the default is left out of it)."""
    state = st.session_state
    value = state.get(key, default)
    wanted = None if value == default else value
    if st.query_params.get(param) != wanted:
        if wanted is None:
            del st.query_params[param]
        else:
            st.query_params[param] = wanted
    state[_written(key)] = wanted
