"""Missions: an offline map of target cities and partner arcs, a timeline, and the list."""

import streamlit as st

from analytics import alt, charts, maps, palette, queries
from analytics.formatting import count, places_named
from i18n import _, n_
from shell import data, presentation, state, ui

TIMELINE_ROWS = 200

filters = state.filters()
ui.header(
    _("Missions"),
    filters,
    _(
        "Circles are mission places, sized by contacts made; arcs run from partners' home towns "
        "to the places they travelled to. Virtual missions sit at their target country's centre."
    ),
)

cities = places_named(data.query(queries.mission_cities, filters))
if cities.is_empty():
    ui.nothing(_("No mission matches these filters. Widen the filters in the sidebar."))
    st.stop()

arcs = data.query(queries.mission_arcs, filters, limit=queries.MAP_ARCS)
partners = data.query(queries.partner_places, filters)
colours = palette.programme_colours(data.options()["programmes"]["programme_id"])
highlight = tuple(cities["country_code"].unique().sort())
places = alt.mission_places(
    cities,
    routes=int(arcs.height),
    homes=arcs["from_place"].n_unique() if arcs.height else 0,
)
present = st.session_state.get("presentation")
if present:
    tour_every = max(4, present.every // 4)

    # Only the map moves; the browser follows the link to the next page (presentation.advance)
    @st.fragment(run_every=tour_every)
    def _touring_map() -> None:
        step = st.session_state.get("_tour_step", 0)
        st.session_state["_tour_step"] = step + 1
        deck = maps.missions_deck(cities, arcs, partners, colours, highlight_countries=highlight)
        deck.initial_view_state = presentation.tour_view(cities, step, deck.initial_view_state)
        ui.deck(deck, places, height=620)

    _touring_map()
else:
    ui.deck(
        maps.missions_deck(cities, arcs, partners, colours, highlight_countries=highlight),
        places,
        height=560,
    )
ui.programme_key(cities, colours, _("Circles and arcs by programme:"))
arcs_total = arcs["total_rows"][0] if arcs.height else 0
sources = _(
    "Map: country shapes Natural Earth (public domain); places from the project's records, "
    "geocoded offline (GeoNames)."
)
if arcs_total > arcs.height:
    # Translators: {shown} routes of {n} drawn; a sentence that follows the map's sources
    shown_arcs = n_(
        "The map draws the {shown} most travelled of {n} partner route.",
        "The map draws the {shown} most travelled of {n} partner routes.",
        arcs_total,
        shown=count(arcs.height),
    )
    sources = f"{sources} {shown_arcs}"
st.caption(sources)

missions = ui.countries_named(data.query(queries.missions_table, filters, limit=queries.TABLE_ROWS))
st.subheader(_("Timeline"))
# One row per mission: past a few hundred the chart is taller than anyone scrolls.
timeline = missions.head(TIMELINE_ROWS)
ui.chart(charts.missions_timeline(timeline, colours), alt.missions_timeline(timeline))

st.subheader(_("All missions"))
total = missions["total_rows"][0] if missions.height else 0
if total > missions.height:
    st.caption(
        n_(
            "Showing the first {shown} of {n} mission.",
            "Showing the first {shown} of {n} missions.",
            total,
            shown=count(missions.height),
        )
    )
ui.table(
    missions.drop("total_rows"),
    "missions",
    filters,
    labels={
        "mission_id": _("Mission"),
        "programme_id": _("Programme"),
        "title": _("Title"),
        "type": _("Type"),
        "format": _("Format"),
        "public": _("Public"),
        "start_date": _("Start"),
        "end_date": _("End"),
        "city": _("City"),
        "country": _("Country"),
        "sectors": _("Sectors"),
        "delegates": _("Delegates"),
        "contacts": _("Contacts"),
        "organisations": _("Organisations"),
    },
    vocabulary_columns=("type", "format", "sectors"),
    wrap={"title": 240, "city": 110, "sectors": 170},
)
