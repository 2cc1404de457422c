"""python -m bench first-start: how long a fresh host takes to show its first drawn page.

Each run clones the repository (no database, as git gives it) into a temporary folder, with an
empty cache folder (XDG_CACHE_HOME: the gazetteer's parsed cache is empty, as on a new machine),
starts `python -m streamlit run app.py` there, and has an already open Chromium ask for the page
the moment `/_stcore/health` answers. The time runs from the server's start until the script run
is over, every chart has drawn and every map shows data (tools.browser, polled every 0.1 s): the
demo build, Streamlit's start, the imports, the first page and the browser's drawing. Issue 24's
goal is 5 s. "page in" is when the run was over and every element was in the page, before the
browser drew its charts and maps; "first screen drawn" is when the window showed no chart or map
still to draw (the Overview's first screen is its indicator cards, its chart and map below).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from playwright.sync_api import sync_playwright

from tools import browser, liveness

ROOT = Path(__file__).resolve().parents[1]
GOAL_SECONDS = 5.0


def _cpu_seconds(pid: int) -> float:
    """User and system CPU of a process and its waited-for children, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = sum(int(v) for v in fields[11:15])  # utime stime cutime cstime
    return ticks / os.sysconf("SC_CLK_TCK")


_ON_SCREEN = """(selector) => [...document.querySelectorAll(selector)].some((e) => {
  const r = e.getBoundingClientRect();
  return r.bottom > 0 && r.top < window.innerHeight && r.right > 0 && r.left < window.innerWidth;
})"""


def _drawn(page, deadline: float, start: float) -> tuple[float, float, list[str]]:
    """Poll until the page is drawn (run over, charts drawn, maps showing data). Return when the
    run was over and every element in the page, when the first screen was drawn (the page in,
    and no chart or map in the window still to draw), both in seconds from `start`, and what
    is still wrong."""
    settled = screen = None
    while True:
        problems = [f"not settled: {p}"] if (p := browser.settled(page)) else []
        if not problems:
            if settled is None:  # looked at before any map's picture scrolls the page
                settled = time.monotonic() - start
                if not any(page.evaluate(_ON_SCREEN, s) for s in (browser.PLOTLY, browser.DECK)):
                    screen = settled
            problems = browser.undrawn_charts(page) + browser.blank_maps(page)
            if screen is None and not problems:
                screen = time.monotonic() - start
        if not problems or time.monotonic() > deadline:
            nan = float("nan")
            return settled or nan, screen or nan, problems
        page.wait_for_timeout(100)


def one_run(chromium, ref: str, work: Path, timeout: float = 120) -> dict:
    clone = work / "clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    subprocess.run(["git", "-C", str(clone), "checkout", "-q", ref], check=True)
    port = browser.free_port()
    url = f"http://localhost:{port}"
    env = {**os.environ, "XDG_CACHE_HOME": str(work / "cache"), "PYTHONUNBUFFERED": "1"}
    env.pop("PROGRAMME_DB", None)
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    load = os.getloadavg()[0]
    log = (work / "server.log").open("w")
    start = time.monotonic()
    command = [sys.executable, "-m", "streamlit", "run", "app.py"]
    server = subprocess.Popen(
        [*command, "--server.port", str(port), "--server.headless", "true"],
        cwd=clone,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = start + timeout
        while not liveness.health(url, 1)[0]:
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError((work / "server.log").read_text())
            time.sleep(0.05)
        health = time.monotonic() - start
        page.goto(url)
        settled, screen, problems = _drawn(page, deadline, start)
        drawn = time.monotonic() - start
        cpu = _cpu_seconds(server.pid)
    finally:
        browser._stop(server)
        log.close()
        context.close()
    return {
        "ref": ref,
        "health_s": round(health, 2),
        "page_in_s": round(settled, 2),
        "first_screen_s": round(screen, 2),
        "drawn_s": round(drawn, 2),
        "server_cpu_s": round(cpu, 2),
        "load_average": round(load, 2),
        "problems": problems,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench first-start", description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="runs of each code (alternated)")
    parser.add_argument(
        "--ref",
        action="append",
        help="a commit to measure (repeatable; default HEAD); runs alternate between them",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON line per run")
    args = parser.parse_args(argv)
    refs = args.ref or ["HEAD"]
    results: list[dict] = []
    with sync_playwright() as playwright:
        chromium = browser.launch(playwright)
        try:
            for _ in range(args.runs):
                for ref in refs:
                    with tempfile.TemporaryDirectory(prefix="first-start-") as folder:
                        result = one_run(chromium, ref, Path(folder))
                    results.append(result)
                    if args.json:
                        print(json.dumps(result), flush=True)
                    else:
                        print(
                            f"{ref}: health {result['health_s']:.2f} s, page in "
                            f"{result['page_in_s']:.2f} s, first screen drawn "
                            f"{result['first_screen_s']:.2f} s, whole page drawn "
                            f"{result['drawn_s']:.2f} s, server CPU {result['server_cpu_s']:.2f} s,"
                            f" load average {result['load_average']:.2f}"
                            + (f", NOT DRAWN: {result['problems']}" if result["problems"] else ""),
                            flush=True,
                        )
        finally:
            chromium.close()
    worst = max(r["drawn_s"] for r in results)
    screen = max(r["first_screen_s"] for r in results)
    failed = any(r["problems"] for r in results)
    print(
        f"slowest first screen {screen:.2f} s, slowest whole first page {worst:.2f} s "
        f"(goal {GOAL_SECONDS:.0f} s)"
    )
    return 1 if failed or worst > GOAL_SECONDS else 0
