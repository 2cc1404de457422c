"""A viewer never sees a traceback: one plain sentence and a reference, the detail in the log."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]


def _failing_page() -> None:
    from shell import guard

    def draw() -> None:
        raise RuntimeError("secret detail /srv/data/programme.duckdb")

    guard.run_guarded(draw)


def test_an_error_is_one_sentence_with_a_reference_and_no_detail(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.delenv("PROGRAMME_RAISE_ERRORS", raising=False)
    at = AppTest.from_function(_failing_page).run()
    assert not at.exception
    (box,) = at.error
    reference = re.search(r"reference ([0-9a-f]{8})", box.value)
    assert reference, box.value
    assert "secret" not in box.value and "http" not in box.value
    logged = caplog.text
    assert reference.group(1) in logged and "secret detail" in logged


def test_streamlit_shows_no_error_details_either() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"


def test_tests_see_errors_raised() -> None:
    import os

    assert os.environ.get("PROGRAMME_RAISE_ERRORS") == "1"
    at = AppTest.from_function(_failing_page).run()
    assert at.exception and "secret detail" in at.exception[0].value  # conftest: full details
