"""Mask to structures: cleanup sized in metres, touching buildings split, areas preserved."""

from __future__ import annotations

import numpy as np
import pytest
from affine import Affine
from imagery_synthetic import utm_transform
from rasterio.crs import CRS
from rasterio.transform import from_origin
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
    subpixel_polygons,
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


def _disc_coverage(size: int, centre: tuple[float, float], radius: float) -> np.ndarray:
    """Share of each pixel covered by a disc (16 x 16 samples per pixel): the score a sensor
    blurring a sharp roof edge over one pixel would give."""
    k = 16
    rows, cols = np.mgrid[0:size * k, 0:size * k]
    inside = ((cols + 0.5) / k - centre[0]) ** 2 + ((rows + 0.5) / k - centre[1]) ** 2 <= radius**2
    return inside.reshape(size, k, size, k).mean(axis=(1, 3))


def test_subpixel_outline_measures_a_coarse_disc_steadier_than_pixel_counting() -> None:
    """A 50 m radius building on 10 m pixels (78 px), at 30 positions within a pixel."""
    transform = from_origin(500000.0, 4000000.0, 10.0, 10.0)
    radius_px, true_m2 = 5.0, np.pi * 50.0**2
    rng = np.random.default_rng(7)
    pixel_errors, subpixel_errors = [], []
    for _ in range(30):
        centre = (12 + rng.random(), 12 + rng.random())
        coverage = _disc_coverage(24, centre, radius_px)
        labels = (coverage > 0.5).astype(np.int32)
        outline = subpixel_polygons(labels, coverage, 0.5, transform)[1]
        pixel_errors.append(labels.sum() * 100.0 / true_m2 - 1)
        subpixel_errors.append(area_m2(outline, UTM) / true_m2 - 1)
        expected_x, expected_y = transform @ centre
        assert outline.centroid.x == pytest.approx(expected_x, abs=1.0)
        assert outline.centroid.y == pytest.approx(expected_y, abs=1.0)
    assert max(abs(error) for error in subpixel_errors) < 0.025
    assert np.std(subpixel_errors) < np.std(pixel_errors) / 3
    assert max(abs(error) for error in pixel_errors) > 0.03


def test_subpixel_outline_of_a_hard_mask_keeps_holes_and_pixel_area() -> None:
    labels = np.zeros((20, 20), np.int32)
    labels[4:16, 4:16] = 1
    labels[8:12, 8:12] = 0  # a 16 px courtyard
    field = labels.astype(float)
    outline = subpixel_polygons(labels, field, 0.5, Affine.identity())[1]
    assert len(outline.interiors) == 1
    assert outline.area == pytest.approx(144 - 16, abs=1.0)  # corners cut by half a pixel


def test_subpixel_outlines_of_touching_structures_do_not_overlap() -> None:
    labels = np.zeros((12, 14), np.int32)
    labels[2:9, 2:7] = 1
    labels[2:9, 7:12] = 2
    field = np.where(labels == 1, 0.9, np.where(labels == 2, 0.6, 0.05))
    polygons = subpixel_polygons(labels, field, 0.5, Affine.identity())
    assert polygons[1].intersection(polygons[2]).area < 1e-9
    assert polygons[1].area > polygons[2].area  # the seam sits nearer the weaker score
    # 70 px; the weak structure's outer edges sit nearer its own pixel centres
    assert 55 < polygons[1].union(polygons[2]).area < 70


def test_subpixel_outline_stops_at_the_image_edge() -> None:
    labels = np.zeros((6, 8), np.int32)
    labels[:, :3] = 1  # a structure cut by the left image edge
    field = np.where(labels > 0, 0.9, 0.1)
    outline = subpixel_polygons(labels, field, 0.5, Affine.identity())[1]
    assert outline.bounds[0] == pytest.approx(0.0)
    assert outline.area == pytest.approx(18, abs=0.5)
