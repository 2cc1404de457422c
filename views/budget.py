"""Budget: spend against budget and the linear plan, forecast at completion, variances."""

import streamlit as st

from analytics import alt, charts, expenditure, kpi, queries
from analytics.formatting import label, money, percent, plural
from analytics.text import md
from shell import data, state, ui

filters = state.filters()
ui.header(
    "Budget",
    filters,
    "Budget and spending follow the programme and period filters (money is not booked per "
    "country or sector). The plan spreads each budget line evenly over its programme's days, up "
    "to today or the end of the selected period.",
)

as_of = data.today()
status = data.query(queries.budget_status, filters, as_of=as_of)
summary = kpi.budget_summary(status)
if status.is_empty():
    ui.nothing(
        "No programme runs in the selected period, so there is no budget to show. Widen the "
        "period in the sidebar."
        if filters.start or filters.end
        else "No programme matches these filters. Widen the filters in the sidebar."
    )
    st.stop()
top = queries.BUDGET_ROWS  # past it, the smallest lines are one "Other ..." line
by_category = data.query(
    queries.spend_vs_budget, filters, dimension="category", as_of=as_of, top=top
)
if by_category.is_empty():
    ui.nothing(
        "These programmes have no budget lines or expenses loaded yet: add the budget and "
        "expenses sheets to see spend against budget. Below: their budgets as the programmes "
        "sheet gives them."
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
            "funding_programme": "Funding programme",
            "projects": "Projects",
            "budget_eur": "Budget",
            "eu_contribution_eur": "EU funding",
        },
    )
    st.stop()

running = status.height
cards = [
    (
        "Budget",
        summary.budget,
        f"{running} {plural(running, 'programme')} running in the period"
        if filters.start or filters.end
        else None,
        "The whole budgets of the programmes shown; with a period, of those running in it.",
    ),
    ("Spent", summary.spent, f"{percent(summary.spent_share)} of budget", None),
    ("Plan to date", summary.plan, f"{percent(summary.time_share)} of time elapsed", None),
    (
        "Forecast at completion",
        summary.forecast,
        f"{percent(summary.forecast_share)} of budget",
        "Spending so far divided by days elapsed, times the programme's days.",
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

tabs = st.tabs(["By category", "By partner", "By work package"])
for tab, dimension in zip(tabs, ("category", "partner", "work_package"), strict=True):
    with tab:
        frame = data.query(
            queries.spend_vs_budget, filters, dimension=dimension, as_of=as_of, top=top
        )
        if frame.is_empty():
            ui.nothing("No budget line or expense for these filters.")
            continue
        ui.chart(charts.spend_vs_budget(frame, dimension), alt.spend_vs_budget(frame, dimension))
        total = frame["total_rows"][0]
        if total > frame.height:
            st.caption(
                f"Showing the {frame.height - 1:,} largest budgets of {total:,}; the other "
                f"{total - frame.height + 1:,} are summed in the last line."
            )
        frame = frame.drop("total_rows")
        flagged = frame.filter(frame["flag"] != "on plan")
        if not flagged.is_empty():
            st.warning(
                f"{flagged.height} {plural(flagged.height, 'line')} more than 10% over or under "
                "plan: "
                + ", ".join(
                    f"{md(label(r['label']))} ({r['flag']}, {percent(r['variance_share'])})"
                    for r in flagged.iter_rows(named=True)
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
                "label": dimension.replace("_", " ").capitalize(),
                "budget": "Budget",
                "plan": "Plan to date",
                "spent": "Spent",
                "variance": "Variance",
                "variance_share": "Variance %",
                "flag": "Flag",
            },
        )

if filters.start or filters.end:
    st.subheader("List of expenditure")
    lines = data.query(queries.expenditure, filters, as_of=as_of)
    if lines.is_empty():
        ui.nothing("No expense is dated in the selected period.")
        st.stop()
    explained = (
        "The one expense line counted as spent above ({total}): dated in the period, within "
        "its programme's dates, up to today."
        if lines.height == 1
        else "The {count} expense lines counted as spent above ({total}): dated in the period, "
        "within their programme's dates, up to today."
    )
    st.caption(
        explained.format(count=f"{lines.height:,}", total=money(lines["amount_eur"].sum()))
        + " "
        + "The report's workbook holds the list, the totals by partner and the totals by "
        "category, each on a sheet of its own."
    )
    ui.workbook_download(
        "List of expenditure for the report (XLSX)",
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
        ("partner", "Totals of the period by partner"),
        ("category", "Totals of the period by category"),
    ):
        st.markdown(f"**{title}**")
        ui.table(
            expenditure.totals(lines, by),
            f"expenditure-by-{by}",
            filters,
            money_columns=("amount_eur",),
            labels=expenditure.total_labels(by),
        )
