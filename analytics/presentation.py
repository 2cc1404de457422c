"""Presentation mode (?present=1): the dashboard on a conference screen, running by itself.

No sidebar or Streamlit chrome, larger type, pages advancing every `every` seconds (default 20,
?every=N to change), the missions map touring the mission places. Filters in the URL still apply.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
import pydeck as pdk
import streamlit as st

from analytics.filters import KEYS

DEFAULT_EVERY = 20


@dataclass(frozen=True)
class Presentation:
    every: int


def settings() -> Presentation | None:
    if st.query_params.get("present") not in ("1", "true", "yes"):
        return None
    try:
        every = int(st.query_params.get("every", DEFAULT_EVERY))
    except ValueError:
        every = DEFAULT_EVERY
    return Presentation(every=min(max(every, 5), 600))


CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
[data-testid="stStatusWidget"], [data-testid="stBaseButton-secondary"],
[data-testid="stDownloadButton"], [data-testid="stExpander"] { display: none !important; }
html { font-size: 18px; }
.block-container, [data-testid="stMainBlockContainer"] { padding-top: 1.2rem !important;
  max-width: 100% !important; }
[data-testid="stMetricValue"] { font-size: 2.6rem; }
</style>
"""


def apply_style() -> None:
    st.html(CSS)


def _query() -> dict[str, list[str]]:
    keys = [*KEYS.values(), "from", "to", "present", "every"]
    return {k: st.query_params.get_all(k) for k in keys if k in st.query_params}


def advance(pages: list[st.Page], current: st.Page, every: int) -> None:
    """Switch to the next page every `every` seconds, keeping the URL's filters."""
    index = next((i for i, p in enumerate(pages) if p.url_path == current.url_path), 0)
    following = pages[(index + 1) % len(pages)]
    key = f"_present_ticks_{current.url_path}"
    st.session_state[key] = 0
    query = _query()

    @st.fragment(run_every=every)
    def _tick() -> None:
        ticks = st.session_state.get(key, 0)
        st.session_state[key] = ticks + 1
        if ticks >= 1:
            st.switch_page(following, query_params=query)

    _tick()


TOUR_ZOOM = 3.2
TOUR_MAX_ZOOM = 5.0


def tour_view(
    cities: pl.DataFrame, step: int, fitted: pdk.ViewState | None = None
) -> pdk.ViewState:
    """The map's view for step `step` of a tour of the places with most contacts.

    Never further out than the map fitted to its places and target countries (`fitted`): one
    mission to Prague shows Czechia, not half a continent with one circle in it."""
    top = cities.sort("contacts", descending=True).head(8)
    row = top.row(step % top.height, named=True)
    zoom = TOUR_ZOOM
    if fitted is not None and fitted.zoom is not None:
        zoom = max(TOUR_ZOOM, min(float(fitted.zoom), TOUR_MAX_ZOOM))
    return pdk.ViewState(
        latitude=row["latitude"],
        longitude=row["longitude"],
        zoom=zoom,
        pitch=35,
        bearing=(step * 25) % 360,
        transition_duration=3500,
    )
