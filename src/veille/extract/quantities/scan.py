"""`find_quantities`: the left-to-right pass over the numbers of a text.

It decides the order in which the rules of the sibling modules apply; the rules themselves
live there (see the package docstring for the map).
"""

from __future__ import annotations

from veille.extract.numbers import MAX_TEXT_CHARS, ParseError, find_numbers
from veille.extract.quantities.attach import attach_unit
from veille.extract.quantities.bounds import bound_after, bound_before, hyphen_bound
from veille.extract.quantities.comparisons import apply_comparison, multiple_words
from veille.extract.quantities.context import is_year
from veille.extract.quantities.currency import currency_before
from veille.extract.quantities.exclusions import (
    YEAR_SUFFIX_RE,
    glued_to_name,
    not_an_amount,
    unitless_label,
)
from veille.extract.quantities.factors import apply_growth_factor
from veille.extract.quantities.lexicon import quantity_lexicon
from veille.extract.quantities.model import Draft, Quantity
from veille.extract.quantities.multipliers import apply_abbreviation, apply_exponent
from veille.extract.quantities.proportions import bare_fractions, fraction_at
from veille.extract.quantities.ranges import (
    extend_to_range,
    forms_range,
    opener_before,
    share_first_unit,
    share_units,
)


def find_quantities(text: str, language: str = "en") -> list[Quantity]:
    """Every quantity in `text`, left to right. Raises `ParseError` for oversized input."""
    if len(text) > MAX_TEXT_CHARS:
        raise ParseError(f"text too long to scan ({len(text)} characters)")
    lexicon = quantity_lexicon(language or "en")
    numbers = [n for n in find_numbers(text, language or "en") if not glued_to_name(text, n)
               or currency_before(text, n.start, lexicon) or hyphen_bound(text, n, lexicon)]
    drafts: list[Draft] = bare_fractions(text, lexicon)
    index = 0
    while index < len(numbers):
        number = numbers[index]
        index += 1
        fraction = fraction_at(text, numbers, index, lexicon)
        if fraction is not None:
            draft, index = fraction
            drafts.append(draft)
            continue
        if not_an_amount(text, number, lexicon):
            continue
        currency = currency_before(text, number.start, lexicon)
        negative = False
        if currency is None and number.start and text[number.start - 1] in "-−":
            currency = currency_before(text, number.start - 1, lexicon)  # "$-50.8bn"
            negative = currency is not None
        last_word = number.text.lower().split()[-1] if number.text.split() else ""
        draft = Draft(number.start, number.end, number.low, number.high,
                      currency_start=currency[1] if currency else None,
                      scaled=last_word in lexicon.numbers.scales,
                      collective=last_word in lexicon.numbers.collective)
        if currency:
            draft.start = currency[1]
        apply_abbreviation(text, draft, lexicon, money=currency is not None)
        if negative:
            draft.low, draft.high = -draft.high, -draft.low
        if apply_exponent(text, draft):
            while index < len(numbers) and numbers[index].start < draft.end:
                index += 1  # the "10" of "x 10^6" is not a number of its own
        first_scale = number.low and draft.low / number.low
        opener = opener_before(text, draft.start, lexicon)
        first_end = draft.end
        ranged = False
        # a range: "60-70%", "between 5% and 6%", "$3 billion to $5 billion"
        if index < len(numbers) and number.low == number.high:
            second = numbers[index]
            if second.low == second.high and forms_range(
                    text, number, second, draft, currency, opener, lexicon):
                currency = extend_to_range(text, number, second, draft, first_scale, currency,
                                           lexicon)
                index += 1
                ranged = True
        if currency is None and (draft.yearlike or is_year(number) and draft.low == draft.high):
            if YEAR_SUFFIX_RE.match(text, draft.end):
                continue  # 2018's, 1990s
            # "more than 1000 customers", "some 1500 troops": a bound makes it an amount
            draft.yearlike = draft.yearlike or bound_before(text, draft.start, lexicon) not in (
                "~", ">", ">=", "<", "<=")
        attach_unit(text, draft, lexicon, currency[0] if currency else None)
        if ranged:
            share_first_unit(text, number, first_end, draft, lexicon)
        if draft.unit is None and (draft.yearlike or unitless_label(text, number, draft, lexicon)):
            continue
        bound = bound_before(text, draft.start, lexicon) or hyphen_bound(text, number, lexicon)
        if bound:
            draft.bound = bound
        elif draft.collective:
            draft.bound = "~"  # "une vingtaine de drones" is about twenty
        after = bound_after(text, draft.end, lexicon)
        if after is not None:
            draft.bound = after
        apply_comparison(text, draft, lexicon)
        apply_growth_factor(text, draft, lexicon)
        drafts.append(draft)
    multiples = multiple_words(text, lexicon)
    drafts = [d for d in drafts if not any(m.start < d.end and d.start < m.end
                                           for m in multiples)] + multiples
    drafts.sort(key=lambda d: d.start)
    share_units(text, drafts, lexicon)
    return [Quantity(d.start, d.end, text[d.start:d.end], d.low, d.high, d.bound, d.unit,
                     d.normalized, d.kind, d.reference, d.of_kinds) for d in drafts]
