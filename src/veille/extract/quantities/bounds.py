"""Bounds and changes around a number: "about", "more than", "rose by", "sub-7", "5% higher"."""

from __future__ import annotations

import re

from veille.extract.numbers import NumberSpan
from veille.extract.quantities.lexicon import QuantityLexicon

BOUND_WINDOW = 48  # characters scanned before a number for "about", "more than", "rose by"
_BOUND_NAMES = {"approximate": "~", "more_than": ">", "at_least": ">=", "less_than": "<",
                "at_most": "<=", "exactly": "="}


def bound_before(text: str, start: int, lexicon: QuantityLexicon) -> str | None:
    tail = text[max(0, start - 24):start].rstrip().lower()
    last = [w for w in re.split(r"[\s'’]+", tail) if w][-1:]  # "d'environ": an elided "de"
    if not (last and last[0] in lexicon.bound_last_words
            or lexicon.unspaced and any(tail.endswith(word) for word in lexicon.bound_last_words)
            or any(tail.endswith(symbol) for symbol in lexicon.bound_symbols)):
        return None  # cheap exit: no cue phrase can end right before the number
    window_start = max(0, start - BOUND_WINDOW)
    match = lexicon.bound_re.search(text, window_start, start)
    if not match or match.start() == match.end():
        return None
    groups = match.groupdict()
    bound = None
    for name, symbol in _BOUND_NAMES.items():
        if groups.get(name):
            bound = symbol
    if groups.get("up"):
        bound = "up"
    elif groups.get("down"):
        bound = "down"
    return bound


def hyphen_bound(text: str, number: NumberSpan, lexicon: QuantityLexicon) -> str | None:
    """"sub-7 nanometre": the bound of a prefix hyphenated to the number."""
    if not lexicon.hyphen_prefix_bounds or text[number.start - 1:number.start] != "-":
        return None
    word = re.search(r"[^\W\d_]+\Z", text[max(0, number.start - 12):number.start - 1])
    return lexicon.hyphen_prefix_bounds.get(word.group().lower()) if word else None


def bound_after(text: str, end: int, lexicon: QuantityLexicon) -> str | None:
    """"5% higher", "ten fewer": a change or bound written after the number (not the start
    of a comparison such as "higher than")."""
    if lexicon.after_change_re is None:
        return None
    after = lexicon.after_change_re.match(text, end)
    if after and not (lexicon.comparison_re and lexicon.comparison_re.match(text, end)):
        return lexicon.after_change[" ".join(after.group("after").lower().split())]
    return None
