"""Change masks become structures: polygons with an area in m² and a ratio to a reference.

Areas are computed in metres whatever the image CRS: projected CRSs use their linear unit,
geographic ones are reprojected to a Lambert azimuthal equal-area projection centred on the
shape. "New building = 0.65 of the main building" is then a ratio of two such areas.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from affine import Affine
from rasterio.crs import CRS
from rasterio.warp import transform_geom
from scipy import ndimage
from shapely import wkt
from shapely.errors import ShapelyError
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry

from veille.ids import stable_id
from veille.imagery.rasters import Raster
from veille.imagery.structures import label_polygons

WGS84 = CRS.from_epsg(4326)
KIND_MARGIN = 0.25  # standardised units of the built-up signal before a change gets a direction


class ObjectError(ValueError):
    """A reference polygon cannot be read; the message names the input."""


@dataclass
class ChangeObject:
    """One connected changed region, in the image CRS (or pixel space without one)."""

    id: str
    geometry: BaseGeometry
    kind: str  # "new", "removed" or "changed"
    area_px: int
    area_m2: float | None
    score: float
    ratio_to_reference: float | None = None


def area_m2(geometry: BaseGeometry, crs: CRS | None) -> float | None:
    """Area in square metres of a geometry in `crs`; None when the CRS is unknown."""
    if crs is None:
        return None
    if crs.is_geographic:
        centre = geometry.centroid
        laea = CRS.from_proj4(f"+proj=laea +lat_0={centre.y} +lon_0={centre.x} +datum=WGS84 +units=m")
        return float(shape(transform_geom(crs, laea, mapping(geometry))).area)
    factor = crs.linear_units_factor[1] if crs.linear_units_factor else 1.0
    return float(geometry.area * factor * factor)


def builtness(raster_pixels: np.ndarray, roles: dict[str, int]) -> np.ndarray:
    """A per-pixel "built-up" signal: edge density plus loss of vegetation.

    Vegetation is -NDVI where a near-infrared band exists, else excess green (2G - R - B).
    Both parts are standardised over the image so that the two dates can be compared.
    """
    bands = np.nan_to_num(raster_pixels.astype(np.float32))
    brightness = bands.mean(axis=0)
    edges = np.hypot(ndimage.sobel(brightness, 0), ndimage.sobel(brightness, 1))
    edges = ndimage.uniform_filter(edges, 3)
    if "nir" in roles and "red" in roles:
        nir, red = bands[roles["nir"]], bands[roles["red"]]
        vegetation = (nir - red) / np.maximum(nir + red, 1e-6)
    elif all(role in roles for role in ("red", "green", "blue")):
        total = np.maximum(bands[roles["red"]] + bands[roles["green"]] + bands[roles["blue"]], 1e-6)
        vegetation = (2 * bands[roles["green"]] - bands[roles["red"]] - bands[roles["blue"]]) / total
    else:
        vegetation = np.zeros_like(brightness)

    def z(values: np.ndarray) -> np.ndarray:
        std = values.std()
        return (values - values.mean()) / (std if std > 0 else 1.0)

    return z(edges) - z(vegetation)


def mask_to_objects(
    mask: np.ndarray,
    before: Raster,
    after: Raster,
    *,
    score: np.ndarray | None = None,
    min_pixels: int = 4,
    labels: np.ndarray | None = None,
) -> list[ChangeObject]:
    """Changed regions as polygons on BEFORE's grid, largest first.

    `labels` are instance labels from `structures.extract_structures` (touching buildings
    already split); without them each 8-connected region of `mask` is one object. Each gets
    a direction from the change of `builtness`: "new" where the place became more built-up,
    "removed" where it became less, "changed" where the signal does not say.
    """
    transform = before.transform or Affine.identity()
    crs = before.crs if before.transform is not None else None
    if labels is None:
        labels, count = ndimage.label(mask, structure=np.ones((3, 3)))
    else:
        count = int(labels.max())
    if count == 0:
        return []
    index = np.arange(1, count + 1)
    sizes = np.bincount(labels.ravel(), minlength=count + 1)
    built_change = builtness(after.pixels, after.roles) - builtness(before.pixels, before.roles)
    mean_change = ndimage.mean(built_change, labels, index)
    mean_score = ndimage.mean(score, labels, index) if score is not None else np.ones(count)
    kept = np.where((sizes >= min_pixels)[labels], labels, 0)
    objects = []
    for label, geometry in label_polygons(kept, transform).items():
        direction = float(mean_change[label - 1])
        kind = "new" if direction > KIND_MARGIN else "removed" if direction < -KIND_MARGIN else "changed"
        objects.append(ChangeObject(
            id=stable_id("chg", geometry.wkt),
            geometry=geometry,
            kind=kind,
            area_px=int(sizes[label]),
            area_m2=area_m2(geometry, crs),
            score=round(float(mean_score[label - 1]), 4),
        ))
    objects.sort(key=lambda item: item.area_px, reverse=True)
    return objects


def read_reference(spec: str, raster: Raster) -> BaseGeometry:
    """The reference building: a GeoJSON file (EPSG:4326 unless it names a CRS) or WKT in the
    image's map coordinates; for an image without a grid, coordinates are pixel (column, row)."""
    path = Path(spec)
    if path.suffix.lower() in (".geojson", ".json"):
        if not path.is_file():
            raise ObjectError(f"{path}: no such reference polygon file")
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ObjectError(f"{path}: not GeoJSON: {error}") from error
        geometry_data = _first_geometry(data, path)
        source_crs = _geojson_crs(data, path)
        if raster.georeferenced:
            geometry_data = transform_geom(source_crs, raster.crs, geometry_data)
        try:
            geometry = shape(geometry_data)
        except (ShapelyError, KeyError, TypeError, ValueError) as error:
            raise ObjectError(f"{path}: invalid reference geometry: {error}") from error
    else:
        try:
            geometry = wkt.loads(spec)
        except (ShapelyError, ValueError) as error:
            raise ObjectError(f"--reference-polygon: neither a .geojson file nor WKT: {spec[:60]!r}") from error
    if geometry.is_empty or geometry.area <= 0:
        raise ObjectError(f"{spec[:60]}: the reference polygon has no area")
    return geometry


def _first_geometry(data: Any, path: Path) -> dict[str, Any]:
    if isinstance(data, dict) and data.get("type") == "FeatureCollection":
        features = data.get("features") or []
        if not features:
            raise ObjectError(f"{path}: the FeatureCollection is empty")
        data = features[0]
    if isinstance(data, dict) and data.get("type") == "Feature":
        data = data.get("geometry")
    if not isinstance(data, dict) or "coordinates" not in data:
        raise ObjectError(f"{path}: no geometry found")
    return data


def _geojson_crs(data: Any, path: Path) -> CRS:
    name = (((data.get("crs") or {}).get("properties") or {}).get("name")
            if isinstance(data, dict) else None)
    if not name:
        return WGS84
    try:
        return CRS.from_user_input(name)
    except Exception as error:  # CRSError or a malformed name: either way unusable
        raise ObjectError(f"{path}: unknown crs {name!r}") from error


def with_reference(objects: list[ChangeObject], reference_area_m2: float | None,
                   reference_area_units: float) -> None:
    """Fill each object's ratio to the reference (m² when both have it, else map units)."""
    for item in objects:
        if reference_area_m2 and item.area_m2 is not None:
            item.ratio_to_reference = round(item.area_m2 / reference_area_m2, 4)
        elif reference_area_units > 0:
            item.ratio_to_reference = round(item.geometry.area / reference_area_units, 4)


def to_feature_collection(objects: list[ChangeObject], crs: CRS | None,
                          reference: BaseGeometry | None = None,
                          reference_area: float | None = None,
                          extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """GeoJSON (RFC 7946: WGS 84 lon/lat) when georeferenced, else pixel coordinates."""
    def geometry_out(geometry: BaseGeometry) -> dict[str, Any]:
        if crs is None:
            return mapping(geometry)
        return transform_geom(crs, WGS84, mapping(geometry))

    features = [
        {
            "type": "Feature",
            "id": item.id,
            "properties": {
                "role": "change",
                "kind": item.kind,
                "area_m2": None if item.area_m2 is None else round(item.area_m2, 1),
                "area_px": item.area_px,
                "ratio_to_reference": item.ratio_to_reference,
                "score": item.score,
            },
            "geometry": geometry_out(item.geometry),
        }
        for item in objects
    ]
    if reference is not None:
        features.append({
            "type": "Feature",
            "id": "reference",
            "properties": {"role": "reference",
                           "area_m2": None if reference_area is None else round(reference_area, 1)},
            "geometry": geometry_out(reference),
        })
    collection: dict[str, Any] = {"type": "FeatureCollection", "features": features}
    if crs is None:
        collection["coordinate_space"] = "pixel (column, row) of BEFORE"
    if extra:
        collection["properties"] = extra
    return collection
