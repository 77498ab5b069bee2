"""Unsupervised change detection: change-vector analysis with an automatic threshold.

Each date is standardised band by band (so a brighter or hazier day is not "change"),
lightly smoothed (so residual misregistration and speckle are not either), and the length
of the per-pixel difference vector is thresholded by Otsu's method or by a two-Gaussian
expectation-maximisation fit (Bruzzone & Prieto 2000). It needs no training data, which
is why it is the fallback when no model weights are present.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy import ndimage
from skimage.filters import threshold_otsu

Thresholding = Literal["otsu", "em"]
MIN_THRESHOLD = 0.3  # standardised units: below this, "change" is noise in near-identical images
SMOOTHING_M = 0.5  # Gaussian sigma on the ground: sub-metre misregistration and speckle


@dataclass
class ChangeMap:
    """Per-pixel change score in [0, 1] and the binary mask derived from it."""

    score: np.ndarray
    mask: np.ndarray
    threshold: float


def standardise(pixels: np.ndarray, valid: np.ndarray) -> np.ndarray:
    out = np.empty_like(pixels, dtype=np.float32)
    for index, band in enumerate(pixels):
        values = band[valid]
        mean, std = (values.mean(), values.std()) if values.size else (0.0, 1.0)
        out[index] = (np.nan_to_num(band, nan=mean) - mean) / (std if std > 0 else 1.0)
    return out


def change_magnitude(before: np.ndarray, after: np.ndarray, valid: np.ndarray,
                     smoothing: float = 1.0) -> np.ndarray:
    """Length of the standardised difference vector, per pixel (0 outside `valid`)."""
    difference = standardise(after, valid) - standardise(before, valid)
    if smoothing > 0:
        difference = np.stack([ndimage.gaussian_filter(band, smoothing) for band in difference])
    magnitude = np.sqrt((difference**2).sum(axis=0) / difference.shape[0])
    magnitude[~valid] = 0.0
    return magnitude.astype(np.float32)


def smoothing_pixels(resolution_m: float | None) -> float:
    """The smoothing sigma in pixels for this ground resolution: 1 px at 0.5 m (or with no
    grid), nothing at 10 m, where one pixel is already a building and blurring it would
    spread every change into its neighbours (chosen on the training sites)."""
    if not resolution_m or resolution_m <= 0:
        return 1.0
    sigma = SMOOTHING_M / resolution_m
    return sigma if sigma >= 0.25 else 0.0


def em_threshold(values: np.ndarray, iterations: int = 100) -> float:
    """Bayes decision boundary of a two-Gaussian mixture fitted by EM, started from Otsu."""
    split = threshold_otsu(values)
    weights = np.array([np.mean(values <= split), np.mean(values > split)])
    means = np.array([values[values <= split].mean(), values[values > split].mean()])
    stds = np.array([values[values <= split].std(), values[values > split].std()]) + 1e-6
    for _ in range(iterations):
        density = weights / (stds * np.sqrt(2 * np.pi)) * np.exp(
            -0.5 * ((values[:, None] - means) / stds) ** 2
        )
        responsibility = density / (density.sum(axis=1, keepdims=True) + 1e-12)
        totals = responsibility.sum(axis=0) + 1e-12
        weights = totals / values.size
        means = (responsibility * values[:, None]).sum(axis=0) / totals
        stds = np.sqrt((responsibility * (values[:, None] - means) ** 2).sum(axis=0) / totals) + 1e-6
    grid = np.linspace(means.min(), means.max(), 512)
    unchanged, changed = np.argmin(means), np.argmax(means)
    log_ratio = (np.log(weights[changed] / stds[changed]) - 0.5 * ((grid - means[changed]) / stds[changed]) ** 2
                 - np.log(weights[unchanged] / stds[unchanged])
                 + 0.5 * ((grid - means[unchanged]) / stds[unchanged]) ** 2)
    above = np.nonzero(log_ratio > 0)[0]
    return float(grid[above[0]]) if above.size else float(split)


def drop_small_regions(mask: np.ndarray, min_pixels: int) -> np.ndarray:
    """`mask` without its 8-connected regions of fewer than `min_pixels` pixels."""
    labels, count = ndimage.label(mask, structure=np.ones((3, 3)))
    if count == 0:
        return mask
    sizes = np.bincount(labels.ravel())
    keep = sizes >= min_pixels
    keep[0] = False
    return keep[labels]


def detect_baseline(
    before: np.ndarray,
    after: np.ndarray,
    valid: np.ndarray,
    *,
    thresholding: Thresholding = "otsu",
    smoothing: float = 1.0,
    min_object_px: int = 4,
    sample: int = 200_000,
) -> ChangeMap:
    """Change map of two co-registered (bands, rows, cols) arrays."""
    magnitude = change_magnitude(before, after, valid, smoothing)
    values = magnitude[valid]
    if values.size == 0 or float(values.max()) == float(values.min()):
        return ChangeMap(np.zeros_like(magnitude), np.zeros(magnitude.shape, bool), 0.0)
    if values.size > sample:  # the histogram of a sample gives the same threshold, faster
        values = np.random.default_rng(0).choice(values, sample, replace=False)
    threshold = em_threshold(values) if thresholding == "em" else float(threshold_otsu(values))
    threshold = max(threshold, MIN_THRESHOLD)
    mask = (magnitude > threshold) & valid
    mask = ndimage.binary_opening(mask, structure=ndimage.generate_binary_structure(2, 1))
    mask = drop_small_regions(mask, min_object_px)
    score = np.clip(magnitude / (2 * threshold), 0, 1) if threshold > 0 else magnitude
    return ChangeMap(score.astype(np.float32), mask, threshold)
