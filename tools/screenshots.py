"""Screenshots of every page, with given filters, for pasting into reports.

    python -m tools.screenshots --out screenshots/ --size 1920x1080 --scale 2 --programme GSSC

Needs Playwright (requirements-test.txt) and Debian's Chromium; without Playwright it says so in
one line and exits 1. --port serves the app on a given port (else a free one). --lang de opens
every page with ?lang=de: the screenshots in German.

Starts the app on a free localhost port (its database as usual: `[database] path` in the secrets,
PROGRAMME_DB or data/programme.duckdb, the demo built when missing; or --db), opens each page in
Chromium with the filters in the URL, waits until its charts and map have drawn and writes
``<page>.png``: the viewport at --size CSS pixels, times --scale (2 gives print resolution).
Exits 1, after writing what it could, when a page shows an error, a map stays blank or a filter
value is not in the data.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from PIL import Image

import i18n
from analytics.filters import (
    Filters,
    add_arguments,
    choices_from,
    from_query,
    read_arguments,
    to_query,
)
from shell import pages
from shell.language import KEY as LANGUAGE_KEY

# Playwright drives the browser; README's install of the app (requirements.txt) does not bring it.
INSTALL = "python -m pip install -r requirements-test.txt"
try:
    from playwright.sync_api import Page, sync_playwright

    from tools import browser
except ModuleNotFoundError as missing:  # one line saying what to install, not a traceback
    sys.exit(
        f"python -m tools.screenshots needs {(missing.name or 'playwright').split('.')[0]}: "
        f"{INSTALL} (and Debian's chromium: apt-get install chromium)"
    )


def size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not WIDTHxHEIGHT, e.g. 1920x1080") from None
    if not (200 <= width <= 8000 and 200 <= height <= 8000):
        raise argparse.ArgumentTypeError(f"{text!r}: each side must be 200 to 8000 pixels")
    return width, height


def scale(text: str) -> float:
    value = float(text)
    if not 0.5 <= value <= 4:
        raise argparse.ArgumentTypeError("the scale must be between 0.5 and 4")
    return value


def port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 1024 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{value}: the port must be 1024 to 65535")
    return value


def build_parser() -> argparse.ArgumentParser:
    names = [p.slug for p in pages.PAGES]
    parser = argparse.ArgumentParser(
        prog="python -m tools.screenshots",
        description="Write one PNG per dashboard page, with the given filters applied.",
    )
    parser.add_argument("--out", type=Path, default=Path("screenshots"), help="folder for PNGs")
    parser.add_argument(
        "--size", type=size, default=(1920, 1080), help="window WIDTHxHEIGHT (1920x1080)"
    )
    parser.add_argument(
        "--scale", type=scale, default=1.0, help="pixels per CSS pixel; 2 for print (1)"
    )
    parser.add_argument(
        "--pages", default=",".join(names), help=f"comma-separated, of: {', '.join(names)}"
    )
    add_arguments(parser)
    parser.add_argument("--db", type=Path, help="database file (else the app's own)")
    parser.add_argument(
        "--port", type=port, help="serve the app on this localhost port (else a free one)"
    )
    parser.add_argument("--as-of", type=date.fromisoformat, help="today's date for plans")
    parser.add_argument(
        "--full-page", action="store_true", help="the whole page, not just the window"
    )
    parser.add_argument(
        "--optimise", action="store_true", help="256-colour PNG, a fraction of the size (docs)"
    )
    parser.add_argument("--timeout", type=float, default=90, help="seconds per page (90)")
    parser.add_argument(
        "--lang",
        type=i18n.argument,
        metavar="CODE",
        help="the pages in this language: each is opened with ?lang=CODE (default: the app's)",
    )
    return parser


def filters_from(args: argparse.Namespace) -> Filters:
    """The filters of the command line, read against the database as the app reads a link;
    exits 2 naming a value the data does not have."""
    from analytics import queries
    from analytics.db import command_cursor

    parser = build_parser()
    con = command_cursor(parser, args.db)
    try:
        choices = choices_from(queries.filter_options(con))
    finally:
        con.close()
    return read_arguments(parser, args, choices)


def ignored_filters(page: Page, wanted: Filters) -> list[str]:
    """Filter values the app dropped from the URL (values not in the data)."""
    shown = from_query(parse_qs(urlsplit(page.url).query))
    missing = []
    for attr in ("programmes", "countries", "sectors"):
        missing += [
            f"{attr[:-1]} {v}" for v in getattr(wanted, attr) if v not in getattr(shown, attr)
        ]
    for attr in ("start", "end"):
        if getattr(wanted, attr) and getattr(shown, attr) is None:
            missing.append(f"{attr} {getattr(wanted, attr)}")
    return [f"filter not applied (not in the data?): {m}" for m in missing]


def capture_page(
    page: Page,
    console: browser.Console,
    base_url: str,
    path: str,
    out: Path,
    *,
    query: Mapping[str, str | list[str]] | None = None,
    full_page: bool = False,
    optimise: bool = False,
    timeout: float = 90,
) -> tuple[Path, list[str]]:
    """Open one page with `query`, wait for it to draw, write <out>/<page>.png; return the file
    and the page's problems ([] when all is well). The image is written in either case."""
    page.goto(browser.page_url(base_url, path, query))
    problems = browser.page_problems(page, console, timeout)
    problems += ignored_filters(page, from_query(query or {}))
    target = browser.shoot(page, out / f"{browser.page_name(path)}.png", full_page=full_page)
    if optimise:
        optimise_png(target)
    return target, problems


def optimise_png(path: Path) -> None:
    """256 colours, no dithering, zlib at its best: charts and maps stay crisp at ~1/4 the size."""
    with Image.open(path) as image:
        small = image.convert("RGB").quantize(256, dither=Image.Dither.NONE)
    small.save(path, optimize=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    known = {p.slug: p.url_path for p in pages.PAGES}
    wanted = [name.strip() for name in args.pages.split(",") if name.strip()]
    unknown = [name for name in wanted if name not in known]
    if unknown or not wanted:
        parser.error(f"unknown page(s) {', '.join(unknown)}; pages are {', '.join(known)}")
    if args.db is not None and not args.db.exists():
        parser.error(f"no database at {args.db}")
    query = to_query(filters_from(args))
    if args.lang is not None:
        query[LANGUAGE_KEY] = args.lang
    width, height = args.size
    failed = False
    with tempfile.TemporaryDirectory(prefix="screenshots-") as work, sync_playwright() as pw:
        db = args.db.resolve() if args.db else None
        as_of = args.as_of.isoformat() if args.as_of else None
        with browser.serve(workdir=Path(work), db=db, as_of=as_of, port=args.port) as server:
            chromium = browser.launch(pw)
            try:
                context = chromium.new_context(
                    viewport={"width": width, "height": height}, device_scale_factor=args.scale
                )
                outside = browser.guard_network(context, block=False)
                page = context.new_page()
                console = browser.Console().attach(page)
                for name in wanted:
                    target, problems = capture_page(
                        page,
                        console,
                        server.url,
                        known[name],
                        args.out,
                        query=query,
                        full_page=args.full_page,
                        optimise=args.optimise,
                        timeout=args.timeout,
                    )
                    with Image.open(target) as image:
                        pixels = f"{image.width}x{image.height}"
                    print(f"{target}  {pixels}  " + ("ok" if not problems else "PROBLEMS"))
                    for problem in problems:
                        print(f"    {problem}", file=sys.stderr)
                    failed = failed or bool(problems)
                for url in dict.fromkeys(outside):
                    print(
                        f"warning: the page asked for {url} (outside this machine)", file=sys.stderr
                    )
            finally:
                chromium.close()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
