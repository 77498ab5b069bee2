"""Online, multilingual, time-aware story clustering.

Documents arrive in publication order. Each is compared with the stories still active
around its date (a centroid index of the stories active within the horizon, and an index of
the rarer entities each story names, which forgets stories idle for longer than the bridge
limit; so the work per document does not grow with the corpus) on three things, added up:
- its USE multilingual vector (title and lead), which puts a Korean and an English report of
  one event close;
- its linked entities (`veille.stories.entities`), weighted by rarity: language-independent
  evidence that holds where the encoder is weak;
- its figures and transliterated names, weighted by rarity.
Vector similarity alone never joins: two reports on the same kind of event read alike to the
encoder, so some of the story's own figures, names or entities must be shared too.
Time is a penalty that grows with the gap between the document and the story's span. Within
the horizon any story can be joined; beyond it only one whose entities the document shares
strongly (the same plant and weapon months later), and never beyond the bridge limit: the
same words years apart (a factory expanded in 2018 and again in 2024) start a new story.
A document that copies one already placed joins its story. A roundup that touches several
events joins the one it scores highest with, its main one; it does not merge them, because
merging compares whole stories, not single documents.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np

from veille.ids import stable_id
from veille.stories.embeddings import DIMENSION
from veille.stories.rows import RowMatrix
from veille.stories.signals import SignalFrequencies, Signals

JOIN_THRESHOLD = 0.85
MERGE_THRESHOLD = 1.10
ANCHOR_WEIGHT = 0.35
ENTITY_WEIGHT = 0.6
# Rarity mass (summed IDF) of the shared entities at which entity overlap counts in full:
# one shared common name (Reuters, Russia) is weak evidence even when it is all two
# documents name.
ENTITY_EVIDENCE = 8.0
# A document joins a story only when it shares some of the story's own figures, names or
# entities: reports on the same kind of event read alike (the encoder puts two plant
# expansions close) but name different plants.
SPECIFIC_EVIDENCE = 0.4
HORIZON = timedelta(days=120)
# Beyond the horizon a story is joined only with this much entity overlap, up to the limit.
BRIDGE_LIMIT = timedelta(days=365)
BRIDGE_ENTITY_OVERLAP = 0.6
TIME_PENALTY = 0.15
CANDIDATES = 8
# Entities of a document used to look up candidate stories (its rarest), and the most
# stories an entity may point to before it counts as too common to find candidates with.
ENTITY_LOOKUPS = 3
ENTITY_POSTINGS = 40
# The most the anchor term can add (shares are at most 1; the margin covers float rounding
# of sums taken in another order), to skip computing it where it cannot change the outcome.
_ANCHOR_BOUND = ANCHOR_WEIGHT * (1 + 1e-9)
# The least weight a key can have (`SignalFrequencies.weight` with the key in every
# document), less a margin for float rounding.
_MIN_WEIGHT = math.log(2) * (1 - 1e-9)


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
    entities: Counter[str] = field(default_factory=Counter)

    @property
    def centroid(self) -> np.ndarray:
        norm = float(np.linalg.norm(self.vector_sum))
        return self.vector_sum / norm if norm else self.vector_sum

    def add(self, document_id: str, vector: np.ndarray, keys: set[str],
            published: datetime | None, entities: dict[str, float] | None = None) -> None:
        self.vector_sum = self.vector_sum + vector
        self.size += 1
        self.members.append(document_id)
        self.anchors.update(keys)
        self.entities.update(entities or {})
        if published is not None:
            self.first = published if self.first is None else min(self.first, published)
            self.last = published if self.last is None else max(self.last, published)

    def absorb(self, other: StoryState) -> None:
        self.vector_sum = self.vector_sum + other.vector_sum
        self.size += other.size
        self.members.extend(other.members)
        self.anchors.update(other.anchors)
        self.entities.update(other.entities)
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


class CentroidIndex(RowMatrix):
    """Unit centroids of the active stories in one matrix, for a product per query."""

    def __init__(self) -> None:
        super().__init__(DIMENSION, np.float32)

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
        # Stories active within the horizon, searched by vector; stories active within the
        # bridge limit, looked up by entity (beyond the horizon only entities can join).
        self._index = CentroidIndex()
        self._by_entity: dict[str, set[str]] = defaultdict(set)
        self._latest: datetime | None = None
        # (last date, story id) of every story put in the vector index, and of every story
        # that left it for the entity look-ups only, oldest first; an entry is stale once
        # its story has a later date or has moved on (see `_forget_idle`).
        self._by_last: list[tuple[datetime, str]] = []
        self._quiet_by_last: list[tuple[datetime, str]] = []
        # Anchor rarity mass: of each story, valid for (documents counted, story size), and
        # of the document being placed (its keys are scored against every candidate story).
        self._story_mass: dict[str, tuple[int, int, float]] = {}
        self._keys_mass: tuple[int, set[str], float] | None = None

    def restore(self, story: StoryState) -> None:
        """Put back a story saved by an earlier run (incremental clustering)."""
        self.stories[story.id] = story
        for member in story.members:
            self.assignment[member] = story.id
        self._index_story(story)
        self._note_entities(story)
        if story.last is not None and (self._latest is None or story.last > self._latest):
            self._latest = story.last

    def _note_entities(self, story: StoryState) -> None:
        for key in story.entities:
            self._by_entity[key].add(story.id)

    def _drop(self, story: StoryState) -> None:
        self._index.remove(story.id)
        self._story_mass.pop(story.id, None)
        for key in story.entities:
            posting = self._by_entity.get(key)
            if posting is not None:
                posting.discard(story.id)
                if not posting:
                    del self._by_entity[key]

    def _mass(self, keys: set[str]) -> float:
        cached = self._keys_mass
        if cached is not None and cached[0] == self.frequencies.documents and cached[1] is keys:
            return cached[2]
        total = sum(self.frequencies.weight(key) for key in keys)
        self._keys_mass = (self.frequencies.documents, keys, total)
        return total

    def _anchor_mass(self, story: StoryState) -> float:
        cached = self._story_mass.get(story.id)
        generation = self.frequencies.documents
        if cached is not None and cached[0] == generation and cached[1] == story.size:
            return cached[2]
        total = sum(self.frequencies.weight(key) for key in story.anchors)
        self._story_mass[story.id] = (generation, story.size, total)
        return total

    def _smaller_mass(self, story: StoryState, other: StoryState) -> float:
        """min of the two stories' anchor masses, without summing a much larger story's
        anchors: every weight is at least log 2 (no key is in more documents than were
        counted), so a story with n anchors has a mass of at least n log 2."""
        first, second = sorted((story, other), key=lambda side: len(side.anchors))
        small = self._anchor_mass(first)
        if len(second.anchors) * _MIN_WEIGHT >= small:
            return small
        return min(small, self._anchor_mass(second))

    def _anchor_score(self, keys: set[str], story: StoryState) -> float:
        total = self._mass(keys)
        if total <= 0:
            return 0.0
        shared = sum(self.frequencies.weight(key) for key in keys if story.anchors.get(key))
        return shared / total

    def entity_overlap(self, entities: dict[str, float] | Counter[str],
                       story: StoryState) -> float:
        """Cosine of the rarity-weighted entity bags of a document (or story) and a story,
        scaled down while the shared entities carry less than ENTITY_EVIDENCE of rarity."""
        if not entities or not story.entities:
            return 0.0
        weight = self.frequencies.weight
        shared = [key for key in entities if key in story.entities]
        if not shared:
            return 0.0
        dot = sum(entities[key] * story.entities[key] * weight(key) ** 2 for key in shared)
        left = sum((value * weight(key)) ** 2 for key, value in entities.items())
        right = sum((value * weight(key)) ** 2 for key, value in story.entities.items())
        confidence = min(1.0, sum(weight(key) for key in shared) / ENTITY_EVIDENCE)
        return confidence * dot / float(np.sqrt(left * right))

    def score(self, vector: np.ndarray, keys: set[str], published: datetime | None,
              story: StoryState, similarity: float | None = None,
              entities: dict[str, float] | None = None,
              floor: float = float("-inf")) -> float:
        """The join score; -inf when the story cannot be joined, or cannot reach `floor`
        even with every anchor shared (the anchor share, the costly part, is then skipped)."""
        gap = time_gap(published, story)
        if gap > BRIDGE_LIMIT:
            return float("-inf")
        overlap = self.entity_overlap(entities or {}, story)
        if gap > HORIZON and overlap < BRIDGE_ENTITY_OVERLAP:
            return float("-inf")
        if similarity is None:
            similarity = float(story.centroid @ vector)
        penalty = TIME_PENALTY * (gap / HORIZON)
        if similarity + _ANCHOR_BOUND + ENTITY_WEIGHT * overlap - penalty < floor:
            return float("-inf")
        anchors = self._anchor_score(keys, story)
        if anchors + overlap < SPECIFIC_EVIDENCE:
            return float("-inf")
        return similarity + ANCHOR_WEIGHT * anchors + ENTITY_WEIGHT * overlap - penalty

    def _candidates(self, vector: np.ndarray,
                    entities: dict[str, float]) -> dict[str, float | None]:
        """Nearest stories by vector, and stories naming the document's rarest entities."""
        found: dict[str, float | None] = dict(self._index.nearest(vector, CANDIDATES))
        rarest = sorted(entities, key=lambda key: -self.frequencies.weight(key))
        for key in rarest[:ENTITY_LOOKUPS]:
            posting = self._by_entity.get(key, ())
            if len(posting) <= ENTITY_POSTINGS:
                for story_id in posting:
                    found.setdefault(story_id, None)
        return found

    def _index_story(self, story: StoryState) -> None:
        self._index.upsert(story.id, story.centroid)
        if story.last is not None:
            heapq.heappush(self._by_last, (story.last, story.id))

    def _forget_idle(self) -> None:
        """Take out of the vector index the stories idle for longer than the horizon, and
        out of the entity look-ups those idle for longer than the bridge limit.

        Beyond the horizon a story is joined only with strong entity overlap (`score`), so
        the entities it names are how it is found; searching its vector too made the index
        three times larger, and the search is a product with every row. Stories are found
        from the oldest dates up (not by a pass over every indexed story each time the
        feed's date moves on), and leave the vector index in row order, as such a pass
        would, so that the other stories keep the rows they had.
        """
        if self._latest is None:
            return
        horizon = self._latest - HORIZON
        quiet = set()
        while self._by_last and self._by_last[0][0] < horizon:
            _, story_id = heapq.heappop(self._by_last)
            story = self.stories.get(story_id)
            if (story is not None and story_id in self._index and story.last is not None
                    and story.last < horizon):
                quiet.add(story_id)
        for story_id in sorted(quiet, key=self._index.row):
            self._index.remove(story_id)
            heapq.heappush(self._quiet_by_last, (self.stories[story_id].last, story_id))
        bridge = self._latest - BRIDGE_LIMIT
        while self._quiet_by_last and self._quiet_by_last[0][0] < bridge:
            _, story_id = heapq.heappop(self._quiet_by_last)
            story = self.stories.get(story_id)
            if (story is not None and story_id not in self._index and story.last is not None
                    and story.last < bridge):
                self._drop(story)

    def add(self, document_id: str, vector: np.ndarray, signals: Signals,
            published: datetime | None, copies_story_of: str | None = None,
            entities: dict[str, float] | None = None) -> str:
        """Place one document; returns its story id.

        `copies_story_of`: a document it copies; it joins that story unless the story lies
        beyond the horizon (a text republished years later reports a new event).
        """
        keys = anchor_keys(signals)
        entities = entities or {}
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
            for story_id, similarity in sorted(self._candidates(vector, entities).items()):
                story = self.stories[story_id]
                value = self.score(vector, keys, published, story, similarity, entities,
                                   floor=best)
                if value >= best:
                    best, chosen = value, story
        if chosen is None:
            chosen = StoryState(stable_id("sto_", document_id),
                                np.zeros(DIMENSION, dtype=np.float32))
            self.stories[chosen.id] = chosen
        chosen.add(document_id, vector, keys, published, entities)
        self.assignment[document_id] = chosen.id
        self._index_story(chosen)
        self._note_entities(chosen)
        self._merge_around(chosen)
        return self.assignment[document_id]

    def _shared_anchors(self, story: StoryState, other: StoryState) -> float:
        """Rarity-weighted share of the smaller story's anchors the other story has too."""
        weight = self.frequencies.weight
        smaller = self._smaller_mass(story, other)
        if smaller <= 0:
            return 0.0
        shared = sum(weight(key) for key in story.anchors.keys() & other.anchors.keys())
        return shared / smaller

    def _merge_score(self, story: StoryState, other: StoryState, similarity: float) -> float:
        """Two stories merge on the same evidence a document joins one with."""
        gap = max(time_gap(other.first, story), time_gap(other.last, story))
        if gap > HORIZON:
            return float("-inf")
        overlap = self.entity_overlap(other.entities, story)
        if similarity + _ANCHOR_BOUND + ENTITY_WEIGHT * overlap < MERGE_THRESHOLD:
            return float("-inf")  # cannot merge even with every anchor shared
        anchors = self._shared_anchors(story, other)
        if anchors + overlap < SPECIFIC_EVIDENCE:
            return float("-inf")
        return similarity + ANCHOR_WEIGHT * anchors + ENTITY_WEIGHT * overlap

    def consolidate(self, story_ids: Iterable[str]) -> None:
        """Look once more for merges around these stories, with the frequencies of the whole
        run: a story checked for merges when its last document arrived may have scored
        under the threshold then and above it once later documents made its keys rare, or
        grown its partner (a roundup placed early never meets the story that caught up)."""
        for story_id in sorted(set(story_ids)):
            story = self.stories.get(story_id)
            if story is not None:
                self._merge_around(story)

    def _merge_around(self, story: StoryState) -> None:
        """Merge stories that have grown together (order-independence)."""
        while True:
            partner: StoryState | None = None
            centroid = story.centroid
            for other_id, similarity in sorted(
                    self._candidates(centroid, dict(story.entities)).items()):
                if other_id == story.id:
                    continue
                other = self.stories[other_id]
                if similarity is None:
                    similarity = float(other.centroid @ centroid)
                if self._merge_score(story, other, similarity) >= MERGE_THRESHOLD:
                    partner = other
                    break
            if partner is None:
                return
            keep, drop = (story, partner) if _older(story, partner) else (partner, story)
            self._drop(drop)
            keep.absorb(drop)
            for member in drop.members:
                self.assignment[member] = keep.id
            del self.stories[drop.id]
            self._index_story(keep)
            self._note_entities(keep)
            story = keep


def _older(a: StoryState, b: StoryState) -> bool:
    """The story that keeps its id in a merge: the earlier one, else the larger one."""
    if a.first is not None and b.first is not None and a.first != b.first:
        return a.first < b.first
    return a.size >= b.size
