"""Run a Python module with every connection to another machine refused and written down.

    python -m tools.offline_guard LOG -m streamlit run app.py --server.port 8501

A process-wide audit hook (PEP 578) sees every ``socket.connect``, ``sendto`` and name lookup of the
process and its threads; one aimed at a host that is not this machine raises ``OSError`` (as with
no network at all) and appends ``event host port`` to LOG. The browser tests run the dashboard's
server this way, so "runs offline" covers the server's side as well as the browser's.
"""

from __future__ import annotations

import ipaddress
import runpy
import socket
import sys
from pathlib import Path
from typing import Any

LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback", ""}
_HOSTNAME = socket.gethostname().lower()


def is_local(host: object) -> bool:
    """Loopback, the wildcard addresses and this machine's own name count as local."""
    if host is None:
        return True
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    name = str(host).strip("[]").lower()
    if name in LOCAL_NAMES or name == _HOSTNAME:
        return True
    try:
        address = ipaddress.ip_address(name.split("%")[0])
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def _host_port(address: Any) -> tuple[object, object] | None:
    """(host, port) of an inet address tuple; None for Unix sockets and the like."""
    if isinstance(address, tuple) and len(address) >= 2:
        return address[0], address[1]
    return None


def install(log: Path) -> None:
    def hook(event: str, args: tuple[Any, ...]) -> None:
        if event in ("socket.connect", "socket.sendto"):
            target = _host_port(args[1])
        elif event == "socket.getaddrinfo":
            target = (args[0], args[1])
        elif event in ("socket.gethostbyname", "socket.gethostbyname_ex"):
            target = (args[0], None)
        else:
            return
        if target is None or is_local(target[0]):
            return
        with log.open("a", encoding="utf-8") as fh:
            fh.write(f"{event} {target[0]} {target[1]}\n")
        raise OSError(f"offline guard: no connection to {target[0]} (see {log})")

    sys.addaudithook(hook)


def main(argv: list[str]) -> None:
    if len(argv) < 3 or argv[1] != "-m":
        raise SystemExit("usage: python -m tools.offline_guard LOG -m MODULE [ARGS...]")
    log = Path(argv[0])
    log.touch()
    install(log)
    module = argv[2]
    sys.argv = [module, *argv[3:]]
    runpy.run_module(module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main(sys.argv[1:])
