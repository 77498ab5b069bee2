"""Evidence items, their files and their chain of custody, written to the register.

An item is held first by the organisation that recovered it; each custody event must hand it on
from whoever holds it at that moment, no earlier than the recovery and the previous handover.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from veille.evidence.files import FileStore, file_metadata
from veille.evidence.register import EvidenceError, append, check_length
from veille.ids import stable_id
from veille.store import evidence as queries
from veille.store.evidence_models import EvidenceItem

ITEM_KINDS = ("debris", "photograph", "document", "video", "sample", "other")


def parse_day(text: str | date | None, field: str, *, required: bool = False) -> date | None:
    """An ISO date from user input; impossible or future dates are refused with the field named."""
    if text is None or text == "":
        if required:
            raise EvidenceError(f"{field}: a date is required (YYYY-MM-DD)")
        return None
    if isinstance(text, date):
        day = text
    else:
        try:
            day = date.fromisoformat(str(text).strip())
        except ValueError:
            raise EvidenceError(f"{field}: impossible date '{text}' (expected YYYY-MM-DD)")
    if day > date.today():
        raise EvidenceError(f"{field}: date {day} is in the future")
    return day


def _coordinate(value: Any, low: float, high: float, field: str) -> float | None:
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise EvidenceError(f"{field}: '{value}' is not a number")
    if not low <= number <= high:
        raise EvidenceError(f"{field}: {number} is outside {low}..{high}")
    return number


def require_item(session: Session, reference: str) -> EvidenceItem:
    item = queries.find_item(session, reference)
    if item is None:
        raise EvidenceError(f"unknown evidence item '{reference}'")
    return item


@dataclass(frozen=True)
class Added:
    """The id of what was written, and whether it was new (False: already in the register)."""

    id: str
    new: bool


def add_item(session: Session, *, label: str, kind: str, recovered_by: str,
             found_on: str | date | None = None, place: str | None = None,
             lat: Any = None, lon: Any = None, description: str | None = None,
             created_at: str | None = None) -> Added:
    label = label.strip()
    if not label:
        raise EvidenceError("label: an item needs a label")
    check_length(label, "label", 200)
    if kind not in ITEM_KINDS:
        raise EvidenceError(f"kind: unknown item kind '{kind}' (use {', '.join(ITEM_KINDS)})")
    if not recovered_by or not recovered_by.strip():
        raise EvidenceError("recovered_by: who recovered the item is required")
    day = parse_day(found_on, "date")
    latitude = _coordinate(lat, -90, 90, "lat")
    longitude = _coordinate(lon, -180, 180, "lon")
    if (latitude is None) != (longitude is None):
        raise EvidenceError("lat/lon: give both coordinates or neither")
    item_id = stable_id("evi_", label)
    if queries.find_item(session, item_id) is not None:
        return Added(item_id, False)
    append(session, "item", {
        "id": item_id, "label": label, "kind": kind, "description": description,
        "place": {"name": place, "lat": latitude, "lon": longitude},
        "found_on": day.isoformat() if day else None, "recovered_by": recovered_by.strip(),
    }, created_at)
    return Added(item_id, True)


def attach_file(session: Session, store: FileStore, item_ref: str, path: Path,
                created_at: str | None = None) -> Added:
    """Store a file by its hash, read its metadata, and record it against the item."""
    item = require_item(session, item_ref)
    stored = store.put(Path(path))
    file_id = stable_id("evf_", item.id, stored.sha256)
    if any(f.id == file_id for f in queries.files_of(session, item.id)):
        return Added(file_id, False)
    meta = file_metadata(stored.path)
    append(session, "file", {
        "id": file_id, "item_id": item.id, "sha256": stored.sha256, "name": Path(path).name,
        "size": stored.size, "media_type": meta.pop("media_type", None), "meta": meta,
    }, created_at)
    return Added(file_id, True)


def _party(name: str) -> str:
    return " ".join(name.split()).casefold()


def custody_problem(item: EvidenceItem, history: list[tuple[str, str, date]], giver: str,
                    receiver: str, day: date) -> str | None:
    """Why a handover cannot follow the item's history, or None when it can."""
    if _party(giver) == _party(receiver):
        return f"handover from '{giver}' to itself"
    if item.found_on and day < item.found_on:
        return f"custody event on {day} is before the recovery on {item.found_on}"
    holder, since = item.recovered_by, item.found_on
    if history:
        _, holder, since = history[-1]
        if day < since:
            return f"custody event on {day} is before the previous handover on {since}"
    if _party(giver) != _party(holder):
        held = f"held by '{holder}'" + (f" since {since}" if since else "")
        return f"broken custody chain: handover from '{giver}', who did not hold the item " \
               f"({held})"
    return None


def add_custody(session: Session, item_ref: str, giver: str, receiver: str,
                on: str | date, note: str | None = None,
                created_at: str | None = None) -> Added:
    item = require_item(session, item_ref)
    day = parse_day(on, "date", required=True)
    assert day is not None
    giver, receiver = giver.strip(), receiver.strip()
    if not giver or not receiver:
        raise EvidenceError("from/to: both parties of a handover are required")
    event_id = stable_id("evc_", item.id, _party(giver), _party(receiver), day.isoformat())
    history = [(e.from_party, e.to_party, e.handed_on) for e in queries.custody_of(session,
                                                                                   item.id)]
    if any(e.id == event_id for e in queries.custody_of(session, item.id)):
        return Added(event_id, False)
    problem = custody_problem(item, history, giver, receiver, day)
    if problem:
        raise EvidenceError(f"{item.label}: {problem}")
    append(session, "custody", {"id": event_id, "item_id": item.id, "from": giver,
                                "to": receiver, "on": day.isoformat(), "note": note},
           created_at)
    return Added(event_id, True)
