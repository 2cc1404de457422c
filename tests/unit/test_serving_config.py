"""The configuration a host runs is one for serving: nothing watches the source or reruns every
session on a save. tools/browser.serve passes no flag of its own for these, so the browser and load
tests (tests/e2e/, tests/load/) run the server as a host does."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_shipped_config_serves() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    server = config["server"]
    assert server["fileWatcherType"] == "none"
    assert server["runOnSave"] is False
    assert server["headless"] is True
    assert config["runner"]["postScriptGC"] is False
    assert config["browser"]["gatherUsageStats"] is False
