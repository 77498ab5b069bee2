"""Exporters, one module per kind, found through `EXPORTERS`.

An exporter turns the store into rows (dicts with stable keys) that `write_rows` writes
as JSONL or CSV; formats that are not rows (STIX, GeoJSON) write their own file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from veille.store import Store

Rows = Iterable[dict[str, Any]]
EXPORTERS: dict[str, Callable[[Store], Rows]] = {}


def exporter(kind: str) -> Callable[[Callable[[Store], Rows]], Callable[[Store], Rows]]:
    """Register a row exporter under `kind` (the argument of `veille export KIND`)."""

    def decorate(function: Callable[[Store], Rows]) -> Callable[[Store], Rows]:
        EXPORTERS[kind] = function
        return function

    return decorate
