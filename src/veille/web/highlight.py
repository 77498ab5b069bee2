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

    @property
    def anchor(self) -> str:
        return next((span.anchor for span in self.spans if span.anchor), "")


def segments(text: str, spans: list[Span], limit: int = MAX_CHARACTERS) -> list[Segment]:
    """Text split at every span boundary (spans may overlap); text past `limit` is cut."""
    text = text[:limit]
    usable = [s for s in spans if 0 <= s.start < s.end and s.start < len(text)]
    cuts = sorted({0, len(text)} | {s.start for s in usable} | {min(s.end, len(text))
                                                                for s in usable})
    result: list[Segment] = []
    anchored: set[str] = set()
    for begin, end in itertools.pairwise(cuts):
        covering = []
        for span in usable:
            if span.start <= begin and end <= span.end:
                # an anchor goes on the first segment of its span only
                if span.anchor and span.anchor in anchored:
                    span = Span(span.start, span.end, span.kind, span.note)
                elif span.anchor:
                    anchored.add(span.anchor)
                covering.append(span)
        result.append(Segment(text[begin:end], tuple(covering)))
    return result
