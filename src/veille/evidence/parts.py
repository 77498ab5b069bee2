"""Components found in an item, written to the register, and the item's dating from them."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from veille.evidence.components import AssemblyDate, DatedPart, earliest_assembly, resolve_maker
from veille.evidence.decisions import record_readings
from veille.evidence.items import require_item
from veille.evidence.readings import ReadingContext, date_code_formats, date_code_readings
from veille.evidence.register import EvidenceError, append, check_length
from veille.ids import stable_id
from veille.store import evidence as queries


@dataclass(frozen=True)
class ComponentAdded:
    id: str
    new: bool
    reading_ids: list[str]
    reasons: list[str]


def add_component(session: Session, item_ref: str, part_number: str, maker: str | None = None,
                  date_code: str | None = None, designator: str | None = None,
                  date_format: str | None = None,
                  created_at: str | None = None) -> ComponentAdded:
    """Record a part: its maker from the gazetteer and the dates its date code can mean."""
    item = require_item(session, item_ref)
    part_number = part_number.strip()
    if not part_number:
        raise EvidenceError("part: a component needs its part number")
    check_length(part_number, "part", 120)
    check_length(designator, "designator", 60)
    check_length(date_code, "date_code", 30)
    if date_format and date_format not in date_code_formats():
        raise EvidenceError(f"date_format: unknown date-code format '{date_format}' "
                            f"(use {', '.join(date_code_formats())})")
    resolution = resolve_maker(maker, part_number)
    readings = []
    if date_code:
        context = ReadingContext(not_after=item.found_on)
        readings = date_code_readings(date_code, context, date_format)
        if not readings:
            formats = date_format or ", ".join(date_code_formats())
            raise EvidenceError(f"date_code: '{date_code}' gives no possible date "
                                f"({formats}; none on or before {context.limit})")
    component_id = stable_id("cmp_", item.id, designator or "", part_number, date_code or "")
    new = queries.get_component(session, component_id) is None
    if new:
        found = resolution.maker
        append(session, "component", {
            "id": component_id, "item_id": item.id, "designator": designator,
            "part_number": part_number, "maker_text": maker,
            "maker_key": found.key if found else None, "maker_name": found.name if found else None,
            "country": found.country if found else None, "date_code": date_code,
            "date_format": date_format, "resolution": resolution.reasons,
        }, created_at)
    reading_ids = record_readings(session, item.id, "component", component_id, readings,
                                  created_at)
    return ComponentAdded(component_id, new, reading_ids, resolution.reasons)


def assembly_date(session: Session, item_id: str) -> AssemblyDate:
    """The item's earliest possible assembly date from its components, with the reasoning."""
    parts = []
    for component in queries.components_of(session, item_id):
        readings = queries.readings_for_subject(session, component.id)
        held = None
        decision = queries.current_decision(session, component.id)
        if decision is not None:
            chosen = next(r for r in readings if r.id == decision.reading_id)
            held = (chosen.label, chosen.earliest, decision.why)
        parts.append(DatedPart(
            label=f"{component.designator} {component.part_number}" if component.designator
            else component.part_number,
            maker=component.maker_name, country=component.country,
            date_code=component.date_code,
            readings=tuple((r.label, r.earliest) for r in readings), held=held))
    return earliest_assembly(parts)
