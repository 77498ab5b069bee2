"""Areas in m² from any CRS, polygons from masks, ratios to a reference building."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from imagery_synthetic import utm_transform
from rasterio.crs import CRS
from rasterio.warp import transform_geom
from shapely.geometry import box, mapping, shape

from veille.imagery.objects import (
    ObjectError,
    area_m2,
    mask_to_objects,
    read_reference,
    to_feature_collection,
    with_reference,
)
from veille.imagery.rasters import Raster

UTM = CRS.from_epsg(32652)


def test_area_in_projected_and_geographic_crs_agree() -> None:
    square = box(500_000, 4_420_000, 500_100, 4_420_100)  # 100 m x 100 m in UTM 52N
    assert area_m2(square, UTM) == pytest.approx(10_000)
    lonlat = shape(transform_geom(UTM, CRS.from_epsg(4326), mapping(square)))
    assert area_m2(lonlat, CRS.from_epsg(4326)) == pytest.approx(10_000, rel=0.003)
    assert area_m2(square, None) is None


def test_area_in_feet_crs() -> None:
    feet = CRS.from_epsg(2263)  # NY state plane, US survey feet
    assert area_m2(box(0, 0, 100, 100), feet) == pytest.approx(100 * 100 * 0.3048**2, rel=1e-4)


def _scene(rows: int = 60, cols: int = 80) -> tuple[Raster, Raster]:
    green = np.zeros((3, rows, cols), np.float32)
    green[0], green[1], green[2] = 60, 140, 50  # vegetation everywhere
    built = green.copy()
    built[:, 10:30, 20:50] = 200  # grey roof replaces the field: 20 x 30 px
    built[:, 19:21, 20:50] = 90
    roles = {"red": 0, "green": 1, "blue": 2}
    return (Raster(green, utm_transform(), UTM, roles=roles),
            Raster(built, utm_transform(), UTM, roles=roles))


def test_mask_to_objects_area_kind_and_ratio() -> None:
    before, after = _scene()
    mask = np.zeros((60, 80), bool)
    mask[10:30, 20:50] = True
    mask[50:52, 70:72] = True  # 4 px speck, kept at min_pixels=4
    objects = mask_to_objects(mask, before, after, min_pixels=4)
    assert len(objects) == 2
    biggest = objects[0]
    assert biggest.area_px == 600 and biggest.area_m2 == pytest.approx(600 * 0.25)
    assert biggest.kind == "new"
    reversed_objects = mask_to_objects(mask, after, before, min_pixels=5)
    assert len(reversed_objects) == 1 and reversed_objects[0].kind == "removed"
    reference = box(500_000, 4_420_000 - 20, 500_020, 4_420_000)  # 20 m x 20 m = 400 m²
    with_reference(objects, area_m2(reference, UTM), reference.area)
    assert biggest.ratio_to_reference == pytest.approx(150 / 400)


def test_reference_from_geojson_file_is_reprojected(tmp_path: Path) -> None:
    before, _ = _scene()
    square = box(500_010, 4_419_970, 500_030, 4_419_990)
    lonlat = transform_geom(UTM, CRS.from_epsg(4326), mapping(square))
    path = tmp_path / "ref.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": lonlat}]}))
    reference = read_reference(str(path), before)
    assert area_m2(reference, UTM) == pytest.approx(400, rel=0.001)
    assert reference.centroid.distance(square.centroid) < 0.01


def test_bad_reference_names_the_input(tmp_path: Path) -> None:
    before, _ = _scene()
    (tmp_path / "bad.geojson").write_text("{not json")
    with pytest.raises(ObjectError, match="bad.geojson"):
        read_reference(str(tmp_path / "bad.geojson"), before)
    with pytest.raises(ObjectError, match="neither"):
        read_reference("a big shed", before)
    with pytest.raises(ObjectError, match="no area"):
        read_reference("LINESTRING(0 0, 1 1)", before)


def test_feature_collection_is_lonlat_when_georeferenced() -> None:
    before, after = _scene()
    mask = np.zeros((60, 80), bool)
    mask[10:30, 20:50] = True
    collection = to_feature_collection(mask_to_objects(mask, before, after), UTM)
    lon, lat = collection["features"][0]["geometry"]["coordinates"][0][0]
    assert 128.9 < lon < 129.1 and 39.9 < lat < 40.0  # UTM 52N 500 km E = 129° E
    plain = to_feature_collection(mask_to_objects(mask, Raster(before.pixels),
                                                  Raster(after.pixels)), None)
    assert plain["coordinate_space"].startswith("pixel")
    assert plain["features"][0]["properties"]["area_m2"] is None
