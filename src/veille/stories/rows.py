"""Vectors kept by id in the rows of one matrix, so that a query is one product or gather.

Removal moves the last row into the freed one, so rows stay packed; the matrix doubles when
full. Used for the story centroids (`clustering.CentroidIndex`) and the loose MinHash
index's signatures (`minhash.NearDuplicateIndex`).
"""

from __future__ import annotations

import numpy as np


class RowMatrix:
    def __init__(self, width: int, dtype: type, capacity: int = 64) -> None:
        self._ids: list[str] = []
        self._rows: dict[str, int] = {}
        self._matrix = np.zeros((capacity, width), dtype=dtype)

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, key: str) -> bool:
        return key in self._rows

    def row(self, key: str) -> int:
        return self._rows[key]

    def snapshot(self) -> tuple[list[str], np.ndarray]:
        """The ids held now and their vectors, row by row (a view: copy to keep)."""
        return list(self._ids), self._matrix[: len(self._ids)]

    def rows_of(self, keys: list[str]) -> np.ndarray:
        """The vectors of these ids, in their order (a copy)."""
        return self._matrix[[self._rows[key] for key in keys]]

    def upsert(self, key: str, vector: np.ndarray) -> None:
        row = self._rows.get(key)
        if row is None:
            row = len(self._ids)
            if row == self._matrix.shape[0]:
                self._matrix = np.vstack([self._matrix, np.zeros_like(self._matrix)])
            self._ids.append(key)
            self._rows[key] = row
        self._matrix[row] = vector

    def remove(self, key: str) -> np.ndarray | None:
        """Take an id out; returns its vector (None when it was not held)."""
        row = self._rows.pop(key, None)
        if row is None:
            return None
        vector = self._matrix[row].copy()
        last = len(self._ids) - 1
        if row != last:
            moved = self._ids[last]
            self._ids[row] = moved
            self._rows[moved] = row
            self._matrix[row] = self._matrix[last]
        self._ids.pop()
        return vector
