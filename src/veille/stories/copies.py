"""Tell whether one document copies another, how, and which way.

Kinds, from the closest to the loosest:
- duplicate: nearly the same shingles (syndication, mirrors);
- excerpt: most of a shorter document's shingles are inside a longer one;
- rewrite: the two share whole passages but each has its own text;
  (an excerpt or rewrite must also share the event's rare figures, names and words, and a
  passage of sentence length: two reports built from the same stock phrases about different
  events are not copies);
- translation: another language, sentence by sentence the same content, with the same
  figures, dates and names (a machine translation or a translated rewrite).
Direction comes from publication time when both dates are known and differ; otherwise from
content: an excerpt copies the longer text, and a rewrite or translation copies the one that
carries more of the shared details (copies lose details more often than they add them).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from veille.stories import embeddings
from veille.stories.entities import entity_bag
from veille.stories.minhash import (
    SHINGLE_WORDS,
    Fingerprint,
    fingerprint,
    longest_present_runs,
    longest_shared_passage,
    overlaps,
    shared_passages,
)
from veille.stories.records import StoryRecord
from veille.stories.signals import SignalFrequencies, Signals, extract, shared_signals

DUPLICATE_RESEMBLANCE = 0.8
EXCERPT_CONTAINMENT = 0.7
EXCERPT_SIZE_RATIO = 0.7
REWRITE_CONTAINMENT = 0.2
MIN_SHARED_SHINGLES = 12
# An excerpt or rewrite keeps the event's specifics: this much of the poorer side's rare
# figures, names and words must be shared. Shared stock phrasing alone ("the new buildings
# cover about ... square metres", agency boilerplate) is not a copy.
COPY_SIGNALS = 0.5
# ... and at least one passage of this many words taken verbatim (a sentence, not a phrase).
COPY_PASSAGE_WORDS = 12
# Cross-lingual: the two documents must look alike as a whole, share rare figures and names,
# and have sentences that translate one another.
TRANSLATION_DOCUMENT_SIMILARITY = 0.55
TRANSLATION_SIGNALS = 0.2
TRANSLATION_SENTENCE_SIMILARITY = 0.6
TRANSLATION_ALIGNED_SHARE = 0.4
TRANSLATION_ALIGNED_MIN = 2
# Sentences aligned per document in a translation check: the opening carries the event.
MAX_SENTENCES = 12

KINDS = ("duplicate", "excerpt", "rewrite", "translation")


@dataclass
class Analysed:
    """A document with what the comparisons need, computed once.

    `vector` is the encoded title and lead (the story vector). Sentence vectors come from the
    `vectors` stage when it has run; otherwise they are encoded only when a translation check
    needs them (most documents never meet a cross-language candidate). Either way they are
    kept while the document can still be copied, and dropped by `forget_sentences` once it
    leaves that window. `entities` is its entity bag (`veille.stories.entities`).
    """

    record: StoryRecord
    fingerprint: Fingerprint
    signals: Signals
    vector: np.ndarray
    sentence_spans: list[tuple[int, int]]
    sentence_vectors: np.ndarray | None
    entities: dict[str, float] = field(default_factory=dict)

    def sentences_encoded(self) -> np.ndarray:
        if self.sentence_vectors is None:
            text = self.record.text
            self.sentence_vectors = embeddings.sentence_vectors(
                [text[start:end] for start, end in self.sentence_spans])
        return self.sentence_vectors

    def forget_sentences(self) -> None:
        """Drop what only recent documents need (sentence vectors, token spans)."""
        self.sentence_vectors = None
        self.fingerprint.forget_spans()


@dataclass(frozen=True)
class StoredVectors:
    """A document's encodings as the `vectors` stage stores them: the story vector and one
    row per sentence of `sentence_spans` (`opening_sentences`)."""

    lead: np.ndarray
    sentences: np.ndarray


def opening_sentences(text: str) -> list[tuple[int, int]]:
    """The sentences a translation check aligns: the opening carries the event."""
    return embeddings.sentences(text)[:MAX_SENTENCES]


def analyse(records: list[StoryRecord], stored: Mapping[str, StoredVectors] | None = None
            ) -> list[Analysed]:
    """Fingerprints, signals, entity bags and story vectors for a batch; the vectors come
    from `stored` where it has them, the others from one encoder call."""
    stored = stored or {}
    spans = {record.id: opening_sentences(record.text) for record in records}
    usable = {record.id: stored[record.id] for record in records if record.id in stored
              and len(stored[record.id].sentences) == len(spans[record.id])}
    missing = [record for record in records if record.id not in usable]
    leads = {record_id: found.lead for record_id, found in usable.items()}
    leads.update(zip([record.id for record in missing],
                     embeddings.document_vectors([record.text for record in missing]),
                     strict=True))
    return [
        Analysed(record, fingerprint(record.text), extract(record.text), leads[record.id],
                 spans[record.id],
                 usable[record.id].sentences if record.id in usable else None,
                 entity_bag(record))
        for record in records
    ]


@dataclass(frozen=True)
class CopyLink:
    """`target` copies `source`."""

    source: str
    target: str
    kind: str
    score: float
    direction_from: str
    evidence: list[dict[str, Any]] = field(default_factory=list)


def _same_language(a: Analysed, b: Analysed) -> bool:
    return (a.record.language or "") == (b.record.language or "")


def _rarity_among(a: Analysed, b: Analysed, frequencies: SignalFrequencies
                  ) -> SignalFrequencies:
    """Same-language documents are compared on what is rare in their language."""
    return frequencies.within(a.record.language) if _same_language(a, b) else frequencies


def _aligned_sentences(source: Analysed, target: Analysed
                       ) -> tuple[float, int, list[dict[str, Any]]]:
    """Share and count of the shorter document's sentences with a mutual best match."""
    if not source.sentence_spans or not target.sentence_spans:
        return 0.0, 0, []
    similarity = source.sentences_encoded() @ target.sentences_encoded().T
    best_in_target = similarity.argmax(axis=1)
    best_in_source = similarity.argmax(axis=0)
    pairs = [
        (i, int(j), float(similarity[i, j])) for i, j in enumerate(best_in_target)
        if best_in_source[j] == i and similarity[i, j] >= TRANSLATION_SENTENCE_SIMILARITY
    ]
    share = len(pairs) / min(len(source.sentence_spans), len(target.sentence_spans))
    evidence = []
    for i, j, score in sorted(pairs, key=lambda pair: -pair[2])[:5]:
        (source_start, source_end), (target_start, target_end) = (
            source.sentence_spans[i], target.sentence_spans[j])
        evidence.append({"kind": "aligned_sentence", "source_start": source_start,
                         "source_end": source_end, "target_start": target_start,
                         "target_end": target_end, "similarity": round(score, 3),
                         "text": target.record.text[target_start:target_end][:300]})
    return share, len(pairs), evidence


def _orient(a: Analysed, b: Analysed, kind: str) -> tuple[Analysed, Analysed, str]:
    """(source, target, how the direction was decided)."""
    first, second = a.record.published, b.record.published
    if first is not None and second is not None and first != second:
        return (a, b, "published") if first < second else (b, a, "published")
    if kind == "excerpt":
        return (a, b, "containment") if a.fingerprint.size >= b.fingerprint.size else (
            b, a, "containment")
    richness_a = len(a.signals.numbers) + len(a.signals.names)
    richness_b = len(b.signals.numbers) + len(b.signals.names)
    if richness_a != richness_b:
        return (a, b, "containment") if richness_a > richness_b else (b, a, "containment")
    return (a, b, "containment") if a.record.id <= b.record.id else (b, a, "containment")


def with_passages(link: CopyLink, source: Analysed, target: Analysed) -> CopyLink:
    """The link with its shared passages as evidence (computed only for links kept)."""
    if link.kind == "translation":
        return link
    return replace(link, evidence=shared_passages(source.fingerprint, source.record.text,
                                                  target.fingerprint, target.record.text))


def classify(a: Analysed, b: Analysed, frequencies: SignalFrequencies) -> CopyLink | None:
    """The copy relation between two documents, or None when they are independent."""
    return classify_many([a], b, frequencies)[0]


def classify_many(others: list[Analysed], b: Analysed, frequencies: SignalFrequencies
                  ) -> list[CopyLink | None]:
    """`classify(a, b, frequencies)` for each `a` of `others` (a document's candidates),
    with the shingle set comparisons of all the pairs made together."""
    kinds = [_shingle_kind(a, b, resemblance, containment) for a, (resemblance, containment)
             in zip(others, overlaps([a.fingerprint for a in others], b.fingerprint),
                    strict=True)]
    passages = [index for index, (kind, _) in enumerate(kinds) if kind in ("excerpt", "rewrite")]
    runs = dict(zip(passages, longest_present_runs(
        [others[index].fingerprint.sequence for index in passages], b.fingerprint.shingles),
        strict=True))
    links: list[CopyLink | None] = []
    for index, (a, (kind, score)) in enumerate(zip(others, kinds, strict=True)):
        if kind in ("excerpt", "rewrite") and (
                runs[index] < COPY_PASSAGE_WORDS - SHINGLE_WORDS + 1  # cheap passage bound
                or shared_signals(a.signals, b.signals, _rarity_among(a, b, frequencies))[0]
                < COPY_SIGNALS
                or longest_shared_passage(a.fingerprint.sequence.tolist(),
                                          b.fingerprint.sequence.tolist())
                < COPY_PASSAGE_WORDS):
            kind = None
        if kind is not None:
            source, target, direction = _orient(a, b, kind)
            links.append(CopyLink(source.record.id, target.record.id, kind, round(score, 4),
                                  direction))
        elif _same_language(a, b):
            links.append(None)
        else:
            links.append(_translation(a, b, frequencies))
    return links


def _shingle_kind(a: Analysed, b: Analysed, resemblance: float, containment: float
                  ) -> tuple[str | None, float]:
    """The copy kind the shingle overlap alone suggests, and its score."""
    shared = containment * min(a.fingerprint.size, b.fingerprint.size)
    if shared >= MIN_SHARED_SHINGLES or resemblance >= DUPLICATE_RESEMBLANCE:
        small, large = sorted((a.fingerprint.size, b.fingerprint.size))
        if resemblance >= DUPLICATE_RESEMBLANCE:
            return "duplicate", resemblance
        if containment >= EXCERPT_CONTAINMENT and small <= EXCERPT_SIZE_RATIO * large:
            return "excerpt", containment
        if containment >= REWRITE_CONTAINMENT:
            return "rewrite", containment
    return None, 0.0


def _translation(a: Analysed, b: Analysed, frequencies: SignalFrequencies) -> CopyLink | None:
    if float(a.vector @ b.vector) < TRANSLATION_DOCUMENT_SIMILARITY:
        return None
    signal_score, signal_evidence = shared_signals(a.signals, b.signals, frequencies, with_words=False)
    if signal_score < TRANSLATION_SIGNALS:
        return None
    source, target, direction = _orient(a, b, "translation")
    aligned_share, aligned, evidence = _aligned_sentences(source, target)
    if aligned_share < TRANSLATION_ALIGNED_SHARE or aligned < TRANSLATION_ALIGNED_MIN:
        return None
    evidence.append({"kind": "signals", **signal_evidence})
    score = round((aligned_share + min(1.0, signal_score)) / 2, 4)
    return CopyLink(source.record.id, target.record.id, "translation", score, direction,
                    evidence)
