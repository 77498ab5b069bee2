"""Word-level differences between the origin's wording of a claim and another version."""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

TOKEN = re.compile(r"\w+|[^\w\s]+|\s+", re.UNICODE)


@dataclass(frozen=True)
class Piece:
    text: str
    changed: bool


def word_diff(origin: str, version: str) -> tuple[list[Piece], list[Piece]]:
    """(origin pieces, version pieces); `changed` marks words the other side lacks."""
    left, right = TOKEN.findall(origin), TOKEN.findall(version)
    matcher = SequenceMatcher(a=[t.lower() for t in left], b=[t.lower() for t in right],
                              autojunk=False)
    origin_pieces: list[Piece] = []
    version_pieces: list[Piece] = []
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if a1 > a0:
            origin_pieces.append(Piece("".join(left[a0:a1]), op != "equal"))
        if b1 > b0:
            version_pieces.append(Piece("".join(right[b0:b1]), op != "equal"))
    return origin_pieces, version_pieces


FIELDS = ("value", "unit", "modality", "reference", "attribution")


def field_differences(origin: dict[str, object], version: dict[str, object]) -> list[str]:
    """Names of the structured fields on which a version departs from the origin."""
    return [name for name in FIELDS if origin.get(name) != version.get(name)]
