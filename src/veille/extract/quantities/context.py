"""Small readings of a number and the word before it, shared by several rules."""

from __future__ import annotations

from veille.extract.numbers import NumberSpan


def word_before(text: str, start: int) -> str:
    """The last word ending before `start` (within 16 characters), lower-cased."""
    words = text[max(0, start - 16):start].lower().split()
    return words[-1] if words else ""


def is_year(number: NumberSpan) -> bool:
    """Four plain digits from 1000 to 2150: read as a year unless a unit or bound says not."""
    return (not number.words and not number.grouped and not number.decimals
            and number.low == int(number.low) and 1000 <= number.low <= 2150
            and len(number.text) == 4)
