"""The missions map for print: a Plotly figure of the shipped country shapes, nothing fetched.

pydeck's HTML loads deck.gl from a CDN and Plotly's geo traces fetch topojson from one, so the
printed report draws the map itself: countries from `data/shapes/countries.geojson` as filled
`go.Scatter` polygons on plain lon/lat axes (an equirectangular projection true to scale at the
middle latitude of the view), cropped to the places with a margin, and the mission places as
circles sized by contacts in programme colours, with the names of the largest. It looks like the
app's map (same shapes, sea, land, tint of the target countries, circle sizes and colours).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import plotly.graph_objects as go
import polars as pl

from analytics import charts, formatting, palette
from analytics.maps import (
    BORDER_RGB,
    HIGHLIGHT_LINE_RGB,
    HIGHLIGHT_RGB,
    LAND_RGB,
    SEA_RGB,
    _douglas_peucker,
    _features,
    _overlap,
    radius_px,
)
from analytics.text import plotly as plotly_text
from i18n import N_, _, countries

# English (N_): translated where drawn
TITLE = N_("Where the missions went")
SOURCE = N_(
    "the project's records, places geocoded offline (GeoNames); country shapes Natural Earth "
    "(public domain).<br>Circle area follows contacts made (the number beside a name); virtual "
    "missions sit at their target country's centre."
)
WIDTH_PX = 680  # the printable width of an A4 page with 14 mm margins, in CSS pixels
MIN_PLOT_HEIGHT_PX = 260
MAX_PLOT_HEIGHT_PX = 520
MAX_RADIUS_PX = 22.0
LABELS = 10
LABEL_FONT_PX = 11
LABEL_CHAR_PX = 6.3  # average width of a character at LABEL_FONT_PX
MIN_LON_SPAN = 24.0  # degrees: a single place still shows its region
MIN_LAT_SPAN = 12.0
MARGIN_SHARE = 0.12  # of the places' span, added on every side
MIN_MARGIN_DEGREES = 4.0
MAX_MID_LATITUDE = 70.0  # beyond this the local scale would stretch the map absurdly


def _rgb(rgba: list[int]) -> str:
    return f"rgb({rgba[0]}, {rgba[1]}, {rgba[2]})"


def _rgba(rgba: list[int]) -> str:
    return f"rgba({rgba[0]}, {rgba[1]}, {rgba[2]}, {rgba[3] / 255:.2f})"


def _view(lons: list[float], lats: list[float], plot_width: float) -> dict[str, float]:
    """Ranges around the places (with a margin), and the plot height that keeps them to scale.

    One degree of latitude is 1 / cos(middle latitude) times one degree of longitude on screen.
    A view that would be taller or flatter than the page allows is widened, not distorted; the
    places stay far enough inside the edges for the largest circle and a name.
    """
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    lon_mid, lat_mid = (west + east) / 2, (south + north) / 2
    stretch = 1 / math.cos(math.radians(min(abs(lat_mid), MAX_MID_LATITUDE)))
    core_lon = max(east - west, MIN_LON_SPAN)
    core_lat = max(north - south, MIN_LAT_SPAN)
    lon_span = core_lon + 2 * max(core_lon * MARGIN_SHARE, MIN_MARGIN_DEGREES)
    lat_span = core_lat + 2 * max(core_lat * MARGIN_SHARE, MIN_MARGIN_DEGREES)
    pad_px = MAX_RADIUS_PX + 2 * LABEL_FONT_PX
    for _attempt in range(5):
        px_per_lon = plot_width / lon_span
        plot_height = lat_span * px_per_lon * stretch
        if plot_height > MAX_PLOT_HEIGHT_PX:  # too tall: show more longitude
            plot_height = MAX_PLOT_HEIGHT_PX
            px_per_lon = plot_height / (lat_span * stretch)
            lon_span = plot_width / px_per_lon
        elif plot_height < MIN_PLOT_HEIGHT_PX:  # too flat: show more latitude
            plot_height = MIN_PLOT_HEIGHT_PX
            lat_span = plot_height / (px_per_lon * stretch)
        need_lon = (east - west) + 2 * pad_px / px_per_lon
        need_lat = (north - south) + 2 * pad_px / (px_per_lon * stretch)
        if lon_span >= need_lon and lat_span >= need_lat:
            break
        lon_span, lat_span = max(lon_span, need_lon), max(lat_span, need_lat)
    return {
        "west": lon_mid - lon_span / 2,
        "east": lon_mid + lon_span / 2,
        "south": max(lat_mid - lat_span / 2, -89.9),
        "north": min(lat_mid + lat_span / 2, 89.9),
        "stretch": stretch,
        "plot_height": plot_height,
        "px_per_lon": px_per_lon,
    }


def _rings(iso2s: list[str] | None, view: dict[str, float]) -> tuple[list, list]:
    """Outer rings of the countries (all, or these iso2) that reach into the view, simplified to
    about a pixel, as one x and one y list with None between rings (one trace draws them all)."""
    tolerance = 0.8 / view["px_per_lon"]  # degrees per pixel, roughly
    pad = 2.0
    xs: list[float | None] = []
    ys: list[float | None] = []
    features = _features()
    codes = sorted(features) if iso2s is None else [c for c in iso2s if c in features]
    rings: list[tuple[float, list[list[float]]]] = []
    for code in codes:
        geometry = features[code]["geometry"]
        polygons = (
            [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        )
        for polygon in polygons:
            outer = polygon[0]
            lon = [p[0] for p in outer]
            lat = [p[1] for p in outer]
            if (
                max(lon) < view["west"] - pad
                or min(lon) > view["east"] + pad
                or max(lat) < view["south"] - pad
                or min(lat) > view["north"] + pad
            ):
                continue
            size = max(max(lon) - min(lon), max(lat) - min(lat))
            if size < tolerance * 1.5:
                continue  # an islet below a pixel or two
            rings.append((size, _douglas_peucker(outer, tolerance)))
    # Larger rings first, so a country inside another (Lesotho, San Marino) is drawn over it.
    for _size, ring in sorted(rings, key=lambda r: -r[0]):
        xs += [p[0] for p in ring] + [None]
        ys += [p[1] for p in ring] + [None]
    return xs, ys


def _number(value: Any) -> float:
    return 0.0 if value is None else float(value)


def _labels(
    places: list[dict[str, Any]], view: dict[str, float], plot_width: float, plot_height: float
) -> list[dict[str, Any]]:
    """Names of the largest places beside their circles (right, else left, above, below),
    leaving out any that would overlap a circle or another name."""

    def pixel(p: dict[str, Any]) -> tuple[float, float]:
        x = (p["lon"] - view["west"]) * view["px_per_lon"]
        y = (view["north"] - p["lat"]) * view["px_per_lon"] * view["stretch"]
        return x, y

    circles = []
    for p in places:
        x, y = pixel(p)
        r = p["radius"]
        circles.append((x - r, y - r, x + r, y + r))
    taken: list[tuple[float, float, float, float]] = []
    out = []
    for p in sorted(places, key=lambda p: (-p["contacts"], p["place"])):
        if len(out) == LABELS:
            break
        x, y = pixel(p)
        r = p["radius"]
        width = LABEL_CHAR_PX * len(p["label"])
        half = LABEL_FONT_PX * 0.75
        candidates = [
            ("left", "middle", r + 3, 0, (x + r + 3, y - half, x + r + 3 + width, y + half)),
            ("right", "middle", -r - 3, 0, (x - r - 3 - width, y - half, x - r - 3, y + half)),
            (
                "center",
                "bottom",
                0,
                r + 2,
                (x - width / 2, y - r - 2 - 2 * half, x + width / 2, y - r - 2),
            ),
            (
                "center",
                "top",
                0,
                -r - 2,
                (x - width / 2, y + r + 2, x + width / 2, y + r + 2 + 2 * half),
            ),
        ]
        for xanchor, yanchor, xshift, yshift, box in candidates:
            inside = box[0] >= 0 and box[2] <= plot_width and box[1] >= 0 and box[3] <= plot_height
            own = (x - r, y - r, x + r, y + r)
            clash = any(_overlap(box, c) for c in circles if c != own) or any(
                _overlap(box, t) for t in taken
            )
            if inside and not clash:
                taken.append(box)
                out.append(
                    {
                        "x": p["lon"],
                        "y": p["lat"],
                        "text": plotly_text(p["label"]),
                        "xanchor": xanchor,
                        "yanchor": yanchor,
                        "xshift": xshift,
                        "yshift": yshift,
                    }
                )
                break
    return out


def _shapes(
    x: list[float | None], y: list[float | None], *, name: str, fill: str, line: str, width: float
) -> go.Scatter:
    """Country outlines (rings separated by None) drawn filled, without hover or legend."""
    return go.Scatter(
        x=x,
        y=y,
        mode="lines",
        fill="toself",
        fillcolor=fill,
        line={"color": line, "width": width},
        hoverinfo="skip",
        showlegend=False,
        name=name,
    )


def static_mission_map(
    cities: pl.DataFrame,
    colours: Mapping[str, str],
    *,
    title: str = TITLE,
    source: str | None = SOURCE,
    width: int = WIDTH_PX,
) -> go.Figure:
    """The frame of queries.mission_cities in, a static map figure out (fixed `width` px)."""
    title = _(title)
    source = _(source) if source else source
    rows = [
        r
        for r in (cities.to_dicts() if not cities.is_empty() else [])
        if r.get("latitude") is not None and r.get("longitude") is not None
    ]
    if not rows:
        return charts.empty_figure(title, _("No mission place for these filters"), source=source)
    max_contacts = max(_number(r["contacts"]) for r in rows)
    places = [
        {
            "place": r["place"] or "",
            "label": f"{r['place']} · {formatting.count(_number(r['contacts']))}",
            "country_code": r.get("country_code"),
            "lon": float(r["longitude"]),
            "lat": float(r["latitude"]),
            "contacts": _number(r["contacts"]),
            "missions": _number(r.get("missions")),
            "radius": radius_px(_number(r["contacts"]), max_contacts, MAX_RADIUS_PX),
            "programme_id": r.get("programme_id"),
            "programmes": r.get("programmes") or r.get("programme_id") or "",
            "country": countries.name(r.get("country_code"), r["country"]) or ""
            if r.get("country")
            else "",
        }
        for r in rows
    ]
    margin = {"l": 10, "r": 10}
    plot_width = width - margin["l"] - margin["r"]
    view = _view([p["lon"] for p in places], [p["lat"] for p in places], plot_width)

    fig = go.Figure()
    land_x, land_y = _rings(None, view)
    land = _shapes(
        land_x, land_y, name=_("Countries"), fill=_rgb(LAND_RGB), line=_rgb(BORDER_RGB), width=0.6
    )
    fig.add_trace(land)
    targets = list(dict.fromkeys(p["country_code"] for p in places if p["country_code"]))
    target_x, target_y = _rings(targets, view)
    if target_x:
        fig.add_trace(
            _shapes(
                target_x,
                target_y,
                name=_("Target countries"),
                fill=_rgb(HIGHLIGHT_RGB),
                line=_rgba(HIGHLIGHT_LINE_RGB),
                width=0.7,
            )
        )
    # Larger circles first, so smaller ones are drawn on top of them.
    places.sort(key=lambda p: (-p["contacts"], p["place"]))
    programmes = list(dict.fromkeys(p["programme_id"] for p in places))
    hover = _(
        "<b>{place}</b><br>{country}<br>Missions: {missions} · Contacts: {contacts}<br>"
        "Programmes: {programmes}"
    )
    for programme in [p for p in colours if p in programmes] + [
        p for p in programmes if p not in colours
    ]:
        part = [p for p in places if p["programme_id"] == programme]
        fig.add_trace(
            go.Scatter(
                x=[p["lon"] for p in part],
                y=[p["lat"] for p in part],
                mode="markers",
                name=plotly_text(programme or "–"),
                marker={
                    "size": [2 * p["radius"] for p in part],
                    "sizemode": "diameter",
                    "color": colours.get(programme or "", palette.GREY),
                    "opacity": 0.9,
                    "line": {"color": "white", "width": 1.2},
                },
                hovertext=[
                    hover.format(
                        place=plotly_text(p["place"]),
                        country=plotly_text(p["country"]),
                        missions=formatting.count(p["missions"]),
                        contacts=formatting.count(p["contacts"]),
                        programmes=plotly_text(p["programmes"]),
                    )
                    for p in part
                ],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    for label in _labels(places, view, plot_width, view["plot_height"]):
        fig.add_annotation(
            **label,
            xref="x",
            yref="y",
            showarrow=False,
            font={"size": LABEL_FONT_PX, "color": charts.TEXT_COLOUR},
            bgcolor="rgba(255, 255, 255, 0.7)",
            borderpad=1,
        )
    axis = {
        "visible": False,
        "showgrid": False,
        "zeroline": False,
        "fixedrange": True,
    }
    fig.update_xaxes(**axis, range=[view["west"], view["east"]], constrain="range")
    fig.update_yaxes(
        **axis,
        range=[view["south"], view["north"]],
        scaleanchor="x",
        scaleratio=view["stretch"],
        constrain="range",
    )
    top, bottom = 70, 48 if source else 12
    height = round(view["plot_height"]) + top + bottom
    charts.style(fig, title, source=source, legend=True, height=height, caption_shift=8)
    fig.update_layout(
        width=width,
        plot_bgcolor=_rgb(SEA_RGB),
        margin={**margin, "t": top, "b": bottom},
        legend={"itemsizing": "constant"},
    )
    return fig
