"""End to end: two images of one place -> aligned pair -> change mask -> measured structures.

`detect_changes` needs no store: it is what `veille imagery detect` runs on any two
co-located files, and what the benchmark scores. `write_outputs` writes the four files a
user or a scoring script reads: change_mask.png (0/255 on BEFORE's grid), change_mask.tif
(when BEFORE is georeferenced), changes.geojson and overlay.png.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
from PIL import Image, ImageDraw
from shapely.geometry.base import BaseGeometry

from veille.imagery.baseline import detect_baseline, smoothing_pixels
from veille.imagery.coregister import Registration, coregister
from veille.imagery.objects import (
    ChangeObject,
    area_m2,
    mask_to_objects,
    to_feature_collection,
    with_reference,
)
from veille.imagery.rasters import Raster, RasterError, to_display, write_geotiff
from veille.imagery.structures import StructureParams, extract_structures

Method = Literal["baseline", "model"]
BASELINE_DECISION_LEVEL = 0.5  # the baseline's score is magnitude / (2 x threshold)
KIND_COLOURS = {"new": (255, 40, 40), "removed": (40, 140, 255), "changed": (255, 200, 0)}


@dataclass
class Detection:
    """Everything one comparison produced, on BEFORE's pixel grid."""

    before: Raster
    after: Raster  # co-registered onto BEFORE's grid
    mask: np.ndarray
    score: np.ndarray
    registration: Registration
    method: str
    objects: list[ChangeObject] = field(default_factory=list)
    reference: BaseGeometry | None = None
    reference_area_m2: float | None = None
    threshold: float = 0.0
    labels: np.ndarray | None = None  # instance labels of the structures (0 = none)
    decision_level: float = 0.5  # the value of `score` at which the mask was cut

    def summary(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "before": str(self.before.path) if self.before.path else None,
            "after": str(self.after.path) if self.after.path else None,
            "before_date": self.before.acquired.isoformat() if self.before.acquired else None,
            "after_date": self.after.acquired.isoformat() if self.after.acquired else None,
            "resolution_m": None if self.before.resolution_m is None
            else round(self.before.resolution_m, 4),
            "changed_fraction": round(float(self.mask.mean()), 6),
            "threshold": round(self.threshold, 4),
            "registration": self.registration.as_dict(),
            "reference_area_m2": None if self.reference_area_m2 is None
            else round(self.reference_area_m2, 1),
            "objects": len(self.objects),
        }


def detect_changes(
    before: Raster,
    after: Raster,
    *,
    method: Method = "baseline",
    weights: Path | None = None,
    reference: BaseGeometry | None = None,
    min_object_px: int = 4,
    device: str = "cpu",
    resolution_m: float | None = None,
    structure: StructureParams | None = None,
) -> Detection:
    """Co-register AFTER onto BEFORE, find what changed, and measure it.

    The mask is cleaned and split into structures with sizes in metres: from BEFORE's grid,
    else `resolution_m` (the pixel size of an image without a grid, when the caller knows it).
    """
    resolution = before.resolution_m or resolution_m
    aligned, valid, registration = coregister(before, after)
    if method == "model":
        if weights is None:
            raise RasterError("--method model needs --weights PATH (see docs/imagery.md)")
        from veille.imagery.model import load_checkpoint, predict_probability, prepare

        model, config = load_checkpoint(str(weights), device)
        score = predict_probability(model, prepare(before.rgb(), valid),
                                    prepare(aligned.rgb(), valid), device=device)
        threshold = config.threshold_for(resolution)
        decision_level = threshold
        mask = (score > threshold) & valid
    elif method == "baseline":
        change = detect_baseline(before.pixels, aligned.pixels, valid, min_object_px=min_object_px,
                                 smoothing=smoothing_pixels(resolution))
        score, mask, threshold = change.score, change.mask, change.threshold
        decision_level = BASELINE_DECISION_LEVEL
    else:
        raise RasterError(f"unknown method {method!r}: baseline or model")
    labels = extract_structures(mask, resolution, structure, min_pixels=min_object_px)
    detection = Detection(before, aligned, labels > 0, score, registration, method,
                          threshold=threshold, labels=labels, decision_level=decision_level)
    detection.objects = mask_to_objects(detection.mask, before, aligned, score=score,
                                        min_pixels=min_object_px, labels=labels)
    if reference is not None:
        detection.reference = reference
        detection.reference_area_m2 = area_m2(reference, before.crs if before.georeferenced else None)
        with_reference(detection.objects, detection.reference_area_m2, reference.area)
    return detection


def render_overlay(detection: Detection) -> Image.Image:
    """AFTER (aligned) with changed pixels tinted, regions outlined by kind (red new, blue
    removed, yellow undetermined) and the reference building outlined in white."""
    rgb = to_display(detection.after.rgb()).astype(np.float32)
    image = Image.fromarray(rgb.astype(np.uint8))
    tint = np.zeros_like(rgb)
    alpha = np.zeros(rgb.shape[:2], np.float32)
    draw_layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(draw_layer)
    inverse = ~detection.before.transform if detection.before.transform is not None else None
    for item in detection.objects:
        colour = KIND_COLOURS[item.kind]
        for ring in _rings(item.geometry):
            points = [inverse @ xy if inverse is not None else xy for xy in ring]
            draw.line(points + points[:1], fill=(*colour, 255), width=1)
    tint[detection.mask] = KIND_COLOURS["changed"]
    alpha[detection.mask] = 0.35
    if detection.reference is not None:
        for ring in _rings(detection.reference):
            points = [inverse @ xy if inverse is not None else xy for xy in ring]
            draw.line(points + points[:1], fill=(255, 255, 255, 255), width=2)
    blended = rgb * (1 - alpha[..., None]) + tint * alpha[..., None]
    base = Image.fromarray(np.clip(blended, 0, 255).astype(np.uint8)).convert("RGBA")
    return Image.alpha_composite(base, draw_layer).convert("RGB")


def _rings(geometry: BaseGeometry) -> list[list[tuple[float, float]]]:
    polygons = getattr(geometry, "geoms", [geometry])
    rings = []
    for polygon in polygons:
        rings.append([(x, y) for x, y in polygon.exterior.coords])
        rings.extend([(x, y) for x, y in interior.coords] for interior in polygon.interiors)
    return rings


def write_outputs(detection: Detection, out_dir: Path) -> dict[str, Path]:
    """Write the mask (PNG and, when georeferenced, GeoTIFF), the GeoJSON and the overlay."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    mask_u8 = detection.mask.astype(np.uint8) * 255
    written["change_mask.png"] = out_dir / "change_mask.png"
    Image.fromarray(mask_u8, mode="L").save(written["change_mask.png"])
    transform, crs = detection.before.transform, detection.before.crs
    if transform is not None and crs is not None:
        written["change_mask.tif"] = out_dir / "change_mask.tif"
        write_geotiff(written["change_mask.tif"], mask_u8, transform, crs)
    crs = crs if transform is not None else None
    collection = to_feature_collection(detection.objects, crs, detection.reference,
                                       detection.reference_area_m2, detection.summary())
    written["changes.geojson"] = out_dir / "changes.geojson"
    written["changes.geojson"].write_text(json.dumps(collection, indent=1), encoding="utf-8")
    written["overlay.png"] = out_dir / "overlay.png"
    render_overlay(detection).save(written["overlay.png"])
    return written
