"""`python -m deploy.launch app N | nginx | watchdog`: what supervisord.conf's programs run.

Each reads the settings (deploy/settings.py, environment variables with defaults) and then
becomes the program itself (exec), so that supervisor signals the real process.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from deploy import settings
from deploy.settings import ROOT, RUN_DIR


def app(number: int) -> None:
    if number >= settings.processes():
        print(f"app-{number}: not used (DASHBOARD_PROCESSES={settings.processes()})", flush=True)
        sys.exit(0)
    port = settings.app_ports()[number]
    env = {
        **os.environ,
        "PROGRAMME_DB": str(settings.path("DASHBOARD_DB")),
        # One secret for every process: the XSRF token a page got from one process is checked
        # by another after a fail-over (uploads), and so are login cookies.
        "STREAMLIT_SERVER_COOKIE_SECRET": cookie_secret(),
    }
    command = [
        *(sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py")),
        *("--server.address", "127.0.0.1", "--server.port", str(port)),
        *("--server.baseUrlPath", settings.base_path().strip("/")),
        *("--server.maxUploadSize", settings.value("DASHBOARD_MAX_UPLOAD_MB")),
    ]
    if secrets_file := os.environ.get("DASHBOARD_SECRETS"):
        command += ["--secrets.files", secrets_file]
    os.chdir(ROOT)
    os.execve(sys.executable, command, env)


def cookie_secret() -> str:
    """DASHBOARD_COOKIE_SECRET, else one made at the first start and kept in run/ (readable by
    the owner only), so that every process, restarted or not, signs cookies alike."""
    given = os.environ.get("DASHBOARD_COOKIE_SECRET")
    if given:
        return given
    path = RUN_DIR / "cookie-secret"
    RUN_DIR.mkdir(exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # made by another process (or an earlier start)
        for _ in range(50):
            if text := path.read_text(encoding="ascii").strip():
                return text
            time.sleep(0.1)
        raise SystemExit(f"{path} is empty: remove it and start again") from None
    secret = secrets.token_hex(32)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(secret)
    return secret


def nginx_conf() -> str:
    """deploy/nginx.conf with its @NAME@ fields filled in."""
    ports = settings.app_ports()
    base = settings.base_path()

    def server(port: int) -> str:
        return f"        server 127.0.0.1:{port} max_fails=1 fail_timeout=10s;"

    def own(number: int, port: int) -> str:  # a process first, the others as its backups
        backups = [f"{server(other)[:-1]} backup;" for other in ports if other != port]
        lines = [f"    upstream app_{number} {{", server(port), *backups, "        keepalive 16;"]
        return "\n".join([*lines, "    }"])

    cookie = "dashboard_route=app-{n}; Path=" + base + "; HttpOnly; SameSite=Lax"
    fields = {
        "RUN_DIR": str(RUN_DIR),
        "BASE_PATH": base,
        "PORT": settings.value("DASHBOARD_PORT"),
        "MAX_UPLOAD_MB": settings.value("DASHBOARD_MAX_UPLOAD_MB"),
        "UPSTREAM_SERVERS": "\n".join(server(port) for port in ports),
        "PROCESS_UPSTREAMS": "\n".join(own(n, port) for n, port in enumerate(ports)),
        "ROUTE_UPSTREAMS": "\n".join(f"        app-{n} app_{n};" for n in range(len(ports))),
        "ROUTE_COOKIES": "\n".join(
            f'        "~(^|\\s)127\\.0\\.0\\.1:{port}$" "{cookie.format(n=n)}";'
            for n, port in enumerate(ports)
        ),
    }
    text = (Path(__file__).with_name("nginx.conf")).read_text(encoding="utf-8")
    for name, value in fields.items():
        text = text.replace(f"@{name}@", value)
    return text


def nginx() -> None:
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    RUN_DIR.mkdir(exist_ok=True)
    conf = RUN_DIR / "nginx.conf"
    conf.write_text(nginx_conf(), encoding="utf-8")
    checked = subprocess.run([binary, "-t", "-q", "-c", str(conf), "-p", str(RUN_DIR)])
    if checked.returncode:
        sys.exit(f"nginx refused {conf} (above); nothing started")
    os.execv(binary, [binary, "-c", str(conf), "-p", str(RUN_DIR)])


def watchdog(every: float = 10.0, failures: int = 3, timeout: float = 5.0) -> None:
    """Ask every app process; kill one that failed `failures` checks in a row (supervisor then
    starts it again). A process that is starting does not answer yet: it is given a minute."""
    from tools.liveness import listening_pid, probe

    base = settings.base_path()
    failed = dict.fromkeys(settings.app_ports(), 0)
    started = time.monotonic()
    while True:
        for port in failed:
            alive, said = probe(f"http://127.0.0.1:{port}{base.rstrip('/')}", timeout)
            failed[port] = 0 if alive else failed[port] + 1
            pid = listening_pid(port)
            if failed[port] >= failures and pid and time.monotonic() - started > 60:
                print(f"port {port}: {said}; killing {pid}", flush=True)
                os.kill(pid, signal.SIGKILL)
                failed[port] = 0
        time.sleep(every)


def main(argv: list[str]) -> None:
    match argv:
        case ["app", number]:
            app(int(number))
        case ["nginx"]:
            nginx()
        case ["watchdog"]:
            watchdog()
        case _:
            sys.exit("usage: python -m deploy.launch app N | nginx | watchdog")


if __name__ == "__main__":
    main(sys.argv[1:])
