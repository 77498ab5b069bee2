"""Synthetic image pairs built by the tests: textured ground, a known shift, a known new building."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import rasterio
from affine import Affine
from rasterio.transform import from_origin
from scipy import ndimage

PIXEL_M = 0.5
ORIGIN = (500_000.0, 4_420_000.0)  # UTM 52N, metres (near Hamhung)
BUILDING = (slice(100, 140), slice(150, 210))  # 40 x 60 px = 20 x 30 m = 600 m²


def texture(rows: int, cols: int, seed: int = 0, bands: int = 3) -> np.ndarray:
    """Ground-like texture: smoothed noise at two scales, offset to a plausible reflectance."""
    rng = np.random.default_rng(seed)
    fine = ndimage.gaussian_filter(rng.normal(size=(bands, rows, cols)), (0, 1.5, 1.5))
    coarse = ndimage.gaussian_filter(rng.normal(size=(bands, rows, cols)), (0, 6, 6))
    return (100 + 400 * fine + 800 * coarse).astype(np.float32)


def fourier_shift(image: np.ndarray, rows: float, cols: float) -> np.ndarray:
    """Exact sub-pixel translation of each band (periodic), for ground-truth shifts."""
    return np.stack([
        np.real(np.fft.ifft2(ndimage.fourier_shift(np.fft.fft2(band), (rows, cols))))
        for band in image
    ]).astype(np.float32)


def make_pair(rows: int = 300, cols: int = 300, shift: tuple[float, float] = (0.0, 0.0),
              building: bool = True, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """BEFORE, and AFTER = BEFORE shifted by `shift` with a new bright building on BEFORE's grid
    (the building is placed before shifting back, so it sits at BUILDING once registered)."""
    margin = 32
    ground = texture(rows + 2 * margin, cols + 2 * margin, seed)
    before = ground[:, margin:-margin, margin:-margin].copy()
    later = ground.copy()
    if building:
        roof_rows = slice(BUILDING[0].start + margin, BUILDING[0].stop + margin)
        roof_cols = slice(BUILDING[1].start + margin, BUILDING[1].stop + margin)
        later[:, roof_rows, roof_cols] = np.array([520.0, 500.0, 480.0])[:, None, None]
        later[:, roof_rows.start + 18 : roof_rows.start + 22, roof_cols] = 330.0  # roof ridge
    after = fourier_shift(later, *shift)[:, margin:-margin, margin:-margin]
    return before, after


def utm_transform() -> Affine:
    return from_origin(ORIGIN[0], ORIGIN[1], PIXEL_M, PIXEL_M)


def write_tif(path: Path, pixels: np.ndarray, transform: Affine | None = None,
              crs: str = "EPSG:32652", **tags: str) -> Path:
    with rasterio.open(path, "w", driver="GTiff", height=pixels.shape[1], width=pixels.shape[2],
                       count=pixels.shape[0], dtype="float32", crs=crs,
                       transform=transform or utm_transform()) as target:
        target.write(pixels.astype(np.float32))
        if tags:
            target.update_tags(**tags)
    return path
