"""`veille export stix -o bundle.json`: the store as one STIX 2.1 bundle.

Mapping (ids are UUIDv5 of veille's own stable ids, so a re-export gives the same ids):
- identity: veille itself (the producer), every source (organisation), ORG/PER entities
- location: every standing entity with coordinates, and where evidence was recovered
- note: every claim (its quote, value and attribution), with the extraction confidence
- report: every story (its claims, sources and places); documents outside a story share one
- opinion: the computed credibility of a slot (on its origin claim) and each open or accepted
  flag (disagreeing with the flagged version)
- relationship: `derived-from` from each version of a claim to its slot's origin claim, with
  confidence; `located-at` from an organisation to its location
- observed-data + file: physical evidence items and their files (SHA-256), with a note of
  their facts

`veille export stix` writes the bundle as one JSON document.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from veille.evidence.publish import evidence_for_stix
from veille.export import document_exporter
from veille.store import Store
from veille.store.workspace import StixData, stix_data

NAMESPACE = uuid.UUID("6f1c6b9e-4a53-5f0e-9d55-0e1d6a1f2b7c")
OPINION_BY_CREDIBILITY = {1: "strongly-agree", 2: "agree", 3: "neutral", 4: "disagree",
                          5: "strongly-disagree"}
PERSON_TYPES = {"PER", "person"}
ORGANISATION_TYPES = {"ORG", "organisation", "organization"}


def stix_id(kind: str, key: str) -> str:
    return f"{kind}--{uuid.uuid5(NAMESPACE, f'{kind}:{key}')}"


def _timestamp(value: datetime | None) -> str:
    moment = value or datetime.now(UTC).replace(tzinfo=None)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")


class _Bundle:
    """Collects STIX objects, each added once, all created by veille at export time."""

    def __init__(self) -> None:
        self.now = _timestamp(None)
        self.producer = stix_id("identity", "veille")
        self.objects: dict[str, dict[str, Any]] = {}
        self.add("identity", "veille", name="veille", identity_class="system",
                 description="Open-source intelligence workbench that produced this bundle.")

    def add(self, kind: str, key: str, **properties: Any) -> str:
        object_id = stix_id(kind, key)
        if object_id not in self.objects:
            base: dict[str, Any] = {"type": kind, "spec_version": "2.1", "id": object_id}
            if kind not in _CYBER_OBSERVABLES:
                base.update(created=self.now, modified=self.now)
                if object_id != self.producer:
                    base["created_by_ref"] = self.producer
            base.update({k: v for k, v in properties.items() if v not in (None, "", [])})
            self.objects[object_id] = base
        return object_id


_CYBER_OBSERVABLES = {"file"}


def _value_text(value: dict[str, Any] | None, unit: str | None) -> str:
    if not value:
        return ""
    if value.get("text"):
        text = str(value["text"])
    else:
        low, high = value.get("low"), value.get("high")
        text = f"{low}-{high}" if low is not None and high is not None and low != high \
            else str(low if low is not None else high if high is not None else "")
    return f"{text} {unit}".strip() if unit else text


def _attribution(chain: list[Any] | None) -> str:
    if not chain:
        return "unattributed"
    return " -> ".join(str(item.get("name", item)) if isinstance(item, dict) else str(item)
                       for item in chain)


def build_bundle(data: StixData, evidence: list[dict[str, Any]]) -> dict[str, Any]:
    bundle = _Bundle()
    source_refs: dict[str, str] = {}
    for source in data.sources:
        reliability = f"Admiralty reliability {source.reliability}" if source.reliability else ""
        source_refs[source.id] = bundle.add(
            "identity", f"source:{source.id}", name=source.name, identity_class="organization",
            description="; ".join(filter(None, [source.domain, reliability])) or None)
    entity_refs: dict[str, list[str]] = defaultdict(list)
    for entity in data.entities:
        location = None
        if entity.latitude is not None and entity.longitude is not None:
            location = bundle.add("location", f"entity:{entity.id}", name=entity.name,
                                  latitude=round(entity.latitude, 6),
                                  longitude=round(entity.longitude, 6),
                                  country=entity.country if entity.country
                                  and len(entity.country) == 2 else None)
            entity_refs[entity.id].append(location)
        if entity.type in PERSON_TYPES | ORGANISATION_TYPES:
            identity = bundle.add("identity", f"entity:{entity.id}", name=entity.name,
                                  identity_class="individual" if entity.type in PERSON_TYPES
                                  else "organization")
            entity_refs[entity.id].append(identity)
            if location is not None:
                bundle.add("relationship", f"located-at:{entity.id}",
                           relationship_type="located-at", source_ref=identity,
                           target_ref=location, confidence=90)
    note_refs: dict[str, str] = {}
    for claim in data.claims:
        document = data.documents[claim.document_id]
        refs = [source_refs.get(document.source_id or "", bundle.producer)]
        refs += entity_refs.get(claim.subject_entity_id or "", [])
        content = (f"{claim.quote}\n\nsubject: {claim.subject}\nproperty: {claim.property}\n"
                   f"value: {_value_text(claim.value, claim.unit)}\nmodality: {claim.modality}\n"
                   f"attribution: {_attribution(claim.attribution)}\n"
                   f"evidence: {document.external_id} [{claim.start}:{claim.end}]")
        note_refs[claim.id] = bundle.add(
            "note", f"claim:{claim.id}", abstract=f"{claim.subject}: {claim.property}",
            content=content, object_refs=refs, authors=[document.source_name or "unknown"],
            confidence=max(0, min(100, round(claim.confidence * 100))),
            lang=document.language if document.language and len(document.language) <= 3
            else None,
            external_references=[{"source_name": "veille", "external_id": claim.id,
                                  "description": f"doc_id {document.external_id}"}])
    claims_by_slot: dict[str, list[str]] = defaultdict(list)
    confidence: dict[str, int] = {}
    for claim in data.claims:
        confidence[claim.id] = max(0, min(100, round(claim.confidence * 100)))
        if claim.slot_id:
            claims_by_slot[claim.slot_id].append(claim.id)
    for slot in data.slots:
        origin = note_refs.get(slot.origin_claim_id or "")
        if origin is None:
            continue
        opinion = OPINION_BY_CREDIBILITY.get(slot.credibility or 6)
        if opinion:
            reasons = "; ".join(str(r) for r in slot.credibility_reasons or [])
            bundle.add("opinion", f"slot:{slot.id}", opinion=opinion, authors=["veille"],
                       object_refs=[origin],
                       explanation=(f"Credibility {slot.credibility} (Admiralty scale) from "
                                    f"{slot.independent_origins} independent origin(s). {reasons}")
                       .strip())
        for claim_id in claims_by_slot[slot.id]:
            if claim_id != slot.origin_claim_id and claim_id in note_refs:
                bundle.add("relationship", f"derived-from:{claim_id}",
                           relationship_type="derived-from", source_ref=note_refs[claim_id],
                           target_ref=origin, confidence=confidence[claim_id],
                           description=f"a version of the claim answering slot {slot.key}")
    for flag in data.flags:
        target = note_refs.get(flag.claim_id or "")
        if target is None or flag.status == "rejected":
            continue
        bundle.add("opinion", f"flag:{flag.id}", opinion="disagree", object_refs=[target],
                   authors=[flag.decided_by or "veille"],
                   explanation=f"{flag.kind}: {flag.reason}")
    _add_evidence(bundle, evidence)
    _add_reports(bundle, data, note_refs, source_refs, entity_refs)
    return {"type": "bundle", "id": stix_id("bundle", bundle.now),
            "objects": list(bundle.objects.values())}


def _add_reports(bundle: _Bundle, data: StixData, note_refs: dict[str, str],
                 source_refs: dict[str, str], entity_refs: dict[str, list[str]]) -> None:
    """One report per story, listing its claims, their sources and the places involved."""
    members: dict[str | None, list[str]] = defaultdict(list)
    for claim in data.claims:
        document = data.documents[claim.document_id]
        refs = members[document.story_id]
        refs.append(note_refs[claim.id])
        if document.source_id in source_refs:
            refs.append(source_refs[document.source_id])
        refs.extend(entity_refs.get(claim.subject_entity_id or "", []))
    for story in data.stories:
        refs = members.get(story.id)
        if refs:
            bundle.add("report", f"story:{story.id}", name=story.title or story.id,
                       published=_timestamp(story.first_published),
                       report_types=["threat-report"], object_refs=sorted(set(refs)),
                       description=f"{story.size} documents; veille story {story.id}")
    loose = members.get(None)
    if loose:
        bundle.add("report", "story:none", name="Claims outside any story",
                   published=bundle.now, report_types=["threat-report"],
                   object_refs=sorted(set(loose)))


def _add_evidence(bundle: _Bundle, items: list[dict[str, Any]]) -> None:
    for item in items:
        refs = []
        place = item.get("place") or {}
        if place.get("lat") is not None and place.get("lon") is not None:
            refs.append(bundle.add("location", f"evidence:{item['id']}",
                                   name=place.get("name") or item["label"],
                                   latitude=place["lat"], longitude=place["lon"]))
        files = [bundle.add("file", f"{f['sha256']}", name=f["name"],
                            hashes={"SHA-256": f["sha256"]}, size=f.get("size"),
                            mime_type=f.get("media_type"))
                 for f in item.get("files", [])]
        if files:
            seen = f"{item['found_on']}T00:00:00.000Z" if item.get("found_on") else bundle.now
            refs.append(bundle.add("observed-data", f"evidence:{item['id']}",
                                   first_observed=seen, last_observed=seen,
                                   number_observed=1, object_refs=files))
        facts = "\n".join(f"- {fact}" for fact in item.get("facts", []))
        bundle.add("note", f"evidence:{item['id']}", abstract=f"evidence {item['label']}",
                   content=(f"{item.get('kind')}: {item.get('description') or ''}\n"
                            f"recovered by {item.get('recovered_by')}, held by "
                            f"{item.get('holder')}\n{facts}").strip(),
                   object_refs=refs or [bundle.producer])


def stix_bundle(session: Session) -> dict[str, Any]:
    return build_bundle(stix_data(session), evidence_for_stix(session))


@document_exporter("stix")
def export_stix(store: Store) -> dict[str, Any]:
    with store.session() as session:
        return stix_bundle(session)
