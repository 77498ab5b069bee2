"""Content-addressed files: stored once by SHA-256, EXIF read, tampered bytes detected."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from evidence_helpers import make_jpeg
from sqlalchemy.orm import Session

from veille.evidence.audit import audit
from veille.evidence.files import FileStore, default_files_dir, file_metadata
from veille.evidence.items import add_item, attach_file
from veille.evidence.register import EvidenceError
from veille.store import evidence as queries


def test_exif_gps_and_time(tmp_path: Path) -> None:
    photo = make_jpeg(tmp_path / "p.jpg", lat=49.9935, lon=36.2304, taken="2024:01:02 10:15:30")
    meta = file_metadata(photo)
    assert meta["media_type"] == "image/jpeg"
    assert (meta["width"], meta["height"]) == (40, 30)
    assert meta["gps"]["lat"] == pytest.approx(49.9935, abs=1e-5)
    assert meta["gps"]["lon"] == pytest.approx(36.2304, abs=1e-5)
    assert meta["taken_at"] == "2024-01-02T10:15:30"
    assert meta["camera_make"] == "TestCam"


def test_exif_southern_western_and_gps_clock(tmp_path: Path) -> None:
    photo = make_jpeg(tmp_path / "p.jpg", lat=-33.5, lon=-70.25, taken="2024:01:02 10:15:30",
                      gps_time=(8, 15, 30), gps_date="2024:01:02")
    meta = file_metadata(photo)
    assert meta["gps"] == {"lat": -33.5, "lon": -70.25}
    assert meta["taken_at"] == "2024-01-02T08:15:30"
    assert meta["taken_at_source"] == "GPS (UTC)"


def test_files_without_exif_or_broken(tmp_path: Path) -> None:
    plain = make_jpeg(tmp_path / "plain.jpg")
    assert "gps" not in file_metadata(plain)
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"\xff\xd8\xff\xe1\x00\x10Exif\x00\x00garbage")
    assert "gps" not in file_metadata(broken)
    text = tmp_path / "note.txt"
    text.write_text("field note")
    assert file_metadata(text) == {"media_type": "text/plain"}


def test_store_by_hash_once(files: FileStore, tmp_path: Path) -> None:
    source = tmp_path / "a.bin"
    source.write_bytes(b"debris photo bytes")
    first, second = files.put(source), files.put(source)
    assert first == second
    assert first.sha256 == hashlib.sha256(b"debris photo bytes").hexdigest()
    assert first.path == files.root / first.sha256[:2] / first.sha256[2:4] / first.sha256
    assert files.verify(first.sha256) is None
    assert len([p for p in files.root.rglob("*") if p.is_file()]) == 1


def test_attach_records_metadata_and_tampering_is_found(session: Session, files: FileStore,
                                                         tmp_path: Path) -> None:
    add_item(session, label="KHA-1", kind="photograph", recovered_by="EOD",
             found_on="2024-01-02")
    photo = make_jpeg(tmp_path / "site.jpg", lat=49.99, lon=36.23, taken="2024:01:02 11:00:00")
    added = attach_file(session, files, "KHA-1", photo)
    assert attach_file(session, files, "KHA-1", photo).new is False
    stored = queries.files_of(session, queries.find_item(session, "KHA-1").id)[0]
    assert stored.id == added.id and stored.latitude == pytest.approx(49.99, abs=1e-5)
    assert audit(session, files).ok
    path = files.path_for(stored.sha256)
    os.chmod(path, 0o644)
    data = bytearray(path.read_bytes())
    data[-3] ^= 0xFF
    path.write_bytes(bytes(data))
    report = audit(session, files)
    assert not report.ok
    assert report.file_problems == [(f"KHA-1 / site.jpg: file {stored.sha256[:16]}… was changed "
                                    f"(its bytes now hash to "
                                    f"{hashlib.sha256(bytes(data)).hexdigest()[:16]}…)")]
    path.unlink()
    assert "is missing" in audit(session, files).file_problems[0]


def test_missing_source_file_is_an_error(files: FileStore, tmp_path: Path) -> None:
    with pytest.raises(EvidenceError, match="not a readable file"):
        files.put(tmp_path / "nope.jpg")


def test_default_files_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("VEILLE_EVIDENCE_DIR", raising=False)
    assert default_files_dir(f"sqlite:///{tmp_path}/x.db") == tmp_path / "veille-evidence"
    assert default_files_dir("postgresql+psycopg://h/db") == Path("veille-evidence")
    monkeypatch.setenv("VEILLE_EVIDENCE_DIR", str(tmp_path / "elsewhere"))
    assert default_files_dir(f"sqlite:///{tmp_path}/x.db") == tmp_path / "elsewhere"
