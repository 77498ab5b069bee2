"""Reading satellite images: GeoTIFF in any CRS (through rasterio) and PNG/JPEG with a world file.

An image keeps what a measurement needs later: its pixel grid (affine transform + CRS), the
acquisition date, the sensor and the ground resolution in metres, so that areas come out in m²
whatever projection the file uses.
"""

from __future__ import annotations

import math
import re
import warnings
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

import numpy as np
import rasterio
from affine import Affine
from PIL import Image
from rasterio.crs import CRS
from rasterio.enums import ColorInterp
from rasterio.errors import NotGeoreferencedWarning, RasterioIOError

from veille.datafiles import read_yaml

GEOTIFF_SUFFIXES = {".tif", ".tiff", ".gtiff"}
PLAIN_SUFFIXES = {".png", ".jpg", ".jpeg"}
WORLD_FILE_SUFFIXES = {".png": [".pgw", ".pngw"], ".jpg": [".jgw", ".jpgw"], ".jpeg": [".jgw"]}
DATE_TAGS = ("ACQUISITIONDATETIME", "ACQUISITION_DATE", "TIFFTAG_DATETIME", "DATE_ACQUIRED")


class RasterError(ValueError):
    """An image cannot be read or used; the message names the file."""


@dataclass
class Raster:
    """Pixels as (bands, rows, cols) float32, the grid they sit on, and when/how they were taken."""

    pixels: np.ndarray
    transform: Affine | None = None
    crs: CRS | None = None
    acquired: date | None = None
    sensor: str | None = None
    path: Path | None = None
    band_names: list[str] = field(default_factory=list)
    roles: dict[str, int] = field(default_factory=dict)  # red/green/blue/nir -> band index

    @property
    def height(self) -> int:
        return int(self.pixels.shape[1])

    @property
    def width(self) -> int:
        return int(self.pixels.shape[2])

    @property
    def georeferenced(self) -> bool:
        return self.transform is not None and self.crs is not None

    @property
    def resolution_m(self) -> float | None:
        """Ground size of one pixel in metres (geometric mean of x and y), None without a CRS."""
        if self.transform is None or self.crs is None:
            return None
        return pixel_size_m(self.transform, self.crs, self.height, self.width)

    def rgb_indices(self) -> list[int]:
        """Bands to show as red, green, blue: from colour tags or band names, else the first three."""
        if all(role in self.roles for role in ("red", "green", "blue")):
            return [self.roles["red"], self.roles["green"], self.roles["blue"]]
        count = self.pixels.shape[0]
        return [0, 1, 2] if count >= 3 else [0, 0, 0]

    def rgb(self) -> np.ndarray:
        """(3, rows, cols) float32 view in red, green, blue order, for models and overlays."""
        return self.pixels[self.rgb_indices()]


@lru_cache(maxsize=1)
def band_roles() -> dict[str, str]:
    """Known band names (lower case) -> colour role, from bands.yaml."""
    data = read_yaml((Path(__file__).parent / "bands.yaml").read_text(encoding="utf-8"))
    return {name.lower(): role for table in data.values() for name, role in table.items()}


def pixel_size_m(transform: Affine, crs: CRS, height: int, width: int) -> float:
    """Metres per pixel; for geographic CRSs the degree size is taken at the image centre."""
    size_x = math.hypot(transform.a, transform.d)
    size_y = math.hypot(transform.b, transform.e)
    if crs.is_geographic:
        _, lat = transform @ (width / 2, height / 2)
        metres_per_degree = 111_320.0
        size_x *= metres_per_degree * math.cos(math.radians(lat))
        size_y *= metres_per_degree
    else:
        factor = crs.linear_units_factor[1] if crs.linear_units_factor else 1.0
        size_x *= factor
        size_y *= factor
    return math.sqrt(size_x * size_y)


def parse_date(value: str | date | None) -> date | None:
    """ISO dates, compact YYYYMMDD and EXIF/TIFF 'YYYY:MM:DD hh:mm:ss' stamps."""
    if value is None or isinstance(value, date):
        return value if not isinstance(value, datetime) else value.date()
    text = value.strip()
    match = re.match(r"(\d{4})[-:/]?(\d{2})[-:/]?(\d{2})", text)
    if not match:
        raise RasterError(f"not a date: {value!r} (expected YYYY-MM-DD)")
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError as error:
        raise RasterError(f"not a date: {value!r} ({error})") from error


def read_raster(
    path: str | Path,
    *,
    acquired: str | date | None = None,
    sensor: str | None = None,
    crs: str | None = None,
) -> Raster:
    """Read a GeoTIFF, or a PNG/JPEG with its world file; `crs` supplies one a world file lacks."""
    path = Path(path)
    if not path.is_file():
        raise RasterError(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix in GEOTIFF_SUFFIXES:
        raster = _read_geotiff(path)
    elif suffix in PLAIN_SUFFIXES:
        raster = _read_plain(path, crs)
    else:
        raise RasterError(f"{path}: unsupported image type {suffix!r} (GeoTIFF, PNG or JPEG)")
    if crs and raster.crs is None and raster.transform is not None:
        raster.crs = _parse_crs(crs, path)
    raster.acquired = parse_date(acquired) or raster.acquired
    raster.sensor = sensor or raster.sensor
    return raster


def _parse_crs(text: str, path: Path) -> CRS:
    try:
        return CRS.from_user_input(text)
    except Exception as error:  # rasterio raises CRSError; anything else is just as fatal here
        raise RasterError(f"{path}: cannot understand CRS {text!r}: {error}") from error


def _read_geotiff(path: Path) -> Raster:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", NotGeoreferencedWarning)
            with rasterio.open(path) as source:
                pixels = source.read().astype(np.float32)
                nodata = source.nodata
                if nodata is not None and not math.isnan(nodata):
                    pixels[pixels == nodata] = np.nan
                transform = None if source.transform.is_identity else source.transform
                names = [name or "" for name in source.descriptions]
                roles = _roles(source.colorinterp, names)
                tags = source.tags()
                raster = Raster(
                    pixels=pixels,
                    transform=transform,
                    crs=source.crs,
                    path=path,
                    band_names=names,
                    roles=roles,
                    sensor=tags.get("SENSOR") or tags.get("SPACECRAFT_ID"),
                )
    except RasterioIOError as error:
        raise RasterError(f"{path}: cannot read as GeoTIFF: {error}") from error
    for tag in DATE_TAGS:
        if tags.get(tag):
            try:
                raster.acquired = parse_date(tags[tag])
                break
            except RasterError:
                continue
    return raster


def _roles(colorinterp: tuple[ColorInterp, ...], names: list[str]) -> dict[str, int]:
    roles: dict[str, int] = {}
    for index, interp in enumerate(colorinterp):
        if interp in (ColorInterp.red, ColorInterp.green, ColorInterp.blue):
            roles.setdefault(interp.name, index)
    if len(roles) < 3:
        known = band_roles()
        for index, name in enumerate(names):
            role = known.get(name.lower())
            if role:
                roles.setdefault(role, index)
    return roles


def _read_plain(path: Path, crs: str | None) -> Raster:
    try:
        with Image.open(path) as opened:
            image = opened.convert("RGB") if opened.mode not in ("L", "I;16", "I") else opened
            array = np.asarray(image, dtype=np.float32)
    except OSError as error:
        raise RasterError(f"{path}: cannot read image: {error}") from error
    pixels = array[None] if array.ndim == 2 else np.moveaxis(array, -1, 0)
    roles = {"red": 0, "green": 1, "blue": 2} if pixels.shape[0] == 3 else {}
    transform = None
    world = find_world_file(path)
    if world is not None:
        transform = read_world_file(world)
    prj = path.with_suffix(".prj")
    found_crs = _parse_crs(prj.read_text(encoding="utf-8"), prj) if prj.is_file() else None
    if found_crs is None and crs:
        found_crs = _parse_crs(crs, path)
    return Raster(pixels=np.ascontiguousarray(pixels), transform=transform, crs=found_crs,
                  path=path, roles=roles)


def find_world_file(path: Path) -> Path | None:
    for suffix in WORLD_FILE_SUFFIXES.get(path.suffix.lower(), []) + [".wld"]:
        candidate = path.with_suffix(suffix)
        if candidate.is_file():
            return candidate
    return None


def read_world_file(path: Path) -> Affine:
    """A world file gives the CENTRE of the top-left pixel; the affine wants its corner."""
    try:
        a, d, b, e, c, f = (float(line) for line in path.read_text().split())
    except ValueError as error:
        raise RasterError(f"{path}: a world file holds six numbers, one a line") from error
    return Affine(a, b, c - a / 2 - b / 2, d, e, f - d / 2 - e / 2)


def write_world_file(path: Path, transform: Affine) -> None:
    a, b, c, d, e, f = transform.a, transform.b, transform.c, transform.d, transform.e, transform.f
    centre_x, centre_y = c + a / 2 + b / 2, f + d / 2 + e / 2
    path.write_text("\n".join(repr(v) for v in (a, d, b, e, centre_x, centre_y)) + "\n")


def write_geotiff(path: Path, array: np.ndarray, transform: Affine, crs: CRS) -> None:
    """Write (rows, cols) or (bands, rows, cols) with its grid, deflate-compressed."""
    data = array[None] if array.ndim == 2 else array
    profile = {
        "driver": "GTiff",
        "height": data.shape[1],
        "width": data.shape[2],
        "count": data.shape[0],
        "dtype": data.dtype.name,
        "crs": crs,
        "transform": transform,
        "compress": "deflate",
    }
    with rasterio.open(path, "w", **profile) as target:
        target.write(data)


def to_display(rgb: np.ndarray) -> np.ndarray:
    """(3, rows, cols) of any range -> (rows, cols, 3) uint8 with a 2-98 % stretch per band."""
    out = np.zeros((rgb.shape[1], rgb.shape[2], 3), dtype=np.uint8)
    for band in range(3):
        values = np.nan_to_num(rgb[band], nan=0.0)
        low, high = np.percentile(values, (2, 98))
        scale = 255.0 / (high - low) if high > low else 1.0
        out[..., band] = np.clip((values - low) * scale, 0, 255).astype(np.uint8)
    return out
