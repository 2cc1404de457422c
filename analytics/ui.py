"""Small layout pieces every page uses: the page header, messages, charts, maps and tables."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import plotly.graph_objects as go
import polars as pl
import pydeck as pdk
import streamlit as st

from analytics import data, exports
from analytics.filters import Filters
from analytics.formatting import label, money

# Plotly's own "download as PNG" button, at a resolution fit for a printed report.
PLOTLY_CONFIG = {
    "displaylogo": False,
    "toImageButtonOptions": {"format": "png", "scale": 2, "width": 1400, "height": 700},
}


# Cards holding money (€ 1,813,082.62) are keyed "money-…": their value's type follows the card's
# width (container query units), so that a large exact amount shrinks rather than being cut to
# "€ 1,813,…"; on a card of 260 px or more it is the size of every other card's value.
STYLE = """
<style>
[class*="st-key-money-"] { container-type: inline-size; }
[class*="st-key-money-"] [data-testid="stMetricValue"] p { font-size: min(2.25rem, 12.5cqi); }
</style>
"""


def apply_style() -> None:
    st.html(STYLE)


def money_metric(label_text: str, value: str, delta: str | None = None, **kwargs: Any) -> None:
    """st.metric for an amount: the exact value, shrunk to fit its card rather than cut."""
    with st.container(key=f"money-{label_text.lower().replace(' ', '-')}"):
        st.metric(label_text, value, delta, **kwargs)


@contextmanager
def card_grid(key: str, columns: Sequence[tuple[int, int]]) -> Iterator[None]:
    """A grid of cards whose number of columns follows the width it has, not the window's:
    `columns` holds (minimum width in px, columns), e.g. ((1000, 4), (700, 3), (0, 2)).

    st.columns keeps four cards side by side on any screen wider than a phone, which cuts labels
    and amounts on a laptop with the sidebar open; a CSS grid with container queries reflows
    them (12 cards: 4, 3 or 2 a row, every row full). Each child element is one card.
    """
    grid = f".st-key-cards-{key} > div > [data-testid='stVerticalBlock']"
    rules = [f".st-key-cards-{key} {{ container-type: inline-size; }}"]
    rules.append(
        f"{grid} {{ display: grid; gap: 1rem; align-items: stretch; }}"
        f" {grid} > * {{ width: auto !important; min-width: 0; }}"
        f" {grid} > * > [data-testid='stVerticalBlock'] {{ height: 100%; }}"
        # A card that is one bordered st.metric: its border as tall as the row's tallest card.
        f" {grid} > * > * > [data-testid='stElementContainer']:only-child,"
        f" {grid} > * > * > :only-child > [data-testid='stMetric'] {{ height: 100%; }}"
    )
    for min_width, count in sorted(columns):
        rules.append(
            f"@container (min-width: {min_width}px) {{ {grid} "
            f"{{ grid-template-columns: repeat({count}, minmax(0, 1fr)); }} }}"
        )
    st.html("<style>" + "\n".join(rules) + "</style>")
    with st.container(key=f"cards-{key}"), st.container():
        yield


def header(title: str, filters: Filters, intro: str | None = None) -> None:
    st.title(title)
    st.caption(filters.describe(data.country_names()))
    if intro:
        st.markdown(intro)


def nothing(message: str) -> None:
    """A clear message where a chart or table would be: never a blank or a traceback."""
    st.info(message, icon=":material/filter_alt_off:")


def chart(figure: go.Figure, key: str | None = None) -> None:
    st.plotly_chart(figure, config=PLOTLY_CONFIG, key=key)


def deck(map_deck: pdk.Deck, height: int = 520, key: str | None = None) -> None:
    st.pydeck_chart(map_deck, height=height, key=key)


def export_statement(filters: Filters) -> str:
    """What a downloaded table says about itself: filters, data source and load time."""
    statement = f"Programme results dashboard · {filters.describe(data.country_names())}"
    load = data.options()["last_load"]
    if not load.is_empty():
        row = load.row(0, named=True)
        source = str(row["source"]).replace("\\", "/").rstrip("/").split("/")[-1]
        statement += (
            f" · Data: {source}, loaded {row['loaded_at']:%Y-%m-%d %H:%M} UTC,"
            f" sha256 {row['sha256'][:12]}"
        )
    return statement


def downloads(frame: pl.DataFrame, name: str, filters: Filters) -> None:
    """CSV and XLSX of exactly this table; generated only when clicked."""
    statement = export_statement(filters)
    left, right, _ = st.columns([1, 1, 6])
    left.download_button(
        "CSV",
        lambda: exports.to_csv(frame, statement),
        file_name=f"{name}.csv",
        mime="text/csv",
        icon=":material/download:",
        key=f"csv-{name}",
        on_click="ignore",
    )
    right.download_button(
        "XLSX",
        lambda: exports.to_xlsx(frame, statement, name),
        file_name=f"{name}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/download:",
        key=f"xlsx-{name}",
        on_click="ignore",
    )


def table(
    frame: pl.DataFrame,
    name: str,
    filters: Filters,
    money_columns: Iterable[str] = (),
    labels: dict[str, str] | None = None,
    height: int | None = None,
    vocabulary_columns: Iterable[str] = (),
) -> None:
    """A table as a report wants it: exact money as text (€ 1,234.50), ISO dates, readable
    vocabulary values and headers; tall enough to show every row up to 20; with downloads of
    the exact values (money as numbers, not text)."""
    shown = frame.with_columns(
        *(pl.col(c).map_elements(money, return_dtype=pl.String) for c in money_columns),
        *(pl.col(c).map_elements(label, return_dtype=pl.String) for c in vocabulary_columns),
        *(pl.col(c).dt.strftime("%Y-%m-%d") for c, t in frame.schema.items() if t == pl.Date),
    )
    exported = frame
    if labels:
        keep = [c for c in labels if c in shown.columns]
        renames = {k: v for k, v in labels.items() if k in shown.columns}
        shown = shown.select(keep).rename(renames)
        exported = frame.select(keep).rename(renames)
    rows_shown = min(shown.height, 20)
    st.dataframe(
        shown, hide_index=True, height=height or 38 + 35 * max(rows_shown, 1), key=f"t-{name}"
    )
    downloads(exported, name, filters)
