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


def test_filters_and_sizes_are_read_as_the_app_reads_them(demo_db: Path) -> None:
    args = screenshots.build_parser().parse_args(
        [
            *("--programme", "gssc,UCA", "--country", "vn", "--country", "Czech Republic"),
            *("--sector", "smart city", "--from", "01/01/2021", "--size", "1280x800"),
            *("--db", str(demo_db)),
        ]
    )
    filters = screenshots.filters_from(args)
    assert filters.programmes == ("GSSC", "UCA") and filters.countries == ("VN", "CZ")
    assert filters.sectors == ("smart_city",)
    assert str(filters.start) == "2021-01-01" and args.size == (1280, 800)


def test_a_filter_value_not_in_the_data_exits_2_naming_it(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = screenshots.build_parser().parse_args(
        ["--programme", "NOPE9", "--country", "XX", "--db", str(demo_db)]
    )
    with pytest.raises(SystemExit) as exit_:
        screenshots.filters_from(args)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "--programme NOPE9" in err and "--country XX" in err
    assert "GSSC" in err, "the values the data has are listed"
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
