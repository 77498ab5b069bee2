"""Cut a document's text into segments, each carrying the annotations that cover it.

The template escapes every segment; nothing here builds HTML, so hostile text stays text.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

MAX_CHARACTERS = 200_000


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str  # css class: mention-LOC, claim, flag ...
    note: str  # shown as the tooltip
    anchor: str = ""  # element id, so other pages can link to the span


@dataclass(frozen=True)
class Segment:
    text: str
    spans: tuple[Span, ...]

    @property
    def classes(self) -> str:
        return " ".join(sorted({span.kind for span in self.spans}))

    @property
    def note(self) -> str:
        return " · ".join(span.note for span in self.spans)

    anchors: tuple[str, ...] = ()  # ids of the spans that begin here


def segments(text: str, spans: list[Span], limit: int = MAX_CHARACTERS) -> list[Segment]:
    """Text split at every span boundary (spans may overlap); text past `limit` is cut."""
    text = text[:limit]
    usable = [s for s in spans if 0 <= s.start < s.end and s.start < len(text)]
    cuts = sorted({0, len(text)} | {s.start for s in usable} | {min(s.end, len(text))
                                                                for s in usable})
    result: list[Segment] = []
    for begin, end in itertools.pairwise(cuts):
        covering = tuple(s for s in usable if s.start <= begin and end <= s.end)
        anchors = tuple(s.anchor for s in covering if s.anchor and s.start == begin)
        result.append(Segment(text[begin:end], covering, anchors))
    return result
