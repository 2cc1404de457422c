"""The screenshot command's arguments (tools/screenshots.py); the browser run is in tests/e2e."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from tools import browser, screenshots


def test_the_default_is_every_page_at_1920x1080() -> None:
    args = screenshots.build_parser().parse_args([])
    assert args.size == (1920, 1080) and args.scale == 1.0
    assert args.pages.split(",") == [browser.page_name(p) for p in browser.app_pages()]
    assert args.out == Path("screenshots")


def test_filters_and_sizes_are_read_as_the_app_reads_them() -> None:
    args = screenshots.build_parser().parse_args(
        ["--programme", "GSSC,UCA", "--country", "vn", "--from", "2021-01-01", "--size", "1280x800"]
    )
    filters = screenshots.filters_from(args)
    assert filters.programmes == ("GSSC", "UCA") and filters.countries == ("VN",)
    assert str(filters.start) == "2021-01-01" and args.size == (1280, 800)
    for bad in ("1920", "19x10", "axb"):
        with pytest.raises(argparse.ArgumentTypeError):
            screenshots.size(bad)


def test_an_unknown_page_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        screenshots.main(["--pages", "overview,nope"])
    assert exit_.value.code == 2
    assert "nope" in capsys.readouterr().err


def test_readme_screenshot_commands_parse_and_its_images_are_small() -> None:
    import re
    import shlex

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"python -m tools\.screenshots[^`\n]*", readme)
    assert commands, "README shows no screenshot command"
    for command in commands:
        screenshots.build_parser().parse_args(shlex.split(command)[3:])
    images = re.findall(r"\]\((docs/img/[\w-]+\.png)\)", readme)
    assert len(images) >= 2
    for image in images:
        path = Path(__file__).resolve().parents[2] / image
        assert path.stat().st_size < 400_000, f"{image} is too big for the repository"
