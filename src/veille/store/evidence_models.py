"""Tables of the physical-evidence register.

`evidence_records` is the register itself: append-only, each row hash-chained to the one
before. Every other table here is a materialised view of that chain, rebuilt by replaying it
(`veille.store.evidence.rebuild_views`); when the two disagree, the chain is right.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, Float, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from veille.store.models import Base


class EvidenceRecord(Base):
    """One entry of the register; `hash` covers seq, type, payload, time and `prev_hash`."""

    __tablename__ = "evidence_records"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    record_type: Mapped[str] = mapped_column(String(20), index=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[str] = mapped_column(String(32))  # ISO text, hashed exactly as stored


class EvidenceItem(Base):
    """A debris piece, photograph or document, where and when it was found and who holds it."""

    __tablename__ = "evidence_items"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    label: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    description: Mapped[str | None] = mapped_column(Text)
    place_name: Mapped[str | None] = mapped_column(Text)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    found_on: Mapped[date | None] = mapped_column(Date, index=True)
    recovered_by: Mapped[str] = mapped_column(Text)
    holder: Mapped[str] = mapped_column(Text)
    record_seq: Mapped[int] = mapped_column(Integer)


class EvidenceFile(Base):
    """A file attached to an item, stored by its SHA-256, with the metadata read from it."""

    __tablename__ = "evidence_files"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    item_id: Mapped[str] = mapped_column(String(64), index=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    name: Mapped[str] = mapped_column(Text)
    size: Mapped[int] = mapped_column(Integer)
    media_type: Mapped[str | None] = mapped_column(String(100))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    taken_at: Mapped[datetime | None] = mapped_column(DateTime)
    meta: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    record_seq: Mapped[int] = mapped_column(Integer)


class EvidenceCustody(Base):
    """One handover of an item from one holder to the next."""

    __tablename__ = "evidence_custody"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    item_id: Mapped[str] = mapped_column(String(64), index=True)
    from_party: Mapped[str] = mapped_column(Text)
    to_party: Mapped[str] = mapped_column(Text)
    handed_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    record_seq: Mapped[int] = mapped_column(Integer)


class EvidenceMarking(Base):
    """A transcription of a marking on an item, with its script and language."""

    __tablename__ = "evidence_markings"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    item_id: Mapped[str] = mapped_column(String(64), index=True)
    text: Mapped[str] = mapped_column(Text)
    script: Mapped[str] = mapped_column(String(20))
    language: Mapped[str | None] = mapped_column(String(8))
    location: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    record_seq: Mapped[int] = mapped_column(Integer)


class EvidenceReading(Base):
    """One interpretation of a marking or a component date code, with what supports it."""

    __tablename__ = "evidence_readings"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    item_id: Mapped[str] = mapped_column(String(64), index=True)
    subject_kind: Mapped[str] = mapped_column(String(20))  # marking | component
    subject_id: Mapped[str] = mapped_column(String(64), index=True)
    interpreter: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(30))
    label: Mapped[str] = mapped_column(Text)
    value: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    earliest: Mapped[date | None] = mapped_column(Date)
    latest: Mapped[date | None] = mapped_column(Date)
    score: Mapped[float] = mapped_column(Float)
    support: Mapped[list[Any] | None] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20), default="proposed")  # proposed held set_aside
    record_seq: Mapped[int] = mapped_column(Integer)


class EvidenceDecision(Base):
    """An analyst's decision that one reading holds, and why; a later one supersedes it."""

    __tablename__ = "evidence_decisions"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    subject_id: Mapped[str] = mapped_column(String(64), index=True)
    reading_id: Mapped[str] = mapped_column(String(64))
    why: Mapped[str] = mapped_column(Text)
    decided_by: Mapped[str] = mapped_column(String(100))
    supersedes: Mapped[str | None] = mapped_column(String(64))
    superseded_by: Mapped[str | None] = mapped_column(String(64))
    record_seq: Mapped[int] = mapped_column(Integer)


class EvidenceComponent(Base):
    """A part found in an item: part number, resolved maker and manufacture date interval."""

    __tablename__ = "evidence_components"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    item_id: Mapped[str] = mapped_column(String(64), index=True)
    designator: Mapped[str | None] = mapped_column(String(60))
    part_number: Mapped[str] = mapped_column(String(120))
    maker_key: Mapped[str | None] = mapped_column(String(60), index=True)
    maker_name: Mapped[str | None] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(String(8), index=True)
    date_code: Mapped[str | None] = mapped_column(String(30))
    earliest: Mapped[date | None] = mapped_column(Date)
    latest: Mapped[date | None] = mapped_column(Date)
    reasoning: Mapped[list[Any] | None] = mapped_column(JSON)
    record_seq: Mapped[int] = mapped_column(Integer)


class EvidenceLink(Base):
    """Evidence that supports or contradicts a claim slot or claim, or is about an entity."""

    __tablename__ = "evidence_links"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    item_id: Mapped[str] = mapped_column(String(64), index=True)
    target_kind: Mapped[str] = mapped_column(String(20))  # slot | claim | entity
    target: Mapped[str] = mapped_column(Text)
    stance: Mapped[str] = mapped_column(String(20))  # supports | contradicts | about
    note: Mapped[str | None] = mapped_column(Text)
    record_seq: Mapped[int] = mapped_column(Integer)
