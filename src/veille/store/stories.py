"""Queries for stories, copy edges and citations (the `stories` stage, its CLI and exports)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from veille.store.models import (
    Citation,
    CopyEdge,
    Document,
    DocumentVectors,
    Entity,
    Mention,
    Source,
    StageRun,
    Story,
)


@dataclass(frozen=True)
class StoryDocument:
    """A document as the story algorithms read it (a `StoryRecord`)."""

    id: str
    text: str
    language: str | None
    published: datetime | None
    source: str | None
    story_id: str | None
    # Linked entity ids, one per mention, when the entities stage has run on the document.
    entities: tuple[str, ...] | None = None


ENTITY_STAGE = "entities"
ID_CHUNK = 5000


def entity_ids_by_document(session: Session, document_ids: Iterable[str]
                           ) -> dict[str, tuple[str, ...]]:
    """Entity ids (merged entities resolved) of each document the entities stage has run on;
    documents it has not run on are absent, so the caller can tell them from documents
    without any entity. Queried in chunks (databases cap the parameters of one query)."""
    ids = sorted(set(document_ids))
    found: dict[str, list[str]] = {}
    for offset in range(0, len(ids), ID_CHUNK):
        chunk = ids[offset : offset + ID_CHUNK]
        done = list(session.scalars(select(StageRun.document_id).where(
            StageRun.stage == ENTITY_STAGE, StageRun.document_id.in_(chunk))))
        found.update({document_id: [] for document_id in done})
        rows = session.execute(
            select(Mention.document_id, func.coalesce(Entity.merged_into, Mention.entity_id))
            .join(Entity, Entity.id == Mention.entity_id)
            .where(Mention.stage == ENTITY_STAGE, Mention.document_id.in_(done))
            .order_by(Mention.document_id, Mention.start)
        )
        for document_id, entity_id in rows:
            found[document_id].append(entity_id)
    return {document_id: tuple(entities) for document_id, entities in found.items()}


def _documents(session: Session, placed: bool) -> list[StoryDocument]:
    condition = Document.story_id.is_not(None) if placed else Document.story_id.is_(None)
    query = (
        select(Document.id, Document.text, Document.language, Document.published,
               Source.name, Document.story_id)
        .outerjoin(Source, Source.id == Document.source_id)
        .where(condition)
        .order_by(Document.published, Document.id)
    )
    rows = [StoryDocument(*row) for row in session.execute(query)]
    entities = entity_ids_by_document(session, [row.id for row in rows])
    return [replace(row, entities=entities.get(row.id)) for row in rows]


def unplaced_documents(session: Session) -> list[StoryDocument]:
    """Documents no story run has placed yet (the stage is incremental on these)."""
    return _documents(session, placed=False)


def placed_documents(session: Session) -> list[StoryDocument]:
    return _documents(session, placed=True)


def save_document_vectors(session: Session,
                          vectors: Mapping[str, tuple[bytes, bytes, int]]) -> None:
    """Store (or replace) documents' encodings from the `vectors` stage: (lead, sentences,
    sentence_count) by document id, in one delete and one insert."""
    if not vectors:
        return
    session.execute(delete(DocumentVectors)
                    .where(DocumentVectors.document_id.in_(list(vectors))))
    session.execute(insert(DocumentVectors), [
        {"document_id": document_id, "lead": lead, "sentences": sentences,
         "sentence_count": count}
        for document_id, (lead, sentences, count) in vectors.items()])


def document_vectors(session: Session, document_ids: Iterable[str]
                     ) -> dict[str, tuple[bytes, bytes, int]]:
    """(lead, sentences, sentence_count) of each document the `vectors` stage has stored."""
    ids = sorted(set(document_ids))
    found: dict[str, tuple[bytes, bytes, int]] = {}
    for offset in range(0, len(ids), ID_CHUNK):
        rows = session.execute(
            select(DocumentVectors.document_id, DocumentVectors.lead,
                   DocumentVectors.sentences, DocumentVectors.sentence_count)
            .where(DocumentVectors.document_id.in_(ids[offset : offset + ID_CHUNK])))
        found.update({document_id: (lead, sentences, count)
                      for document_id, lead, sentences, count in rows})
    return found


def stories_by_id(session: Session, story_ids: Iterable[str]) -> dict[str, Story]:
    ids = sorted(set(story_ids))
    found: dict[str, Story] = {}
    for offset in range(0, len(ids), ID_CHUNK):
        found.update((story.id, story) for story in session.scalars(
            select(Story).where(Story.id.in_(ids[offset:offset + ID_CHUNK]))))
    return found


def all_stories(session: Session) -> list[Story]:
    return list(session.scalars(select(Story)))


def upsert_story(session: Session, story_id: str, **fields: Any) -> Story:
    story = session.get(Story, story_id)
    if story is None:
        story = Story(id=story_id, **fields)
        session.add(story)
    else:
        for name, value in fields.items():
            setattr(story, name, value)
    return story


def upsert_stories(session: Session, fields_by_story: dict[str, dict[str, Any]]) -> None:
    """Insert or update many stories in two executemany statements (not one row at a time:
    a run over 100,000 documents touches tens of thousands of stories)."""
    session.flush()
    existing = set(_existing_ids(session, Story.id, fields_by_story))
    rows = [{"id": story_id, **fields} for story_id, fields in fields_by_story.items()]
    _execute_many(session, update(Story), [row for row in rows if row["id"] in existing])
    _execute_many(session, insert(Story), [row for row in rows if row["id"] not in existing])


def move_story(session: Session, old_id: str, new_id: str) -> None:
    """Point everything of a merged-away story at the story that absorbed it, then drop it."""
    session.execute(update(Document).where(Document.story_id == old_id).values(story_id=new_id))
    session.execute(update(CopyEdge).where(CopyEdge.story_id == old_id).values(story_id=new_id))
    session.execute(update(Citation).where(Citation.story_id == old_id).values(story_id=new_id))
    session.execute(delete(Story).where(Story.id == old_id))


def set_document_stories(session: Session, story_of: dict[str, str]) -> None:
    _execute_many(session, update(Document),
                  [{"id": document_id, "story_id": story_id}
                   for document_id, story_id in story_of.items()])


def set_document_copies(session: Session,
                        copies: Iterable[tuple[str, str | None, str | None]]) -> None:
    """(document id, the document it copies or None, copy kind or None) for each document."""
    _execute_many(session, update(Document),
                  [{"id": document_id, "copy_of": copy_of, "copy_kind": kind}
                   for document_id, copy_of, kind in copies])


def save_copy_edges(session: Session, edges: Iterable[CopyEdge]) -> None:
    """Insert new edges and update known ones (the last of several with one id wins)."""
    by_id = {edge.id: edge for edge in edges}
    existing = set(_existing_ids(session, CopyEdge.id, by_id))
    rows = [{"id": edge.id, "story_id": edge.story_id,
             "source_document_id": edge.source_document_id,
             "target_document_id": edge.target_document_id, "kind": edge.kind,
             "score": edge.score, "direction_from": edge.direction_from,
             "evidence": edge.evidence} for edge in by_id.values()]
    _execute_many(session, update(CopyEdge), [row for row in rows if row["id"] in existing])
    _execute_many(session, insert(CopyEdge), [row for row in rows if row["id"] not in existing])


def edges_of_stories(session: Session, story_ids: Iterable[str]) -> list[CopyEdge]:
    ids = sorted(set(story_ids))
    found: list[CopyEdge] = []
    for offset in range(0, len(ids), ID_CHUNK):
        found.extend(session.scalars(
            select(CopyEdge).where(CopyEdge.story_id.in_(ids[offset:offset + ID_CHUNK]))))
    return found


def replace_citations(session: Session, citations_of: dict[str, list[Citation]]) -> None:
    """The citations of each document replace those it had."""
    documents = sorted(citations_of)
    for offset in range(0, len(documents), ID_CHUNK):
        session.execute(delete(Citation).where(
            Citation.document_id.in_(documents[offset:offset + ID_CHUNK])))
    _execute_many(session, insert(Citation), [
        {"id": cited.id, "document_id": cited.document_id, "story_id": cited.story_id,
         "name": cited.name, "cue": cited.cue, "start": cited.start, "end": cited.end}
        for citations in citations_of.values() for cited in citations])


def _existing_ids(session: Session, column: Any, wanted: Iterable[str]) -> Iterator[str]:
    ids = sorted(set(wanted))
    for offset in range(0, len(ids), ID_CHUNK):
        yield from session.scalars(select(column).where(column.in_(ids[offset:offset + ID_CHUNK])))


def _execute_many(session: Session, statement: Any, rows: list[dict[str, Any]]) -> None:
    if rows:
        session.execute(statement, rows)


def members_of(session: Session, story_ids: Iterable[str]) -> dict[str, list[str]]:
    ids = list(set(story_ids))
    members: dict[str, list[str]] = defaultdict(list)
    rows = session.execute(select(Document.story_id, Document.id)
                           .where(Document.story_id.in_(ids)))
    for story_id, document_id in rows:
        members[str(story_id)].append(document_id)
    return members


def published_of(session: Session, document_ids: Iterable[str]) -> dict[str, datetime | None]:
    ids = list(set(document_ids))
    return dict(session.execute(select(Document.id, Document.published)
                                .where(Document.id.in_(ids))).all())


# --- reading, for the CLI and the exports ---------------------------------------------------

@dataclass(frozen=True)
class StorySummary:
    id: str
    title: str | None
    size: int
    first_published: datetime | None
    last_published: datetime | None
    origin: str | None  # external id of the origin document
    origins: list[str]  # external ids of the documents that copy nobody
    languages: list[str]
    cited: list[str]


def story_summaries(session: Session) -> list[StorySummary]:
    external = dict(session.execute(select(Document.id, Document.external_id)).all())
    languages: dict[str, set[str]] = defaultdict(set)
    origins: dict[str, list[str]] = defaultdict(list)
    for story_id, document_id, language, copy_of in session.execute(
        select(Document.story_id, Document.id, Document.language, Document.copy_of)
        .where(Document.story_id.is_not(None))
    ):
        if language:
            languages[str(story_id)].add(language)
        if copy_of is None:
            origins[str(story_id)].append(external[document_id])
    cited: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for story_id, name, count in session.execute(
        select(Citation.story_id, Citation.name, func.count())
        .group_by(Citation.story_id, Citation.name)
    ):
        cited[str(story_id)][name] += count
    summaries = []
    for story in session.scalars(select(Story).order_by(Story.size.desc(), Story.id)):
        names = sorted(cited[story.id], key=lambda name: -cited[story.id][name])
        summaries.append(StorySummary(
            story.id, story.title, story.size, story.first_published, story.last_published,
            external.get(story.origin_document_id or ""), sorted(origins[story.id]),
            sorted(languages[story.id]), names[:10],
        ))
    return summaries


@dataclass(frozen=True)
class EdgeRow:
    source: str  # external ids
    target: str
    kind: str
    score: float
    direction_from: str
    evidence: list[Any]
    story_id: str | None


def edge_rows(session: Session, document_ids: Iterable[str] | None = None) -> Iterator[EdgeRow]:
    """Copy edges with external document ids; all of them, or those touching some documents."""
    external = dict(session.execute(select(Document.id, Document.external_id)).all())
    query = select(CopyEdge).order_by(CopyEdge.story_id, CopyEdge.id)
    if document_ids is not None:
        ids = list(document_ids)
        query = query.where(CopyEdge.source_document_id.in_(ids)
                            | CopyEdge.target_document_id.in_(ids))
    for edge in session.scalars(query):
        yield EdgeRow(external[edge.source_document_id], external[edge.target_document_id],
                      edge.kind, edge.score, edge.direction_from, edge.evidence or [],
                      edge.story_id)


def story_documents(session: Session, story_id: str) -> dict[str, str]:
    """Internal id -> external id of the documents of a story."""
    return dict(session.execute(select(Document.id, Document.external_id)
                                .where(Document.story_id == story_id)).all())
