"""Viewers at once, without a browser: `python -m bench viewers --url URL --sessions N --seconds S`.

Each viewer speaks Streamlit's own protocol as the browser does: it opens the WebSocket at
`/_stcore/stream`, sends a rerun message with a page and a query string, reads the server's
messages until the script run has finished, then asks for the next page, walking every page of
the registry with and without filters. The browser's drawing is left out on purpose, so that the
server has the machine's cores and what is measured is the server.

Some viewers (`--unruly`) misbehave as real ones do: they close the socket in the middle of a
page and come back, ask for a page that does not exist, or bring a hostile query string. None of
them may stop another viewer: their pages count, and an unexpected answer is an error too.

By default the viewers ask for the next page the moment the last one is drawn: a load far
heavier than as many people. Two audience modes, labelled as such in every output, model people:
`--think S` makes each viewer read every page for about S seconds (0.5 S to 1.5 S, drawn at
random) before asking for the next, and `--burst` makes all of them open the same link at the
same instant (a room scanning one QR code) and times each one's first page from the moment it
opens the link, its connection included.

It prints pages done, page time p50/p95/max, errors by kind and the server's memory (RSS, found
by the port on this machine or given with --pid); `--json` prints the same as one JSON line.
`--sessions 1,2,5,10,25` runs each number of viewers in turn, `--markdown` prints the runs as
the table in BENCHMARKS.md, `--serve` starts the app on the demo data for the run itself, and
`--hosted N` starts deploy/'s hosting (N app processes behind nginx) and measures through it.
Exit 1 when any viewer saw an error or no page was drawn.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from shell.pages import PAGES
from tools.liveness import listening_pid
from tools.streamlit_client import (
    PageError,
    page_cookies,
    rerun_message,
    run_page,
    run_sync,
    stream_url,
)

# The filters a viewer alternates with no filter at all: a link a partner would share.
FILTERED = ("programme=GSSC", "programme=SME2GO&from=2018-01-01")
MISSING_PAGE = "no-such-page"
PRESENTED = {p.url_path for p in PAGES if p.presented}
# Links nobody should send, which must still give a page (with a notice), never an error.
HOSTILE = (
    "programme=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "from=9999-99-99&to=0000-00-00&country=%00",
    "sector=" + "x" * 5000,
    "programme=GSSC&programme=GSSC&programme=%F0%9F%92%A5&present=1&every=-1",
    "%%%&&&==",
)


@dataclass
class Tally:
    """What every viewer saw, added up (one event loop: no lock needed)."""

    times: list[float] = field(default_factory=list)
    by_page: dict[str, list[float]] = field(default_factory=dict)
    errors: Counter = field(default_factory=Counter)
    samples: dict[str, str] = field(default_factory=dict)
    unruly: Counter = field(default_factory=Counter)
    first: list[float] = field(default_factory=list)  # with --burst: opening the link to drawn

    def page(self, page: str, seconds: float) -> None:
        self.times.append(seconds)
        self.by_page.setdefault(page or PAGES[0].slug, []).append(seconds)

    def error(self, kind: str, detail: str) -> None:
        self.errors[kind] += 1
        self.samples.setdefault(kind, detail[:300])


async def viewer(
    number: int,
    url: str,
    stop_at: float,
    tally: Tally,
    pages: Sequence[str],
    *,
    unruly: bool,
    timeout: float,
    think: float = 0.0,
    burst: bool = False,
) -> None:
    """One viewer's walk: every page in turn, with and without filters, until `stop_at`;
    reading each page for about `think` seconds; with `burst`, starting on the same link as
    every other viewer (the first page, no filter) and timing it from the moment it opens it."""
    rng = random.Random(number)
    step = 0 if burst else number  # else viewers start at different pages
    opened: float | None = time.monotonic()
    cookies = ""
    while time.monotonic() < stop_at:
        try:
            if not cookies:  # as a browser: the page first, then its WebSocket with the cookies
                cookies = await asyncio.to_thread(page_cookies, url, timeout)
            async with connect(
                stream_url(url),
                subprotocols=["streamlit"],
                max_size=None,
                open_timeout=timeout,
                additional_headers={"Cookie": cookies} if cookies else None,
            ) as ws:
                while time.monotonic() < stop_at:
                    page = pages[step % len(pages)]
                    query = "" if (step // len(pages)) % 2 == 0 else FILTERED[step % len(FILTERED)]
                    step += 1
                    if unruly and rng.random() < 0.35:
                        if await misbehave(ws, rng, page, tally, timeout):
                            break  # the socket was dropped on purpose: connect again
                        continue
                    tally.page(page, await run_page(ws, page, query, timeout))
                    if burst and opened is not None:
                        tally.first.append(time.monotonic() - opened)
                        opened = None
                    if think:
                        pause = min(rng.uniform(0.5, 1.5) * think, stop_at - time.monotonic())
                        await asyncio.sleep(max(pause, 0))
        except PageError as exc:
            tally.error(exc.kind, exc.detail)
        except (ConnectionClosed, OSError, TimeoutError) as exc:
            if time.monotonic() < stop_at:
                tally.error("connection", f"{type(exc).__name__}: {exc}")
                await asyncio.sleep(0.5)


async def misbehave(ws, rng: random.Random, page: str, tally: Tally, timeout: float) -> bool:
    """One unruly act; True when it closed the socket."""
    act = rng.choice(("leave", "missing", "hostile"))
    tally.unruly[act] += 1
    if act == "leave":  # gone in the middle of a page, as a closed tab or a lost network
        await ws.send(rerun_message(page, FILTERED[0]))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(ws.recv(), timeout)
        await ws.close()
        return True
    if act == "missing":
        await run_page(ws, MISSING_PAGE, "", timeout, missing=True)
        return False
    query = rng.choice(HOSTILE)
    if "present=1" in query and page not in PRESENTED:
        page = ""  # presentation mode has no such page: the server rightly says page_not_found
    tally.page(page, await run_page(ws, page, query, timeout))
    return False


def memory_mb(pid: int | None) -> dict[str, float]:
    """The process's resident memory now and at its peak, in MB."""
    if pid is None:
        return {}
    out = {}
    with contextlib.suppress(OSError), open(f"/proc/{pid}/status", encoding="ascii") as fh:
        for line in fh:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                out["rss_mb" if key == "VmRSS" else "peak_rss_mb"] = int(value.split()[0]) / 1024
    return out


def percentile(values: Sequence[float], share: float) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1]


async def measure(
    url: str,
    sessions: int,
    seconds: float,
    *,
    unruly: int = 0,
    pages: Sequence[str] = tuple(p.url_path for p in PAGES),
    timeout: float = 60.0,
    think: float = 0.0,
    burst: bool = False,
) -> dict:
    """Run `sessions` viewers (the last `unruly` of them misbehaving) for `seconds`, each
    reading a page for about `think` seconds, all opening the same link at once with `burst`."""
    tally = Tally()
    started = time.monotonic()
    stop_at = started + seconds
    await asyncio.gather(
        *(
            viewer(
                n,
                url,
                stop_at,
                tally,
                pages,
                unruly=n >= sessions - unruly,
                timeout=timeout,
                think=think,
                burst=burst,
            )
            for n in range(sessions)
        )
    )
    times = sorted(tally.times)
    first = sorted(tally.first)
    return {
        "sessions": sessions,
        "unruly": unruly,
        "think_s": think,
        "burst": burst,
        "first_p50_s": percentile(first, 0.50),
        "first_p95_s": percentile(first, 0.95),
        "first_max_s": first[-1] if first else None,
        "first_pages": len(first),
        "seconds": round(time.monotonic() - started, 1),
        "pages": len(times),
        "p50_s": percentile(times, 0.50),
        "p95_s": percentile(times, 0.95),
        "max_s": times[-1] if times else None,
        "load_average": os.getloadavg()[0],
        "errors": sum(tally.errors.values()),
        "errors_by_kind": dict(tally.errors),
        "error_samples": tally.samples,
        "unruly_acts": dict(tally.unruly),
        "p50_s_by_page": {p: percentile(sorted(t), 0.5) for p, t in sorted(tally.by_page.items())},
    }


def describe(result: dict) -> str:
    def s(value: float | None) -> str:
        return "–" if value is None else f"{value:.2f} s"

    lines = [
        f"{result['sessions']} viewers ({result['unruly']} unruly, {mode(result)}) for "
        f"{result['seconds']} s: "
        f"{result['pages']} pages, p50 {s(result['p50_s'])}, p95 {s(result['p95_s'])}, "
        f"max {s(result['max_s'])}, errors {result['errors']}"
    ]
    if result.get("burst"):
        lines.append(
            f"first page, from opening the link: p50 {s(result['first_p50_s'])}, "
            f"p95 {s(result['first_p95_s'])}, max {s(result['first_max_s'])} "
            f"({result['first_pages']} of {result['sessions']} drawn)"
        )
    if "rss_mb" in result:
        lines.append(
            f"server RSS {result['rss_mb']:.0f} MB now, {result['peak_rss_mb']:.0f} MB at peak"
        )
    lines.append(
        "p50 by page: " + ", ".join(f"{page} {s(t)}" for page, t in result["p50_s_by_page"].items())
    )
    for kind, n in result["errors_by_kind"].items():
        lines.append(f"  {kind}: {n} (e.g. {result['error_samples'][kind]})")
    return "\n".join(lines)


def mode(result: dict) -> str:
    """How the viewers behaved, as the outputs label it."""
    think = result.get("think_s") or 0
    paced = f"audience: reads each page ~{think:g} s" if think else "no pause between pages"
    return f"{paced}, all open one link at once" if result.get("burst") else paced


def markdown(results: Sequence[dict]) -> str:
    """The table BENCHMARKS.md holds: one row per number of viewers."""

    def s(value: float | None) -> str:
        return "–" if value is None else f"{value:.2f}"

    rows = [
        "| processes | viewers at once | viewers | pages | pages/s | p50 s | p95 s | max s "
        "| errors | first page p95 s | server RSS MB | load average |",
        "|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        rows.append(
            f"| {r.get('processes', 1)} | {r['sessions']} | {mode(r)} | {r['pages']} "
            f"| {r['pages'] / r['seconds']:.1f} | {s(r['p50_s'])} | {s(r['p95_s'])} "
            f"| {s(r['max_s'])} | {r['errors']} | {s(r.get('first_p95_s'))} "
            f"| {r.get('rss_mb', 0):.0f} "
            f"| {r.get('load_average', 0):.1f} |"
        )
    return "\n".join(rows)


async def warm_up(url: str, timeout: float) -> None:
    """Every page once, not counted: the first run of a fresh server imports the app's modules
    and opens the database, which a viewer meets once per server, not once per page."""
    async with connect(stream_url(url), subprotocols=["streamlit"], max_size=None) as ws:
        for page in PAGES:
            await run_page(ws, page.url_path, "", timeout)


def _run_steps(
    url: str,
    steps: Sequence[int],
    args: argparse.Namespace,
    pids: Sequence[int] = (),
    warm: Sequence[str] = (),
) -> list[dict]:
    """Each number of viewers in turn against `url`; memory is the sum of `pids` (by default the
    process listening on the URL's port); `warm` are the addresses warmed up first (the URL)."""
    results = []
    for address in warm or [url]:
        run_sync(warm_up(address, args.timeout))
    port = urlsplit(url).port or (443 if url.startswith("https") else 80)
    pids = list(pids) or [args.pid or listening_pid(port)]
    for sessions in steps:
        unruly = min(args.unruly, sessions)
        result = run_sync(
            measure(
                url,
                sessions,
                args.seconds,
                unruly=unruly,
                timeout=args.timeout,
                think=args.think,
                burst=args.burst,
            )
        )
        memory = [memory_mb(pid) for pid in pids]
        result["processes"] = len(pids)
        for key in ("rss_mb", "peak_rss_mb"):
            result[key] = sum(m.get(key, 0.0) for m in memory)
        results.append(result)
        if not args.json and not args.markdown:
            print(describe(result), flush=True)
    return results


def _hosted(processes: int, steps: Sequence[int], args: argparse.Namespace) -> list[dict]:
    """Start deploy/supervisord.conf with `processes` app processes on free ports, measure
    through nginx, and shut it all down."""
    import subprocess

    from deploy.settings import ROOT, RUN_DIR
    from tools import browser
    from tools.liveness import health

    port, first = browser.free_port(), browser.free_port()
    env = {
        **os.environ,
        "DASHBOARD_PROCESSES": str(processes),
        "DASHBOARD_PORT": str(port),
        "DASHBOARD_APP_PORT": str(first),
    }
    conf = ["-c", "deploy/supervisord.conf"]
    subprocess.run(["supervisord", *conf], cwd=ROOT, env=env, check=True)
    try:
        apps = [f"http://127.0.0.1:{first + n}" for n in range(processes)]
        started = time.monotonic()
        # the processes first, each on its own port: a health check through nginx that finds one
        # still starting has nginx leave it aside for 10 s, and every viewer opening in those
        # 10 s is served by the other one, whose route cookie it keeps (a run of "two"
        # processes measured one)
        for url in [*apps, f"http://localhost:{port}"]:
            while not health(url, 2)[0]:
                if time.monotonic() - started > 180:
                    raise SystemExit(f"{url} did not answer within 180 s (see run/)")
                time.sleep(1)
        pids = [
            int(
                subprocess.run(
                    ["supervisorctl", *conf, "pid", f"app:app-{n}"],
                    cwd=ROOT,
                    capture_output=True,
                    text=True,
                ).stdout
            )
            for n in range(processes)
        ]
        return _run_steps(f"http://localhost:{port}", steps, args, pids, warm=apps)
    finally:
        subprocess.run(["supervisorctl", *conf, "shutdown"], cwd=ROOT, capture_output=True)
        # shutdown answers before supervisord has let go of its socket: a next step started at
        # once found "another program is already listening"; it is gone with its pid file
        pid_file = RUN_DIR / "supervisord.pid"
        gone = time.monotonic() + 60
        while pid_file.exists() and time.monotonic() < gone:
            time.sleep(0.2)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench viewers", description=__doc__)
    parser.add_argument("--url", default="http://localhost:8501", help="the app's address")
    parser.add_argument(
        "--sessions", default="10", help="viewers at once; several, one run each: 1,2,5,10,25"
    )
    parser.add_argument("--seconds", type=float, default=60, help="how long they keep viewing")
    parser.add_argument("--unruly", type=int, default=0, help="how many of them misbehave")
    parser.add_argument(
        "--think",
        type=float,
        default=0.0,
        metavar="S",
        help="audience mode: each viewer reads a page for about S seconds (default 0: no pause)",
    )
    parser.add_argument(
        "--burst",
        action="store_true",
        help="audience mode: all viewers open the same link at the same instant (a QR code)",
    )
    parser.add_argument("--timeout", type=float, default=60, help="longest wait for one page")
    parser.add_argument("--pid", type=int, help="the server's process (default: by the port)")
    parser.add_argument(
        "--serve", action="store_true", help="start the app on the demo data for the run"
    )
    parser.add_argument(
        "--hosted",
        type=int,
        metavar="N",
        help="start deploy/'s hosting with N app processes behind nginx for the run",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON line per run")
    parser.add_argument("--markdown", action="store_true", help="print the runs as a table")
    args = parser.parse_args(argv)
    try:
        steps = [int(n) for n in args.sessions.split(",")]
    except ValueError:
        parser.error(f"--sessions takes whole numbers separated by commas, not {args.sessions!r}")
    if min(steps) < 1 or args.unruly < 0 or args.seconds <= 0 or args.think < 0:
        parser.error("need --sessions >= 1, --unruly >= 0, --seconds > 0 and --think >= 0")
    if args.hosted:
        results = _hosted(args.hosted, steps, args)
    elif args.serve:
        import tempfile

        from tools import browser

        with tempfile.TemporaryDirectory() as work, browser.serve(workdir=Path(work)) as server:
            args.pid = server.process.pid
            results = _run_steps(server.url, steps, args)
    else:
        results = _run_steps(args.url, steps, args)
    if args.json:
        print("\n".join(json.dumps(r) for r in results))
    elif args.markdown:
        print(markdown(results))
    return 1 if any(r["errors"] or not r["pages"] for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
