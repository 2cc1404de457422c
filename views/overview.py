"""Overview: the monitoring scoreboard, the indicator table for reports, a map, latest missions."""

import streamlit as st

from analytics import alt, charts, kpi, maps, palette, queries
from analytics.formatting import money, percent, places_named
from analytics.text import md
from i18n import _
from shell import data, state, ui

filters = state.filters()
ui.header(_("Programme results"), filters)

portfolio = data.query(queries.portfolio_summary, filters).row(0, named=True)
if portfolio["projects"] and not portfolio["missions"] and not portfolio["budget_lines"]:
    # A portfolio of programmes and partners only (a keep.eu export): its figures, its money
    # by funding programme and its partners' towns, not a scoreboard of missions at zero.
    ui.portfolio_figures(portfolio)
    by_funding = data.query(queries.budget_by_funding_programme, filters)
    ui.chart(
        charts.budget_by_funding_programme(by_funding), alt.budget_by_funding_programme(by_funding)
    )
    if portfolio["partners"]:
        st.subheader(_("Where the partners are based"))
        towns = data.query(queries.partner_towns, filters)
        ui.deck(maps.partner_towns_deck(towns, height=480), alt.partner_towns(towns), height=480)
        st.caption(_("The Partners page has the partners by town and country and every project."))
    st.stop()

values = data.query(queries.indicator_values, filters)
targets = data.query(queries.indicator_targets, filters)
status = data.query(queries.budget_status, filters, as_of=data.today())
budget = kpi.budget_summary(status)
board = kpi.scoreboard(values, targets, budget)

if status.is_empty():
    ui.nothing(_("No programme matches these filters. Widen the filters in the sidebar."))
    st.stop()

by_period = (
    None
    if filters.period is None
    else kpi.period_board(
        data.query(queries.indicator_values_by_period, filters),
        targets,
        budget,
        data.query(queries.indicator_achievements, filters),
    )
)
# With a period, a card gives what the period adds and the cumulative figure at its end, as the
# indicator table below does (an organisation counts in the period it was first met).
in_period = (
    {} if by_period is None else {r["indicator"]: r for r in by_period.iter_rows(named=True)}
)

st.subheader(_("Indicators against targets"))
counted = board.filter(board["counted"])
with ui.card_grid("indicators", ((1000, 4), (700, 3), (0, 2))):
    for row in counted.iter_rows(named=True):
        with st.container(border=True):
            code = f" · {md(row['code'])}" if row["code"] else ""
            if row["official"]:
                code += f" {md(row['official'])}"
            if row["indicator"] == "budget_spent":
                ui.money_metric(row["label"], row["value_text"])
                st.caption(
                    # Translators: {code} is the indicator's code (" · RCO 01") or nothing
                    _(
                        "{spent} of {budget} · {elapsed} of time elapsed{code}",
                        spent=percent(budget.spent_share),
                        budget=money(budget.budget),
                        elapsed=percent(budget.time_share),
                        code=code,
                    )
                )
                st.progress(min(max(budget.spent_share or 0.0, 0.0), 1.0))
            elif row["indicator"] in in_period:
                figures = in_period[row["indicator"]]
                st.metric(md(row["label"]), figures["in_period_text"])
                if figures["target"] is not None:
                    shown = _(
                        "In the period · cumulative {cumulative} of target {target} · "
                        "{share}{code}",
                        cumulative=figures["cumulative_text"],
                        target=figures["target_text"],
                        share=figures["progress_text"],
                        code=code,
                    )
                else:
                    shown = _(
                        "In the period · cumulative {cumulative} · no target set{code}",
                        cumulative=figures["cumulative_text"],
                        code=code,
                    )
                st.caption(shown)
                if figures["target"] is not None:
                    st.progress(min(max(figures["progress"] or 0.0, 0.0), 1.0))
            elif row["target"] is not None:
                st.metric(md(row["label"]), row["value_text"])
                st.caption(
                    _(
                        "Target {target} · {progress}{code}",
                        target=row["target_text"],
                        progress=row["progress_text"],
                        code=code,
                    )
                )
                st.progress(min(max(row["progress"] or 0.0, 0.0), 1.0))
            else:
                st.metric(md(row["label"]), row["value_text"])
                st.caption(_("No target set{code}", code=code))

# With a reporting period, the project's own figures are the period table's (before, in the
# period, cumulative), not the total recorded in targets.
reported = kpi.reported_by_the_project(board if by_period is None else by_period)
if reported:
    st.caption(reported)

st.subheader(_("Indicator table for the periodic report"))
if by_period is None:
    ui.table(
        kpi.report_table(board), "indicators", filters, export=ui.Export(*kpi.report_export(board))
    )
else:
    ui.table(
        kpi.period_report_table(by_period),
        "indicators",
        filters,
        export=ui.Export(*kpi.period_report_export(by_period)),
    )
    st.caption(_(kpi.PERIOD_NOTE))
if filters.start is None and filters.end is None:
    st.caption(
        _(
            "Counted indicators come from the loaded data with the filters above; targets are "
            "summed over the selected programmes. MoUs, agreements and joint projects count each "
            "contact at its furthest outcome (an MoU that led to an agreement counts as an "
            "agreement); the Contacts funnel and the Countries table count each stage reached at "
            "least."
        )
    )
else:  # a programme's targets count when it runs at some time in the period
    st.caption(
        _(
            "Counted indicators come from the loaded data with the filters above; targets are "
            "summed over the selected programmes that run in the chosen period. MoUs, agreements "
            "and joint projects count each contact at its furthest outcome (an MoU that led to an "
            "agreement counts as an agreement); the Contacts funnel and the Countries table count "
            "each stage reached at least."
        )
    )
st.caption(_(kpi.TARGET_COUNTRIES_NOTE))

st.subheader(_("Where the missions went"))
cities = places_named(data.query(queries.mission_cities, filters))
colours = palette.programme_colours(data.options()["programmes"]["programme_id"])
if cities.is_empty():
    ui.nothing(_("No mission matches these filters."))
else:
    ui.deck(
        maps.overview_deck(cities, colours),
        alt.mission_places(cities),
        height=maps.OVERVIEW_HEIGHT_PX,
    )
    ui.programme_key(cities, colours)

st.subheader(_("Latest missions"))
latest = data.query(queries.latest_missions, filters, limit=8)
if latest.is_empty():
    ui.nothing(_("No mission matches these filters."))
else:
    ui.table(
        latest,
        "latest-missions",
        filters,
        labels={
            "start_date": _("Start"),
            "end_date": _("End"),
            "mission_id": _("Mission"),
            "programme_id": _("Programme"),
            "title": _("Title"),
            "type": _("Type"),
            "city": _("City"),
            "country": _("Country"),
            "contacts": _("Contacts"),
        },
        vocabulary_columns=("type",),
    )
