"""The dashboard in a real browser: start the server, drive Debian's Chromium, and judge a page.

Shared by the end-to-end tests (tests/e2e/) and the screenshot command (tools/screenshots.py), so
both start the app, wait for drawing and see problems the same way.

- `serve()` starts ``streamlit run`` on a free localhost port (optionally under
  tools/offline_guard.py, which refuses and records every connection to another machine), waits
  for ``/_stcore/health`` and stops the whole process group afterwards, whatever happens.
- `launch()` starts /usr/bin/chromium headless with WebGL on SwiftShader (no GPU needed).
- `wait_drawn()` waits until the script run is over and every chart and map has drawn, and returns
  what is still wrong; `page_problems()` adds Streamlit exception boxes and console errors.
- `guard_network()` records, and optionally aborts, every request to a host other than localhost.
- `axe()` runs axe-core (shipped inside the axe-playwright-python package: nothing downloaded)
  on the whole page against WCAG 2.0 and 2.1 A and AA, and returns its violations.

The checks are plain functions of a Playwright Page, so they are tested on deliberately broken
pages as well (tests/e2e/test_browser_checks.py).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from PIL import Image
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, Playwright, Route

from shell import pages
from tools import liveness

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app.py"
CHROMIUM = Path("/usr/bin/chromium")
# WebGL through SwiftShader: deck.gl maps draw on a machine with no GPU and no display.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--use-angle=swiftshader",
    "--enable-unsafe-swiftshader",
]
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}

# Streamlit's exception box, and the one sentence shell.guard shows a viewer in its place
EXCEPTION = '[data-testid="stException"], [class*="st-key-guard-error"]'
PLOTLY = '[data-testid="stPlotlyChart"]'
DECK = '[data-testid="stDeckGlJsonChart"]'
METRIC_VALUE = '[data-testid="stMetricValue"]'

# A map is drawn when its picture holds at least this many colours that each cover 0.1% of it (a
# blank canvas has one; sea alone one; sea, land and borders three) and enough strongly coloured
# pixels for the data on top (circles, arcs, shaded countries): the base map itself is pale.
MIN_MAP_COLOURS = 4
MIN_DATA_PIXELS = 60
# max(r, g, b) - min(r, g, b): the land is 0, the sea 30, a highlighted country 39; the palest
# class of the choropleth, blended over the land, about 58; programme colours 150 and more.
DATA_SATURATION = 45


def app_pages() -> list[str]:
    """The app's pages (shell/pages.py) by URL path ("" is the default page), in menu order."""
    return [p.url_path for p in pages.PAGES]


def page_name(path: str) -> str:
    """A page's name for files and test ids, from its URL path: its slug ("overview" for "")."""
    return pages.by_url_path(path).slug


# ---------------------------------------------------------------- the server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log_path: Path
    guard_log: Path | None = None

    def log(self) -> str:
        return self.log_path.read_text("utf-8", "replace") if self.log_path.exists() else ""

    def outside_connections(self) -> list[str]:
        """What the server tried to reach beyond this machine (needs `serve(guard=True)`)."""
        if self.guard_log is None or not self.guard_log.exists():
            return []
        return self.guard_log.read_text("utf-8").splitlines()


@contextlib.contextmanager
def serve(
    script: Path = APP,
    *,
    workdir: Path,
    db: Path | None = None,
    as_of: str | None = None,
    guard: bool = False,
    timeout: float = 90,
    port: int | None = None,
    secrets: str = "",
    env: Mapping[str, str] | None = None,
) -> Iterator[Server]:
    """Run ``streamlit run script`` on a free port until the block ends.

    `workdir` receives the server's output (server.log) and, with `guard`, the list of refused
    outside connections (outside.log). `db` is the database served: the server's only secrets
    are a file in `workdir` naming it as `[database] path`, so that secrets.toml files, which
    outrank PROGRAMME_DB (etl.config.database_path), do not serve another; `as_of` sets
    PROGRAMME_AS_OF. Left out, the app finds its database as it always does (and builds the demo
    if missing). `port` is the port served on (a free one if left out). `secrets` is more TOML
    for the secrets file (top-level keys first, e.g. editors, then tables such as [auth]);
    `env` adds environment variables.
    """
    workdir.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
    options: list[str] = []
    if db is not None or secrets:
        text = secrets + (f"\n[database]\npath = {json.dumps(str(db))}\n" if db else "")
        if db is not None:
            env["PROGRAMME_DB"] = str(db)
        secrets_file = workdir / "secrets.toml"
        secrets_file.write_text(text, encoding="utf-8")
        options += ["--secrets.files", str(secrets_file)]
    if as_of is not None:
        env["PROGRAMME_AS_OF"] = as_of
    guard_log = workdir / "outside.log" if guard else None
    prefix = [sys.executable]
    if guard_log is not None:
        guard_log.unlink(missing_ok=True)
        prefix += ["-m", "tools.offline_guard", str(guard_log)]
    command = [
        *prefix,
        *("-m", "streamlit", "run", str(script)),
        *("--server.port", str(port)),
        *("--server.headless", "true"),
        *options,
    ]
    log_path = workdir / "server.log"
    url = f"http://localhost:{port}"
    with log_path.open("w", encoding="utf-8") as log:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped as a whole below
        )
        server = Server(url, process, log_path, guard_log)
        try:
            deadline = time.monotonic() + timeout
            while not liveness.health(url, 2)[0]:
                if process.poll() is not None:
                    raise RuntimeError(f"the server stopped at start:\n{server.log()}")
                if time.monotonic() > deadline:
                    raise TimeoutError(f"no answer from {url} in {timeout:.0f} s:\n{server.log()}")
                time.sleep(0.25)
            yield server
        finally:
            _stop(process)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(wait)
            return
        except subprocess.TimeoutExpired:
            continue


# ---------------------------------------------------------------- the browser


def launch(playwright: Playwright, executable: Path = CHROMIUM) -> Browser:
    if not executable.exists():
        raise FileNotFoundError(
            f"{executable} is missing: install Debian's Chromium (apt-get install chromium)"
        )
    return playwright.chromium.launch(executable_path=str(executable), args=LAUNCH_ARGS)


def page_url(base: str, path: str = "", query: Mapping[str, str | list[str]] | None = None) -> str:
    return f"{base}/{path}" + (f"?{urlencode(query, doseq=True)}" if query else "")


def is_local_url(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https", "ws", "wss"):
        return True  # data:, blob:, about: never leave the machine
    return (parts.hostname or "") in LOCAL_HOSTS


def guard_network(context: BrowserContext, *, block: bool) -> list[str]:
    """Record every request the context makes to another machine; with `block`, abort them
    (the browser then behaves as on a laptop with no internet). Returns the live list."""
    outside: list[str] = []

    def on_request(route: Route) -> None:
        outside.append(route.request.url)
        route.abort("internetdisconnected")

    if block:
        context.route(lambda url: not is_local_url(url), on_request)
        context.route_web_socket(
            lambda url: not is_local_url(url), lambda ws: (outside.append(ws.url), ws.close())
        )
    else:
        context.on("request", lambda r: None if is_local_url(r.url) else outside.append(r.url))
        context.on("websocket", lambda ws: None if is_local_url(ws.url) else outside.append(ws.url))
    return outside


# Streamlit probes for its base path on a deep link (/missions): it asks /missions/_stcore/health
# and /missions/_stcore/host-config, gets 404, and falls back to /. Chromium logs each 404.
# Under a base path (deploy/, /dashboard/missions) the probe has one more segment.
_BASE_PATH_PROBE = re.compile(r"^(/[\w-]+)+/_stcore/(health|host-config)$")


@dataclass
class Console:
    """Console errors and uncaught exceptions of a page, less Streamlit's own base-path probe."""

    messages: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> Console:
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.messages.append(f"uncaught: {error}"))
        return self

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        where = message.location.get("url", "") if message.location else ""
        probe = is_local_url(where) and _BASE_PATH_PROBE.match(urlsplit(where).path)
        if "status of 404" in message.text and probe:
            return
        self.messages.append(f"{message.text} ({where})" if where else message.text)

    def take(self) -> list[str]:
        taken, self.messages = self.messages, []
        return taken


# ---------------------------------------------------------------- judging a page


def exceptions(page: Page) -> list[str]:
    """The text of every Streamlit exception box on the page."""
    return [f"exception: {text[:500]}" for text in page.locator(EXCEPTION).all_inner_texts()]


_SETTLED = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  const main = document.querySelector('[data-testid="stMain"]');
  if (!app || !main) return 'no app yet';
  if (app.dataset.testConnectionState !== 'CONNECTED') return 'not connected';
  if (app.dataset.testScriptState !== 'notRunning') return 'script ' + app.dataset.testScriptState;
  if (!main.querySelector('[data-testid="stElementContainer"] *')) return 'nothing shown yet';
  if (main.querySelector('[data-testid="stSkeleton"]')) return 'elements still loading';
  if (main.querySelector('[data-stale="true"]')) return 'stale elements';
  return '';
}"""

# A chart is drawn when it has an SVG and data points; a chart with nothing to show must say
# why (charts.empty_figure's layout.meta.empty, its message on the chart), never an empty frame.
_UNDRAWN_CHARTS = """() => Array.from(document.querySelectorAll('[data-testid="stPlotlyChart"]'))
  .map((chart, i) => {
    const plot = chart.querySelector('.js-plotly-plot');
    if (!plot || !plot.querySelector('.main-svg')) return `chart ${i + 1}: not drawn`;
    const said = plot.layout && plot.layout.meta && plot.layout.meta.empty;
    const traces = plot._fullData || [];
    if (traces.length === 0) return said ? '' : `chart ${i + 1}: no trace`;
    const present = (v) => v !== null && v !== undefined && !Number.isNaN(v);
    const count = (t) => Math.max(0, ...['x', 'y', 'values', 'z', 'r', 'lat', 'locations']
      .map((k) => (Array.isArray(t[k]) ? t[k].filter(present).length : 0)));
    // a line without markers needs two points to draw anything
    const drawn = (t) => (t.type === 'scatter' && !/markers|text/.test(t.mode || '')
      && count(t) < 2 ? 0 : count(t));
    const points = traces.reduce((n, t) => n + (t.type === 'indicator' ? 1 : drawn(t)), 0);
    if (points === 0) return `chart ${i + 1}: no data points`;
    return '';
  }).filter(Boolean)"""


def settled(page: Page) -> str:
    """'' when the script run is over and no element is still loading, else what is pending."""
    return page.evaluate(_SETTLED)


def undrawn_charts(page: Page) -> list[str]:
    """Plotly charts with no SVG drawn, or nothing drawn in them and no message saying why."""
    return page.evaluate(_UNDRAWN_CHARTS)


@dataclass(frozen=True)
class MapPicture:
    size: tuple[int, int]
    colours: int  # colours covering at least 0.1% of the picture each
    data_pixels: int  # strongly coloured pixels: circles, arcs, shaded countries
    digest: str

    @property
    def blank(self) -> bool:
        return self.colours < MIN_MAP_COLOURS

    @property
    def drawn(self) -> bool:
        return not self.blank and self.data_pixels >= MIN_DATA_PIXELS

    def describe(self) -> str:
        state = "blank" if self.blank else "no data drawn" if not self.drawn else "drawn"
        return (
            f"{state} ({self.colours} colours over 0.1%, {self.data_pixels} data pixels, "
            f"{self.size[0]}x{self.size[1]})"
        )


def picture(png: bytes) -> MapPicture:
    """What a screenshot of a map shows, in numbers (pixels, not the DOM)."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    total = image.width * image.height
    colours = image.getcolors(maxcolors=total) or []
    significant = sum(1 for count, _ in colours if count * 1000 >= total)
    data = sum(count for count, rgb in colours if max(rgb) - min(rgb) >= DATA_SATURATION)
    return MapPicture(image.size, significant, data, hashlib.sha1(image.tobytes()).hexdigest())


def map_pictures(page: Page) -> list[MapPicture | None]:
    """A picture of every deck.gl map on the page; None where a map has no canvas."""
    shots: list[MapPicture | None] = []
    for element in page.locator(DECK).all():
        if element.locator("canvas").count() == 0:
            shots.append(None)
            continue
        shots.append(picture(element.screenshot(animations="disabled", caret="initial")))
    return shots


def blank_maps(page: Page) -> list[str]:
    """Maps with no canvas, or whose canvas shows nothing or only the base map."""
    return [
        f"map {i + 1}: " + ("no canvas" if shot is None else shot.describe())
        for i, shot in enumerate(map_pictures(page))
        if shot is None or not shot.drawn
    ]


def wait_drawn(page: Page, timeout: float = 90, poll: float = 0.75) -> list[str]:
    """Wait until the run is over, every chart has drawn and every map shows the same drawn
    picture twice in a row; return what is still wrong at `timeout` seconds ([] when drawn)."""
    deadline = time.monotonic() + timeout
    previous: list[MapPicture | None] | None = None
    problems: list[str] = []
    while True:
        pending = settled(page)
        if pending:
            problems = [f"page not settled: {pending}"]
            previous = None
        else:
            problems = undrawn_charts(page)
            shots = map_pictures(page)
            problems += [
                f"map {i + 1}: " + ("no canvas" if s is None else s.describe())
                for i, s in enumerate(shots)
                if s is None or not s.drawn
            ]
            if not problems and shots == previous:
                return []
            if not problems:
                problems = ["maps still changing"]
            previous = shots
        if time.monotonic() > deadline:
            return problems
        page.wait_for_timeout(poll * 1000)


def page_problems(page: Page, console: Console, timeout: float = 90) -> list[str]:
    """Everything wrong with the page once it has drawn (or at `timeout`): exception boxes,
    charts or maps not drawn, console errors. [] for a good page."""
    problems = wait_drawn(page, timeout)
    return exceptions(page) + problems + [f"console: {m}" for m in console.take()]


_TO_TOP = """() => { window.scrollTo(0, 0);
  for (const id of ['stMain', 'stAppViewContainer']) {
    const element = document.querySelector(`[data-testid="${id}"]`);
    if (element) element.scrollTop = 0;
  } }"""


def shoot(page: Page, path: Path, full_page: bool = False) -> Path:
    """Write the page as PNG, with the pointer out of the way (no hover tooltip in the image).

    Streamlit scrolls its main area, not the document, so for `full_page` the viewport is
    stretched to the content's height for the shot, and the maps get time to redraw."""
    page.mouse.move(0, 0)
    page.evaluate(_TO_TOP)  # checking the maps scrolled each into view
    path.parent.mkdir(parents=True, exist_ok=True)
    if not full_page:
        page.screenshot(path=path, animations="disabled", caret="hide")
        return path
    viewport = page.viewport_size or {"width": 1920, "height": 1080}
    height = page.evaluate(
        "() => { const m = document.querySelector('[data-testid=\"stMain\"]');"
        " return m ? m.scrollHeight : document.body.scrollHeight; }"
    )
    try:
        page.set_viewport_size({"width": viewport["width"], "height": max(height, 200)})
        wait_drawn(page)
        page.screenshot(path=path, animations="disabled", caret="hide")
    finally:
        page.set_viewport_size(viewport)
    return path


# ---------------------------------------------------------------- accessibility

# The rules of WCAG 2.0 and 2.1, levels A and AA (EN 301 549), by axe-core's tags.
WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Violations with these impacts fail a page; moderate and minor ones are reported only.
BLOCKING_IMPACTS = ("critical", "serious")


@dataclass(frozen=True)
class AxeViolation:
    rule: str
    impact: str
    nodes: int
    help: str
    examples: tuple[str, ...]  # the first few elements, as HTML

    @property
    def blocking(self) -> bool:
        return self.impact in BLOCKING_IMPACTS

    def describe(self) -> str:
        return f"{self.rule} ({self.impact}) x{self.nodes}: {self.help}"


@dataclass(frozen=True)
class AxeReport:
    version: str
    violations: tuple[AxeViolation, ...]

    @property
    def blocking(self) -> list[AxeViolation]:
        return [v for v in self.violations if v.blocking]

    def summary(self) -> str:
        """One line: the rules violated and how many elements each, or 'no violation'."""
        if not self.violations:
            return "no violation"
        return "; ".join(f"{v.rule} ({v.impact}) x{v.nodes}" for v in self.violations)

    def details(self) -> str:
        return "\n".join(
            f"{v.describe()}\n" + "\n".join(f"    {html}" for html in v.examples)
            for v in self.violations
        )


_MAIN_HEIGHT = """() => { const m = document.querySelector('[data-testid="stMain"]');
  return m ? m.scrollHeight : document.body.scrollHeight; }"""


def axe(page: Page, tags: Sequence[str] = WCAG_AA_TAGS) -> AxeReport:
    """axe-core's violations of the `tags` rules on the whole page.

    Streamlit scrolls its main area, and axe leaves the colour contrast of what is scrolled out
    of view undecided, so the window is stretched to the content's height while axe runs.
    """
    from axe_playwright_python.sync_playwright import Axe  # a test requirement only

    viewport = page.viewport_size or {"width": 1920, "height": 1080}
    height = page.evaluate(_MAIN_HEIGHT)
    options = {"runOnly": {"type": "tag", "values": list(tags)}, "resultTypes": ["violations"]}
    try:
        page.set_viewport_size({"width": viewport["width"], "height": max(height, 200)})
        response = Axe().run(page, options=options).response
    finally:
        page.set_viewport_size(viewport)
    violations = tuple(
        AxeViolation(
            rule=v["id"],
            impact=v.get("impact") or "minor",
            nodes=len(v["nodes"]),
            help=v.get("help", ""),
            examples=tuple(n.get("html", "")[:200] for n in v["nodes"][:3]),
        )
        for v in response["violations"]
    )
    return AxeReport(response.get("testEngine", {}).get("version", "?"), violations)


# Every chart and map sits with its text alternative in a container keyed figure-… (shell.ui).
FIGURE = '[class*="st-key-figure-"]'
_NOTE = re.compile(r"""^(\s*)- '?note "(Chart|Map): (.+?)"'?:?\s*$""")
_TEXT = re.compile(r"""^\s*- (?:text|strong|emphasis|paragraph):\s*"?(.*?)"?\s*$""")


@dataclass(frozen=True)
class FigureAlternative:
    kind: str  # Chart or Map
    name: str
    summary: str


def _alternative(snapshot: str) -> FigureAlternative | None:
    """The first note named "Chart: …" or "Map: …" in an ARIA snapshot, with its text."""
    lines = snapshot.splitlines()
    for i, line in enumerate(lines):
        note = _NOTE.match(line)
        if not note:
            continue
        indent, kind, name = note.groups()
        texts = []
        for child in lines[i + 1 :]:
            if len(child) - len(child.lstrip()) <= len(indent):
                break
            if match := _TEXT.match(child):
                texts.append(match.group(1))
        summary = " ".join(texts).removeprefix(f"{kind} summary:").strip()
        return FigureAlternative(kind, name, summary)
    return None


def figure_alternatives(page: Page) -> tuple[list[FigureAlternative], list[str]]:
    """What Chromium's accessibility tree gives a screen reader for each visible chart and map:
    its name and summary, read from the ARIA snapshot of the figure holding it; and what is
    missing (a chart or map outside a figure, a figure with no named note or an empty one)."""
    found: list[FigureAlternative] = []
    problems: list[str] = []
    graphics = f"{PLOTLY}, {DECK}"
    shown = sum(1 for g in page.locator(graphics).all() if g.is_visible())
    figures = [f for f in page.locator(FIGURE).all() if f.is_visible()]
    held = 0
    for i, figure in enumerate(figures, 1):
        held += figure.locator(graphics).count()
        alternative = _alternative(figure.aria_snapshot())
        if alternative is None:
            problems.append(f"figure {i}: no note named 'Chart: …' or 'Map: …'")
        elif not alternative.summary:
            problems.append(f"figure {i} ({alternative.name}): an empty summary")
        else:
            found.append(alternative)
    if held != shown:
        problems.append(f"{shown} charts and maps shown, {held} of them with a text alternative")
    return found, problems


def poll(
    page: Page, check: Callable[[], object], timeout: float = 30, every: float = 0.25
) -> object:
    """Call `check` until it returns something truthy; that value, or the last one at timeout.
    Waits with the page's clock: Playwright's sync API takes in browser events (URL changes,
    console messages) only while it is called, never during a time.sleep."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        page.wait_for_timeout(every * 1000)
