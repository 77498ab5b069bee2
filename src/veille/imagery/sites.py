"""Watched sites: a name, the entity it stands for, and a footprint (polygon, or point + radius).

Sites are read from GeoJSON (RFC 7946, lon/lat WGS 84). Each Feature needs a `name`
property; `entity` (a gazetteer key or entity name) and `radius_m` (for Point features) are
optional; other properties are kept as they are. A bad feature is reported by file and
index, and the others still load.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rasterio.crs import CRS
from rasterio.warp import transform_geom
from shapely.errors import ShapelyError
from shapely.geometry import Point, mapping, shape
from shapely.geometry.base import BaseGeometry

from veille.ids import stable_id

DEMO_SITES = Path(__file__).parent / "sites" / "demo_sites.geojson"
WGS84 = CRS.from_epsg(4326)


class SiteError(ValueError):
    """A site file or feature is unusable; the message names the file and the feature."""


@dataclass
class Site:
    name: str
    geometry: BaseGeometry  # lon/lat, WGS 84
    entity: str | None = None
    radius_m: float | None = None
    properties: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return stable_id("site", self.name.casefold())

    def footprint(self) -> BaseGeometry:
        """The area watched, in lon/lat: the polygon, or a disc of `radius_m` round the point."""
        if isinstance(self.geometry, Point) and self.radius_m:
            centre = self.geometry
            laea = CRS.from_proj4(
                f"+proj=laea +lat_0={centre.y} +lon_0={centre.x} +datum=WGS84 +units=m"
            )
            disc = Point(0, 0).buffer(self.radius_m, 64)
            return shape(transform_geom(laea, WGS84, mapping(disc)))
        return self.geometry

    def as_feature(self) -> dict[str, Any]:
        properties = dict(self.properties, name=self.name, entity=self.entity)
        if self.radius_m is not None:
            properties["radius_m"] = self.radius_m
        return {"type": "Feature", "properties": properties, "geometry": mapping(self.geometry)}


def parse_site(feature: Any, where: str) -> Site:
    """One GeoJSON Feature -> Site; `where` names it in errors ("sites.geojson feature 3")."""
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        raise SiteError(f"{where}: not a GeoJSON Feature")
    properties = dict(feature.get("properties") or {})
    name = str(properties.pop("name", "") or "").strip()
    if not name:
        raise SiteError(f"{where}: missing the 'name' property")
    try:
        geometry = shape(feature.get("geometry") or {})
    except (ShapelyError, AttributeError, KeyError, TypeError, ValueError, IndexError) as error:
        raise SiteError(f"{where} ({name}): invalid geometry: {error}") from error
    if geometry.is_empty or geometry.geom_type not in ("Point", "Polygon", "MultiPolygon"):
        raise SiteError(f"{where} ({name}): geometry must be a Point, Polygon or MultiPolygon")
    minx, miny, maxx, maxy = geometry.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise SiteError(f"{where} ({name}): coordinates are not lon/lat WGS 84")
    radius = properties.pop("radius_m", None)
    if radius is not None:
        try:
            radius = float(radius)
        except (TypeError, ValueError) as error:
            raise SiteError(f"{where} ({name}): radius_m is not a number") from error
        if radius <= 0:
            raise SiteError(f"{where} ({name}): radius_m must be positive")
    if geometry.geom_type == "Point" and radius is None:
        raise SiteError(f"{where} ({name}): a Point site needs a radius_m property")
    entity = properties.pop("entity", None)
    return Site(name, geometry, str(entity) if entity else None, radius, properties)


def load_sites(path: Path) -> tuple[list[Site], list[str]]:
    """Sites from a GeoJSON FeatureCollection, and one error line per feature that failed."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise SiteError(f"{path}: cannot read GeoJSON: {error}") from error
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise SiteError(f"{path}: not a GeoJSON FeatureCollection")
    sites, errors = [], []
    seen: set[str] = set()
    for index, feature in enumerate(data.get("features") or []):
        try:
            site = parse_site(feature, f"{path.name} feature {index}")
        except SiteError as error:
            errors.append(str(error))
            continue
        if site.name.casefold() in seen:
            errors.append(f"{path.name} feature {index} ({site.name}): duplicate site name")
            continue
        seen.add(site.name.casefold())
        sites.append(site)
    return sites, errors
