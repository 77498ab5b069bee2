"""The thing counted after a bare number ("13000 workers"), used when no unit is written."""

from __future__ import annotations

import re

from veille.extract.quantities.lexicon import QuantityLexicon
from veille.extract.quantities.units import (
    WORD_RE,
    looks_plural,
    singular,
    unit_at,
    word_unit,
)

_DESIGNATION_TAIL_RE = re.compile(r"[-\u2010\u2011]?\d")


def counted_noun(text: str, position: int, value: float, lexicon: QuantityLexicon
                  ) -> tuple[str, str, str, int] | None:
    """The thing counted right after a number: "13000 workers", "two new jets"."""
    words: list[re.Match[str]] = []
    cursor = position
    kinds_skipped = False  # a kinds word before the noun ("unique") is read past, once
    for step in range(4):
        if step == 3 and not kinds_skipped:
            break  # three words at most, past the kinds word
        if not words and cursor > 0 and text[cursor - 1] in "'’":
            gap_length = 0  # "d'obus": the noun follows the elided article directly
        else:
            gap = re.match(r"[ \u00a0]+|-", text[cursor:cursor + 3])
            if not gap or (words and gap.group() == "-"):
                break
            gap_length = gap.end()
        glued = not words and text[cursor:cursor + 1] == "-"
        word = WORD_RE.match(text, cursor + gap_length)
        if not word:
            break
        lowered = word.group().lower()
        if _DESIGNATION_TAIL_RE.match(text, word.end()):
            break  # "120 M1989 Koksans", "T-90": letters glued to digits name a model
        if lowered in lexicon.not_units or lowered in lexicon.months:
            break
        if lowered in lexicon.kinds_words and not words and not kinds_skipped:
            kinds_skipped = True
            cursor = word.end() + (text[word.end():word.end() + 1] == ",")
            continue  # "450 unique, foreign-made components": the kinds word is not counted
        if lexicon.numbers.word_value(lowered) or lowered in lexicon.numbers.vague:
            break
        if lexicon.capitalised_nouns and not word.group()[0].isupper() and not glued:
            cursor = word.end()
            continue  # "fünf russische Firmen": the adjective is not the thing counted
        if lexicon.adjective_endings and lowered.endswith(lexicon.adjective_endings) and \
                not glued:
            cursor = word.end()
            continue  # "400 балістичних ракет": the noun after the adjectives is counted
        if lowered in lexicon.prenominal_adjectives and not glued:
            cursor = word.end()
            continue  # "six différentes sources": the few adjectives put before the noun
        words.append(word)
        cursor = word.end()
        if not lexicon.count_nouns_need_plural:
            break
        if looks_plural(word.group(), lexicon):
            break
        if word_unit(word.group(), lexicon):
            break
    if not words:
        return None
    hyphenated = text[position:position + 1] == "-"  # "six-cylinder", "three-point"
    if lexicon.count_nouns_need_plural:
        last = words[-1].group()
        if hyphenated:
            words = words[:1]
        elif value != 1 and not looks_plural(last, lexicon) and not word_unit(last, lexicon):
            return None
        if value == 1 and len(words) > 1:
            words = words[:1]
        if value == 1 and (words[0].group()[0].isupper() or len(words[0].group()) < 3):
            return None
    head = words[-1].group()
    known = word_unit(head, lexicon)
    if known is not None:
        # "517 rushing yards", "5,000 Russian soldiers": a known unit is the unit whatever
        # qualifies it; "400 ground-to-ground missile systems" count a compound unit
        compound = unit_at(text, words[-1].start(), lexicon)
        if compound is not None and compound[2] > words[-1].end():
            return compound[0], compound[1].canonical, compound[1].kind, compound[2]
        return head, known.canonical, known.kind, words[-1].end()
    start, end = words[0].start(), words[-1].end()
    normalized = " ".join([*(w.group().lower() for w in words[:-1]), singular(head, lexicon)])
    return text[start:end], normalized, "count", end
