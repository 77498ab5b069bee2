"""The unit of one number: currency before it, lexicon unit or counted noun after it.

The single place that chooses among them, then adds a "per ..." tail.
"""

from __future__ import annotations

from veille.extract.quantities.counted import counted_noun
from veille.extract.quantities.currency import currency_unit
from veille.extract.quantities.lexicon import QuantityLexicon
from veille.extract.quantities.model import Draft
from veille.extract.quantities.units import WORD_RE, per_tail, unit_at

_QUOTE_UNITS = frozenset({'"', "”", "''", "′′", "″"})
_OPENERS = frozenset('"“«„‘\'')


def _quoted(text: str, start: int) -> bool:
    """Whether a number starting at `start` stands inside a quotation: right after an opening
    mark, or after an odd number of straight double quotes on its line."""
    line_start = text.rfind("\n", 0, start) + 1
    return bool(start) and text[start - 1] in _OPENERS or \
        text.count('"', line_start, start) % 2 == 1


def attach_unit(text: str, draft: Draft, lexicon: QuantityLexicon, currency: str | None,
                allow_counted: bool = True) -> None:
    """Find the unit after the number (or use the currency before it), then a per-tail."""
    # the dot of an abbreviated multiplier comes before the unit: "5 тис. кв. м"
    abbreviated = draft.scaled and text[draft.end:draft.end + 2] in (". ", ".\u00a0")
    found = unit_at(text, draft.end + 1 if abbreviated else draft.end, lexicon)
    joined = lexicon.number_joiner_re.match(text, draft.end) \
        if lexicon.number_joiner_re and not found else None
    if joined:
        found = unit_at(text, joined.end(), lexicon)  # "600 de mile"
    if found and found[0] in _QUOTE_UNITS and _quoted(text, draft.start):
        found = None  # '"113"', a ship "Sea Lark 7": the closing mark, not inches
    if currency is not None:
        unit = currency_unit(currency, lexicon)
        draft.unit, draft.kind = currency, "money"
        draft.normalized = unit.canonical if unit else currency
        if found and found[1].kind == "money":
            draft.end = found[2]
    elif found:
        form, unit, end = found
        draft.unit, draft.normalized, draft.kind, draft.end = form, unit.canonical, unit.kind, end
    elif allow_counted and not draft.yearlike:
        position = joined.end() if joined else draft.end  # "35 de componente"
        kinds = lexicon.kinds_of_re.match(text, position) if lexicon.kinds_of_re else None
        if kinds:
            position = kinds.end()  # "450 different kinds of components" counts components
        if draft.scaled and text[position:position + 2] in (". ", ".\u00a0"):
            position += 1  # "4,8 Mio. Granaten"
        if draft.low != draft.high or draft.high == 1 or draft.scaled or draft.collective:
            # "millions of Americans", "one of the best", "cinq millions de grenades",
            # "une douzaine de composants"
            of = lexicon.vague_of_re.match(text, position) if lexicon.vague_of_re else None
            if of:
                found_after = unit_at(text, of.end(), lexicon)
                if found_after and found_after[1].kind != "count":
                    form, unit, end = found_after
                    draft.unit, draft.normalized, draft.kind, draft.end = (
                        form, unit.canonical, unit.kind, end)
                    return
                position = of.end()
        counted = counted_noun(text, position, max(draft.high, 2 if position != draft.end
                                                   else draft.high), lexicon)
        if counted:
            draft.unit, draft.normalized, draft.kind, draft.end = counted
            draft.of_kinds = bool(kinds) or any(
                word.group().lower() in lexicon.kinds_words
                for word in WORD_RE.finditer(text, draft.start, draft.end))
    if draft.unit is not None:
        tail = per_tail(text, draft.end, lexicon, counted=draft.kind == "count")
        if tail:
            draft.unit = f"{draft.unit}{'' if tail[0].startswith('/') else ' '}{tail[0]}"
            draft.normalized = f"{draft.normalized} per {tail[1]}"
            draft.end = tail[2]
