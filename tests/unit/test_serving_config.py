"""The configuration a host runs is one for serving: nothing watches the source or reruns every
session on a save. tools/browser.serve passes no flag of its own for these, so the browser and load
tests (tests/e2e/, tests/load/) run the server as a host does."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from deploy import launch, settings
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


def test_deploy_readme_lists_every_hosting_setting() -> None:
    """deploy/settings.py declares the settings; deploy/README.md's table names each with its
    default, so a setting added or changed there and not documented fails here."""
    readme = (ROOT / "deploy" / "README.md").read_text(encoding="utf-8")
    for setting in settings.SETTINGS:
        assert f"| `{setting.name}` | `{setting.default}` |" in readme, setting.name


@pytest.mark.parametrize(
    ("given", "expected"), [("", "/"), ("/", "/"), ("dashboard", "/dashboard/"), ("/a/b/", "/a/b/")]
)
def test_base_path_always_has_both_slashes(
    given: str, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DASHBOARD_BASE_PATH", given)
    assert settings.base_path() == expected


def test_nginx_conf_is_filled_in_and_accepted_by_nginx(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DASHBOARD_PROCESSES", "3")
    monkeypatch.setenv("DASHBOARD_APP_PORT", "9100")
    monkeypatch.setenv("DASHBOARD_BASE_PATH", "/dashboard/")
    conf = launch.nginx_conf()
    assert not re.findall(r"@[A-Z_]+@", conf)
    # the three in the shared upstream, then each first in its own with the two others as backups
    assert conf.count("server 127.0.0.1:") == 3 + 3 * 3 and "127.0.0.1:9102" in conf
    assert conf.count(" backup;") == 3 * 2
    # the route cookie names the process that answered, and sends the browser back to it
    for n, port in enumerate((9100, 9101, 9102)):
        assert f"app-{n} app_{n};" in conf
        assert f"upstream app_{n} {{\n        server 127.0.0.1:{port} " in conf
        assert f'127\\.0\\.0\\.1:{port}$" "dashboard_route=app-{n}; Path=/dashboard/;' in conf
    assert "proxy_pass http://$dashboard_upstream;" in conf
    assert "add_header Set-Cookie $route_cookie always;" in conf
    assert "location /dashboard/ {" in conf
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        pytest.skip("nginx is not installed (apt-get install nginx-light)")
    (tmp_path / "nginx.conf").write_text(conf.replace(str(settings.RUN_DIR), str(tmp_path)))
    checked = subprocess.run(
        [nginx, "-t", "-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stderr
