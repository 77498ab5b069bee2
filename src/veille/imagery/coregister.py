"""Putting the AFTER image on BEFORE's pixel grid before comparing them.

Two steps: (1) when both images are georeferenced, AFTER is resampled onto BEFORE's grid
(CRS, transform, size); (2) the remaining misregistration, which georeferencing alone leaves
at a fraction of a pixel to several pixels, is measured by phase correlation with sub-pixel
upsampling and removed. The shift is then measured again on the corrected pair and reported
as the residual, so a user can see how well the pair lines up.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np
from rasterio.warp import Resampling, reproject
from scipy import ndimage
from skimage.registration import phase_cross_correlation

from veille.imagery.rasters import Raster, RasterError

MAX_CORRELATION_SIDE = 1024  # a centre crop this big pins the shift; more only costs time
UPSAMPLE = 100  # 1/100 pixel precision of the correlation peak
MAX_SHIFT_FRACTION = 0.1  # a "shift" beyond a tenth of the image is a scene change, not a shift
MIN_GAIN = 0.01  # the shift must raise the correlation of the pair at least this much
HIGH_PASS_SIGMA = 8.0  # pixels; coarser variation is illumination, not position
MIN_CORRELATION = 0.2  # below this the two dates share too little to measure a shift on


@dataclass
class Registration:
    """Shift applied to AFTER (rows, cols, in BEFORE pixels) and what is left after applying it."""

    shift_rows: float
    shift_cols: float
    residual_rows: float
    residual_cols: float
    resampled_to_before_grid: bool
    measured_rows: float = 0.0  # what phase correlation found, applied or not
    measured_cols: float = 0.0
    correlation_before: float = 0.0  # Pearson r of the pair before and after the shift
    correlation_after: float = 0.0

    @property
    def residual_px(self) -> float:
        return math.hypot(self.residual_rows, self.residual_cols)

    @property
    def applied(self) -> bool:
        return self.shift_rows != 0.0 or self.shift_cols != 0.0

    @property
    def reliable(self) -> bool:
        """False when the scene changed too much for its alignment to be measured."""
        return self.correlation_after >= MIN_CORRELATION

    def as_dict(self) -> dict[str, float | bool]:
        data: dict[str, float | bool] = {k: round(v, 4) if isinstance(v, float) else v
                                         for k, v in asdict(self).items()}
        data["residual_px"] = round(self.residual_px, 4)
        data["applied"] = self.applied
        data["reliable"] = self.reliable
        return data


def correlation_band(pixels: np.ndarray) -> np.ndarray:
    """One band that both dates share: the mean of per-band standardised values, NaN-free."""
    bands = []
    for band in pixels:
        values = np.where(np.isfinite(band), band, np.nanmean(band) if np.isfinite(band).any() else 0)
        std = values.std()
        bands.append((values - values.mean()) / (std if std > 0 else 1.0))
    return np.mean(bands, axis=0).astype(np.float32)


def _centre_crop(image: np.ndarray, side: int) -> np.ndarray:
    rows, cols = image.shape
    top, left = max(0, (rows - side) // 2), max(0, (cols - side) // 2)
    return image[top : top + side, left : left + side]


def _structure(image: np.ndarray) -> np.ndarray:
    """High-passed and clipped: texture and edges drive the match, while broad brightness
    changes and a few very bright new objects (a fresh roof) cannot dominate it."""
    box = 2 * int(HIGH_PASS_SIGMA) + 3  # two box passes ~ a Gaussian of that sigma, much faster
    detail = image - ndimage.uniform_filter(ndimage.uniform_filter(image, box), box)
    spread = float(detail.std()) or 1.0
    return np.clip(detail, -3 * spread, 3 * spread)


def _peak(reference_structure: np.ndarray, moving_structure: np.ndarray) -> tuple[float, float]:
    """Plain cross-correlation (not whitened: whitening amplifies noise), tapered by a Hann
    window so the image borders do not pull the peak to zero, peak found to 1/100 pixel."""
    rows, cols = reference_structure.shape
    window = np.outer(np.hanning(rows), np.hanning(cols)).astype(np.float32)
    shift, _, _ = phase_cross_correlation(
        reference_structure * window, moving_structure * window, upsample_factor=UPSAMPLE,
        normalization=None,
    )
    return float(shift[0]), float(shift[1])


def estimate_shift(reference: np.ndarray, moving: np.ndarray) -> tuple[float, float]:
    """(rows, cols) by which `moving` must be shifted to line up with `reference` (2-D arrays),
    measured on the structure of their centre crops."""
    return _peak(_structure(_centre_crop(reference, MAX_CORRELATION_SIDE)),
                 _structure(_centre_crop(moving, MAX_CORRELATION_SIDE)))


def shift_pixels(pixels: np.ndarray, rows: float, cols: float) -> np.ndarray:
    """Shift every band by a (sub-)pixel amount, bilinear (cubic splines cost five times as
    much for no measurable gain after the change detector's own smoothing); borders repeat."""
    return np.stack(
        [ndimage.shift(band, (rows, cols), order=1, mode="nearest") for band in pixels]
    ).astype(np.float32)


def resample_to_grid(source: Raster, target: Raster) -> Raster:
    """`source` resampled (bilinear) onto `target`'s CRS, transform and size."""
    out = np.full((source.pixels.shape[0], target.height, target.width), np.nan, np.float32)
    for band in range(source.pixels.shape[0]):
        reproject(
            source.pixels[band],
            out[band],
            src_transform=source.transform,
            src_crs=source.crs,
            dst_transform=target.transform,
            dst_crs=target.crs,
            resampling=Resampling.bilinear,
            src_nodata=np.nan,
            dst_nodata=np.nan,
        )
    return Raster(pixels=out, transform=target.transform, crs=target.crs, acquired=source.acquired,
                  sensor=source.sensor, path=source.path, band_names=source.band_names,
                  roles=source.roles)


def _same_grid(a: Raster, b: Raster) -> bool:
    return (a.pixels.shape[1:] == b.pixels.shape[1:] and a.crs == b.crs
            and a.transform is not None and b.transform is not None
            and a.transform.almost_equals(b.transform, precision=1e-9))


def _correlation(a: np.ndarray, b: np.ndarray, margin: int) -> float:
    """Pearson r of the inner parts of two images (the shifted border repeats edge pixels)."""
    if margin * 2 >= min(a.shape):
        return 0.0
    inner_a = a[margin : a.shape[0] - margin, margin : a.shape[1] - margin].ravel()
    inner_b = b[margin : b.shape[0] - margin, margin : b.shape[1] - margin].ravel()
    return float(np.corrcoef(inner_a, inner_b)[0, 1])


def coregister(before: Raster, after: Raster) -> tuple[Raster, np.ndarray, Registration]:
    """AFTER on BEFORE's grid, the mask of pixels valid in both, and the registration report.

    A measured shift is applied only if it is plausible (under a tenth of the image side) and
    makes the pair more alike; where the scene itself changed a lot (a new town in the desert)
    phase correlation can lock onto the change, and such a shift is measured but not applied.
    """
    if before.pixels.shape[0] != after.pixels.shape[0]:
        raise RasterError(
            f"{after.path or 'AFTER'}: {after.pixels.shape[0]} bands, BEFORE has "
            f"{before.pixels.shape[0]}; compare images of the same sensor bands"
        )
    resampled = False
    if before.georeferenced and after.georeferenced and not _same_grid(before, after):
        after = resample_to_grid(after, before)
        resampled = True
    elif before.pixels.shape[1:] != after.pixels.shape[1:]:
        raise RasterError(
            f"{after.path or 'AFTER'}: size {after.width}x{after.height} differs from BEFORE "
            f"{before.width}x{before.height} and the pair is not georeferenced"
        )
    valid = np.isfinite(before.pixels).all(axis=0) & np.isfinite(after.pixels).all(axis=0)
    if valid.mean() < 0.05:
        raise RasterError(f"{after.path or 'AFTER'}: the two images barely overlap")
    crop = [_centre_crop(band, MAX_CORRELATION_SIDE) for band in before.pixels]
    reference_structure = _structure(correlation_band(np.stack(crop)))
    moving_band = correlation_band(np.stack(
        [_centre_crop(band, MAX_CORRELATION_SIDE) for band in after.pixels]))
    moving_structure = _structure(moving_band)
    measured_rows, measured_cols = _peak(reference_structure, moving_structure)
    limit = MAX_SHIFT_FRACTION * min(before.height, before.width)
    margin = math.ceil(max(abs(measured_rows), abs(measured_cols), 1))
    unshifted_r = _correlation(reference_structure, moving_structure, margin)
    shifted_r, shifted_structure = unshifted_r, moving_structure
    if math.hypot(measured_rows, measured_cols) <= limit:
        shifted_structure = _structure(
            shift_pixels(moving_band[None], measured_rows, measured_cols)[0])
        shifted_r = _correlation(reference_structure, shifted_structure, margin)
    accepted = shifted_r >= max(unshifted_r + MIN_GAIN, MIN_CORRELATION)
    rows, cols = (measured_rows, measured_cols) if accepted else (0.0, 0.0)
    filled = np.where(np.isfinite(after.pixels), after.pixels, 0)
    moved = shift_pixels(filled, rows, cols) if accepted else filled.astype(np.float32)
    valid_shifted = ndimage.shift(valid.astype(np.float32), (rows, cols), order=0, cval=0) > 0.5
    margin_rows, margin_cols = math.ceil(abs(rows)), math.ceil(abs(cols))
    edge = np.zeros_like(valid)
    edge[margin_rows : edge.shape[0] - margin_rows, margin_cols : edge.shape[1] - margin_cols] = True
    valid = valid & valid_shifted & edge
    # the residual is measured again on the corrected crop: what the correction left over
    residual_rows, residual_cols = _peak(
        reference_structure, shifted_structure if accepted else moving_structure)
    aligned = Raster(pixels=moved, transform=before.transform, crs=before.crs,
                     acquired=after.acquired, sensor=after.sensor, path=after.path,
                     band_names=after.band_names, roles=after.roles)
    report = Registration(rows, cols, residual_rows, residual_cols, resampled,
                          measured_rows, measured_cols, unshifted_r,
                          shifted_r if accepted else unshifted_r)
    return aligned, valid, report
