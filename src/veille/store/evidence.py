"""Queries on the evidence register, and the projection of its records into the view tables.

The register (`evidence_records`) is the source of truth; `project` applies one record to the
views, and `rebuild_views` empties them and replays the whole chain.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from veille.store.evidence_models import (
    EvidenceComponent,
    EvidenceCustody,
    EvidenceDecision,
    EvidenceFile,
    EvidenceItem,
    EvidenceLink,
    EvidenceMarking,
    EvidenceReading,
    EvidenceRecord,
)
from veille.store.models import Claim, Entity, Slot

VIEWS = (EvidenceItem, EvidenceFile, EvidenceCustody, EvidenceMarking, EvidenceReading,
         EvidenceDecision, EvidenceComponent, EvidenceLink)


# --- the register ------------------------------------------------------------------------

def last_record(session: Session) -> EvidenceRecord | None:
    return session.scalar(select(EvidenceRecord).order_by(EvidenceRecord.seq.desc()).limit(1))


def add_record(session: Session, record: EvidenceRecord) -> None:
    session.add(record)
    session.flush()


def iter_records(session: Session) -> Iterator[EvidenceRecord]:
    yield from session.scalars(select(EvidenceRecord).order_by(EvidenceRecord.seq))


def count_records(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(EvidenceRecord)) or 0


# --- projection ----------------------------------------------------------------------------

def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _moment(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def project(session: Session, record: EvidenceRecord) -> None:
    """Apply one register record to the view tables."""
    p: dict[str, Any] = record.payload
    kind, seq = record.record_type, record.seq
    if kind == "item":
        place = p.get("place") or {}
        session.add(EvidenceItem(
            id=p["id"], label=p["label"], kind=p["kind"], description=p.get("description"),
            place_name=place.get("name"), latitude=place.get("lat"), longitude=place.get("lon"),
            found_on=_day(p.get("found_on")), recovered_by=p["recovered_by"],
            holder=p["recovered_by"], record_seq=seq))
    elif kind == "file":
        meta = p.get("meta") or {}
        gps = meta.get("gps") or {}
        session.add(EvidenceFile(
            id=p["id"], item_id=p["item_id"], sha256=p["sha256"], name=p["name"],
            size=p["size"], media_type=p.get("media_type"), latitude=gps.get("lat"),
            longitude=gps.get("lon"), taken_at=_moment(meta.get("taken_at")), meta=meta,
            record_seq=seq))
    elif kind == "custody":
        session.add(EvidenceCustody(
            id=p["id"], item_id=p["item_id"], from_party=p["from"], to_party=p["to"],
            handed_on=_day(p["on"]), note=p.get("note"), record_seq=seq))
        item = session.get(EvidenceItem, p["item_id"])
        if item is not None:
            item.holder = p["to"]
    elif kind == "marking":
        session.add(EvidenceMarking(
            id=p["id"], item_id=p["item_id"], text=p["text"], script=p["script"],
            language=p.get("language"), location=p.get("location"), note=p.get("note"),
            record_seq=seq))
    elif kind == "reading":
        session.add(EvidenceReading(
            id=p["id"], item_id=p["item_id"], subject_kind=p["subject_kind"],
            subject_id=p["subject_id"], interpreter=p["interpreter"], kind=p["kind"],
            label=p["label"], value=p.get("value"), earliest=_day(p.get("earliest")),
            latest=_day(p.get("latest")), score=p["score"], support=p.get("support"),
            status="proposed", record_seq=seq))
        session.flush()
        if p["subject_kind"] == "component":
            _date_component(session, p["subject_id"])
    elif kind == "decision":
        _apply_decision(session, p, seq)
    elif kind == "component":
        session.add(EvidenceComponent(
            id=p["id"], item_id=p["item_id"], designator=p.get("designator"),
            part_number=p["part_number"], maker_key=p.get("maker_key"),
            maker_name=p.get("maker_name"), country=p.get("country"),
            date_code=p.get("date_code"), reasoning=p.get("resolution"), record_seq=seq))
    elif kind == "link":
        session.add(EvidenceLink(
            id=p["id"], item_id=p["item_id"], target_kind=p["target_kind"], target=p["target"],
            stance=p["stance"], note=p.get("note"), record_seq=seq))
    session.flush()


def _apply_decision(session: Session, p: dict[str, Any], seq: int) -> None:
    previous = current_decision(session, p["subject_id"])
    if previous is not None:
        previous.superseded_by = p["id"]
    session.add(EvidenceDecision(
        id=p["id"], subject_id=p["subject_id"], reading_id=p["reading_id"], why=p["why"],
        decided_by=p["by"], supersedes=p.get("supersedes"), record_seq=seq))
    for reading in readings_for_subject(session, p["subject_id"]):
        reading.status = "held" if reading.id == p["reading_id"] else "set_aside"
    session.flush()
    component = session.get(EvidenceComponent, p["subject_id"])
    if component is not None:
        _date_component(session, component.id)


def _date_component(session: Session, component_id: str) -> None:
    """A component's date interval: the held reading's, else the span of all its readings."""
    component = session.get(EvidenceComponent, component_id)
    if component is None:
        return
    readings = readings_for_subject(session, component_id)
    held = [r for r in readings if r.status == "held"]
    chosen = held or readings
    starts = [r.earliest for r in chosen if r.earliest]
    ends = [r.latest for r in chosen if r.latest]
    component.earliest = min(starts) if starts else None
    component.latest = max(ends) if ends else None


def rebuild_views(session: Session) -> int:
    """Empty every view table and replay the register into them; returns records replayed."""
    for table in VIEWS:
        session.execute(delete(table))
    session.flush()
    count = 0
    for record in list(iter_records(session)):
        project(session, record)
        count += 1
    return count


# --- reads ---------------------------------------------------------------------------------

def find_item(session: Session, reference: str) -> EvidenceItem | None:
    """An item by its id or its label."""
    return session.get(EvidenceItem, reference) or session.scalar(
        select(EvidenceItem).where(EvidenceItem.label == reference))


def all_items(session: Session) -> list[EvidenceItem]:
    return list(session.scalars(select(EvidenceItem).order_by(EvidenceItem.record_seq)))


def exists(session: Session, model: type, row_id: str) -> bool:
    return session.get(model, row_id) is not None


def get_reading(session: Session, reading_id: str) -> EvidenceReading | None:
    return session.get(EvidenceReading, reading_id)


def get_component(session: Session, component_id: str) -> EvidenceComponent | None:
    return session.get(EvidenceComponent, component_id)


def get_marking(session: Session, marking_id: str) -> EvidenceMarking | None:
    return session.get(EvidenceMarking, marking_id)


def custody_of(session: Session, item_id: str) -> list[EvidenceCustody]:
    return list(session.scalars(select(EvidenceCustody).where(EvidenceCustody.item_id == item_id)
                                .order_by(EvidenceCustody.record_seq)))


def files_of(session: Session, item_id: str) -> list[EvidenceFile]:
    return list(session.scalars(select(EvidenceFile).where(EvidenceFile.item_id == item_id)
                                .order_by(EvidenceFile.record_seq)))


def all_files(session: Session) -> list[EvidenceFile]:
    return list(session.scalars(select(EvidenceFile).order_by(EvidenceFile.record_seq)))


def markings_of(session: Session, item_id: str) -> list[EvidenceMarking]:
    return list(session.scalars(select(EvidenceMarking).where(EvidenceMarking.item_id == item_id)
                                .order_by(EvidenceMarking.record_seq)))


def readings_for_subject(session: Session, subject_id: str) -> list[EvidenceReading]:
    return list(session.scalars(
        select(EvidenceReading).where(EvidenceReading.subject_id == subject_id)
        .order_by(EvidenceReading.score.desc(), EvidenceReading.record_seq)))


def readings_of_item(session: Session, item_id: str) -> list[EvidenceReading]:
    return list(session.scalars(select(EvidenceReading).where(EvidenceReading.item_id == item_id)
                                .order_by(EvidenceReading.record_seq)))


def current_decision(session: Session, subject_id: str) -> EvidenceDecision | None:
    return session.scalar(select(EvidenceDecision).where(
        EvidenceDecision.subject_id == subject_id, EvidenceDecision.superseded_by.is_(None)))


def decisions_for_subject(session: Session, subject_id: str) -> list[EvidenceDecision]:
    return list(session.scalars(
        select(EvidenceDecision).where(EvidenceDecision.subject_id == subject_id)
        .order_by(EvidenceDecision.record_seq)))


def components_of(session: Session, item_id: str) -> list[EvidenceComponent]:
    return list(session.scalars(
        select(EvidenceComponent).where(EvidenceComponent.item_id == item_id)
        .order_by(EvidenceComponent.record_seq)))


def links_of(session: Session, item_id: str) -> list[EvidenceLink]:
    return list(session.scalars(select(EvidenceLink).where(EvidenceLink.item_id == item_id)
                                .order_by(EvidenceLink.record_seq)))


# --- what links point at (tables of the core schema) ----------------------------------------

def find_slot(session: Session, slot_id: str) -> Slot | None:
    return session.get(Slot, slot_id)


def find_claim(session: Session, claim_id: str) -> Claim | None:
    return session.get(Claim, claim_id)


def find_entity(session: Session, reference: str) -> Entity | None:
    """An entity by id, gazetteer key or exact name (case-insensitive); merged ones followed."""
    entity = session.get(Entity, reference) or session.scalar(
        select(Entity).where(or_(Entity.gazetteer_key == reference,
                                 func.lower(Entity.name) == reference.lower()))
        .order_by(Entity.id).limit(1))
    seen: set[str] = set()
    while entity is not None and entity.merged_into and entity.id not in seen:
        seen.add(entity.id)
        entity = session.get(Entity, entity.merged_into)
    return entity


def claims_of_slot(session: Session, slot_id: str) -> list[Claim]:
    return list(session.scalars(select(Claim).where(Claim.slot_id == slot_id)
                                .order_by(Claim.id)))
