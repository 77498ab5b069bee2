"""From a change mask to separate structures: cleanup and splitting sized in metres.

A change mask is pixels; an analyst measures buildings. Between the two sit four steps, each
sized in metres so that one setting means the same thing at 0.25 m and at 10 m:
opening (drops slivers narrower than a wall), hole filling (a roof is not hollow), splitting
of touching buildings (watershed on the distance to the mask edge, seeded by its h-maxima:
two blobs joined by a neck become two objects when the neck is markedly narrower than both),
and a minimum area. Polygons are then simplified and rescaled so that their area stays the
pixel area that was measured. The default values were chosen on the training sites only
(docs/benchmarks/imagery.md). `subpixel_polygons` draws the same structures with edges
between pixel centres instead, where the change score crosses the decision level: the
benchmark holds its areas against the pixel counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce

import numpy as np
from affine import Affine
from rasterio.features import shapes
from scipy import ndimage
from shapely import affinity, union_all
from shapely.geometry import Polygon, shape
from shapely.geometry.base import BaseGeometry
from skimage.measure import find_contours
from skimage.morphology import disk, local_maxima, reconstruction, remove_small_holes
from skimage.segmentation import watershed

EIGHT_CONNECTED = np.ones((3, 3), bool)
DEFAULT_RESOLUTION_M = 0.5  # assumed pixel size of an image without a ground grid


@dataclass(frozen=True)
class StructureParams:
    """Sizes in metres (or m²); `split_min_px` keeps splitting meaningful at coarse pixels."""

    open_radius_m: float = 1.0
    max_hole_m2: float = 20.0
    min_area_m2: float = 20.0
    split_depth_m: float = 1.0
    split_min_px: float = 3.0


def _pixels(length_m: float, resolution_m: float) -> int:
    return round(length_m / resolution_m)


def clean_mask(mask: np.ndarray, resolution_m: float, params: StructureParams) -> np.ndarray:
    """Opening by a disk of `open_radius_m`, then holes under `max_hole_m2` filled."""
    cleaned = mask.astype(bool)
    radius = _pixels(params.open_radius_m, resolution_m)
    if radius >= 1:
        cleaned = ndimage.binary_opening(cleaned, structure=disk(radius))
    hole_px = int(params.max_hole_m2 / (resolution_m * resolution_m))
    if hole_px >= 1:
        cleaned = remove_small_holes(cleaned, max_size=hole_px)
    return cleaned


def split_touching(mask: np.ndarray, resolution_m: float, params: StructureParams) -> np.ndarray:
    """Instance labels (0 = background): one per building, touching buildings separated.

    Seeds are the regional maxima of the distance to the mask edge (in metres) that stand out
    by at least max(split_depth_m, split_min_px pixels): a shallow dent in one roof is not a
    seam. Each connected region is handled in its own bounding box, so the cost follows the
    changed area, not the image size.
    """
    components, _ = ndimage.label(mask, structure=EIGHT_CONNECTED)
    labels = np.zeros(mask.shape, np.int32)
    depth = max(params.split_depth_m, params.split_min_px * resolution_m)
    next_label = 1
    for index, window in enumerate(ndimage.find_objects(components), start=1):
        if window is None:
            continue
        region = components[window] == index
        parts = _split_region(region, resolution_m, depth)
        labels[window][region] = parts[region] + next_label - 1
        next_label += int(parts.max())
    return labels


def _split_region(region: np.ndarray, resolution_m: float, depth: float) -> np.ndarray:
    """Labels 1..k of one connected region; k = 1 when no seam is deep enough."""
    distance = ndimage.distance_transform_edt(np.pad(region, 1))[1:-1, 1:-1] * resolution_m
    if distance.max() < depth + resolution_m:  # no dome can stand `depth` above a saddle
        return region.astype(np.int32)
    # the h-maxima as plateaus of the reconstruction (skimage's h_maxima marks equal peaks
    # joined by a shallow saddle as two seeds; their shared plateau here is one)
    base = reconstruction(distance - depth, distance, method="dilation")
    seeds, count = ndimage.label(local_maxima(base, connectivity=2, allow_borders=True) & region,
                                 structure=EIGHT_CONNECTED)
    if count <= 1:
        return region.astype(np.int32)
    return watershed(-distance, seeds, mask=region, connectivity=2).astype(np.int32)


def extract_structures(mask: np.ndarray, resolution_m: float | None,
                       params: StructureParams | None = None, *,
                       min_pixels: int = 1) -> np.ndarray:
    """Instance labels 1..n of the structures in `mask`, numbered in raster order."""
    params = params or StructureParams()
    resolution = resolution_m if resolution_m and resolution_m > 0 else DEFAULT_RESOLUTION_M
    labels = split_touching(clean_mask(mask, resolution, params), resolution, params)
    sizes = np.bincount(labels.ravel())
    keep = (sizes * resolution * resolution >= params.min_area_m2) & (sizes >= min_pixels)
    keep[0] = False
    renumber = np.zeros(sizes.size, np.int32)
    renumber[keep] = np.arange(1, int(keep.sum()) + 1)
    return renumber[labels]


def label_polygons(labels: np.ndarray, transform: Affine, simplify_px: float = 0.5,
                   ) -> dict[int, BaseGeometry]:
    """One polygon per label in map coordinates, simplified by `simplify_px` pixels and
    scaled about its centroid back to the exact pixel area (simplifying cuts the staircase
    corners of a raster outline, which would otherwise change the measured area)."""
    parts: dict[int, list[BaseGeometry]] = {}
    for geometry, value in shapes(labels.astype(np.int32), mask=labels > 0, connectivity=4,
                                  transform=transform):
        parts.setdefault(int(value), []).append(shape(geometry))
    pixel_size = abs(transform.a * transform.e - transform.b * transform.d)
    polygons = {}
    for label, pieces in parts.items():
        exact = pieces[0] if len(pieces) == 1 else union_all(pieces)
        polygons[label] = area_preserving_simplify(exact, simplify_px * np.sqrt(pixel_size))
    return polygons


def area_preserving_simplify(geometry: BaseGeometry, tolerance: float) -> BaseGeometry:
    """Douglas-Peucker within `tolerance`, then rescaled so that the area does not change."""
    simplified = geometry.simplify(tolerance, preserve_topology=True)
    if simplified.is_empty or simplified.area <= 0 or not simplified.is_valid:
        return geometry
    factor = float(np.sqrt(geometry.area / simplified.area))
    return affinity.scale(simplified, factor, factor, origin=simplified.centroid)


def subpixel_polygons(labels: np.ndarray, field: np.ndarray, level: float,
                      transform: Affine) -> dict[int, BaseGeometry]:
    """One polygon per label whose edges lie where `field` (the change score, bilinearly
    interpolated) crosses `level`, between pixel centres, instead of on pixel borders.

    The structure itself is kept: its pixels count as at least `level`, its outer
    neighbours as below it, and the seam with a touching structure is placed where the two
    scores meet, so neighbours do not overlap. A structure whose contour cannot be drawn
    keeps its pixel outline.
    """
    polygons: dict[int, BaseGeometry] = {}
    floor = np.nextafter(np.float64(level), np.inf)
    cap = np.nextafter(np.float64(level), -np.inf)
    rows, cols = labels.shape
    for index, window in enumerate(ndimage.find_objects(labels), start=1):
        if window is None:
            continue
        top, left = max(window[0].start - 1, 0), max(window[1].start - 1, 0)
        box = (slice(top, min(window[0].stop + 1, rows)), slice(left, min(window[1].stop + 1, cols)))
        local_labels, values = labels[box], field[box].astype(np.float64)
        inside = local_labels == index
        ring = ndimage.binary_dilation(inside, EIGHT_CONNECTED) & ~inside
        lifted = np.maximum(values, floor)
        local = np.full(values.shape, level - 1.0)
        local[inside] = lifted[inside]
        local[ring] = np.minimum(values[ring], cap)
        others = ring & (local_labels > 0)
        local[others] = 2 * level - lifted[others]  # mirror: the seam where both scores meet
        padded = _pad_at_image_edges(local, level, (top == 0, box[0].stop == rows,
                                                    left == 0, box[1].stop == cols))
        rings = [Polygon(np.column_stack([xy[:, 1], xy[:, 0]]))
                 for xy in find_contours(padded, level) if len(xy) >= 4]
        rings = sorted((ring_ if ring_.is_valid else ring_.buffer(0) for ring_ in rings),
                       key=lambda polygon: polygon.area, reverse=True)
        if not rings:
            continue
        outline = reduce(lambda a, b: a.symmetric_difference(b), rings)  # even-odd: holes
        if outline.is_empty or outline.area <= 0:
            continue
        # padded-window (row, col) of pixel centres -> pixel corner coordinates -> map
        outline = affinity.translate(outline, left - 1 + 0.5, top - 1 + 0.5)
        polygons[index] = affinity.affine_transform(
            outline, [transform.a, transform.b, transform.d, transform.e, transform.c, transform.f])
    missing = [label for label in range(1, int(labels.max()) + 1) if label not in polygons]
    if missing:
        fallback = label_polygons(np.where(np.isin(labels, missing), labels, 0), transform)
        polygons.update(fallback)
    return polygons


def _pad_at_image_edges(local: np.ndarray, level: float,
                        at_edge: tuple[bool, bool, bool, bool]) -> np.ndarray:
    """`local` framed by one cell below `level`; on a side that is the image edge
    (top, bottom, left, right), a structure is mirrored so its outline stops on that edge."""
    padded = np.pad(local, 1, constant_values=level - 1.0)
    edge = np.pad(local, 1, mode="edge")
    mirrored = np.where(edge >= level, 2 * level - edge, level - 1.0)
    top, bottom, left, right = at_edge
    for side, index in ((top, (0, slice(None))), (bottom, (-1, slice(None))),
                        (left, (slice(None), 0)), (right, (slice(None), -1))):
        if side:
            padded[index] = mirrored[index]
    return padded
