"""Sectors: which sectors the contacts and missions were in, where, and per programme."""

import streamlit as st

from analytics import charts, data, state, ui

filters = state.filters()
ui.header("Sectors", filters)

ranking = data.query("sector_ranking", filters)
if ranking.is_empty():
    ui.nothing("No sector is recorded for the missions or contacts these filters select.")
    st.stop()

left, right = st.columns(2)
with left:
    ui.chart(charts.sector_ranking(ranking))
with right:
    ui.chart(charts.sector_share_by_programme(data.query("sector_share_by_programme", filters)))
ui.chart(charts.sector_country_heatmap(data.query("sector_country", filters)))

with st.expander("Data behind these charts"):
    ui.table(
        ranking,
        "sector-ranking",
        filters,
        labels={
            "sector": "Sector",
            "contacts": "Contacts",
            "organisations": "Organisations",
            "missions": "Missions",
        },
        vocabulary_columns=("sector",),
    )
