"""Links from evidence to the reporting: support or contradiction of claim slots and claims,
attachment to entities, and the facts an item establishes (for a slot to be checked against).

Evidence is often registered before the reporting it bears on is ingested, so a link to a slot,
claim or entity that is not in the store yet is still recorded, with a warning; it resolves once
the target appears (slot and claim ids are derived from content, so they are stable).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from veille.evidence.components import component_summary
from veille.evidence.items import require_item
from veille.evidence.parts import assembly_date
from veille.evidence.register import EvidenceError, append
from veille.ids import stable_id
from veille.store import evidence as queries

TARGET_KINDS = ("slot", "claim", "entity")
STANCES = ("supports", "contradicts", "about")


@dataclass(frozen=True)
class LinkAdded:
    id: str
    new: bool
    warnings: list[str] = field(default_factory=list)


def resolve_target(session: Session, target_kind: str, target: str) -> tuple[str | None, str]:
    """(resolved id or None, display name) of what a link points at."""
    if target_kind == "slot":
        slot = queries.find_slot(session, target)
        return (slot.id, f"slot {slot.key}") if slot else (None, target)
    if target_kind == "claim":
        claim = queries.find_claim(session, target)
        return (claim.id, f"claim '{claim.quote[:60]}'") if claim else (None, target)
    entity = queries.find_entity(session, target)
    return (entity.id, f"{entity.name} ({entity.type})") if entity else (None, target)


def add_link(session: Session, item_ref: str, target_kind: str, target: str,
             stance: str | None = None, note: str | None = None,
             created_at: str | None = None) -> LinkAdded:
    item = require_item(session, item_ref)
    if target_kind not in TARGET_KINDS:
        raise EvidenceError(f"target: unknown link target kind '{target_kind}' "
                            f"(use {', '.join(TARGET_KINDS)})")
    stance = stance or ("about" if target_kind == "entity" else None)
    if stance not in STANCES:
        raise EvidenceError(f"stance: '{stance}' is not one of {', '.join(STANCES)}")
    if target_kind != "entity" and stance == "about":
        raise EvidenceError(f"stance: a {target_kind} link must say supports or contradicts")
    target = target.strip()
    if not target:
        raise EvidenceError(f"{target_kind}: the link target is empty")
    resolved, _ = resolve_target(session, target_kind, target)
    warnings = [] if resolved else [
        (f"{target_kind} '{target}' is not in the store yet; the link is kept and will "
        "resolve when it appears")]
    stored_target = resolved or target
    link_id = stable_id("evl_", item.id, target_kind, stored_target, stance)
    if any(link.id == link_id for link in queries.links_of(session, item.id)):
        return LinkAdded(link_id, False, warnings)
    append(session, "link", {"id": link_id, "item_id": item.id, "target_kind": target_kind,
                             "target": stored_target, "stance": stance, "note": note},
           created_at)
    if target_kind == "slot" and resolved:
        warnings += _stance_warnings(session, item.id, resolved, stance)
    return LinkAdded(link_id, True, warnings)


def _year_span(value: Any) -> tuple[int, int] | None:
    """Years a claim value spans, when it is a date or a year ([low, high] or a single value)."""
    def year(part: Any) -> int | None:
        text = str(part)[:4]
        return int(text) if text.isdigit() and 1000 < int(text) < 3000 else None

    if isinstance(value, dict):
        low = year(value.get("low", value.get("value")))
        high = year(value.get("high", value.get("value")))
        if low and high:
            return low, high
    return None


def _stance_warnings(session: Session, item_id: str, slot_id: str, stance: str) -> list[str]:
    """Say so when the item's own facts disagree with the stance taken on a slot."""
    slot = queries.find_slot(session, slot_id)
    if slot is None:
        return []
    facts = {fact["property"]: fact for fact in item_facts(session, item_id)}
    fact = facts.get(slot.property)
    if fact is None or fact.get("years") is None:
        return []
    low, high = fact["years"]
    warnings = []
    for claim in queries.claims_of_slot(session, slot_id):
        span = _year_span(claim.value)
        if span is None:
            continue
        overlaps = span[0] <= high and low <= span[1]
        if overlaps != (stance == "supports"):
            warnings.append(f"the item dates to {low}-{high} and claim {claim.id} says "
                            f"{span[0]}-{span[1]}, yet the link says '{stance}'")
    return warnings


def item_facts(session: Session, item_id: str) -> list[dict[str, Any]]:
    """What the item establishes, in the terms of claim properties, with the basis of each."""
    facts: list[dict[str, Any]] = []
    components = queries.components_of(session, item_id)
    if components:
        summary = component_summary([c.country for c in components])
        facts.append({"property": "component_origin", "value": summary["countries"],
                      "count": summary["count"],
                      "basis": [f"{c.part_number}: {c.maker_name or 'unknown maker'} "
                                f"({c.country or '?'})" for c in components]})
    for marking in queries.markings_of(session, item_id):
        decision = queries.current_decision(session, marking.id)
        if decision is None:
            continue
        reading = queries.get_reading(session, decision.reading_id)
        if reading is None:
            continue
        if reading.earliest and reading.latest:
            facts.append({"property": "manufacture_date",
                          "value": {"low": reading.earliest.isoformat(),
                                    "high": reading.latest.isoformat()},
                          "years": (reading.earliest.year, reading.latest.year),
                          "basis": [(f"marking '{marking.text}': {reading.label} "
                                    f"(decision: {decision.why})")]})
        elif reading.kind == "factory_code":
            facts.append({"property": "produced_by", "value": reading.value,
                          "basis": [(f"marking '{marking.text}': {reading.label} "
                                    f"(decision: {decision.why})")]})
    dating = assembly_date(session, item_id)
    if dating.earliest is not None:
        facts.append({"property": "earliest_assembly",
                      "value": {"low": dating.earliest.isoformat()},
                      "years": (dating.earliest.year, date.today().year),
                      "basis": dating.lines})
    return facts
