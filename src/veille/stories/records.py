"""What the story algorithms read from a document, and the text units they share."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


class StoryRecord(Protocol):
    """A DocumentInput-like record: enough to cluster and compare documents."""

    @property
    def id(self) -> str: ...

    @property
    def text(self) -> str: ...

    @property
    def language(self) -> str | None: ...

    @property
    def published(self) -> datetime | None: ...

    @property
    def source(self) -> str | None: ...


@dataclass(frozen=True)
class Record:
    """A plain StoryRecord for benchmarks and tests.

    `entities`: the linked entity ids of the document when an entities stage has run
    (None: the story stage finds gazetteer entities itself, see `veille.stories.entities`).
    """

    id: str
    text: str
    language: str | None = None
    published: datetime | None = None
    source: str | None = None
    entities: tuple[str, ...] | None = None


# Scripts written without spaces between words: each character is a token.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int


def normalise(text: str) -> str:
    """NFKC and case folding, so that width, ligature and case variants compare equal."""
    return unicodedata.normalize("NFKC", text).casefold()


def tokens(text: str) -> list[Token]:
    """Word tokens with character offsets into `text`; CJK ideographs and kana one by one.

    Offsets refer to the original text (NFKC is applied per token, not to the whole text,
    so that evidence spans point into the stored document).
    """
    found: list[Token] = []
    for match in _WORD.finditer(text):
        word = match.group()
        if _UNSPACED.search(word):
            offset = match.start()
            for index, char in enumerate(word):
                found.append(Token(normalise(char), offset + index, offset + index + 1))
        else:
            found.append(Token(normalise(word), match.start(), match.end()))
    return found
