"""Partners: the partners of the selected programmes (projects), by home town and by country.

A portfolio such as a keep.eu export holds only programmes and partners; this page shows it:
where the partners are based (thousands of partners as a few hundred towns), how many per country,
and each programme with its partners.
"""

import streamlit as st

from analytics import alt, maps, queries
from analytics.formatting import count, plural
from shell import data, state, ui

filters = state.filters()
ui.header(
    "Partners",
    filters,
    "The partners of the selected programmes: their home towns and countries. Programme, "
    "funding programme, period and sector filters apply; target countries are those of missions "
    "and do not filter partners.",
)

summary = data.query(queries.portfolio_summary, filters).row(0, named=True)
if not summary["projects"]:
    ui.nothing("No programme matches these filters. Widen the filters in the sidebar.")
    st.stop()
ui.portfolio_figures(summary)
if not summary["partners"]:
    ui.nothing("These programmes have no partners loaded yet: add the partners sheet.")
    st.stop()

st.subheader("Home towns")
towns = data.query(queries.partner_towns, filters)
ui.deck(maps.partner_towns_deck(towns, height=560), alt.partner_towns(towns), height=560)
unplaced = towns.filter(towns["at_country_centre"])
st.caption(
    f"{count(summary['partners'])} {plural(summary['partners'], 'partner')} in "
    f"{count(towns.height)} {plural(towns.height, 'town')}; the circle's area "
    "follows the partners in the town."
    + (
        f" Partners in {count(unplaced.height)} {plural(unplaced.height, 'town')}"
        " the offline gazetteer does not know "
        f"({count(unplaced['partners'].sum())}) are placed at their country's centre (grey); "
        "the Data page lists them."
        if unplaced.height
        else ""
    )
)

st.subheader("Countries")
by_country = data.query(queries.partners_by_country, filters)
ui.deck(
    maps.choropleth_deck(by_country, "partners", lines=maps.PARTNER_LINES, height=480),
    alt.partner_countries(by_country),
    height=480,
)
stops = maps.legend_stops(int(by_country["partners"].max()))
st.markdown(
    "Partners: "
    + " ".join(
        f"<span style='background:{colour};padding:0 0.6em;border:1px solid #999'>&nbsp;"
        f"</span>&nbsp;{text}&nbsp;&nbsp;"
        for text, colour in stops
    ),
    unsafe_allow_html=True,
)
ui.table(
    by_country,
    "partners-by-country",
    filters,
    labels={
        "country": "Country",
        "partners": "Partners",
        "projects": "Projects",
        "lead_partners": "Lead partners",
    },
)

st.subheader("Projects")
projects = data.query(queries.portfolio_projects, filters)
total = int(projects["total"][0]) if projects.height else 0
if total > projects.height:
    st.caption(f"The {count(projects.height)} largest of {count(total)}, by budget.")
ui.table(
    projects,
    "portfolio-programmes",
    filters,
    money_columns=("budget_eur", "eu_contribution_eur"),
    labels={
        "programme_id": "Project",
        "name": "Name",
        "funding_programme": "Funding programme",
        "start_date": "Start",
        "end_date": "End",
        "budget_eur": "Budget",
        "eu_contribution_eur": "EU funding",
        "partners": "Partners",
        "countries": "Partner countries",
    },
    wrap={"name": 170, "funding_programme": 180, "countries": 120},
)
