"""Evidence as other parts of veille consume it: STIX export, map and timeline.

Plain dicts with stable keys, so the exporters and the web app need not know the tables.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from veille.evidence.links import item_facts
from veille.evidence.parts import assembly_date
from veille.store import evidence as queries
from veille.store.evidence_models import EvidenceItem


def _held_label(session: Session, subject_id: str) -> str | None:
    decision = queries.current_decision(session, subject_id)
    if decision is None:
        return None
    reading = queries.get_reading(session, decision.reading_id)
    return reading.label if reading else None


def item_record(session: Session, item: EvidenceItem) -> dict[str, Any]:
    """Everything known of one item, as one JSON-ready dict."""
    dating = assembly_date(session, item.id)
    return {
        "id": item.id, "label": item.label, "kind": item.kind, "description": item.description,
        "place": {"name": item.place_name, "lat": item.latitude, "lon": item.longitude},
        "found_on": item.found_on.isoformat() if item.found_on else None,
        "recovered_by": item.recovered_by, "holder": item.holder,
        "custody": [{"from": e.from_party, "to": e.to_party, "on": e.handed_on.isoformat(),
                     "note": e.note} for e in queries.custody_of(session, item.id)],
        "files": [{"sha256": f.sha256, "name": f.name, "media_type": f.media_type,
                   "size": f.size, "meta": f.meta} for f in queries.files_of(session, item.id)],
        "markings": [{"id": m.id, "text": m.text, "script": m.script, "language": m.language,
                      "location": m.location, "held_reading": _held_label(session, m.id)}
                     for m in queries.markings_of(session, item.id)],
        "components": [{"id": c.id, "designator": c.designator, "part_number": c.part_number,
                        "maker": c.maker_name, "country": c.country, "date_code": c.date_code,
                        "earliest": c.earliest.isoformat() if c.earliest else None,
                        "latest": c.latest.isoformat() if c.latest else None}
                       for c in queries.components_of(session, item.id)],
        "earliest_assembly": dating.earliest.isoformat() if dating.earliest else None,
        "earliest_assembly_reasoning": dating.lines,
        "facts": [{k: v for k, v in fact.items() if k != "years"}
                  for fact in item_facts(session, item.id)],
        "links": [{"target_kind": link.target_kind, "target": link.target,
                   "stance": link.stance, "note": link.note}
                  for link in queries.links_of(session, item.id)],
    }


def evidence_for_stix(session: Session) -> list[dict[str, Any]]:
    """One dict per item (place, date, files, facts, links) for observed-data and note objects."""
    return [item_record(session, item) for item in queries.all_items(session)]


def evidence_places(session: Session) -> list[dict[str, Any]]:
    """Points for the map: where items were recovered, and where their photos were taken."""
    places = []
    for item in queries.all_items(session):
        if item.latitude is not None and item.longitude is not None:
            places.append({"item_id": item.id, "label": item.label, "kind": item.kind,
                           "lat": item.latitude, "lon": item.longitude,
                           "name": item.place_name, "source": "recovery",
                           "date": item.found_on.isoformat() if item.found_on else None})
    for photo in queries.all_files(session):
        if photo.latitude is not None and photo.longitude is not None:
            owner = queries.find_item(session, photo.item_id)
            places.append({"item_id": photo.item_id, "label": owner.label if owner else None,
                           "kind": "file", "lat": photo.latitude, "lon": photo.longitude,
                           "name": photo.name, "source": "exif",
                           "date": photo.taken_at.isoformat() if photo.taken_at else None})
    return places


def evidence_timeline(session: Session) -> list[dict[str, Any]]:
    """Dated events of the evidence, oldest first: manufacture, recovery, photos, handovers."""
    events: list[dict[str, Any]] = []

    def add(day: Any, kind: str, item: EvidenceItem, text: str) -> None:
        if day is not None:
            events.append({"date": day.isoformat(), "kind": kind, "item_id": item.id,
                           "label": item.label, "text": text})

    for item in queries.all_items(session):
        add(item.found_on, "recovered", item, f"{item.label} recovered by {item.recovered_by}"
            + (f" at {item.place_name}" if item.place_name else ""))
        for event in queries.custody_of(session, item.id):
            add(event.handed_on, "custody", item,
                f"{item.label} handed from {event.from_party} to {event.to_party}")
        for photo in queries.files_of(session, item.id):
            add(photo.taken_at, "photographed", item, f"{photo.name} taken")
        dating = assembly_date(session, item.id)
        add(dating.earliest, "earliest_assembly", item,
            f"{item.label} assembled no earlier than this (set by {dating.set_by})")
        for marking in queries.markings_of(session, item.id):
            decision = queries.current_decision(session, marking.id)
            reading = queries.get_reading(session, decision.reading_id) if decision else None
            if reading is not None and reading.earliest is not None:
                add(reading.earliest, "manufactured", item,
                    f"{item.label}: marking '{marking.text}' read as {reading.label}")
    return sorted(events, key=lambda event: (event["date"], event["kind"]))
