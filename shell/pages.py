"""The dashboard's pages, one row each, in menu order.

app.py builds its navigation from these rows, and the tests, the benchmark (bench/), the browser
checks (tools/browser.py) and the screenshot command go over them, so a new page is a file in
views/ and a row here: every suite covers it without further edits. No Streamlit here: the
commands read the list without starting the app.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from i18n import N_


@dataclass(frozen=True)
class Page:
    slug: str  # views/<slug>.py, the page's URL path, its screenshot's and test ids' name
    title: str  # in the menu, in English (translated where shown)
    icon: str  # a Material Symbol, ":material/name:"
    default: bool = False  # opened at the app's own address (URL path "")
    results: bool = True  # shows the results the sidebar's filters select (not the Data page)
    presented: bool = True  # in presentation mode's show (?present=1)
    maps: int = 0  # what it draws on the demo data, at least: a page that shows a
    charts: int = 0  # message where its map or chart should be fails the browser checks
    file: str = field(default="")  # relative to the repository root; views/<slug>.py if empty

    def __post_init__(self) -> None:
        if not self.file:
            object.__setattr__(self, "file", f"views/{self.slug}.py")

    @property
    def url_path(self) -> str:
        return "" if self.default else self.slug


PAGES: tuple[Page, ...] = (
    Page("overview", N_("Overview"), ":material/dashboard:", default=True, maps=1),
    Page("missions", N_("Missions"), ":material/flight_takeoff:", maps=1, charts=1),
    Page("contacts", N_("Contacts"), ":material/handshake:", charts=5),
    Page("sectors", N_("Sectors"), ":material/category:", charts=3),
    Page("countries", N_("Countries"), ":material/public:", maps=1),
    Page("partners", N_("Partners"), ":material/groups:", maps=2),
    Page("budget", N_("Budget"), ":material/euro:", charts=2),
    Page("data", N_("Data"), ":material/upload_file:", results=False, presented=False),
)


def by_slug(slug: str) -> Page:
    return next(p for p in PAGES if p.slug == slug)


def by_url_path(path: str) -> Page:
    return next(p for p in PAGES if p.url_path == path)
