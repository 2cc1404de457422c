"""Write data/shapes/basemap.geojson, the world the maps draw under their data: the shipped
country shapes simplified for the screen (analytics.maps.basemap). Run after
tools/build_country_shapes.py; tests/unit/test_maps.py fails while the file is out of date.

Usage: python -m tools.build_basemap
"""

from __future__ import annotations

import json

from analytics import maps


def serialised() -> str:
    """The file's exact text (compact JSON, as the browser fetches it)."""
    return json.dumps(maps.basemap(), separators=(",", ":"), ensure_ascii=False) + "\n"


def main() -> int:
    maps.BASEMAP_PATH.write_text(serialised(), encoding="utf-8")
    print(f"wrote {maps.BASEMAP_PATH}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
