"""Where things are: the demo's files, and the database every part of the dashboard opens.

The database is found one way everywhere (the app, python -m etl, the report and screenshot
commands): `[database] path` in the secrets, else the PROGRAMME_DB variable, else
data/programme.duckdb; a command's --db overrides all three. A host with no database of its own
builds it from `[database] source` (or PROGRAMME_SOURCE), a workbook or CSV folder in the
repository.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEMO_DIR = ROOT / "data" / "demo"
DEFAULT_DB = ROOT / "data" / "programme.duckdb"


def secrets_files() -> list[Path]:
    """The files Streamlit reads st.secrets from, in its order (the project's file wins)."""
    return [Path.home() / ".streamlit" / "secrets.toml", Path.cwd() / ".streamlit" / "secrets.toml"]


def read_secrets() -> dict[str, Any]:
    """The secrets as st.secrets holds them, read without Streamlit, for the commands."""
    secrets: dict[str, Any] = {}
    for path in secrets_files():
        if path.is_file():
            try:
                secrets |= tomllib.loads(path.read_text(encoding="utf-8"))
            except tomllib.TOMLDecodeError as exc:
                raise ValueError(f"{path} is not valid TOML: {exc}") from None
    return secrets


def database_path(secrets: Mapping[str, Any] | None = None) -> Path:
    """`[database] path` in `secrets` (the app passes st.secrets; by default the secrets files are
    read), else PROGRAMME_DB, else data/programme.duckdb."""
    if secrets is None:
        secrets = read_secrets()
    section = secrets.get("database")
    configured = section.get("path") if isinstance(section, Mapping) else None
    return Path(configured or os.environ.get("PROGRAMME_DB") or DEFAULT_DB)


def database_source(secrets: Mapping[str, Any] | None = None) -> Path | None:
    """`[database] source` in `secrets`, else PROGRAMME_SOURCE, else None: the workbook or CSV
    folder that an ephemeral host (Streamlit Community Cloud, a container) builds its database
    from on first start, and again whenever it changes. Relative to the repository."""
    if secrets is None:
        secrets = read_secrets()
    section = secrets.get("database")
    configured = section.get("source") if isinstance(section, Mapping) else None
    given = configured or os.environ.get("PROGRAMME_SOURCE")
    if not given:
        return None
    path = Path(given)
    return path if path.is_absolute() else ROOT / path
