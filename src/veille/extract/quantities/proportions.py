"""Fractions and shares: "1/16 of a pint", "two-thirds of", "a third of the voters", "one in
five"."""

from __future__ import annotations

import re

from veille.extract.numbers import NumberSpan
from veille.extract.quantities.bounds import bound_before
from veille.extract.quantities.context import is_year, word_before
from veille.extract.quantities.lexicon import QuantityLexicon
from veille.extract.quantities.model import Draft
from veille.extract.quantities.units import unit_at

_FRACTION_RE = re.compile(r"[/⁄](?P<den>\d{1,4})(?=[ \u00a0]+(?i:of)(?![^\W_]))")


def fraction_at(text: str, numbers: list[NumberSpan], index: int, lexicon: QuantityLexicon
                ) -> tuple[Draft, int] | None:
    """A fraction or share starting with `numbers[index - 1]`, with the index of the next
    number left to read (a share consumes its denominator too)."""
    number = numbers[index - 1]
    fraction = _FRACTION_RE.match(text, number.end)
    if fraction and index < len(numbers) and numbers[index].start == fraction.end() - len(
            fraction.group("den")) and numbers[index].low:
        denominator = numbers[index]
        index += 1
        draft = Draft(number.start, denominator.end, number.low / denominator.low,
                      number.low / denominator.low)
        _unit_after_of(text, draft, lexicon)
        return draft, index
    if index < len(numbers) and _is_proportion(text, number, numbers[index], lexicon):
        denominator = numbers[index]
        index += 1
        value = round(number.low / denominator.low, 10)
        return Draft(number.start, denominator.end, value, value,
                     bound=bound_before(text, number.start, lexicon) or "="), index
    word_fraction = lexicon.fraction_after_re.match(text, number.end) \
        if lexicon.fraction_after_re is not None else None
    if word_fraction and number.low == number.high \
            and word_before(text, number.start) not in lexicon.fraction_blockers:
        value = round(number.low * lexicon.fraction_words[
            " ".join(word_fraction.group("fraction").lower().split())], 10)
        draft = Draft(number.start, word_fraction.end(), value, value,
                      bound=bound_before(text, number.start, lexicon) or "=")
        _unit_after_of(text, draft, lexicon)
        return draft, index
    return None


def bare_fractions(text: str, lexicon: QuantityLexicon) -> list[Draft]:
    """"a third of the voters", "almost half of them": fractions with no number written."""
    if lexicon.bare_fraction_re is None:
        return []
    found = []
    for match in lexicon.bare_fraction_re.finditer(text):
        if word_before(text, match.start()) in lexicon.fraction_blockers:
            continue  # "the second half of the season"
        word = match.group("fraction") or match.group("bare")
        value = lexicon.fraction_words.get(" ".join(word.lower().split()))
        if value is None:
            continue
        draft = Draft(match.start(), match.end(), value, value,
                      bound=bound_before(text, match.start(), lexicon) or "=")
        _unit_after_of(text, draft, lexicon)
        found.append(draft)
    return found


def _unit_after_of(text: str, draft: Draft, lexicon: QuantityLexicon) -> None:
    """"1/16 of a US pint", "two-thirds of a mile": a fraction takes the unit after "of"."""
    of = lexicon.vague_of_re.match(text, draft.end) if lexicon.vague_of_re else None
    if not of:
        return
    article = re.match(r"[ \u00a0]+(?:a|an|the)(?![^\W_])", text[of.end():])
    position = of.end() + (article.end() if article else 0)
    found = unit_at(text, position, lexicon)
    if found is None and re.match(r"[ \u00a0]+[A-Z]{2,}\.?(?= )", text[position:]):
        skip = re.match(r"[ \u00a0]+[A-Z]{2,}\.?", text[position:])
        found = unit_at(text, position + skip.end(), lexicon) if skip else None
    if found:
        draft.unit, draft.normalized, draft.kind = found[0], found[1].canonical, found[1].kind


def _is_proportion(text: str, first: NumberSpan, second: NumberSpan,
                   lexicon: QuantityLexicon) -> bool:
    """"one out of three", "1 in 5 adults": a share N / M, not "5 in 2019" nor "3 in 10 days"."""
    if lexicon.proportion_re is None or not lexicon.proportion_re.fullmatch(
            text, first.end, second.start):
        return False
    whole = (first.low == first.high and second.low == second.high
             and first.low == int(first.low) and second.low == int(second.low))
    return (whole and 1 <= first.low < second.low <= 1000 and not is_year(second)
            and unit_at(text, second.end, lexicon) is None)
