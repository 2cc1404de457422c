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

from analytics.filters import KEYS
from i18n import _

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


_NEXT = "_present_next"
MAX_EVERY = 600
NEXT_LINK = "presentation-next"  # the key of the container holding the link to the next page

# The browser follows the link itself when the page's time is up (the page's time counted on the
# server from the start of its run). A click on a link to a page is the one way the browser
# drops the old page's fragment timers (the missions map's tour) *before* it asks for the next
# page. The server switching pages from a fragment (st.switch_page in a run_every fragment) left
# them ticking until the next page's run reached the browser: a tick sent in that gap arrived
# after the switch and Streamlit 1.67 ran it as a fragment run of the page gone; its
# new_session named the old page, the browser cleared the new page (white), the new page's
# next delta had no place left ("Bad delta path index 7"), and the browser hung up (issue 21).
#
# The link is a component Streamlit loads on first use: on a cold, busy machine it may not be
# in the page yet when the time is up (the show then stood on its first page for good, seen in
# the soak test). The timer looks again every quarter second until the link is there.
_FOLLOW = """<script>
(() => {{
  clearTimeout(window.__programmeShow);  /* {nonce}: a new run plans anew */
  const follow = () => {{
    const link = document.querySelector('.st-key-{key} a');
    if (link) link.click();
    else window.__programmeShow = setTimeout(follow, 250);
  }};
  window.__programmeShow = setTimeout(follow, {delay});
}})();
</script>"""


def start(pages: list[st.Page], current: st.Page, every: int) -> None:
    """Note, as this page's run starts, which page follows and when: `every` seconds from now.

    The time is kept from the start of the run, not from when the page reached the browser, so
    a page stays `every` seconds however long the browser takes to draw it.
    """
    index = next((i for i, p in enumerate(pages) if p.url_path == current.url_path), 0)
    following = pages[(index + 1) % len(pages)]
    st.session_state[_NEXT] = (following, _query(), time.monotonic() + every)


def advance() -> None:
    """The link to the next page, with the URL's filters, and the browser's timer that follows
    it when this page's time is up. Drawn (in the hidden sidebar) before the page itself, so a
    page that stops early (st.stop() on an empty result) still hands over."""
    following, query, due = st.session_state[_NEXT]
    with st.container(key=NEXT_LINK):
        st.page_link(following, label=_("Next page"), query_params=query)
    delay = max(0, round((due - time.monotonic()) * 1000))
    nonce = time.monotonic_ns()
    st.html(_FOLLOW.format(key=NEXT_LINK, delay=delay, nonce=nonce), unsafe_allow_javascript=True)


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
