"""One pass over arriving documents: copy detection, then story placement.

For each document, in publication order: find copy candidates without comparing all pairs
(MinHash LSH and passage keys for same-script copies, the nearest document vectors in other
languages for translations), classify them, keep the best link as `copy_of`, then place the
document in a story (joining its original's story when it is a copy).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np

from veille.stories import embeddings
from veille.stories.clustering import HORIZON, CentroidIndex, StoryClusterer
from veille.stories.copies import (
    KINDS,
    Analysed,
    CopyLink,
    analyse,
    classify_many,
    with_passages,
)
from veille.stories.minhash import NearDuplicateIndex
from veille.stories.neighbours import BatchNeighbours
from veille.stories.records import StoryRecord
from veille.stories.signals import SignalFrequencies

TRANSLATION_NEIGHBOURS = 6
TRANSLATION_CANDIDATE_SIMILARITY = 0.55
BATCH = 256
# Copy links kept per arriving document: its closest relatives are enough to trace lineage.
LINKS_PER_DOCUMENT = 3


def arrival_order(records: Iterable[StoryRecord]) -> list[StoryRecord]:
    """Publication order; undated documents after dated ones, ties by id."""
    return sorted(records, key=lambda r: (r.published is None, r.published or datetime.min,
                                          r.id))


@dataclass
class EngineResult:
    assignment: dict[str, str] = field(default_factory=dict)
    links: list[CopyLink] = field(default_factory=list)


class StoryEngine:
    """Holds the indexes of everything seen so far; feed it documents in arrival order."""

    def __init__(self) -> None:
        self.frequencies = SignalFrequencies()
        self.clusterer = StoryClusterer(self.frequencies)
        self.near_duplicates = NearDuplicateIndex()
        self.vectors = CentroidIndex()
        self.documents: dict[str, Analysed] = {}
        self.links: list[CopyLink] = []
        self._latest: datetime | None = None
        self._dated: deque[tuple[datetime, str]] = deque()
        # Nearest-vector look-ups of the batch being placed (`place_batch`).
        self._neighbours: BatchNeighbours | None = None

    def remember(self, analysed: Analysed, searchable: bool = True) -> None:
        """Index a document placed by an earlier run, without placing it again.

        `searchable=False` keeps it for near-duplicate and passage look-ups and signal
        frequencies only (a document too old to be translated or loosely rewritten by what
        arrives now needs no vector and no place in the loose index).
        """
        document_id = analysed.record.id
        self.documents[document_id] = analysed
        self.frequencies.add(analysed.signals, analysed.entities, analysed.record.language)
        self.near_duplicates.add(document_id, analysed.fingerprint)
        if searchable:
            self.vectors.upsert(document_id, analysed.vector)
            self._note_date(analysed)
        else:
            self.near_duplicates.retire(document_id)

    def _note_date(self, analysed: Analysed) -> None:
        published = analysed.record.published
        if published is None:
            return
        self._dated.append((published, analysed.record.id))
        if self._latest is None or published > self._latest:
            self._latest = published
            cutoff = self._latest - HORIZON
            while self._dated and self._dated[0][0] < cutoff:
                _, old_id = self._dated.popleft()
                self.vectors.remove(old_id)
                if self._neighbours is not None:
                    self._neighbours.removed(old_id)
                self.near_duplicates.retire(old_id)
                self.documents[old_id].forget_sentences()

    def _candidates(self, analysed: Analysed) -> set[str]:
        found = self.near_duplicates.candidates(analysed.fingerprint)
        language = analysed.record.language or ""

        def other_language(other_id: str) -> bool:
            return (self.documents[other_id].record.language or "") != language

        similar = None
        if self._neighbours is not None:
            similar = self._neighbours.similar(analysed.record.id, TRANSLATION_NEIGHBOURS,
                                               TRANSLATION_CANDIDATE_SIMILARITY,
                                               other_language)
        if similar is None:
            similar = {other_id for other_id, similarity
                       in self.vectors.nearest(analysed.vector, TRANSLATION_NEIGHBOURS)
                       if similarity >= TRANSLATION_CANDIDATE_SIMILARITY
                       and other_language(other_id)}
        found |= similar
        found.discard(analysed.record.id)
        return found

    def place(self, analysed: Analysed) -> str:
        """Detect the document's copy links, then put it in a story; returns the story id."""
        document_id = analysed.record.id
        self.frequencies.add(analysed.signals, analysed.entities, analysed.record.language)
        others = [self.documents[other_id] for other_id in sorted(self._candidates(analysed))]
        found = [link for link in classify_many(others, analysed, self.frequencies)
                 if link is not None]
        found = sorted(found, key=_link_strength, reverse=True)[:LINKS_PER_DOCUMENT]
        pair = {document_id: analysed}
        found = [with_passages(link, pair.get(link.source) or self.documents[link.source],
                               pair.get(link.target) or self.documents[link.target])
                 for link in found]
        self.links.extend(found)
        best = max(found, key=_link_strength, default=None)
        relative = None
        if best is not None:
            relative = best.source if best.target == document_id else best.target
        story_id = self.clusterer.add(document_id, analysed.vector, analysed.signals,
                                      analysed.record.published, copies_story_of=relative,
                                      entities=analysed.entities)
        self.documents[document_id] = analysed
        self.near_duplicates.add(document_id, analysed.fingerprint)
        self.vectors.upsert(document_id, analysed.vector)
        if self._neighbours is not None:
            self._neighbours.indexed(document_id)
        self._note_date(analysed)
        return story_id

    def place_batch(self, batch: list[Analysed]) -> None:
        """`place` each document in turn, their nearest-vector look-ups taken from one
        matrix product for the batch (`veille.stories.neighbours`)."""
        ids = [analysed.record.id for analysed in batch]
        if batch and BatchNeighbours.usable(self.vectors, ids):
            self._neighbours = BatchNeighbours(
                self.vectors, ids, np.vstack([analysed.vector for analysed in batch]))
        try:
            for analysed in batch:
                self.place(analysed)
        finally:
            self._neighbours = None

    def run(self, records: Iterable[StoryRecord]) -> EngineResult:
        ordered = arrival_order(records)
        with embeddings.blas_threads():
            for offset in range(0, len(ordered), BATCH):
                self.place_batch(analyse(ordered[offset : offset + BATCH]))
        self.clusterer.consolidate(self.clusterer.assignment[record.id] for record in ordered)
        return EngineResult(dict(self.clusterer.assignment), list(self.links))


def _link_strength(link: CopyLink) -> tuple[int, float]:
    """Closer kinds first (a duplicate beats a translation), then the score."""
    return (len(KINDS) - KINDS.index(link.kind), link.score)
