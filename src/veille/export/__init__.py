"""Exporters, one module per kind, found through `EXPORTERS`.

A row exporter turns the store into rows (dicts with stable keys) that `write_rows` writes
as JSONL or CSV. A document exporter (STIX bundle, GeoJSON FeatureCollection) returns one
JSON document, written as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from veille.store import Store

Rows = Iterable[dict[str, Any]]
Document = dict[str, Any]
EXPORTERS: dict[str, Callable[[Store], Rows]] = {}
DOCUMENT_EXPORTERS: dict[str, Callable[[Store], Document]] = {}


def exporter(kind: str) -> Callable[[Callable[[Store], Rows]], Callable[[Store], Rows]]:
    """Register a row exporter under `kind` (the argument of `veille export KIND`)."""

    def decorate(function: Callable[[Store], Rows]) -> Callable[[Store], Rows]:
        EXPORTERS[kind] = function
        return function

    return decorate


def document_exporter(
    kind: str,
) -> Callable[[Callable[[Store], Document]], Callable[[Store], Document]]:
    """Register an exporter that returns one JSON document (`veille export KIND`)."""

    def decorate(function: Callable[[Store], Document]) -> Callable[[Store], Document]:
        DOCUMENT_EXPORTERS[kind] = function
        return function

    return decorate
