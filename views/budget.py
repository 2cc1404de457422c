"""Budget: spend against budget and the linear plan, forecast at completion, variances."""

import streamlit as st

from analytics import alt, charts, expenditure, kpi, queries
from analytics.formatting import count, label, money, percent
from analytics.text import md
from i18n import _, n_, p_
from shell import data, state, ui

filters = state.filters()
ui.header(
    _("Budget"),
    filters,
    _(
        "Budget and spending follow the programme and period filters (money is not booked per "
        "country or sector). The plan spreads each budget line evenly over its programme's "
        "days, up to today or the end of the selected period."
    ),
)

as_of = data.today()
status = data.query(queries.budget_status, filters, as_of=as_of)
summary = kpi.budget_summary(status)
if status.is_empty():
    ui.nothing(
        _(
            "No programme runs in the selected period, so there is no budget to show. Widen "
            "the period in the sidebar."
        )
        if filters.start or filters.end
        else _("No programme matches these filters. Widen the filters in the sidebar.")
    )
    st.stop()
top = queries.BUDGET_ROWS  # past it, the smallest lines are one "Other ..." line
by_category = data.query(
    queries.spend_vs_budget, filters, dimension="category", as_of=as_of, top=top
)
if by_category.is_empty():
    ui.nothing(
        _(
            "These programmes have no budget lines or expenses loaded yet: add the budget and "
            "expenses sheets to see spend against budget. Below: their budgets as the "
            "programmes sheet gives them."
        )
    )
    by_funding = data.query(queries.budget_by_funding_programme, filters)
    ui.chart(
        charts.budget_by_funding_programme(by_funding), alt.budget_by_funding_programme(by_funding)
    )
    ui.table(
        by_funding,
        "budget-by-funding-programme",
        filters,
        money_columns=("budget_eur", "eu_contribution_eur"),
        labels={
            "funding_programme": _("Funding programme"),
            "projects": _("Projects"),
            "budget_eur": _("Budget"),
            "eu_contribution_eur": _("EU funding"),
        },
    )
    st.stop()

running = status.height
cards = [
    (
        _("Budget"),
        summary.budget,
        n_(
            "{n} programme running in the period",
            "{n} programmes running in the period",
            running,
        )
        if filters.start or filters.end
        else None,
        _("The whole budgets of the programmes shown; with a period, of those running in it."),
    ),
    (
        _("Spent"),
        summary.spent,
        _("{share} of budget", share=percent(summary.spent_share)),
        None,
    ),
    (
        _("Plan to date"),
        summary.plan,
        _("{share} of time elapsed", share=percent(summary.time_share)),
        None,
    ),
    (
        _("Forecast at completion"),
        summary.forecast,
        _("{share} of budget", share=percent(summary.forecast_share)),
        _("Spending so far divided by days elapsed, times the programme's days."),
    ),
]
with ui.card_grid("budget", ((1000, 4), (0, 2))):
    for title, amount, note, explained in cards:
        ui.money_metric(
            title,
            money(amount),
            note,
            delta_color="off",
            delta_arrow="off",
            border=True,
            help=explained,
        )

cumulative = data.query(queries.cumulative_spend, filters, as_of=as_of)
forecast = summary.forecast if summary.budget else None
ui.chart(
    charts.cumulative_spend(cumulative, forecast=forecast),
    alt.cumulative_spend(cumulative, forecast),
)

tabs = st.tabs([_("By category"), _("By partner"), _("By work package")])
# the first column of each tab's table
DIMENSION_TITLES = {
    "category": _("Category"),
    "partner": _("Partner"),
    "work_package": _("Work package"),
}
# a budget line against its plan (queries.spend_vs_budget's flag), as the table writes it;
# "on plan" and "unbudgeted" are the charts' own words (analytics.charts.FLAG_LABELS)
FLAGS = {
    "on plan": _("on plan"),
    # Translators: a budget line's spending against its plan, in a table column "Flag"
    "over": p_("budget line", "over"),
    "under": p_("budget line", "under"),
    "unbudgeted": _("unbudgeted"),
}
for tab, dimension in zip(tabs, ("category", "partner", "work_package"), strict=True):
    with tab:
        frame = data.query(
            queries.spend_vs_budget, filters, dimension=dimension, as_of=as_of, top=top
        )
        if frame.is_empty():
            ui.nothing(_("No budget line or expense for these filters."))
            continue
        ui.chart(charts.spend_vs_budget(frame, dimension), alt.spend_vs_budget(frame, dimension))
        total = frame["total_rows"][0]
        if total > frame.height:
            st.caption(
                n_(
                    "Showing the {shown} largest budgets of {n}; the other {others} are summed "
                    "in the last line.",
                    "Showing the {shown} largest budgets of {n}; the other {others} are summed "
                    "in the last line.",
                    total,
                    shown=count(frame.height - 1),
                    others=count(total - frame.height + 1),
                )
            )
        frame = ui.data_labelled(frame.drop("total_rows"), "label")
        flagged = frame.filter(frame["flag"] != "on plan")
        frame = frame.with_columns(frame["flag"].replace(FLAGS))
        if not flagged.is_empty():
            lines = ", ".join(
                # Translators: a budget line, "over" or "under" its plan, and by how much
                _(
                    "{line} ({flag}, {variance})",
                    line=md(label(r["label"])),
                    flag=FLAGS.get(r["flag"], r["flag"]),
                    variance=percent(r["variance_share"]),
                )
                for r in flagged.iter_rows(named=True)
            )
            st.warning(
                n_(
                    "{n} line more than 10% over or under plan: {lines}",
                    "{n} lines more than 10% over or under plan: {lines}",
                    flagged.height,
                    lines=lines,
                ),
                icon=":material/warning:",
            )
        ui.table(
            frame,
            f"spend-vs-budget-by-{dimension.replace('_', '-')}",
            filters,
            money_columns=("budget", "plan", "spent", "variance"),
            percent_columns={"variance_share": 1},
            vocabulary_columns=("label",) if dimension == "category" else (),
            labels={
                "label": DIMENSION_TITLES[dimension],
                "budget": _("Budget"),
                "plan": _("Plan to date"),
                "spent": _("Spent"),
                "variance": _("Variance"),
                "variance_share": _("Variance %"),
                "flag": _("Flag"),
            },
        )

if filters.start or filters.end:
    st.subheader(_("List of expenditure"))
    lines = ui.data_labelled(data.query(queries.expenditure, filters, as_of=as_of), "partner")
    if lines.is_empty():
        ui.nothing(_("No expense is dated in the selected period."))
        st.stop()
    explained = n_(
        "The one expense line counted as spent above ({total}): dated in the period, within "
        "its programme's dates, up to today.",
        "The {n} expense lines counted as spent above ({total}): dated in the period, "
        "within their programme's dates, up to today.",
        lines.height,
        total=money(lines["amount_eur"].sum()),
    )
    workbook = _(
        "The report's workbook holds the list, the totals by partner and the totals by "
        "category, each on a sheet of its own."
    )
    st.caption(f"{explained} {workbook}")
    ui.workbook_download(
        _("List of expenditure for the report (XLSX)"),
        "expenditure-report",
        filters,
        lambda about: expenditure.workbook(lines, about),
    )
    ui.table(
        lines,
        "expenditure",
        filters,
        money_columns=("amount_eur",),
        vocabulary_columns=("category",),
        labels=expenditure.line_labels(),
    )
    for by, title in (
        ("partner", _("Totals of the period by partner")),
        ("category", _("Totals of the period by category")),
    ):
        st.markdown(f"**{title}**")
        ui.table(
            expenditure.totals(lines, by),
            f"expenditure-by-{by}",
            filters,
            money_columns=("amount_eur",),
            labels=expenditure.total_labels(by),
        )
