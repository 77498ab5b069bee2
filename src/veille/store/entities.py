"""Queries on entities, their aliases and merges.

A merge never rewrites mentions: the merged entity keeps its rows and gets `merged_into`,
and readers resolve the chain (`canonical_ids`). Undoing a merge clears `merged_into` and
stamps the EntityMerge row, so the decision and its reversal both stay on record.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from veille.ids import stable_id
from veille.store.documents import utcnow
from veille.store.models import Alias, Document, Entity, EntityMerge, Mention


class EntityStoreError(ValueError):
    """A merge or lookup that cannot be done; the message is one line for the user."""


def unknown_entity_id(identity: str) -> str:
    """Id of a name outside the gazetteer, from its normalised name and type."""
    return stable_id("ent_", "unknown", identity)


def find_entity(session: Session, reference: str) -> Entity | None:
    """An entity by id, gazetteer key, or exact name (case-insensitive)."""
    entity = session.get(Entity, reference)
    if entity is not None:
        return entity
    entity = session.scalar(select(Entity).where(Entity.gazetteer_key == reference))
    if entity is not None:
        return entity
    matches = list(session.scalars(
        select(Entity).where(func.lower(Entity.name) == reference.lower()).limit(2)))
    return matches[0] if len(matches) == 1 else None


def get_or_create_entity(session: Session, entity_id: str, *, name: str, type: str,
                         flush: bool = True, **fields: Any) -> tuple[Entity, bool]:
    """The entity with this id, created with `name`, `type` and `fields` if absent (and
    written at once unless `flush` is false: a caller creating many flushes them once)."""
    entity = session.get(Entity, entity_id)
    if entity is not None:
        return entity, False
    entity = Entity(id=entity_id, name=name, type=type, **fields)
    session.add(entity)
    if flush:
        session.flush()
    return entity, True


def update_entity(entity: Entity, **fields: Any) -> None:
    for name, value in fields.items():
        setattr(entity, name, value)


def alias_texts(session: Session, entity_id: str) -> set[str]:
    return set(session.scalars(select(Alias.text).where(Alias.entity_id == entity_id)))


def add_alias(session: Session, entity_id: str, text: str, *, normalized: str,
              script: str | None, origin: str, document_id: str | None = None,
              score: float | None = None) -> tuple[Alias, bool]:
    """Record a written form of an entity once; the first document that gave it is kept."""
    alias = session.scalar(select(Alias).where(Alias.entity_id == entity_id, Alias.text == text))
    if alias is not None:
        return alias, False
    alias = Alias(entity_id=entity_id, text=text, normalized=normalized, script=script,
                  origin=origin, document_id=document_id, score=score)
    session.add(alias)
    session.flush()
    return alias, True


def alias_pairs(session: Session, entity_ids: Iterable[str]) -> set[tuple[str, str]]:
    """The (entity id, written form) of every alias of these entities."""
    wanted = list(dict.fromkeys(entity_ids))
    found: set[tuple[str, str]] = set()
    for offset in range(0, len(wanted), 500):
        found.update((entity_id, text) for entity_id, text in session.execute(
            select(Alias.entity_id, Alias.text)
            .where(Alias.entity_id.in_(wanted[offset:offset + 500]))))
    return found


def aliases_of(session: Session, entity_id: str) -> list[Alias]:
    """Aliases of an entity and of every entity merged into it (not undone)."""
    members = merged_members(session, entity_id)
    return list(session.scalars(
        select(Alias).where(Alias.entity_id.in_(members)).order_by(Alias.origin, Alias.text)))


def entities_by_alias(session: Session, normalized: str) -> list[Entity]:
    """Entities that have an alias with this normalised form (canonical entities first)."""
    owners = select(Alias.entity_id).where(Alias.normalized == normalized)
    query = (select(Entity).where(Entity.id.in_(owners))
             .order_by(Entity.merged_into.is_not(None), Entity.name))
    return list(session.scalars(query))


# --- merges --------------------------------------------------------------------------------------

def canonical_ids(session: Session) -> dict[str, str]:
    """merged entity id -> the entity it finally resolves to (only merged entities listed)."""
    parents: dict[str, str] = {
        entity_id: target for entity_id, target in session.execute(
            select(Entity.id, Entity.merged_into).where(Entity.merged_into.is_not(None)))
        if target is not None}
    resolved: dict[str, str] = {}
    for entity_id in parents:
        current, seen = entity_id, {entity_id}
        while current in parents and parents[current] not in seen:
            current = parents[current]
            seen.add(current)
        resolved[entity_id] = current
    return resolved


def resolve(session: Session, entity_id: str) -> Entity | None:
    """The entity `entity_id` resolves to after following merges."""
    entity = session.get(Entity, entity_id)
    seen: set[str] = set()
    while entity is not None and entity.merged_into and entity.id not in seen:
        seen.add(entity.id)
        entity = session.get(Entity, entity.merged_into)
    return entity


def merged_members(session: Session, entity_id: str) -> list[str]:
    """The entity and every entity that resolves to it."""
    return [entity_id, *(source for source, target in canonical_ids(session).items()
                         if target == entity_id)]


def merge_entities(session: Session, source_id: str, target_id: str, *,
                   decided_by: str, reason: str | None = None) -> EntityMerge:
    """Record that `source` is the same as `target`; its mentions then count for `target`."""
    source = session.get(Entity, source_id)
    target = session.get(Entity, target_id)
    if source is None or target is None:
        raise EntityStoreError(f"no entity '{source_id if source is None else target_id}'")
    if source.merged_into:
        raise EntityStoreError(f"entity '{source.id}' is already merged into '{source.merged_into}'"
                               " (unmerge it first)")
    final = resolve(session, target.id)
    if final is None or final.id == source.id:
        raise EntityStoreError(f"merging '{source.id}' into '{target.id}' would make a cycle")
    source.merged_into = final.id
    merge = EntityMerge(source_entity_id=source.id, target_entity_id=final.id,
                        decided_by=decided_by, reason=reason, created_at=utcnow())
    session.add(merge)
    session.flush()
    return merge


def undo_merge(session: Session, merge_id: int) -> EntityMerge:
    """Undo a merge: the source entity stands on its own again."""
    merge = session.get(EntityMerge, merge_id)
    if merge is None:
        raise EntityStoreError(f"no merge with id {merge_id}")
    if merge.undone_at is not None:
        raise EntityStoreError(f"merge {merge_id} was already undone on {merge.undone_at:%Y-%m-%d}")
    source = session.get(Entity, merge.source_entity_id)
    if source is not None and source.merged_into == merge.target_entity_id:
        source.merged_into = None
    merge.undone_at = utcnow()
    session.flush()
    return merge


def list_merges(session: Session, *, include_undone: bool = False) -> list[EntityMerge]:
    query = select(EntityMerge).order_by(EntityMerge.id)
    if not include_undone:
        query = query.where(EntityMerge.undone_at.is_(None))
    return list(session.scalars(query))


# --- listings --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class EntityRow:
    entity: Entity
    mentions: int
    aliases: int


def list_entities(session: Session, *, type: str | None = None, query: str | None = None,
                  include_merged: bool = False, limit: int | None = None) -> list[EntityRow]:
    """Entities with their mention and alias counts (merged members counted in the target).

    `query` matches a substring of the name or of any alias' normalised form.
    """
    statement = select(Entity)
    if type:
        statement = statement.where(Entity.type == type.upper())
    if not include_merged:
        statement = statement.where(Entity.merged_into.is_(None))
    if query:
        needle = f"%{query.lower()}%"
        with_alias = select(Alias.entity_id).where(
            or_(Alias.normalized.like(needle), func.lower(Alias.text).like(needle)))
        statement = statement.where(or_(func.lower(Entity.name).like(needle),
                                        Entity.id.in_(with_alias)))
    entities = list(session.scalars(statement))
    canonical = canonical_ids(session)
    mention_counts: dict[str, int] = {}
    for entity_id, count in session.execute(
            select(Mention.entity_id, func.count()).where(Mention.entity_id.is_not(None))
            .group_by(Mention.entity_id)).all():
        if entity_id is None:
            continue
        target = canonical.get(entity_id, entity_id)
        mention_counts[target] = mention_counts.get(target, 0) + count
    alias_counts = dict(session.execute(
        select(Alias.entity_id, func.count()).group_by(Alias.entity_id)).all())
    rows = [EntityRow(entity, mention_counts.get(entity.id, 0),
                      sum(alias_counts.get(member, 0) for member in
                          [entity.id, *(s for s, t in canonical.items() if t == entity.id)]))
            for entity in entities]
    rows.sort(key=lambda row: (-row.mentions, row.entity.type, row.entity.name.lower()))
    return rows[:limit] if limit else rows


@dataclass(frozen=True)
class MentionRow:
    doc_id: str
    start: int
    end: int
    text: str
    label: str
    stage: str
    entity: Entity | None
    link_score: float | None
    value: dict[str, Any] | None


def iter_mentions(session: Session) -> Iterator[MentionRow]:
    """Every mention with its document's external id and its entity resolved through merges."""
    canonical = canonical_ids(session)
    entities: dict[str, Entity] = {e.id: e for e in session.scalars(select(Entity))}
    query = (select(Mention, Document.external_id)
             .join(Document, Document.id == Mention.document_id)
             .order_by(Document.external_id, Mention.start, Mention.end, Mention.label))
    for mention, external_id in session.execute(query):
        entity = None
        if mention.entity_id:
            entity = entities.get(canonical.get(mention.entity_id, mention.entity_id))
        yield MentionRow(external_id, mention.start, mention.end, mention.text, mention.label,
                         mention.stage, entity, mention.link_score, mention.value)


def iter_entities_with_aliases(session: Session) -> Iterator[tuple[EntityRow, list[Alias]]]:
    """Canonical entities, their counts and every alias (merged members' included)."""
    canonical = canonical_ids(session)
    aliases: dict[str, list[Alias]] = {}
    for alias in session.scalars(select(Alias).order_by(Alias.entity_id, Alias.id)):
        target = canonical.get(alias.entity_id, alias.entity_id)
        aliases.setdefault(target, []).append(alias)
    for row in list_entities(session):
        yield row, aliases.get(row.entity.id, [])
