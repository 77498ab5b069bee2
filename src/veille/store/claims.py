"""Queries on claims: replace a document's claims, list them, fetch one."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from veille.ids import stable_id
from veille.store.models import Claim, Document, Entity

CLAIM_FIELDS = ("start", "end", "quote", "subject", "subject_entity_id", "property", "value",
                "unit", "reference", "qualifiers", "attribution", "modality",
                "estimative_level", "confidence")


def _entity(session: Session, entity_id: str | None) -> Entity | None:
    """The entity, following merges, or None when it is not in the store."""
    seen: set[str] = set()
    entity = session.get(Entity, entity_id) if entity_id else None
    while entity is not None and entity.merged_into and entity.merged_into not in seen:
        seen.add(entity.id)
        entity = session.get(Entity, entity.merged_into) or entity
        if entity.id in seen:
            break
    return entity


def resolved_subject(session: Session, draft: dict[str, Any],
                     entities: dict[str | None, Entity | None] | None = None
                     ) -> tuple[str, str | None]:
    """The subject as stored: the entity's name, or "<thing> (<facility>)" for a part of one.
    `entities` memoises the look-ups over a batch of drafts."""
    entity_id = draft.get("subject_entity_id")
    if entities is None:
        entity = _entity(session, entity_id)
    elif entity_id in entities:
        entity = entities[entity_id]
    else:
        entity = entities[entity_id] = _entity(session, entity_id)
    head = draft.get("subject_head")
    if entity is None:
        return (head or draft["subject"]), None
    if head and entity.type in ("FACILITY", "FAC"):
        return f"{head} ({entity.name})", entity.id
    return entity.name, entity.id


def replace_claims(session: Session, document_id: str, drafts: list[dict[str, Any]]) -> int:
    """Replace the document's claims with `drafts` (ClaimDraft.to_json() dicts)."""
    return replace_claims_of(session, {document_id: drafts})


def replace_claims_of(session: Session, drafts: Mapping[str, list[dict[str, Any]]]) -> int:
    """`replace_claims` for many documents in one delete and one insert; returns how many
    claims were stored (a draft repeating another's id is stored once)."""
    if not drafts:
        return 0
    session.execute(delete(Claim).where(Claim.document_id.in_(list(drafts))))
    session.flush()
    rows: dict[str, dict[str, Any]] = {}
    entities: dict[str | None, Entity | None] = {}
    for document_id, found in drafts.items():
        for draft in found:
            subject, entity_id = resolved_subject(session, draft, entities)
            fields = {name: draft.get(name) for name in CLAIM_FIELDS}
            fields.update(subject=subject, subject_entity_id=entity_id)
            claim_id = stable_id("clm_", document_id, fields["start"], fields["end"],
                                 fields["property"], subject)
            rows.setdefault(claim_id, {"id": claim_id, "document_id": document_id, **fields})
    if rows:  # through the table: one executemany, where the ORM splits rows by their Nones
        session.execute(insert(Claim.__table__), list(rows.values()))
    return len(rows)


def list_claims(session: Session, document_id: str | None = None,
                prop: str | None = None, modality: str | None = None) -> list[Claim]:
    query = select(Claim).order_by(Claim.document_id, Claim.start, Claim.property,
                                  Claim.id)
    if document_id is not None:
        query = query.where(Claim.document_id == document_id)
    if prop is not None:
        query = query.where(Claim.property == prop)
    if modality is not None:
        query = query.where(Claim.modality == modality)
    return list(session.scalars(query))


def iter_claims_with_documents(session: Session) -> Iterator[tuple[Claim, str]]:
    """Every claim with its document's external id, in document order."""
    query = (select(Claim, Document.external_id)
             .join(Document, Document.id == Claim.document_id)
             .order_by(Document.external_id, Claim.start, Claim.property))
    yield from session.execute(query)


def claim_by_id(session: Session, claim_id: str) -> Claim | None:
    return session.get(Claim, claim_id)
