"""Do two values agree? Intervals in one base unit, widened by how precisely they were written.

- Units convert to a base unit per family (`units.yaml`): 15,000 m² = 1.5 ha.
- A ratio is a fraction of its reference: "60-70% the size" and "30-40% smaller" are both
  [0.6, 0.7] once the quantities stage has read them; a percent of a ratio property is /100,
  and a percent change is a factor ("a rise of 700%" and "multiplied by eight" are both 8).
- Tolerance comes from the writing: "about" widens by 5% (two "abouts" meet at 10%); a round single figure by half
  its last significant digit (at most 5%); an explicit range is taken as given.
- Two figures with disjoint as-of dates are a timeline, never a conflict.
- A miss by an exact power of ten is a magnitude slip; a ratio that crosses 1 is an inverted
  comparison.

Two readings of bounds: `stated` compares the figures as written (a copy that turns "at least
10,000" into "100,000" changed the figure), the default compares what they imply ("at least
10,000" is compatible with 12,000 from another report).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from veille.corroborate.records import ClaimRecord
from veille.datafiles import read_yaml

UNITS_FILE = Path(__file__).resolve().parent / "units.yaml"
APPROXIMATE = 0.05  # "about", "around", "~": each side of an approximate figure
MAX_ROUNDING = 0.05  # a single round figure is read as +- half its last digit, at most 5%
MAGNITUDE_SLACK = 0.02  # |log10(ratio) - k| below this is a power-of-ten slip
SIGNED_FAMILIES = frozenset({"ratio", "money"})
LOWER_BOUNDS = frozenset({">=", ">"})
UPPER_BOUNDS = frozenset({"<=", "<"})
CHANGES = frozenset({"up", "down"})  # "rose by", "fell by": a change, not a level
DENIED = "denied"  # the modality of a version that states the value as not so


@lru_cache(maxsize=1)
def unit_factors() -> dict[str, tuple[str, float]]:
    """unit -> (family, factor to the family's base unit)."""
    data = read_yaml(UNITS_FILE.read_text(encoding="utf-8")) or {}
    return {unit: (family, float(factor))
            for family, units in data.items() for unit, factor in (units or {}).items()}


@lru_cache(maxsize=1)
def _value_types() -> dict[str, str]:
    from veille.extract.claims import ontology

    return {name: spec.value_type for name, spec in ontology().properties.items()}


def value_type(prop: str) -> str:
    """quantity, ratio, date, entity or category (from the property ontology)."""
    return _value_types().get(prop, "quantity")


@dataclass(frozen=True)
class Interval:
    """A normalised figure: [low, high] in the family's base unit, and how it was written."""

    low: float
    high: float
    family: str
    bound: str = "="
    approximate: bool = False
    tolerance: float = 0.0

    @property
    def middle(self) -> float:
        return (self.low + self.high) / 2

    def span(self, stated: bool) -> tuple[float, float]:
        """The range the figure allows, widened by its tolerance."""
        low, high = self.low - self.tolerance, self.high + self.tolerance
        if not stated and self.bound in LOWER_BOUNDS:
            high = math.inf
        if not stated and self.bound in UPPER_BOUNDS:
            low = -math.inf if self.family in SIGNED_FAMILIES else 0.0
        return low, high


def _rounding_step(number: float) -> float:
    """The place value of the last significant digit as written (15000 -> 1000, 1.5 -> 0.1)."""
    if number == 0:
        return 1.0
    magnitude = abs(number)
    if float(magnitude).is_integer():
        step = 1.0
        while magnitude % (step * 10) == 0 and step * 10 <= magnitude / 10:
            step *= 10
        return step
    text = f"{magnitude:.6f}".rstrip("0")
    decimals = len(text.split(".")[1]) if "." in text else 0
    return 10.0 ** -decimals


def interval(claim: ClaimRecord) -> Interval | None:
    """The claim's figure as an Interval, or None when it has no usable number."""
    value = claim.value or {}
    low, high = value.get("low"), value.get("high")
    if not isinstance(low, (int, float)) or not isinstance(high, (int, float)):
        return None
    low, high = float(min(low, high)), float(max(low, high))
    family, factor = _family(claim)
    if low < 0 and family not in SIGNED_FAMILIES:
        return None  # a negative count is a reading error, not a figure
    bound = str(value.get("bound") or "=")
    approximate = bound == "~"
    if low == high:
        tolerance = min(_rounding_step(low) / 2, MAX_ROUNDING * abs(low))
    else:
        tolerance = 0.0
    if approximate:
        tolerance = max(tolerance, APPROXIMATE * abs(high))
    low, high, tolerance = low * factor, high * factor, tolerance * factor
    if family == "ratio" and bound in CHANGES and claim.unit == "percent":
        # "a rise of 700%" puts the new value at 8 times the old one, "a fall of 40%" at 0.6
        low, high = (1 + low, 1 + high) if bound == "up" else (1 - high, 1 - low)
    return Interval(low, high, family, bound, approximate, tolerance)


def _family(claim: ClaimRecord) -> tuple[str, float]:
    unit = (claim.unit or "").strip()
    factors = unit_factors()
    if value_type(claim.property) == "ratio":
        if unit in factors and factors[unit][0] == "ratio":
            return "ratio", factors[unit][1]
        return "ratio", 1.0
    if unit in factors:
        return factors[unit]
    from veille.corroborate.slots import counted_key

    return f"count:{counted_key(claim) or 'things'}", 1.0


@dataclass(frozen=True)
class Verdict:
    """How a new value relates to a reference value."""

    kind: str  # agree, timeline, magnitude, inverted, conflict, incomparable
    detail: str = ""
    power: int = 0


def as_of(claim: ClaimRecord) -> tuple[date, date] | None:
    found = (claim.qualifiers or {}).get("as_of")
    if not isinstance(found, dict):
        return None
    return _date_range(found)


def _date_range(value: dict[str, Any]) -> tuple[date, date] | None:
    try:
        low = date.fromisoformat(str(value.get("low"))[:10])
        high = date.fromisoformat(str(value.get("high") or value.get("low"))[:10])
    except ValueError:
        return None
    return (low, high) if low <= high else (high, low)


def disjoint(a: tuple[date, date], b: tuple[date, date]) -> bool:
    """Two date ranges with no day in common."""
    return a[1] < b[0] or b[1] < a[0]


def compare(reference: ClaimRecord, new: ClaimRecord, *, stated: bool = False) -> Verdict:
    """Compare the values of two claims of the same question. The same value denied by one
    version and stated by the other ("Russia does not produce 100 missiles a month" against
    "Russia produces 100 a month") is a conflict, not an agreement."""
    verdict = _compare_values(reference, new, stated=stated)
    if verdict.kind == "agree" and one_denies(reference, new):
        which = "the first" if reference.modality == DENIED else "the second"
        return Verdict("conflict", f"the same value, denied by {which} version only")
    return verdict


def one_denies(first: ClaimRecord, second: ClaimRecord) -> bool:
    """One version denies what the other states."""
    return (first.modality == DENIED) != (second.modality == DENIED)


def _compare_values(reference: ClaimRecord, new: ClaimRecord, *, stated: bool) -> Verdict:
    kind = value_type(reference.property)
    if kind == "date" and value_type(new.property) == "date":
        return compare_dates(reference, new)
    if kind == "category":
        return _compare_categories(reference, new)
    if kind == "entity":
        return Verdict("incomparable", "entity values may have several true answers")
    first, second = interval(reference), interval(new)
    if first is None or second is None or first.family != second.family:
        return Verdict("incomparable", "different kinds of figure")
    when_first, when_second = as_of(reference), as_of(new)
    if when_first and when_second and disjoint(when_first, when_second):
        return Verdict("timeline", "different as-of dates")
    return compare_intervals(first, second, stated=stated)


def compare_intervals(first: Interval, second: Interval, *, stated: bool = False) -> Verdict:
    low_a, high_a = first.span(stated)
    low_b, high_b = second.span(stated)
    if low_a <= high_b and low_b <= high_a:
        return Verdict("agree")
    if first.family == "ratio" and (first.middle - 1) * (second.middle - 1) < 0:
        return Verdict("inverted", f"{_show(first)} became {_show(second)}: the comparison "
                                   f"crosses 1")
    if first.middle > 0 and second.middle > 0:
        exponent = math.log10(second.middle / first.middle)
        power = round(exponent)
        if power != 0 and abs(exponent - power) < MAGNITUDE_SLACK:
            return Verdict("magnitude", f"{_show(first)} became {_show(second)} "
                                        f"(x10^{power})", power)
    return Verdict("conflict", f"{_show(first)} against {_show(second)}")


def compare_dates(reference: ClaimRecord, new: ClaimRecord) -> Verdict:
    first, second = _date_range(reference.value or {}), _date_range(new.value or {})
    if first is None or second is None:
        return Verdict("incomparable", "unreadable date")
    if disjoint(first, second):
        return Verdict("conflict", f"{_show_dates(first)} against {_show_dates(second)}")
    return Verdict("agree")


def _compare_categories(reference: ClaimRecord, new: ClaimRecord) -> Verdict:
    first = set((reference.value or {}).get("classes") or ())
    second = set((new.value or {}).get("classes") or ())
    if not first or not second:
        return Verdict("incomparable", "no class")
    if first & second:
        return Verdict("agree")
    return Verdict("conflict", f"{'/'.join(sorted(first))} against {'/'.join(sorted(second))}")


def _show(value: Interval) -> str:
    def number(x: float) -> str:
        return f"{x:,.3g}" if abs(x) < 1000 else f"{x:,.0f}"

    figure = number(value.low) if value.low == value.high else \
        f"{number(value.low)}-{number(value.high)}"
    prefix = {"=": "", "~": "~"}.get(value.bound, value.bound)
    return prefix + figure


def _show_dates(span: tuple[date, date]) -> str:
    low, high = span
    return low.isoformat() if low == high else f"{low.isoformat()}..{high.isoformat()}"
