"""A page of the app opened in AppTest as a user opens it from a link: the app's first run with
the link's query (AppTest resolves st.navigation's pages only after it), then the page."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from streamlit.testing.v1 import AppTest

from shell import pages

APP = Path(__file__).resolve().parents[1] / "app.py"
TIMEOUT = 60  # seconds a run may take (a cold page on a busy CI machine)


def open_page(
    slug: str, query: Mapping[str, str | list[str]] | None = None, *, timeout: float = TIMEOUT
) -> AppTest:
    """The session after opening the page `slug` (shell/pages.py) with `query` in its link."""
    at = AppTest.from_file(str(APP), default_timeout=timeout)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    if not pages.by_slug(slug).default:
        at.switch_page(pages.by_slug(slug).file).run()
    return at
