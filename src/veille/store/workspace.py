"""Read queries behind the web workspace and the briefing report.

Every list is paginated (limit/offset) and every per-page figure is computed only for the rows
on the page, so the pages stay fast with 100,000 documents.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Select, String, cast, func, or_, select
from sqlalchemy.orm import Session

from veille.store.imagery_models import WatchedSite
from veille.store.models import (
    Alias,
    Citation,
    Claim,
    CopyEdge,
    Document,
    Entity,
    EntityMerge,
    Flag,
    Mention,
    Slot,
    Source,
    Story,
)


@dataclass
class Page:
    """One page of rows and the total they come from."""

    rows: list[Any]
    total: int
    limit: int
    offset: int

    @property
    def has_next(self) -> bool:
        return self.offset + self.limit < self.total

    @property
    def has_previous(self) -> bool:
        return self.offset > 0


def counts(session: Session) -> dict[str, int]:
    """How many rows of each kind the store holds."""
    kinds = (("documents", Document), ("sources", Source), ("stories", Story),
             ("entities", Entity), ("claims", Claim), ("slots", Slot), ("flags", Flag))
    return {name: session.scalar(select(func.count()).select_from(model)) or 0
            for name, model in kinds}


def languages(session: Session) -> list[tuple[str, int]]:
    rows = session.execute(select(Document.language, func.count()).group_by(Document.language)
                           .order_by(func.count().desc())).all()
    return [(language or "", n) for language, n in rows]


def sources(session: Session, *, limit: int = 500) -> list[Source]:
    return list(session.scalars(select(Source).order_by(Source.name).limit(limit)))


def source_page(session: Session, *, limit: int, offset: int) -> Page:
    total = session.scalar(select(func.count()).select_from(Source)) or 0
    rows = list(session.scalars(select(Source).order_by(Source.reliability.is_(None),
                                                        Source.reliability, Source.name)
                                .limit(limit).offset(offset)))
    return Page(rows, total, limit, offset)


def external_ids_for(session: Session, ids: set[str]) -> dict[str, str]:
    """Internal id -> doc_id for just these documents."""
    ids.discard("")
    if not ids:
        return {}
    return dict(session.execute(select(Document.id, Document.external_id)
                                .where(Document.id.in_(ids))).all())


def source_names_for(session: Session, ids: set[str | None]) -> dict[str, str]:
    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    return dict(session.execute(select(Source.id, Source.name).where(Source.id.in_(wanted))).all())


def document_page(session: Session, *, limit: int, offset: int, language: str | None = None,
                  story_id: str | None = None, source_id: str | None = None,
                  entity_id: str | None = None, since: datetime | None = None,
                  until: datetime | None = None) -> Page:
    """Documents newest first under the search filters (the search page without words)."""
    conditions = []
    if language:
        conditions.append(Document.language == language)
    if story_id:
        conditions.append(Document.story_id == story_id)
    if source_id:
        conditions.append(Document.source_id == source_id)
    if entity_id:
        conditions.append(Document.id.in_(select(Mention.document_id)
                                          .where(Mention.entity_id == entity_id)))
    if since:
        conditions.append(Document.published >= since)
    if until:
        conditions.append(Document.published <= until)
    columns = (Document.id, Document.external_id, Document.title, Document.language,
               Document.published, Document.source_id, Document.story_id)
    rows = session.execute(select(*columns).where(*conditions)
                           .order_by(Document.published.desc(), Document.id)
                           .limit(limit).offset(offset)).all()
    total = session.scalar(select(func.count()).select_from(Document).where(*conditions)) or 0
    return Page([row._asdict() for row in rows], total, limit, offset)


def document(session: Session, doc_id: str) -> Document | None:
    """A document by doc_id (external id) or internal id."""
    found = session.scalar(select(Document).where(Document.external_id == doc_id))
    return found or session.get(Document, doc_id)


@dataclass
class DocumentView:
    document: Document
    source: Source | None
    story: Story | None
    mentions: list[Mention]
    claims: list[Claim]
    flags: list[Flag]
    citations: list[Citation]
    copied_from: list[tuple[CopyEdge, str]]
    copied_by: list[tuple[CopyEdge, str]]
    entity_names: dict[str, str]
    references: dict[str, str] = field(default_factory=dict)


def document_view(session: Session, doc_id: str) -> DocumentView | None:
    found = document(session, doc_id)
    if found is None:
        return None
    mentions = list(session.scalars(select(Mention).where(Mention.document_id == found.id)
                                    .order_by(Mention.start, Mention.end)))
    claims = list(session.scalars(select(Claim).where(Claim.document_id == found.id)
                                  .order_by(Claim.start, Claim.end, Claim.id)))
    flags = list(session.scalars(select(Flag).where(Flag.document_id == found.id)
                                 .order_by(Flag.start)))
    citations = list(session.scalars(select(Citation).where(Citation.document_id == found.id)
                                     .order_by(Citation.start)))
    edges_in = list(session.scalars(select(CopyEdge)
                                    .where(CopyEdge.target_document_id == found.id)))
    edges_out = list(session.scalars(select(CopyEdge)
                                     .where(CopyEdge.source_document_id == found.id)
                                     .limit(200)))
    linked = {e.source_document_id for e in edges_in} | {e.target_document_id for e in edges_out}
    linked |= {f.reference_document_id or "" for f in flags}
    if found.copy_of:
        linked.add(found.copy_of)
    external = external_ids_for(session, linked)
    entity_ids = {m.entity_id for m in mentions if m.entity_id}
    names = dict(session.execute(select(Entity.id, Entity.name)
                                 .where(Entity.id.in_(entity_ids))).all()) if entity_ids else {}
    return DocumentView(
        document=found,
        source=session.get(Source, found.source_id) if found.source_id else None,
        story=session.get(Story, found.story_id) if found.story_id else None,
        mentions=mentions, claims=claims, flags=flags, citations=citations,
        copied_from=[(e, external.get(e.source_document_id, "")) for e in edges_in],
        copied_by=[(e, external.get(e.target_document_id, "")) for e in edges_out],
        entity_names=names, references=external,
    )


def story_page(session: Session, *, limit: int, offset: int) -> Page:
    total = session.scalar(select(func.count()).select_from(Story)) or 0
    rows = list(session.scalars(select(Story).order_by(Story.size.desc(), Story.id)
                                .limit(limit).offset(offset)))
    return Page(rows, total, limit, offset)


@dataclass
class StoryView:
    story: Story
    origin: Document | None
    documents: Page
    edges: list[CopyEdge]
    graph_documents: list[dict[str, Any]]
    sources: dict[str, str]
    slots: list[Slot]


def story_view(session: Session, story_id: str, *, limit: int, offset: int,
               graph_limit: int = 150) -> StoryView | None:
    story = session.get(Story, story_id)
    if story is None:
        return None
    columns = (Document.id, Document.external_id, Document.title, Document.language,
               Document.published, Document.source_id, Document.copy_kind, Document.copy_of)
    in_story = Document.story_id == story_id
    rows = session.execute(select(*columns).where(in_story)
                           .order_by(Document.published, Document.id)
                           .limit(limit).offset(offset)).all()
    total = session.scalar(select(func.count()).select_from(Document).where(in_story)) or 0
    graph_rows = session.execute(select(*columns).where(in_story)
                                 .order_by(Document.published, Document.id)
                                 .limit(graph_limit)).all()
    graph_documents = [row._asdict() for row in graph_rows]
    shown = {row["id"] for row in graph_documents}
    edges = [edge for edge in session.scalars(select(CopyEdge)
                                              .where(CopyEdge.story_id == story_id)
                                              .limit(graph_limit * 4))
             if edge.source_document_id in shown and edge.target_document_id in shown]
    page_rows = [row._asdict() for row in rows]
    names = source_names_for(session, {row["source_id"] for row in page_rows + graph_documents})
    slots = list(session.scalars(select(Slot).where(Slot.story_id == story_id)
                                 .order_by(Slot.credibility.is_(None), Slot.credibility,
                                           Slot.independent_origins.desc()).limit(50)))
    origin = session.get(Document, story.origin_document_id) if story.origin_document_id else None
    return StoryView(story, origin, Page(page_rows, total, limit, offset), edges,
                     graph_documents, names, slots)


@dataclass
class SlotRow:
    slot: Slot
    claims: int
    flags: int


def slot_page(session: Session, *, limit: int, offset: int, story_id: str | None = None,
              prop: str | None = None, subject: str | None = None) -> Page:
    conditions = []
    if story_id:
        conditions.append(Slot.story_id == story_id)
    if prop:
        conditions.append(Slot.property == prop)
    if subject:
        conditions.append(Slot.subject.ilike(f"%{subject}%"))
    total = session.scalar(select(func.count()).select_from(Slot).where(*conditions)) or 0
    slots = list(session.scalars(select(Slot).where(*conditions)
                                 .order_by(Slot.independent_origins.desc(), Slot.id)
                                 .limit(limit).offset(offset)))
    ids = [slot.id for slot in slots]
    claim_counts: dict[str, int] = {}
    flag_counts: dict[str, int] = {}
    if ids:
        claim_counts = dict(session.execute(select(Claim.slot_id, func.count())
                                            .where(Claim.slot_id.in_(ids))
                                            .group_by(Claim.slot_id)).all())
        flag_counts = dict(session.execute(
            select(Claim.slot_id, func.count()).join(Flag, Flag.claim_id == Claim.id)
            .where(Claim.slot_id.in_(ids)).group_by(Claim.slot_id)).all())
    rows = [SlotRow(slot, claim_counts.get(slot.id, 0), flag_counts.get(slot.id, 0))
            for slot in slots]
    return Page(rows, total, limit, offset)


def slot_properties(session: Session) -> list[str]:
    return list(session.scalars(select(Slot.property).distinct().order_by(Slot.property)))


@dataclass
class ClaimVersion:
    claim: Claim
    doc_id: str
    language: str | None
    published: datetime | None
    source: str | None
    source_reliability: str | None
    copy_kind: str | None
    flags: list[Flag]


@dataclass
class SlotView:
    slot: Slot
    origin: ClaimVersion | None
    versions: Page
    story: Story | None


def _versions(session: Session, claims: list[Claim]) -> list[ClaimVersion]:
    documents = {d.id: d for d in session.scalars(
        select(Document).where(Document.id.in_({c.document_id for c in claims})))} if claims else {}
    source_rows = {s.id: s for s in session.scalars(
        select(Source).where(Source.id.in_({d.source_id for d in documents.values()
                                            if d.source_id})))} if documents else {}
    flags: dict[str, list[Flag]] = defaultdict(list)
    if claims:
        for flag in session.scalars(select(Flag).where(Flag.claim_id.in_([c.id for c in claims]))):
            flags[flag.claim_id or ""].append(flag)
    versions = []
    for claim in claims:
        doc = documents.get(claim.document_id)
        source = source_rows.get(doc.source_id or "") if doc else None
        versions.append(ClaimVersion(
            claim, doc.external_id if doc else claim.document_id, doc.language if doc else None,
            doc.published if doc else None, source.name if source else None,
            source.reliability if source else None, doc.copy_kind if doc else None,
            flags.get(claim.id, [])))
    return versions


def slot_view(session: Session, slot_id: str, *, limit: int, offset: int) -> SlotView | None:
    slot = session.get(Slot, slot_id)
    if slot is None:
        return None
    origin_claim = session.get(Claim, slot.origin_claim_id) if slot.origin_claim_id else None
    in_slot = Claim.slot_id == slot_id
    total = session.scalar(select(func.count()).select_from(Claim).where(in_slot)) or 0
    claims = list(session.scalars(
        select(Claim).join(Document, Document.id == Claim.document_id).where(in_slot)
        .order_by(Document.published, Claim.id).limit(limit).offset(offset)))
    origin = _versions(session, [origin_claim])[0] if origin_claim else None
    story = session.get(Story, slot.story_id) if slot.story_id else None
    return SlotView(slot, origin, Page(_versions(session, claims), total, limit, offset), story)


def entity_page(session: Session, *, limit: int, offset: int, query: str | None = None,
                kind: str | None = None) -> Page:
    """Entities standing on their own (not merged away), by name, with mention counts."""
    conditions = [Entity.merged_into.is_(None)]
    if kind:
        conditions.append(Entity.type == kind)
    if query:
        pattern = f"%{query.strip().lower()}%"
        conditions.append(or_(func.lower(Entity.name).like(pattern),
                              Entity.id.in_(select(Alias.entity_id)
                                            .where(Alias.normalized.like(pattern)))))
    total = session.scalar(select(func.count()).select_from(Entity).where(*conditions)) or 0
    entities = list(session.scalars(select(Entity).where(*conditions)
                                    .order_by(Entity.name, Entity.id).limit(limit).offset(offset)))
    ids = [entity.id for entity in entities]
    mentions = dict(session.execute(select(Mention.entity_id, func.count())
                                    .where(Mention.entity_id.in_(ids))
                                    .group_by(Mention.entity_id)).all()) if ids else {}
    return Page([(entity, mentions.get(entity.id, 0)) for entity in entities], total, limit,
                offset)


def entity_types(session: Session) -> list[str]:
    return list(session.scalars(select(Entity.type).distinct().order_by(Entity.type)))


def merged_family(session: Session, entity_id: str) -> list[str]:
    """The entity and every entity merged into it, directly or through others."""
    family, frontier = [entity_id], [entity_id]
    while frontier:
        children = list(session.scalars(select(Entity.id)
                                        .where(Entity.merged_into.in_(frontier))))
        children = [child for child in children if child not in family]
        family.extend(children)
        frontier = children
    return family


ENTITY_SAMPLE = 5000


def documents_mentioning(entity_ids: list[str]) -> Select[tuple[str]]:
    """Ids of documents mentioning these entities, at most ENTITY_SAMPLE of them: an entity
    named in a third of a large corpus would otherwise cost seconds per page; the page says
    when the sample is full."""
    return (select(Mention.document_id).where(Mention.entity_id.in_(entity_ids)).distinct()
            .limit(ENTITY_SAMPLE))


@dataclass
class EntityView:
    entity: Entity
    merged_into: Entity | None
    family: list[Entity]
    aliases: list[tuple[Alias, str | None]]
    claims: Page
    claim_documents: dict[str, str]
    mention_count: int
    document_count: int
    months: list[tuple[str, int]]
    merges: list[EntityMerge]


def entity_view(session: Session, entity_id: str, *, limit: int, offset: int) -> EntityView | None:
    entity = session.get(Entity, entity_id)
    if entity is None:
        return None
    family_ids = merged_family(session, entity.id)
    family = list(session.scalars(select(Entity).where(Entity.id.in_(family_ids[1:]))))
    aliases = list(session.scalars(select(Alias).where(Alias.entity_id.in_(family_ids))
                                   .order_by(Alias.text).limit(300)))
    alias_docs = external_ids_for(session, {a.document_id or "" for a in aliases})
    about = Claim.subject_entity_id.in_(family_ids)
    claim_total = session.scalar(select(func.count()).select_from(Claim).where(about)) or 0
    claims = list(session.scalars(select(Claim).where(about).order_by(Claim.property, Claim.id)
                                  .limit(limit).offset(offset)))
    claim_docs = external_ids_for(session, {c.document_id for c in claims})
    mention_count = session.scalar(select(func.count()).select_from(Mention)
                                   .where(Mention.entity_id.in_(family_ids))) or 0
    sample = documents_mentioning(family_ids).subquery()
    document_count = session.scalar(select(func.count()).select_from(sample)) or 0
    month = func.substr(cast(Document.published, String), 1, 7)
    months = session.execute(
        select(month, func.count()).where(Document.id.in_(select(sample.c.document_id)),
                                          Document.published.is_not(None))
        .group_by(month).order_by(month)).all()
    merges = list(session.scalars(
        select(EntityMerge).where(EntityMerge.undone_at.is_(None),
                                  or_(EntityMerge.target_entity_id == entity.id,
                                      EntityMerge.source_entity_id == entity.id))))
    target = session.get(Entity, entity.merged_into) if entity.merged_into else None
    return EntityView(entity, target, family, [(a, alias_docs.get(a.document_id or ""))
                                               for a in aliases],
                      Page(claims, claim_total, limit, offset), claim_docs, mention_count,
                      document_count, [(m, n) for m, n in months], merges)


def entities_by_name(session: Session, name: str, *, limit: int = 5) -> list[Entity]:
    """Standing entities whose name or alias is exactly `name` (case-insensitive)."""
    lowered = name.strip().lower()
    return list(session.scalars(
        select(Entity).where(Entity.merged_into.is_(None),
                             or_(func.lower(Entity.name) == lowered,
                                 Entity.id.in_(select(Alias.entity_id)
                                               .where(Alias.normalized == lowered))))
        .limit(limit)))


@dataclass(frozen=True)
class Place:
    id: str
    name: str
    kind: str
    latitude: float
    longitude: float
    href: str | None
    geometry: dict[str, Any] | None = None  # a watched site's own outline


def places(session: Session, *, limit: int = 3000,
           entity_ids: list[str] | None = None) -> list[Place]:
    """Standing entities that have coordinates (optionally only these), by name.

    Mention counts are left out on purpose: counting over every mention costs seconds on a
    large store, and the map does not need them."""
    query = select(Entity).where(Entity.latitude.is_not(None), Entity.longitude.is_not(None),
                                 Entity.merged_into.is_(None))
    if entity_ids is not None:
        query = query.where(Entity.id.in_(entity_ids))
    rows = session.scalars(query.order_by(Entity.name, Entity.id).limit(limit))
    return [Place(e.id, e.name, e.type, e.latitude, e.longitude, f"/entities/{e.id}")
            for e in rows]


def watched_sites(session: Session, *, entity_ids: list[str] | None = None) -> list[Place]:
    """Sites under imagery watch, placed at the centre of their outline."""
    from shapely.geometry import shape

    query = select(WatchedSite).order_by(WatchedSite.name)
    if entity_ids is not None:
        query = query.where(WatchedSite.entity_id.in_(entity_ids))
    found = []
    for site in session.scalars(query):
        try:
            centre = shape(site.geometry).centroid
        except (ValueError, TypeError, AttributeError, KeyError):
            continue  # an outline shapely cannot read is left off the map, not fatal
        if centre.is_empty:
            continue
        found.append(Place(site.id, site.name, "site", centre.y, centre.x,
                           f"/entities/{site.entity_id}" if site.entity_id else None,
                           geometry=site.geometry))
    return found


@dataclass(frozen=True)
class Event:
    when: datetime
    kind: str
    title: str
    href: str
    detail: str = ""


DATED_PROPERTIES = ("event_date", "manufacture_date")


def _claim_date(claim: Claim) -> datetime | None:
    value = claim.value or {}
    for key in ("date", "low", "text"):
        raw = value.get(key)
        if isinstance(raw, str) and len(raw) >= 4 and raw[:4].isdigit():
            try:
                return datetime.fromisoformat(raw if len(raw) > 7 else raw[:4] + "-01-01")
            except ValueError:
                continue
        if isinstance(raw, int | float) and 1000 <= raw <= 2200:
            return datetime(int(raw), 1, 1)
    return None


DATED_CLAIMS_CAP = 5000


def timeline(session: Session, *, limit: int, offset: int, story_id: str | None = None,
             entity_ids: list[str] | None = None) -> Page:
    """Dated events, newest first: stories breaking, and dated claims (event and manufacture
    dates, read from the claim value; at most DATED_CLAIMS_CAP of them are considered)."""
    story_query = select(Story).where(Story.first_published.is_not(None))
    if story_id:
        story_query = story_query.where(Story.id == story_id)
    if entity_ids:
        story_query = story_query.where(Story.id.in_(
            select(Document.story_id).where(Document.id.in_(documents_mentioning(entity_ids)))))
    story_total = session.scalar(select(func.count()).select_from(story_query.subquery())) or 0
    events: list[Event] = []
    for story in session.scalars(story_query.order_by(Story.first_published.desc())
                                 .limit(offset + limit)):
        assert story.first_published is not None
        events.append(Event(story.first_published, "story", story.title or story.id,
                            f"/stories/{story.id}", f"{story.size} documents"))
    claim_query = select(Claim).where(Claim.property.in_(DATED_PROPERTIES))
    if story_id:
        claim_query = claim_query.where(Claim.document_id.in_(
            select(Document.id).where(Document.story_id == story_id)))
    if entity_ids:
        claim_query = claim_query.where(Claim.subject_entity_id.in_(entity_ids))
    dated = 0
    for claim in session.scalars(claim_query.limit(DATED_CLAIMS_CAP)):
        when = _claim_date(claim)
        if when is not None:
            dated += 1
            events.append(Event(when, claim.property.replace("_", " "), claim.subject,
                                f"/ledger/{claim.slot_id}" if claim.slot_id
                                else f"/documents/{claim.document_id}", claim.quote))
    events.sort(key=lambda event: event.when, reverse=True)
    return Page(events[offset:offset + limit], story_total + dated, limit, offset)


@dataclass
class BriefingScope:
    """What a briefing is about: a story, or an entity and what is said about it."""

    title: str
    kind: str
    story: Story | None
    entity: Entity | None
    slots: list[Slot]
    claims: dict[str, list[ClaimVersion]]
    flags: list[tuple[Flag, str, str | None]]
    sources: list[tuple[Source, int]]
    places: list[Place]
    document_ids: list[str]


def briefing_scope(session: Session, reference: str) -> BriefingScope | None:
    """Resolve a story id, an entity id or an entity name to what the briefing covers."""
    story = session.get(Story, reference)
    entity = None if story else (session.get(Entity, reference)
                                 or next(iter(entities_by_name(session, reference)), None))
    if story is None and entity is None:
        return None
    if story is not None:
        document_ids = list(session.scalars(select(Document.id)
                                            .where(Document.story_id == story.id)))
        slots = list(session.scalars(select(Slot).where(Slot.story_id == story.id)))
        title, kind = story.title or story.id, "story"
    else:
        assert entity is not None
        family = merged_family(session, entity.id)
        document_ids = list(session.scalars(select(Mention.document_id)
                                            .where(Mention.entity_id.in_(family)).distinct()))
        slots = list(session.scalars(select(Slot).where(Slot.id.in_(
            select(Claim.slot_id).where(Claim.subject_entity_id.in_(family))))))
        title, kind = entity.name, "entity"
    slots.sort(key=lambda s: (s.credibility or 7, -s.independent_origins, s.id))
    slot_claims: dict[str, list[ClaimVersion]] = {}
    for slot in slots:
        claims = list(session.scalars(select(Claim).where(Claim.slot_id == slot.id)
                                      .order_by(Claim.id).limit(200)))
        slot_claims[slot.id] = _versions(session, claims)
    flags = list(session.scalars(select(Flag).where(Flag.document_id.in_(document_ids),
                                                    Flag.status != "rejected")
                                 .order_by(Flag.kind, Flag.id)))
    external = external_ids_for(session, {f.document_id for f in flags}
                                | {f.reference_document_id or "" for f in flags})
    source_counts = session.execute(
        select(Source, func.count(Document.id)).join(Document, Document.source_id == Source.id)
        .where(Document.id.in_(document_ids)).group_by(Source.id)
        .order_by(func.count(Document.id).desc())).all()
    place_ids = list(session.scalars(select(Mention.entity_id)
                                     .where(Mention.document_id.in_(document_ids),
                                            Mention.entity_id.is_not(None)).distinct()))
    if entity is not None:
        place_ids.append(entity.id)
    return BriefingScope(
        title=title, kind=kind, story=story, entity=entity, slots=slots, claims=slot_claims,
        flags=[(f, external.get(f.document_id, f.document_id),
                external.get(f.reference_document_id or "")) for f in flags],
        sources=[(source, n) for source, n in source_counts],
        places=places(session, entity_ids=place_ids, limit=200)
        + watched_sites(session, entity_ids=place_ids),
        document_ids=document_ids,
    )


def iter_flags(session: Session, chunk: int = 1000) -> Iterator[Flag]:
    """Every flag in id order, read in chunks so memory stays flat."""
    last = ""
    while True:
        page = list(session.scalars(select(Flag).where(Flag.id > last).order_by(Flag.id)
                                    .limit(chunk)))
        if not page:
            return
        yield from page
        last = page[-1].id


@dataclass(frozen=True)
class DocumentRef:
    external_id: str
    source_id: str | None
    source_name: str | None
    language: str | None
    story_id: str | None


ACTOR_TYPES = ("PER", "ORG", "person", "organisation", "organization")


@dataclass
class StixData:
    """What the STIX export reads: claims with their documents, and what they refer to."""

    sources: list[Source]
    entities: list[Entity]
    documents: dict[str, DocumentRef]
    claims: list[Claim]
    slots: list[Slot]
    flags: list[Flag]
    stories: list[Story]


def stix_data(session: Session) -> StixData:
    claims = list(session.scalars(select(Claim).order_by(Claim.id)))
    document_ids = {claim.document_id for claim in claims}
    names = dict(session.execute(select(Source.id, Source.name)).all())
    documents = {}
    for row in session.execute(select(Document.id, Document.external_id, Document.source_id,
                                      Document.language, Document.story_id)
                               .where(Document.id.in_(document_ids))):
        documents[row.id] = DocumentRef(row.external_id, row.source_id,
                                        names.get(row.source_id or ""), row.language,
                                        row.story_id)
    subjects = {claim.subject_entity_id for claim in claims if claim.subject_entity_id}
    entities = list(session.scalars(select(Entity).where(
        Entity.merged_into.is_(None),
        or_(Entity.latitude.is_not(None), Entity.id.in_(subjects),
            Entity.type.in_(ACTOR_TYPES))).order_by(Entity.id)))
    return StixData(
        sources=list(session.scalars(select(Source).order_by(Source.id))),
        entities=entities, documents=documents, claims=claims,
        slots=list(session.scalars(select(Slot).order_by(Slot.id))),
        flags=list(session.scalars(select(Flag).order_by(Flag.id))),
        stories=list(session.scalars(select(Story).order_by(Story.id))),
    )


def iter_standing_entities(session: Session,
                           chunk: int = 1000) -> Iterator[tuple[Entity, list[str]]]:
    """Entities not merged away, each with the written forms of it and of what merged into it."""
    last = ""
    while True:
        page = list(session.scalars(select(Entity).where(Entity.merged_into.is_(None),
                                                         Entity.id > last)
                                    .order_by(Entity.id).limit(chunk)))
        if not page:
            return
        for entity in page:
            family = merged_family(session, entity.id)
            aliases = list(session.scalars(select(Alias.text).where(Alias.entity_id.in_(family))
                                           .order_by(Alias.text)))
            yield entity, aliases
        last = page[-1].id
