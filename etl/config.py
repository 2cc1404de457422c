"""Where things are by default; --db or the PROGRAMME_DB variable override the database."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEMO_DIR = ROOT / "data" / "demo"
DEFAULT_DB = ROOT / "data" / "programme.duckdb"


def database_path() -> Path:
    return Path(os.environ.get("PROGRAMME_DB") or DEFAULT_DB)
