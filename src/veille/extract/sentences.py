"""Rule-based sentence splitting: fast enough to run on every document without a parser.

A spaCy dependency parse would cost more than the whole extraction budget, so sentences come
from punctuation, line breaks and a per-language list of abbreviations (`lang/<code>/
sentences.yaml`). Spans keep character offsets into the original text so that claims can
point at their evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from veille.lang import load_lexicon

# A sentence may end at . ! ? … 。 ！ ？ (optionally followed by closing quotes or brackets)
# when whitespace follows and the next word does not start with a lower-case letter.
# A full stop ends a sentence before a space; the CJK full stops need none ("。" is followed
# by the next sentence directly in Japanese and Chinese).
_BOUNDARY = re.compile(r"(?P<stop>[.!?…]+|[。！？]+)[»\"”’')\]」』]*"
                       r"(?P<space>\s+|(?<=[。！？」』])(?=\S))")
_LINE_BREAK = re.compile(r"\n+")
_LAST_TOKEN = re.compile(r"(\S+)$")
_LIST_MARK = re.compile(r"^\s*(?:[-–—•*·]|\d{1,2}[.)])\s+")


@dataclass(frozen=True)
class Sentence:
    """A sentence span; `paragraph` counts blank-line or line-break separated blocks."""

    start: int
    end: int
    paragraph: int
    list_item: bool

    def text(self, document: str) -> str:
        return document[self.start : self.end]


@lru_cache(maxsize=64)
def _abbreviations(language: str) -> frozenset[str]:
    entries = load_lexicon(language, "sentences").get("abbreviations") or []
    return frozenset(str(entry).lower().rstrip(".") for entry in entries)


def _is_abbreviation(chunk: str, abbreviations: frozenset[str]) -> bool:
    match = _LAST_TOKEN.search(chunk)
    if match is None:
        return False
    token = match.group(1).lstrip("([«\"“'").lower()
    if len(token) == 1 and token.isalpha():  # an initial: "J. Smith"
        return True
    return token in abbreviations


def split_sentences(text: str, language: str | None = None) -> list[Sentence]:
    """Sentences of `text` in order, as character spans with surrounding blanks trimmed."""
    abbreviations = _abbreviations(language or "")
    sentences: list[Sentence] = []
    position = 0
    for paragraph, line_break in enumerate([*_LINE_BREAK.finditer(text), None]):
        line_end = line_break.start() if line_break else len(text)
        _split_line(text, position, line_end, paragraph, abbreviations, sentences)
        if line_break is None:
            break
        position = line_break.end()
    return sentences


def _split_line(text: str, start: int, end: int, paragraph: int,
                abbreviations: frozenset[str], out: list[Sentence]) -> None:
    line = text[start:end]
    list_item = bool(_LIST_MARK.match(line))
    cursor = 0
    for boundary in _BOUNDARY.finditer(line):
        following = line[boundary.end() : boundary.end() + 1]
        if following.islower():
            continue
        if boundary.group("stop") == "." and _is_abbreviation(
            line[cursor : boundary.start()], abbreviations
        ):
            continue
        _append(text, out, start + cursor, start + boundary.start("space"), paragraph,
                list_item)
        cursor = boundary.end()
        list_item = False
    _append(text, out, start + cursor, end, paragraph, list_item)


def _append(text: str, out: list[Sentence], start: int, end: int, paragraph: int,
            list_item: bool) -> None:
    """Add the span without its surrounding whitespace, unless nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start, end, paragraph, list_item))
