"""A viewer never sees a traceback: an unexpected error becomes one plain sentence and a reference.

The detail (the traceback, with the same reference) goes to the server log, where whoever runs the
dashboard can find it. Streamlit's own error box is off too (client.showErrorDetails = "none" in
.streamlit/config.toml) for anything raised outside this guard. Tests set PROGRAMME_RAISE_ERRORS=1
so that an error still fails them instead of being drawn as a polite sentence.
"""

from __future__ import annotations

import logging
import os
import secrets
import sys
from collections.abc import Callable

import streamlit as st

from i18n import N_, _

log = logging.getLogger("programme_dashboard")
if not log.handlers:  # the server's stderr, which is its log
    _handler = logging.StreamHandler(sys.stderr)
    _handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(_handler)

MESSAGE = N_(
    "Something went wrong while drawing this page. Try again or change the filters; if it "
    "happens again, give reference {reference} to whoever runs this dashboard."
)


# Streamlit's own error box (for anything raised outside run_guarded) offers "Ask Google" and
# "Ask ChatGPT" links even with its details off: links to outside sites, hidden here.
_HIDE_OUTSIDE_LINKS = """<style>
[data-testid="stException"] a[href^="http"] { display: none !important; }
</style>"""


GUARD_KEY = "guard-error"


def install() -> None:
    """Call first thing in the app, before anything that can fail."""
    st.html(_HIDE_OUTSIDE_LINKS)


def run_guarded(draw: Callable[[], None]) -> None:
    """Run `draw`; an exception is logged with a short reference and shown as one sentence.

    st.stop() and reruns pass through: Streamlit raises them as BaseException, not Exception."""
    try:
        draw()
    except Exception:
        if os.environ.get("PROGRAMME_RAISE_ERRORS"):
            raise
        reference = secrets.token_hex(4)
        log.exception("error shown to a viewer as reference %s", reference)
        with st.container(key=GUARD_KEY):  # the browser checks find the message by it
            st.error(_(MESSAGE, reference=reference), icon=":material/error:")
