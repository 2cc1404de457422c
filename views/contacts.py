"""Contacts: over time against the target, by organisation and meeting type, by mission, and
the outcome funnel."""

import streamlit as st

from analytics import alt, charts, kpi, palette, queries
from analytics.formatting import count
from i18n import _, n_
from shell import data, state, ui

filters = state.filters()
ui.header(
    _("Contacts"), filters, _("Organisations met on missions: each row of the contacts sheet.")
)

over_time = data.query(queries.contacts_over_time, filters)
if over_time.is_empty():
    ui.nothing(_("No contact matches these filters. Widen the filters in the sidebar."))
    st.stop()

targets = data.query(queries.indicator_targets, filters)
target_rows = targets.filter(targets["indicator"] == "contacts")
target = float(target_rows["target"][0]) if target_rows.height else None
colours = palette.programme_colours(data.options()["programmes"]["programme_id"])
ui.chart(
    charts.contacts_over_time(over_time, colours, target=target),
    alt.contacts_over_time(over_time, target),
)

left, right = st.columns(2)
for column, dimension in ((left, "org_type"), (right, "meeting_type")):
    with column:
        frame = data.query(queries.contacts_by, filters, dimension=dimension)
        ui.chart(
            charts.contacts_breakdown(frame, dimension), alt.contacts_breakdown(frame, dimension)
        )

left, right = st.columns(2)
funnel = data.query(queries.outcome_funnel, filters)
with left:
    ui.chart(charts.outcome_funnel(funnel), alt.outcome_funnel(funnel))
    explained = kpi.funnel_caption(funnel)
    if explained:
        st.caption(explained)
# One query for the missions, largest first: the chart shows the top of the table's rows.
by_mission = data.query(queries.contacts_by, filters, dimension="mission", limit=queries.TABLE_ROWS)
with right:
    ui.chart(
        charts.contacts_breakdown(by_mission.head(25), "mission", colours=colours),
        alt.contacts_breakdown(by_mission.head(25), "mission"),
    )

with st.expander(_("Data behind these charts")):
    total = by_mission["total_rows"][0] if by_mission.height else 0
    if total > by_mission.height:
        st.caption(
            n_(
                "Showing the {shown} missions with the most contacts of {n}.",
                "Showing the {shown} missions with the most contacts of {n}.",
                total,
                shown=count(by_mission.height),
            )
        )
    ui.table(
        by_mission.drop("programme_id", "total_rows"),
        "contacts-by-mission",
        filters,
        labels={
            "key": _("Mission"),
            "contacts": _("Contacts"),
            "organisations": _("Organisations"),
        },
    )
    ui.table(
        funnel.drop("rank"),
        "outcome-funnel",
        filters,
        labels={"stage": _("Reached at least"), "contacts": _("Contacts")},
        vocabulary_columns=("stage",),
    )
