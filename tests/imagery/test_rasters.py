"""GeoTIFF in and out, PNG with a world file, dates and band roles."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pytest
import rasterio
from imagery_synthetic import PIXEL_M, texture, utm_transform, write_tif
from PIL import Image

from veille.imagery.rasters import (
    RasterError,
    read_raster,
    read_world_file,
    write_geotiff,
    write_world_file,
)


def test_geotiff_round_trip_keeps_grid_values_and_date(tmp_path: Path) -> None:
    pixels = texture(40, 50)
    path = write_tif(tmp_path / "in.tif", pixels, ACQUISITIONDATETIME="2024:03:05 10:11:12")
    raster = read_raster(path, sensor="WV3")
    assert raster.pixels.shape == (3, 40, 50)
    assert np.allclose(raster.pixels, pixels)
    assert raster.transform == utm_transform() and raster.crs.to_epsg() == 32652
    assert raster.resolution_m == pytest.approx(PIXEL_M)
    assert raster.acquired == date(2024, 3, 5) and raster.sensor == "WV3"
    write_geotiff(tmp_path / "out.tif", raster.pixels, raster.transform, raster.crs)
    again = read_raster(tmp_path / "out.tif", acquired="2024-03-06")
    assert np.array_equal(again.pixels, raster.pixels) and again.transform == raster.transform
    assert again.acquired == date(2024, 3, 6)  # an explicit date wins over tags


def test_geographic_crs_resolution_in_metres(tmp_path: Path) -> None:
    transform = rasterio.transform.from_origin(127.5, 40.0, 0.0001, 0.0001)  # ~ 8.5 x 11.1 m
    raster = read_raster(write_tif(tmp_path / "g.tif", texture(20, 20), transform, "EPSG:4326"))
    assert raster.resolution_m == pytest.approx(np.sqrt(11.13 * 11.13 * np.cos(np.radians(40))),
                                                rel=0.01)


def test_png_with_world_file_and_prj(tmp_path: Path) -> None:
    pixels = np.clip(texture(30, 40) / 10, 0, 255).astype(np.uint8)
    path = tmp_path / "scene.png"
    Image.fromarray(np.moveaxis(pixels, 0, -1)).save(path)
    write_world_file(tmp_path / "scene.pgw", utm_transform())
    (tmp_path / "scene.prj").write_text(rasterio.crs.CRS.from_epsg(32652).to_wkt())
    raster = read_raster(path, acquired="20240102")
    assert raster.transform.almost_equals(utm_transform())
    assert raster.crs.to_epsg() == 32652 and raster.resolution_m == pytest.approx(PIXEL_M)
    assert raster.acquired == date(2024, 1, 2)
    assert np.array_equal(raster.pixels, pixels.astype(np.float32))


def test_world_file_gives_pixel_centres(tmp_path: Path) -> None:
    (tmp_path / "a.pgw").write_text("2.0\n0\n0\n-2.0\n101.0\n199.0\n")
    transform = read_world_file(tmp_path / "a.pgw")
    assert (transform.c, transform.f) == (100.0, 200.0)  # corner = centre - half a pixel


def test_png_without_world_file_is_pixel_space(tmp_path: Path) -> None:
    Image.fromarray(np.zeros((8, 9), np.uint8)).save(tmp_path / "plain.png")
    raster = read_raster(tmp_path / "plain.png")
    assert raster.transform is None and not raster.georeferenced and raster.resolution_m is None


def test_sentinel_band_names_give_rgb_order(tmp_path: Path) -> None:
    path = write_tif(tmp_path / "s2.tif", texture(10, 10, bands=4))
    with rasterio.open(path, "r+") as target:
        target.descriptions = ("B02", "B03", "B04", "B08")
    raster = read_raster(path)
    assert raster.rgb_indices() == [2, 1, 0] and raster.roles["nir"] == 3


def test_bad_inputs_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(RasterError, match="no such file"):
        read_raster(tmp_path / "missing.tif")
    (tmp_path / "broken.tif").write_bytes(b"not a tiff")
    with pytest.raises(RasterError, match="broken.tif"):
        read_raster(tmp_path / "broken.tif")
    (tmp_path / "x.bmp").write_bytes(b"BM")
    with pytest.raises(RasterError, match="unsupported"):
        read_raster(tmp_path / "x.bmp")
    with pytest.raises(RasterError, match="not a date"):
        read_raster(write_tif(tmp_path / "ok.tif", texture(5, 5)), acquired="last tuesday")
