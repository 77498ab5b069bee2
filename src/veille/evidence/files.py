"""Content-addressed storage of evidence files, and the metadata read from them.

A file is stored once under the SHA-256 of its bytes (`ab/cd/abcd…`), read-only, so the register
can name it by hash and `verify_file` can prove later that the bytes are the ones registered.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction
from pathlib import Path
from typing import Any

import exifread
from PIL import Image, UnidentifiedImageError

from veille.evidence.register import EvidenceError

FILES_DIR_ENV = "VEILLE_EVIDENCE_DIR"
DEFAULT_DIR_NAME = "veille-evidence"
MAX_FILE_BYTES = 2 * 1024**3
CHUNK = 1024 * 1024


def default_files_dir(db_url: str | None) -> Path:
    """`$VEILLE_EVIDENCE_DIR`, else `veille-evidence/` beside a SQLite database, else `./`."""
    configured = os.environ.get(FILES_DIR_ENV)
    if configured:
        return Path(configured)
    if db_url and db_url.startswith("sqlite:///") and db_url != "sqlite:///:memory:":
        return Path(db_url.removeprefix("sqlite:///")).resolve().parent / DEFAULT_DIR_NAME
    return Path(DEFAULT_DIR_NAME)


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    size: int
    path: Path


class FileStore:
    """Files kept by the SHA-256 of their bytes under `root`."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path_for(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def put(self, source: Path) -> StoredFile:
        """Copy `source` in (once: same bytes, same place) and return its hash and size."""
        if not source.is_file():
            raise EvidenceError(f"{source}: not a readable file")
        size = source.stat().st_size
        if size > MAX_FILE_BYTES:
            raise EvidenceError(f"{source}: {size} bytes, more than the {MAX_FILE_BYTES} allowed")
        self.root.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        with tempfile.NamedTemporaryFile(dir=self.root, delete=False) as staging, \
                source.open("rb") as handle:
            while block := handle.read(CHUNK):
                digest.update(block)
                staging.write(block)
        sha = digest.hexdigest()
        target = self.path_for(sha)
        if target.exists():
            os.unlink(staging.name)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging.name, target)
            target.chmod(0o444)
        return StoredFile(sha, size, target)

    def verify(self, sha256: str) -> str | None:
        """None when the stored bytes still hash to `sha256`, else what is wrong, in words."""
        path = self.path_for(sha256)
        if not path.is_file():
            return f"file {sha256[:16]}… is missing from {self.root}"
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            while block := handle.read(CHUNK):
                digest.update(block)
        if digest.hexdigest() != sha256:
            return f"file {sha256[:16]}… was changed (its bytes now hash to " \
                   f"{digest.hexdigest()[:16]}…)"
        return None


# --- metadata -------------------------------------------------------------------------------

def _degrees(values: Any, reference: str) -> float | None:
    """Degrees/minutes/seconds rationals and an N/S/E/W reference -> signed decimal degrees."""
    try:
        parts = [float(Fraction(str(v))) for v in values]
    except (ValueError, ZeroDivisionError):
        return None
    if len(parts) != 3:
        return None
    decimal = parts[0] + parts[1] / 60 + parts[2] / 3600
    return round(-decimal if reference.upper() in ("S", "W") else decimal, 7)


def _exif_time(text: str) -> str | None:
    try:
        return datetime.strptime(text.strip(), "%Y:%m:%d %H:%M:%S").isoformat()
    except ValueError:
        return None


def _gps_time(tags: dict[str, Any]) -> str | None:
    stamp, day = tags.get("GPS GPSTimeStamp"), tags.get("GPS GPSDate")
    if stamp is None or day is None:
        return None
    try:
        hours, minutes, seconds = (float(Fraction(str(v))) for v in stamp.values)
        base = datetime.strptime(str(day).strip(), "%Y:%m:%d")
    except (ValueError, ZeroDivisionError):
        return None
    return base.replace(hour=int(hours), minute=int(minutes), second=int(seconds)).isoformat()


def exif_metadata(path: Path) -> dict[str, Any]:
    """GPS position, time taken and camera from EXIF, where the file has them."""
    with path.open("rb") as handle:
        try:
            tags = exifread.process_file(handle, details=False)
        except Exception as error:  # noqa: BLE001  exifread raises many types on broken input
            return {"exif_error": f"{type(error).__name__}: {error}"[:200]}
    meta: dict[str, Any] = {}
    lat, lat_ref = tags.get("GPS GPSLatitude"), tags.get("GPS GPSLatitudeRef")
    lon, lon_ref = tags.get("GPS GPSLongitude"), tags.get("GPS GPSLongitudeRef")
    if lat and lon:
        latitude = _degrees(lat.values, str(lat_ref or "N"))
        longitude = _degrees(lon.values, str(lon_ref or "E"))
        if latitude is not None and longitude is not None \
                and -90 <= latitude <= 90 and -180 <= longitude <= 180:
            meta["gps"] = {"lat": latitude, "lon": longitude}
    gps_time = _gps_time(tags)
    original = tags.get("EXIF DateTimeOriginal") or tags.get("Image DateTime")
    local_time = _exif_time(str(original)) if original else None
    if gps_time:
        meta["taken_at"], meta["taken_at_source"] = gps_time, "GPS (UTC)"
    elif local_time:
        meta["taken_at"], meta["taken_at_source"] = local_time, "EXIF DateTimeOriginal (local)"
    for tag, key in (("Image Make", "camera_make"), ("Image Model", "camera_model"),
                     ("Image Software", "software")):
        if tags.get(tag):
            meta[key] = str(tags[tag]).strip()[:200]
    return meta


def file_metadata(path: Path) -> dict[str, Any]:
    """Media type, image size and EXIF for one file; broken files give what could be read."""
    meta: dict[str, Any] = {}
    media_type = mimetypes.guess_type(path.name)[0]
    try:
        with Image.open(path) as image:
            meta["width"], meta["height"] = image.size
            media_type = Image.MIME.get(image.format or "", media_type)
        meta.update(exif_metadata(path))
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        pass
    if media_type:
        meta["media_type"] = media_type
    return meta
