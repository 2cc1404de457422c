"""Small layout pieces every page uses: the page header, messages, charts, maps and tables."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go
import polars as pl
import pydeck as pdk
import streamlit as st

import i18n
from analytics import charts, exports, formatting, text
from analytics.alt import TextAlternative
from analytics.filters import Filters
from analytics.formatting import count, each, label, money, percent
from analytics.palette import GREY
from analytics.text import md
from i18n import SOURCE, _, countries, language, n_
from shell import data, state

# Plotly's own "download as PNG" button, at a resolution fit for a printed report.
PLOTLY_CONFIG = {
    "displaylogo": False,
    "toImageButtonOptions": {"format": "png", "scale": 2, "width": 1400, "height": 700},
}


# Cards holding money (€ 1,813,082.62) are keyed "money-…": their value's type follows the card's
# width (container query units), so that a large exact amount shrinks rather than being cut to
# "€ 1,813,…"; on a card of 260 px or more it is the size of every other card's value.
#
# Captions opaque and in a darker grey than Streamlit's (its text at 60% opacity, #797f85 on white,
# is 4.0:1, under WCAG AA's 4.5:1):
# #57606A is 6.4:1 on white and 5.9:1 on the sidebar. Every focusable element shows where the
# keyboard is with an outline in the accent colour (5.2:1 on white), whatever Streamlit styles;
# what shows on hover only (a heading's link, a chart's or a table's toolbar) shows while the
# keyboard is on it too, or the focus would sit on something invisible.
STYLE = """
<style>
[class*="st-key-money-"] { container-type: inline-size; }
[class*="st-key-money-"] [data-testid="stMetricValue"] p { font-size: min(2.25rem, 12.5cqi); }
[data-testid="stCaptionContainer"] { color: #57606A; opacity: 1; }
:focus-visible { outline: 2px solid #0072B2 !important; outline-offset: 2px; }
.figure-summary { font-size: 0.875rem; color: #3E4751; margin: 0; }
[data-testid="stHeaderActionElements"] a:focus-visible,
.js-plotly-plot .modebar:focus-within .modebar-group,
[data-testid="stElementToolbar"]:focus-within { opacity: 1 !important; transition: none; }
.figure-data { max-height: 26rem; overflow: auto; }
.figure-data table { border-collapse: collapse; font-size: 0.875rem; }
.figure-data caption { text-align: left; font-weight: 600; padding-bottom: 0.3rem; }
.figure-data th { position: sticky; top: 0; background: #F3F6F9; text-align: left; }
.figure-data th, .figure-data td { padding: 0.2rem 0.7rem; border-bottom: 1px solid #D5DBE1; }
.figure-data td.num { text-align: right; font-variant-numeric: tabular-nums; }
.colour-key { font-size: 0.875rem; color: #3E4751; margin: 0; }
.colour-key span.swatch { display: inline-block; width: 0.9em; height: 0.9em;
  border: 1px solid #57606A; vertical-align: -0.1em; margin: 0 0.3em 0 0.8em; }
</style>
"""


def apply_style() -> None:
    st.html(STYLE)


def money_metric(label_text: str, value: str, delta: str | None = None, **kwargs: Any) -> None:
    """st.metric for an amount: the exact value, shrunk to fit its card rather than cut.
    `label_text` is shown literally (it may come from data)."""
    with st.container(key=f"money-{label_text.lower().replace(' ', '-')}"):
        st.metric(md(label_text), value, delta, **kwargs)


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
    for min_width, per_row in sorted(columns):
        rules.append(
            f"@container (min-width: {min_width}px) {{ {grid} "
            f"{{ grid-template-columns: repeat({per_row}, minmax(0, 1fr)); }} }}"
        )
    st.html("<style>" + "\n".join(rules) + "</style>")
    with st.container(key=f"cards-{key}"), st.container():
        yield


def header(title: str, filters: Filters, intro: str | None = None) -> None:
    st.title(title)
    st.caption(md(filters.describe(data.country_names())))
    if intro:
        st.markdown(intro)


def nothing(message: str) -> None:
    """A clear message where a chart or table would be: never a blank or a traceback."""
    st.info(message, icon=":material/filter_alt_off:")


def chart(figure: go.Figure, alt: TextAlternative, key: str | None = None) -> None:
    """A Plotly figure with its text alternative (analytics.alt) below it."""
    with st.container(key=_figure_key(alt, key)):
        st.plotly_chart(figure, config=PLOTLY_CONFIG, key=key)
        text_alternative(alt)


def deck(
    map_deck: pdk.Deck, alt: TextAlternative, height: int = 520, key: str | None = None
) -> None:
    """A map with its text alternative (analytics.alt) and the list of its places below it."""
    with st.container(key=_figure_key(alt, key)):
        st.pydeck_chart(map_deck, height=height, key=key)
        text_alternative(alt)


def _figure_key(alt: TextAlternative, key: str | None) -> str:
    """figure-…: the container of one chart or map and its text alternative (the browser tests
    find each figure's name and summary in it)."""
    # any script's letters: a Bulgarian or Greek name must not shrink to nothing, which gave
    # every chart of a page the same key ("figure-chart") and a page that would not draw
    slug = re.sub(r"[\W_]+", "-", (key or f"{alt.kind} {alt.name}").lower()).strip("-")
    return f"figure-{slug}"


def text_alternative(alt: TextAlternative) -> None:
    """What a screen reader announces for a chart or map, and everyone can read: a note named
    after the figure holding one sentence (its largest values, its trend), then the data behind
    it as a table in an expander. Values from data are escaped here (analytics.text)."""
    is_map = alt.kind == "Map"
    # Translators: what a text alternative describes, before its figure's title ("Map: …")
    kind = _("Map") if is_map else _("Chart")
    summary = _("Map summary:") if is_map else _("Chart summary:")
    st.html(
        f'<p class="figure-summary" role="note" aria-label="{text.html(kind)}: '
        f'{text.html(alt.name)}"><strong>{text.html(summary)}</strong> '
        f"{text.html(alt.summary)}</p>"
    )
    if alt.data.is_empty():
        return
    if is_map:
        # Translators: an expander's title and a table's caption; {name} is the map's title
        expander = _("List of places: {name}", name=text.md(alt.name))
        caption = _("List of places: {name}", name=alt.name)
    else:
        # Translators: an expander's title and a table's caption; {name} is the chart's title
        expander = _("Data table: {name}", name=text.md(alt.name))
        caption = _("Data table: {name}", name=alt.name)
    with st.expander(expander, icon=":material/table:"):
        st.html(html_table(alt.data, caption))


def _cell(value: object) -> str:
    if value is None:
        return "–"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def html_table(frame: pl.DataFrame, caption: str) -> str:
    """A plain HTML table of `frame` (every value escaped): a screen reader's own table, with a
    caption and column headers, in a box that scrolls and takes the keyboard focus to do so.
    The page's tables with downloads stay st.dataframe (shell.ui.table)."""
    numeric = {c for c, t in frame.schema.items() if t.is_numeric()}
    head = "".join(f'<th scope="col">{text.html(c)}</th>' for c in frame.columns)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="{"num" if c in numeric else ""}">{text.html(_cell(v))}</td>'
            for c, v in zip(frame.columns, row, strict=True)
        )
        + "</tr>"
        for row in frame.iter_rows()
    )
    label = text.html(caption)
    return (
        f'<div class="figure-data" tabindex="0" role="region" aria-label="{label}">'
        f"<table><caption>{label}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table></div>"
    )


def colour_key(title: str, items: Iterable[tuple[str, str]]) -> None:
    """A legend in words for colours on a map or chart: each colour beside what it means, so
    colour is never the only carrier. `items` are (label, hex colour); labels are escaped."""
    st.html(
        f'<p class="colour-key">{text.html(title)}'
        + "".join(
            f'<span class="swatch" style="background:{text.html(colour)}" aria-hidden="true">'
            f"</span>{text.html(name)}"
            for name, colour in items
        )
        + "</p>"
    )


def programme_key(places: pl.DataFrame, colours: dict[str, str], title: str | None = None) -> None:
    """The programmes' colours of a map's circles (and arcs), in words; `title` translated."""
    title = title if title is not None else _("Circles by programme:")
    shown = sorted(p for p in places["programme_id"].unique().to_list() if p)
    colour_key(title, [(p, colours.get(p, GREY)) for p in shown])


CSV_DIALECT = "csv_dialect"
CSV_DIALECT_KEY = "csv"  # the link's parameter: ?csv=european


def csv_dialect_choice() -> None:
    """The CSV dialect, chosen once for the session (in the sidebar) and kept in the link, so a
    reload or a shared link keeps it; every CSV button uses it."""
    default = next(iter(exports.DIALECTS))
    state.from_link(CSV_DIALECT_KEY, CSV_DIALECT, exports.DIALECTS, default)
    st.radio(
        _("CSV downloads"),
        options=list(exports.DIALECTS),
        format_func=lambda key: _(exports.DIALECTS[key].label),
        key=CSV_DIALECT,
        help=_(
            "A European Excel opens a file of ; with decimal commas in columns; the comma "
            "form suits other spreadsheets and scripts. Both are UTF-8 with a BOM."
        ),
    )
    state.to_link(CSV_DIALECT_KEY, CSV_DIALECT, default)


def provenance(filters: Filters) -> exports.Provenance:
    """What a downloaded table says about itself: filters, data file, load time and checksum."""
    row = data.last_load()
    described = filters.describe(data.country_names())
    if row is None:
        return exports.Provenance(described)
    return exports.Provenance(described, row["source"], row["loaded_at"], row["sha256"])


@dataclass(frozen=True)
class Export:
    """A table's downloads when they differ from what the screen shows (typed figures where the
    screen has text): the frame, the kinds of its columns, the rows whose amounts are euro."""

    frame: pl.DataFrame
    kinds: Mapping[str, str]
    money_rows: Sequence[bool] | None = None


def downloads(
    frame: pl.DataFrame,
    name: str,
    filters: Filters,
    kinds: Mapping[str, str] | None = None,
    money_rows: Sequence[bool] | None = None,
    about: exports.Provenance | None = None,
) -> None:
    """CSV (in the dialect chosen in the sidebar) and XLSX of exactly this table, named after the
    table, the filters and the data version; generated only when clicked."""
    about = about or provenance(filters)
    dialect = st.session_state.get(CSV_DIALECT, "international")
    # the file is made on click, maybe off the script thread: the language and date format now
    chosen, code = formatting.date_format(), language()

    def csv_file() -> bytes:
        with i18n.using(code), formatting.using_date_format(chosen):
            return exports.to_csv(frame, about, kinds, dialect, money_rows)

    def xlsx_file() -> bytes:
        with i18n.using(code), formatting.using_date_format(chosen):
            return exports.to_xlsx(frame, about, kinds, name, money_rows)

    left, right, _rest = st.columns([1, 1, 6])
    left.download_button(
        "CSV",
        csv_file,
        file_name=about.file_name(name, "csv"),
        mime="text/csv",
        icon=":material/download:",
        key=f"csv-{name}",
        on_click="ignore",
    )
    right.download_button(
        "XLSX",
        xlsx_file,
        file_name=about.file_name(name, "xlsx"),
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/download:",
        key=f"xlsx-{name}",
        on_click="ignore",
    )


def workbook_download(
    label_text: str,
    name: str,
    filters: Filters,
    build: Callable[[exports.Provenance], bytes],
    help_text: str | None = None,
) -> None:
    """A button for a workbook of several sheets (`build(provenance)` makes it), named as a
    table's downloads are; generated only when clicked."""
    about = provenance(filters)
    chosen, code = formatting.date_format(), language()

    def workbook() -> bytes:
        with i18n.using(code), formatting.using_date_format(chosen):
            return build(about)

    st.download_button(
        label_text,
        workbook,
        file_name=about.file_name(name, "xlsx"),
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/download:",
        key=f"workbook-{name}",
        on_click="ignore",
        help=help_text,
    )


EMPTY = "–"


def _labels(value: str | None) -> str | None:
    """smart_city -> Smart city; a list "ict;water" -> "ICT; Water"; empty stays empty."""
    if value is None or value == "":
        return None
    return "; ".join(label(v) for v in value.split(";") if v)


def readable(frame: pl.DataFrame, vocabulary_columns: Iterable[str] = ()) -> pl.DataFrame:
    """Values as on screen and in exports: vocabulary codes as labels, booleans as Yes/No."""
    return frame.with_columns(
        *(each(frame.get_column(c), _labels) for c in vocabulary_columns),
        *(
            pl.col(c).replace_strict({True: _("Yes"), False: _("No")}, return_dtype=pl.String)
            for c, t in frame.schema.items()
            if t == pl.Boolean
        ),
    )


def data_labelled(frame: pl.DataFrame, *columns: str) -> pl.DataFrame:
    """The lines a query made up in English ("Programme level", "No work package", "Other
    partners (12)") in `columns`, in the reader's language (charts.data_label, as the charts
    show them); data is left as it is, and English keeps everything as stored."""
    if language() == SOURCE:
        return frame
    return frame.with_columns(
        each(frame.get_column(c), charts.data_label) for c in columns if c in frame.columns
    )


def countries_named(
    frame: pl.DataFrame, code: str = "country_code", name: str = "country"
) -> pl.DataFrame:
    """The `name` column in the reader's language, looked up by the ISO code in `code`
    (i18n.countries); English keeps the names as stored."""
    if language() == SOURCE or code not in frame.columns or name not in frame.columns:
        return frame
    names = [
        countries.name(c, n)
        for c, n in zip(
            frame.get_column(code).to_list(), frame.get_column(name).to_list(), strict=True
        )
    ]
    return frame.with_columns(pl.Series(name, names, dtype=pl.String))


def for_screen(
    frame: pl.DataFrame,
    money_columns: Iterable[str] = (),
    percent_columns: Mapping[str, int] | None = None,
) -> pl.DataFrame:
    """Money as exact text (€ 1,234.50), shares as 93%, dates in the format chosen (14.10.2024),
    and an en dash, never "None", where a cell is empty."""
    percent_columns = percent_columns or {}
    money_set = set(money_columns)
    shown = frame.with_columns(
        *(each(frame.get_column(c), money) for c in money_set),
        *(
            each(frame.get_column(c), lambda v, d=d: percent(v, d))
            for c, d in percent_columns.items()
        ),
        *(
            pl.col(c).dt.strftime(formatting.date_pattern())
            for c, t in frame.schema.items()
            if t == pl.Date
        ),
        *(
            pl.col(c).dt.strftime(f"{formatting.date_pattern()} %H:%M")
            for c, t in frame.schema.items()
            if isinstance(t, pl.Datetime)
        ),
    )
    return shown.with_columns(
        pl.col(c).cast(pl.String).fill_null(EMPTY)
        for c, t in shown.schema.items()
        if shown.get_column(c).null_count() and not isinstance(t, pl.List)
    )


# st.dataframe's grid (Glide): a header of 35 px, rows of 35 px, 3 px of borders; it wraps a
# cell's text only when rows are taller than 4rem (64 px).
HEADER_PX = 35
ROW_PX = 35
TABLE_MAX_PX = 740  # 20 rows of one line; a longer table scrolls inside its frame
WRAP_LINES = 3
LINE_PX = 20  # a line of 14 px text in the grid
CHAR_PX = 6.5  # the average width of a character of it (Source Sans, 14 px)
CELL_PADDING_PX = 17
WRAP_MIN_ROW_PX = 68  # past Streamlit's 4rem: the grid wraps from here


def row_height(shown: pl.DataFrame, wrap: Mapping[str, int]) -> int | None:
    """Rows tall enough for the longest text of the wrapped columns (`wrap`: shown column to
    width in px), up to WRAP_LINES lines; None (the grid's one line) when every text fits."""
    lines = 1
    for column, width in wrap.items():
        if column not in shown.columns or shown.is_empty():
            continue
        longest = shown.get_column(column).cast(pl.String).str.len_chars().max() or 0
        per_line = max(1, int((width - CELL_PADDING_PX) / CHAR_PX))
        lines = max(lines, -(-int(longest) // per_line))
    if lines <= 1:
        return None
    return max(WRAP_MIN_ROW_PX, 8 + LINE_PX * min(lines, WRAP_LINES))


def table_height(rows: int, row_px: int | None = None) -> int:
    """The grid's height in px for `rows` rows: every row and no empty one, up to TABLE_MAX_PX."""
    return min(HEADER_PX + (row_px or ROW_PX) * max(rows, 1) + 3, TABLE_MAX_PX)


def table(
    frame: pl.DataFrame,
    name: str,
    filters: Filters,
    money_columns: Iterable[str] = (),
    labels: dict[str, str] | None = None,
    vocabulary_columns: Iterable[str] = (),
    percent_columns: Mapping[str, int] | None = None,
    export: Export | None = None,
    about: exports.Provenance | None = None,
    column_config: Mapping[str, Any] | None = None,
    wrap: Mapping[str, int] | None = None,
) -> None:
    """A table as a report wants it: exact money as text (€ 1,234.50), shares as 93%, ISO dates,
    readable vocabulary values and headers, empty cells as "–"; as tall as its rows up to
    TABLE_MAX_PX (no empty ruled rows under a short table); with downloads of the same rows and
    labels as typed cells (money and shares as numbers, dates as dates). `percent_columns` maps
    a share column to its decimals shown. `wrap` maps a column of long text to its width in
    pixels: its text wraps onto up to WRAP_LINES lines (rows grow as its longest text needs) and
    the columns after it stay in view."""
    money_columns = tuple(money_columns)
    percent_columns = dict(percent_columns or {})
    typed = readable(frame, vocabulary_columns)
    kinds = {c: exports.MONEY for c in money_columns}
    kinds.update(
        {c: exports.PERCENT_1 if d else exports.PERCENT for c, d in percent_columns.items()}
    )
    shown = for_screen(typed, money_columns, percent_columns)
    if labels:
        keep = [c for c in labels if c in shown.columns]
        renames = {k: v for k, v in labels.items() if k in shown.columns}
        shown = shown.select(keep).rename(renames)
        typed = typed.select(keep).rename(renames)
        kinds = {renames.get(c, c): k for c, k in kinds.items() if c in renames}
    config = dict(column_config or {})
    wrapped = {(labels or {}).get(c, c): w for c, w in (wrap or {}).items()}
    for column, width in wrapped.items():
        config.setdefault(column, st.column_config.TextColumn(width=width))
    row_px = row_height(shown, wrapped)
    # An Arrow table, which Streamlit serialises as it is: handed a Polars frame, it calls
    # to_pandas, which holds the GIL while it waits on Polars' thread pool (issue 27).
    st.dataframe(
        shown.to_arrow(),
        hide_index=True,
        height=table_height(shown.height, row_px),
        row_height=row_px,
        key=f"t-{name}",
        column_config=config or None,
    )
    if export is not None:
        downloads(export.frame, name, filters, export.kinds, export.money_rows, about)
    else:
        downloads(typed, name, filters, kinds, about=about)


def portfolio_figures(summary: dict[str, Any]) -> None:
    """The figures of a portfolio (queries.portfolio_summary's row): projects, partners,
    countries, budget and EU funding, as cards that reflow with the width."""
    with card_grid("portfolio", ((1000, 5), (700, 3), (0, 2))):
        for title, value in (
            (_("Projects"), count(summary["projects"])),
            (_("Partners"), count(summary["partners"])),
            (_("Countries"), count(summary["countries"])),
        ):
            with st.container(border=True):
                st.metric(title, value)
        for title, amount in (
            (_("Budget"), summary["budget_eur"]),
            (_("EU funding"), summary["eu_contribution_eur"]),
        ):
            with st.container(border=True):
                money_metric(title, money(amount))
    funding = n_("{n} funding programme", "{n} funding programmes", summary["funding_programmes"])
    organisations = n_(
        "{n} distinct organisation among the partners (same name and country)",
        "{n} distinct organisations among the partners (same name and country)",
        summary["organisations"],
    )
    # Translators: two figures of a portfolio side by side, as in "3 funding programmes · …"
    st.caption(_("{funding} · {organisations}", funding=funding, organisations=organisations))
