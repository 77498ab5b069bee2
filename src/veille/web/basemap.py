"""The offline basemap: Natural Earth country outlines, projected to SVG paths on the server.

The outlines ship in `static/world.geojson` (Natural Earth 1:110m admin-0 countries, public
domain, as bundled by geopandas 0.14 as `naturalearth_lowres`), simplified so the whole world
weighs about 100 KB. Maps are plain equirectangular SVG: no tiles, no script, no network.
Run `python -m veille.web.basemap naturalearth_lowres.shp world.geojson` to rebuild the file
(needs `pyshp`, a maintainer-only tool).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

WORLD = Path(__file__).parent / "static" / "world.geojson"


@dataclass(frozen=True)
class Frame:
    """An equirectangular view of a lon/lat box, drawn into `width` x `height` pixels."""

    west: float = -180.0
    south: float = -60.0
    east: float = 180.0
    north: float = 85.0
    width: int = 960

    @property
    def height(self) -> int:
        return max(1, round(self.width * (self.north - self.south) / (self.east - self.west)))

    def project(self, lon: float, lat: float) -> tuple[float, float]:
        x = (lon - self.west) / (self.east - self.west) * self.width
        y = (self.north - lat) / (self.north - self.south) * self.height
        return round(x, 1), round(y, 1)

    def contains(self, lon: float, lat: float) -> bool:
        return self.west <= lon <= self.east and self.south <= lat <= self.north


def frame_around(points: list[tuple[float, float]], *, width: int = 960,
                 margin: float = 8.0) -> Frame:
    """The smallest sensible box around (lon, lat) points, or the whole world."""
    if not points:
        return Frame(width=width)
    lons = [lon for lon, _ in points]
    lats = [lat for _, lat in points]
    west, east = max(-180.0, min(lons) - margin), min(180.0, max(lons) + margin)
    south, north = max(-85.0, min(lats) - margin), min(85.0, max(lats) + margin)
    if east - west < 2 * (north - south):  # keep a landscape page shape
        middle, half = (east + west) / 2, (north - south)
        west, east = max(-180.0, middle - half), min(180.0, middle + half)
    return Frame(west, south, east, north, width)


@lru_cache(maxsize=1)
def countries() -> tuple[dict[str, Any], ...]:
    """The bundled country features (name, ISO code, polygons as lists of rings)."""
    data = json.loads(WORLD.read_text(encoding="utf-8"))
    return tuple(data["features"])


def _rings(geometry: dict[str, Any]) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return list(geometry["coordinates"])
    return [ring for polygon in geometry["coordinates"] for ring in polygon]


@lru_cache(maxsize=64)
def country_paths(frame: Frame) -> tuple[tuple[str, str], ...]:
    """(country name, SVG path data) for every country that touches the frame (cached)."""
    paths = []
    for feature in countries():
        rings = _rings(feature["geometry"])
        if not any(frame.west - 30 <= lon <= frame.east + 30 and
                   frame.south - 30 <= lat <= frame.north + 30
                   for ring in rings for lon, lat in ring[:: max(1, len(ring) // 8)]):
            continue
        parts = []
        for ring in rings:
            points = [frame.project(lon, lat) for lon, lat in ring]
            parts.append("M" + "L".join(f"{x:g},{y:g}" for x, y in points) + "Z")
        paths.append((feature["properties"]["name"], "".join(parts)))
    return tuple(paths)


def build_from_shapefile(shapefile: Path, output: Path, tolerance: float = 0.15) -> int:
    """Simplify a Natural Earth admin-0 shapefile into the bundled GeoJSON; returns features."""
    import shapefile as pyshp  # maintainer-only dependency
    from shapely.geometry import mapping, shape

    features = []
    with pyshp.Reader(str(shapefile)) as reader:
        for record in reader.iterShapeRecords():
            geometry = shape(record.shape.__geo_interface__).simplify(tolerance,
                                                                      preserve_topology=True)
            if geometry.is_empty:
                continue
            rounded = json.loads(json.dumps(mapping(geometry)),
                                 parse_float=lambda text: round(float(text), 2))
            features.append({"type": "Feature",
                             "properties": {"name": record.record["name"],
                                            "iso_a3": record.record["iso_a3"]},
                             "geometry": rounded})
    collection = {"type": "FeatureCollection",
                  "source": "Natural Earth 1:110m admin-0 countries (public domain)",
                  "features": features}
    output.write_text(json.dumps(collection, separators=(",", ":")), encoding="utf-8")
    return len(features)


if __name__ == "__main__":
    print(build_from_shapefile(Path(sys.argv[1]), Path(sys.argv[2])), "countries")
