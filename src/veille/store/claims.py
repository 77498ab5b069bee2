"""Queries on claims: replace a document's claims, list them, fetch one."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import delete, select
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


def resolved_subject(session: Session, draft: dict[str, Any]) -> tuple[str, str | None]:
    """The subject as stored: the entity's name, or "<thing> (<facility>)" for a part of one."""
    entity = _entity(session, draft.get("subject_entity_id"))
    head = draft.get("subject_head")
    if entity is None:
        return (head or draft["subject"]), None
    if head and entity.type in ("FACILITY", "FAC"):
        return f"{head} ({entity.name})", entity.id
    return entity.name, entity.id


def replace_claims(session: Session, document_id: str, drafts: list[dict[str, Any]]) -> int:
    """Replace the document's claims with `drafts` (ClaimDraft.to_json() dicts)."""
    session.execute(delete(Claim).where(Claim.document_id == document_id))
    session.flush()
    seen: set[str] = set()
    for draft in drafts:
        subject, entity_id = resolved_subject(session, draft)
        fields = {name: draft.get(name) for name in CLAIM_FIELDS}
        fields.update(subject=subject, subject_entity_id=entity_id)
        claim_id = stable_id("clm_", document_id, fields["start"], fields["end"],
                             fields["property"], subject)
        if claim_id in seen:
            continue
        seen.add(claim_id)
        session.add(Claim(id=claim_id, document_id=document_id, **fields))
    return len(seen)


def list_claims(session: Session, document_id: str | None = None,
                prop: str | None = None) -> list[Claim]:
    query = select(Claim).order_by(Claim.document_id, Claim.start, Claim.property)
    if document_id is not None:
        query = query.where(Claim.document_id == document_id)
    if prop is not None:
        query = query.where(Claim.property == prop)
    return list(session.scalars(query))


def iter_claims_with_documents(session: Session) -> Iterator[tuple[Claim, str]]:
    """Every claim with its document's external id, in document order."""
    query = (select(Claim, Document.external_id)
             .join(Document, Document.id == Claim.document_id)
             .order_by(Document.external_id, Claim.start, Claim.property))
    yield from session.execute(query)


def claim_by_id(session: Session, claim_id: str) -> Claim | None:
    return session.get(Claim, claim_id)
