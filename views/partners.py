"""Partners: the partners of the selected programmes (projects), by home town and by country.

A portfolio such as a keep.eu export holds only programmes and partners; this page shows it:
where the partners are based (thousands of partners as a few hundred towns), how many per country,
and each programme with its partners.
"""

import streamlit as st

from analytics import alt, kpi, maps, queries
from analytics.formatting import count
from i18n import _, n_
from shell import data, state, ui

filters = state.filters()
ui.header(
    _("Partners"),
    filters,
    _(
        "The partners of the selected programmes: their home towns and countries. Programme, "
        "funding programme, period and sector filters apply; the target country filter selects "
        "missions and does not filter partners."
    )
    + " "
    + _(kpi.TARGET_COUNTRIES_NOTE),
)

summary = data.query(queries.portfolio_summary, filters).row(0, named=True)
if not summary["projects"]:
    ui.nothing(_("No programme matches these filters. Widen the filters in the sidebar."))
    st.stop()
ui.portfolio_figures(summary)
if not summary["partners"]:
    ui.nothing(_("These programmes have no partners loaded yet: add the partners sheet."))
    st.stop()

st.subheader(_("Home towns"))
towns = data.query(queries.partner_towns, filters)
ui.deck(maps.partner_towns_deck(towns, height=560), alt.partner_towns(towns), height=560)
unplaced = towns.filter(towns["at_country_centre"])
placed = n_(
    # Translators: {towns} is "1 town" / "12 towns" (its own entry)
    "{n} partner in {towns}; the circle's area follows the partners in the town.",
    "{n} partners in {towns}; the circle's area follows the partners in the town.",
    summary["partners"],
    towns=n_("{n} town", "{n} towns", towns.height),
)
if unplaced.height:
    # Translators: {partners} is the number of partners in those towns
    unknown = n_(
        "Partners in {n} town the offline gazetteer does not know ({partners}) are placed at "
        "their country's centre (grey); the Data page lists them.",
        "Partners in {n} towns the offline gazetteer does not know ({partners}) are placed at "
        "their country's centre (grey); the Data page lists them.",
        unplaced.height,
        partners=count(unplaced["partners"].sum()),
    )
    placed = f"{placed} {unknown}"
st.caption(placed)

st.subheader(_("Countries"))
by_country = data.query(queries.partners_by_country, filters)
ui.deck(
    maps.choropleth_deck(by_country, "partners", lines=maps.PARTNER_LINES, height=480),
    alt.partner_countries(by_country),
    height=480,
)
stops = maps.legend_stops(int(by_country["partners"].max()))
st.markdown(
    # Translators: the title of the map's colour scale, followed by its colours and numbers
    _("Partners:")
    + " "
    + " ".join(
        f"<span style='background:{colour};padding:0 0.6em;border:1px solid #999'>&nbsp;"
        f"</span>&nbsp;{text}&nbsp;&nbsp;"
        for text, colour in stops
    ),
    unsafe_allow_html=True,
)
ui.table(
    ui.countries_named(by_country),
    "partners-by-country",
    filters,
    labels={
        "country": _("Country"),
        "partners": _("Partners"),
        "projects": _("Projects"),
        "lead_partners": _("Lead partners"),
    },
)

st.subheader(_("Projects"))
projects = data.query(queries.portfolio_projects, filters)
total = int(projects["total"][0]) if projects.height else 0
if total > projects.height:
    st.caption(
        n_(
            "The {shown} largest of {n}, by budget.",
            "The {shown} largest of {n}, by budget.",
            total,
            shown=count(projects.height),
        )
    )
ui.table(
    projects,
    "portfolio-programmes",
    filters,
    money_columns=("budget_eur", "eu_contribution_eur"),
    labels={
        "programme_id": _("Project"),
        "name": _("Name"),
        "funding_programme": _("Funding programme"),
        "start_date": _("Start"),
        "end_date": _("End"),
        "budget_eur": _("Budget"),
        "eu_contribution_eur": _("EU funding"),
        "partners": _("Partners"),
        "countries": _("Partner countries"),
    },
    wrap={"name": 170, "funding_programme": 180, "countries": 120},
)
