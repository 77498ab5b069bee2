"""Mentions for claim tests: names placed by hand, quantities and dates from the real parsers."""

from __future__ import annotations

from typing import Any

from veille.extract.quantities import find_quantities


def names(text: str, *entries: tuple[str, str] | tuple[str, str, str]) -> list[dict[str, Any]]:
    """Entity mentions for each (surface text, label[, entity id]), every occurrence."""
    found = []
    for entry in entries:
        surface, label = entry[0], entry[1]
        entity_id = entry[2] if len(entry) > 2 else None
        position = text.find(surface)
        assert position >= 0, surface
        while position >= 0:
            found.append({"start": position, "end": position + len(surface), "text": surface,
                              "label": label, "entity_id": entity_id, "value": None})
            position = text.find(surface, position + 1)
    return found


def quantities(text: str, language: str) -> list[dict[str, Any]]:
    return [{"start": q.start, "end": q.end, "text": q.text, "label": "QUANTITY", "entity_id": None,
                 "value": q.to_json()} for q in find_quantities(text, language)]


def dates(text: str, language: str, published: Any = None) -> list[dict[str, Any]]:
    """DATE mentions from the dates parser, or none while it is not installed."""
    try:
        from veille.extract.dates import find_dates
    except ImportError:
        return []
    return [{"start": d.start, "end": d.end, "text": d.text, "label": "DATE", "entity_id": None,
                 "value": d.to_json()} for d in find_dates(text, language, published)]
