"""Ranges ("60-70%", "between 5 and 6", "$3 billion to $5 billion") and units written once
for several numbers ("from 208 pounds to 193", "four-, five- and six-cylinder")."""

from __future__ import annotations

import itertools

from veille.extract.numbers import NumberSpan
from veille.extract.quantities.attach import attach_unit
from veille.extract.quantities.context import is_year, word_before
from veille.extract.quantities.currency import canonical_currency, currency_before
from veille.extract.quantities.lexicon import QuantityLexicon
from veille.extract.quantities.model import Draft
from veille.extract.quantities.multipliers import apply_abbreviation


def forms_range(text: str, first: NumberSpan, second: NumberSpan, draft: Draft,
                currency: tuple[str, int] | None, opener: str | None,
                lexicon: QuantityLexicon) -> bool:
    """60-70%, between 5% and 6%, $3 billion to $5 billion, 1 to 1.5 degrees; not
    "rose 8.15% to 3.65" nor "110 JPY to 1 USD"."""
    probe = Draft(draft.start, draft.end, draft.low, draft.high)
    attach_unit(text, probe, lexicon, None, allow_counted=False)
    first_unit = currency and canonical_currency(currency[0], lexicon) or probe.normalized
    second_currency = currency_before(text, second.start, lexicon)
    after_second = Draft(second.start, second.end, second.low, second.high)
    apply_abbreviation(text, after_second, lexicon, money=bool(currency or second_currency))
    attach_unit(text, after_second, lexicon, None, allow_counted=False)
    second_unit = (second_currency and canonical_currency(second_currency[0], lexicon)
                   or after_second.normalized)
    if first_unit and second_unit and first_unit != second_unit:
        return False
    if first_unit and not second_unit and opener is None:
        return False
    if word_before(text, draft.start) in lexicon.change_by and first_unit:
        return False  # "increased by $43.6 billion to $419.2 billion"
    gap_end = probe.end if probe.unit and not currency else draft.end
    return _next_is_range(text, first, second, lexicon, opener, gap_end)


def _next_is_range(text: str, first: NumberSpan, second: NumberSpan,
                   lexicon: QuantityLexicon, opener: str | None,
                   first_unit_end: int) -> bool:
    """Whether `second` closes a range opened by `first` (60-70, between 60 and 70)."""
    gap_start = first_unit_end
    separator = lexicon.range_re.fullmatch(text, gap_start, second.start)
    if separator is None:
        currency = currency_before(text, second.start, lexicon)
        if currency is None:
            return False
        separator = lexicon.range_re.fullmatch(text, gap_start, currency[1])
        if separator is None:
            return False
    word = separator.group().strip().lower()
    if word not in lexicon.separators:
        return opener is not None and word in lexicon.openers.get(opener, frozenset())
    if word in ("-", "–", "—", "~", "〜", "～"):
        if text[first.end:second.start] == "-" and (second.low < first.low):
            return False  # "3-1" is a score
        return second.low >= first.low or second.low * 1000 < first.low
    # "de 56 par an en 2021 à 460": a year before the joiner is a date, not a lower bound
    return not (is_year(first) and not is_year(second))


def opener_before(text: str, start: int, lexicon: QuantityLexicon) -> str | None:
    window = text[max(0, start - 16):start].lower().split()
    if not window:
        return None
    last = window[-1]
    if last in lexicon.openers:
        return last
    if len(window) >= 2 and window[-2] in lexicon.openers:
        prev_bound = lexicon.bound_re.search(text[max(0, start - 24):start])
        if prev_bound and prev_bound.group().strip():
            return window[-2]
    return None


def extend_to_range(text: str, first: NumberSpan, second: NumberSpan, draft: Draft,
                    first_scale: float, currency: tuple[str, int] | None,
                    lexicon: QuantityLexicon) -> tuple[str, int] | None:
    """Stretch `draft` to end at `second`; the second number may repeat the unit or the
    currency, and "3 to 5 billion" scales both ends. Returns the range's currency."""
    second_currency = currency_before(text, second.start, lexicon)
    end_draft = Draft(second.start, second.end, second.low, second.high)
    apply_abbreviation(text, end_draft, lexicon, money=bool(currency or second_currency))
    scale = second.scale * (end_draft.low / second.low if second.low else 1.0)
    low = draft.low
    if first_scale == 1 and first.scale == 1 and scale != 1 \
            and draft.low * scale <= end_draft.low * 1.0001:
        low = draft.low * scale
    draft.low, draft.high = low, end_draft.low
    draft.end = end_draft.end
    if currency is None and second_currency:
        currency = second_currency
    if is_year(first) and is_year(second):
        draft.yearlike = True
    return currency


def share_first_unit(text: str, first: NumberSpan, first_end: int, draft: Draft,
                     lexicon: QuantityLexicon) -> None:
    """"from 208 pounds to 193": the unit of the first number covers the range."""
    if draft.unit is not None or draft.yearlike:
        return
    probe = Draft(first.start, first_end, first.low, first.high)
    attach_unit(text, probe, lexicon, None, allow_counted=False)
    draft.unit, draft.normalized = probe.unit, probe.normalized
    draft.kind = probe.kind


def share_units(text: str, drafts: list[Draft], lexicon: QuantityLexicon) -> None:
    """Units written once for several numbers: "four-, five- and six-cylinder" (a number
    hanging on a hyphen) and "from 14-18 mpg to 24" (the number after "to")."""
    if lexicon.suspended_re is not None:
        for current, following in reversed(list(itertools.pairwise(drafts))):
            if current.unit is None and following.unit is not None \
                    and current.kind == "number" and following.kind != "ratio" \
                    and lexicon.suspended_re.fullmatch(text, current.end, following.start):
                current.unit, current.normalized = following.unit, following.normalized
                current.kind = following.kind
    for previous, current in itertools.pairwise(drafts):
        if current.unit is not None or current.kind != "number" or current.yearlike \
                or previous.unit is None or previous.kind == "ratio":
            continue
        opener = opener_before(text, previous.start, lexicon)
        joiner = text[previous.end:current.start].strip().lower()
        if opener and joiner in lexicon.openers.get(opener, frozenset()) \
                and joiner not in ("-", "–", "—"):
            current.unit, current.normalized, current.kind = (previous.unit, previous.normalized,
                                                              previous.kind)
