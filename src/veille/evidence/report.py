"""Plain-text account of one item for `veille evidence show`."""

from __future__ import annotations

from sqlalchemy.orm import Session

from veille.evidence.publish import item_record
from veille.store import evidence as queries
from veille.store.evidence_models import EvidenceItem


def describe(session: Session, item: EvidenceItem) -> list[str]:
    record = item_record(session, item)
    place = record["place"]
    where = place["name"] or "place not recorded"
    if place["lat"] is not None:
        where += f" ({place['lat']:.5f}, {place['lon']:.5f})"
    lines = [f"{item.label}  [{item.kind}]  id {item.id}",
             f"  found {record['found_on'] or 'date unknown'} at {where}",
             f"  recovered by {item.recovered_by}; now held by {item.holder}"]
    if item.description:
        lines.append(f"  {item.description}")
    if record["custody"]:
        lines.append("Custody:")
        lines += [f"  {e['on']}  {e['from']} -> {e['to']}" + (f"  ({e['note']})"
                                                               if e["note"] else "")
                  for e in record["custody"]]
    if record["files"]:
        lines.append("Files:")
        for stored in record["files"]:
            meta = stored["meta"] or {}
            extra = []
            if meta.get("gps"):
                extra.append(f"GPS {meta['gps']['lat']:.5f}, {meta['gps']['lon']:.5f}")
            if meta.get("taken_at"):
                extra.append(f"taken {meta['taken_at']}")
            lines.append(f"  {stored['name']}  sha256 {stored['sha256'][:16]}…  "
                         f"{stored['media_type'] or ''}  {'; '.join(extra)}")
    for marking in queries.markings_of(session, item.id):
        lines.append(f"Marking '{marking.text}' ({marking.script}"
                     + (f", {marking.language}" if marking.language else "")
                     + (f", {marking.location}" if marking.location else "") + "):")
        lines += _readings(session, marking.id)
    if record["components"]:
        lines.append("Components:")
        for part in queries.components_of(session, item.id):
            lines.append(f"  {part.designator or '-'}  {part.part_number}  "
                         f"{part.maker_name or 'unknown maker'} ({part.country or '?'})  "
                         f"date code {part.date_code or '-'}  id {part.id}")
            lines += [f"      {reason}" for reason in part.reasoning or ()]
            lines += _readings(session, part.id, indent="      ")
        lines.append("Dating from components:")
        lines += [f"  {line}" for line in record["earliest_assembly_reasoning"]]
    if record["facts"]:
        lines.append("Facts this item establishes:")
        for fact in record["facts"]:
            lines.append(f"  {fact['property']}: {fact['value']}")
    if record["links"]:
        lines.append("Links:")
        lines += [f"  {link['stance']} {link['target_kind']} {link['target']}"
                  + (f"  ({link['note']})" if link["note"] else "") for link in record["links"]]
    return lines


def _readings(session: Session, subject_id: str, indent: str = "  ") -> list[str]:
    lines = []
    for reading in queries.readings_for_subject(session, subject_id):
        mark = {"held": "HOLDS", "set_aside": "set aside"}.get(reading.status, "proposed")
        lines.append(f"{indent}[{mark}] {reading.label}  (score {reading.score:.2f})  "
                     f"id {reading.id}")
        lines += [f"{indent}    - {why}" for why in reading.support or ()]
    for decision in queries.decisions_for_subject(session, subject_id):
        state = f"superseded by {decision.superseded_by}" if decision.superseded_by else "current"
        lines.append(f"{indent}decision {decision.id} by {decision.decided_by} ({state}): "
                     f"{decision.why}")
    return lines
