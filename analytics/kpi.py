"""The monitoring scoreboard: counted indicators set against targets, and the budget summary.

Pure functions over the small frames the queries return, so every figure a report quotes can be
tested without Streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import polars as pl
from babel.numbers import format_decimal

import i18n
from analytics import exports
from analytics.formatting import INDICATOR_LABELS, count, label, money, percent
from analytics.text import md
from etl.catalogue import official_names
from i18n import N_, _, n_

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class BudgetSummary:
    budget: Decimal
    spent: Decimal
    plan: Decimal
    forecast: Decimal
    time_share: float | None  # budget-weighted share of the programmes' time elapsed

    @property
    def spent_share(self) -> float | None:
        return float(self.spent / self.budget) if self.budget else None

    @property
    def forecast_share(self) -> float | None:
        return float(self.forecast / self.budget) if self.budget else None


def budget_summary(status: pl.DataFrame) -> BudgetSummary:
    """Totals over the selected programmes; exact Decimal sums, no float on the way."""
    if status.is_empty():
        return BudgetSummary(budget=ZERO, spent=ZERO, plan=ZERO, forecast=ZERO, time_share=None)
    rows = status.select("budget", "spent", "plan", "forecast", "time_share").rows()
    budget = sum((r[0] for r in rows), ZERO)
    weighted = sum(float(r[0]) * float(r[4]) for r in rows)
    return BudgetSummary(
        budget=budget,
        spent=sum((r[1] for r in rows), ZERO),
        plan=sum((r[2] for r in rows), ZERO),
        forecast=sum((r[3] for r in rows), ZERO),
        time_share=weighted / float(budget) if budget else None,
    )


SCOREBOARD_SCHEMA = {
    "indicator": pl.String,
    "label": pl.String,
    "code": pl.String,
    "official": pl.String,  # the common indicator's official name (etl/catalogue.py)
    "value": pl.Decimal(18, 2),
    "target": pl.Decimal(18, 2),
    "progress": pl.Float64,
    "unit": pl.String,
    "counted": pl.Boolean,
    "value_text": pl.String,
    "target_text": pl.String,
    "progress_text": pl.String,
}


def _text(indicator: str, value: Decimal | None) -> str:
    if value is None:
        return "–"
    if indicator == "budget_spent":
        return money(value)
    if value == value.to_integral_value():
        return count(value)
    code = i18n.language()
    if code != i18n.SOURCE:
        return format_decimal(value, format="#,##0.00", locale=code)
    return f"{value:,.2f}"


def scoreboard(
    values: pl.DataFrame, targets: pl.DataFrame, budget: BudgetSummary | None = None
) -> pl.DataFrame:
    """One row per indicator: the counted ones in a fixed order, then custom ones.

    Budget spent is measured against its target when `targets` has one, else the budget.
    """
    counted = dict(values.select("indicator", "value").rows())
    by_target = {r["indicator"]: r for r in targets.iter_rows(named=True)}
    rows: list[dict[str, object]] = []
    for indicator in INDICATOR_LABELS:
        t = by_target.get(indicator, {})
        target = t.get("target")
        if indicator == "budget_spent" and target is None and budget and budget.budget:
            target = budget.budget
        value = counted.get(indicator)
        rows.append(
            _row(indicator, value, target, code=t.get("code"), unit=t.get("unit"), counted=True)
        )
    for indicator, t in by_target.items():
        if indicator not in INDICATOR_LABELS:
            reported = _row(
                indicator,
                t.get("actual"),
                t.get("target"),
                code=t.get("code"),
                unit=t.get("unit"),
                counted=False,
            )
            rows.append(reported)
    return pl.DataFrame(rows, schema=SCOREBOARD_SCHEMA, orient="row")


def _row(
    indicator: str,
    value: Decimal | None,
    target: Decimal | None,
    *,
    code: str | None,
    unit: str | None,
    counted: bool,
) -> dict[str, object]:
    value = None if value is None else Decimal(value)
    target = None if target is None else Decimal(target)
    progress = float(value / target) if value is not None and target else None
    return {
        "indicator": indicator,
        "label": label(indicator),  # the indicator's name in the language of the run
        "code": code,
        "official": official_names(code),
        "value": value,
        "target": target,
        "progress": progress,
        "unit": unit,
        "counted": counted,
        "value_text": _text(indicator, value),
        "target_text": _text(indicator, target),
        "progress_text": percent(progress),
    }


def _unit() -> pl.Expr:
    """EUR for the budget, else the target's unit (contacts, missions...)."""
    return pl.when(pl.col("indicator") == "budget_spent").then(pl.lit("EUR")).otherwise("unit")


def _source_of_figure() -> pl.Expr:
    """Whether the dashboard counted the figure or the project reported it."""
    return (
        pl.when(pl.col("counted"))
        .then(pl.lit(_("counted from the data")))
        .otherwise(pl.lit(_("reported by the project")))
        .alias(_("Source of figure"))
    )


def report_export(board: pl.DataFrame) -> tuple[pl.DataFrame, dict[str, str], list[bool]]:
    """The indicator table as a spreadsheet wants it: achieved and target as numbers, progress
    as a share (0.93, formatted 93%), with its unit; the rows whose figures are euro marked, so
    they get a money format. Returns (frame, kinds of columns, money rows)."""
    achieved, target, progress = _("Achieved"), _("Target"), _("Progress")
    frame = board.select(
        pl.col("code").alias(_("Code")),
        pl.col("label").alias(_("Indicator")),
        pl.col("official").fill_null("").alias(_("Official name")),
        pl.col("value").alias(achieved),
        pl.col("target").alias(target),
        pl.col("progress").alias(progress),
        _unit().alias(_("Unit")),
        _source_of_figure(),
    )
    kinds = {achieved: exports.AMOUNT, target: exports.AMOUNT, progress: exports.PERCENT}
    return frame, kinds, (board["indicator"] == "budget_spent").to_list()


def report_table(board: pl.DataFrame) -> pl.DataFrame:
    """The indicator table as pasted into a periodic report: text columns, exact figures."""
    return board.select(
        pl.col("code").fill_null("").alias(_("Code")),
        pl.col("label").alias(_("Indicator")),
        pl.col("official").fill_null("").alias(_("Official name")),
        pl.col("value_text").alias(_("Achieved")),
        pl.col("target_text").alias(_("Target")),
        pl.col("progress_text").alias(_("Progress")),
        _unit().alias(_("Unit")),
        _source_of_figure(),
    )


PERIOD_SCHEMA = {
    "indicator": pl.String,
    "label": pl.String,
    "code": pl.String,
    "official": pl.String,
    "unit": pl.String,
    "counted": pl.Boolean,
    "target": pl.Decimal(18, 2),
    "before": pl.Decimal(18, 2),
    "in_period": pl.Decimal(18, 2),
    "cumulative": pl.Decimal(18, 2),
    "progress": pl.Float64,
    "target_text": pl.String,
    "before_text": pl.String,
    "in_period_text": pl.String,
    "cumulative_text": pl.String,
    "progress_text": pl.String,
}


def period_board(
    by_period: pl.DataFrame,
    targets: pl.DataFrame,
    budget: BudgetSummary | None = None,
    achievements: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """The indicator table of a report for one reporting period: per indicator its target, the
    figure before the period, what the period adds and the cumulative figure at its end.

    `by_period` holds the counted indicators (queries.indicator_values_by_period) up to the day
    before the period (`before`) and up to its last day (`cumulative`); what the period adds is
    their difference, so an
    organisation met again counts once, in the period it was first met. The manager's own
    indicators take theirs from `achievements` (indicator, before, in_period); without any,
    only the total the project recorded (`actual`) is known, shown as cumulative.
    """
    board = scoreboard(by_period.select("indicator", value="cumulative"), targets, budget)
    earlier = dict(by_period.select("indicator", "before").rows())
    own = {} if achievements is None else {r[0]: r[1:] for r in achievements.rows()}
    rows = []
    for r in board.iter_rows(named=True):
        indicator, total = r["indicator"], r["value"]
        if r["counted"]:
            previous = earlier.get(indicator)
            added = None if total is None or previous is None else total - previous
        elif indicator in own:
            previous, added = (Decimal(v or 0) for v in own[indicator])
            total = previous + added
        else:
            previous = added = None
        target = r["target"]
        progress = float(total / target) if total is not None and target else None
        rows.append(
            {
                **{k: r[k] for k in ("indicator", "label", "code", "official", "unit", "counted")},
                "target": target,
                "before": previous,
                "in_period": added,
                "cumulative": total,
                "progress": progress,
                "target_text": _text(indicator, target),
                "before_text": _text(indicator, previous),
                "in_period_text": _text(indicator, added),
                "cumulative_text": _text(indicator, total),
                "progress_text": percent(progress),
            }
        )
    return pl.DataFrame(rows, schema=PERIOD_SCHEMA, orient="row")


# The one definition of a target country (queries.target_country), as every page's caption and the
# PDF state it; translate where shown, _(TARGET_COUNTRIES_NOTE).
TARGET_COUNTRIES_NOTE = N_(
    "Target countries: the countries the missions went to, other than the home countries of the "
    "programme's own partners (a partners' meeting in a partner's country is not a target "
    "country reached)."
)

# Shown under the period's table: translate where shown, _(PERIOD_NOTE)
PERIOD_NOTE = N_(
    "Reporting period: Before the period counts up to the day before it, Cumulative up to its "
    "last day, "
    "In the period is what it adds (a mission by its first day; an organisation, SME or country "
    "in the period it was first reached). Your own indicators take theirs from the "
    "achievements table; without it, only the total recorded in targets is shown."
)


_PERIOD_COLUMNS = {
    "target": N_("Target"),
    "before": N_("Before the period"),
    "in_period": N_("In the period"),
    "cumulative": N_("Cumulative"),
    "progress": N_("% of target"),
}


def period_report_table(board: pl.DataFrame) -> pl.DataFrame:
    """The period's indicator table as pasted into a report: text columns, exact figures."""
    return board.select(
        pl.col("code").fill_null("").alias(_("Code")),
        pl.col("label").alias(_("Indicator")),
        pl.col("official").fill_null("").alias(_("Official name")),
        *(pl.col(f"{c}_text").alias(_(title)) for c, title in _PERIOD_COLUMNS.items()),
        _unit().alias(_("Unit")),
        _source_of_figure(),
    )


def period_report_export(board: pl.DataFrame) -> tuple[pl.DataFrame, dict[str, str], list[bool]]:
    """The period's indicator table for a spreadsheet: figures as numbers (euro on the budget
    row), % of target as a share formatted 0%."""
    frame = board.select(
        pl.col("code").alias(_("Code")),
        pl.col("label").alias(_("Indicator")),
        pl.col("official").fill_null("").alias(_("Official name")),
        *(pl.col(c).alias(_(title)) for c, title in _PERIOD_COLUMNS.items()),
        _unit().alias(_("Unit")),
        _source_of_figure(),
    )
    kinds = {_(title): exports.AMOUNT for title in list(_PERIOD_COLUMNS.values())[:-1]}
    kinds[_(_PERIOD_COLUMNS["progress"])] = exports.PERCENT
    return frame, kinds, (board["indicator"] == "budget_spent").to_list()


def reported_by_the_project(board: pl.DataFrame) -> str | None:
    """The Overview's line of the manager's own indicators, as Streamlit Markdown (labels and
    figures escaped), from `board`: kpi.scoreboard's (the recorded total against the target),
    or, with a reporting period, period_board's, so the line says what the period table says."""
    own = board.filter(~pl.col("counted"))
    if own.is_empty():
        return None
    parts = []
    for r in own.iter_rows(named=True):
        figures = {k: md(v) for k, v in r.items() if k.endswith("_text") or k == "label"}
        if "in_period" not in r:
            part = _("{label}: {value_text} of {target_text}", **figures)
        elif r["in_period"] is None:
            part = _(
                "{label}: {cumulative_text} of {target_text} in all, not given per reporting "
                "period",
                **figures,
            )
        else:
            part = _(
                "{label}: {before_text} before the period, {in_period_text} in the period, "
                "{cumulative_text} cumulative of {target_text}",
                **figures,
            )
        parts.append(part)
    return _("Reported by the project: {indicators}", indicators=" · ".join(parts))


def funnel_caption(funnel: pl.DataFrame) -> str | None:
    """How the funnel's "reached at least" counts meet the Overview's "at its furthest outcome"
    ones, so "MoU 20" beside "MoUs signed 10" reads as one definition, not two figures."""
    reached = dict(funnel.select("stage", "contacts").rows())
    stages = ("mou", "agreement", "joint_project")
    mou, agreement, joint = (int(reached.get(s) or 0) for s in stages)
    if not mou:
        return None
    further = agreement
    # Translators: under the funnel; {n} counts joint projects. "MoUs signed" is the Overview's
    # card (translate it as there)
    return n_(
        "Each stage counts the contacts that reached at least it: MoU {mou} = {mou_only} whose "
        'furthest outcome is an MoU (the Overview\'s "MoUs signed") + {further} that went on to '
        "an agreement or a joint project (Agreement {agreement} = {agreement_only} agreements "
        "+ {n} joint project).",
        "Each stage counts the contacts that reached at least it: MoU {mou} = {mou_only} whose "
        'furthest outcome is an MoU (the Overview\'s "MoUs signed") + {further} that went on to '
        "an agreement or a joint project (Agreement {agreement} = {agreement_only} agreements "
        "+ {n} joint projects).",
        joint,
        mou=count(mou),
        mou_only=count(mou - further),
        further=count(further),
        agreement=count(agreement),
        agreement_only=count(agreement - joint),
    )
