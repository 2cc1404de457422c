"""Many viewers at once against the real server: none may stop another (issue 27).

Ten sessions (two of them unruly: they leave mid-page, ask for a page that does not exist, bring
hostile links) walk every page of the registry for a minute through Streamlit's own protocol
(bench/viewers.py). Then the server must still answer its health check within 5 s, give a new
session a page, and stop within 10 s of SIGTERM: a frozen server did none of these. The freeze
was a race, so the test runs long enough to meet it (before the fix, 4 viewers froze the server
within a minute in every try).
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from bench import viewers
from tools import browser, liveness
from tools.streamlit_client import run_sync

pytestmark = pytest.mark.slow

SESSIONS, UNRULY, SECONDS = 10, 2, 60


def test_viewers_at_once_never_stop_each_other(demo_db: Path, tmp_path: Path) -> None:
    with browser.serve(workdir=tmp_path, db=demo_db, as_of="2026-11-23") as server:
        result = run_sync(viewers.measure(server.url, SESSIONS, SECONDS, unruly=UNRULY, timeout=60))
        summary = viewers.describe(result)
        assert result["errors"] == 0, f"{summary}\n{server.log()[-4000:]}"
        # Every viewer got pages, the unruly ones did their acts, and the run took its minute.
        assert result["pages"] >= 3 * SESSIONS, summary
        assert sum(result["unruly_acts"].values()) >= UNRULY, summary
        assert result["seconds"] >= SECONDS

        started = time.monotonic()
        alive, said = liveness.probe(server.url, timeout=5)
        assert alive and time.monotonic() - started < 5, said
        alive, said = liveness.probe(server.url, timeout=30, page="budget")
        assert alive, said

        os.killpg(server.process.pid, signal.SIGTERM)
        try:
            server.process.wait(10)
        except subprocess.TimeoutExpired:
            pytest.fail(f"the server did not stop within 10 s of SIGTERM:\n{server.log()[-4000:]}")
