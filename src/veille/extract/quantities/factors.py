"""Growth factors: "multiplied by seven", "production rose eight times", "a augmenté neuf
fois", "в восемь раз": a change of one quantity over time, read as the ratio of the new value
to the old, the way `comparisons` reads "three times the size of X".

A number followed by a "times" word is a factor only when a word of change governs it
(a growth word earlier in its clause, or "more" right after it): "the site was hit three
times" stays a plain number. A factor opener ("multiplied by", "multipliée par") needs no
"times" word. The baseline, when the text names one ("than planned", "par rapport aux
indicateurs précédents"), becomes the quantity's reference.
"""

from __future__ import annotations

import re

from veille.extract.quantities.lexicon import QuantityLexicon
from veille.extract.quantities.model import Draft

LOOK_BACK = 80  # characters before the number searched for a growth word or an opener
BASELINE_WINDOW = 80  # characters after the factor searched for its baseline
BASELINE_GAP_WORDS = 3  # words allowed between the factor and its baseline marker
CLAUSE_END_RE = re.compile(r"[.;:!?\n]")
# Bounds that still read the same once the number is a factor ("more than eight times").
KEPT_BOUNDS = frozenset({"~", ">", ">=", "<", "<="})


def apply_growth_factor(text: str, draft: Draft, lexicon: QuantityLexicon) -> None:
    """Turn a plain number that states a growth factor into a ratio, in place."""
    before = _clause_before(text, draft.start)
    opened = lexicon.factor_opener_re is not None and \
        lexicon.factor_opener_re.search(before) is not None
    unit_is_times = draft.unit is not None and (draft.normalized == "times" or (
        lexicon.times_re is not None and lexicon.times_re.fullmatch(" " + draft.unit)))
    if not (draft.kind == "number" and draft.unit is None or unit_is_times
            or opened and draft.kind == "count"):  # "multipliée par trois depuis 2022"
        return
    if opened and not unit_is_times and draft.unit:
        written = text[draft.start:draft.end]
        cut = written.rfind(draft.unit)
        if cut > 0:  # the word taken for a counted noun is not part of the factor
            draft.end = draft.start + len(written[:cut].rstrip())
    times_end = draft.end if unit_is_times else None
    if times_end is None and lexicon.times_re is not None:
        times = lexicon.times_re.match(text, draft.end)
        times_end = times.end() if times else None
    if not opened:
        if times_end is None or lexicon.growth_re is None:
            return
        more_after = lexicon.growth_after_re is not None and \
            lexicon.growth_after_re.match(text, times_end) is not None
        if not more_after and lexicon.growth_re.search(before) is None:
            return
    if times_end is not None:
        draft.end = times_end
    if lexicon.growth_after_re is not None:
        more = lexicon.growth_after_re.match(text, draft.end)
        if more:
            draft.end = more.end()
    draft.kind = "ratio"
    draft.unit = None
    draft.normalized = "ratio"
    if draft.bound not in KEPT_BOUNDS:
        draft.bound = "="
    draft.reference = _baseline(text, draft.end, lexicon)


def _clause_before(text: str, position: int) -> str:
    window = text[max(0, position - LOOK_BACK):position]
    ends = list(CLAUSE_END_RE.finditer(window))
    return window[ends[-1].end():] if ends else window


def _baseline(text: str, position: int, lexicon: QuantityLexicon) -> str | None:
    """The words after a baseline marker ("than planned" -> "planned"), up to the clause end."""
    if lexicon.baseline_re is None:
        return None
    segment = text[position:position + BASELINE_WINDOW]
    stop = CLAUSE_END_RE.search(segment)
    segment = segment[:stop.start()] if stop else segment
    found = lexicon.baseline_re.search(segment)
    # the marker follows the factor, or the noun it counts: "four times more hulls than"
    if found is None or len(segment[:found.start()].split()) > BASELINE_GAP_WORDS:
        return None
    words = segment[found.end():].split(",")[0].split()
    return " ".join(words[:8]) or None
