"""Queries of the corroboration stage: load claims story by story with their copy lineage,
replace slots and flags (keeping analysts' decisions on flags), grade sources, and the read
queries behind `veille trace`, `veille flags` and `veille slots`."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from veille.corroborate.flags import NAME_LABELS, FlagRecord, NameMention
from veille.corroborate.records import ClaimRecord, Lineage, SourceRef
from veille.store.models import (
    Alias,
    Claim,
    CopyEdge,
    Document,
    Entity,
    Flag,
    Mention,
    Slot,
    Source,
)

_CLAIM_COLUMNS = (Claim, Document.external_id, Document.language, Document.published,
                  Document.story_id, Source.name)


def entity_types(session: Session) -> dict[str, str]:
    """Every entity's type, so that attribution links can be told apart from places."""
    return dict(session.execute(select(Entity.id, Entity.type)).all())


def _record(row: Any, types: dict[str, str]) -> ClaimRecord:
    claim, external_id, language, published, story_id, outlet = row
    sources = tuple(
        SourceRef(name=str(link.get("name") or ""), role=str(link.get("role") or ""),
                  entity_id=link.get("entity_id"),
                  entity_type=types.get(link.get("entity_id") or ""),
                  inherited=bool(link.get("inherited")))
        for link in claim.attribution or () if isinstance(link, dict))
    return ClaimRecord(
        id=claim.id, document_id=claim.document_id, property=claim.property,
        value=dict(claim.value or {}), subject=claim.subject,
        subject_entity_id=claim.subject_entity_id, unit=claim.unit, reference=claim.reference,
        qualifiers=dict(claim.qualifiers or {}), sources=sources, modality=claim.modality,
        estimative_level=claim.estimative_level, confidence=claim.confidence,
        start=claim.start, end=claim.end, quote=claim.quote, doc_key=external_id,
        language=language, published=published, outlet=outlet, story_id=story_id)


def _claims_query() -> Any:
    return (select(*_CLAIM_COLUMNS).join(Document, Document.id == Claim.document_id)
            .outerjoin(Source, Source.id == Document.source_id))


def story_ids(session: Session) -> list[str | None]:
    """The stories that have claims (None for documents in no story)."""
    return list(session.scalars(select(Document.story_id).distinct()
                                .join(Claim, Claim.document_id == Document.id)
                                .order_by(Document.story_id)))


def claims_of_stories(session: Session, story_ids: Sequence[str | None],
                      types: dict[str, str]) -> dict[str | None, list[ClaimRecord]]:
    """The claims of these stories' documents, story by story in the order given, each
    story's document by document. None stands for the documents in no story."""
    found: dict[str | None, list[ClaimRecord]] = {story_id: [] for story_id in story_ids}
    named = [story_id for story_id in story_ids if story_id is not None]
    conditions = [Document.story_id.in_(named[offset:offset + 500])
                  for offset in range(0, len(named), 500)]
    if None in found:
        conditions.append(Document.story_id.is_(None))
    for condition in conditions:
        query = _claims_query().where(condition).order_by(Claim.document_id, Claim.start,
                                                          Claim.id)
        for row in session.execute(query):
            record = _record(row, types)
            found[record.story_id].append(record)
    return found


def claims_of_documents(session: Session, document_ids: Iterable[str],
                        types: dict[str, str]) -> dict[str, list[ClaimRecord]]:
    wanted = sorted(set(document_ids))
    found: dict[str, list[ClaimRecord]] = {doc: [] for doc in wanted}
    for offset in range(0, len(wanted), 500):
        chunk = wanted[offset:offset + 500]
        query = _claims_query().where(Claim.document_id.in_(chunk)).order_by(
            Claim.start, Claim.end, Claim.id)
        for row in session.execute(query):
            record = _record(row, types)
            found[record.document_id].append(record)
    return found


def claims_by_ids(session: Session, claim_ids: Iterable[str],
                  types: dict[str, str]) -> dict[str, ClaimRecord]:
    wanted = sorted(set(claim_ids))
    found: dict[str, ClaimRecord] = {}
    for offset in range(0, len(wanted), 500):
        query = _claims_query().where(Claim.id.in_(wanted[offset:offset + 500]))
        for row in session.execute(query):
            record = _record(row, types)
            found[record.id] = record
    return found


def lineage(session: Session) -> Lineage:
    """Copy relations from the stories stage: each document's chosen original (`copy_of`),
    else, for a document without one, its copy edges. The chosen original makes a tree, so
    that "nearest ancestor" follows the best link, not any resemblance."""
    edges = [(copy_of, document_id, kind or "rewrite")
             for document_id, copy_of, kind in session.execute(
                 select(Document.id, Document.copy_of, Document.copy_kind)
                 .where(Document.copy_of.is_not(None)))]
    chosen = {target for _, target, _ in edges}
    edges.extend((source, target, kind) for source, target, kind in session.execute(
        select(CopyEdge.source_document_id, CopyEdge.target_document_id, CopyEdge.kind))
        if target not in chosen)
    return Lineage.from_edges(edges)


def name_mentions(session: Session, document_ids: Iterable[str]) -> list[NameMention]:
    """The linked names in these documents. Labels are filtered here, not in SQL, so that
    the query can only go through the document index."""
    wanted = sorted(set(document_ids))
    found: list[NameMention] = []
    for offset in range(0, len(wanted), 500):
        query = (select(Mention.document_id, Mention.start, Mention.end, Mention.text,
                        Mention.label, Mention.entity_id, Entity.name)
                 .join(Entity, Entity.id == Mention.entity_id)
                 .where(Mention.document_id.in_(wanted[offset:offset + 500])))
        found.extend(NameMention(*row) for row in session.execute(query)
                     if row.label in NAME_LABELS)
    return found


def text_lengths(session: Session, document_ids: Iterable[str]) -> dict[str, int]:
    wanted = sorted(set(document_ids))
    found: dict[str, int] = {}
    for offset in range(0, len(wanted), 500):
        found.update(session.execute(select(Document.id, func.length(Document.text))
                                     .where(Document.id.in_(wanted[offset:offset + 500]))).all())
    return found


def known_spellings(session: Session, entity_ids: Iterable[str]) -> dict[str, set[str]]:
    """Each entity's canonical name and gazetteer aliases (not forms learnt from documents,
    which may be the very misspellings to flag)."""
    wanted = sorted(set(entity_ids))
    spellings: dict[str, set[str]] = defaultdict(set)
    for offset in range(0, len(wanted), 500):
        chunk = wanted[offset:offset + 500]
        for entity_id, name in session.execute(select(Entity.id, Entity.name)
                                               .where(Entity.id.in_(chunk))):
            spellings[entity_id].add(name)
        for entity_id, text in session.execute(
                select(Alias.entity_id, Alias.text)
                .where(Alias.entity_id.in_(chunk), Alias.origin == "gazetteer")):
            spellings[entity_id].add(text)
    return dict(spellings)


# -- writing ---------------------------------------------------------------------------------

def clear_results(session: Session) -> dict[str, tuple[str, str | None]]:
    """Remove slots and flags of an earlier run; return the analysts' decisions on flags."""
    decisions = {flag_id: (status, decided_by) for flag_id, status, decided_by in
                 session.execute(select(Flag.id, Flag.status, Flag.decided_by)
                                 .where(Flag.status != "open"))}
    session.execute(update(Claim).where(Claim.slot_id.is_not(None)).values(slot_id=None))
    session.execute(delete(Flag))
    session.execute(delete(Slot))
    return decisions


def save_slots(session: Session, slots: list[dict[str, Any]],
               assignments: dict[str, str]) -> None:
    if slots:
        session.execute(insert(Slot), slots)
    if assignments:
        session.execute(update(Claim), [{"id": claim_id, "slot_id": slot_id}
                                        for claim_id, slot_id in assignments.items()])


def save_flags(session: Session, flags: Iterable[FlagRecord],
               decisions: dict[str, tuple[str, str | None]]) -> int:
    """Insert flags (one per id); a flag an analyst decided on comes back with the decision."""
    rows: dict[str, dict[str, Any]] = {}
    for flag in flags:
        if flag.id in rows:
            continue
        status, decided_by = decisions.get(flag.id, ("open", None))
        rows[flag.id] = {
            "id": flag.id, "kind": flag.kind, "document_id": flag.document_id,
            "claim_id": flag.claim_id, "start": flag.start, "end": flag.end,
            "reference_document_id": flag.reference_document_id,
            "reference_claim_id": flag.reference_claim_id, "reason": flag.reason,
            "status": status, "decided_by": decided_by}
    if rows:
        session.execute(insert(Flag), list(rows.values()))
    return len(rows)


@dataclass
class OutletRecord:
    source_id: str
    claims: int
    flagged: int
    confirmed: int


def outlet_records(session: Session) -> list[OutletRecord]:
    """Per outlet: its claims, those flagged (not rejected by an analyst), those confirmed."""
    claims = Counter(dict(session.execute(
        select(Document.source_id, func.count(Claim.id))
        .join(Claim, Claim.document_id == Document.id)
        .where(Document.source_id.is_not(None)).group_by(Document.source_id)).all()))
    flagged = Counter(dict(session.execute(
        select(Document.source_id, func.count(func.distinct(Flag.claim_id)))
        .join(Flag, Flag.document_id == Document.id)
        .where(Flag.status != "rejected", Flag.claim_id.is_not(None))
        .group_by(Document.source_id)).all()))
    confirmed = Counter(dict(session.execute(
        select(Document.source_id, func.count(Claim.id))
        .join(Claim, Claim.document_id == Document.id)
        .join(Slot, Slot.id == Claim.slot_id)
        .where(Slot.credibility == 1).group_by(Document.source_id)).all()))
    return [OutletRecord(source_id, count, flagged.get(source_id, 0),
                         confirmed.get(source_id, 0))
            for source_id, count in claims.items()]


def set_reliability(session: Session, grades: dict[str, tuple[str, list[str]]]) -> None:
    session.execute(update(Source).values(reliability=None, reliability_reasons=None))
    if grades:
        session.execute(update(Source), [
            {"id": source_id, "reliability": grade, "reliability_reasons": reasons}
            for source_id, (grade, reasons) in grades.items()])


# -- reading ---------------------------------------------------------------------------------

def list_flags(session: Session, *, kind: str | None = None, document: str | None = None,
               story: str | None = None, status: str | None = None,
               limit: int | None = None) -> list[tuple[Flag, str, str | None]]:
    """Flags with their document's doc_id and the reference document's doc_id."""
    reference = Document.__table__.alias("reference")
    query = (select(Flag, Document.external_id, reference.c.external_id)
             .join(Document, Document.id == Flag.document_id)
             .outerjoin(reference, reference.c.id == Flag.reference_document_id)
             .order_by(Document.external_id, Flag.start, Flag.kind))
    if kind:
        query = query.where(Flag.kind == kind)
    if document:
        query = query.where(Document.external_id == document)
    if story:
        query = query.where(Document.story_id == story)
    if status:
        query = query.where(Flag.status == status)
    if limit:
        query = query.limit(limit)
    return [(flag, doc_id, reference_id) for flag, doc_id, reference_id in session.execute(query)]


def list_slots(session: Session, *, story: str | None = None,
               limit: int | None = None) -> list[Slot]:
    query = select(Slot).order_by(Slot.story_id, Slot.independent_origins.desc(), Slot.key)
    if story:
        query = query.where(Slot.story_id == story)
    if limit:
        query = query.limit(limit)
    return list(session.scalars(query))


def slot_claim_ids(session: Session, slot_ids: Iterable[str]) -> dict[str, list[str]]:
    wanted = sorted(set(slot_ids))
    found: dict[str, list[str]] = defaultdict(list)
    for offset in range(0, len(wanted), 500):
        for slot_id, claim_id in session.execute(
                select(Claim.slot_id, Claim.id).where(Claim.slot_id.in_(
                    wanted[offset:offset + 500])).order_by(Claim.document_id, Claim.start,
                                                           Claim.id)):
            found[slot_id].append(claim_id)
    return dict(found)


@dataclass
class TraceVersion:
    """One version of a claim in a lineage tree."""

    claim: Claim
    doc_id: str
    language: str | None
    published: Any
    outlet: str | None
    flags: list[Flag]


def trace(session: Session, claim_id: str) -> tuple[Claim, Slot | None, list[TraceVersion],
                                                    Lineage] | None:
    """The claim, its slot, every version in the slot (or the claim alone) and the lineage."""
    claim = session.get(Claim, claim_id)
    if claim is None:
        return None
    slot = session.get(Slot, claim.slot_id) if claim.slot_id else None
    claims = (list(session.scalars(select(Claim).where(Claim.slot_id == slot.id)))
              if slot else [claim])
    documents = {row.id: row for row in session.execute(
        select(Document.id, Document.external_id, Document.language, Document.published,
               Source.name.label("outlet"))
        .outerjoin(Source, Source.id == Document.source_id)
        .where(Document.id.in_({c.document_id for c in claims})))}
    flags: dict[str, list[Flag]] = defaultdict(list)
    for flag in session.scalars(select(Flag).where(Flag.claim_id.in_([c.id for c in claims]))):
        flags[flag.claim_id or ""].append(flag)
    versions = [TraceVersion(c, documents[c.document_id].external_id,
                             documents[c.document_id].language,
                             documents[c.document_id].published,
                             documents[c.document_id].outlet, flags.get(c.id, []))
                for c in claims]
    return claim, slot, versions, lineage(session)


def iter_slot_rows(session: Session) -> Iterator[tuple[Slot, list[Claim], dict[str, str]]]:
    """Every slot with its claims and the doc_id of each claim's document (for exports)."""
    external = dict(session.execute(select(Document.id, Document.external_id)).all())
    for slot in session.scalars(select(Slot).order_by(Slot.story_id, Slot.key)
                                .execution_options(yield_per=1000)):
        claims = list(session.scalars(select(Claim).where(Claim.slot_id == slot.id)
                                      .order_by(Claim.document_id, Claim.start, Claim.id)))
        yield slot, claims, external


def set_copy_links(session: Session, links: list[tuple[str, str, str]]) -> None:
    """Replace the copy lineage with known links (source doc_id, target doc_id, kind), e.g.
    an analyst's or a gold file's, so corroboration can be judged apart from copy detection."""
    ids = dict(session.execute(select(Document.external_id, Document.id)).all())
    session.execute(delete(CopyEdge))
    session.execute(update(Document).values(copy_of=None, copy_kind=None))
    for source, target, kind in links:
        if source in ids and target in ids:
            session.execute(update(Document).where(Document.id == ids[target])
                            .values(copy_of=ids[source], copy_kind=kind))
