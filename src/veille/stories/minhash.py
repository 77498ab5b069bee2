"""Near-duplicate candidates without comparing all pairs.

Two indexes over word shingles of the normalised text:
- datasketch MinHash LSH finds documents whose whole shingle sets are similar (duplicates,
  light rewrites);
- a winnowed passage index (Schleimer et al., the MOSS fingerprinting scheme) finds documents
  that share passages even when one is much shorter than the other (excerpts, rewrites that
  keep whole sentences), which whole-document Jaccard misses.
Both only look up the new document's own keys, so the cost per document stays flat as the
corpus grows.
"""

from __future__ import annotations

import zlib
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from datasketch import MinHash, MinHashLSH

from veille.stories.records import Token, tokens
from veille.stories.rows import RowMatrix

SHINGLE_WORDS = 4
NUM_PERM = 64
SCHEME = "affine32"  # datasketch's default; named because shared permutations require it
LSH_THRESHOLD = 0.3
# Documents retired from the loose index (older than the copy horizon) stay findable as
# near-duplicates: recycled old text is still a copy, and a rewrite of an old document is
# found through the verbatim passages it shares, which the passage index keeps.
RETIRED_LSH_THRESHOLD = 0.8
WINNOW_WINDOW = 6
# A fingerprint shared by more documents than this is boilerplate (menus, bylines).
MAX_POSTINGS = 50
# LSH hits kept per look-up, the closest by estimated resemblance: in a feed of formulaic
# reports the hits grow with the corpus, and each one costs a full comparison.
MAX_LSH_CANDIDATES = 20


def _identity(value: int) -> int:
    return value


@lru_cache(maxsize=1)
def _permutations() -> np.ndarray:
    """The seeded permutation parameters every signature shares; datasketch would draw them
    again for each new MinHash (a fresh random generator each time: 3 % of the stage)."""
    return MinHash(num_perm=NUM_PERM, hashfunc=_identity).permutations


@dataclass
class Fingerprint:
    """The shingle hashes of one document and their MinHash signature.

    `sequence` (the hashes in text order, 4 bytes a word) serves the verbatim-passage checks
    and is kept for good: recycled old text finds old documents through the passage index
    at any age, and re-tokenising them was the part of the stage that grew with the corpus.
    `spans` (each token's character span, twice the size) is needed only to cite the
    passages of a link kept; `forget_spans` drops it, and it is recomputed on demand.
    """

    shingles: np.ndarray  # sorted unique uint32 hashes
    winnowed: np.ndarray  # sorted unique subset used as passage keys
    minhash: MinHash
    sequence: np.ndarray  # uint32 hashes in text order
    spans: np.ndarray | None = None  # int32 (tokens, 2): start and end of each token

    def forget_spans(self) -> None:
        self.spans = None

    @property
    def size(self) -> int:
        return int(self.shingles.size)


def shingle_hashes(words: list[Token]) -> list[int]:
    """One 32-bit hash per run of SHINGLE_WORDS consecutive tokens, in text order."""
    if not words:
        return []
    texts = [token.text for token in words]
    if len(texts) < SHINGLE_WORDS:
        return [zlib.crc32(" ".join(texts).encode("utf-8"))]
    return [
        zlib.crc32(" ".join(texts[i : i + SHINGLE_WORDS]).encode("utf-8"))
        for i in range(len(texts) - SHINGLE_WORDS + 1)
    ]


def winnow(hashes: list[int], window: int = WINNOW_WINDOW) -> set[int]:
    """The minimum hash of every window: any passage of window+k-1 words keeps one key."""
    if len(hashes) <= window:
        return {min(hashes)} if hashes else set()
    return {min(hashes[i : i + window]) for i in range(len(hashes) - window + 1)}


def fingerprint(text: str) -> Fingerprint:
    words = tokens(text)
    hashes = shingle_hashes(words)
    signature = MinHash(num_perm=NUM_PERM, hashfunc=_identity, permutations=_permutations(),
                        scheme=SCHEME)
    if hashes:
        signature.update_batch(hashes)
    sequence = np.asarray(hashes, dtype=np.uint32)
    return Fingerprint(
        shingles=np.unique(sequence),
        winnowed=np.unique(np.asarray(sorted(winnow(hashes)), dtype=np.uint32)),
        minhash=signature,
        sequence=sequence,
        spans=np.asarray([(word.start, word.end) for word in words],
                         dtype=np.int32).reshape(-1, 2),
    )


def _spans(print_: Fingerprint, text: str) -> list[tuple[int, int]]:
    """Each token's character span (kept, or recomputed from the text)."""
    if print_.spans is not None:
        return [(int(a), int(b)) for a, b in print_.spans.tolist()]
    return [(word.start, word.end) for word in tokens(text)]


def _present(arrays: list[np.ndarray], shingles: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Which hashes of the arrays, end to end, are in `shingles` (sorted unique hashes),
    and where each array starts: one search for all the arrays a document is compared
    with (numpy's cost per call, not per element, dominates on arrays this small)."""
    lengths = np.fromiter((array.size for array in arrays), dtype=np.intp, count=len(arrays))
    starts = np.zeros(len(arrays) + 1, dtype=np.intp)
    np.cumsum(lengths, out=starts[1:])
    hashes = np.concatenate(arrays) if arrays else np.zeros(0, dtype=np.uint32)
    if hashes.size == 0 or shingles.size == 0:
        return np.zeros(hashes.size, dtype=bool), starts
    where = np.searchsorted(shingles, hashes)
    return shingles[np.minimum(where, shingles.size - 1)] == hashes, starts


def overlaps(prints: list[Fingerprint], other: Fingerprint) -> list[tuple[float, float]]:
    """(Jaccard resemblance, containment of the smaller in the larger) of each print's
    shingle set with `other`'s."""
    present, starts = _present([print_.shingles for print_ in prints], other.shingles)
    counted = np.zeros(present.size + 1, dtype=np.intp)
    np.cumsum(present, out=counted[1:])
    shared = (counted[starts[1:]] - counted[starts[:-1]]).tolist()
    return [
        (0.0, 0.0) if print_.size == 0 or other.size == 0 else
        (common / (print_.size + other.size - common), common / min(print_.size, other.size))
        for print_, common in zip(prints, shared, strict=True)
    ]


class NearDuplicateIndex:
    """MinHash LSH plus a winnowed passage index; add documents, ask for candidates."""

    def __init__(self) -> None:
        self._lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
        self._retired = MinHashLSH(threshold=RETIRED_LSH_THRESHOLD, num_perm=NUM_PERM)
        self._postings: dict[int, list[str]] = defaultdict(list)
        self._known: set[str] = set()
        # Signatures of the documents in the loose index, to rank its hits: one gather,
        # not a stack of hundreds of small arrays (a formulaic feed's look-ups hit that many).
        self._signatures = RowMatrix(NUM_PERM, np.uint64, capacity=256)

    def __contains__(self, document_id: str) -> bool:
        return document_id in self._known

    def add(self, document_id: str, print_: Fingerprint) -> None:
        if document_id in self._known:
            return
        self._known.add(document_id)
        if print_.size:
            self._lsh.insert(document_id, print_.minhash)
            self._signatures.upsert(document_id, print_.minhash.hashvalues)
        for key in print_.winnowed.tolist():
            posting = self._postings[key]
            if len(posting) <= MAX_POSTINGS:
                posting.append(document_id)

    def retire(self, document_id: str) -> None:
        """Keep an old document for near-duplicate and passage look-ups only.

        The loose whole-document index is what grows with the corpus in a feed of
        formulaic reports (every report of a kind collides with some of the others), so
        it holds only the documents inside the copy horizon; the work per look-up then
        stays flat however long the feed runs.
        """
        signature = self._signatures.remove(document_id)
        if signature is None:
            return
        self._lsh.remove(document_id)
        self._retired.insert(document_id, MinHash(
            num_perm=NUM_PERM, hashvalues=signature, scheme=SCHEME,
            permutations=_permutations()))

    def candidates(self, print_: Fingerprint, min_shared: int = 2) -> set[str]:
        """Documents similar as a whole, or sharing at least `min_shared` passage keys."""
        found = set()
        if print_.size:
            found = self._closest(print_) | set(self._retired.query(print_.minhash))
        shared: dict[str, int] = defaultdict(int)
        for key in print_.winnowed.tolist():
            posting = self._postings.get(key)
            if posting and len(posting) <= MAX_POSTINGS:
                for document_id in posting:
                    shared[document_id] += 1
        found.update(doc for doc, count in shared.items() if count >= min_shared)
        return found

    def _closest(self, print_: Fingerprint) -> set[str]:
        hits = sorted(self._lsh.query(print_.minhash))
        if len(hits) <= MAX_LSH_CANDIDATES:
            return set(hits)
        agreement = np.count_nonzero(
            self._signatures.rows_of(hits) == print_.minhash.hashvalues, axis=1)
        # Most agreeing first; the sort is stable and `hits` sorted, so ties go by id.
        ranked = np.argsort(-agreement, kind="stable")[:MAX_LSH_CANDIDATES]
        return {hits[index] for index in ranked.tolist()}


def longest_present_runs(sequences: list[np.ndarray], shingles: np.ndarray) -> list[int]:
    """For each sequence (a text's shingle hashes in text order), its longest run of
    consecutive shingles that all occur in `shingles` (another text's sorted unique hashes),
    in shingles.

    An upper bound of `longest_shared_passage` - SHINGLE_WORDS + 1 (a shared passage is such
    a run), computed in numpy: it rules most candidate pairs out before the exact check.
    """
    present, starts = _present([np.asarray(sequence, dtype=np.uint32)
                                for sequence in sequences], shingles)
    # A absent mark before each sequence, so that no run crosses from one into the next.
    marked = np.insert(present, starts[:-1], False).view(np.int8)
    edges = np.flatnonzero(np.diff(np.concatenate(([0], marked, [0]))))
    run_starts, run_ends = edges[::2], edges[1::2]
    owner = np.searchsorted(starts[:-1] + np.arange(len(sequences)), run_starts,
                            side="right") - 1
    longest = np.zeros(len(sequences), dtype=np.intp)
    np.maximum.at(longest, owner, run_ends - run_starts)
    return longest.tolist()


def longest_shared_passage(a_hashes: list[int], b_hashes: list[int]) -> int:
    """Words in the longest passage two texts share verbatim (0 if none of a shingle), from
    their shingle hashes in text order (`Fingerprint.sequence`)."""
    positions: dict[int, list[int]] = defaultdict(list)
    for index, value in enumerate(a_hashes):
        positions[value].append(index)
    longest = 0
    for index, value in enumerate(b_hashes):
        for start in positions.get(value, ()):
            if index and start and b_hashes[index - 1] == a_hashes[start - 1]:
                continue  # inside a run already measured from its beginning
            length = 1
            while (index + length < len(b_hashes) and start + length < len(a_hashes)
                   and b_hashes[index + length] == a_hashes[start + length]):
                length += 1
            longest = max(longest, length)
    return longest + SHINGLE_WORDS - 1 if longest else 0


def shared_passages(source: Fingerprint, source_text: str, target: Fingerprint,
                    target_text: str, limit: int = 5,
                    min_words: int = 8) -> list[dict[str, object]]:
    """The longest runs of shingles the two texts share, as character spans in each.

    This is the evidence of a copy: the analyst sees the passages, not just a score.
    Only called for pairs already classified as copies.
    """
    source_hashes, source_tokens = source.sequence.tolist(), _spans(source, source_text)
    target_hashes, target_tokens = target.sequence.tolist(), _spans(target, target_text)
    positions: dict[int, int] = {}
    for index, value in enumerate(source_hashes):
        positions.setdefault(value, index)
    runs: list[tuple[int, int, int]] = []  # (target start token, source start token, length)
    index = 0
    while index < len(target_hashes):
        start = positions.get(target_hashes[index])
        if start is None:
            index += 1
            continue
        length = 1
        while (index + length < len(target_hashes) and start + length < len(source_hashes)
               and target_hashes[index + length] == source_hashes[start + length]):
            length += 1
        runs.append((index, start, length))
        index += length
    passages = []
    for target_start, source_start, length in sorted(runs, key=lambda run: -run[2])[:limit]:
        words = length + SHINGLE_WORDS - 1
        if words < min_words:
            continue
        source_end_token = source_tokens[min(source_start + words, len(source_tokens)) - 1]
        target_end_token = target_tokens[min(target_start + words, len(target_tokens)) - 1]
        source_span = (source_tokens[source_start][0], source_end_token[1])
        target_span = (target_tokens[target_start][0], target_end_token[1])
        passages.append({
            "kind": "passage",
            "source_start": source_span[0], "source_end": source_span[1],
            "target_start": target_span[0], "target_end": target_span[1],
            "text": target_text[target_span[0]:target_span[1]][:500],
        })
    return passages
