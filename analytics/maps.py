"""Maps that draw with no internet at all: pure builders, small polars frame in, pydeck Deck out.

No tile server and no token: the world is a GeoJsonLayer of the shipped country shapes,
simplified to about a pixel at the largest zoom the maps allow (`data/shapes/basemap.geojson`,
written by `python -m tools.build_basemap` from `countries.geojson`), loaded by the browser from
Streamlit's static serving (`static` is a symlink to `data/shapes`, `[server] enableStaticServing
= true`), so the file is not serialised into every deck. Countries coloured by data are a second
GeoJsonLayer holding inline only their own, simplified, features.

Streamlit and pydeck details these builders rely on (checked with streamlit 1.67, pydeck 0.9.3):

- ``map_provider=None`` with pydeck's default ``map_style`` serialises ``"mapStyle":
  "__MAP_STYLE__"``, which Streamlit reads as "no base map". ``map_style=None`` instead drops the
  key, and Streamlit then fills in a Carto style from basemaps.cartocdn.com (a network request).
- pydeck turns every string keyword of a Layer into a JavaScript expression (``"@@=..."``), so
  literal strings (units, anchors, ...) are set as attributes after construction (`_layer`).
- Streamlit fills a tooltip's ``{field}`` from the hovered object or its ``properties`` and
  escapes the values for HTML; every pickable layer's rows carry ``tip_title`` and ``tip_body``.
- The decks serialise as compact JSON (`_Deck`): pydeck's own ``indent=2`` puts every coordinate
  on its own line and makes the JSON five times bigger.
- deck.gl's canvas is transparent and ignores ``parameters.clearColor``: the sea is a polygon.
- Label overlap is resolved here, at the initial view (`_label_rows`): deck.gl's
  CollisionFilterExtension hid every label in headless Chromium.
"""

from __future__ import annotations

import functools
import itertools
import json
import math
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

import polars as pl
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from analytics import formatting
from analytics.palette import ACCENT, GREY, SEQUENTIAL, hex_to_rgb, sequential_rgb
from etl.config import ROOT
from i18n import _, countries, n_

SHAPES_PATH = ROOT / "data" / "shapes" / "countries.geojson"
BASEMAP_PATH = ROOT / "data" / "shapes" / "basemap.geojson"
# Relative to the page, so it works under any host, port and base path.
COUNTRIES_URL = "app/static/basemap.geojson"

LAND_RGB = [238, 238, 238, 255]
BORDER_RGB = [255, 255, 255, 255]
SEA_RGB = [214, 232, 244, 255]
PARTNER_RGB = [68, 68, 68, 255]
HIGHLIGHT_RGB = [*(round(255 - (255 - c) * 0.22) for c in hex_to_rgb(ACCENT)[:3]), 255]
HIGHLIGHT_LINE_RGB = hex_to_rgb(ACCENT, 200)
NO_VALUE_RGB = hex_to_rgb(GREY, 255)

MIN_RADIUS_PX = 5.0
MAX_RADIUS_PX = 30.0
LABELS = 12
LABEL_CHAR_PX = 7.0
CHOROPLETH_CLASSES = len(SEQUENTIAL) - 1  # steps 1..8 of the ramp; 0 (near white) is unused

# The width every map fits its initial view to, unless told the map's real size. The real width
# is the browser's business (st.pydeck_chart stretches a deck to the page, and a deck cannot fit
# bounds by itself), so this is about the narrowest a full-width map is on a laptop with the
# sidebar open (a 1024-px window leaves about 560 px of page): a wider screen shows more sea
# around the places, a narrower one does not cut them off. Maps therefore take the page's full
# width: fitted to 1000 px, or to a side column, a 1280-px laptop showed Europe alone.
MAP_WIDTH_PX = 640
MAP_HEIGHT_PX = 500
OVERVIEW_HEIGHT_PX = 380
MIN_ZOOM = -1.0  # the whole world in 256 px: places spread round the world fit a phone
MAX_ZOOM = 6.0
WORLD_CENTRE = {"latitude": 20.0, "longitude": 10.0}

# The shapes the maps draw (the world under them, and the countries they colour inline): ~1.4 px
# at the largest zoom, far below a pixel at the zooms maps open at, coordinates to 2 decimals.
# Natural Earth's 1:50m outlines to 0.001 degree (99,000 points) kept a software-drawn browser
# (a laptop without GPU, the CI's Chromium) busy 5 s before the first map showed.
BASEMAP_DEGREES = 0.03

TOOLTIP = {
    "html": "<b>{tip_title}</b><div style='white-space: pre-line'>{tip_body}</div>",
    "style": {
        "backgroundColor": "white",
        "color": "#262730",
        "fontSize": "13px",
        "lineHeight": "1.35",
        "maxWidth": "360px",
        "padding": "6px 9px",
        "border": "1px solid #d0d0d0",
        "borderRadius": "4px",
        "boxShadow": "0 1px 4px rgba(0,0,0,0.15)",
    },
}


class _Deck(pdk.Deck):
    """A pdk.Deck whose JSON is compact (what st.pydeck_chart sends and hashes)."""

    def to_json(self) -> str:
        return json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"))


# ---------------------------------------------------------------- shapes


@functools.cache
def _features() -> dict[str, dict[str, Any]]:
    """The shipped country features by iso2 at full detail (the printed map, the basemap's
    making), read once per process."""
    with SHAPES_PATH.open(encoding="utf-8") as f:
        collection = json.load(f)
    return {feature["properties"]["iso2"]: feature for feature in collection["features"]}


@functools.cache
def _world() -> dict[str, dict[str, Any]]:
    """The basemap's features by iso2, read once per process: the shapes a map draws, a third
    of the full file to read."""
    with BASEMAP_PATH.open(encoding="utf-8") as f:
        collection = json.load(f)
    return {feature["properties"]["iso2"]: feature for feature in collection["features"]}


def _douglas_peucker(points: list[list[float]], tolerance: float) -> list[list[float]]:
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    limit = tolerance * tolerance
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        ax, ay = points[first]
        dx, dy = points[last][0] - ax, points[last][1] - ay
        length = dx * dx + dy * dy
        worst, worst_index = -1.0, -1
        for k in range(first + 1, last):
            px, py = points[k][0] - ax, points[k][1] - ay
            t = 0.0 if length == 0 else min(1.0, max(0.0, (px * dx + py * dy) / length))
            distance = (px - t * dx) ** 2 + (py - t * dy) ** 2
            if distance > worst:
                worst, worst_index = distance, k
        if worst > limit:
            keep[worst_index] = True
            stack += [(first, worst_index), (worst_index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def _simplify_ring(ring: list[list[float]], tolerance: float) -> list[list[float]] | None:
    xs = [p[0] for p in ring]
    ys = [p[1] for p in ring]
    if max(xs) - min(xs) < 2 * tolerance and max(ys) - min(ys) < 2 * tolerance:
        return None  # an islet below a pixel or two at every zoom the maps allow
    out: list[list[float]] = []
    for x, y in _douglas_peucker(ring, tolerance):
        point = [round(x, 2), round(y, 2)]
        if not out or out[-1] != point:
            out.append(point)
    return out if len(out) >= 4 else None


@functools.cache
def _simplified_geometry(iso2: str, tolerance: float) -> dict[str, Any] | None:
    feature = _features().get(iso2)
    if feature is None:
        return None
    geometry = feature["geometry"]
    polygons = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    )
    out = []
    for polygon in polygons:
        outer = _simplify_ring(polygon[0], tolerance)
        if outer is None:
            continue
        holes = [h for h in (_simplify_ring(r, tolerance) for r in polygon[1:]) if h is not None]
        out.append([outer, *holes])
    if not out:  # keep a tiny country visible rather than dropping it
        return geometry
    return {"type": "MultiPolygon", "coordinates": out}


def basemap() -> dict[str, Any]:
    """The world every map draws under its data: each shipped country at BASEMAP_DEGREES, in the
    shapes file's order and properties (what `python -m tools.build_basemap` writes)."""
    features = [
        {
            "type": "Feature",
            "properties": feature["properties"],
            "geometry": _simplified_geometry(iso2, BASEMAP_DEGREES),
        }
        for iso2, feature in _features().items()
    ]
    return {"type": "FeatureCollection", "features": features}


def _ring_area(ring: list[list[float]]) -> float:
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(ring)))


@functools.cache
def country_extent(iso2: str) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """The (south-west, north-east) corners, as (lat, lon), of a country's main land: its
    largest polygon, so a map fitted to it shows France or Chile whole without zooming out to
    their overseas islands. None for a code without a shape."""
    feature = _world().get(iso2)
    if feature is None:
        return None
    geometry = feature["geometry"]
    polygons = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    )
    outer = max((polygon[0] for polygon in polygons), key=_ring_area)
    lons = [p[0] for p in outer]
    lats = [p[1] for p in outer]
    return (min(lats), min(lons)), (max(lats), max(lons))


def _with_countries(
    lats: list[float], lons: list[float], countries: Iterable[str]
) -> tuple[list[float], list[float]]:
    """The points a view must hold: the places, and every target country whole."""
    lats, lons = list(lats), list(lons)
    for code in countries:
        extent = country_extent(code)
        if extent:
            for lat, lon in extent:
                lats.append(lat)
                lons.append(lon)
    return lats, lons


def country_features(properties: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """An inline FeatureCollection of just these countries (iso2 -> extra properties).

    Codes without a shape (Gibraltar, Tuvalu, ...) are left out."""
    features = []
    for iso2, extra in properties.items():
        shape = _world().get(iso2)
        if shape is None:
            continue
        name = shape["properties"]["name"]
        features.append(
            {
                "type": "Feature",
                "geometry": shape["geometry"],
                "properties": {"iso2": iso2, "name": name, **extra},
            }
        )
    return {"type": "FeatureCollection", "features": features}


# ---------------------------------------------------------------- layers


def _layer(kind: str, layer_id: str, data: Any, literals: dict[str, Any] | None = None, **props):
    """A pdk.Layer; `props` strings are accessor expressions, `literals` are set verbatim."""
    layer = pdk.Layer(kind, data, id=layer_id, **props)
    for key, value in (literals or {}).items():
        setattr(layer, key, value)
    return layer


def _sea_layer() -> pdk.Layer:
    # The world is not repeated (a second Santiago would confuse): the sea runs on to either
    # side, so a map wider than the world shows sea there, not a blank.
    ring = [[-540, -85.06], [540, -85.06], [540, 85.06], [-540, 85.06], [-540, -85.06]]
    return _layer(
        "SolidPolygonLayer",
        "sea",
        [{"polygon": ring}],
        get_polygon="polygon",
        get_fill_color=SEA_RGB,
        pickable=False,
    )


def _countries_layer() -> pdk.Layer:
    return _layer(
        "GeoJsonLayer",
        "countries",
        COUNTRIES_URL,
        literals={"line_width_units": "pixels"},
        stroked=True,
        filled=True,
        get_fill_color=LAND_RGB,
        get_line_color=BORDER_RGB,
        get_line_width=0.7,
        pickable=False,
    )


def _background() -> list[pdk.Layer]:
    return [_sea_layer(), _countries_layer()]


def _inline_countries_layer(
    layer_id: str, collection: dict[str, Any], line: list[int] = BORDER_RGB
) -> pdk.Layer:
    return _layer(
        "GeoJsonLayer",
        layer_id,
        collection,
        literals={"line_width_units": "pixels"},
        stroked=True,
        filled=True,
        get_fill_color="properties.fill",
        get_line_color=line,
        get_line_width=0.7,
        pickable=True,
        auto_highlight=True,
        highlight_color=[0, 0, 0, 24],
    )


# ---------------------------------------------------------------- values


def _rows(frame: pl.DataFrame | None) -> list[dict[str, Any]]:
    if frame is None or frame.height == 0:
        return []
    return frame.to_dicts()


def _number(value: Any) -> float:
    if value is None:
        return 0.0
    if isinstance(value, Decimal):
        return float(value)
    number = float(value)
    return 0.0 if math.isnan(number) else number


def _has_position(row: dict[str, Any], lat: str = "latitude", lon: str = "longitude") -> bool:
    values = (row.get(lat), row.get(lon))
    return all(v is not None and not math.isnan(float(v)) for v in values)


def _position(lon: Any, lat: Any) -> list[float]:
    return [round(float(lon), 5), round(float(lat), 5)]


def _colour(colours: dict[str, str], programme_id: str | None, alpha: int = 255) -> list[int]:
    return hex_to_rgb(colours.get(programme_id or "", GREY), alpha)


def _darker(rgb: list[int], factor: float = 0.6) -> list[int]:
    return [round(c * factor) for c in rgb[:3]] + rgb[3:]


def radius_px(contacts: float, max_contacts: float, max_radius: float = MAX_RADIUS_PX) -> float:
    """Circle radius in pixels, sqrt-scaled (area follows contacts) from 5 px (0 contacts: still
    visible) to `max_radius` (30 px) for the largest place."""
    if max_contacts <= 0 or contacts <= 0:
        return MIN_RADIUS_PX
    share = min(contacts / max_contacts, 1.0)
    return round(MIN_RADIUS_PX + (max_radius - MIN_RADIUS_PX) * math.sqrt(share), 1)


# Counts in a tooltip, each a whole phrase in the language of the run.
def _missions(n: float) -> str:
    return n_("{n} mission", "{n} missions", n)


def _contacts(n: float) -> str:
    return n_("{n} contact", "{n} contacts", n)


def _organisations(n: float) -> str:
    return n_("{n} organisation", "{n} organisations", n)


def _partners(n: float) -> str:
    return n_("{n} partner", "{n} partners", n)


def _projects(n: float) -> str:
    return n_("{n} project", "{n} projects", n)


def _lead_partners(n: float) -> str:
    return n_("{n} lead partner", "{n} lead partners", n)


def _country(row: dict[str, Any]) -> str:
    """The row's country by name in the language of the run (English: as stored)."""
    name = row.get("country")
    return (countries.name(row.get("country_code"), name) or "") if name else ""


def _titles(titles: str | None, limit: int = 4) -> str:
    items = [t for t in (titles or "").split(" · ") if t]
    shown = "\n".join(f"• {t}" for t in items[:limit])
    if len(items) > limit:
        # Translators: after a few mission titles in a map's tooltip
        shown += "\n" + n_("… and {n} more", "… and {n} more", len(items) - limit)
    return shown


def _date(value: Any) -> date | None:
    return value if isinstance(value, date) else None


# ---------------------------------------------------------------- view


def _mercator_y(lat: float) -> float:
    lat = max(min(lat, 85.0), -85.0)
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def fit_view(
    lats: Iterable[float | None],
    lons: Iterable[float | None],
    *,
    width: int = MAP_WIDTH_PX,
    height: int = MAP_HEIGHT_PX,
    padding: float = 1.3,
    min_zoom: float = MIN_ZOOM,
    max_zoom: float = MAX_ZOOM,
) -> pdk.ViewState:
    """A view centred on the bounding box of the points, zoomed so that it fits a map of
    `width` x `height` px (Web Mercator, 512 px world tiles) with some margin; zoom clamped to
    `min_zoom`..`max_zoom` (-1..6); the world, as wide as the map, if there are no points."""
    points = [
        (float(lat), float(lon))
        for lat, lon in zip(lats, lons, strict=True)
        if lat is not None and lon is not None and not (math.isnan(lat) or math.isnan(lon))
    ]
    if not points:
        zoom = min(max(math.log2(width / 512), min_zoom), max_zoom)
        return pdk.ViewState(**WORLD_CENTRE, zoom=round(zoom, 2), pitch=0, bearing=0)
    ys = [_mercator_y(lat) for lat, _ in points]
    xs = [lon for _, lon in points]
    y_mid = (min(ys) + max(ys)) / 2
    latitude = math.degrees(2 * math.atan(math.exp(y_mid)) - math.pi / 2)
    longitude = (min(xs) + max(xs)) / 2
    # At zoom z the world is 512 * 2**z px wide: 360 degrees of longitude, 2*pi of mercator y.
    lon_span = max(max(xs) - min(xs), 1e-6) * padding
    y_span = max(max(ys) - min(ys), 1e-6) * padding
    zoom_lon = math.log2(width * 360 / (512 * lon_span))
    zoom_lat = math.log2(height * 2 * math.pi / (512 * y_span))
    zoom = min(max(min(zoom_lon, zoom_lat), min_zoom), max_zoom)
    return pdk.ViewState(
        latitude=round(latitude, 4),
        longitude=round(longitude, 4),
        zoom=round(zoom, 2),
        pitch=0,
        bearing=0,
        min_zoom=MIN_ZOOM,  # deck.gl stops at 0 unless told: the fitted view could not be reached
    )


def _deck(layers: list[pdk.Layer], view: pdk.ViewState, height: int | None) -> pdk.Deck:
    return _Deck(
        layers=layers,
        views=[pdk.View(type="MapView", controller=True)],
        map_provider=None,  # with the default map_style: no base map, no request (see above)
        initial_view_state=view,
        tooltip=TOOLTIP,
        height=height or MAP_HEIGHT_PX,
    )


# ---------------------------------------------------------------- missions


def _place_rows(
    cities: pl.DataFrame | None, colours: dict[str, str], max_radius: float = MAX_RADIUS_PX
) -> list[dict[str, Any]]:
    rows = [r for r in _rows(cities) if _has_position(r)]
    # Larger circles first, so smaller ones are drawn (and picked) on top of them.
    rows.sort(key=lambda r: (-_number(r.get("contacts")), r.get("place") or ""))
    max_contacts = max((_number(r.get("contacts")) for r in rows), default=0.0)
    out = []
    for r in rows:
        contacts = _number(r.get("contacts"))
        missions = _number(r.get("missions"))
        colour = _colour(colours, r.get("programme_id"), 230)
        radius = radius_px(contacts, max_contacts, max_radius)
        when = formatting.period(_date(r.get("first_date")), _date(r.get("last_date")))
        body = [
            _country(r),
            _(
                "{missions} · {contacts}",
                missions=_missions(missions),
                contacts=_contacts(contacts),
            ),
            when,
            _(
                "Programmes: {programmes}",
                programmes=r.get("programmes") or r.get("programme_id") or "–",
            ),
            _titles(r.get("titles")),
        ]
        out.append(
            {
                "place": r.get("place") or "",
                "country_code": r.get("country_code"),
                "position": _position(r["longitude"], r["latitude"]),
                "contacts": int(contacts),
                "missions": int(missions),
                "radius": radius,
                "color": colour,
                "tip_title": r.get("place") or "",
                "tip_body": "\n".join(line for line in body if line),
            }
        )
    return out


def _places_layer(rows: list[dict[str, Any]], *, outline: float = 1.5) -> pdk.Layer:
    return _layer(
        "ScatterplotLayer",
        "places",
        rows,
        literals={"radius_units": "pixels", "line_width_units": "pixels"},
        get_position="position",
        get_radius="radius",
        get_fill_color="color",
        get_line_color=[255, 255, 255, 255],
        get_line_width=outline,
        stroked=True,
        filled=True,
        pickable=True,
        auto_highlight=True,
        highlight_color=[0, 0, 0, 60],
    )


def _arc_rows(arcs: pl.DataFrame | None, colours: dict[str, str]) -> list[dict[str, Any]]:
    rows = [
        r
        for r in _rows(arcs)
        if _has_position(r, "from_latitude", "from_longitude")
        and _has_position(r, "to_latitude", "to_longitude")
    ]
    max_missions = max((_number(r.get("missions")) for r in rows), default=0.0)
    out = []
    for r in rows:
        missions = _number(r.get("missions"))
        source = _colour(colours, r.get("programme_id"), 200)
        share = missions / max_missions if max_missions > 0 else 0.0
        body = [
            r.get("partners") or "",
            _(
                "{missions} · Programme: {programme}",
                missions=_missions(missions),
                programme=r.get("programme_id") or "–",
            ),
        ]
        out.append(
            {
                "from": _position(r["from_longitude"], r["from_latitude"]),
                "to": _position(r["to_longitude"], r["to_latitude"]),
                "missions": int(missions),
                "width": round(1.5 + 3.5 * math.sqrt(share), 1),
                "source_color": source,
                "target_color": _darker(source),
                "tip_title": f"{r.get('from_place') or '?'} → {r.get('to_place') or '?'}",
                "tip_body": "\n".join(line for line in body if line),
            }
        )
    return out


def _arcs_layer(rows: list[dict[str, Any]]) -> pdk.Layer:
    return _layer(
        "ArcLayer",
        "arcs",
        rows,
        literals={"width_units": "pixels"},
        get_source_position="from",
        get_target_position="to",
        get_source_color="source_color",
        get_target_color="target_color",
        get_width="width",
        # Flat (height 0) great circles: raised arcs bulge away from the centre of a flat map
        # and, drawn in 3D, hide the circles and labels beneath them.
        get_height=0,
        great_circle=True,
        pickable=True,
        auto_highlight=True,
        highlight_color=[0, 0, 0, 80],
    )


def _partner_rows(partners: pl.DataFrame | None) -> list[dict[str, Any]]:
    out = []
    for r in _rows(partners):
        if not _has_position(r):
            continue
        body = [_country(r), r.get("partners") or ""]
        out.append(
            {
                "place": r.get("place") or "",
                "position": _position(r["longitude"], r["latitude"]),
                "tip_title": _("{place} (partner home town)", place=r.get("place") or "?"),
                "tip_body": "\n".join(line for line in body if line),
            }
        )
    return out


def _partners_layer(rows: list[dict[str, Any]]) -> pdk.Layer:
    return _layer(
        "ScatterplotLayer",
        "partners",
        rows,
        literals={"radius_units": "pixels", "line_width_units": "pixels"},
        get_position="position",
        get_radius=3.5,
        get_fill_color=PARTNER_RGB,
        get_line_color=[255, 255, 255, 255],
        get_line_width=1,
        stroked=True,
        pickable=True,
    )


def _pixel(position: list[float], view: pdk.ViewState, width: int, height: int) -> tuple:
    """Screen position (px from the top left) of a lon/lat in a Web Mercator view."""
    scale = 512 * 2**view.zoom
    x = (position[0] - view.longitude) / 360 * scale
    y = (_mercator_y(view.latitude) - _mercator_y(position[1])) / (2 * math.pi) * scale
    return width / 2 + x, height / 2 + y


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _label_rows(
    rows: list[dict[str, Any]],
    view: pdk.ViewState,
    width: int,
    height: int,
    size: str = "contacts",
) -> list[dict[str, Any]]:
    """Names of the largest places (by `size`), right of their circles (~7 px per character),
    leaving out any that would overlap a larger place's circle or name at the initial view, and
    places without a name. deck.gl's TextLayer draws on a canvas: the names need no escaping
    (analytics/text.py)."""
    taken: list[tuple[float, float, float, float]] = []  # labels and larger places' circles
    out = []
    for r in sorted(rows, key=lambda r: (-r[size], r["place"])):
        if len(out) == LABELS:
            break
        if not r["place"]:
            continue
        x, y = _pixel(r["position"], view, width, height)
        left = x + r["radius"] + 4
        box = (left, y - 8, left + LABEL_CHAR_PX * len(r["place"]), y + 8)
        free = not any(_overlap(box, other) for other in taken)
        taken.append((x - r["radius"], y - r["radius"], x + r["radius"], y + r["radius"]))
        if not free:
            continue
        taken.append(box)
        out.append(
            {
                "place": r["place"],
                "position": r["position"],
                "offset": [round(r["radius"] + 4), 0],
            }
        )
    return out


def _labels_layer(data: list[dict[str, Any]]) -> pdk.Layer:
    return _layer(
        "TextLayer",
        "labels",
        data,
        literals={
            "character_set": "auto",  # Västerås, Valparaíso, ...
            "font_family": "'Source Sans Pro', 'Helvetica Neue', Arial, sans-serif",
            "font_weight": 600,
            "get_text_anchor": "start",
            "get_alignment_baseline": "center",
            "font_settings": {"sdf": True, "buffer": 8, "radius": 12},
        },
        get_position="position",
        get_text="place",
        get_pixel_offset="offset",
        get_size=13,
        get_color=[38, 39, 48, 255],
        outline_width=4,
        outline_color=[255, 255, 255, 230],
        pickable=False,
        # drawn over every circle, also on a tilted map (presentation mode's tour)
        parameters={"depthCompare": "always", "depthWriteEnabled": False},
    )


def _target_countries(
    cities_rows: list[dict[str, Any]], highlight_countries: Sequence[str]
) -> dict[str, dict[str, Any]]:
    codes = list(highlight_countries) or [r["country_code"] for r in cities_rows]
    out: dict[str, dict[str, Any]] = {}
    for code in codes:
        if code and code not in out:
            out[code] = {
                "fill": HIGHLIGHT_RGB,
                "tip_title": "",
                "tip_body": _("Target country"),
            }
    for iso2, props in out.items():
        feature = _world().get(iso2)
        name = feature["properties"]["name"] if feature else None
        props["tip_title"] = countries.name(iso2, name) if name else iso2
    return out


def missions_deck(
    cities: pl.DataFrame | None,
    arcs: pl.DataFrame | None,
    partners: pl.DataFrame | None,
    colours: dict[str, str],
    *,
    highlight_countries: Sequence[str] = (),
    width: int | None = None,
    height: int | None = None,
) -> pdk.Deck:
    """Where the missions went: places sized by contacts, arcs from the partners' home towns.

    `cities`, `arcs` and `partners` are the frames of queries.mission_cities, mission_arcs and
    partner_places; `colours` is palette.programme_colours. `highlight_countries` (iso2) are
    tinted; when empty, the countries of the mission places are.
    """
    places = _place_rows(cities, colours)
    arc_rows = _arc_rows(arcs, colours)
    partner_rows = _partner_rows(partners)

    layers = _background()
    targets = _target_countries(places, highlight_countries)
    if targets:
        layers.append(
            _inline_countries_layer(
                "target-countries", country_features(targets), HIGHLIGHT_LINE_RGB
            )
        )
    if arc_rows:
        layers.append(_arcs_layer(arc_rows))
    if partner_rows:
        layers.append(_partners_layer(partner_rows))
    lats, lons = _with_countries(
        [p["position"][1] for p in places] + [p["position"][1] for p in partner_rows],
        [p["position"][0] for p in places] + [p["position"][0] for p in partner_rows],
        targets,
    )
    width, height = width or MAP_WIDTH_PX, height or MAP_HEIGHT_PX
    view = fit_view(lats, lons, width=width, height=height)
    if places:
        layers.append(_places_layer(places))
        labels = _label_rows(places, view, width, height)
        layers.append(_labels_layer(labels))
    return _deck(layers, view, height)


def overview_deck(
    cities: pl.DataFrame | None,
    colours: dict[str, str],
    *,
    width: int = MAP_WIDTH_PX,
    height: int = OVERVIEW_HEIGHT_PX,
) -> pdk.Deck:
    """A small map for the overview page: target countries and places (up to
    18 px), no arcs, no labels; zoomed out below 0.5 if the places need it."""
    places = _place_rows(cities, colours, max_radius=18)
    layers = _background()
    targets = _target_countries(places, ())
    if targets:
        layers.append(
            _inline_countries_layer(
                "target-countries", country_features(targets), HIGHLIGHT_LINE_RGB
            )
        )
    if places:
        layers.append(_places_layer(places, outline=1.0))
    lats, lons = _with_countries(
        [p["position"][1] for p in places], [p["position"][0] for p in places], targets
    )
    view = fit_view(lats, lons, width=width, height=height, padding=1.15)
    return _deck(layers, view, height)


# ---------------------------------------------------------------- countries


def _step(value: float, max_value: float) -> int:
    """The ramp step (1..8) of a positive value: equal intervals of (0, max]."""
    return min(max(math.ceil(CHOROPLETH_CLASSES * value / max_value - 1e-9), 1), CHOROPLETH_CLASSES)


def choropleth_rgb(value: float | None, max_value: float) -> list[int]:
    """The fill of a country: grey for 0 or no value, else the sequential ramp scaled by max."""
    number = _number(value)
    if number <= 0 or max_value <= 0:
        return list(NO_VALUE_RGB)
    return sequential_rgb(_step(number, max_value) / CHOROPLETH_CLASSES)


def legend_stops(max_value: float) -> list[tuple[str, str]]:
    """(label, hex colour) for a legend of choropleth_deck with this maximum value, lowest first.

    Counts are integers, so each class is labelled by the whole numbers it holds ("8–14")."""
    stops = [("0", GREY)]
    if max_value is None or max_value <= 0:
        return stops
    for k in range(1, CHOROPLETH_CLASSES + 1):
        low = math.floor(max_value * (k - 1) / CHOROPLETH_CLASSES) + 1
        high = math.floor(max_value * k / CHOROPLETH_CLASSES + 1e-9)
        if k == CHOROPLETH_CLASSES:
            high = max(high, math.ceil(max_value))
        if low > high:
            continue
        text = (
            formatting.count(low)
            if low == high
            else f"{formatting.count(low)}–{formatting.count(high)}"
        )
        stops.append((text, SEQUENTIAL[k]))
    return stops


# (column, its count as a phrase: "3 contacts") for a country's tooltip
CONTACT_LINES = (
    ("contacts", _contacts),
    ("organisations", _organisations),
    ("missions", _missions),
)
PARTNER_LINES = (
    ("partners", _partners),
    ("projects", _projects),
    ("lead_partners", _lead_partners),
)


def choropleth_deck(
    by_country: pl.DataFrame | None,
    value_column: str = "contacts",
    *,
    lines: Sequence[tuple[str, Callable[[float], str]]] = CONTACT_LINES,
    width: int = MAP_WIDTH_PX,
    height: int = MAP_HEIGHT_PX,
) -> pdk.Deck:
    """Countries coloured by a column: of the organisations met (queries.contacts_by_country,
    the default) or of the partners (queries.partners_by_country with PARTNER_LINES); `lines`
    are the (column, phrase) counts the tooltip states."""
    rows = [r for r in _rows(by_country) if r.get("country_code")]
    max_value = max((_number(r.get(value_column)) for r in rows), default=0.0)
    properties: dict[str, dict[str, Any]] = {}
    for r in rows:
        value = _number(r.get(value_column))
        lines_shown = [phrase(_number(r.get(column))) for column, phrase in lines]
        if value_column not in {column for column, _phrase in lines}:
            lines_shown.append(
                _(
                    "{measure}: {value}",
                    measure=formatting.label(value_column),
                    value=formatting.count(value),
                )
            )
        properties[r["country_code"]] = {
            "value": value,
            "fill": choropleth_rgb(value, max_value),
            "tip_title": _country(r) or r["country_code"],
            "tip_body": "\n".join(lines_shown),
        }
    layers = _background()
    collection = country_features(properties)
    if collection["features"]:
        layers.append(_inline_countries_layer("choropleth", collection))
    located = [r for r in rows if _has_position(r)]
    lats, lons = _with_countries(
        [r["latitude"] for r in located],
        [r["longitude"] for r in located],
        [r["country_code"] for r in rows],
    )
    view = fit_view(
        lats,
        lons,
        width=width,
        height=height,
        padding=1.3,
        max_zoom=4.0,
    )
    return _deck(layers, view, height)


# ---------------------------------------------------------------- partners

PARTNER_TOWN_RGB = hex_to_rgb(ACCENT, 170)
UNPLACED_RGB = hex_to_rgb(GREY, 220)


def partner_towns_deck(
    towns: pl.DataFrame | None,
    *,
    width: int = MAP_WIDTH_PX,
    height: int = MAP_HEIGHT_PX,
) -> pdk.Deck:
    """Partners' home towns (queries.partner_towns), one circle per town sized by its partners:
    thousands of partners become a few hundred towns, the big clusters the big circles, the
    largest named as on the missions map (no two names overlapping). Towns placed only at their
    country's centre are grey, say so and are not named (the name would sit at the centre)."""
    rows = [r for r in _rows(towns) if _has_position(r)]
    rows.sort(key=lambda r: (-_number(r.get("partners")), r.get("place") or ""))
    max_partners = max((_number(r.get("partners")) for r in rows), default=0.0)
    out = []
    for r in rows:
        partners = _number(r.get("partners"))
        unplaced = bool(r.get("at_country_centre"))
        names = list(r.get("names") or [])
        shown = ", ".join(names[:3]) + (", …" if partners > len(names[:3]) else "")
        body = [
            _country(r),
            _(
                "{partners} · {projects}",
                partners=_partners(partners),
                projects=_projects(_number(r.get("projects"))),
            ),
            shown,
            _("Town not found: placed at the country's centre") if unplaced else "",
        ]
        out.append(
            {
                "place": r.get("place") or "",
                "unplaced": unplaced,
                "partners": int(partners),
                "position": _position(r["longitude"], r["latitude"]),
                # Small towns small (thousands of partners): 2.5 px, the largest 22 px.
                "radius": round(2.5 + 19.5 * math.sqrt(partners / max_partners), 1)
                if max_partners > 0
                else 2.5,
                "color": UNPLACED_RGB if unplaced else PARTNER_TOWN_RGB,
                "tip_title": r.get("place") or r.get("country") or "",
                "tip_body": "\n".join(line for line in body if line),
            }
        )
    layers = _background()
    if out:
        layers.append(_places_layer(out, outline=0.8))
    view = fit_view(
        [p["position"][1] for p in out],
        [p["position"][0] for p in out],
        width=width,
        height=height,
        padding=1.1,
    )
    named = [r for r in out if not r["unplaced"]]
    if named:
        layers.append(_labels_layer(_label_rows(named, view, width, height, size="partners")))
    return _deck(layers, view, height)
