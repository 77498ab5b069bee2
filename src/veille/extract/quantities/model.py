"""The `Quantity` result, and the mutable `Draft` each rule refines before it is frozen."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Quantity:
    start: int
    end: int
    text: str
    low: float
    high: float
    bound: str  # "=", "~", ">", ">=", "<", "<=", "up", "down"
    unit: str | None
    normalized_unit: str | None
    kind: str  # "count" | "measure" | "percent" | "ratio" | "money" | "number"
    reference: str | None = None
    of_kinds: bool = False  # counts kinds of the thing ("450 unique components"), not items

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        if not self.of_kinds:
            del data["of_kinds"]  # most figures count items: said only when it is not so
        return data


@dataclass
class Draft:
    """A quantity being built: the scan's rules widen, scale and label it in place."""

    start: int
    end: int
    low: float
    high: float
    bound: str = "="
    unit: str | None = None
    normalized: str | None = None
    kind: str = "number"
    reference: str | None = None
    currency_start: int | None = None
    yearlike: bool = False
    scaled: bool = False  # ends with a scale word (million, Mio., тыс.)
    collective: bool = False  # a collective numeral ("une vingtaine"): about that many
    of_kinds: bool = False  # "450 different kinds of components", "450 unique components"
