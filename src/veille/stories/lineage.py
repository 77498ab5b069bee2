"""Per story: the directed copy graph, its origin documents and the primary sources cited.

Corroboration must count independent origins, not outlets: a story's origins are the
documents that copy nobody in it; every other document hangs under one of them through
copy edges. Primary sources are what the documents say they rely on ("according to Reuters",
"selon le CNS", "по данным ...", "로이터통신에 따르면"), found with the attribution cues of
each language (`veille.lang.<code>/attribution.yaml`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

from veille.lang import load_lexicon
from veille.stories.copies import KINDS, CopyLink

MAX_NAME_WORDS = 6
_NAME_WORD = re.compile(r"[\"'«“„]?([^\W_][\w.&'’-]*)", re.UNICODE)


@dataclass(frozen=True)
class CitedSource:
    """A primary source named in a document, with the cue and the span of the name."""

    name: str
    cue: str
    start: int
    end: int


@dataclass
class StoryLineage:
    story_id: str
    members: list[str]
    edges: list[CopyLink] = field(default_factory=list)
    origins: list[str] = field(default_factory=list)
    origin: str | None = None
    copy_of: dict[str, CopyLink] = field(default_factory=dict)


def _strength(link: CopyLink) -> tuple[int, float]:
    return (len(KINDS) - KINDS.index(link.kind), link.score)


def build(story_id: str, members: Iterable[str], links: Iterable[CopyLink],
          published: dict[str, datetime | None]) -> StoryLineage:
    """The copy graph inside one story: edges between its members, origins, best parents."""
    member_list = sorted(members)
    inside = set(member_list)
    lineage = StoryLineage(story_id, member_list)
    lineage.edges = [link for link in links if link.source in inside and link.target in inside]
    for link in sorted(lineage.edges, key=_strength, reverse=True):
        lineage.copy_of.setdefault(link.target, link)
    lineage.origins = [member for member in member_list if member not in lineage.copy_of]
    descendants: dict[str, int] = defaultdict(int)
    for member in member_list:
        seen = {member}
        current = member
        while current in lineage.copy_of and lineage.copy_of[current].source not in seen:
            current = lineage.copy_of[current].source
            seen.add(current)
        descendants[current] += 1
    if lineage.origins:
        lineage.origin = min(
            lineage.origins,
            key=lambda doc: (-descendants[doc], published.get(doc) is None,
                             published.get(doc) or datetime.max, doc),
        )
    return lineage


@lru_cache(maxsize=64)
def _cue_patterns(language: str) -> tuple[tuple[str, re.Pattern[str], bool], ...]:
    lexicon = load_lexicon(language, "attribution")
    patterns = []
    for cue in lexicon.get("source_after") or []:
        body = r"\s+".join(re.escape(part) for part in str(cue).split())
        patterns.append((str(cue), re.compile(rf"(?<!\w){body}\s+", re.IGNORECASE), True))
    for cue in lexicon.get("source_before") or []:
        text = str(cue)
        attached = text.startswith("~")
        body = r"\s+".join(re.escape(part) for part in text.lstrip("~").split())
        before = r"([^\W_][\w.&-]*)" if attached else r"([^\W_][\w.&-]*)\s+"
        patterns.append((text.lstrip("~"), re.compile(before + body, re.IGNORECASE), False))
    return tuple(patterns)


def _name_after(text: str, position: int) -> tuple[str, int, int] | None:
    """The capitalised name (or acronym) that starts at `position`.

    A short lower-case word may open it (an article: "the", "le") or join two capitalised
    words ("Institute for Science"); a word that ends a sentence ends the name.
    """
    words: list[tuple[int, int]] = []
    pending: list[tuple[int, int]] = []
    cursor = position
    while len(words) < MAX_NAME_WORDS:
        match = _NAME_WORD.match(text, cursor)
        if match is None:
            break
        word = match.group(1)
        sentence_end = word.endswith(".") and len(word.rstrip(".")) > 3
        word = word.rstrip(".") if sentence_end else word
        span = (match.start(1), match.start(1) + len(word))
        if word[0].isupper() or word[0].isdigit():
            words.extend(pending)
            pending = []
            words.append(span)
        elif len(word) <= 3 and not pending and not sentence_end:
            if words:
                pending.append(span)
        else:
            break
        gap = re.match(r"[ \t]+", text[match.end():])
        if sentence_end or gap is None:
            break
        cursor = match.end() + gap.end()
    if not words:
        return None
    start, end = words[0][0], words[-1][1]
    while end > start and text[end - 1] in ".,;:'’":
        end -= 1
    return text[start:end], start, end


def cited_sources(text: str, language: str | None) -> list[CitedSource]:
    """The sources a document names after (or before) an attribution cue."""
    if not language:
        return []
    found: dict[tuple[int, int], CitedSource] = {}
    for cue, pattern, after in _cue_patterns(language):
        for match in pattern.finditer(text):
            if after:
                named = _name_after(text, match.end())
                if named is None:
                    continue
                name, start, end = named
            else:
                name, start, end = match.group(1), match.start(1), match.end(1)
            if len(name) >= 2:
                found.setdefault((start, end), CitedSource(name, cue, start, end))
    return sorted(found.values(), key=lambda cited: cited.start)
