"""Whether a stretch of text lies inside quotation marks.

A name in quotation marks is what is said, not who says it (`veille.extract.attribution`); a
figure in quotation marks is its speaker's own wording, which a paraphrase elsewhere may have
changed (`veille.corroborate.baselines`). The marks are typography shared by many languages,
so they are listed here rather than per language: straight double quotes, which open and close
alike, and the curly, angled and low-high pairs.
"""

from __future__ import annotations

STRAIGHT = '"'
# (opening, closing); "“" closes a German „quotation“ and opens an English “one”.
PAIRS = (("“", "”"), ("«", "»"), ("‘", "’"), ("„", "“"), ("「", "」"), ("『", "』"))


def inside_quotation(text: str, start: int, end: int, lower: int, upper: int) -> bool:
    """Whether text[start:end] sits between an opening mark after `lower` and a closing mark
    before `upper` (the bounds keep an unclosed quotation of another paragraph out)."""
    head, tail = text[lower:start], text[end:upper]
    if head.count(STRAIGHT) % 2 and STRAIGHT in tail:
        return True
    return any(head.rfind(opening) > head.rfind(closing) and closing in tail
               for opening, closing in PAIRS)


def paragraph_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The line (paragraph) around text[start:end]: a quotation never runs past one here."""
    lower = text.rfind("\n", 0, start) + 1
    upper = text.find("\n", end)
    return lower, len(text) if upper < 0 else upper
