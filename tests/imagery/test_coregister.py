"""Known shifts, from a fraction of a pixel to several pixels, are found and removed."""

from __future__ import annotations

import numpy as np
import pytest
from affine import Affine
from imagery_synthetic import make_pair, utm_transform
from rasterio.crs import CRS

from veille.imagery.coregister import coregister, estimate_shift
from veille.imagery.rasters import Raster, RasterError

UTM = CRS.from_epsg(32652)


@pytest.mark.parametrize("shift", [(0.3, -0.7), (0.05, 0.12), (2.25, 3.6), (-5.4, 1.15), (7.8, -6.3)])
def test_known_shift_recovered_to_a_fifth_of_a_pixel(shift: tuple[float, float]) -> None:
    before, after = make_pair(shift=shift, building=False)
    rows, cols = estimate_shift(before.mean(axis=0), after.mean(axis=0))
    assert abs(rows + shift[0]) < 0.2 and abs(cols + shift[1]) < 0.2


@pytest.mark.parametrize("shift", [(1.4, -0.7), (-3.3, 2.6)])
def test_coregister_corrects_shift_despite_a_new_building(shift: tuple[float, float]) -> None:
    before, after = make_pair(shift=shift, building=True)
    aligned, valid, report = coregister(Raster(before, utm_transform(), UTM),
                                        Raster(after, utm_transform(), UTM))
    assert abs(report.shift_rows + shift[0]) < 0.2 and abs(report.shift_cols + shift[1]) < 0.2
    assert report.applied and report.reliable
    assert report.residual_px < 0.2
    assert not valid[:2].any() and valid[50:250, 50:250].all()  # shifted-in border excluded
    assert aligned.pixels.shape == before.shape


def test_pair_on_different_grids_is_resampled_onto_before() -> None:
    before, _ = make_pair(building=False)
    moved = utm_transform() @ Affine.translation(-3, 2)  # AFTER's grid starts 3 px left, 2 px down
    after = np.zeros_like(before)
    after[:, 2:, 3:] = before[:, :-2, :-3]  # same ground, on the moved grid
    aligned, _, report = coregister(Raster(before, utm_transform(), UTM), Raster(after, moved, UTM))
    assert report.resampled_to_before_grid
    assert report.residual_px < 0.2
    assert np.allclose(aligned.pixels[:, 10:-10, 10:-10], before[:, 10:-10, 10:-10], atol=1.0)


def test_scene_that_changed_entirely_is_not_shifted() -> None:
    before, _ = make_pair(building=False, seed=1)
    other, _ = make_pair(building=False, seed=2)
    _, _, report = coregister(Raster(before), Raster(other))
    assert not report.applied and not report.reliable


def test_size_mismatch_without_georeferencing_is_a_clear_error() -> None:
    before, after = make_pair(building=False)
    with pytest.raises(RasterError, match="differs from BEFORE"):
        coregister(Raster(before), Raster(after[:, :200]))
