"""The EU report: one PDF with the figures of the selected programmes and period.

Route: an HTML page holding the very Plotly figures the app shows (the builders of
`analytics.charts`, plus a static map drawn from the shipped country shapes), with plotly.js
inlined once, printed to PDF by headless Chromium. Nothing is fetched: the page has no outside
reference and Chromium runs with networking disabled, so it works on a laptop with no internet.

Every printed page carries a footer (a CSS page-margin box, which Chromium repeats on each page)
with the data's load date, source file and sha256 prefix. Money is exact to the cent: Decimal
from DuckDB to `formatting.money`.

    python -m analytics.report --programme GSSC --out report.pdf [--lang de]

Every word is in the language of the run (`i18n.using`): `--lang`, or the session's in the app.

No Streamlit here: the app's button and the command call the same `build_report`.
"""

from __future__ import annotations

import argparse
import html as html_lib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import plotly.graph_objects as go
import polars as pl
from plotly.offline import get_plotlyjs

import i18n
from analytics import alt, charts, formatting, kpi, palette, queries
from analytics.alt import TextAlternative
from analytics.filters import Filters, add_arguments, choices_from, read_arguments
from analytics.static_map import WIDTH_PX, static_mission_map
from analytics.text import html as html_text
from i18n import N_, _, countries, n_

TITLE = N_("Programme results report")
CHROMIUM_TIMEOUT_S = 120
SHA_PREFIX = 12
MAX_SOURCE_CHARS = 80
# Static figures at a fixed size: the print layout does not depend on a window.
# The tallest figure that fits on one printed page (A4 less margins is about 1,000 CSS px):
# a chart is never split across pages; a very long one gets thinner bars instead.
MAX_FIGURE_HEIGHT_PX = 900
PLOT_CONFIG = {"staticPlot": True, "responsive": False, "displayModeBar": False}
ZERO = Decimal("0.00")
OUTCOME_COLUMNS = ("follow_up", "mou", "agreement", "joint_project")
# Fonts that hold Greek and Cyrillic letters too (Debian's Liberation and DejaVu, which .ci/run
# installs), so a report in Bulgarian, Greek or Ukrainian prints every letter. Liberation Sans
# (Arial's metrics) first: what Chromium's sans-serif has always printed the report in.
FONTS = '"Source Sans Pro", "Liberation Sans", "DejaVu Sans", sans-serif'

CSS = """
@page {
  size: A4;
  margin: 14mm 14mm 18mm 14mm;
  @bottom-left {
    content: FOOTER;
    font: 7.5pt FONTS; color: #555;
    vertical-align: top; padding-top: 4mm;
  }
  @bottom-right {
    content: PAGES;
    font: 7.5pt FONTS; color: #555;
    vertical-align: top; padding-top: 4mm; white-space: nowrap;
  }
}
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; font: 9.5pt/1.35 FONTS; color: #222; }
h1 { font-size: 20pt; margin: 0 0 2mm; color: #0b3d6e; }
h2 { font-size: 13pt; margin: 7mm 0 2mm; padding-bottom: 1mm; color: #0b3d6e;
     border-bottom: 1.5px solid #0072B2; break-after: avoid; }
h3 { font-size: 10.5pt; margin: 4mm 0 1.5mm; break-after: avoid; }
p { margin: 1mm 0 2mm; }
.subtitle { font-size: 12pt; color: #333; margin-bottom: 4mm; }
.note { font-size: 8pt; color: #555; }
.official { font-size: 7pt; color: #555; }
dl.facts { display: grid; grid-template-columns: 38mm 1fr; gap: 1mm 4mm; margin: 0 0 3mm; }
dl.facts dt { color: #555; }
dl.facts dd { margin: 0; }
table { width: 100%; border-collapse: collapse; font-size: 8.5pt; margin: 1mm 0 3mm; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th { text-align: left; background: #eef3f8; font-weight: 600; padding: 1.2mm 1.5mm;
     border-bottom: 1px solid #9bb3c9; vertical-align: bottom; }
td { padding: 1mm 1.5mm; border-bottom: 1px solid #e3e3e3; vertical-align: top; }
th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
td.nowrap { white-space: nowrap; }
table#missions { font-size: 8pt; table-layout: fixed; }
table#missions td:nth-child(2) { white-space: nowrap; }
table[id^="spend-by-"] td:last-child { white-space: nowrap; }
tr.total td { font-weight: 600; border-top: 1px solid #9bb3c9; border-bottom: none; }
.small { font-size: 7.5pt; color: #555; }
.bar { display: inline-block; width: 14mm; height: 2mm; background: #e6e6e6;
       vertical-align: middle; margin-right: 1.5mm; }
.bar > span { display: block; height: 100%; background: #0072B2; }
.flag-over { color: #D55E00; font-weight: 600; }
.flag-under { color: #0072B2; font-weight: 600; }
.flag-unbudgeted { color: #CC79A7; font-weight: 600; }
.figure { break-inside: avoid; margin: 2mm 0 3mm; }
.cards { display: grid; grid-template-columns: repeat(4, 1fr); gap: 2mm; margin: 2mm 0 3mm; }
.card { border: 1px solid #d6dde5; border-radius: 1.5mm; padding: 2mm; break-inside: avoid; }
.card .label { font-size: 8pt; color: #555; }
.card .value { font-size: 12pt; font-weight: 600; white-space: nowrap; }
.empty { border: 1px dashed #bbb; padding: 3mm; color: #555; }
"""


# The reporting period at the top of every printed page, when the report is for one.
PERIOD_CSS = """
@page {
  @top-right {
    content: PERIOD;
    font: 7.5pt FONTS; color: #555;
    vertical-align: bottom; padding-bottom: 2mm; white-space: nowrap;
  }
}
.subtitle.period { font-weight: 600; color: #0b3d6e; margin-top: -3mm; }
"""


class ReportError(RuntimeError):
    """The PDF could not be made."""


class ReportUnavailable(ReportError):
    """No Chromium on this machine: the PDF needs Debian's headless Chromium."""


# ---------------------------------------------------------------- small pieces


def _money(value: Decimal | None) -> str:
    return formatting.money(value)


def _css_string(text: str) -> str:
    """A CSS string literal: anything but plain ASCII letters, digits and a few safe signs is
    written as a hexadecimal escape of six digits. CSS takes one white space after an escape as
    its end, so a space right after an escape is escaped too (else "· sha256" printed as
    "·sha256", and a footer in Greek or Bulgarian, all escapes, lost every space)."""
    safe = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,:;-_/()+=")
    out: list[str] = []
    escaped = False
    for c in text:
        escaped = c not in safe or (escaped and c == " ")
        out.append(f"\\{ord(c):06x}" if escaped else c)
    return '"' + "".join(out) + '"'


def _words(text: str) -> str:
    """Our own words as HTML text: escaped, quotes left as typed (they are not in an attribute)."""
    return html_lib.escape(text, quote=False)


def _page_counter() -> str:
    """The CSS content of "Page n of N" in the language of the run: its words as strings, the
    numbers as Chromium's page counters, in the order the translation puts them."""
    # Translators: the footer of every page of the PDF report; {page} and {pages} are numbers.
    text = _("Page {page} of {pages}")
    parts = []
    for piece in re.split(r"(\{page\}|\{pages\})", text):
        if piece in ("{page}", "{pages}"):
            parts.append(f"counter({piece[1:-1]})")
        elif piece:
            parts.append(_css_string(piece))
    return " ".join(parts)


def _signed_percent(share: float) -> str:
    """+12.5%: a variance against plan, with its sign, in the language's percent form."""
    if i18n.language() == i18n.SOURCE:
        return f"{share * 100:+.1f}%"
    return ("-" if share < 0 else "+") + formatting.percent(abs(share), 1)


def _short_source(source: str | None) -> str:
    if not source:
        return "–"
    return source if len(source) <= MAX_SOURCE_CHARS else "…" + source[-(MAX_SOURCE_CHARS - 1) :]


def load_line(load: pl.DataFrame) -> str:
    """Data loaded <UTC time> from <source> · sha256 <prefix>: the footer of every page."""
    if load.is_empty():
        return _("Data: no load recorded")
    row = load.row(0, named=True)
    loaded: datetime | None = row["loaded_at"]
    when = f"{formatting.moment(loaded)} UTC" if loaded else "–"
    sha = (row["sha256"] or "")[:SHA_PREFIX] or "–"
    # Translators: the footer of every page of the PDF report; {when} is a UTC time,
    # {source} a file name and {sha} the start of the file's sha256 checksum.
    return _(
        "Data loaded {when} from {source} · sha256 {sha}",
        when=when,
        source=_short_source(row["source"]),
        sha=sha,
    )


def filename(filters: Filters, as_of: date) -> str:
    """report-GSSC-2026-11-23.pdf (report-GSSC-period-3-...pdf for a reporting period): programmes,
    period and as-of date, safe in any file system."""
    who = "-".join(filters.programmes) if filters.programmes else "all-programmes"
    who = "".join(c if c.isalnum() or c in "-_" else "_" for c in who)[:60]
    if filters.period is not None:
        who += f"-period-{filters.period}"
    return f"report-{who}-{as_of.isoformat()}.pdf"


def _table(
    table_id: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    numeric: Iterable[int] = (),
    total: Sequence[str] | None = None,
    raw: Iterable[int] = (),
    widths: Sequence[int] = (),
) -> str:
    """An HTML table; cells are escaped text except the columns in `raw` (already HTML);
    `widths` in percent of the page width."""
    numeric, raw = set(numeric), set(raw)
    columns = "".join(f'<col style="width: {w}%">' for w in widths)

    def cells(values: Sequence[str], tag: str) -> str:
        out = []
        for i, value in enumerate(values):
            cls = ' class="num"' if i in numeric else ""
            out.append(
                f"<{tag}{cls}>{value if i in raw and tag == 'td' else html_text(value)}</{tag}>"
            )
        return "".join(out)

    body = "".join(f"<tr>{cells(r, 'td')}</tr>" for r in rows)
    if total is not None:
        body += f'<tr class="total">{cells(total, "td")}</tr>'
    return (
        f'<table id="{table_id}"><colgroup>{columns}</colgroup>'
        f"<thead><tr>{cells(headers, 'th')}</tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )


class _Figures:
    """Figures as HTML divs with stable ids, at a fixed width, drawing with the inlined
    plotly.js (never a CDN)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(
        self, fig: go.Figure, alt: TextAlternative | None = None, width: int = WIDTH_PX
    ) -> str:
        self.count += 1
        height = min(fig.layout.height or charts.DEFAULT_HEIGHT, MAX_FIGURE_HEIGHT_PX)
        fig.update_layout(width=width, height=height)
        div = fig.to_html(
            full_html=False,
            include_plotlyjs=False,
            include_mathjax=False,
            config=PLOT_CONFIG,
            div_id=f"figure-{self.count}",
            default_width=f"{width}px",
            default_height=f"{height}px",
        )
        if alt is None:
            return f'<div class="figure">{div}</div>'
        # Chromium tags a <figure role="img"> as a /Figure whose /Alt is its accessible name.
        # Translators: the text alternative of a chart in the PDF: its kind ("Bar chart"), its
        # title and a summary of what it shows.
        described = html_text(
            _("{kind}: {name}. {summary}", kind=alt.kind, name=alt.name, summary=alt.summary)
        )
        return f'<figure class="figure" role="img" aria-label="{described}">{div}</figure>'


def _progress_cell(progress: float | None, text: str) -> str:
    if progress is None:
        return html_text(text)
    width = min(max(progress, 0.0), 1.0) * 100
    return f'<span class="bar"><span style="width: {width:.0f}%"></span></span>{html_text(text)}'


# ---------------------------------------------------------------- sections


def period_line(filters: Filters) -> str | None:
    """'Reporting period 3: 2021-09-01 – 2022-02-28' when the report is for one reporting
    period (--period, ?period=), on the first page and at the top of every page; else None."""
    if filters.period is None:
        return None
    dates = formatting.period(filters.start, filters.end)
    return _("Reporting period {number}: {dates}", number=filters.period, dates=dates)


def _header(
    programmes: pl.DataFrame,
    filters: Filters,
    as_of: date,
    describe: str,
    load: str,
) -> str:
    names = [f"{r['name']} ({r['programme_id']})" for r in programmes.iter_rows(named=True)]
    funding = list(dict.fromkeys(r for r in programmes["funding_programme"] if r))
    if programmes.is_empty():
        span = period = "–"
    else:
        first, last = programmes["start_date"].min(), programmes["end_date"].max()
        span = formatting.period(first, last)
        if filters.period is not None:
            dates = formatting.period(filters.start, filters.end)
            period = _("Period {number}: {dates}", number=filters.period, dates=dates)
        elif filters.start or filters.end:
            period = formatting.period(filters.start or first, filters.end or last)
        elif programmes.height == 1:
            period = _("the whole programme ({span})", span=span)
        else:
            period = _("the whole programmes ({span})", span=span)
    budget = sum(programmes["budget_eur"].to_list(), ZERO)
    eu = [v for v in programmes["eu_contribution_eur"].to_list() if v is not None]
    facts = [
        (n_("Programme", "Programmes", len(names)), "; ".join(names) or _("none selected")),
        (_("Funding programme"), "; ".join(funding) or "–"),
        (_("Programme period"), span),
        (_("Reporting period"), period),
        (_("Total budget"), _money(budget)),
    ]
    if eu:
        facts.append((_("EU contribution"), _money(sum(eu, ZERO))))
    facts += [
        (_("Filters"), describe),
        (_("Figures as of"), formatting.day(as_of)),
        (_("Data"), load),
    ]
    if not names:
        subtitle = _("No programme matches these filters")
    else:
        subtitle = (
            names[0] if len(names) == 1 else n_("{n} programme", "{n} programmes", len(names))
        )
    reporting = period_line(filters)
    return (
        _heading(1, _(TITLE))
        + f'<div class="subtitle">{html_text(subtitle)}</div>'
        + (f'<div class="subtitle period">{html_text(reporting)}</div>' if reporting else "")
        + '<dl class="facts">'
        + "".join(f"<dt>{html_text(k)}</dt><dd>{html_text(v)}</dd>" for k, v in facts)
        + "</dl>"
    )


def _indicators(board: pl.DataFrame, in_period: bool) -> str:
    """The indicator table; `in_period`: a period is chosen (targets then are those of the
    programmes that run in it)."""
    table = _narrow(kpi.report_table(board))
    rows = []
    for shown, full in zip(table.iter_rows(), board.iter_rows(named=True), strict=True):
        code, label, achieved, target, progress, source = shown
        rows.append(
            [
                html_text(code),
                _label_cell(label, full["official"]),
                html_text(achieved),
                html_text(target),
                _progress_cell(full["progress"], progress),
                html_text(source),
            ]
        )
    if in_period:
        note = _(
            "Counted indicators come from the loaded data with the filters above; targets are "
            "summed over the selected programmes that run in the chosen period. MoUs, agreements "
            "and joint projects count each contact at its furthest outcome. Indicators reported "
            "by the project are quoted as the project recorded them."
        )
    else:
        note = _(
            "Counted indicators come from the loaded data with the filters above; targets are "
            "summed over the selected programmes. MoUs, agreements and joint projects count each "
            "contact at its furthest outcome. Indicators reported by the project are quoted as "
            "the project recorded them."
        )
    return (
        _heading(2, _("1. Indicators against targets"))
        + _table("indicators", _headers(table.columns), rows, numeric=(2, 3), raw=range(6))
        + f'<p class="note">{_words(note)} {_target_note()}</p>'
    )


def _heading(level: int, words: str) -> str:
    """A heading of the PDF (the words already translated: a `_` inside an f-string is not
    extracted into the catalogue)."""
    return f"<h{level}>{html_text(words)}</h{level}>"


def _narrow(table: pl.DataFrame) -> pl.DataFrame:
    """The indicator table without its unit and official name columns (the PDF's columns are
    narrow; the official name goes under the label). By position: kpi names the columns in the
    language of the run."""
    official, unit = table.columns[2], table.columns[-2]
    return table.drop(official, unit)


def _headers(columns: Sequence[str]) -> list[str]:
    """The indicator table's column titles: kpi names them in the language of the run."""
    return list(columns)


def _target_note() -> str:
    """The one definition of a target country (kpi.TARGET_COUNTRIES_NOTE), escaped."""
    return html_text(_(kpi.TARGET_COUNTRIES_NOTE))


def _label_cell(label: str, official: str | None) -> str:
    """The project's label, with the common indicator's official name beneath it."""
    if not official:
        return html_text(label)
    return f'{html_text(label)}<br><span class="official">{html_text(official)}</span>'


def _period_indicators(board: pl.DataFrame, period: int) -> str:
    """The indicator table of a reporting period: target, before, in, cumulative, % of target."""
    table = _narrow(kpi.period_report_table(board))
    rows = []
    for shown, full in zip(table.iter_rows(), board.iter_rows(named=True), strict=True):
        code, label, *figures, progress, source = shown
        rows.append(
            [
                html_text(code),
                _label_cell(label, full["official"]),
                *map(html_text, figures),
                _progress_cell(full["progress"], progress),
                html_text(source),
            ]
        )
    heading = _("1. Indicators in reporting period {period}", period=period)
    period_note = _(kpi.PERIOD_NOTE)
    note = _(
        "Targets are summed over the selected programmes that run in the chosen period; MoUs, "
        "agreements and joint projects count each contact at its furthest outcome."
    )
    return (
        f"<h2>{html_text(heading)}</h2>"
        + _table("indicators", _headers(table.columns), rows, numeric=(2, 3, 4, 5), raw=range(8))
        + f'<p class="note">{html_text(period_note)} {_words(note)} {_target_note()}</p>'
    )


def _dates(start: date | None, end: date | None) -> str:
    if start and end and end != start:
        # Translators: the dates of a mission in the PDF's table, on two lines (<br>).
        return _(
            "{start}<br>to {end}",
            start=html_text(formatting.day(start)),
            end=html_text(formatting.day(end)),
        )
    return html_text(formatting.day(start))


def _missions(frame: pl.DataFrame) -> str:
    # Translators: column titles of a narrow table; "\u00ad" (a soft hyphen) marks where a long
    # word may break: put one in a long word of yours, or none.
    headers = [
        _("Mission"),
        _("Dates"),
        _("Place"),
        _("Type"),
        _("Contacts"),
        _("Organi\u00adsations"),
        _("Follow-up"),
        _("MoU"),
        _("Agree\u00adment"),
        _("Joint project"),
    ]
    heading = _heading(2, _("3. Missions"))
    if frame.is_empty():
        empty = _("No mission matches these filters.")
        return f'{heading}<p class="empty">{html_text(empty)}</p>'
    rows = []
    for r in frame.iter_rows(named=True):
        country = countries.name(r["country_code"], r["country"])
        place = ", ".join(v for v in (r["city"], country) if v)
        if r["format"] == "virtual":
            place = _("{place} (virtual)", place=place)
        rows.append(
            [
                f"{html_text(r['title'])}<br><span class=small>{html_text(r['mission_id'])}</span>",
                _dates(r["start_date"], r["end_date"]),
                html_text(place or "–"),
                html_text(formatting.label(r["type"])),
                *(
                    html_text(formatting.count(r[c]))
                    for c in ("contacts", "organisations", *OUTCOME_COLUMNS)
                ),
            ]
        )
    total = [
        n_("Total, {n} mission", "Total, {n} missions", frame.height),
        "",
        "",
        "",
        formatting.count(frame["contacts"].sum()),
        formatting.count(frame["organisations_total"][0]),  # distinct: not the column's sum
        *(formatting.count(frame[c].sum()) for c in OUTCOME_COLUMNS),
    ]
    note = _(
        "Contacts: organisations met on the mission (rows of the contacts sheet); organisations: "
        "distinct ones among them (in the total, distinct over all the missions). Follow-up to "
        "joint project: the contacts that reached at least that stage, as the funnel in section "
        "4 counts them."
    )
    return (
        heading
        + _table(
            "missions",
            headers,
            rows,
            numeric=range(4, 10),
            total=total,
            raw=range(10),
            widths=(25, 12, 11, 9, 7, 9, 7, 5, 7, 8),
        )
        + f'<p class="note">{_words(note)}</p>'
    )


def _flag(flag: str) -> str:
    text = charts.flag_label(flag)
    return f'<span class="flag-{html_text(flag.replace(" ", "-"))}">{html_text(text)}</span>'


def _spend_table(frame: pl.DataFrame, dimension: str) -> str:
    headers = [
        _("Category") if dimension == "category" else _("Partner"),
        _("Budget"),
        _("Plan to date"),
        _("Spent"),
        _("Variance"),
        _("Variance %"),
        _("Flag"),
    ]
    rows = []
    for r in frame.iter_rows(named=True):
        name = (
            formatting.label(r["label"])
            if dimension == "category"
            else charts.data_label(r["label"])
        )
        share = r["variance_share"]
        rows.append(
            [
                html_text(name),
                html_text(_money(r["budget"])),
                html_text(_money(r["plan"])),
                html_text(_money(r["spent"])),
                html_text(_money(r["variance"])),
                html_text("–" if share is None else _signed_percent(share)),
                _flag(r["flag"]),
            ]
        )
    budget = sum(frame["budget"].to_list(), ZERO)
    plan = sum(frame["plan"].to_list(), ZERO)
    spent = sum(frame["spent"].to_list(), ZERO)
    share = float((spent - plan) / plan) if plan else None
    total = [
        _("Total"),
        _money(budget),
        _money(plan),
        _money(spent),
        _money(spent - plan),
        "–" if share is None else _signed_percent(share),
        "",
    ]
    return _table(
        f"spend-by-{dimension}",
        headers,
        rows,
        numeric=range(1, 6),
        total=total,
        raw=range(7),
        widths=(29, 13, 13, 13, 12, 9, 11),
    )


def _budget(
    summary: kpi.BudgetSummary,
    status: pl.DataFrame,
    cumulative: pl.DataFrame,
    by: dict[str, pl.DataFrame],
    figure: _Figures,
) -> str:
    # Translators: {percent} is a percentage, on a card of the PDF report (short, please).
    of_budget, of_time = _("{percent} of budget"), _("{percent} of time elapsed")
    cards = [
        (_("Budget"), _money(summary.budget), ""),
        (
            _("Spent"),
            _money(summary.spent),
            of_budget.format(percent=formatting.percent(summary.spent_share)),
        ),
        (
            _("Plan to date"),
            _money(summary.plan),
            of_time.format(percent=formatting.percent(summary.time_share)),
        ),
        (
            _("Forecast at completion"),
            _money(summary.forecast),
            of_budget.format(percent=formatting.percent(summary.forecast_share)),
        ),
    ]
    out = [
        _heading(2, _("5. Budget and spending")),
        '<div class="cards" id="budget-summary">',
    ]
    for label, value, note in cards:
        out.append(
            f'<div class="card"><div class="label">{html_text(label)}</div>'
            f'<div class="value">{html_text(value)}</div>'
            f'<div class="small">{html_text(note)}</div></div>'
        )
    out.append("</div>")
    note = _(
        "Spent: expenses dated in the reporting period. Plan to date: each budget line spread "
        "evenly over its programme's days, up to the as-of date or the end of the period. "
        "Forecast at completion: spending so far divided by days elapsed, times the programme's "
        "days. Lines more than 10% over or under plan are flagged."
    )
    out.append(f'<p class="note">{_words(note)}</p>')
    if status.height > 1:
        out.append(_heading(3, _("By programme")))
        rows = [
            [
                f"{r['name']} ({r['programme_id']})",
                _money(r["budget"]),
                _money(r["spent"]),
                _money(r["plan"]),
                _money(r["forecast"]),
            ]
            for r in status.iter_rows(named=True)
        ]
        total = [
            _("Total"),
            _money(summary.budget),
            _money(summary.spent),
            _money(summary.plan),
            _money(summary.forecast),
        ]
        out.append(
            _table(
                "budget-by-programme",
                [_("Programme"), _("Budget"), _("Spent"), _("Plan to date"), _("Forecast")],
                rows,
                numeric=range(1, 5),
                total=total,
            )
        )
    forecast = summary.forecast if summary.budget else None
    out.append(
        figure(
            charts.cumulative_spend(cumulative, forecast=forecast),
            alt.cumulative_spend(cumulative, forecast),
        )
    )
    for dimension, title in (("category", _("By cost category")), ("partner", _("By partner"))):
        frame = by[dimension]
        out.append(f"<h3>{html_text(title)}</h3>")
        if frame.is_empty():
            empty = _("No budget line or expense for these filters.")
            out.append(f'<p class="empty">{html_text(empty)}</p>')
            continue
        out.append(_spend_table(frame, dimension))
        out.append(
            figure(charts.spend_vs_budget(frame, dimension), alt.spend_vs_budget(frame, dimension))
        )
    return "".join(out)


# ---------------------------------------------------------------- the report


def report_html(con: duckdb.DuckDBPyConnection, filters: Filters, as_of: date) -> str:
    """The whole report as one self-contained HTML page (plotly.js inlined, nothing fetched)."""
    options = queries.filter_options(con)
    colours = palette.programme_colours(options["programmes"]["programme_id"])
    names = queries.country_names(con)
    load = load_line(queries.last_load(con))
    programmes = queries.programme_details(con, filters)

    values = queries.indicator_values(con, filters)
    targets = queries.indicator_targets(con, filters)
    status = queries.budget_status(con, filters, as_of)
    summary = kpi.budget_summary(status)
    board = kpi.scoreboard(values, targets, summary)
    contacts_target = targets.filter(pl.col("indicator") == "contacts")["target"]
    target = float(contacts_target[0]) if contacts_target.len() else None
    cities = formatting.places_named(queries.mission_cities(con, filters))
    over_time = queries.contacts_over_time(con, filters)
    funnel = queries.outcome_funnel(con, filters)
    map_title = _("Mission places, sized by contacts made")

    figure = _Figures()
    parts = [
        _header(programmes, filters, as_of, filters.describe(names), load),
        _indicators(board, filters.start is not None or filters.end is not None)
        if filters.period is None
        else _period_indicators(
            kpi.period_board(
                queries.indicator_values_by_period(con, filters),
                targets,
                summary,
                queries.indicator_achievements(con, filters),
            ),
            filters.period,
        ),
        _heading(2, _("2. Where the missions went")),
        figure(
            static_mission_map(cities, colours, title=map_title),
            alt.mission_places(cities, title=map_title),
        ),
        _missions(queries.mission_outcomes(con, filters)),
        _heading(2, _("4. Contacts and results")),
        figure(
            charts.contacts_over_time(over_time, colours, target=target),
            alt.contacts_over_time(over_time, target),
        ),
        figure(charts.outcome_funnel(funnel), alt.outcome_funnel(funnel)),
        _budget(
            summary,
            status,
            queries.cumulative_spend(con, filters, as_of),
            {d: queries.spend_vs_budget(con, filters, d, as_of) for d in ("category", "partner")},
            figure,
        ),
    ]
    css = (
        CSS.replace("FONTS", FONTS)
        .replace("PAGES", _page_counter())
        .replace("FOOTER", _css_string(load))
    )
    reporting = period_line(filters)
    if reporting:
        css += PERIOD_CSS.replace("FONTS", FONTS).replace("PERIOD", _css_string(reporting))
    who = ", ".join(filters.programmes) or _("all programmes")
    title = " · ".join(t for t in (_(TITLE), who, reporting, formatting.day(as_of)) if t)
    return (
        f'<!DOCTYPE html><html lang="{i18n.language()}"><head><meta charset="utf-8">'
        f"<title>{html_text(title)}</title><style>{css}</style>"
        f'<script type="text/javascript">{get_plotlyjs()}</script>'
        f"</head><body>{''.join(parts)}</body></html>"
    )


def chromium_path() -> str | None:
    found = shutil.which("chromium")
    if found:
        return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


def html_to_pdf(
    page: str, *, chromium: str | None = None, timeout: float = CHROMIUM_TIMEOUT_S
) -> bytes:
    """Print an HTML page to PDF bytes with headless Chromium, networking off."""
    binary = chromium or chromium_path()
    if binary is None:
        raise ReportUnavailable(
            "The PDF report needs Chromium, which is not installed: "
            "sudo apt-get install chromium (Debian/Ubuntu), then try again."
        )
    with tempfile.TemporaryDirectory(prefix="report-") as tmp:
        source = Path(tmp) / "report.html"
        target = Path(tmp) / "report.pdf"
        source.write_text(page, encoding="utf-8")
        command = [
            binary,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            # Offline by construction: any host name fails to resolve at once.
            "--host-resolver-rules=MAP * ~NOTFOUND",
            f"--user-data-dir={Path(tmp) / 'profile'}",
            "--no-pdf-header-footer",
            "--virtual-time-budget=15000",
            f"--print-to-pdf={target}",
            source.as_uri(),
        ]
        try:
            done = subprocess.run(command, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired as error:
            raise ReportError(f"Chromium did not finish the PDF within {timeout:.0f} s") from error
        if not target.exists() or target.stat().st_size == 0:
            tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-5:]
            raise ReportError(
                f"Chromium exited with {done.returncode} and wrote no PDF: " + " | ".join(tail)
            )
        return target.read_bytes()


def build_report(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    as_of: date,
    language: str | None = None,
    date_format: str | None = None,
) -> bytes:
    """The report as PDF bytes: report_html printed by headless Chromium. `language` and
    `date_format`: the ones to write it in when the build runs on a thread of its own (the app's
    button captures the session's); None keeps the run's."""
    with i18n.using(language or i18n.language()), formatting.using_date_format(date_format):
        return html_to_pdf(report_html(con, filters, as_of))


# ---------------------------------------------------------------- command line


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from error


def _as_of_default() -> date:
    pinned = os.environ.get("PROGRAMME_AS_OF")
    return date.fromisoformat(pinned) if pinned else date.today()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m analytics.report",
        description="Write the EU report (PDF) for the selected programmes and period.",
    )
    parser.add_argument(
        "--db",
        type=Path,
        help="database file (default: [database] path in .streamlit/secrets.toml, PROGRAMME_DB "
        "or data/programme.duckdb; the demo is built there when missing)",
    )
    add_arguments(parser)
    parser.add_argument(
        "--as-of",
        dest="as_of",
        type=_day,
        metavar="YYYY-MM-DD",
        help="date of plans and elapsed time (default: PROGRAMME_AS_OF or today)",
    )
    parser.add_argument(
        "--datefmt",
        choices=list(formatting.DATE_FORMATS),
        default=None,
        help="how dates are written (default: the language's own, DD/MM/YYYY in English, as in "
        "the app)",
    )
    parser.add_argument("--out", type=Path, help="PDF to write (default: report-<ids>-<date>.pdf)")
    parser.add_argument("--html", type=Path, help="also write the HTML page printed")
    parser.add_argument(
        "--lang",
        metavar="CODE",
        help=f"language of the report, one of {', '.join(i18n.CODES)} (default: en)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from analytics.db import command_cursor

    parser = _parser()
    args = parser.parse_args(argv)
    code = i18n.of_command(args.lang)
    if code is None:
        return 2
    con = command_cursor(parser, args.db)
    try:
        with i18n.using(code), formatting.using_date_format(args.datefmt):
            filters = read_arguments(parser, args, choices_from(queries.filter_options(con)))
            as_of = args.as_of or _as_of_default()
            out = args.out or Path(filename(filters, as_of))
            started = time.perf_counter()
            page = report_html(con, filters, as_of)
            if args.html:
                args.html.write_text(page, encoding="utf-8")
            try:
                pdf = html_to_pdf(page)
            except ReportError as error:
                print(f"error: {error}", file=sys.stderr)
                return 1
            out.write_bytes(pdf)
            seconds = time.perf_counter() - started
            print(f"wrote {out} ({len(pdf):,} bytes) in {seconds:.1f} s")
            return 0
    finally:
        con.close()


if __name__ == "__main__":
    sys.exit(main())
