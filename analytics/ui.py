"""Small layout pieces every page uses: the page header, messages, charts, maps and tables."""

from __future__ import annotations

from collections.abc import Iterable

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
