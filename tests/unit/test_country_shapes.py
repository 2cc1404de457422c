"""Offline country shapes and centroids in data/shapes (built by tools/build_country_shapes.py)."""

import csv
import itertools
import json
import pathlib

import pycountry
import pytest

SHAPES = pathlib.Path(__file__).resolve().parents[2] / "data" / "shapes"
VALID_ISO2 = {c.alpha_2 for c in pycountry.countries} | {"XK"}


@pytest.fixture(scope="module")
def features():
    data = json.loads((SHAPES / "countries.geojson").read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    return data["features"]


@pytest.fixture(scope="module")
def centroids():
    with (SHAPES / "country_centroids.csv").open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == ["iso2", "name", "latitude", "longitude"]
        rows = list(reader)
    return {row["iso2"]: (float(row["latitude"]), float(row["longitude"])) for row in rows}


def test_geojson_features_are_unique_valid_countries(features):
    assert len(features) >= 230
    codes = [f["properties"]["iso2"] for f in features]
    assert len(codes) == len(set(codes))
    assert set(codes) <= VALID_ISO2
    assert {"VN", "CL", "CV", "CZ", "BE", "UA"} <= set(codes)
    for feature in features:
        assert set(feature["properties"]) == {"iso2", "name"}
        assert feature["geometry"]["type"] in {"Polygon", "MultiPolygon"}


def test_geojson_has_no_antimeridian_streaks(features):
    russia = next(f for f in features if f["properties"]["iso2"] == "RU")
    for polygon in russia["geometry"]["coordinates"]:
        ring = polygon[0]
        assert all(abs(b[0] - a[0]) <= 180 for a, b in itertools.pairwise(ring))


def test_centroids_cover_every_country(centroids):
    assert set(centroids) >= VALID_ISO2
    for lat, lon in centroids.values():
        assert -90 <= lat <= 90
        assert -180 <= lon <= 180


@pytest.mark.parametrize(
    ("iso2", "lat_range", "lon_range"),
    [
        ("FR", (44, 49), (-1, 5)),
        ("CV", (14, 17.5), (-26, -22)),
        ("US", (35, 42), (-105, -90)),
        ("NO", (58, 70), (5, 25)),
        ("VN", (10, 22), (103, 110)),
        ("CL", (-40, -25), (-73, -68)),
        ("RU", (50, 70), (60, 130)),
        ("XK", (42, 43.3), (20, 21.8)),
    ],
)
def test_centroid_falls_in_known_box(centroids, iso2, lat_range, lon_range):
    lat, lon = centroids[iso2]
    assert lat_range[0] <= lat <= lat_range[1]
    assert lon_range[0] <= lon <= lon_range[1]
