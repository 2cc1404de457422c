"""Streamlit's own protocol, spoken as the browser speaks it, for tools that need no browser.

A session is a WebSocket at `/_stcore/stream`; asking for a page is a BackMsg rerun with its URL
path and query string, and the run is over at the ForwardMsg script_finished. Used by the load
client (`python -m bench viewers`) and the liveness probe (`python -m tools.liveness`).
"""

from __future__ import annotations

import asyncio
import http.cookiejar
import time
import urllib.request
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar
from urllib.parse import urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

T = TypeVar("T")

FINISHED = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_SUCCESSFULLY")
COMPILE_ERROR = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_WITH_COMPILE_ERROR")
ERROR_ALERT = 1  # Alert.Format.ERROR: the guard's sentence, or any st.error


class PageError(Exception):
    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind, self.detail = kind, detail


def rerun_message(page: str, query: str) -> bytes:
    back = BackMsg()
    back.rerun_script.page_name = page
    back.rerun_script.query_string = query
    back.rerun_script.widget_states.SetInParent()
    return back.SerializeToString()


async def run_page(ws, page: str, query: str, timeout: float, *, missing: bool = False) -> float:
    """Ask for one page and read until its run has finished; the seconds it took.

    Raises PageError on an exception element, an error alert, a page the server does not know
    (with `missing`, the reverse: a page it does know), a compile error or a time-out. The run
    is always read to its end, also after page_not_found (the server then draws the default
    page): what is left unread would be taken for the next page's messages."""
    started = time.perf_counter()
    not_found = False
    await ws.send(rerun_message(page, query))
    deadline = started + timeout
    while True:
        left = deadline - time.perf_counter()
        if left <= 0:
            raise PageError("timeout", f"/{page}?{query}: no end in {timeout:.0f} s")
        try:
            raw = await asyncio.wait_for(ws.recv(), left)
        except TimeoutError:
            continue
        msg = ForwardMsg()
        msg.ParseFromString(raw)
        kind = msg.WhichOneof("type")
        if kind == "page_not_found":
            if not missing:
                raise PageError("page not found", f"{page}?{query}")
            not_found = True
        if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            element = msg.delta.new_element
            what = element.WhichOneof("type")
            if what == "exception":
                raise PageError("exception", f"{page}?{query}: {element.exception.message}")
            if what == "alert" and element.alert.format == ERROR_ALERT:
                raise PageError("error shown", f"{page}?{query}: {element.alert.body}")
        if kind == "script_finished":
            if msg.script_finished == COMPILE_ERROR:
                raise PageError("compile error", f"{page}?{query}")
            if msg.script_finished == FINISHED:
                if missing and not not_found:
                    raise PageError("missing page found", f"{page}: no page_not_found")
                return time.perf_counter() - started


def stream_url(url: str) -> str:
    parts = urlsplit(url)
    scheme = "wss" if parts.scheme == "https" else "ws"
    return f"{scheme}://{parts.netloc}{parts.path.rstrip('/')}/_stcore/stream"


def page_cookies(url: str, timeout: float = 30) -> str:
    """The Cookie header a browser would send on the WebSocket after opening `url`: whatever
    the page's answer set (behind deploy/'s nginx, the route cookie that keeps a session on one
    process; without it the WebSocket could go to another process than the page)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(url, timeout=timeout) as response:
        response.read()
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def run_sync(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run `coroutine` to its end from synchronous code, on a thread of its own: the calling
    thread may already run an event loop (Playwright's sync API keeps one in the tests' main
    thread), where asyncio.run refuses to start another."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="streamlit-client") as pool:
        return pool.submit(asyncio.run, coroutine).result()
