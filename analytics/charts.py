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

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from decimal import Decimal

# Plotly looks pandas up in sys.modules without importing it (should_load=False): two sessions
# drawing their first charts at once, one found the other's half-imported pandas ("partially
# initialized module 'pandas'"). Imported here, whole, before any figure is built.
import pandas  # noqa: F401
import plotly.graph_objects as go
import plotly.io as pio
import polars as pl

from analytics import formatting, palette
from analytics.text import plotly as plotly_text

# plotly_white, validated once by plotly when it registered it.
WHITE = pio.templates["plotly_white"]

FONT = "Source Sans Pro, sans-serif"
NO_DATA = "No data for these filters"
TEXT_COLOUR = "#222222"
CAPTION_COLOUR = "#666666"
LIGHT_GREY = "#DDDDDD"
TARGET_COLOUR = palette.OKABE_ITO[7]
PLAN_COLOUR = palette.STATUS["on plan"]

# Contact dimensions whose keys are codes of a controlled vocabulary (labels and colours from it).
VOCABULARY_DIMENSIONS = ("org_type", "meeting_type", "outcome", "sector")

BREAKDOWN_TITLES = {
    "org_type": "Contacts by type of organisation",
    "meeting_type": "Contacts by type of meeting",
    "outcome": "Contacts by outcome",
    "sector": "Contacts by sector",
    "country": "Contacts by country of the organisation",
    "mission": "Contacts by mission",
    "programme": "Contacts by programme",
}

STAGE_LABELS = {
    "contact": "Contacts",
    "follow_up": "Follow-up",
    "mou": "MoU",
    "agreement": "Agreement",
    "joint_project": "Joint project",
}

BUDGET_TITLES = {
    "category": "Budget, plan to date and spending by cost category",
    "partner": "Budget, plan to date and spending by partner",
    "work_package": "Budget, plan to date and spending by work package",
}

FLAG_LABELS = {
    "over": "over plan",
    "under": "under plan",
    "on plan": "on plan",
    "unbudgeted": "unbudgeted",
}

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
    fig.update_layout(
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
        fig.update_layout(
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
            }
        )
    if x_title is not None:
        fig.update_xaxes(title_text=x_title, automargin=True)
    if y_title is not None:
        fig.update_yaxes(title_text=y_title, automargin=True)
    if source:
        fig.add_annotation(
            text=f"Source: {source}",
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


def empty_figure(title: str, message: str = NO_DATA, *, source: str | None = None) -> go.Figure:
    """A figure with no traces and a centred message, so an empty selection never breaks a page."""
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


def _fit_dates(fig: go.Figure, dates: Iterable[date | None], *, months: bool = False) -> None:
    """A date axis that reads in days or months for any span: one date, or a week, gets a range
    around it (Plotly's own would read in fractions of a millisecond around a single date)."""
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
        tickformat="%b %Y" if months else "%d %b %Y",
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
    """110.0 -> 110, 1500 -> 1,500, 12.5 -> 12.5."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


def _ordered(values: Iterable[str], preferred: Iterable[str]) -> list[str]:
    """Values in the palette's order (stable stacking and legends), unknown ones after, sorted."""
    present = set(values)
    first = [v for v in preferred if v in present]
    return first + sorted(present - set(first))


def _rgba(colour: str, alpha: float) -> str:
    r, g, b, _ = palette.hex_to_rgb(colour)
    return f"rgba({r}, {g}, {b}, {alpha})"


def _month(value: date) -> str:
    return value.strftime("%b %Y")


def _bar_height(rows: int, per_row: int = 26, minimum: int = 300) -> int:
    return max(minimum, 130 + per_row * rows)


# ---------------------------------------------------------------- contacts


def contacts_over_time(
    frame: pl.DataFrame,
    colours: Mapping[str, str],
    target: float | None = None,
    *,
    title: str = "Cumulative contacts by programme",
    source: str | None = None,
) -> go.Figure:
    """Shows progress towards the contacts target and which programme brought the contacts."""
    if frame.is_empty():
        return empty_figure(title, source=source)
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
                name=plotly_text(programme),
                mode=_lines(len(days)),
                line_shape="hv",  # steps on the days contacts were made, flat in between
                stackgroup="contacts",
                line={"color": colour, "width": 1},
                marker={"color": colour, "size": 12},  # drawn only for a single date
                fillcolor=_rgba(colour, 0.75),
                **_hover(
                    [
                        f"<b>{plotly_text(programme)}</b> · {formatting.day(d)}<br>"
                        f"Contacts so far: {formatting.count(c)}<br>"
                        f"New that day: {formatting.count(n)}"
                        for d, c, n in zip(days, cumulative, new, strict=True)
                    ]
                ),
            )
        )
    if target is not None:
        fig.add_hline(
            y=target,
            line={"dash": "dash", "color": TARGET_COLOUR, "width": 1.5},
            annotation_text=f"Target {_number(target)}",
            annotation_position="top left",
            annotation_font={"size": 12, "color": TARGET_COLOUR},
        )
    _fit_dates(fig, frame["day"].to_list())
    return style(fig, title, source=source, x_title="Date", y_title="Contacts", legend=True)


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
    title = title or BREAKDOWN_TITLES.get(dimension, f"Contacts by {formatting.label(dimension)}")
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
        full = [(names or {}).get(k, k) if k is not None else "Not recorded" for k in keys]
        if colours is not None and dimension in ("programme", "mission"):
            bar_colours = [colours.get(p, palette.GREY) for p in rows["programme_id"].to_list()]
        else:
            bar_colours = [palette.ACCENT] * len(keys)
    contacts = rows["contacts"].to_list()
    organisations = rows["organisations"].to_list()
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
                    f"<b>{plotly_text(t)}</b><br>Contacts: {formatting.count(c)}<br>"
                    f"Organisations: {formatting.count(o)}"
                    for t, c, o in zip(full, contacts, organisations, strict=True)
                ]
            ),
        )
    )
    fig.update_yaxes(autorange="reversed", type="category", ticklabelstandoff=6)
    return style(fig, title, source=source, x_title="Contacts", height=_bar_height(len(keys)))


def outcome_funnel(
    frame: pl.DataFrame, *, title: str = "From contact to result", source: str | None = None
) -> go.Figure:
    """Shows how many contacts went on to a follow-up, an MoU, an agreement, a joint project."""
    rows = frame.sort("rank")
    if rows.is_empty() or not rows["contacts"][0]:
        # The query returns every stage even when nothing matches: zero contacts is no data.
        return empty_figure(title, source=source)
    stages = rows["stage"].to_list()
    contacts = rows["contacts"].to_list()
    total = contacts[0]
    labels = [plotly_text(STAGE_LABELS.get(s, formatting.label(s))) for s in stages]
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
                    f"<b>{label}</b><br>{t} of contacts reached this stage or further"
                    for label, t in zip(labels, text, strict=True)
                ]
            ),
        )
    )
    fig.update_yaxes(ticklabelstandoff=6)
    return style(fig, title, source=source, height=320, caption_shift=16)


# ---------------------------------------------------------------- sectors


def _missions_text(missions: int | None) -> str:
    n = missions or 0
    return f"{formatting.count(n)} mission" + ("" if n == 1 else "s")


def sector_ranking(
    frame: pl.DataFrame, *, title: str = "Contacts by sector", source: str | None = None
) -> go.Figure:
    """Ranks sectors by contacts made, with the organisations and missions behind them."""
    if frame.is_empty():
        return empty_figure(title, source=source)
    rows = frame.sort(
        ["contacts", "missions", "sector"], descending=[True, True, False], nulls_last=True
    )
    sectors = rows["sector"].to_list()
    contacts = rows["contacts"].to_list()
    labels = [plotly_text(formatting.label(s)) for s in sectors]
    colours = palette.vocabulary_colours("sector")
    fig = go.Figure(
        go.Bar(
            x=contacts,
            y=labels,
            orientation="h",
            marker={"color": [colours.get(s, palette.GREY) for s in sectors]},
            # A sector the missions targeted without a contact recorded says so, not a bare 0.
            text=[
                formatting.count(c) if c else f"0 · targeted by {_missions_text(m)}"
                for c, m in zip(contacts, rows["missions"], strict=True)
            ],
            textposition="outside",
            cliponaxis=False,
            **_hover(
                [
                    f"<b>{label}</b><br>Contacts: {formatting.count(c)}<br>"
                    f"Organisations: {formatting.count(o)}<br>Missions: {formatting.count(m)}"
                    for label, c, o, m in zip(
                        labels, contacts, rows["organisations"], rows["missions"], strict=True
                    )
                ]
            ),
        )
    )
    fig.update_yaxes(autorange="reversed", type="category", ticklabelstandoff=6)
    return style(fig, title, source=source, x_title="Contacts", height=_bar_height(len(labels)))


def sector_country_heatmap(
    frame: pl.DataFrame,
    *,
    title: str = "Contacts by sector and target country",
    source: str | None = None,
) -> go.Figure:
    """Shows which sectors met which target markets, busiest sectors and countries first."""
    rows = frame.filter(pl.col("contacts") > 0).with_columns(pl.col("country").fill_null("Unknown"))
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
    hover = [
        [
            f"<b>{label}</b> · {plotly_text(c)}<br>"
            f"Contacts: {formatting.count(cells.get((s, c), 0))}"
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
            colorbar={"title": {"text": "Contacts"}, "thickness": 12, "outlinewidth": 0},
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
        x_title="Target country",
        y_title="Sector",
        height=_bar_height(len(sectors), per_row=30) + 5 * longest,
        caption_shift=45 + round(longest * 7 * 0.643),  # sin 40° of the label's width
    )


def sector_share_by_programme(
    frame: pl.DataFrame,
    *,
    title: str = "Sector mix of contacts by programme",
    source: str | None = None,
) -> go.Figure:
    """Compares what each programme's contacts were about, each programme scaled to 100%."""
    if frame.is_empty():
        return empty_figure(title, source=source)
    programmes = list(dict.fromkeys(frame["programme_id"].to_list()))
    totals = frame.group_by("sector").agg(pl.col("contacts").sum())
    last = {"other": 1, "not recorded": 2}  # the residual categories go at the end of each bar
    totals = totals.with_columns(
        pl.col("sector").replace_strict(last, default=0, return_dtype=pl.Int64).alias("_last")
    ).sort(["_last", "contacts", "sector"], descending=[False, True, False])
    colours = palette.vocabulary_colours("sector")
    fig = go.Figure()
    for sector in totals["sector"].to_list():
        part = frame.filter(pl.col("sector") == sector)
        label = plotly_text(formatting.label(sector))
        shares = part["share"].to_list()
        fig.add_trace(
            go.Bar(
                x=shares,
                y=[plotly_text(p) for p in part["programme_id"]],
                name=label,
                orientation="h",
                marker={"color": colours.get(sector, palette.GREY)},
                text=[formatting.percent(s) if s >= 0.08 else "" for s in shares],
                textposition="inside",
                insidetextanchor="middle",
                **_hover(
                    [
                        f"<b>{plotly_text(p)}</b> · {label}<br>Contacts: {formatting.count(c)} "
                        f"({formatting.percent(s)})"
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
        categoryarray=[plotly_text(p) for p in programmes],
        autorange="reversed",
        ticklabelstandoff=6,
    )
    legend_rows = -(-totals.height // 4)  # about four sectors to a legend row
    return style(
        fig,
        title,
        source=source,
        x_title="Share of the programme's contacts (%)",
        legend=True,
        height=_bar_height(len(programmes), per_row=45, minimum=220) + 22 * legend_rows,
    )


# ---------------------------------------------------------------- missions


def missions_timeline(
    frame: pl.DataFrame,
    colours: Mapping[str, str],
    *,
    title: str = "Missions over time",
    source: str | None = None,
) -> go.Figure:
    """Shows when each mission took place and for which programme, one row per mission."""
    if frame.is_empty():
        return empty_figure(title, source=source)
    rows = frame.sort(["start_date", "mission_id"])
    total = rows["total_rows"][0] if "total_rows" in rows.columns else rows.height
    if total is not None and total > rows.height:
        title = f"{title} (first {rows.height:,} of {total:,})"
    day_ms = 86_400_000
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
            f"<b>{plotly_text(m)}</b> · {plotly_text(formatting.label(kind))}<br>"
            f"{plotly_text(t)}<br>{formatting.period(s, e)}<br>"
            f"{plotly_text(', '.join(v for v in (city, country) if v))}<br>"
            f"Contacts: {formatting.count(n)}"
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
        x_title="Date",
        y_title="Mission",
        legend=True,
        height=_bar_height(rows.height, per_row=24),
    )


# ---------------------------------------------------------------- budget


def signed_percent(share: float | None) -> str:
    if share is None:
        return "–"
    number = formatting.percent_number(share)
    return f"{'+' if number > 0 else ''}{number}%"


FLAG_SIGNS = {"over": "▲", "under": "▼", "unbudgeted": "●"}


def flag_text(flag: str, share: float | None) -> str:
    """What a spent bar says beside it: '▲ 20% over plan', '▼ 80% under plan', 'unbudgeted';
    nothing on plan (the quiet case stays quiet). The arrow and the word say the direction, so
    the share is unsigned ('▼ -80% under plan' read as a double negative)."""
    if flag == "on plan":
        return ""
    words = FLAG_LABELS.get(flag, flag)
    if flag in ("over", "under") and share is not None:
        words = f"{formatting.percent(abs(share))} {words}"
    return f"{FLAG_SIGNS.get(flag, '')} {words}".strip()


def spend_vs_budget(
    frame: pl.DataFrame,
    dimension: str,
    *,
    title: str | None = None,
    source: str | None = None,
) -> go.Figure:
    """Compares spending with the budget and the linear plan to date, flagging lines off plan."""
    title = title or BUDGET_TITLES.get(
        dimension, f"Budget, plan to date and spending by {formatting.label(dimension)}"
    )
    if frame.is_empty():
        return empty_figure(title, source=source)
    labels = [
        formatting.label(lab) if dimension == "category" else (lab or key or "–")
        for key, lab in zip(frame["key"], frame["label"], strict=True)
    ]
    if len({_short(lab) for lab in labels}) < len(labels):  # one name would merge two bars
        labels = [f"{lab} ({key})" for lab, key in zip(labels, frame["key"], strict=True)]
    ticks = [_short(lab) for lab in labels]
    budget: list[Decimal] = frame["budget"].to_list()
    plan: list[Decimal] = frame["plan"].to_list()
    spent: list[Decimal] = frame["spent"].to_list()
    flags: list[str] = frame["flag"].to_list()
    hover = [
        f"<b>{plotly_text(lab)}</b><br>Budget: {formatting.money(b)}<br>"
        f"Plan to date: {formatting.money(p)}<br>Spent: {formatting.money(s)}<br>"
        f"Variance: {formatting.money(v)} "
        f"({signed_percent(vs)}), {plotly_text(FLAG_LABELS.get(f, f))}"
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
            name="Budget",
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
            name="Plan to date",
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
                name=f"Spent, {plotly_text(FLAG_LABELS.get(flag, flag))}",
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
        x_title="EUR",
        legend=True,
        height=_bar_height(len(labels), per_row=54),
    )


def cumulative_spend(
    frame: pl.DataFrame,
    forecast: Decimal | float | None = None,
    *,
    title: str = "Cumulative spending against the linear plan",
    source: str | None = None,
) -> go.Figure:
    """Shows whether spending keeps pace with the budget spread evenly over the programme."""
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
            name="Linear plan",
            mode=_lines(len(months)),
            line={"color": PLAN_COLOUR, "dash": "dash", "width": 2},
            **_hover(
                [
                    f"<b>Plan</b> to the end of {_month(m)}<br>{formatting.money(p)}"
                    for m, p in zip(months, plan, strict=True)
                ]
            ),
        )
    )
    fig.add_trace(
        go.Scatter(
            x=months,
            y=coords(spent),
            name="Spent",
            mode=_lines(sum(v is not None for v in spent)),
            line={"color": palette.ACCENT, "width": 2.5},
            connectgaps=False,
            **_hover(
                [
                    f"<b>Spent</b> to the end of {_month(m)}<br>{formatting.money(s)}"
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
                name="Forecast at completion",
                mode="lines+markers",
                line={"color": palette.ACCENT, "dash": "dot", "width": 2},
                marker={"size": [0] * (len(points) - 1) + [9], "symbol": "diamond"},
                **_hover(
                    [
                        f"<b>{'Forecast at completion' if m == months[-1] else 'Spent'}</b>"
                        f"<br>{formatting.money(v)}"
                        for m, v in points
                    ]
                ),
            )
        )
    fig.update_xaxes(type="date")
    _fit_dates(fig, months, months=True)
    fig.update_yaxes(tickformat=",.0f", rangemode="tozero")
    return style(fig, title, source=source, x_title="Month", y_title="EUR", legend=True)


# ---------------------------------------------------------------- portfolio


def budget_by_funding_programme(
    frame: pl.DataFrame,
    *,
    top: int = 20,
    title: str = "Budget by funding programme",
    source: str | None = None,
) -> go.Figure:
    """Budget and EU contribution per funding programme (queries.budget_by_funding_programme,
    largest first): a portfolio's money when no budget lines are loaded. The `top` largest are
    drawn, the title says of how many; the page's table holds them all."""
    if frame.is_empty():
        return empty_figure(title, source=source)
    if frame.height > top:
        title = f"{title}: the {top} largest of {frame.height:,}"
        frame = frame.head(top)
    names = [str(n) for n in frame["funding_programme"].to_list()]
    labels = [_short(n) for n in names]  # _short escapes: data is text, not markup
    full = [plotly_text(n) for n in names]
    budgets = frame["budget_eur"].to_list()
    eu = frame["eu_contribution_eur"].to_list()
    projects = frame["projects"].to_list()
    hover = [
        f"<b>{name}</b><br>Budget: {formatting.money(b)}<br>EU contribution: "
        f"{formatting.money(e)}<br>Projects: {formatting.count(n)}"
        for name, b, e, n in zip(full, budgets, eu, projects, strict=True)
    ]
    fig = go.Figure()
    for name, values, colour in (
        ("Budget", budgets, palette.OKABE_ITO[0]),
        ("EU contribution", eu, palette.OKABE_ITO[4]),
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
        x_title="EUR",
        height=_bar_height(len(labels), per_row=34),
        legend=True,
    )
