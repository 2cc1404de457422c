"""The shipped hosting, started as deploy/README.md says: supervisord with deploy/supervisord.conf
runs two app processes and Debian's nginx in front of them, under a base path.

Chromium goes through nginx to every page with filters in the link; a load on the command line
is seen by both processes; a process killed in the middle of a session is restarted by
supervisor while the open page comes back with its filters; `supervisorctl shutdown` stops it
all. Nothing here is a stand-in: the real nginx, supervisor, Streamlit and browser.
"""

from __future__ import annotations

import contextlib
import os
import secrets as secrets_module
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page
from playwright.sync_api import Error as PlaywrightError

from deploy import settings
from etl.config import DEMO_DIR
from shell import pages
from tests import oidc_provider
from tests.e2e.conftest import ARTIFACTS, VIEWPORT
from tools import browser, liveness
from tools.screenshots import capture_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
CONF = "deploy/supervisord.conf"
BASE = "/dashboard/"
FILTERS = {"programme": "GSSC"}
# The test provider's accounts: an editor by group, a viewer without it.
USERS = {"editor@example.org": ["dashboard-editors"], "viewer@example.org": ["partners"]}
KEEP_SAMPLE = ROOT / "tests" / "data" / "keep-sample.xlsx"


@dataclass
class Hosted:
    url: str  # through nginx, with the base path, no trailing slash
    env: dict[str, str]
    db: Path
    app_ports: list[int]


def _missing(tool: str) -> str | None:
    found = shutil.which(tool) or (Path("/usr/sbin") / tool).exists()
    return None if found else tool


def _free_ports(n: int) -> int:
    """The first of `n` consecutive free ports on 127.0.0.1."""
    for _ in range(50):
        first = browser.free_port()
        ports = range(first, first + n)
        try:
            for port in ports:
                with socket.socket() as s:
                    s.bind(("127.0.0.1", port))
            return first
        except OSError:
            continue
    raise RuntimeError(f"no {n} consecutive free ports")


def direct(port: int) -> str:
    """One app process's own address, not through nginx."""
    return f"http://127.0.0.1:{port}{BASE.rstrip('/')}"


def ctl(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["supervisorctl", "-c", CONF, *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


def wait_for(check, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what}: not within {timeout:.0f} s")
        time.sleep(0.5)


@pytest.fixture(scope="module")
def hosted(demo_db: Path, tmp_path_factory: pytest.TempPathFactory, chromium: Path):
    with contextlib.ExitStack() as stack:
        yield from _hosted(stack, demo_db, tmp_path_factory)


def _hosted(stack: contextlib.ExitStack, demo_db: Path, tmp_path_factory: pytest.TempPathFactory):
    missing = [t for t in ("nginx", "supervisord") if _missing(t)]
    if missing:
        message = (
            f"{', '.join(missing)} missing (apt-get install nginx-light; pip install supervisor)"
        )
        if os.environ.get("CI"):
            pytest.fail(f"{message}: .ci/run installs them")
        pytest.skip(message)
    if (settings.RUN_DIR / "supervisor.sock").exists() and ctl("pid", env=dict(os.environ)).stdout:
        pytest.fail(f"a supervisord of this checkout already runs: {CONF} shutdown first")
    work = tmp_path_factory.mktemp("hosted")
    db = work / "programme.duckdb"
    shutil.copy(demo_db, db)
    port, app_port = browser.free_port(), _free_ports(2)
    provider = stack.enter_context(oidc_provider.serve(USERS))
    secrets = work / "secrets.toml"
    secrets.write_text(
        f"""editor_groups = ["dashboard-editors"]
[auth]
redirect_uri = "http://localhost:{port}{BASE}oauth2callback"
cookie_secret = "{secrets_module.token_hex(32)}"
client_id = "{oidc_provider.CLIENT_ID}"
client_secret = "{oidc_provider.CLIENT_SECRET}"
server_metadata_url = "{provider.url}/.well-known/openid-configuration"
""",
        encoding="utf-8",
    )
    env = {
        **os.environ,
        "DASHBOARD_PROCESSES": "2",
        "DASHBOARD_PORT": str(port),
        "DASHBOARD_APP_PORT": str(app_port),
        "DASHBOARD_DB": str(db),
        "DASHBOARD_BASE_PATH": BASE,
        "DASHBOARD_SECRETS": str(secrets),
        "PROGRAMME_AS_OF": "2026-11-23",
        # The test's provider speaks plain HTTP on this machine; a real one is HTTPS.
        "AUTHLIB_INSECURE_TRANSPORT": "1",
    }
    started = subprocess.run(["supervisord", "-c", CONF], cwd=ROOT, env=env, capture_output=True)
    assert started.returncode == 0, started.stderr
    hosting = Hosted(
        f"http://localhost:{port}{BASE.rstrip('/')}", env, db, [app_port, app_port + 1]
    )
    try:
        # the processes first: nginx leaves a process that refused a request aside for 10 s
        for url in [
            *(f"http://127.0.0.1:{p}{BASE.rstrip('/')}" for p in hosting.app_ports),
            hosting.url,
        ]:
            wait_for(lambda url=url: liveness.health(url, 2)[0], 120, f"{url} answering")
        yield hosting
    finally:
        ctl("shutdown", env=env)
        pid_file = settings.RUN_DIR / "supervisord.pid"
        wait_for(lambda: not pid_file.exists(), 30, "supervisord gone")


@pytest.fixture
def page(chromium_browser: Browser) -> Iterator[Page]:
    context = chromium_browser.new_context(viewport=VIEWPORT)
    yield context.new_page()
    context.close()


def test_processes_and_proxy_as_configured(hosted: Hosted) -> None:
    status = ctl("status", env=hosted.env).stdout
    running = [line.split()[0] for line in status.splitlines() if "RUNNING" in line]
    assert sorted(running) == ["app:app-0", "app:app-1", "nginx", "watchdog"], status
    with urllib.request.urlopen(hosted.url + "/") as response:
        assert "dashboard_route=" in response.headers.get("Set-Cookie", "")
        assert b"<html" in response.read().lower()


@pytest.mark.parametrize("path", browser.app_pages(), ids=browser.page_name)
def test_every_page_through_nginx_with_filters(
    hosted: Hosted, page: Page, path: str, tmp_path: Path
) -> None:
    console = browser.Console().attach(page)
    shot, problems = capture_page(page, console, hosted.url, path, tmp_path, query=FILTERS)
    assert problems == [], f"{browser.page_name(path)} through nginx: {problems}; see {shot}"
    assert page.locator("h1").first.inner_text().strip()
    if pages.by_url_path(path).results:  # the link's filters, in force behind the proxy
        assert "GSSC" in caption(page), caption(page)


def caption(page: Page) -> str:
    """The filters line under the page's title ("Programmes: GSSC · ...")."""
    first = page.locator("[data-testid='stMain'] [data-testid='stCaptionContainer']").first
    try:
        return first.inner_text(timeout=2000)
    except PlaywrightError:  # not drawn (yet)
        return ""


def shown(page: Page) -> str:
    """The main area's text as read, without the word joiners analytics.text puts into e-mail
    addresses and links from data (so that the browser never makes them links)."""
    return page.locator('[data-testid="stMain"]').inner_text().replace("\u2060", "")


def _data_caption(page: Page) -> str:
    return page.locator('[data-testid="stSidebar"]').inner_text()


def test_a_load_is_seen_by_every_process(hosted: Hosted, page: Page, tmp_path: Path) -> None:
    second = tmp_path / "second-load"
    shutil.copytree(DEMO_DIR, second)
    done = subprocess.run(
        [sys.executable, "-m", "etl", "load", str(second), "--db", str(hosted.db)],
        cwd=ROOT,
        env=hosted.env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    for port in hosted.app_ports:  # each process asked directly, not through nginx
        page.goto(direct(port) + "/")
        browser.wait_drawn(page)
        wait_for(lambda: "second-load" in _data_caption(page), 30, f"the new load on {port}")


def test_a_killed_process_is_restarted_and_the_open_page_comes_back(
    hosted: Hosted, page: Page
) -> None:
    console = browser.Console().attach(page)
    page.goto(browser.page_url(hosted.url, "budget", FILTERS))
    assert browser.wait_drawn(page) == []
    for number in (0, 1):  # one of the two holds this page's session
        name = f"app:app-{number}"
        old = int(ctl("pid", name, env=hosted.env).stdout.strip())
        os.kill(old, 9)
        wait_for(
            lambda name=name, old=old: (
                ctl("pid", name, env=hosted.env).stdout.strip() not in ("", "0", str(old))
            ),
            30,
            f"{name} restarted",
        )
        port = hosted.app_ports[number]
        answering = f"{name} answering"
        wait_for(lambda port=port: liveness.health(direct(port), 2)[0], 120, answering)
        # The open page reconnects (to either process) and draws again, with its filters.
        try:
            wait_for(lambda: "GSSC" in caption(page), 120, "the page back with its filters")
        finally:
            page.screenshot(path=str(ARTIFACTS / f"hosting-after-kill-{number}.png"))
        assert browser.wait_drawn(page) == []
    console.take()  # the lost connection's own messages (WebSocket closed, a 502 on a retry)
    page.goto(browser.page_url(hosted.url, "budget", FILTERS))
    assert browser.page_problems(page, console) == []
    assert "GSSC" in caption(page)


def route(page: Page) -> str:
    """The process nginx's route cookie names for this browser (app-0, app-1)."""
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    return cookies.get("dashboard_route", "")


def test_after_a_failover_the_page_stays_with_its_session(hosted: Hosted, page: Page) -> None:
    """A page whose process died reopens its session on the other process, and its requests
    stay there once the first one is back. A hash of the route cookie sent them back to the
    restarted process, which does not know the session: the sign-in test's upload was refused
    (400) when it ran just after a process came back."""
    page.goto(browser.page_url(hosted.url, "budget", FILTERS))
    assert browser.wait_drawn(page) == []
    first = route(page)
    assert first in ("app-0", "app-1"), first
    name = f"app:{first}"
    old = int(ctl("pid", name, env=hosted.env).stdout.strip())
    os.kill(old, 9)
    killed = time.monotonic()
    wait_for(
        lambda: ctl("pid", name, env=hosted.env).stdout.strip() not in ("", "0", str(old)),
        30,
        f"{name} restarted",
    )
    port = hosted.app_ports[int(first[-1])]
    wait_for(lambda: liveness.health(direct(port), 2)[0], 120, f"{name} answering")
    wait_for(lambda: "GSSC" in caption(page) and route(page) not in ("", first), 120, "moved")
    assert browser.wait_drawn(page) == []
    second = route(page)
    # past the 10 s nginx leaves a failed process aside: the first one would be asked again
    time.sleep(max(0.0, killed + 12 - time.monotonic()))
    # host-config, not health: nginx sends health checks to any process, by design
    url = hosted.url + f"/_stcore/host-config?after-failover={killed}"
    assert page.evaluate("url => fetch(url).then(r => r.status)", url) == 200
    log = (settings.RUN_DIR / "nginx-access.log").read_text(encoding="utf-8").splitlines()
    [line] = [entry for entry in log if f"after-failover={killed}" in entry]
    expected = hosted.app_ports[int(second[-1])]
    assert f"route={second} " in line and line.split("upstream=")[1].split()[0].endswith(
        f":{expected}"
    ), line
    assert route(page) == second


def sign_in(page: Page, hosted: Hosted, email: str) -> None:
    """Through nginx: the Data page's button, the provider's page, back to the dashboard."""
    page.goto(f"{hosted.url}/data")
    browser.wait_drawn(page)
    page.get_by_role("button", name="Sign in to load data").click()
    page.wait_for_url(lambda url: "/authorize" in url, timeout=60_000)
    page.get_by_role("button", name=email).click()
    page.wait_for_url(
        lambda url: url.startswith(hosted.url) and "oauth2" not in url, timeout=60_000
    )
    page.goto(f"{hosted.url}/data")
    browser.wait_drawn(page)


def test_sign_in_editor_loads_viewer_sees_it(hosted: Hosted, chromium_browser: Browser) -> None:
    uploader = '[data-testid="stFileUploader"]'
    editor = chromium_browser.new_context(viewport=VIEWPORT).new_page()
    viewer = chromium_browser.new_context(viewport=VIEWPORT).new_page()
    try:
        sign_in(editor, hosted, "editor@example.org")
        wait_for(lambda: "Signed in as editor@example.org (editor)" in shown(editor), 60, "editor")
        editor.locator(f"{uploader} input[type=file]").set_input_files(str(KEEP_SAMPLE))
        editor.get_by_role("button", name="Check").click()
        editor.get_by_role("button", name="Apply this load").click(timeout=120_000)
        wait_for(lambda: "Every page now shows the new data" in shown(editor), 120, "applied")

        sign_in(viewer, hosted, "viewer@example.org")
        assert "viewer@example.org is not an editor." in shown(viewer)
        assert viewer.locator(uploader).count() == 0  # never offered an upload
        for port in hosted.app_ports:  # both processes serve the editor's load
            viewer.goto(f"http://localhost:{port}{BASE}")
            browser.wait_drawn(viewer)
            wait_for(lambda: "keep-sample.xlsx" in _data_caption(viewer), 30, f"new data on {port}")

        editor.goto(f"{hosted.url}/data")
        browser.wait_drawn(editor)
        # Signing out leaves through the app's auth/logout (the cookie cleared) back to its start.
        with editor.expect_navigation(url=lambda url: "auth/logout" not in url, timeout=60_000):
            editor.get_by_role("button", name="Sign out").click()
        editor.goto(f"{hosted.url}/data")
        browser.wait_drawn(editor)
        sign_in_button = editor.get_by_role("button", name="Sign in to load data")
        wait_for(lambda: sign_in_button.count() == 1, 60, "signed out")
        assert "Signed in as" not in shown(editor)
    finally:
        editor.screenshot(path=str(ARTIFACTS / "hosting-editor.png"))
        viewer.screenshot(path=str(ARTIFACTS / "hosting-viewer.png"))
        editor.context.close()
        viewer.context.close()


def test_shutdown_stops_everything(hosted: Hosted) -> None:
    pids = [int(ctl("pid", f"app:app-{n}", env=hosted.env).stdout) for n in (0, 1)]
    assert ctl("shutdown", env=hosted.env).returncode == 0
    pid_file = settings.RUN_DIR / "supervisord.pid"
    wait_for(lambda: not pid_file.exists(), 30, "supervisord gone")
    assert not liveness.health(hosted.url, 2)[0]
    for pid in pids:
        status = Path(f"/proc/{pid}/status")
        assert not status.exists() or "zombie" in status.read_text(), f"{pid} still runs"
