"""The liveness probe tells a server that answers from one that stopped answering (SIGSTOP holds
a process as a freeze did: port open, process alive, nothing answered), and its watch mode
kills the stopped one so the process manager can start a new one."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tools import browser, liveness

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def server(demo_db: Path, tmp_path_factory: pytest.TempPathFactory):
    with browser.serve(workdir=tmp_path_factory.mktemp("live"), db=demo_db) as running:
        yield running


def test_an_answering_server_is_alive(server: browser.Server) -> None:
    alive, said = liveness.probe(server.url, timeout=5)
    assert alive, said
    alive, said = liveness.probe(server.url, timeout=30, page="")
    assert alive and "drawn" in said, said


def test_a_missing_server_is_not(tmp_path: Path) -> None:
    alive, said = liveness.probe(f"http://127.0.0.1:{browser.free_port()}", timeout=2)
    assert not alive and "no answer" in said


def test_a_stopped_server_is_not_alive_and_comes_back(server: browser.Server) -> None:
    os.kill(server.process.pid, signal.SIGSTOP)
    try:
        started = time.monotonic()
        alive, said = liveness.probe(server.url, timeout=2)
        assert not alive, said
        assert time.monotonic() - started < 5  # the probe itself never hangs
        command = [sys.executable, "-m", "tools.liveness", "--url", server.url, "--timeout", "2"]
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=30)
        assert done.returncode == 1 and done.stdout.startswith("not answering"), done.stdout
    finally:
        os.kill(server.process.pid, signal.SIGCONT)
    alive, said = liveness.probe(server.url, timeout=10)
    assert alive, said


def test_watch_kills_a_server_that_stopped_answering(demo_db: Path, tmp_path: Path) -> None:
    with browser.serve(workdir=tmp_path, db=demo_db) as frozen:
        os.kill(frozen.process.pid, signal.SIGSTOP)
        command = [
            *(sys.executable, "-m", "tools.liveness", "--url", frozen.url, "--watch"),
            *("--pid", str(frozen.process.pid), "--every", "0.5", "--timeout", "1"),
            *("--failures", "2"),
        ]
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert done.returncode == 1, done.stdout + done.stderr
        assert "killing" in done.stdout
        assert frozen.process.wait(10) == -signal.SIGKILL
