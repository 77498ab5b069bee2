"""The "corroborate" corpus stage: slots, origins, flags and grades, recomputed from scratch.

Each run replaces the previous slots and flags, but a flag an analyst accepted or rejected
keeps that decision when the same flag comes back (flag ids derive from content). Work goes
story by story, so memory holds one story's claims, and the comparisons inside a slot grow
with the claims of that slot; each figure claim also leaves a small entry in the consensus
index, which compares versions across stories once every story is done.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy.orm import Session

from veille.corroborate import grades
from veille.corroborate.agreement import DENIED
from veille.corroborate.arithmetic import SeriesIndex, own_arithmetic_flags
from veille.corroborate.baselines import baseline_flags
from veille.corroborate.consensus import (
    AXES,
    ConsensusIndex,
    consensus_flags,
    counted_departures,
    departure_flag,
    slot_departures,
    weapon_scope,
)
from veille.corroborate.flags import (
    FlagRecord,
    NameMention,
    garbled_names,
    lineage_flags,
    origin_hedge_flags,
    relay_flags,
)
from veille.corroborate.independence import Origin, origin_document, origins
from veille.corroborate.kinds import KindsIndex
from veille.corroborate.records import ClaimRecord, Lineage
from veille.corroborate.samples import sample_flags
from veille.corroborate.slots import SlotGroup, group_slots
from veille.corroborate.sourcing import sourcing_flags
from veille.corroborate.sums import sum_flags
from veille.extract.cues import CueSet, cue_set
from veille.ids import gazetteer_entity_id
from veille.ontology import load_gazetteer
from veille.pipeline import CorpusStage, register
from veille.store import Store
from veille.store import corroboration as queries

VERSION = 1
WEAPON_LABELS = frozenset({"WEAPON"})


STORIES_PER_BATCH = 200  # one round of reads and writes per batch, not per story: at 100,000
# documents (20,000 stories) the queries of story-by-story work cost more than the work


def run(store: Store) -> int:
    """Recompute everything; returns the number of documents that have claims."""
    with store.session() as session:
        decisions = queries.clear_results(session)
        types = queries.entity_types(session)
        copy_lineage = queries.lineage(session)
        documents = 0
        index = ConsensusIndex(types)
        series = SeriesIndex()
        kinds = KindsIndex()
        flagged: set[tuple[str, str]] = set()
        saved: set[str] = set()
        story_ids = queries.story_ids(session)
        for offset in range(0, len(story_ids), STORIES_PER_BATCH):
            batch = StoryBatch.load(session, story_ids[offset:offset + STORIES_PER_BATCH],
                                    types, copy_lineage)
            rows: list[dict[str, Any]] = []
            slot_of: dict[str, str] = {}
            flags: list[FlagRecord] = []
            for story_id, claims in batch.claims.items():
                documents += len({claim.document_id for claim in claims})
                story_rows, story_slot_of, story_flags = corroborate_story(
                    story_id, batch, copy_lineage, index, series, kinds)
                rows.extend(story_rows)
                slot_of.update(story_slot_of)
                flags.extend(story_flags)
            queries.save_slots(session, rows, slot_of)
            queries.save_flags(session, flags, decisions)
            flagged.update((flag.claim_id or "", flag.kind) for flag in flags)
            saved.update(flag.id for flag in flags)
        across = consensus_flags(
            index, lambda ids: queries.claims_by_ids(session, ids, types), flagged)
        across += [flag for flag in [*series.flags(), *kinds.flags()]
                   if (flag.claim_id, flag.kind) not in flagged]
        queries.save_flags(session, [flag for flag in across if flag.id not in saved],
                           decisions)
        grade_outlets(session)
    return documents


@dataclass
class StoryBatch:
    """What a batch of stories needs from the store, read in a few queries: each story's
    claims, the claims of copy ancestors that sit outside their story, the linked names of
    every document, the known spellings of the entities they name, and text lengths."""

    claims: dict[str | None, list[ClaimRecord]]
    outside_ancestors: dict[str | None, set[str]]
    ancestor_claims: dict[str, list[ClaimRecord]]
    mentions: dict[str, list[NameMention]]
    spellings: dict[str, set[str]]
    lengths: dict[str, int]

    @classmethod
    def load(cls, session: Session, story_ids: Sequence[str | None], types: dict[str, str],
             copy_lineage: Lineage) -> StoryBatch:
        claims = queries.claims_of_stories(session, story_ids, types)
        documents = {claim.document_id for story in claims.values() for claim in story}
        outside = {story_id: _outside_ancestors({claim.document_id for claim in story},
                                                copy_lineage)
                   for story_id, story in claims.items()}
        wanted = set().union(*outside.values())
        mentions: dict[str, list[NameMention]] = defaultdict(list)
        for mention in queries.name_mentions(session, documents):
            mentions[mention.document_id].append(mention)
        spellings = queries.known_spellings(
            session, {mention.entity_id for found in mentions.values() for mention in found})
        for entity_id, wrong in known_misspellings().items():
            if entity_id in spellings:
                spellings[entity_id] -= wrong
        return cls(claims=claims, outside_ancestors=outside,
                   ancestor_claims=queries.claims_of_documents(session, wanted, types)
                   if wanted else {},
                   mentions=mentions, spellings=spellings,
                   lengths=queries.text_lengths(session, documents))


def corroborate_story(story_id: str | None, batch: StoryBatch, copy_lineage: Lineage,
                      index: ConsensusIndex | None = None,
                      series: SeriesIndex | None = None, kinds: KindsIndex | None = None,
                      ) -> tuple[list[dict[str, Any]], dict[str, str], list[FlagRecord]]:
    """Slots, origins and flags of one story of the batch: its slot rows, the slot of each
    claim, and its flags. Its figure claims go into `index`, the series its documents read
    into `series` and its counts into `kinds`, for the comparisons across stories."""
    claims = batch.claims[story_id]
    by_document: dict[str, list[ClaimRecord]] = defaultdict(list)
    for claim in claims:
        by_document[claim.document_id].append(claim)
    for document_id in batch.outside_ancestors[story_id]:
        by_document[document_id] = batch.ancestor_claims.get(document_id, [])

    slots = group_slots(claims)
    slot_of = {claim.id: slot.id for slot in slots for claim in slot.claims}
    members = {slot.id: slot.claims for slot in slots}

    def claims_of(document_id: str) -> Sequence[ClaimRecord]:
        return by_document.get(document_id, ())

    story_documents = sorted({claim.document_id for claim in claims})
    flags, aligned = lineage_flags(story_documents, claims_of, copy_lineage, slot_of,
                                   lambda slot_id: members.get(slot_id, ()))
    rows = []
    for slot in slots:
        found = origins(slot.claims, copy_lineage)
        for origin in found:
            flags.extend(relay_flags(origin, aligned, copy_lineage))
            flags.extend(origin_hedge_flags(origin, {(f.claim_id, f.kind) for f in flags}))
        rows.append(_slot_row(slot, found, copy_lineage))
    flags.extend(_slot_departure_flags(slots, flags, copy_lineage))
    # the rules below compare figures said by several versions; a denial ("does not produce
    # 100 a month") says no figure, it contradicts one (`agreement.compare`, above)
    claims = [claim for claim in claims if claim.modality != DENIED]
    stated = {document_id: [claim for claim in found if claim.modality != DENIED]
              for document_id, found in by_document.items()}
    flags.extend(_counted_flags(claims, flags, copy_lineage))
    flagged = {(flag.claim_id, flag.kind) for flag in flags}
    flags.extend(flag for flag in sourcing_flags(claims, copy_lineage.root)
                 if (flag.claim_id, flag.kind) not in flagged)
    flags.extend(flag for flag in baseline_flags(claims, copy_lineage.root)
                 if (flag.claim_id, flag.kind) not in flagged)
    mentions = [mention for document_id in story_documents
                for mention in batch.mentions.get(document_id, ())]
    weapons = {mention.entity_id for mention in mentions if mention.label in WEAPON_LABELS}
    flagged = {(flag.claim_id, flag.kind) for flag in flags}
    flags.extend(flag for flag in sample_flags(claims, weapons.__contains__)
                 if (flag.claim_id, flag.kind) not in flagged)
    flags.extend(flag for flag in sum_flags(claims) if (flag.claim_id, flag.kind) not in flagged)
    flagged = {(flag.claim_id, flag.kind) for flag in flags}
    flags.extend(flag for document_id in story_documents
                 for flag in own_arithmetic_flags(stated[document_id])
                 if (flag.claim_id, flag.kind) not in flagged)
    flags.extend(_name_flags(mentions, batch, by_document, copy_lineage))
    if index is not None:
        _index_claims(index, claims, mentions, copy_lineage)
    for document_id in story_documents:
        if series is not None:
            series.add(stated[document_id], copy_lineage.root(document_id))
        if kinds is not None:
            kinds.add(stated[document_id], copy_lineage.root(document_id))
    return rows, slot_of, flags


def _slot_departure_flags(slots: list[SlotGroup], flags: list[FlagRecord],
                          copy_lineage: Lineage) -> list[FlagRecord]:
    """Each slot's lone plain versions, unless already flagged the same way; a claim is in
    one slot, so the slots never flag each other's claims."""
    flagged = {(flag.claim_id, flag.kind) for flag in flags}
    found = []
    for slot in slots:
        by_id = {claim.id: claim for claim in slot.claims}
        for departing, reference, axis in slot_departures(slot.claims, copy_lineage.root):
            if (departing.claim_id, AXES[axis][0]) not in flagged:
                found.append(departure_flag(by_id[departing.claim_id],
                                            by_id[reference.claim_id], axis))
    return found


def _counted_flags(claims: list[ClaimRecord], flags: list[FlagRecord],
                   copy_lineage: Lineage) -> list[FlagRecord]:
    """The story's lone counts of another thing (`counted_departures`), unless already
    flagged as a changed value."""
    flagged = {(flag.claim_id, flag.kind) for flag in flags}
    by_id = {claim.id: claim for claim in claims}
    return [departure_flag(by_id[departing.claim_id], by_id[reference.claim_id], axis)
            for departing, reference, axis in counted_departures(claims, copy_lineage.root)
            if (departing.claim_id, AXES[axis][0]) not in flagged]


def _outside_ancestors(documents: set[str], copy_lineage: Lineage) -> set[str]:
    """Ancestors of the story's documents that sit in another story (or none)."""
    wanted: set[str] = set()
    for document_id in documents:
        wanted.update(a for a, _, _ in copy_lineage.ancestors(document_id))
    return wanted - documents


def _slot_row(slot: SlotGroup, found: list[Origin], copy_lineage: Lineage) -> dict[str, Any]:
    grade = grades.credibility(found)
    independent = [origin for origin in found if origin.kind == "independent"]
    origin_doc = origin_document(found, copy_lineage)
    origin_claim = next((c.id for c in found[0].claims if c.document_id == origin_doc),
                        found[0].claim_id) if found else None
    by_id = {claim.id: claim for claim in slot.claims}
    return {
        "id": slot.id, "key": slot.key, "subject": slot.subject, "property": slot.property,
        "reference": slot.reference, "story_id": slot.story_id,
        "independent_origins": len(independent), "origin_claim_id": origin_claim,
        "primary_source": found[0].source if found else None,
        "credibility": int(grade.value), "credibility_reasons": grade.reasons,
        "summary": {
            "origin_document_id": origin_doc,
            "origin_doc_id": by_id[origin_claim].doc_key if origin_claim in by_id else None,
            "counted": slot.counted,
            "origins": [{"source": origin.source, "kind": origin.kind,
                         "doc_id": origin.claims[0].doc_key,
                         "claim_ids": [claim.id for claim in origin.claims]}
                        for origin in found],
            "self_reports": sum(origin.kind == "self_report" for origin in found),
            "values": [_value_entry(claim) for claim in slot.claims],
        },
    }


def _value_entry(claim: ClaimRecord) -> dict[str, Any]:
    """One version's value in the slot's timeline (as-of order is the caller's to apply)."""
    as_of = (claim.qualifiers or {}).get("as_of")
    return {"claim_id": claim.id, "doc_id": claim.doc_key, "language": claim.language,
            "text": (claim.value or {}).get("text"), "low": (claim.value or {}).get("low"),
            "high": (claim.value or {}).get("high"), "unit": claim.unit,
            "modality": claim.modality,
            "as_of": as_of.get("text") if isinstance(as_of, dict) else None}


@lru_cache(maxsize=64)
def _part_cues(language: str) -> CueSet:
    return cue_set(language, "properties", "part_of")


def _index_claims(index: ConsensusIndex, claims: list[ClaimRecord],
                  mentions: list[NameMention], copy_lineage: Lineage) -> None:
    """Each claim with the weapons named inside its span (what its figure counts, often)."""
    weapons: dict[str, list[NameMention]] = defaultdict(list)
    for mention in mentions:
        if mention.label in WEAPON_LABELS:
            weapons[mention.document_id].append(mention)
    for claim in claims:
        inside = [mention for mention in weapons.get(claim.document_id, ())
                  if claim.start <= mention.start and mention.end <= claim.end]
        scope = {mention.entity_id: role for mention in inside
                 if (role := weapon_scope(claim, mention.start,
                                          _part_cues(claim.language or "en"))) is not None}
        index.add(claim, copy_lineage.root(claim.document_id),
                  {mention.entity_id for mention in inside}, scope)
        index.weapon_names.update((mention.entity_id, mention.entity_name) for mention in inside)
    index.finish_story()


def _name_flags(mentions: list[NameMention], batch: StoryBatch,
                by_document: dict[str, list[ClaimRecord]],
                copy_lineage: Lineage) -> list[FlagRecord]:
    entities: dict[str, set[str]] = defaultdict(set)
    for mention in mentions:
        entities[mention.document_id].add(mention.entity_id)

    def claim_at(document_id: str, start: int, end: int) -> str | None:
        return next((claim.id for claim in by_document.get(document_id, ())
                     if claim.start <= start and end <= claim.end), None)

    return garbled_names(mentions, batch.spellings, copy_lineage,
                         lambda document_id: entities.get(document_id, set()), claim_at,
                         lambda document_id: batch.lengths.get(document_id, 0))


@lru_cache(maxsize=1)
def known_misspellings() -> dict[str, frozenset[str]]:
    """Gazetteer aliases marked `misspelling`: they link a garbled name to its entity, but
    are no correct form of it, so that name_garbled still fires on them."""
    found: dict[str, frozenset[str]] = {}
    for entry in load_gazetteer().entries:
        wrong = frozenset(alias.text for alias in entry.aliases if alias.misspelling)
        if wrong:
            found[gazetteer_entity_id(entry.key)] = wrong
    return found


def grade_outlets(session: Session) -> None:
    """Source reliability A-F for every outlet, from its record in this run."""
    found = {}
    for record in queries.outlet_records(session):
        grade = grades.reliability(grades.SourceRecord(record.claims, record.flagged,
                                                       record.confirmed))
        found[record.source_id] = (str(grade.value), grade.reasons)
    queries.set_reliability(session, found)


register(CorpusStage(
    name="corroborate",
    version=VERSION,
    run=run,
    requires=("claims", "stories"),
    description="Slots, independent origins, distortion flags and Admiralty grades.",
))
