"""Online, multilingual, time-aware story clustering.

Documents arrive in publication order. Each is compared with the centroids of the stories
still active around its date (a centroid index that forgets stories idle for longer than the
horizon, so the work per document does not grow with the corpus) on two things:
- its USE multilingual vector, which puts a Korean and an English report of one event close;
- its language-independent anchors (figures, transliterated names), weighted by rarity.
Time is a penalty that grows with the gap between the document and the story's span, and a
wall at the horizon: the same words years apart (a factory expanded in 2018 and again in
2024) start a new story. A document that copies one already placed joins its story. A roundup
that touches several events joins the one it is closest to, its main one; it does not merge
them, because merging compares story centroids, not single documents.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np

from veille.ids import stable_id
from veille.stories.embeddings import DIMENSION
from veille.stories.signals import SignalFrequencies, Signals

JOIN_THRESHOLD = 0.70
MERGE_THRESHOLD = 0.85
ANCHOR_WEIGHT = 0.35
HORIZON = timedelta(days=120)
TIME_PENALTY = 0.15
CANDIDATES = 8


def anchor_keys(signals: Signals) -> set[str]:
    return {f"n:{value}" for value in signals.numbers} | {f"p:{value}" for value in signals.names}


@dataclass
class StoryState:
    """A story as the clusterer keeps it: the sum of its vectors and its anchors."""

    id: str
    vector_sum: np.ndarray
    size: int = 0
    first: datetime | None = None
    last: datetime | None = None
    anchors: Counter[str] = field(default_factory=Counter)
    members: list[str] = field(default_factory=list)

    @property
    def centroid(self) -> np.ndarray:
        norm = float(np.linalg.norm(self.vector_sum))
        return self.vector_sum / norm if norm else self.vector_sum

    def add(self, document_id: str, vector: np.ndarray, keys: set[str],
            published: datetime | None) -> None:
        self.vector_sum = self.vector_sum + vector
        self.size += 1
        self.members.append(document_id)
        self.anchors.update(keys)
        if published is not None:
            self.first = published if self.first is None else min(self.first, published)
            self.last = published if self.last is None else max(self.last, published)

    def absorb(self, other: StoryState) -> None:
        self.vector_sum = self.vector_sum + other.vector_sum
        self.size += other.size
        self.members.extend(other.members)
        self.anchors.update(other.anchors)
        for moment in (other.first, other.last):
            if moment is not None:
                self.first = moment if self.first is None else min(self.first, moment)
                self.last = moment if self.last is None else max(self.last, moment)


def time_gap(published: datetime | None, story: StoryState) -> timedelta:
    """How far a date lies outside the story's span (zero inside it, or when unknown)."""
    if published is None or story.first is None or story.last is None:
        return timedelta(0)
    if published < story.first:
        return story.first - published
    if published > story.last:
        return published - story.last
    return timedelta(0)


class CentroidIndex:
    """Unit centroids of the active stories in one matrix, for a product per query."""

    def __init__(self) -> None:
        self._ids: list[str] = []
        self._rows: dict[str, int] = {}
        self._matrix = np.zeros((64, DIMENSION), dtype=np.float32)

    def __len__(self) -> int:
        return len(self._ids)

    def upsert(self, story_id: str, centroid: np.ndarray) -> None:
        row = self._rows.get(story_id)
        if row is None:
            row = len(self._ids)
            if row == self._matrix.shape[0]:
                self._matrix = np.vstack([self._matrix, np.zeros_like(self._matrix)])
            self._ids.append(story_id)
            self._rows[story_id] = row
        self._matrix[row] = centroid

    def remove(self, story_id: str) -> None:
        row = self._rows.pop(story_id, None)
        if row is None:
            return
        last = len(self._ids) - 1
        if row != last:
            moved = self._ids[last]
            self._ids[row] = moved
            self._rows[moved] = row
            self._matrix[row] = self._matrix[last]
        self._ids.pop()

    def nearest(self, vector: np.ndarray, count: int) -> list[tuple[str, float]]:
        if not self._ids:
            return []
        scores = self._matrix[: len(self._ids)] @ vector
        if len(self._ids) > count:
            top = np.argpartition(-scores, count)[:count]
        else:
            top = np.arange(len(self._ids))
        return [(self._ids[i], float(scores[i])) for i in top]


class StoryClusterer:
    """Assigns documents to stories one at a time; `stories` and `assignment` hold the result."""

    def __init__(self, frequencies: SignalFrequencies | None = None) -> None:
        self.frequencies = frequencies or SignalFrequencies()
        self.stories: dict[str, StoryState] = {}
        self.assignment: dict[str, str] = {}
        self._index = CentroidIndex()
        self._latest: datetime | None = None

    def restore(self, story: StoryState) -> None:
        """Put back a story saved by an earlier run (incremental clustering)."""
        self.stories[story.id] = story
        for member in story.members:
            self.assignment[member] = story.id
        self._index.upsert(story.id, story.centroid)
        if story.last is not None and (self._latest is None or story.last > self._latest):
            self._latest = story.last

    def _anchor_score(self, keys: set[str], story: StoryState) -> float:
        total = sum(self.frequencies.weight(key) for key in keys)
        if total <= 0:
            return 0.0
        shared = sum(self.frequencies.weight(key) for key in keys if story.anchors.get(key))
        return shared / total

    def score(self, vector: np.ndarray, keys: set[str], published: datetime | None,
              story: StoryState, similarity: float | None = None) -> float:
        gap = time_gap(published, story)
        if gap > HORIZON:
            return float("-inf")
        if similarity is None:
            similarity = float(story.centroid @ vector)
        penalty = TIME_PENALTY * (gap / HORIZON)
        return similarity + ANCHOR_WEIGHT * self._anchor_score(keys, story) - penalty

    def _forget_idle(self) -> None:
        """Drop from the index the stories idle for longer than the horizon."""
        if self._latest is None:
            return
        cutoff = self._latest - HORIZON
        for story_id in list(self._index._ids):
            story = self.stories[story_id]
            if story.last is not None and story.last < cutoff:
                self._index.remove(story_id)

    def add(self, document_id: str, vector: np.ndarray, signals: Signals,
            published: datetime | None, copies_story_of: str | None = None) -> str:
        """Place one document; returns its story id.

        `copies_story_of`: a document it copies; it joins that story unless the story lies
        beyond the horizon (a text republished years later reports a new event).
        """
        keys = anchor_keys(signals)
        if published is not None and (self._latest is None or published > self._latest):
            self._latest = published
            self._forget_idle()
        chosen: StoryState | None = None
        copied = (self.stories[self.assignment[copies_story_of]]
                  if copies_story_of in self.assignment else None)
        if copied is not None and time_gap(published, copied) <= HORIZON:
            chosen = copied
        else:
            best = JOIN_THRESHOLD
            for story_id, similarity in self._index.nearest(vector, CANDIDATES):
                story = self.stories[story_id]
                value = self.score(vector, keys, published, story, similarity)
                if value >= best:
                    best, chosen = value, story
        if chosen is None:
            chosen = StoryState(stable_id("sto_", document_id),
                                np.zeros(DIMENSION, dtype=np.float32))
            self.stories[chosen.id] = chosen
        chosen.add(document_id, vector, keys, published)
        self.assignment[document_id] = chosen.id
        self._index.upsert(chosen.id, chosen.centroid)
        self._merge_around(chosen)
        return self.assignment[document_id]

    def _merge_around(self, story: StoryState) -> None:
        """Merge stories whose centroids have grown together (order-independence)."""
        while True:
            partner: StoryState | None = None
            for other_id, similarity in self._index.nearest(story.centroid, CANDIDATES):
                if other_id == story.id:
                    continue
                other = self.stories[other_id]
                gap = max(time_gap(other.first, story), time_gap(other.last, story))
                if similarity >= MERGE_THRESHOLD and gap <= HORIZON:
                    partner = other
                    break
            if partner is None:
                return
            keep, drop = (story, partner) if _older(story, partner) else (partner, story)
            keep.absorb(drop)
            for member in drop.members:
                self.assignment[member] = keep.id
            del self.stories[drop.id]
            self._index.remove(drop.id)
            self._index.upsert(keep.id, keep.centroid)
            story = keep


def _older(a: StoryState, b: StoryState) -> bool:
    """The story that keeps its id in a merge: the earlier one, else the larger one."""
    if a.first is not None and b.first is not None and a.first != b.first:
        return a.first < b.first
    return a.size >= b.size
