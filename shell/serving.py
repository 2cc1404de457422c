"""What the server process needs for many sessions that no Streamlit option sets.

Sessions are threads of one process and share one GIL. Every DuckDB query and Polars operation
lets the GIL go and must take it back, and a thread waiting for it waits until the thread
holding it is made to give it up: 5 ms by default, paid again after each of the fifty-odd
native calls a page makes. At 1 ms the ten-viewer run of `python -m bench viewers` drew 14-31%
more pages in the same time, with a lower p95 (BENCHMARKS.md, viewers at once).
"""

from __future__ import annotations

import sys

SWITCH_INTERVAL_S = 0.001


def tune() -> None:
    """Called by app.py on every run; cheap and idempotent."""
    if sys.getswitchinterval() != SWITCH_INTERVAL_S:
        sys.setswitchinterval(SWITCH_INTERVAL_S)
