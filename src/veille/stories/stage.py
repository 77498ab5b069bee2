"""The `stories` corpus stage: place new documents in stories, record copies and citations.

It runs after the entities stage and reads each document's linked entity ids from the store
(language-independent story evidence); a document the entities stage has not seen gets the
gazetteer's entities found in its text instead.

Incremental: only documents without a story are placed. The indexes are rebuilt from the
store each run (shingles and signals of every placed document, vectors of those recent
enough to be copied by the new ones), and story centroids come back from `Story.centroid`.
Vectors are read from the `vectors` stage's table where it has stored them
(`veille.stories.vectors`), a batch at a time, and encoded here where it has not.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

import numpy as np
from sqlalchemy.orm import Session

from veille.ids import stable_id
from veille.pipeline import CorpusStage, register
from veille.store import Store
from veille.store import stories as queries
from veille.store.models import Citation, CopyEdge, Story
from veille.stories import embeddings
from veille.stories.clustering import HORIZON, StoryState, anchor_keys
from veille.stories.copies import Analysed, CopyLink, analyse
from veille.stories.engine import BATCH, StoryEngine, arrival_order
from veille.stories.entities import entity_bag
from veille.stories.lineage import build, cited_sources
from veille.stories.minhash import fingerprint
from veille.stories.records import StoryRecord
from veille.stories.signals import extract
from veille.stories.vectors import stored_vectors

VERSION = 2
TITLE_CHARACTERS = 120


def _light(record: queries.StoryDocument) -> Analysed:
    """An old document kept for near-duplicate look-ups and frequencies only (no vector)."""
    analysed = Analysed(record, fingerprint(record.text), extract(record.text),
                        np.zeros(embeddings.DIMENSION, dtype=np.float32), [], None,
                        entity_bag(record))
    analysed.forget_sentences()
    return analysed


def _recent(record: queries.StoryDocument, earliest_new: datetime | None) -> bool:
    if earliest_new is None or record.published is None:
        return True
    return record.published >= earliest_new - HORIZON


def _analyse(store: Store, records: list[StoryRecord]) -> list[Analysed]:
    """`analyse` with the vectors the `vectors` stage stored for these records."""
    with store.session() as session:
        stored = stored_vectors(session, [record.id for record in records])
    return analyse(records, stored)


def _restore(store: Store, engine: StoryEngine, placed: list[queries.StoryDocument],
             new: list[queries.StoryDocument], saved: dict[str, Story]) -> None:
    dated_new = [record.published for record in new if record.published is not None]
    earliest_new = min(dated_new) if len(dated_new) == len(new) and dated_new else None
    recent = [record for record in placed if _recent(record, earliest_new)]
    recent_ids = {record.id for record in recent}
    for offset in range(0, len(recent), BATCH):
        for analysed in _analyse(store, list(recent[offset : offset + BATCH])):
            engine.remember(analysed)
    for record in placed:
        if record.id not in recent_ids:
            engine.remember(_light(record), searchable=False)
    members: dict[str, list[str]] = {}
    for record in placed:
        members.setdefault(record.story_id or "", []).append(record.id)
    for story_id, member_ids in members.items():
        row = saved.get(story_id)
        if row is None:
            continue
        centroid = np.frombuffer(row.centroid, dtype=np.float32) if row.centroid else None
        if centroid is None or centroid.size != embeddings.DIMENSION:
            centroid = np.zeros(embeddings.DIMENSION, dtype=np.float32)
        state = StoryState(story_id, centroid * len(member_ids), len(member_ids),
                           row.first_published, row.last_published, members=list(member_ids))
        for member in member_ids:
            state.anchors.update(anchor_keys(engine.documents[member].signals))
            state.entities.update(engine.documents[member].entities)
        engine.clusterer.restore(state)


def _link_from_edge(edge: CopyEdge) -> CopyLink:
    return CopyLink(edge.source_document_id, edge.target_document_id, edge.kind, edge.score,
                    edge.direction_from, edge.evidence or [])


def run(store: Store) -> int:
    """Place every document that has no story yet; returns how many were placed."""
    with store.session() as session:
        new = queries.unplaced_documents(session)
        if not new:
            return 0
        placed = queries.placed_documents(session)
        saved = {story.id: story for story in queries.all_stories(session)}
    engine = StoryEngine()
    before = {record.id: record.story_id for record in placed}
    ordered = arrival_order(new)
    with embeddings.blas_threads():
        _restore(store, engine, placed, new, saved)
        for offset in range(0, len(ordered), BATCH):
            engine.place_batch(_analyse(store, list(ordered[offset : offset + BATCH])))
        engine.clusterer.consolidate(engine.clusterer.assignment[record.id] for record in new)
    assignment = engine.clusterer.assignment
    new_ids = {record.id for record in new}
    with store.session() as session:
        for old_story in set(before.values()) - set(engine.clusterer.stories):
            if old_story is None:
                continue
            member = next(doc for doc, story in before.items() if story == old_story)
            _save_story(session, engine, assignment[member])
            queries.move_story(session, old_story, assignment[member])
        touched = {assignment[doc] for doc in new_ids}
        touched |= {assignment[doc] for doc, story in before.items() if assignment[doc] != story}
        existing = queries.edges_of_stories(session, touched)
        links = [_link_from_edge(edge) for edge in existing]
        links += [link for link in engine.links if link.target in new_ids
                  or link.source in new_ids]
        published = {doc: analysed.record.published for doc, analysed in engine.documents.items()}
        links_of = _links_by_story(links, assignment)
        stories: dict[str, dict[str, Any]] = {}
        copies: list[tuple[str, str | None, str | None]] = []
        for story_id in sorted(touched):
            state = engine.clusterer.stories[story_id]
            lineage = build(story_id, state.members, links_of.get(story_id, ()), published)
            for member in state.members:
                parent = lineage.copy_of.get(member)
                copies.append((member, parent.source if parent else None,
                               parent.kind if parent else None))
            stories[story_id] = {**_story_fields(engine, story_id),
                                 "origin_document_id": lineage.origin}
        queries.upsert_stories(session, stories)
        queries.set_document_stories(session, {doc: assignment[doc] for doc in new_ids})
        queries.save_copy_edges(session, [
            CopyEdge(id=stable_id("cpy_", link.source, link.target),
                     story_id=assignment.get(link.target), source_document_id=link.source,
                     target_document_id=link.target, kind=link.kind, score=link.score,
                     direction_from=link.direction_from, evidence=link.evidence)
            for link in links])
        queries.set_document_copies(session, copies)
        queries.replace_citations(session, {
            record.id: [Citation(id=stable_id("cit_", record.id, cited.start, cited.end),
                                 document_id=record.id, story_id=assignment[record.id],
                                 name=cited.name, cue=cited.cue, start=cited.start,
                                 end=cited.end)
                        for cited in cited_sources(record.text, record.language)]
            for record in new})
    return len(new)


def _links_by_story(links: list[CopyLink], assignment: dict[str, str]
                    ) -> dict[str, list[CopyLink]]:
    """Each story's links between its own members: every story's lineage then reads only its
    own links, not all of them (which made saving quadratic: hours at 100,000 documents)."""
    found: dict[str, list[CopyLink]] = defaultdict(list)
    for link in links:
        story = assignment.get(link.target)
        if story is not None and assignment.get(link.source) == story:
            found[story].append(link)
    return found


def _save_story(session: Session, engine: StoryEngine, story_id: str) -> None:
    queries.upsert_story(session, story_id, **_story_fields(engine, story_id))


def _story_fields(engine: StoryEngine, story_id: str) -> dict[str, Any]:
    state = engine.clusterer.stories[story_id]
    first_member = engine.documents[state.members[0]].record
    return {"title": first_member.text.strip().split("\n", 1)[0][:TITLE_CHARACTERS],
            "first_published": state.first, "last_published": state.last,
            "size": state.size, "centroid": state.centroid.astype(np.float32).tobytes()}


register(CorpusStage(
    name="stories", version=VERSION, run=run, requires=("entities", "vectors"),
    description="Near-duplicates, cross-lingual copies, online story clustering, lineage.",
))
