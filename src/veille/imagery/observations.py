"""Holding a measurement against the claims: does a measured size ratio support a claim slot?

A claim such as "60-70 % the size of the existing building" holds the interval [0.60, 0.70]
(see CLAIMS.md). A measured ratio carries its own uncertainty (the area error of the
measurement chain, about 10 %, see docs/benchmarks/imagery.md), so it supports the claim when
its uncertainty interval meets the claimed one, and contradicts it otherwise.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

DEFAULT_RELATIVE_ERROR = 0.10  # measured area ratio, ± this fraction
APPROXIMATE_WIDENING = 0.10  # "about 0.65" ("~" bound) is read as 0.65 ± 10 %


@dataclass
class Stance:
    stance: str  # "supports" or "contradicts"
    measured: float
    low: float
    high: float
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {"stance": self.stance, "measured": self.measured, "claimed_low": self.low,
                "claimed_high": self.high, "reason": self.reason}


def claimed_interval(value: dict[str, Any] | None) -> tuple[float, float] | None:
    """[low, high] of a claim value dict (low/high/bound, or a single `value`); None if the
    claim holds no number."""
    if not value:
        return None
    given_low, given_high = value.get("low"), value.get("high")
    if given_low is None and given_high is None and isinstance(value.get("value"), int | float):
        given_low = given_high = value["value"]
    if given_low is None and given_high is None:
        return None
    low = float(given_low if given_low is not None else given_high)  # type: ignore[arg-type]
    high = float(given_high if given_high is not None else given_low)  # type: ignore[arg-type]
    bound = value.get("bound", "=")
    if bound == ">=":
        high = math.inf
    elif bound == "<=":
        low = 0.0
    elif bound == "~":
        low, high = low * (1 - APPROXIMATE_WIDENING), high * (1 + APPROXIMATE_WIDENING)
    return (min(low, high), max(low, high))


def judge_ratio(measured: float, claimed: tuple[float, float],
                relative_error: float = DEFAULT_RELATIVE_ERROR) -> Stance:
    """Supports when [measured ± error] meets the claimed interval; contradicts otherwise."""
    low, high = claimed
    measured_low, measured_high = measured * (1 - relative_error), measured * (1 + relative_error)
    shown = f"{low:g}-{high:g}" if math.isfinite(high) else f">= {low:g}"
    if measured_high >= low and measured_low <= high:
        reason = f"measured ratio {measured:.2f} (±{relative_error:.0%}) is within claimed {shown}"
        return Stance("supports", measured, low, high, reason)
    side = "below" if measured_high < low else "above"
    reason = f"measured ratio {measured:.2f} (±{relative_error:.0%}) is {side} claimed {shown}"
    return Stance("contradicts", measured, low, high, reason)


def consensus_interval(intervals: list[tuple[float, float]]) -> tuple[float, float] | None:
    """The slot's claimed value: the median of the claims' lows and highs (robust to the odd
    garbled retelling, which is exactly what the claim flags are for)."""
    if not intervals:
        return None
    lows = sorted(low for low, _ in intervals)
    highs = sorted(high for _, high in intervals)
    middle = len(intervals) // 2
    if len(intervals) % 2:
        return lows[middle], highs[middle]
    return (lows[middle - 1] + lows[middle]) / 2, (highs[middle - 1] + highs[middle]) / 2
