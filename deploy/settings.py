"""The hosting's settings, declared once: each an environment variable with its default.

supervisord.conf cannot give an environment variable a default, so its programs start through
`python -m deploy.launch`, which reads them here; deploy/README.md lists them from this table
(tests/deploy/ checks that it does).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAX_PROCESSES = 8  # supervisord.conf's numprocs: the processes beyond DASHBOARD_PROCESSES exit
RUN_DIR = ROOT / "run"  # logs, sockets, nginx's generated configuration (supervisord.conf too)


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    meaning: str


SETTINGS = (
    Setting("DASHBOARD_PROCESSES", "2", f"app processes behind nginx (1 to {MAX_PROCESSES})"),
    Setting("DASHBOARD_PORT", "8080", "the port nginx listens on: the dashboard's address"),
    Setting("DASHBOARD_APP_PORT", "8501", "the first app process's port on 127.0.0.1; the next +1"),
    Setting("DASHBOARD_DB", "data/programme.duckdb", "the database every process reads"),
    Setting("DASHBOARD_BASE_PATH", "/", "the path the dashboard is served under, e.g. /dashboard/"),
    Setting("DASHBOARD_MAX_UPLOAD_MB", "50", "the largest upload nginx and the app accept"),
    Setting(
        "DASHBOARD_SECRETS",
        "(.streamlit/secrets.toml)",
        "the secrets file every process reads: [database], editors, [auth] for sign-in",
    ),
    Setting(
        "DASHBOARD_COOKIE_SECRET",
        "(made once, kept in run/cookie-secret)",
        "the secret every process signs cookies with; the same on every host",
    ),
)


def value(name: str) -> str:
    default = next(s.default for s in SETTINGS if s.name == name)
    return os.environ.get(name) or default


def processes() -> int:
    n = int(value("DASHBOARD_PROCESSES"))
    if not 1 <= n <= MAX_PROCESSES:
        raise SystemExit(f"DASHBOARD_PROCESSES is {n}: it must be 1 to {MAX_PROCESSES}")
    return n


def app_ports() -> list[int]:
    first = int(value("DASHBOARD_APP_PORT"))
    return [first + n for n in range(processes())]


def base_path() -> str:
    """'/' or '/dashboard/': always with a slash at each end."""
    path = "/" + value("DASHBOARD_BASE_PATH").strip("/")
    return path if path == "/" else path + "/"


def path(name: str) -> Path:
    """A setting that names a file or folder, relative to the repository root."""
    given = Path(value(name))
    return given if given.is_absolute() else ROOT / given
