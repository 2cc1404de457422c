"""The screenshot command of README.md, run as a user runs it: its own server, its own browser."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from tests.e2e.conftest import ARTIFACTS, AS_OF, ROOT
from tools import browser

pytestmark = pytest.mark.browser


def test_the_command_writes_a_readable_png_per_page_at_the_asked_size(
    chromium: Path, demo_db: Path
) -> None:
    out = ARTIFACTS / "screenshots" / "command"
    for old in out.glob("*.png"):
        old.unlink()
    command = [
        *(sys.executable, "-m", "tools.screenshots", "--out", str(out)),
        *("--size", "1280x800", "--scale", "2", "--pages", "overview,budget"),
        *("--programme", "GSSC", "--from", "2021-01-01", "--db", str(demo_db), "--as-of", AS_OF),
    ]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert sorted(p.name for p in out.glob("*.png")) == ["budget.png", "overview.png"]
    for png in out.glob("*.png"):
        with Image.open(png) as image:
            assert image.size == (2560, 1600)  # the window's CSS pixels, twice: print quality
            assert len(image.convert("RGB").getcolors(1 << 24) or []) > 50
    assert "overview.png  2560x1600  ok" in done.stdout


def test_the_asked_database_is_served_whatever_the_secrets_name(
    chromium: Path, demo_db: Path, empty_db: Path, tmp_path: Path
) -> None:
    """--db wins over `[database] path` in secrets.toml (here the user's, naming an empty
    database): the page shows the demo's GSSC, or the command reports the filter as not applied."""
    home = tmp_path / "home"
    (home / ".streamlit").mkdir(parents=True)
    secrets = f'[database]\npath = "{empty_db.as_posix()}"\n'
    (home / ".streamlit" / "secrets.toml").write_text(secrets, encoding="utf-8")
    command = [
        *(sys.executable, "-m", "tools.screenshots", "--out", str(tmp_path / "out")),
        *("--size", "1280x800", "--pages", "budget", "--programme", "GSSC"),
        *("--db", str(demo_db), "--as-of", AS_OF, "--port", str(browser.free_port())),
    ]
    env = {**os.environ, "HOME": str(home)}
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "budget.png  1280x800  ok" in done.stdout
