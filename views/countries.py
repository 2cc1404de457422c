"""Countries: where the organisations met come from, on an offline map and in a ranking."""

import streamlit as st

from analytics import alt, kpi, maps, queries
from i18n import _
from shell import data, state, ui

filters = state.filters()
ui.header(_("Countries"), filters, _("Contacts by the country of the organisation met."))

by_country = data.query(queries.contacts_by_country, filters)
if by_country.is_empty():
    ui.nothing(_("No contact matches these filters. Widen the filters in the sidebar."))
    st.stop()

ui.deck(maps.choropleth_deck(by_country), alt.countries(by_country), height=520)
stops = maps.legend_stops(int(by_country["contacts"].max()))
st.markdown(
    # Translators: the title of the map's colour scale, followed by its colours and numbers
    _("Contacts:")
    + " "
    + " ".join(
        f"<span style='background:{colour};padding:0 0.6em;border:1px solid #999'>&nbsp;"
        f"</span>&nbsp;{text}&nbsp;&nbsp;"
        for text, colour in stops
    ),
    unsafe_allow_html=True,
)
st.subheader(_("Ranking"))
ui.table(
    ui.countries_named(by_country),
    "contacts-by-country",
    filters,
    labels={
        "country": _("Country"),
        "contacts": _("Contacts"),
        "organisations": _("Organisations"),
        "missions": _("Missions"),
        "agreements": _("Signed (MoU+)"),
    },
)
st.caption(
    _(
        "Signed (MoU+): contacts that reached an MoU or went further (MoUs, agreements and joint "
        "projects together); the Overview counts each contact once, at its furthest outcome."
    )
)
st.caption(
    _("The countries here are those of the organisations met, wherever they were met.")
    + " "
    + _(kpi.TARGET_COUNTRIES_NOTE)
)
