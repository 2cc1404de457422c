"""The offline maps (analytics/maps.py): pure builders, frames in, pydeck decks out."""

from __future__ import annotations

import json
import math
import tomllib
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from analytics import maps, palette, queries
from analytics.filters import Filters
from etl.config import ROOT
from tests import samples
from tests.expected import rows

COLOURS = palette.programme_colours(["P1", "P2"])


@pytest.fixture(scope="module")
def demo(con) -> dict[str, object]:
    f = Filters()
    programmes = queries.filter_options(con)["programmes"]["programme_id"]
    return {
        "cities": queries.mission_cities(con, f),
        "arcs": queries.mission_arcs(con, f),
        "partners": queries.partner_places(con, f),
        "by_country": queries.contacts_by_country(con, f),
        "colours": palette.programme_colours(programmes),
    }


@pytest.fixture(scope="module")
def demo_deck(demo):
    return maps.missions_deck(demo["cities"], demo["arcs"], demo["partners"], demo["colours"])


def cities_frame(rows: list[tuple[str, str, float, float, int, str]]) -> pl.DataFrame:
    """(place, country_code, latitude, longitude, contacts, programme_id) rows."""
    return pl.DataFrame(
        {
            "place": [r[0] for r in rows],
            "country": [r[1] for r in rows],
            "country_code": [r[1] for r in rows],
            "latitude": [r[2] for r in rows],
            "longitude": [r[3] for r in rows],
            "missions": [1 for _ in rows],
            "contacts": [r[4] for r in rows],
            "first_date": [date(2023, 4, 24) for _ in rows],
            "last_date": [date(2023, 4, 28) for _ in rows],
            "titles": ["A mission · Another" for _ in rows],
            "programmes": [r[5] for r in rows],
            "programme_id": [r[5] for r in rows],
        }
    )


CITIES = cities_frame(
    [
        ("Prague", "CZ", 50.088, 14.421, 40, "P1"),
        ("Da Nang", "VN", 16.068, 108.221, 10, "P2"),
        ("Santiago", "CL", -33.457, -70.648, 0, "P1"),
    ]
)
ARCS = pl.DataFrame(
    {
        "from_place": ["Kyiv", "Zaragoza"],
        "from_latitude": [50.455, 41.656],
        "from_longitude": [30.524, -0.877],
        "to_place": ["Prague", "Da Nang"],
        "to_latitude": [50.088, 16.068],
        "to_longitude": [14.421, 108.221],
        "programme_id": ["P1", "P2"],
        "missions": [2, 1],
        "partners": ["Cluster A", "Cluster B"],
    }
)
PARTNERS = pl.DataFrame(
    {
        "place": ["Kyiv", "Zaragoza"],
        "country": ["Ukraine", "Spain"],
        "latitude": [50.455, 41.656],
        "longitude": [30.524, -0.877],
        "partners": ["Cluster A", "Cluster B"],
        "programme_id": ["P1", "P2"],
        "count": [1, 1],
    }
)
BY_COUNTRY = pl.DataFrame(
    {
        "country_code": ["CZ", "VN", "CL", "SE", "XX"],
        "country": ["Czechia", "Vietnam", "Chile", "Sweden", "Nowhere"],
        "contacts": [56, 30, 8, 0, 3],
        "organisations": [50, 20, 8, 0, 3],
        "missions": [3, 2, 1, 0, 1],
        "agreements": [9, 2, 0, 0, 0],
        "latitude": [49.7, 16.5, -34.4, 62.4, None],
        "longitude": [15.3, 107.1, -71.1, 16.5, None],
    }
)


def layers(deck) -> dict[str, object]:
    return {layer.id: layer for layer in deck.layers}


def deck_json(deck) -> dict:
    return json.loads(deck.to_json())


# ---------------------------------------------------------------- structure


def test_missions_deck_layers_in_drawing_order():
    deck = maps.missions_deck(CITIES, ARCS, PARTNERS, COLOURS)
    assert [(layer.id, layer.type) for layer in deck.layers] == [
        ("sea", "SolidPolygonLayer"),
        ("countries", "GeoJsonLayer"),
        ("target-countries", "GeoJsonLayer"),
        ("arcs", "ArcLayer"),
        ("partners", "ScatterplotLayer"),
        ("places", "ScatterplotLayer"),
        ("labels", "TextLayer"),
    ]


def test_overview_and_choropleth_layers():
    overview = maps.overview_deck(CITIES, COLOURS)
    assert [layer.id for layer in overview.layers] == [
        "sea",
        "countries",
        "target-countries",
        "places",
    ]
    choropleth = maps.choropleth_deck(BY_COUNTRY)
    assert [(layer.id, layer.type) for layer in choropleth.layers] == [
        ("sea", "SolidPolygonLayer"),
        ("countries", "GeoJsonLayer"),
        ("choropleth", "GeoJsonLayer"),
    ]


def test_background_countries_come_by_url_not_inline():
    for deck in (
        maps.missions_deck(CITIES, ARCS, PARTNERS, COLOURS),
        maps.overview_deck(CITIES, COLOURS),
        maps.choropleth_deck(BY_COUNTRY),
    ):
        background = layers(deck)["countries"]
        assert background.data == maps.COUNTRIES_URL == "app/static/basemap.geojson"
        assert background.get_fill_color == [238, 238, 238, 255]


def test_no_base_map_and_no_external_url():
    """Offline: Streamlit's "no base map" sentinel, and no http(s) address anywhere."""
    for deck in (
        maps.missions_deck(CITIES, ARCS, PARTNERS, COLOURS),
        maps.choropleth_deck(BY_COUNTRY),
    ):
        spec = deck_json(deck)
        assert spec["mapStyle"] == "__MAP_STYLE__"
        assert "http" not in deck.to_json()
        assert "mapProvider" not in spec


def test_literal_props_are_not_turned_into_expressions():
    spec = deck_json(maps.missions_deck(CITIES, ARCS, PARTNERS, COLOURS))
    by_id = {layer["id"]: layer for layer in spec["layers"]}
    assert by_id["places"]["radiusUnits"] == "pixels"
    assert by_id["arcs"]["widthUnits"] == "pixels"
    assert by_id["arcs"]["greatCircle"] is True
    assert by_id["labels"]["getTextAnchor"] == "start"
    assert by_id["labels"]["characterSet"] == "auto"
    assert by_id["places"]["getRadius"] == "@@=radius"


def test_every_pickable_row_has_tooltip_fields():
    deck = maps.missions_deck(CITIES, ARCS, PARTNERS, COLOURS)
    assert "{tip_title}" in deck._tooltip["html"] and "{tip_body}" in deck._tooltip["html"]
    for layer in deck.layers:
        if not getattr(layer, "pickable", False):
            continue
        rows = layer.data["features"] if isinstance(layer.data, dict) else layer.data
        for row in rows:
            fields = row.get("properties", row)
            assert fields["tip_title"] and fields["tip_body"], layer.id


# ---------------------------------------------------------------- circles, arcs, colours


def test_one_circle_per_place_radius_rising_with_contacts():
    places = layers(maps.missions_deck(CITIES, ARCS, PARTNERS, COLOURS))["places"].data
    assert [p["place"] for p in places] == ["Prague", "Da Nang", "Santiago"]  # large ones first
    by_contacts = sorted(places, key=lambda p: p["contacts"])
    radii = [p["radius"] for p in by_contacts]
    assert radii == sorted(radii) and len(set(radii)) == 3
    assert radii[0] == maps.MIN_RADIUS_PX  # 0 contacts: still visible
    assert radii[-1] == maps.MAX_RADIUS_PX
    assert maps.radius_px(25, 100) < maps.radius_px(50, 100) < maps.radius_px(100, 100)


def test_arcs_run_from_partner_towns_to_mission_places():
    deck = maps.missions_deck(CITIES, ARCS, PARTNERS, COLOURS)
    arcs = layers(deck)["arcs"].data
    assert [(a["from"], a["to"]) for a in arcs] == [
        ([30.524, 50.455], [14.421, 50.088]),
        ([-0.877, 41.656], [108.221, 16.068]),
    ]
    assert arcs[0]["width"] > arcs[1]["width"]  # 2 missions against 1
    assert arcs[0]["tip_title"] == "Kyiv → Prague"


def test_colours_are_the_programme_colours():
    deck = maps.missions_deck(CITIES, ARCS, PARTNERS, COLOURS)
    by_id = layers(deck)
    for place in by_id["places"].data:
        programme = {"Prague": "P1", "Santiago": "P1", "Da Nang": "P2"}[place["place"]]
        assert place["color"][:3] == palette.hex_to_rgb(COLOURS[programme])[:3]
    for arc, programme in zip(by_id["arcs"].data, ["P1", "P2"], strict=True):
        source = palette.hex_to_rgb(COLOURS[programme])[:3]
        assert arc["source_color"][:3] == source
        assert all(t < s or s == 0 for t, s in zip(arc["target_color"][:3], source, strict=True))


def test_unknown_programme_is_grey():
    frame = cities_frame([("Oslo", "NO", 59.9, 10.7, 3, "UNKNOWN")])
    place = layers(maps.missions_deck(frame, None, None, COLOURS))["places"].data[0]
    assert place["color"][:3] == palette.hex_to_rgb(palette.GREY)[:3]


def test_highlight_layer_holds_only_the_requested_countries():
    deck = maps.missions_deck(CITIES, ARCS, PARTNERS, COLOURS, highlight_countries=("CZ", "VN"))
    features = layers(deck)["target-countries"].data["features"]
    assert sorted(f["properties"]["iso2"] for f in features) == ["CZ", "VN"]
    assert features[0]["properties"]["fill"] == maps.HIGHLIGHT_RGB


def test_highlight_defaults_to_the_countries_of_the_places():
    deck = maps.missions_deck(CITIES, ARCS, PARTNERS, COLOURS)
    features = layers(deck)["target-countries"].data["features"]
    assert sorted(f["properties"]["iso2"] for f in features) == ["CL", "CZ", "VN"]


def test_inline_shapes_are_simplified_copies_of_the_shipped_ones():
    collection = maps.country_features({"CZ": {}, "GI": {}})  # Gibraltar has no shape
    [feature] = collection["features"]
    assert feature["properties"] == {"iso2": "CZ", "name": "Czechia"}
    shipped = json.loads(maps.SHAPES_PATH.read_text(encoding="utf-8"))
    [original] = [f for f in shipped["features"] if f["properties"]["iso2"] == "CZ"]

    def points(geometry):
        polys = geometry["coordinates"]
        polys = [polys] if geometry["type"] == "Polygon" else polys
        return [p for poly in polys for ring in poly for p in ring]

    simple, full = points(feature["geometry"]), points(original["geometry"])
    assert 10 < len(simple) < len(full)
    for box in (min, max):
        for axis in (0, 1):
            assert box(p[axis] for p in simple) == pytest.approx(
                box(p[axis] for p in full), abs=0.02
            )


def test_labels_for_the_largest_places_without_overlap(demo, demo_deck):
    labels = layers(demo_deck)["labels"].data
    assert 1 <= len(labels) <= maps.LABELS
    assert labels[0]["place"] == demo["cities"].sort("contacts", descending=True)["place"][0]
    view = demo_deck.initial_view_state
    boxes = []
    for label in labels:
        x, y = maps._pixel(label["position"], view, maps.MAP_WIDTH_PX, maps.MAP_HEIGHT_PX)
        left = x + label["offset"][0]
        boxes.append((left, y - 8, left + maps.LABEL_CHAR_PX * len(label["place"]), y + 8))
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not maps._overlap(a, b)


# ---------------------------------------------------------------- choropleth and legend


def test_choropleth_colours_rise_with_value():
    layer = layers(maps.choropleth_deck(BY_COUNTRY))["choropleth"]
    props = {f["properties"]["iso2"]: f["properties"] for f in layer.data["features"]}
    assert sorted(props) == ["CL", "CZ", "SE", "VN"]  # XX has no shape
    assert props["SE"]["fill"] == palette.hex_to_rgb(palette.GREY)  # 0 contacts: grey
    steps = [palette.SEQUENTIAL.index(_hex(props[c]["fill"])) for c in ("CL", "VN", "CZ")]
    assert steps == sorted(steps) and len(set(steps)) == 3
    assert steps[-1] == len(palette.SEQUENTIAL) - 1  # the maximum gets the darkest colour
    assert props["CZ"]["tip_title"] == "Czechia"
    assert props["CZ"]["tip_body"] == "56 contacts\n50 organisations\n3 missions"


def test_choropleth_other_value_column():
    layer = layers(maps.choropleth_deck(BY_COUNTRY, "agreements"))["choropleth"]
    props = {f["properties"]["iso2"]: f["properties"] for f in layer.data["features"]}
    assert props["CZ"]["value"] == 9
    assert props["CL"]["fill"] == palette.hex_to_rgb(palette.GREY)
    assert props["CZ"]["tip_body"].endswith("Agreements: 9")


def _hex(rgb: list[int]) -> str:
    return "#{:02X}{:02X}{:02X}".format(*rgb[:3])


@pytest.mark.parametrize("max_value", [1, 3, 8, 56, 1000])
def test_legend_stops_match_the_fills(max_value):
    stops = maps.legend_stops(max_value)
    assert stops[0] == ("0", palette.GREY)
    covered = []
    for label, colour in stops[1:]:
        low, _, high = label.replace(",", "").partition("–")
        low, high = int(low), int(high or low)
        covered += range(low, high + 1)
        for value in (low, high):
            assert _hex(maps.choropleth_rgb(value, max_value)) == colour
    assert covered == list(range(1, max_value + 1))
    assert stops[-1][1] == palette.SEQUENTIAL[-1]


def test_legend_without_values():
    assert maps.legend_stops(0) == [("0", palette.GREY)]


# ---------------------------------------------------------------- view


def test_fit_view_centres_on_the_data():
    view = maps.fit_view([40.0, 50.0], [10.0, 20.0])
    assert view.longitude == pytest.approx(15.0)
    assert 44.0 < view.latitude < 46.0  # the Mercator middle lies a little north of 45
    assert 3 < view.zoom <= maps.MAX_ZOOM


def test_fit_view_zoom_falls_with_span_and_is_clamped():
    near = maps.fit_view([50.0, 50.5], [14.0, 14.5]).zoom
    far = maps.fit_view([-33.0, 60.0], [-70.0, 127.0]).zoom
    assert far < near
    assert maps.fit_view([50.0], [14.0]).zoom == maps.MAX_ZOOM  # one point
    world = maps.fit_view([-80.0, 80.0], [-180.0, 180.0], width=100, height=100)
    assert world.zoom == maps.MIN_ZOOM


def test_fit_view_empty_is_the_world():
    view = maps.fit_view([], [])
    assert (view.latitude, view.longitude) == (20.0, 10.0)
    # 360 degrees in the map's width
    assert view.zoom == pytest.approx(math.log2(maps.MAP_WIDTH_PX / 512), abs=0.01)
    assert maps.fit_view([None], [None]).zoom == view.zoom
    assert maps.fit_view([], [], width=380, min_zoom=0).zoom == 0
    assert maps.fit_view([], [], width=200).zoom < 0  # a phone: the world below 512 px


def test_views_below_zoom_0_can_be_reached():
    """deck.gl clamps the view to minZoom (0 unless told): a fitted view below 0 must say so."""
    view = maps.fit_view([-40.0, 60.0], [-170.0, 170.0], width=300)
    assert view.zoom < 0
    assert view.min_zoom <= view.zoom


def assert_in_view(view, rows, width, height):
    for row in rows:
        x, y = maps._pixel([row["longitude"], row["latitude"]], view, width, height)
        assert 0 <= x <= width and 0 <= y <= height, row


# The narrowest a full-width map is on a laptop: a 1024-px window with the sidebar open.
LAPTOP_PAGE_PX = 560


def test_missions_view_contains_every_place_and_partner_town(demo, demo_deck):
    points = [*demo["cities"].iter_rows(named=True), *demo["partners"].iter_rows(named=True)]
    view = demo_deck.initial_view_state
    assert_in_view(view, points, maps.MAP_WIDTH_PX, maps.MAP_HEIGHT_PX)
    assert_in_view(view, points, LAPTOP_PAGE_PX, maps.MAP_HEIGHT_PX)
    narrow = maps.missions_deck(
        demo["cities"], demo["arcs"], demo["partners"], demo["colours"], width=360, height=560
    )
    assert narrow.initial_view_state.zoom < view.zoom
    assert_in_view(narrow.initial_view_state, points, 360, 560)


def test_overview_and_choropleth_views_fit_a_laptop_page(demo):
    overview = maps.overview_deck(demo["cities"], demo["colours"])
    places = list(demo["cities"].iter_rows(named=True))
    assert_in_view(overview.initial_view_state, places, LAPTOP_PAGE_PX, maps.OVERVIEW_HEIGHT_PX)
    radii = [p["radius"] for p in layers(overview)["places"].data]
    assert max(radii) <= 18 and min(radii) == maps.MIN_RADIUS_PX
    choropleth = maps.choropleth_deck(demo["by_country"])
    centres = demo["by_country"].filter(pl.col("latitude").is_not_null()).iter_rows(named=True)
    assert_in_view(choropleth.initial_view_state, centres, LAPTOP_PAGE_PX, maps.MAP_HEIGHT_PX)


# ---------------------------------------------------------------- empty input


# Every deck builder, drawn from the sample frames (tests/samples.py) of the queries that feed it;
# `frame` turns a sample into the frame given (the sample itself, or it emptied).
DECKS = {
    "missions_deck": lambda frame: maps.missions_deck(
        frame(samples.mission_cities),
        frame(samples.mission_arcs),
        frame(samples.partner_places),
        COLOURS,
    ),
    "overview_deck": lambda frame: maps.overview_deck(frame(samples.mission_cities), COLOURS),
    "choropleth_deck": lambda frame: maps.choropleth_deck(frame(samples.contacts_by_country)),
    "partner_towns_deck": lambda frame: maps.partner_towns_deck(frame(samples.partner_towns)),
}


def test_every_deck_builder_is_tested_here():
    assert set(DECKS) == samples.frame_builders(maps)


@pytest.mark.parametrize("name", sorted(DECKS))
def test_a_sample_draws_over_the_world_and_an_empty_one_only_the_world(name):
    drawn = DECKS[name](lambda sample: sample())
    assert [layer.id for layer in drawn.layers][:2] == ["sea", "countries"]
    assert len(drawn.layers) > 2
    empty = DECKS[name](lambda sample: sample().clear())
    assert [layer.id for layer in empty.layers] == ["sea", "countries"]
    view = empty.initial_view_state
    assert (view.latitude, view.longitude) == (20.0, 10.0)
    json.loads(empty.to_json())


@pytest.mark.parametrize("empty", [None, pl.DataFrame(), CITIES.clear()])
def test_empty_frames_give_the_world_background_only(empty):
    arcs = None if empty is None else ARCS.clear()
    partners = None if empty is None else PARTNERS.clear()
    for deck in (
        maps.missions_deck(empty, arcs, partners, COLOURS),
        maps.overview_deck(empty, COLOURS),
        maps.choropleth_deck(None if empty is None else BY_COUNTRY.clear()),
    ):
        assert [layer.id for layer in deck.layers] == ["sea", "countries"]
        view = deck.initial_view_state
        assert (view.latitude, view.longitude) == (20.0, 10.0)
        json.loads(deck.to_json())


def test_places_without_coordinates_are_skipped():
    frame = CITIES.with_columns(
        pl.when(pl.col("place") == "Prague")
        .then(None)
        .otherwise(pl.col("latitude"))
        .alias("latitude")
    )
    places = layers(maps.missions_deck(frame, None, None, COLOURS))["places"].data
    assert sorted(p["place"] for p in places) == ["Da Nang", "Santiago"]


# ---------------------------------------------------------------- demo data, end to end


def test_prague_contacts_match_the_demo_csv(demo, demo_deck):
    prague = {r["mission_id"] for r in rows("missions") if r["city"] == "Prague"}
    expected = sum(1 for r in rows("contacts") if r["mission_id"] in prague)
    [circle] = [p for p in layers(demo_deck)["places"].data if p["place"] == "Prague"]
    assert expected > 0
    assert circle["contacts"] == expected
    assert circle["missions"] == len(prague)
    assert circle["radius"] == max(p["radius"] for p in layers(demo_deck)["places"].data)
    assert f"{expected} contacts" in circle["tip_body"]


def test_demo_arcs_end_at_mission_places_and_start_at_partner_towns(demo, demo_deck):
    by_id = layers(demo_deck)
    place_positions = {tuple(p["position"]) for p in by_id["places"].data}
    partner_positions = {tuple(p["position"]) for p in by_id["partners"].data}
    assert len(by_id["arcs"].data) == demo["arcs"].height
    for arc in by_id["arcs"].data:
        assert tuple(arc["from"]) in partner_positions
        assert tuple(arc["to"]) in place_positions


def test_demo_decks_json_is_small(demo, demo_deck):
    decks = [
        demo_deck,
        maps.overview_deck(demo["cities"], demo["colours"]),
        maps.choropleth_deck(demo["by_country"]),
    ]
    for deck in decks:
        assert len(deck.to_json()) < 300_000


# ---------------------------------------------------------------- static serving


def test_static_folder_serves_the_shapes_file():
    served = ROOT / "static" / "basemap.geojson"
    assert served.resolve() == maps.BASEMAP_PATH.resolve()
    assert (ROOT / "static").is_symlink()
    assert not Path((ROOT / "static").readlink()).is_absolute()
    assert f"app/static/{served.name}" == maps.COUNTRIES_URL


def test_basemap_file_is_the_shapes_simplified():
    """The served world is what tools.build_basemap makes of the shipped shapes today: it fails
    when countries.geojson or the tolerance changed and the file was not written again."""
    from tools import build_basemap

    assert maps.BASEMAP_PATH.read_text(encoding="utf-8") == build_basemap.serialised()


def _points(geometry: dict) -> list[list[float]]:
    polygons = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    )
    return [point for polygon in polygons for ring in polygon for point in ring]


def test_basemap_keeps_every_country_within_its_tolerance():
    shapes = json.loads(maps.SHAPES_PATH.read_text(encoding="utf-8"))["features"]
    world = json.loads(maps.BASEMAP_PATH.read_text(encoding="utf-8"))["features"]
    assert [f["properties"] for f in world] == [f["properties"] for f in shapes]
    full = sum(len(_points(f["geometry"])) for f in shapes)
    drawn = sum(len(_points(f["geometry"])) for f in world)
    assert drawn < full / 2  # what the browser is spared
    # every point kept is a point of the outline, rounded to 2 decimals; each country's extent is
    # kept to the tolerance (bounds of the original, islets below the tolerance aside)
    for original, simple in zip(shapes, world, strict=True):
        lons, lats = zip(*_points(simple["geometry"]), strict=True)
        olons, olats = zip(*_points(original["geometry"]), strict=True)
        slack = 2 * maps.BASEMAP_DEGREES + 0.01
        assert min(olons) - slack <= min(lons) and max(lons) <= max(olons) + slack
        assert min(olats) - slack <= min(lats) and max(lats) <= max(olats) + slack


def test_static_serving_is_enabled():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["enableStaticServing"] is True


def test_radius_is_sqrt_scaled():
    # Area, not radius, is proportional to contacts (above the 5 px floor).
    r = [maps.radius_px(c, 100) - maps.MIN_RADIUS_PX for c in (25, 100)]
    assert r[1] / r[0] == pytest.approx(math.sqrt(4))


def _inside(view, width: int, height: int, lat: float, lon: float) -> bool:
    x, y = maps._pixel([lon, lat], view, width, height)
    return 0 <= x <= width and 0 <= y <= height


def _outline(code: str) -> list[tuple[float, float]]:
    """Every (lat, lon) of a country's largest polygon, from the shipped shapes (not the code's
    own extent): the border a viewer sees."""
    feature = maps._features()[code]
    geometry = feature["geometry"]
    polygons = (
        geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    )
    ring = max((p[0] for p in polygons), key=len)
    return [(lat, lon) for lon, lat in ring]


@pytest.mark.parametrize(
    ("place", "code"),
    [(("Prague", "CZ", 50.088, 14.421), "CZ"), (("Santiago", "CL", -33.457, -70.648), "CL")],
)
def test_one_mission_shows_its_place_and_its_whole_country(place: tuple, code: str) -> None:
    """The issue's Overview map cut off a target country's border: every map holds it whole."""
    cities = cities_frame([(*place, 12, "P1")])
    for deck, width, height in (
        (maps.missions_deck(cities, None, None, {}), maps.MAP_WIDTH_PX, maps.MAP_HEIGHT_PX),
        (maps.overview_deck(cities, {}), maps.MAP_WIDTH_PX, maps.OVERVIEW_HEIGHT_PX),
    ):
        view = deck.initial_view_state
        assert _inside(view, width, height, place[2], place[3])
        outside = [p for p in _outline(code) if not _inside(view, width, height, *p)]
        assert not outside, f"{len(outside)} border points of {code} outside the view"
        assert view.zoom >= 2, "zoomed out far beyond the country"


def test_labels_are_drawn_over_circles_and_the_tour_does_not_zoom_out() -> None:
    from shell import presentation

    cities = cities_frame([("Prague", "CZ", 50.088, 14.421, 12, "P1")])
    deck = maps.missions_deck(cities, None, None, {})
    (labels,) = [layer for layer in deck.layers if layer.id == "labels"]
    assert labels.parameters["depthCompare"] == "always"
    assert [row["place"] for row in labels.data] == ["Prague"]
    tour = presentation.tour_view(cities, 0, deck.initial_view_state)
    assert tour.zoom >= min(deck.initial_view_state.zoom, presentation.TOUR_MAX_ZOOM)


def _label_boxes(deck) -> list[tuple[float, ...]]:
    labels = layers(deck)["labels"].data
    view = deck.initial_view_state
    boxes = []
    for label in labels:
        x, y = maps._pixel(label["position"], view, maps.MAP_WIDTH_PX, maps.MAP_HEIGHT_PX)
        left = x + label["offset"][0]
        boxes.append((left, y - 8, left + maps.LABEL_CHAR_PX * len(label["place"]), y + 8))
    return boxes


def test_partner_towns_are_named_as_the_missions_map_names_places():
    """Issue 21: the home-towns map showed unlabelled circles. The largest towns are named (the
    missions map's text layer), none overlapping; a town at its country's centre is not."""
    names = [f"Town {i}" for i in range(30)]
    towns = pl.DataFrame(
        {
            "place": [*names, "Nowhere"],
            "country_code": ["DE"] * 31,
            "country": ["Germany"] * 31,
            # two clusters of close towns and spread ones: some names must give way
            "latitude": [48.0 + (i % 10) * 0.05 + (i // 10) * 3 for i in range(30)] + [51.0],
            "longitude": [8.0 + (i % 10) * 0.05 + (i // 10) * 2 for i in range(30)] + [10.0],
            "partners": [60 - i for i in range(30)] + [500],
            "projects": [1] * 31,
            "names": [["A"]] * 31,
            "at_country_centre": [False] * 30 + [True],
        },
        schema_overrides={"partners": samples.COUNT, "projects": samples.COUNT},
    )
    deck = maps.partner_towns_deck(towns)
    labels = layers(deck)["labels"]
    assert labels.type == "TextLayer"
    shown = [row["place"] for row in labels.data]
    assert shown[0] == "Town 0" and "Nowhere" not in shown
    assert 3 <= len(shown) <= maps.LABELS
    boxes = _label_boxes(deck)
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not maps._overlap(a, b)


def test_demo_partner_towns_named(con):
    towns = queries.partner_towns(con, Filters())
    deck = maps.partner_towns_deck(towns)
    shown = [row["place"] for row in layers(deck)["labels"].data]
    largest = towns.filter(~towns["at_country_centre"]).sort(
        ["partners", "place"], descending=[True, False]
    )
    assert shown and shown[0] == largest["place"][0]
