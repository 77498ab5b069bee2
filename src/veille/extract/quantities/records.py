"""`quantities_as_records`: quantities in the flat shape printed by `veille quantities`."""

from __future__ import annotations

from typing import Any

from veille.extract.quantities.scan import find_quantities

_CHANGE = {"=": "=", "~": "~", ">": ">", ">=": ">", "<": "<", "<=": "<", "up": "up",
           "down": "down"}


def quantities_as_records(text: str, language: str = "en") -> list[dict[str, Any]]:
    """Quantities in the flat shape of `veille quantities` (value or low/high, change)."""
    return [{
        "value": q.low if q.low == q.high else None,
        "low": q.low,
        "high": q.high,
        "unit": q.unit,
        "normalized_unit": q.normalized_unit,
        "change": _CHANGE[q.bound],
        "bound": q.bound,
        "kind": q.kind,
        "reference": q.reference,
        "start": q.start,
        "end": q.end,
        "text": q.text,
    } for q in find_quantities(text, language)]
