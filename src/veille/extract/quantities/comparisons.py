"""Comparisons turned into ratios against a reference: "60% larger than X", "twice the size
of X", "two-thirds the size"."""

from __future__ import annotations

import re

from veille.extract.quantities.bounds import bound_before
from veille.extract.quantities.lexicon import QuantityLexicon
from veille.extract.quantities.model import Draft

AFTER_WINDOW = 80  # characters scanned after a quantity for a comparison phrase


def apply_comparison(text: str, draft: Draft, lexicon: QuantityLexicon) -> None:
    """A percentage, or a bare number followed by "times", that a comparison phrase follows
    becomes a ratio."""
    multiple = False
    if lexicon.comparison_re is not None and draft.kind == "number":
        times_end: int | None = draft.end if draft.unit is not None else None
        if draft.unit is None and lexicon.times_re is not None:
            times = lexicon.times_re.match(text, draft.end)
            times_end = times.end() if times else None
        if times_end is not None and lexicon.comparison_re.match(text, times_end):
            draft.end = times_end
            multiple = True
    if draft.kind == "percent" or multiple:
        _comparison_after(text, draft, lexicon, multiple)


def multiple_words(text: str, lexicon: QuantityLexicon) -> list[Draft]:
    """"twice the size of X", "two-thirds the size", "3분의 2 크기": multiples and fractions
    written as words. They win over the digits inside them ("two" of "two-thirds"), but only
    when a comparison phrase follows."""
    if lexicon.multiple_re is None or lexicon.comparison_re is None:
        return []
    found = []
    for match in lexicon.multiple_re.finditer(text):
        value = lexicon.multiple_words[" ".join(match.group("multiple").lower().split())]
        draft = Draft(match.start(), match.end(), value, value)
        if lexicon.times_re is not None:
            times = lexicon.times_re.match(text, draft.end)
            if times:
                draft.end = times.end()
        if not lexicon.comparison_re.match(text, draft.end):
            continue
        draft.bound = bound_before(text, draft.start, lexicon) or "="
        _comparison_after(text, draft, lexicon, multiple=True)
        found.append(draft)
    return found


def _comparison_after(text: str, draft: Draft, lexicon: QuantityLexicon,
                      multiple: bool) -> None:
    """Turn "60% larger than X" or "three times the size of X" into a ratio."""
    if lexicon.comparison_re is None:
        return
    match = lexicon.comparison_re.match(text, draft.end, min(len(text), draft.end + AFTER_WINDOW))
    if not match:
        return
    phrase = " ".join(match.group("phrase").lower().split())
    kind = lexicon.comparison_kind[phrase]
    low, high = draft.low, draft.high
    if multiple:
        ratio_low, ratio_high = low, high
        if kind == "smaller":
            ratio_low, ratio_high = 1 / high if high else 0.0, 1 / low if low else 0.0
    else:
        low, high = low / 100, high / 100
        if kind == "of_size":
            ratio_low, ratio_high = low, high
        elif kind == "larger":
            ratio_low, ratio_high = 1 + low, 1 + high
        else:
            ratio_low, ratio_high = 1 - high, 1 - low
    draft.low, draft.high = round(ratio_low, 10), round(ratio_high, 10)
    draft.kind = "ratio"
    draft.normalized = "ratio"
    draft.end = match.end()
    draft.reference = _reference(text, match.end(), phrase, lexicon)
    if draft.bound not in ("=", "~", ">", ">=", "<", "<="):
        draft.bound = "="


_REFERENCE_STOP_RE = re.compile(r"[,.;:!?()\[\]\"«»“”\n]")


def _reference(text: str, position: int, phrase: str, lexicon: QuantityLexicon) -> str | None:
    segment = text[position:position + AFTER_WINDOW]
    stop = _REFERENCE_STOP_RE.search(segment)
    if stop:
        segment = segment[: stop.start()]
    words = segment.split()
    if not phrase.split()[-1] in lexicon.reference_markers:
        if not words or words[0].lower() not in lexicon.reference_markers:
            return None
        words = words[1:]
    kept: list[str] = []
    for word in words[:8]:
        if kept and word.lower() in lexicon.reference_stops:
            break
        kept.append(word)
    return " ".join(kept) or None
