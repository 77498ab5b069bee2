"""Which lexicon unit is written at a position, and "per barrel" tails after it.

Also the plural rules, since units and counted nouns are matched in their singular form.
"""

from __future__ import annotations

import re

from veille.extract.quantities.lexicon import QuantityLexicon, Unit

WORD_RE = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


def singular(word: str, lexicon: QuantityLexicon) -> str:
    lowered = word.lower()
    if lowered in lexicon.irregular:
        return lexicon.irregular[lowered]
    for suffix, replacement in lexicon.plural_rules:
        if lowered.endswith(suffix) and len(lowered) > len(suffix) + 1:
            return lowered[: len(lowered) - len(suffix)] + replacement
    return lowered


def looks_plural(word: str, lexicon: QuantityLexicon) -> bool:
    lowered = word.lower()
    if lowered in lexicon.irregular:
        return lexicon.irregular[lowered] != lowered or lowered in lexicon.plural_endings
    if lowered.endswith(("ss", "us", "is")):
        return False
    return lowered.endswith(lexicon.plural_endings)


def unit_at(text: str, position: int, lexicon: QuantityLexicon
             ) -> tuple[str, Unit, int] | None:
    """A lexicon unit starting at `position` (after an optional space or hyphen)."""
    match = lexicon.unit_re.match(text, position)
    if not match:
        return None
    if match.group("sym") if "sym" in lexicon.unit_re.groupindex else None:
        longer = lexicon.word_unit_re.match(text, position) if lexicon.word_unit_re else None
        if longer is None or longer.end() <= match.end():
            return match.group("sym"), lexicon.units[match.group("sym")], match.end()
        match = longer  # "lb-ft" is a pound-foot, not "lb" followed by "-ft"
    form = match.group("word")
    unit = lexicon.units.get(" ".join(form.lower().split()))
    if unit is None:
        return None
    return form, unit, match.end()


def word_unit(word: str, lexicon: QuantityLexicon) -> Unit | None:
    """A lexicon unit written as this word: a symbol as written ("MW"), or a word form of
    the language in any case ("Yards"); "Nm" is not "nm"."""
    return lexicon.units.get(word) or lexicon.word_units.get(word.lower())


_PER_RE = re.compile(r"[ \u00a0]*(?:(?i:per|a|an|each)[ \u00a0]+|/[ \u00a0]?)")


def per_tail(text: str, position: int, lexicon: QuantityLexicon, counted: bool = False
              ) -> tuple[str, str, int] | None:
    """"per barrel", "a day", "/cm2": the denominator of a compound unit."""
    match = _PER_RE.match(text, position)
    if not match or counted and match.group().strip().lower() not in ("per", "/"):
        return None
    following = WORD_RE.match(text, match.end())
    if following:
        after = WORD_RE.search(text, following.end(), following.end() + 16)
        if after and after.group().lower() in lexicon.per_blockers:
            return None  # "$6.78 billion a year earlier" is not a rate
    after = match.end()
    found = lexicon.unit_re.match(text, after)
    if found and found.start() == after and not text[after:after + 1].isspace():
        unit = unit_at(text, after, lexicon)
        if unit:
            return text[position:unit[2]].strip(), unit[1].canonical, unit[2]
    if match.group().strip().lower() not in ("per", "/"):
        return None
    word = WORD_RE.match(text, after)
    if not word or word.group().lower() in lexicon.not_units:
        return None
    return text[position:word.end()].strip(), singular(word.group(), lexicon), word.end()
