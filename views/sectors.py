"""Sectors: which sectors the contacts and missions were in, where, and per programme."""

import streamlit as st

from analytics import alt, charts, kpi, queries
from i18n import _
from shell import data, state, ui

filters = state.filters()
ui.header(_("Sectors"), filters)

ranking = data.query(queries.sector_ranking, filters)
if ranking.is_empty():
    ui.nothing(_("No sector is recorded for the missions or contacts these filters select."))
    st.stop()

left, right = st.columns(2)
with left:
    ui.chart(charts.sector_ranking(ranking), alt.sector_ranking(ranking))
with right:
    shares = data.query(queries.sector_share_by_programme, filters)
    ui.chart(charts.sector_share_by_programme(shares), alt.sector_share_by_programme(shares))
by_country = ui.countries_named(data.query(queries.sector_country, filters))
ui.chart(charts.sector_country_heatmap(by_country), alt.sector_country_heatmap(by_country))
st.caption(_(kpi.TARGET_COUNTRIES_NOTE))

with st.expander(_("Data behind these charts")):
    ui.table(
        ranking,
        "sector-ranking",
        filters,
        labels={
            "sector": _("Sector"),
            "contacts": _("Contacts"),
            "organisations": _("Organisations"),
            "missions": _("Missions"),
        },
        vocabulary_columns=("sector",),
    )
