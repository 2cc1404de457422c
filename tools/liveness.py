"""Is the dashboard's process still answering? `python -m tools.liveness --url URL`.

For whoever keeps the app running (a process manager, a container's health check, a cron line):
a server that froze keeps its port open and its process alive, so only asking it shows it is
gone. Two checks, each within `--timeout` seconds:

- `/_stcore/health` answers "ok": the server's event loop runs;
- with `--page PATH` (e.g. `--page ""` for the Overview), a session also gets that page drawn to
  the end over Streamlit's own protocol: a script thread can run and reach the database.

Exit 0 when it answers, 1 when it does not (one line on stdout says which), 2 on wrong usage.

`--watch --pid PID` keeps asking every `--every` seconds and, after `--failures` failed checks
in a row, kills PID with SIGKILL (a frozen server ignores SIGTERM) and exits 1, so that the
process manager, which restarts a process that died, starts a fresh one.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path

from websockets.asyncio.client import connect

from tools.streamlit_client import PageError, run_page, run_sync, stream_url


def health(url: str, timeout: float) -> tuple[bool, str]:
    try:
        with urllib.request.urlopen(f"{url.rstrip('/')}/_stcore/health", timeout=timeout) as r:
            body = r.read().strip()
    except (urllib.error.URLError, OSError) as exc:  # a time-out is an OSError too
        return False, f"/_stcore/health: no answer in {timeout:g} s ({exc})"
    if body != b"ok":
        return False, f"/_stcore/health answered {body[:80]!r}, not ok"
    return True, "/_stcore/health ok"


async def _page(url: str, page: str, timeout: float) -> float:
    async with connect(stream_url(url), subprotocols=["streamlit"], open_timeout=timeout) as ws:
        return await run_page(ws, page, "", timeout)


def page_drawn(url: str, page: str, timeout: float) -> tuple[bool, str]:
    try:
        seconds = run_sync(asyncio.wait_for(_page(url, page, timeout), timeout))
    except PageError as exc:
        return False, f"page /{page}: {exc}"
    except Exception as exc:  # no answer, a time-out or a broken connection
        return False, f"page /{page}: no page in {timeout:g} s ({type(exc).__name__}: {exc})"
    return True, f"page /{page} drawn in {seconds:.2f} s"


def probe(url: str, timeout: float = 5.0, page: str | None = None) -> tuple[bool, str]:
    """(alive, what was seen): health first, then the page when one is asked for."""
    alive, said = health(url, timeout)
    if alive and page is not None:
        alive, drawn = page_drawn(url, page, timeout)
        said = f"{said}; {drawn}"
    return alive, said


def listening_pid(port: int) -> int | None:
    """The process listening on `port` on this machine (Linux /proc), for its memory."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError), open(table, encoding="ascii") as fh:
            for line in fh.readlines()[1:]:
                cols = line.split()
                if cols[3] == "0A" and int(cols[1].rsplit(":", 1)[1], 16) == port:
                    inodes.add(f"socket:[{cols[9]}]")
    if not inodes:
        return None
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            for fd in (proc / "fd").iterdir():
                with contextlib.suppress(OSError):
                    if os.readlink(fd) in inodes:
                        return int(proc.name)
    return None


def watch(
    url: str, pid: int, *, every: float, failures: int, timeout: float, page: str | None
) -> int:
    """Ask until `failures` checks in a row fail, then kill `pid`; returns the exit status."""
    failed = 0
    while True:
        alive, said = probe(url, timeout, page)
        failed = 0 if alive else failed + 1
        if failed >= failures:
            print(f"not answering ({failed} checks in a row): {said}; killing {pid}", flush=True)
            with contextlib.suppress(ProcessLookupError):  # gone already: nothing to kill
                os.kill(pid, signal.SIGKILL)
            return 1
        if not alive:
            print(f"check failed ({failed}/{failures}): {said}", flush=True)
        time.sleep(every)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.liveness", description=__doc__)
    parser.add_argument("--url", default="http://localhost:8501", help="the app's address")
    parser.add_argument("--timeout", type=float, default=5.0, help="seconds for each check")
    parser.add_argument("--page", help='also draw this page ("" is the Overview)')
    parser.add_argument("--watch", action="store_true", help="keep checking; kill --pid if dead")
    parser.add_argument("--pid", type=int, help="the server's process, killed by --watch")
    parser.add_argument("--every", type=float, default=10.0, help="seconds between checks")
    parser.add_argument("--failures", type=int, default=3, help="failed checks before a kill")
    args = parser.parse_args(argv)
    if args.timeout <= 0 or args.every <= 0 or args.failures < 1:
        parser.error("--timeout and --every must be positive, --failures at least 1")
    if args.watch:
        if args.pid is None:
            parser.error("--watch needs --pid, the process to kill when it stops answering")
        return watch(
            args.url,
            args.pid,
            every=args.every,
            failures=args.failures,
            timeout=args.timeout,
            page=args.page,
        )
    alive, said = probe(args.url, args.timeout, args.page)
    print(("alive: " if alive else "not answering: ") + said)
    return 0 if alive else 1


if __name__ == "__main__":
    sys.exit(main())
