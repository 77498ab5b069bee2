"""Readings written to the register, and the analyst's decisions on which one holds.

A decision names one reading of a marking or a component date code and says why it holds; a
later decision on the same subject supersedes it, and both stay in the register.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from veille.evidence.readings import Reading
from veille.evidence.register import EvidenceError, append, check_length
from veille.ids import stable_id
from veille.store import evidence as queries
from veille.store.evidence_models import EvidenceDecision


def record_readings(session: Session, item_id: str, subject_kind: str, subject_id: str,
                    readings: list[Reading], created_at: str | None = None) -> list[str]:
    """Append the readings proposed for a subject; returns their ids (existing ones skipped)."""
    known = {r.id for r in queries.readings_for_subject(session, subject_id)}
    ids = []
    for reading in readings:
        reading_id = stable_id("rdg_", subject_id, reading.interpreter, reading.label)
        ids.append(reading_id)
        if reading_id in known:
            continue
        append(session, "reading", {
            "id": reading_id, "item_id": item_id, "subject_kind": subject_kind,
            "subject_id": subject_id, "interpreter": reading.interpreter, "kind": reading.kind,
            "label": reading.label, "value": reading.value,
            "earliest": reading.earliest.isoformat() if reading.earliest else None,
            "latest": reading.latest.isoformat() if reading.latest else None,
            "score": reading.score, "support": list(reading.support),
        }, created_at)
        known.add(reading_id)
    return ids


def decide(session: Session, reading_id: str, why: str, by: str = "analyst",
           created_at: str | None = None) -> EvidenceDecision:
    """Record that `reading_id` holds for its subject, superseding any earlier decision."""
    reading = queries.get_reading(session, reading_id)
    if reading is None:
        raise EvidenceError(f"unknown reading '{reading_id}'")
    if not why or not why.strip():
        raise EvidenceError("why: a decision must say why the reading holds")
    check_length(by, "by", 100)
    previous = queries.current_decision(session, reading.subject_id)
    if previous is not None and previous.reading_id == reading_id:
        raise EvidenceError(f"reading '{reading_id}' already holds (decision {previous.id})")
    decision_id = stable_id("dec_", reading_id, why.strip(), previous.id if previous else "")
    append(session, "decision", {
        "id": decision_id, "subject_id": reading.subject_id, "reading_id": reading_id,
        "why": why.strip(), "by": by, "supersedes": previous.id if previous else None,
    }, created_at)
    decision = session.get(EvidenceDecision, decision_id)
    assert decision is not None
    return decision


def find_reading(session: Session, subject_id: str, wanted: str) -> str:
    """The id of a subject's reading named by id, interpreter, kind, label or date-code format."""
    readings = queries.readings_for_subject(session, subject_id)
    matches = [r for r in readings
               if wanted in (r.id, r.interpreter, r.kind, r.label, (r.value or {}).get("format"))]
    if not matches:
        choices = "; ".join(r.label for r in readings) or "none proposed"
        raise EvidenceError(f"decide: no reading '{wanted}' (readings: {choices})")
    if len(matches) > 1:
        choices = "; ".join(f"{r.id} {r.label}" for r in matches)
        raise EvidenceError(f"decide: '{wanted}' fits {len(matches)} readings, give one id "
                            f"({choices})")
    return matches[0].id
