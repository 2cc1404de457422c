"""Chart builders: a small polars frame, exactly as its query returns it, in; a Plotly figure out.

Pure functions: no Streamlit, no database, no files. Every figure gets the same look (white
template, one font, tight margins, legend on top, an optional "Source: ..." caption at the bottom
left) because figures are pasted into EU reports as screenshots. Colours come from
`analytics.palette` only, so a programme or sector has one colour on every page. Money stays
Decimal: float() only for plotting coordinates, every money text comes from `formatting.money` on
the exact value. An empty frame gives `empty_figure`, never an exception. Text from data (names,
ids, titles, places) passes `text.plotly` (as `plotly_text`) before it reaches a label, a category,
a legend or a hover: Plotly reads tags such as <a href> and <b> in all of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

# Plotly looks pandas up in sys.modules without importing it (should_load=False): two sessions
# drawing their first charts at once, one found the other's half-imported pandas ("partially
# initialized module 'pandas'"). Imported here, whole, before any figure is built.
import pandas  # noqa: F401
import plotly.graph_objects as go
import plotly.io as pio
import polars as pl
from babel.numbers import format_decimal, get_decimal_symbol, get_group_symbol

import i18n.formats
from analytics import formatting, palette
from analytics.text import plotly as plotly_text
from i18n import N_, _, n_

# plotly_white, validated once by plotly when it registered it.
WHITE = pio.templates["plotly_white"]

FONT = "Source Sans Pro, sans-serif"
NO_DATA = N_("No data for these filters")
TEXT_COLOUR = "#222222"
CAPTION_COLOUR = "#666666"
LIGHT_GREY = "#DDDDDD"
TARGET_COLOUR = palette.OKABE_ITO[7]
PLAN_COLOUR = palette.STATUS["on plan"]

# Contact dimensions whose keys are codes of a controlled vocabulary (labels and colours from it).
VOCABULARY_DIMENSIONS = ("org_type", "meeting_type", "outcome", "sector")

# English constants (N_): translated where they are shown, with _().
BREAKDOWN_TITLES = {
    "org_type": N_("Contacts by type of organisation"),
    "meeting_type": N_("Contacts by type of meeting"),
    "outcome": N_("Contacts by outcome"),
    "sector": N_("Contacts by sector"),
    "country": N_("Contacts by country of the organisation"),
    "mission": N_("Contacts by mission"),
    "programme": N_("Contacts by programme"),
}

STAGE_LABELS = {
    "contact": N_("Contacts"),
    "follow_up": N_("Follow-up"),
    "mou": N_("MoU"),
    "agreement": N_("Agreement"),
    "joint_project": N_("Joint project"),
}

BUDGET_TITLES = {
    "category": N_("Budget, plan to date and spending by cost category"),
    "partner": N_("Budget, plan to date and spending by partner"),
    "work_package": N_("Budget, plan to date and spending by work package"),
}

FLAG_LABELS = {
    # Translators: a budget line's spending compared with its linear plan to date
    "over": N_("over plan"),
    "under": N_("under plan"),
    "on plan": N_("on plan"),
    # Translators: spending on a budget line that has no budget
    "unbudgeted": N_("unbudgeted"),
}


# Lines and series the queries make up, in English (their results are cached for every viewer):
# "Other programmes (3)", "Other partners (12)", "Programme level", "No work package".
_FOLDED = re.compile(r"^Other (programmes|categories|partners|work packages) \((\d+)\)$")


def data_label(text: str | None) -> str | None:
    """A label a query wrote for a line it made up, in the language of the run; any other
    text (from data) as it is."""
    if not text or i18n.language() == i18n.SOURCE:
        return text
    if text == "Programme level":
        return _("Programme level")
    if text == "No work package":
        return _("No work package")
    folded = _FOLDED.match(text)
    if folded is None:
        return text
    kind, n = folded.group(1), int(folded.group(2))
    # Translators: the smallest lines of a chart summed as one; {n} how many
    if kind == "programmes":
        return n_("Other programmes ({n})", "Other programmes ({n})", n)
    if kind == "categories":
        return n_("Other categories ({n})", "Other categories ({n})", n)
    if kind == "partners":
        return n_("Other partners ({n})", "Other partners ({n})", n)
    return n_("Other work packages ({n})", "Other work packages ({n})", n)


def breakdown_title(dimension: str) -> str:
    """The title of the contacts breakdown by `dimension`, in the language of the run."""
    if dimension in BREAKDOWN_TITLES:
        return _(BREAKDOWN_TITLES[dimension])
    return _("Contacts by {dimension}", dimension=formatting.label(dimension))


def budget_title(dimension: str) -> str:
    """The title of the budget comparison by `dimension`, in the language of the run."""
    if dimension in BUDGET_TITLES:
        return _(BUDGET_TITLES[dimension])
    return _(
        "Budget, plan to date and spending by {dimension}", dimension=formatting.label(dimension)
    )


def stage_label(stage: str) -> str:
    """A stage of the outcome funnel (contact, follow_up, ...) as people read it."""
    return _(STAGE_LABELS[stage]) if stage in STAGE_LABELS else formatting.label(stage)


def flag_label(flag: str) -> str:
    """over plan, under plan, on plan, unbudgeted: in the language of the run."""
    return _(FLAG_LABELS[flag]) if flag in FLAG_LABELS else flag


DEFAULT_HEIGHT = 420
_MAX_LABEL = 48  # characters of a category label on an axis; the hover keeps the full text


# ---------------------------------------------------------------- shared look


def _white(fig: go.Figure) -> None:
    """Give `fig` the plotly_white template as plotly gives a new figure its default template:
    without validating it again. template="plotly_white" copied and validated the whole
    template for every figure, 30 ms each: 18% of the server's CPU under many viewers, all of it
    holding the GIL every session shares. (plotly's own default cannot be used: Streamlit sets it
    to its own template when it is imported.)"""
    layout = fig.layout
    layout._validate = False
    try:
        layout.template = WHITE
    finally:
        layout._validate = fig._validate


def _relayout(fig: go.Figure, **updates: Any) -> None:
    """fig.update_layout(**updates) with plain property names: the same layout, without
    update_layout's batch relayout (about 8 ms a call, which made style() 15% of a page's CPU
    under many viewers). A dict is merged into what the layout already holds, as update_layout
    merges it; any other value replaces it."""
    layout = fig.layout
    for key, value in updates.items():
        if isinstance(value, dict):
            current = layout[key]
            if hasattr(current, "to_plotly_json"):
                value = _merged(current.to_plotly_json(), value)
        layout[key] = value


def _merged(held: dict, update: dict) -> dict:
    merged = dict(held)
    for key, value in update.items():
        inner = merged.get(key)
        merged[key] = (
            _merged(inner, value) if isinstance(value, dict) and isinstance(inner, dict) else value
        )
    return merged


def style(
    fig: go.Figure,
    title: str,
    *,
    source: str | None = None,
    x_title: str | None = None,
    y_title: str | None = None,
    legend: bool = False,
    height: int = DEFAULT_HEIGHT,
    caption_shift: int = 48,
) -> go.Figure:
    """The look every figure shares, so screenshots in a report match each other.

    `title` and `source` are our own text and may hold Plotly tags (<br>); no value from data.

    The height is always set: the legend sits in container coordinates just under the title (a
    legend of several rows then pushes the plot down instead of running into the title), and
    `caption_shift` is how far, in pixels, the source caption sits below the plot area.
    """
    _white(fig)
    code = i18n.language()
    if code != i18n.SOURCE:
        # Plotly's own numbers (axis ticks, %{...} formats): the language's decimal and group marks
        _relayout(fig, separators=get_decimal_symbol(code) + get_group_symbol(code))
    _relayout(
        fig,
        height=height,
        title={
            "text": title,
            "x": 0,
            "xref": "container",
            "xanchor": "left",
            "y": 1,
            "yref": "container",
            "yanchor": "top",
            "pad": {"l": 10, "t": 12},
            "font": {"size": 17},
        },
        font={"family": FONT, "size": 13, "color": TEXT_COLOUR},
        hoverlabel={"font": {"family": FONT}},
        margin={
            "l": 10,
            "r": 25,
            "t": 40 if legend else 50,
            "b": caption_shift + 27 if source else 45,
        },
        showlegend=legend,
    )
    if legend:
        _relayout(
            fig,
            legend={
                "orientation": "h",
                "xref": "container",
                "x": 0,
                "xanchor": "left",
                "yref": "container",
                "y": 1 - 40 / height,
                "yanchor": "top",
                "traceorder": "normal",
                "title": {"text": ""},
            },
        )
    if x_title is not None:
        fig.update_xaxes(title_text=x_title, automargin=True)
    if y_title is not None:
        fig.update_yaxes(title_text=y_title, automargin=True)
    if source:
        fig.add_annotation(
            # Translators: {source} names where the figures come from (our own text)
            text=_("Source: {source}", source=source),
            xref="paper",
            yref="paper",
            x=0,
            y=0,
            xanchor="left",
            yanchor="top",
            yshift=-caption_shift,
            showarrow=False,
            align="left",
            font={"size": 10, "color": CAPTION_COLOUR},
        )
    return fig


def empty_figure(title: str, message: str | None = None, *, source: str | None = None) -> go.Figure:
    """A figure with no traces and a centred message (NO_DATA unless given), so an empty
    selection never breaks a page."""
    message = _(NO_DATA) if message is None else message
    fig = go.Figure()
    fig.add_annotation(
        text=message,
        xref="paper",
        yref="paper",
        x=0.5,
        y=0.5,
        xanchor="center",
        yanchor="middle",
        showarrow=False,
        font={"size": 16, "color": CAPTION_COLOUR},
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    # Says, to the screenshot command and the browser tests, that the frame is empty on purpose
    # and tells why; a figure with traces but no points is the broken case they look for.
    fig.update_layout(meta={"empty": message})
    return style(fig, title, source=source, height=300)


_DAY_MS = 86_400_000


def _numeric_date_ticks(fig: go.Figure, *, months: bool) -> None:
    """Plotly names months in English whatever the page's language (d3's own locale, which the
    app cannot load offline): another language gets its dates as numbers (14.10.2024, 10.2024,
    2024), in the date format in force."""
    if i18n.language() == i18n.SOURCE:
        return
    day = formatting.date_pattern()  # %d.%m.%Y, %Y-%m-%d, %Y. %m. %d. ...
    month = re.sub(r"[^%A-Za-z]*%d[^%A-Za-z]*", "", day, count=1).strip() or "%m/%Y"
    fig.update_xaxes(
        tickformatstops=[
            {"dtickrange": [None, 28 * _DAY_MS], "value": month if months else day},
            {"dtickrange": [28 * _DAY_MS, 365 * _DAY_MS], "value": month},
            {"dtickrange": [365 * _DAY_MS, None], "value": "%Y"},
        ]
    )


def _fit_dates(fig: go.Figure, dates: Iterable[date | None], *, months: bool = False) -> None:
    """A date axis that reads in days or months for any span: one date, or a week, gets a range
    around it (Plotly's own would read in fractions of a millisecond around a single date)."""
    _numeric_date_ticks(fig, months=months)
    days = [d for d in dates if d is not None]
    if not days:
        return
    first, last = min(days), max(days)
    minimum = 92 if months else 31
    span = (last - first).days
    if span >= minimum:
        return
    pad = timedelta(days=(minimum - span) / 2)
    fig.update_xaxes(
        range=[(first - pad).isoformat(), (last + pad).isoformat()],
        tickformat="%b %Y" if months else formatting.date_pattern(),  # d3 reads it too
        dtick="M1" if months else None,
    )


def _lines(points: int) -> str:
    """Lines, with markers where a line has fewer than two points and would draw nothing."""
    return "lines" if points >= 2 else "lines+markers"


def _hover(texts: list[str]) -> dict[str, object]:
    """Hover shows our own pre-formatted text (exact money, thousands separators), nothing else."""
    return {"hovertext": texts, "hovertemplate": "%{hovertext}<extra></extra>"}


def _short(text: str, limit: int = _MAX_LABEL) -> str:
    """A label from data cut to `limit` characters, then escaped (never cut inside an entity)."""
    return plotly_text(text if len(text) <= limit else text[: limit - 1].rstrip() + "…")


def _number(value: float) -> str:
    """110.0 -> 110, 1500 -> 1,500, 12.5 -> 12.5 (12,5 in German)."""
    if float(value).is_integer():
        return formatting.count(value)
    code = i18n.language()
    return f"{value:,}" if code == i18n.SOURCE else format_decimal(value, locale=code)


def _ordered(values: Iterable[str], preferred: Iterable[str]) -> list[str]:
    """Values in the palette's order (stable stacking and legends), unknown ones after, sorted."""
    present = set(values)
    first = [v for v in preferred if v in present]
    return first + sorted(present - set(first))


def _rgba(colour: str, alpha: float) -> str:
    r, g, b, _ = palette.hex_to_rgb(colour)
    return f"rgba({r}, {g}, {b}, {alpha})"


def _month(value: date) -> str:
    return i18n.formats.month(value)  # Jan 2024, janv. 2024, Ιαν 2024


def _bar_height(rows: int, per_row: int = 26, minimum: int = 300) -> int:
    return max(minimum, 130 + per_row * rows)


# ---------------------------------------------------------------- contacts


def contacts_over_time(
    frame: pl.DataFrame,
    colours: Mapping[str, str],
    target: float | None = None,
    *,
    title: str | None = None,
    source: str | None = None,
) -> go.Figure:
    """Shows progress towards the contacts target and which programme brought the contacts."""
    title = title or _("Cumulative contacts by programme")
    if frame.is_empty():
        return empty_figure(title, source=source)
    # Translators: a chart's hover; {programme} a programme's code, {day} a date
    hover = _("<b>{programme}</b> · {day}<br>Contacts so far: {so_far}<br>New that day: {new}")
    fig = go.Figure()
    for programme in _ordered(frame["programme_id"], colours):
        part = frame.filter(pl.col("programme_id") == programme).sort("day")
        colour = colours.get(programme, palette.GREY)
        days = part["day"].to_list()
        cumulative = part["cumulative"].to_list()
        new = part["contacts"].to_list()
        fig.add_trace(
            go.Scatter(
                x=days,
                y=cumulative,
                name=plotly_text(data_label(programme)),
                mode=_lines(len(days)),
                line_shape="hv",  # steps on the days contacts were made, flat in between
                stackgroup="contacts",
                line={"color": colour, "width": 1},
                marker={"color": colour, "size": 12},  # drawn only for a single date
                fillcolor=_rgba(colour, 0.75),
                **_hover(
                    [
                        hover.format(
                            programme=plotly_text(data_label(programme)),
                            day=formatting.day(d),
                            so_far=formatting.count(c),
                            new=formatting.count(n),
                        )
                        for d, c, n in zip(days, cumulative, new, strict=True)
                    ]
                ),
            )
        )
    if target is not None:
        fig.add_hline(
            y=target,
            line={"dash": "dash", "color": TARGET_COLOUR, "width": 1.5},
            # Translators: the contacts target, drawn as a line on the chart
            annotation_text=_("Target {target}", target=_number(target)),
            annotation_position="top left",
            annotation_font={"size": 12, "color": TARGET_COLOUR},
        )
    _fit_dates(fig, frame["day"].to_list())
    return style(fig, title, source=source, x_title=_("Date"), y_title=_("Contacts"), legend=True)


def contacts_breakdown(
    frame: pl.DataFrame,
    dimension: str,
    colours: Mapping[str, str] | None = None,
    *,
    names: Mapping[str, str] | None = None,
    title: str | None = None,
    source: str | None = None,
) -> go.Figure:
    """Ranks the values of one dimension by contacts, with the organisations behind them.

    Vocabulary dimensions get their labels and colours from the contract's vocabulary; with
    `colours` (programme colours) the programme and mission dimensions are coloured by programme;
    anything else is ACCENT. `names` maps raw keys to display names (e.g. country codes).
    """
    title = title or breakdown_title(dimension)
    if frame.is_empty():
        return empty_figure(title, source=source)
    rows = frame.sort(["contacts", "key"], descending=[True, False], nulls_last=True)
    keys: list[str | None] = rows["key"].to_list()
    vocabulary = dimension in VOCABULARY_DIMENSIONS
    if vocabulary:
        full = [formatting.label(k) for k in keys]
        lookup = palette.vocabulary_colours(dimension)
        bar_colours = [lookup.get(k or "", palette.GREY) for k in keys]
    else:
        unknown = _("Not recorded")
        full = [(names or {}).get(k, k) if k is not None else unknown for k in keys]
        if colours is not None and dimension in ("programme", "mission"):
            bar_colours = [colours.get(p, palette.GREY) for p in rows["programme_id"].to_list()]
        else:
            bar_colours = [palette.ACCENT] * len(keys)
    contacts = rows["contacts"].to_list()
    organisations = rows["organisations"].to_list()
    hover = _("<b>{name}</b><br>Contacts: {contacts}<br>Organisations: {organisations}")
    fig = go.Figure(
        go.Bar(
            x=contacts,
            y=[_short(t) for t in full],
            orientation="h",
            marker={"color": bar_colours},
            text=[formatting.count(c) for c in contacts],
            textposition="outside",
            cliponaxis=False,
            **_hover(
                [
                    hover.format(
                        name=plotly_text(t),
                        contacts=formatting.count(c),
                        organisations=formatting.count(o),
                    )
                    for t, c, o in zip(full, contacts, organisations, strict=True)
                ]
            ),
        )
    )
    fig.update_yaxes(autorange="reversed", type="category", ticklabelstandoff=6)
    return style(fig, title, source=source, x_title=_("Contacts"), height=_bar_height(len(keys)))


def outcome_funnel(
    frame: pl.DataFrame, *, title: str | None = None, source: str | None = None
) -> go.Figure:
    """Shows how many contacts went on to a follow-up, an MoU, an agreement, a joint project."""
    title = title or _("From contact to result")
    rows = frame.sort("rank")
    if rows.is_empty() or not rows["contacts"][0]:
        # The query returns every stage even when nothing matches: zero contacts is no data.
        return empty_figure(title, source=source)
    stages = rows["stage"].to_list()
    contacts = rows["contacts"].to_list()
    total = contacts[0]
    labels = [plotly_text(stage_label(s)) for s in stages]
    outcome_colours = palette.vocabulary_colours("outcome")
    text = [f"{formatting.count(c)} ({formatting.percent(c / total)})" for c in contacts]
    fig = go.Figure(
        go.Funnel(
            x=contacts,
            y=labels,
            text=text,
            textinfo="text",
            textposition="auto",
            marker={"color": [outcome_colours.get(s, palette.ACCENT) for s in stages]},
            connector={"fillcolor": "#F2F2F2", "line": {"width": 0}},
            **_hover(
                [
                    # Translators: {share} is a count and its percent, e.g. "20 (10%)"
                    _(
                        "<b>{stage}</b><br>{share} of contacts reached this stage or further",
                        stage=label,
                        share=t,
                    )
                    for label, t in zip(labels, text, strict=True)
                ]
            ),
        )
    )
    fig.update_yaxes(ticklabelstandoff=6)
    return style(fig, title, source=source, height=320, caption_shift=16)


# ---------------------------------------------------------------- sectors


def sector_ranking(
    frame: pl.DataFrame, *, title: str | None = None, source: str | None = None
) -> go.Figure:
    """Ranks sectors by contacts made, with the organisations and missions behind them."""
    title = title or _("Contacts by sector")
    if frame.is_empty():
        return empty_figure(title, source=source)
    rows = frame.sort(
        ["contacts", "missions", "sector"], descending=[True, True, False], nulls_last=True
    )
    sectors = rows["sector"].to_list()
    contacts = rows["contacts"].to_list()
    labels = [plotly_text(formatting.label(s)) for s in sectors]
    colours = palette.vocabulary_colours("sector")
    hover = _(
        "<b>{sector}</b><br>Contacts: {contacts}<br>Organisations: {organisations}<br>"
        "Missions: {missions}"
    )
    fig = go.Figure(
        go.Bar(
            x=contacts,
            y=labels,
            orientation="h",
            marker={"color": [colours.get(s, palette.GREY) for s in sectors]},
            # A sector the missions targeted without a contact recorded says so, not a bare 0.
            text=[
                formatting.count(c)
                if c
                # Translators: beside the bar of a sector with no contact; {n} counts missions
                else n_("0 · targeted by {n} mission", "0 · targeted by {n} missions", m or 0)
                for c, m in zip(contacts, rows["missions"], strict=True)
            ],
            textposition="outside",
            cliponaxis=False,
            **_hover(
                [
                    hover.format(
                        sector=label,
                        contacts=formatting.count(c),
                        organisations=formatting.count(o),
                        missions=formatting.count(m),
                    )
                    for label, c, o, m in zip(
                        labels, contacts, rows["organisations"], rows["missions"], strict=True
                    )
                ]
            ),
        )
    )
    fig.update_yaxes(autorange="reversed", type="category", ticklabelstandoff=6)
    return style(fig, title, source=source, x_title=_("Contacts"), height=_bar_height(len(labels)))


def sector_country_heatmap(
    frame: pl.DataFrame,
    *,
    title: str | None = None,
    source: str | None = None,
) -> go.Figure:
    """Shows which sectors met which target markets, busiest sectors and countries first."""
    title = title or _("Contacts by sector and target country")
    rows = frame.filter(pl.col("contacts") > 0).with_columns(
        pl.col("country").fill_null(_("Unknown"))
    )
    if rows.is_empty():
        return empty_figure(title, source=source)
    sector_totals = rows.group_by("sector").agg(pl.col("contacts").sum())
    country_totals = rows.group_by("country").agg(pl.col("contacts").sum())
    sectors = sector_totals.sort(["contacts", "sector"], descending=[True, False])["sector"]
    countries = country_totals.sort(["contacts", "country"], descending=[True, False])["country"]
    sectors, countries = sectors.to_list(), countries.to_list()
    cells = {
        (s, c): n for s, c, n in zip(rows["sector"], rows["country"], rows["contacts"], strict=True)
    }
    labels = [plotly_text(formatting.label(s)) for s in sectors]
    z = [[cells.get((s, c)) for c in countries] for s in sectors]
    text = [["" if n is None else formatting.count(n) for n in line] for line in z]
    cell = _("<b>{sector}</b> · {country}<br>Contacts: {contacts}")
    hover = [
        [
            cell.format(
                sector=label,
                country=plotly_text(c),
                contacts=formatting.count(cells.get((s, c), 0)),
            )
            for c in countries
        ]
        for s, label in zip(sectors, labels, strict=True)
    ]
    steps = len(palette.SEQUENTIAL) - 1
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[plotly_text(c) for c in countries],
            y=labels,
            text=text,
            texttemplate="%{text}",
            colorscale=[[i / steps, c] for i, c in enumerate(palette.SEQUENTIAL)],
            zmin=0,
            zmax=max(rows["contacts"]),
            xgap=2,
            ygap=2,
            hoverongaps=False,
            colorbar={"title": {"text": _("Contacts")}, "thickness": 12, "outlinewidth": 0},
            **_hover(hover),
        )
    )
    # Country names at a fixed angle, so the caption can be placed below the longest of them.
    longest = max(len(c) for c in countries)
    fig.update_xaxes(type="category", tickangle=-40, showgrid=False)
    fig.update_yaxes(type="category", autorange="reversed", showgrid=False, ticklabelstandoff=6)
    return style(
        fig,
        title,
        source=source,
        x_title=_("Target country"),
        y_title=_("Sector"),
        height=_bar_height(len(sectors), per_row=30) + 5 * longest,
        caption_shift=45 + round(longest * 7 * 0.643),  # sin 40° of the label's width
    )


def sector_share_by_programme(
    frame: pl.DataFrame,
    *,
    title: str | None = None,
    source: str | None = None,
) -> go.Figure:
    """Compares what each programme's contacts were about, each programme scaled to 100%."""
    title = title or _("Sector mix of contacts by programme")
    if frame.is_empty():
        return empty_figure(title, source=source)
    programmes = list(dict.fromkeys(frame["programme_id"].to_list()))
    totals = frame.group_by("sector").agg(pl.col("contacts").sum())
    last = {"other": 1, "not recorded": 2}  # the residual categories go at the end of each bar
    totals = totals.with_columns(
        pl.col("sector").replace_strict(last, default=0, return_dtype=pl.Int64).alias("_last")
    ).sort(["_last", "contacts", "sector"], descending=[False, True, False])
    colours = palette.vocabulary_colours("sector")
    # Translators: {share} is the sector's percent of the programme's contacts
    hover = _("<b>{programme}</b> · {sector}<br>Contacts: {contacts} ({share})")
    fig = go.Figure()
    for sector in totals["sector"].to_list():
        part = frame.filter(pl.col("sector") == sector)
        label = plotly_text(formatting.label(sector))
        shares = part["share"].to_list()
        fig.add_trace(
            go.Bar(
                x=shares,
                y=[plotly_text(data_label(p)) for p in part["programme_id"]],
                name=label,
                orientation="h",
                marker={"color": colours.get(sector, palette.GREY)},
                text=[formatting.percent(s) if s >= 0.08 else "" for s in shares],
                textposition="inside",
                insidetextanchor="middle",
                **_hover(
                    [
                        hover.format(
                            programme=plotly_text(data_label(p)),
                            sector=label,
                            contacts=formatting.count(c),
                            share=formatting.percent(s),
                        )
                        for p, c, s in zip(
                            part["programme_id"], part["contacts"], shares, strict=True
                        )
                    ]
                ),
            )
        )
    fig.update_layout(barmode="stack", uniformtext={"minsize": 10, "mode": "hide"})
    fig.update_xaxes(range=[0, 1.001], tick0=0, dtick=0.2, tickformat=".0%")
    fig.update_yaxes(
        type="category",
        categoryorder="array",
        categoryarray=[plotly_text(data_label(p)) for p in programmes],
        autorange="reversed",
        ticklabelstandoff=6,
    )
    legend_rows = -(-totals.height // 4)  # about four sectors to a legend row
    return style(
        fig,
        title,
        source=source,
        x_title=_("Share of the programme's contacts (%)"),
        legend=True,
        height=_bar_height(len(programmes), per_row=45, minimum=220) + 22 * legend_rows,
    )


# ---------------------------------------------------------------- missions


def missions_timeline(
    frame: pl.DataFrame,
    colours: Mapping[str, str],
    *,
    title: str | None = None,
    source: str | None = None,
) -> go.Figure:
    """Shows when each mission took place and for which programme, one row per mission."""
    title = title or _("Missions over time")
    if frame.is_empty():
        return empty_figure(title, source=source)
    rows = frame.sort(["start_date", "mission_id"])
    total = rows["total_rows"][0] if "total_rows" in rows.columns else rows.height
    if total is not None and total > rows.height:
        # Translators: a chart's title with the number of missions drawn ({n}) of all ({total})
        title = n_(
            "{title} (first {n} of {total})",
            "{title} (first {n} of {total})",
            rows.height,
            title=title,
            total=formatting.count(total),
        )
    day_ms = 86_400_000
    # Translators: a mission's hover: its id, type, title, dates, place and contacts
    line = _("<b>{mission}</b> · {kind}<br>{title}<br>{dates}<br>{place}<br>Contacts: {contacts}")
    fig = go.Figure()
    for programme in _ordered(rows["programme_id"], colours):
        part = rows.filter(pl.col("programme_id") == programme)
        colour = colours.get(programme, palette.GREY)
        starts: list[date] = part["start_date"].to_list()
        ends: list[date | None] = part["end_date"].to_list()
        # Bars run from the first day's start to the end of the last day (inclusive end date),
        # so a one-day mission is one day long, never zero.
        lasts = [e or s for s, e in zip(starts, ends, strict=True)]
        hover = [
            line.format(
                mission=plotly_text(m),
                kind=plotly_text(formatting.label(kind)),
                title=plotly_text(t),
                dates=formatting.period(s, e),
                place=plotly_text(", ".join(v for v in (city, country) if v)),
                contacts=formatting.count(n),
            )
            for m, kind, t, s, e, city, country, n in zip(
                part["mission_id"],
                part["type"],
                part["title"],
                starts,
                lasts,
                part["city"],
                part["country"],
                part["contacts"],
                strict=True,
            )
        ]
        fig.add_trace(
            go.Bar(
                x=[((e - s).days + 1) * day_ms for s, e in zip(starts, lasts, strict=True)],
                base=[s.isoformat() for s in starts],
                y=[plotly_text(m) for m in part["mission_id"]],
                name=plotly_text(programme),
                orientation="h",
                # The outline keeps a one-day bar a few pixels wide on a multi-year axis.
                marker={"color": colour, "line": {"color": colour, "width": 3}},
                **_hover(hover),
            )
        )
    fig.update_layout(barmode="overlay", bargap=0.35)
    fig.update_xaxes(type="date")
    _fit_dates(fig, [*rows["start_date"].to_list(), *rows["end_date"].to_list()])
    fig.update_yaxes(
        type="category",
        categoryorder="array",
        categoryarray=[plotly_text(m) for m in rows["mission_id"]],
        autorange="reversed",
        ticklabelstandoff=6,
    )
    return style(
        fig,
        title,
        source=source,
        x_title=_("Date"),
        y_title=_("Mission"),
        legend=True,
        height=_bar_height(rows.height, per_row=24),
    )


# ---------------------------------------------------------------- budget


def signed_percent(share: float | None) -> str:
    if share is None:
        return "–"
    number = formatting.percent_number(share)
    return ("+" if number > 0 else "") + i18n.formats.percent(number)


FLAG_SIGNS = {"over": "▲", "under": "▼", "unbudgeted": "●"}


def flag_text(flag: str, share: float | None) -> str:
    """What a spent bar says beside it: '▲ 20% over plan', '▼ 80% under plan', 'unbudgeted';
    nothing on plan (the quiet case stays quiet). The arrow and the word say the direction, so
    the share is unsigned ('▼ -80% under plan' read as a double negative)."""
    if flag == "on plan":
        return ""
    if flag == "over" and share is not None:
        words = _("{share} over plan", share=formatting.percent(abs(share)))
    elif flag == "under" and share is not None:
        words = _("{share} under plan", share=formatting.percent(abs(share)))
    else:
        words = flag_label(flag)
    return f"{FLAG_SIGNS.get(flag, '')} {words}".strip()


def spend_vs_budget(
    frame: pl.DataFrame,
    dimension: str,
    *,
    title: str | None = None,
    source: str | None = None,
) -> go.Figure:
    """Compares spending with the budget and the linear plan to date, flagging lines off plan."""
    title = title or budget_title(dimension)
    if frame.is_empty():
        return empty_figure(title, source=source)
    labels = [
        formatting.label(lab) if dimension == "category" else (data_label(lab) or key or "–")
        for key, lab in zip(frame["key"], frame["label"], strict=True)
    ]
    if len({_short(lab) for lab in labels}) < len(labels):  # one name would merge two bars
        labels = [f"{lab} ({key})" for lab, key in zip(labels, frame["key"], strict=True)]
    ticks = [_short(lab) for lab in labels]
    budget: list[Decimal] = frame["budget"].to_list()
    plan: list[Decimal] = frame["plan"].to_list()
    spent: list[Decimal] = frame["spent"].to_list()
    flags: list[str] = frame["flag"].to_list()
    # Translators: a budget line's hover; {variance_share} is signed (+20%), {flag} "over plan"
    line = _(
        "<b>{line}</b><br>Budget: {budget}<br>Plan to date: {plan}<br>Spent: {spent}<br>"
        "Variance: {variance} ({variance_share}), {flag}"
    )
    hover = [
        line.format(
            line=plotly_text(lab),
            budget=formatting.money(b),
            plan=formatting.money(p),
            spent=formatting.money(s),
            variance=formatting.money(v),
            variance_share=signed_percent(vs),
            flag=plotly_text(flag_label(f)),
        )
        for lab, b, p, s, v, vs, f in zip(
            labels,
            budget,
            plan,
            spent,
            frame["variance"],
            frame["variance_share"],
            flags,
            strict=True,
        )
    ]

    def coords(values: list[Decimal]) -> list[float]:
        return [float(v) if v is not None else 0.0 for v in values]

    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            x=coords(budget),
            y=ticks,
            name=_("Budget"),
            orientation="h",
            offsetgroup="budget",
            marker={"color": LIGHT_GREY, "line": {"color": PLAN_COLOUR, "width": 1}},
            **_hover(hover),
        )
    )
    fig.add_trace(
        go.Bar(
            x=coords(plan),
            y=ticks,
            name=_("Plan to date"),
            orientation="h",
            offsetgroup="plan",
            marker={
                "color": "white",
                "line": {"color": PLAN_COLOUR, "width": 1},
                "pattern": {"shape": "/", "fgcolor": PLAN_COLOUR, "size": 6},
            },
            **_hover(hover),
        )
    )
    # One trace per flag present, all in one slot of the group, so the legend explains colours.
    # Colour is never the only sign: a line off plan says so beside its bar, with an arrow.
    shares = frame["variance_share"].to_list()
    for flag in _ordered(flags, palette.STATUS):
        index = [i for i, f in enumerate(flags) if f == flag]
        fig.add_trace(
            go.Bar(
                x=coords([spent[i] for i in index]),
                y=[ticks[i] for i in index],
                # Translators: a legend entry, e.g. "Spent, over plan"
                name=_("Spent, {flag}", flag=plotly_text(flag_label(flag))),
                orientation="h",
                offsetgroup="spent",
                marker={"color": palette.STATUS.get(flag, palette.GREY)},
                text=[flag_text(flag, shares[i]) for i in index],
                textposition="outside",
                textfont={"size": 11},
                cliponaxis=False,
                **_hover([hover[i] for i in index]),
            )
        )
    fig.update_layout(barmode="group", bargap=0.25, bargroupgap=0.05)
    fig.update_xaxes(tickformat=",.0f", rangemode="tozero")
    fig.update_yaxes(
        type="category",
        categoryorder="array",
        categoryarray=ticks,
        autorange="reversed",
        ticklabelstandoff=6,
    )
    return style(
        fig,
        title,
        source=source,
        x_title=_("EUR"),
        legend=True,
        height=_bar_height(len(labels), per_row=54),
    )


def cumulative_spend(
    frame: pl.DataFrame,
    forecast: Decimal | float | None = None,
    *,
    title: str | None = None,
    source: str | None = None,
) -> go.Figure:
    """Shows whether spending keeps pace with the budget spread evenly over the programme."""
    title = title or _("Cumulative spending against the linear plan")
    if frame.is_empty():
        return empty_figure(title, source=source)
    rows = frame.sort("month")
    months: list[date] = rows["month"].to_list()
    plan: list[Decimal | None] = rows["plan"].to_list()
    spent: list[Decimal | None] = rows["spent"].to_list()

    def coords(values: list[Decimal | None]) -> list[float | None]:
        return [float(v) if v is not None else None for v in values]

    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=months,
            y=coords(plan),
            name=_("Linear plan"),
            mode=_lines(len(months)),
            line={"color": PLAN_COLOUR, "dash": "dash", "width": 2},
            **_hover(
                [
                    # Translators: {month} is a month and year, e.g. "Feb 2024"
                    _(
                        "<b>Plan</b> to the end of {month}<br>{amount}",
                        month=_month(m),
                        amount=formatting.money(p),
                    )
                    for m, p in zip(months, plan, strict=True)
                ]
            ),
        )
    )
    fig.add_trace(
        go.Scatter(
            x=months,
            y=coords(spent),
            name=_("Spent"),
            mode=_lines(sum(v is not None for v in spent)),
            line={"color": palette.ACCENT, "width": 2.5},
            connectgaps=False,
            **_hover(
                [
                    _(
                        "<b>Spent</b> to the end of {month}<br>{amount}",
                        month=_month(m),
                        amount=formatting.money(s),
                    )
                    for m, s in zip(months, spent, strict=True)
                ]
            ),
        )
    )
    if forecast is not None:
        known = [(m, s) for m, s in zip(months, spent, strict=True) if s is not None]
        points = [known[-1]] if known and known[-1][0] != months[-1] else []
        points.append((months[-1], forecast))
        fig.add_trace(
            go.Scatter(
                x=[m for m, _ in points],
                y=[float(v) for _, v in points],
                name=_("Forecast at completion"),
                mode="lines+markers",
                line={"color": palette.ACCENT, "dash": "dot", "width": 2},
                marker={"size": [0] * (len(points) - 1) + [9], "symbol": "diamond"},
                **_hover(
                    [
                        _("<b>Forecast at completion</b><br>{amount}", amount=formatting.money(v))
                        if m == months[-1]
                        else _("<b>Spent</b><br>{amount}", amount=formatting.money(v))
                        for m, v in points
                    ]
                ),
            )
        )
    fig.update_xaxes(type="date")
    _fit_dates(fig, months, months=True)
    fig.update_yaxes(tickformat=",.0f", rangemode="tozero")
    return style(fig, title, source=source, x_title=_("Month"), y_title=_("EUR"), legend=True)


# ---------------------------------------------------------------- portfolio


def budget_by_funding_programme(
    frame: pl.DataFrame,
    *,
    top: int = 20,
    title: str | None = None,
    source: str | None = None,
) -> go.Figure:
    """Budget and EU contribution per funding programme (queries.budget_by_funding_programme,
    largest first): a portfolio's money when no budget lines are loaded. The `top` largest are
    drawn, the title says of how many; the page's table holds them all."""
    title = title or _("Budget by funding programme")
    if frame.is_empty():
        return empty_figure(title, source=source)
    if frame.height > top:
        # Translators: a chart's title; {n} funding programmes drawn of {total}
        title = n_(
            "{title}: the {n} largest of {total}",
            "{title}: the {n} largest of {total}",
            top,
            title=title,
            total=formatting.count(frame.height),
        )
        frame = frame.head(top)
    names = [str(n) for n in frame["funding_programme"].to_list()]
    labels = [_short(n) for n in names]  # _short escapes: data is text, not markup
    full = [plotly_text(n) for n in names]
    budgets = frame["budget_eur"].to_list()
    eu = frame["eu_contribution_eur"].to_list()
    projects = frame["projects"].to_list()
    line = _("<b>{name}</b><br>Budget: {budget}<br>EU contribution: {eu}<br>Projects: {projects}")
    hover = [
        line.format(
            name=name,
            budget=formatting.money(b),
            eu=formatting.money(e),
            projects=formatting.count(n),
        )
        for name, b, e, n in zip(full, budgets, eu, projects, strict=True)
    ]
    fig = go.Figure()
    for name, values, colour in (
        (_("Budget"), budgets, palette.OKABE_ITO[0]),
        (_("EU contribution"), eu, palette.OKABE_ITO[4]),
    ):
        fig.add_trace(
            go.Bar(
                name=name,
                x=[float(v or 0) for v in values],
                y=labels,
                orientation="h",
                marker={"color": colour},
                **_hover(hover),
            )
        )
    fig.update_layout(barmode="group", bargap=0.25)
    fig.update_yaxes(autorange="reversed", type="category", ticklabelstandoff=6)
    return style(
        fig,
        title,
        source=source,
        x_title=_("EUR"),
        height=_bar_height(len(labels), per_row=34),
        legend=True,
    )
