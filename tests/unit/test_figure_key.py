"""A figure's container key (shell/ui.py): unique in any script. Bulgarian and Greek titles
were all dashes, so every chart on a page was "figure-chart" and Streamlit stopped the page on
the duplicate key."""

from __future__ import annotations

import polars as pl

from analytics.alt import TextAlternative
from shell.ui import _figure_key


def _alt(name: str, kind: str = "Chart") -> TextAlternative:
    return TextAlternative(kind, name, "A sentence.", pl.DataFrame())


def test_an_english_title_keeps_its_key() -> None:
    assert _figure_key(_alt("Contacts over time (cumulative)"), None) == (
        "figure-chart-contacts-over-time-cumulative"
    )
    assert _figure_key(_alt("x"), "by_sector") == "figure-by-sector"


def test_titles_in_other_scripts_get_keys_of_their_own() -> None:
    titles = ["Контакти във времето", "Контакти по сектор", "Επαφές ανά τομέα"]
    keys = {_figure_key(_alt(t), None) for t in titles}
    assert len(keys) == len(titles), keys
    assert "figure-chart" not in keys
