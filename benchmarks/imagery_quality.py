"""Change-detection quality on held-out sites: baseline (CVA + Otsu) vs the siamese U-Net.

    .venv/bin/python benchmarks/imagery_quality.py [--weights models/imagery_unet.pt]
        [--data ../shared/imagery] [--split test|train|validation] [--boot 2000] [--json out.json]

Scores the full `detect_changes` pipeline (co-registration included) on the pairs of the
held-out sites and scenes listed in src/veille/imagery/split.yaml: whole sites, never tiles of
an image that was trained on. Pixel precision, recall, F1 and IoU are pooled over pairs;
predicted objects are the structures `detect_changes` reports (mask cleaned and touching
buildings split, src/veille/imagery/structures.py), true objects the 8-connected regions of
the label, matched one-to-one at IoU >= 0.5; area error is |predicted - true| / true for
matched objects, measured two ways on the same matches: by counting the structure's pixels
(what `veille imagery detect` reports) and by its sub-pixel outline, the contour where the
change score crosses the decision level (`structures.subpixel_polygons`). Images without a ground grid (the crop datasets) are measured as 0.5 m
pixels, what `veille imagery detect` assumes for them. 95 % intervals come from a bootstrap over
pairs (sites), so they show how much the figure depends on which sites were drawn.
A second check scores the measuring chain alone: SpaceNet building footprints rasterised at
0.5 m and polygonised back, area against the surveyed polygon.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import rasterio
from affine import Affine
from rasterio.features import rasterize
from scipy import ndimage
from shapely.geometry import shape

from veille.imagery.detect import detect_changes
from veille.imagery.model import COARSE_FROM_M
from veille.imagery.objects import area_m2, mask_to_objects
from veille.imagery.pairs import find_pairs, held_out, split_pairs
from veille.imagery.rasters import Raster
from veille.imagery.structures import subpixel_polygons

REPO = Path(__file__).resolve().parents[1]
SHARED_IMAGERY = REPO / ".." / "shared" / "imagery"


@dataclass
class PairScore:
    group: str
    true_positive: int
    false_positive: int
    false_negative: int
    predicted_objects: int
    true_objects: int
    matched_objects: int
    area_errors: list[float] = field(default_factory=list)
    seconds: float = 0.0
    coarse: bool = False  # ground resolution of COARSE_FROM_M metres or more
    true_sizes: list[int] = field(default_factory=list)
    true_boundary_shares: list[float] = field(default_factory=list)
    subpixel_area_errors: list[float] = field(default_factory=list)
    matched_ious: list[float] = field(default_factory=list)
    area_differences_px: list[int] = field(default_factory=list)


def boundary_shares(truth: np.ndarray) -> tuple[list[int], list[float]]:
    """Pixels of each true object, and the share of them on its edge: the pixels whose
    misclassification moves the area, so the floor under any area error."""
    labels, count = ndimage.label(truth, np.ones((3, 3)))
    edge = truth & ~ndimage.binary_erosion(truth)
    sizes = np.bincount(labels.ravel(), minlength=count + 1)[1:]
    edges = np.bincount(labels[edge].ravel(), minlength=count + 1)[1:]
    return sizes.tolist(), (edges / np.maximum(sizes, 1)).tolist()


def match_objects(predicted_labels: np.ndarray, truth: np.ndarray,
                  ) -> tuple[int, list[tuple[int, int, int, float]]]:
    """(number of predicted objects, matches at IoU >= 0.5 as (predicted label, its pixels,
    true pixels, IoU)).

    `predicted_labels` are instance labels 1..n (0 = background)."""
    predicted_count = int(predicted_labels.max())
    true_labels, true_count = ndimage.label(truth, np.ones((3, 3)))
    if predicted_count == 0 or true_count == 0:
        return predicted_count, []
    both = (predicted_labels > 0) & (true_labels > 0)
    pairs = predicted_labels[both].astype(np.int64) * (true_count + 1) + true_labels[both]
    keys, overlaps = np.unique(pairs, return_counts=True)
    predicted_sizes = np.bincount(predicted_labels.ravel(), minlength=predicted_count + 1)
    true_sizes = np.bincount(true_labels.ravel(), minlength=true_count + 1)
    candidates = []
    for key, overlap in zip(keys, overlaps, strict=True):
        p, t = divmod(int(key), true_count + 1)
        iou = overlap / (predicted_sizes[p] + true_sizes[t] - overlap)
        if iou >= 0.5:
            candidates.append((iou, p, t))
    used_p, used_t, matches = set(), set(), []
    for iou, p, t in sorted(candidates, reverse=True):
        if p not in used_p and t not in used_t:
            used_p.add(p)
            used_t.add(t)
            matches.append((p, int(predicted_sizes[p]), int(true_sizes[t]), float(iou)))
    return predicted_count, matches


def score_pair(group: str, labels: np.ndarray, truth: np.ndarray, seconds: float,
               coarse: bool = False, subpixel_areas: dict[int, float] | None = None,
               ) -> PairScore:
    """`subpixel_areas`: area in pixels of each predicted label's sub-pixel outline."""
    predicted = labels > 0
    predicted_count, matches = match_objects(labels, truth)
    sizes, shares = boundary_shares(truth)
    subpixel = subpixel_areas or {}
    return PairScore(
        group, int((predicted & truth).sum()), int((predicted & ~truth).sum()),
        int((~predicted & truth).sum()), predicted_count, len(sizes), len(matches),
        [abs(pixels - true) / true for _, pixels, true, _ in matches], seconds,
        coarse, sizes, shares,
        [abs(subpixel[p] - true) / true for p, _, true, _ in matches if p in subpixel],
        [iou for *_, iou in matches],
        [abs(pixels - true) for _, pixels, true, _ in matches],
    )


def metrics(scores: list[PairScore]) -> dict[str, float]:
    tp = sum(s.true_positive for s in scores)
    fp = sum(s.false_positive for s in scores)
    fn = sum(s.false_negative for s in scores)
    predicted = sum(s.predicted_objects for s in scores)
    true = sum(s.true_objects for s in scores)
    matched = sum(s.matched_objects for s in scores)
    errors = [e for s in scores for e in s.area_errors]
    subpixel_errors = [e for s in scores for e in s.subpixel_area_errors]
    ious = [iou for s in scores for iou in s.matched_ious]
    differences = [d for s in scores for d in s.area_differences_px]
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    object_precision = matched / predicted if predicted else 0.0
    object_recall = matched / true if true else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0,
        "iou": tp / (tp + fp + fn) if tp + fp + fn else 0.0,
        "object_f1": (2 * object_precision * object_recall / (object_precision + object_recall)
                      if object_precision + object_recall else 0.0),
        "matched_objects": float(matched),
        "median_area_error": float(np.median(errors)) if errors else float("nan"),
        "median_area_error_subpixel": (float(np.median(subpixel_errors)) if subpixel_errors
                                       else float("nan")),
        "median_matched_iou": float(np.median(ious)) if ious else float("nan"),
        "median_area_difference_px": (float(np.median(differences)) if differences
                                      else float("nan")),
    }


def bootstrap(scores_by_method: dict[str, list[PairScore]], rounds: int,
              seed: int = 0) -> dict[str, dict[str, tuple[float, float]]]:
    """95 % percentile intervals, resampling the same pairs for every method (paired)."""
    rng = np.random.default_rng(seed)
    count = len(next(iter(scores_by_method.values())))
    samples: dict[str, dict[str, list[float]]] = {m: {} for m in scores_by_method}
    differences: list[float] = []
    for _ in range(rounds):
        picks = rng.integers(0, count, count)
        round_f1 = {}
        for method, scores in scores_by_method.items():
            values = metrics([scores[i] for i in picks])
            round_f1[method] = values["f1"]
            for key, value in values.items():
                samples[method].setdefault(key, []).append(value)
        if {"model", "baseline"} <= round_f1.keys():
            differences.append(round_f1["model"] - round_f1["baseline"])
    intervals = {
        method: {key: (float(np.nanpercentile(v, 2.5)), float(np.nanpercentile(v, 97.5)))
                 for key, v in values.items()}
        for method, values in samples.items()
    }
    if differences:
        intervals["model_minus_baseline"] = {
            "f1": (float(np.percentile(differences, 2.5)), float(np.percentile(differences, 97.5)))
        }
    return intervals


def spacenet_area_check(data: Path) -> dict[str, float] | None:
    """Median relative area error of building footprints rasterised and measured back."""
    folder = data / "spacenet_solaris_sample"
    image, labels = folder / "sample_geotiff.tif", folder / "geotiff_labels.geojson"
    if not image.is_file() or not labels.is_file():
        return None
    with rasterio.open(image) as source:
        transform, crs, size = source.transform, source.crs, (source.height, source.width)
    footprints = [shape(f["geometry"]) for f in json.loads(labels.read_text())["features"]
                  if f.get("geometry")]
    errors = []
    for footprint in footprints:
        mask = rasterize([(footprint, 1)], out_shape=size, transform=transform,
                         dtype="uint8").astype(bool)
        if not mask.any():
            continue
        raster = Raster(np.zeros((1, *size), np.float32), transform, crs)
        objects = mask_to_objects(mask, raster, raster, min_pixels=1)
        measured = sum(item.area_m2 or 0.0 for item in objects)
        surveyed = area_m2(footprint, crs) or 0.0
        if surveyed > 0:
            errors.append(abs(measured - surveyed) / surveyed)
    return {"buildings": float(len(errors)), "median_area_error": float(np.median(errors)),
            "p90_area_error": float(np.percentile(errors, 90))}


def run(data: Path, weights: Path | None, split: str, rounds: int) -> dict[str, Any]:
    train, test = split_pairs(find_pairs(data))
    validation = held_out("validation")
    pairs = {"test": test, "train": train,
             "validation": [pair for pair in train if pair.group in validation]}[split]
    methods = ["baseline"] + (["model"] if weights and weights.is_file() else [])
    scores: dict[str, list[PairScore]] = {method: [] for method in methods}
    for pair in pairs:
        before, after, truth = pair.load()
        for method in methods:
            started = time.perf_counter()
            detection = detect_changes(before, after, method=method,  # type: ignore[arg-type]
                                       weights=weights if method == "model" else None)
            assert detection.labels is not None
            seconds = time.perf_counter() - started
            coarse = bool(before.resolution_m and before.resolution_m >= COARSE_FROM_M)
            outlines = subpixel_polygons(detection.labels, detection.score,
                                         detection.decision_level, Affine.identity())
            scores[method].append(score_pair(
                pair.group, detection.labels, truth, seconds, coarse,
                {label: polygon.area for label, polygon in outlines.items()}))
    result: dict[str, Any] = {
        "split": split,
        "pairs": [pair.group for pair in pairs],
        "methods": {m: metrics(s) for m, s in scores.items()},
        "by_dataset": {
            m: {d: metrics([s for s in ss if s.group.startswith(d + ":")])
                for d in sorted({s.group.split(":")[0] for s in ss})}
            for m, ss in scores.items()
        },
        "per_pair_f1": {m: {s.group: round(metrics([s])["f1"], 3) for s in ss}
                        for m, ss in scores.items()},
        "intervals": bootstrap(scores, rounds),
        "by_band": {
            band: {"methods": {m: metrics([s for s in ss if s.coarse == coarse])
                               for m, ss in scores.items()},
                   "intervals": bootstrap({m: [s for s in ss if s.coarse == coarse]
                                           for m, ss in scores.items()}, rounds),
                   "true_objects": _true_object_shape(
                       [s for s in next(iter(scores.values())) if s.coarse == coarse])}
            for band, coarse in (("fine (< 5 m or no grid)", False), ("coarse (>= 5 m)", True))
            if any(s.coarse == coarse for s in next(iter(scores.values())))
        },
        "spacenet_measurement": spacenet_area_check(data),
    }
    return result


def _true_object_shape(scores: list[PairScore]) -> dict[str, float]:
    sizes = [size for s in scores for size in s.true_sizes]
    shares = [share for s in scores for share in s.true_boundary_shares]
    return {"objects": float(len(sizes)),
            "median_pixels": float(np.median(sizes)) if sizes else float("nan"),
            "median_boundary_share": float(np.median(shares)) if shares else float("nan")}


def report(result: dict[str, Any]) -> str:
    groups: list[str] = result["pairs"]
    lines = [f"split: {result['split']} ({len(groups)} pairs: {', '.join(groups)})", ""]
    lines.append("| method | pixel P | pixel R | pixel F1 [95% CI] | IoU | object F1 [95% CI] "
                 "| matched | median area error [95% CI] |")
    lines.append("|---|---|---|---|---|---|---|---|")
    intervals = result["intervals"]
    for method, values in result["methods"].items():
        ci = intervals[method]
        lines.append(
            f"| {method} | {values['precision']:.3f} | {values['recall']:.3f} | "
            f"{values['f1']:.3f} [{ci['f1'][0]:.3f}, {ci['f1'][1]:.3f}] | {values['iou']:.3f} | "
            f"{values['object_f1']:.3f} [{ci['object_f1'][0]:.3f}, {ci['object_f1'][1]:.3f}] | "
            f"{int(values['matched_objects'])} | {values['median_area_error']:.3f} "
            f"[{ci['median_area_error'][0]:.3f}, {ci['median_area_error'][1]:.3f}] |"
        )
    if "model_minus_baseline" in intervals:
        low, high = intervals["model_minus_baseline"]["f1"]
        methods = result["methods"]
        gain = methods["model"]["f1"] - methods["baseline"]["f1"]
        lines.append(f"\nmodel - baseline pixel F1: {gain:+.3f} [95% CI {low:+.3f}, {high:+.3f}]")
    lines.append("\nby dataset (pixel F1 / object F1 / matched objects / median area error):")
    for method, datasets in result["by_dataset"].items():
        parts = [f"{d} {v['f1']:.3f}/{v['object_f1']:.3f}/{int(v['matched_objects'])}/"
                 f"{v['median_area_error']:.3f}" for d, v in datasets.items()]
        lines.append(f"  {method}: " + ", ".join(parts))
    lines.append("\narea of matched buildings, pixel count against sub-pixel outline, same matches "
                 "(median relative error [95% CI]; median IoU of the matches; median "
                 "|predicted - true| in whole pixels):")
    bands = [("all", result["methods"], intervals)] + [
        (band, figures["methods"], figures["intervals"])
        for band, figures in result["by_band"].items()]
    for band, methods_of, intervals_of in bands:
        for method, values in methods_of.items():
            ci = intervals_of[method]
            lines.append(
                f"  {band} {method}: {int(values['matched_objects'])} matched, pixels "
                f"{values['median_area_error']:.3f} [{ci['median_area_error'][0]:.3f}, "
                f"{ci['median_area_error'][1]:.3f}], sub-pixel "
                f"{values['median_area_error_subpixel']:.3f} "
                f"[{ci['median_area_error_subpixel'][0]:.3f}, "
                f"{ci['median_area_error_subpixel'][1]:.3f}]; IoU "
                f"{values['median_matched_iou']:.2f}; "
                f"{values['median_area_difference_px']:.0f} px")
    lines.append("\nby ground resolution (matched objects, median area error [95% CI], "
                 "object F1, pixel F1):")
    for band, figures in result["by_band"].items():
        shape_of = figures["true_objects"]
        lines.append(f"  {band}: {int(shape_of['objects'])} true objects, median "
                     f"{shape_of['median_pixels']:.0f} px, median share on the edge "
                     f"{shape_of['median_boundary_share']:.2f}")
        for method, values in figures["methods"].items():
            low, high = figures["intervals"][method]["median_area_error"]
            lines.append(f"  {band} {method}: {int(values['matched_objects'])}, "
                         f"{values['median_area_error']:.3f} [{low:.3f}, {high:.3f}], "
                         f"{values['object_f1']:.3f}, {values['f1']:.3f}")
    lines.append("\nper pair pixel F1:")
    for method, per_pair in result["per_pair_f1"].items():
        lines.append(f"  {method}: " + ", ".join(f"{g} {f:.3f}" for g, f in per_pair.items()))
    spacenet = result["spacenet_measurement"]
    if spacenet:
        lines.append(f"\nmeasuring chain on {int(spacenet['buildings'])} SpaceNet footprints "
                     f"(0.5 m): median area error {spacenet['median_area_error']:.3%}, "
                     f"90th percentile {spacenet['p90_area_error']:.3%}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=SHARED_IMAGERY)
    parser.add_argument("--weights", type=Path, default=REPO / "models" / "imagery_unet.pt")
    parser.add_argument("--split", choices=["test", "train", "validation"], default="test",
                        help="validation: the training sites set aside to choose a recipe "
                             "(weights trained with --validate never saw them)")
    parser.add_argument("--boot", type=int, default=2000, help="bootstrap rounds")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"{args.data}: no shared imagery folder; nothing to score", file=sys.stderr)
        return 1
    if not args.weights.is_file():
        print(f"{args.weights}: no weights, scoring the baseline only", file=sys.stderr)
    result = run(args.data, args.weights, args.split, args.boot)
    print(report(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
