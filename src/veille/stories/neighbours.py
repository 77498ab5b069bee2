"""Nearest document vectors for a batch of arriving documents, from one matrix product.

The engine looks for translation candidates among the nearest document vectors of every
document it places: one matrix-vector product over the whole document index per document,
memory bound, and the part of placing a document that grows with the index. A batch's
similarities to the index (and to the batch's own documents, indexed one after another)
come here from one matrix product instead, about twenty times cheaper per document.

A matrix product sums in another order than the matrix-vector product, so its scores may
differ in the last bits, and the engine's answers must not change: an answer is given only
where no rounding within the error bound of a float32 dot product could change it (which
documents are among the nearest, and which of those reach the similarity threshold);
otherwise the caller computes it exactly (3 documents in 100 on the synthetic corpus).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from veille.stories.clustering import CentroidIndex

_UNIT_ROUNDING = 2.0**-24


def rounding_bound(dimension: int) -> float:
    """Most two float32 dot products of the same unit-norm vectors can differ, whatever
    order each sums in: twice gamma_n = n u / (1 - n u) (Higham, Accuracy and Stability of
    Numerical Algorithms, 3.1), with some slack."""
    gamma = dimension * _UNIT_ROUNDING / (1 - dimension * _UNIT_ROUNDING)
    return 2.5 * gamma


class BatchNeighbours:
    """Similarities of a batch of documents to an index, taken before any is placed.

    `index` holds the documents placed so far; the batch's documents are added to it one
    after another, and some of the older ones removed: report both (`indexed`, `removed`).
    """

    def __init__(self, index: CentroidIndex, ids: list[str], vectors: np.ndarray) -> None:
        indexed_ids, matrix = index.snapshot()
        self._first_new = len(indexed_ids)
        self._ids = indexed_ids + ids
        self._position = {key: row for row, key in enumerate(self._ids)}
        self._alive = np.zeros(len(self._ids), dtype=bool)
        self._alive[: self._first_new] = True
        self._live = self._first_new
        self._index = index
        # One row per query: its similarities to the indexed vectors, and to the batch's.
        self._to_indexed = vectors @ matrix.T
        self._to_batch = vectors @ vectors.T
        squares = np.concatenate([np.einsum("ij,ij->i", matrix, matrix),
                                  np.einsum("ij,ij->i", vectors, vectors)])
        self._margin = rounding_bound(vectors.shape[1]) * float(squares.max(initial=0.0))

    @staticmethod
    def usable(index: CentroidIndex, ids: list[str]) -> bool:
        """Only a batch of distinct documents not indexed yet: a vector replaced in the
        index after the product would leave its scores stale."""
        return len(set(ids)) == len(ids) and not any(key in index for key in ids)

    def indexed(self, key: str) -> None:
        row = self._position.get(key)
        if row is not None and not self._alive[row]:
            self._alive[row] = True
            self._live += 1

    def removed(self, key: str) -> None:
        row = self._position.get(key)
        if row is not None and self._alive[row]:
            self._alive[row] = False
            self._live -= 1

    def similar(self, key: str, count: int, threshold: float,
                counts: Callable[[str], bool]) -> set[str] | None:
        """Of the `count` indexed documents nearest to the batch's document `key` (those
        of the index's own `nearest`), the ones that `counts` accepts and whose similarity
        is at least `threshold`; None where rounding could change the answer."""
        query = self._position.get(key, -1) - self._first_new
        if query < 0 or self._live != len(self._index):
            return None
        values = np.concatenate([self._to_indexed[query], self._to_batch[query]])
        values[~self._alive] = -np.inf
        margin = self._margin
        chosen = (np.flatnonzero(self._alive) if self._live <= count
                  else self._certain_top(values, count, counts))
        if chosen is None:
            return None
        found = set()
        for row in chosen.tolist():
            key = self._ids[row]
            value = float(values[row])
            if not counts(key) or value + margin < threshold:
                continue
            if value - margin < threshold:
                return None  # too close to the threshold to tell
            found.add(key)
        return found

    def _certain_top(self, values: np.ndarray, count: int,
                     counts: Callable[[str], bool]) -> np.ndarray | None:
        """Rows certainly among the `count` highest exact scores, plus rows that may or may
        not be but that `counts` rejects (so the choice among them does not matter)."""
        margin = self._margin
        kth = float(np.partition(values, values.size - count)[values.size - count])
        window = np.flatnonzero(values >= kth - 4 * margin)
        window = window[np.argsort(-values[window], kind="stable")]
        ordered = values[window]
        # The rows whose order rounding could change: the run of scores around the
        # count-th highest with gaps of at most 2 margins.
        first = last = count - 1
        while first > 0 and ordered[first - 1] - ordered[first] <= 2 * margin:
            first -= 1
        while last + 1 < ordered.size and ordered[last] - ordered[last + 1] <= 2 * margin:
            last += 1
        if ordered[last] < kth - 2 * margin:
            return None  # the run may go on below the window
        if last + 1 > count and any(counts(self._ids[row]) for row in window[first : last + 1]):
            return None
        return window[: last + 1]
