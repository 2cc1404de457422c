"""Presentation mode (?present=1): the dashboard on a conference screen, running by itself.

No sidebar or Streamlit chrome, larger type, pages advancing every `every` seconds (default 20,
?every=N to change), the missions map touring the mission places. Filters in the URL still apply.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import polars as pl
import pydeck as pdk
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

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
    return Presentation(every=min(max(every, 5), MAX_EVERY))


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


TICK = 1.0  # seconds between looks at the clock: a page stays `every` s, give or take a tick
_NEXT = "_present_next"
MAX_EVERY = 600


def start(pages: list[st.Page], current: st.Page, every: int) -> None:
    """Note, as this page's run starts, which page follows and when: `every` seconds from now.

    The time is kept from the start of the run, not from when the page reached the browser:
    a fragment run every `every` seconds counted from its arrival (after the page was drawn),
    and held back by the missions map's own reruns, kept pages 15 to 23 s with every=15.
    """
    index = next((i for i, p in enumerate(pages) if p.url_path == current.url_path), 0)
    following = pages[(index + 1) % len(pages)]
    st.session_state[_NEXT] = (following, _query(), time.monotonic() + every)


def switch_if_due(wait: float = 0.0) -> None:
    """Go to the next page when this one's time is up (from any fragment: the clock, the map);
    when it is up within `wait` seconds, wait for it here rather than for the browser's next
    timer. Only from a fragment's rerun: the page's own run must not wait."""
    planned = st.session_state.get(_NEXT)
    if planned and 0 < planned[2] - time.monotonic() <= wait:
        time.sleep(planned[2] - time.monotonic())
    if planned and time.monotonic() >= planned[2] - TICK / 2:
        following, query, _ = planned
        st.session_state.pop(_NEXT, None)
        st.switch_page(following, query_params=query)


def in_fragment_rerun() -> bool:
    """True in a fragment's own rerun, False in the page's run (where nothing may wait)."""
    ctx = get_script_run_ctx()
    return bool(ctx is not None and ctx.fragment_ids_this_run)


def advance() -> None:
    """The clock: a small fragment that looks every TICK seconds whether the page's time is up.

    (Waiting out the last seconds on the server, so as not to hang on a busy browser's timer,
    was tried: a fragment rerun held that long left the browser a delta for a page gone.)
    """

    @st.fragment(run_every=TICK)
    def _tick() -> None:
        switch_if_due()

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
