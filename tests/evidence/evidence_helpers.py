"""Shared helpers of the evidence tests: tampering the way an attacker with database access
would (dropping the append-only guard first), and a small JPEG with EXIF GPS."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from PIL.TiffImagePlugin import IFDRational
from sqlalchemy import text
from sqlalchemy.orm import Session


def drop_guards(session: Session) -> None:
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("DROP TRIGGER evidence_records_no_update"))
        session.execute(text("DROP TRIGGER evidence_records_no_delete"))
    else:
        session.execute(text("DROP TRIGGER evidence_records_no_change ON evidence_records"))


def _dms(value: float) -> tuple[IFDRational, IFDRational, IFDRational]:
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    seconds = round(((value - degrees) * 60 - minutes) * 60 * 100)
    return IFDRational(degrees, 1), IFDRational(minutes, 1), IFDRational(seconds, 100)


def make_jpeg(path: Path, lat: float | None = None, lon: float | None = None,
              taken: str | None = None, gps_time: tuple[int, int, int] | None = None,
              gps_date: str | None = None) -> Path:
    """A small JPEG with the EXIF a phone would write (GPS IFD and DateTimeOriginal)."""
    exif = Image.Exif()
    exif[0x010F] = "TestCam"
    exif[0x0110] = "Field 1"
    if taken:
        exif[0x8769] = {0x9003: taken}
    if lat is not None and lon is not None:
        gps = {1: "N" if lat >= 0 else "S", 2: _dms(abs(lat)),
               3: "E" if lon >= 0 else "W", 4: _dms(abs(lon))}
        if gps_time and gps_date:
            gps[7] = tuple(IFDRational(part, 1) for part in gps_time)
            gps[29] = gps_date
        exif[0x8825] = gps
    Image.new("RGB", (40, 30), (120, 110, 90)).save(path, exif=exif.tobytes())
    return path
