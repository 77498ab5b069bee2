"""Multipliers written after the digits: "4.5bn", "3 Mio.", "2 x 10^6"."""

from __future__ import annotations

import re

from veille.extract.quantities.lexicon import QuantityLexicon
from veille.extract.quantities.model import Draft


def apply_abbreviation(text: str, draft: Draft, lexicon: QuantityLexicon,
                       money: bool) -> None:
    """"4.5bn", "3 Mio.": scale by an abbreviation written after the number (amounts of money
    have more of them: "$5m")."""
    pattern = lexicon.money_abbreviation_re if money else lexicon.abbreviation_re
    if pattern is None:
        return
    match = pattern.match(text, draft.end)
    if not match:
        return
    factor = lexicon.abbreviations[match.group("abbr").lower()]
    draft.low *= factor
    draft.high *= factor
    draft.end = match.end()


_EXPONENT_RE = re.compile(r"[ \u00a0]?[×x*][ \u00a0]?10(?:\^|\*\*)?(?P<exp>[-−]?\d{1,3}|⁻?[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})"
                          r"(?!\d)")
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")


def apply_exponent(text: str, draft: Draft) -> bool:
    """"2 x 10^6", "3×10⁻⁹": scale the draft by a power of ten written after it."""
    exponent = _EXPONENT_RE.match(text, draft.end)
    if not exponent:
        return False
    power = int(exponent.group("exp").translate(_SUPERSCRIPTS).replace("−", "-"))
    if abs(power) > 300:
        return False
    draft.low = draft.high = draft.low * 10.0 ** power
    draft.end = exponent.end()
    return True
