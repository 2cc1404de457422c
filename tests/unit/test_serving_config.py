"""The configuration a host runs is one for serving: nothing watches the source or reruns every
session on a save. tools/browser.serve passes no flag of its own for these, so the browser and load
tests (tests/e2e/, tests/load/) run the server as a host does."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from shell import serving

ROOT = Path(__file__).resolve().parents[2]


def test_the_shipped_config_serves() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    server = config["server"]
    assert server["fileWatcherType"] == "none"
    assert server["runOnSave"] is False
    assert server["headless"] is True
    assert config["runner"]["postScriptGC"] is False
    assert config["browser"]["gatherUsageStats"] is False


def test_the_app_sets_the_switch_interval_for_many_sessions(
    demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The GIL changes hands every 1 ms once the app has run (shell/serving.py says why)."""
    monkeypatch.setenv("PROGRAMME_DB", str(demo_db))
    before = sys.getswitchinterval()
    sys.setswitchinterval(0.005)
    try:
        AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
        assert sys.getswitchinterval() == serving.SWITCH_INTERVAL_S == 0.001
    finally:
        sys.setswitchinterval(before)
