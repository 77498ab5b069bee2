"""Mask to structures: cleanup sized in metres, touching buildings split, areas preserved."""

from __future__ import annotations

import numpy as np
import pytest
from imagery_synthetic import utm_transform
from rasterio.crs import CRS
from shapely.geometry import Point

from veille.imagery.baseline import smoothing_pixels
from veille.imagery.objects import area_m2, mask_to_objects
from veille.imagery.rasters import Raster
from veille.imagery.structures import (
    StructureParams,
    area_preserving_simplify,
    clean_mask,
    extract_structures,
    label_polygons,
)

UTM = CRS.from_epsg(32652)


def _two_touching_roofs() -> np.ndarray:
    """Two 30 x 30 px roofs joined by a 4 px wide, 6 px long passage."""
    mask = np.zeros((60, 90), bool)
    mask[10:40, 5:35] = True
    mask[23:27, 35:41] = True
    mask[10:40, 41:71] = True
    return mask


def test_touching_buildings_are_split_by_the_watershed() -> None:
    labels = extract_structures(_two_touching_roofs(), 0.5)
    assert labels.max() == 2
    sizes = sorted(np.bincount(labels.ravel())[1:])
    assert sizes[0] > 850 and sizes[1] > 850  # each roof keeps about its 900 px
    assert labels[25, 20] != labels[25, 55]


def test_a_dent_in_one_roof_is_not_a_seam() -> None:
    mask = np.zeros((60, 80), bool)
    mask[10:50, 10:70] = True
    mask[10:13, 38:42] = False  # a 1.5 m notch in the edge, at 0.5 m pixels
    assert extract_structures(mask, 0.5).max() == 1


def test_sizes_are_in_metres_not_pixels() -> None:
    speck = np.zeros((40, 40), bool)
    speck[10:16, 10:16] = True  # 36 px: 9 m² at 0.5 m, 3600 m² at 10 m
    assert extract_structures(speck, 0.5).max() == 0  # under the 20 m² minimum
    assert extract_structures(speck, 10.0).max() == 1
    sliver = np.zeros((40, 40), bool)
    sliver[5:35, 20] = True  # 1 px wide: a 0.5 m line is noise, a 10 m wide strip is not
    assert not clean_mask(sliver, 0.5, StructureParams()).any()
    assert clean_mask(sliver, 10.0, StructureParams()).sum() == 30


def test_small_holes_are_filled_large_courtyards_kept() -> None:
    mask = np.zeros((80, 80), bool)
    mask[10:70, 10:70] = True
    mask[20:24, 20:24] = False  # 16 px = 4 m²: a missed patch of roof
    mask[40:60, 40:60] = False  # 400 px = 100 m²: a courtyard
    cleaned = clean_mask(mask, 0.5, StructureParams())
    assert cleaned[21, 21] and not cleaned[50, 50]


def test_unknown_resolution_falls_back_to_the_default_pixel_size() -> None:
    labels = extract_structures(_two_touching_roofs(), None)
    assert labels.max() == 2


def test_simplified_polygon_keeps_its_area() -> None:
    disc = Point(0, 0).buffer(10, quad_segs=64)
    simplified = area_preserving_simplify(disc, 1.0)
    assert len(simplified.exterior.coords) < len(disc.exterior.coords) / 4
    assert simplified.area == pytest.approx(disc.area, rel=1e-9)


def test_polygons_of_labels_measure_the_pixel_area() -> None:
    labels = extract_structures(_two_touching_roofs(), 0.5)
    polygons = label_polygons(labels, utm_transform())
    assert set(polygons) == {1, 2}
    for label, polygon in polygons.items():
        pixels = int((labels == label).sum())
        assert area_m2(polygon, UTM) == pytest.approx(pixels * 0.25, rel=1e-6)


def test_mask_to_objects_uses_the_instance_labels() -> None:
    mask = _two_touching_roofs()
    plain = Raster(np.zeros((3, *mask.shape), np.float32), utm_transform(), UTM)
    assert len(mask_to_objects(mask, plain, plain)) == 1  # one 8-connected region
    labels = extract_structures(mask, 0.5)
    objects = mask_to_objects(labels > 0, plain, plain, labels=labels)
    assert len(objects) == 2
    assert sum(item.area_m2 or 0 for item in objects) == pytest.approx((labels > 0).sum() * 0.25)


def test_baseline_smoothing_is_sized_in_metres() -> None:
    assert smoothing_pixels(0.5) == pytest.approx(1.0)
    assert smoothing_pixels(0.25) == pytest.approx(2.0)
    assert smoothing_pixels(10.0) == 0.0  # one pixel is already a building
    assert smoothing_pixels(None) == 1.0
