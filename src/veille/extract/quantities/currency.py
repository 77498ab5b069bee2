"""A currency sign or code written before the amount ("$", "US$", "EUR", "PS" for GBP)."""

from __future__ import annotations

import re

from veille.extract.quantities.lexicon import QuantityLexicon, Unit

_FOLDED_AMOUNT_RE = re.compile(r"\d(?:[.,]?\d)+")


def currency_before(text: str, start: int, lexicon: QuantityLexicon) -> tuple[str, int] | None:
    window = text[max(0, start - 6):start]
    match = lexicon.prefix_currency_re.search(window)
    if not match:
        return None
    form = match.group().rstrip(" \u00a0")
    absolute = start - len(window) + match.start()
    if form[0].isalpha() and absolute > 0 and text[absolute - 1].isalnum():
        return None
    if form in lexicon.folded_currencies and not _FOLDED_AMOUNT_RE.match(text, start):
        return None  # "PS5" is a console, "PS21,700" is £21,700
    return form, absolute


def currency_unit(form: str, lexicon: QuantityLexicon) -> Unit | None:
    return (lexicon.currency_units.get(form) or lexicon.units.get(form)
            or lexicon.units.get(form.lower()))


def canonical_currency(form: str, lexicon: QuantityLexicon) -> str:
    unit = currency_unit(form, lexicon)
    return unit.canonical if unit else form
