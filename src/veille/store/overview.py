"""Read-only summaries of the whole store, for the demo report and `veille status`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from veille.store.models import Claim, Document, Entity, Flag, Mention, Source, Story


@dataclass
class Overview:
    counts: dict[str, int]
    languages: list[tuple[str, int]]
    documents: list[dict[str, Any]] = field(default_factory=list)
    stories: list[dict[str, Any]] = field(default_factory=list)
    entities: list[dict[str, Any]] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)
    flags: list[dict[str, Any]] = field(default_factory=list)


def _count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def overview(session: Session, *, limit: int = 500) -> Overview:
    """Counts and the first `limit` rows of each kind, newest documents first."""
    counts = {name: _count(session, model) for name, model in (
        ("documents", Document), ("sources", Source), ("stories", Story),
        ("entities", Entity), ("mentions", Mention), ("claims", Claim), ("flags", Flag))}
    languages = list(session.execute(
        select(Document.language, func.count()).group_by(Document.language)
        .order_by(func.count().desc())).all())
    external = dict(session.execute(select(Document.id, Document.external_id)).all())
    sources = dict(session.execute(select(Source.id, Source.name)).all())
    result = Overview(counts, [(lang or "?", n) for lang, n in languages])
    for document in session.scalars(
        select(Document).order_by(Document.published.desc(), Document.external_id).limit(limit)
    ):
        result.documents.append({
            "doc_id": document.external_id, "title": document.title,
            "source": sources.get(document.source_id or ""), "language": document.language,
            "published": document.published, "story_id": document.story_id,
            "copy_of": external.get(document.copy_of or ""), "copy_kind": document.copy_kind,
        })
    for story in session.scalars(select(Story).order_by(Story.size.desc()).limit(limit)):
        result.stories.append({
            "id": story.id, "title": story.title, "size": story.size,
            "first": story.first_published, "last": story.last_published,
            "origin": external.get(story.origin_document_id or ""),
        })
    mention_counts = (
        select(Mention.entity_id, func.count().label("n"))
        .where(Mention.entity_id.is_not(None)).group_by(Mention.entity_id).subquery()
    )
    for entity, n in session.execute(
        select(Entity, mention_counts.c.n).join(mention_counts, mention_counts.c.entity_id == Entity.id)
        .order_by(mention_counts.c.n.desc()).limit(limit)
    ).all():
        result.entities.append({"id": entity.id, "name": entity.name, "type": entity.type,
                                "mentions": n, "known": entity.gazetteer_key is not None})
    for claim in session.scalars(select(Claim).order_by(Claim.document_id, Claim.start,
                                                     Claim.id).limit(limit)):
        result.claims.append({
            "id": claim.id, "doc_id": external.get(claim.document_id), "subject": claim.subject,
            "property": claim.property, "value": (claim.value or {}).get("text"),
            "unit": claim.unit, "modality": claim.modality, "quote": claim.quote,
        })
    # the flagged words themselves: several claims of one document may share a reason
    flagged_text = func.substr(Document.text, Flag.start + 1, Flag.end - Flag.start)
    for flag, text in session.execute(
            select(Flag, flagged_text).join(Document, Document.id == Flag.document_id)
            .order_by(Flag.kind, Flag.document_id, Flag.start).limit(limit)).all():
        result.flags.append({
            "kind": flag.kind, "doc_id": external.get(flag.document_id), "text": text,
            "reference": external.get(flag.reference_document_id or ""), "reason": flag.reason,
        })
    return result
