"""Language-independent signals that survive translation.

A translation changes every word but keeps figures, dates and names (transliterated into
another script), and a careless copy keeps odd spellings and typos. These signals, weighted
by how rare they are in the corpus seen so far, tell a copy from two independent reports of
the same event, and tie documents across scripts where the sentence encoder is weak.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from anyascii import anyascii

from veille.stories.records import normalise

_NUMBER = re.compile(r"(?<![\d.,])(\d{1,3}(?:[,.\u00a0\u202f' ]\d{3})+|\d+(?:[.,]\d+)?)(?![\d]|[.,]\d)")
_THOUSANDS = re.compile(r"[,.\u00a0\u202f' ](?=\d{3}(?:\D|$))")
# A name-like token: starts upper case, or mixes letters and digits (Kh-101, M1989, Fath-360).
_NAME = re.compile(r"[^\W\d_][\w]*(?:-[\w]+)*|\d+[^\W\d_][\w-]*", re.UNICODE)
_HAS_DIGIT = re.compile(r"\d")
_HAS_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[^\W\d_]{5,}", re.UNICODE)
# A signal seen in this many documents or fewer is "rare": a shared typo or odd phrasing.
RARE_DOCUMENT_FREQUENCY = 3


@dataclass(frozen=True)
class Signals:
    numbers: frozenset[str] = field(default_factory=frozenset)
    names: frozenset[str] = field(default_factory=frozenset)
    words: frozenset[str] = field(default_factory=frozenset)

    def keys(self) -> set[str]:
        """Every signal, prefixed by its kind, for document-frequency counting."""
        return ({f"n:{value}" for value in self.numbers} | {f"p:{value}" for value in self.names}
                | {f"w:{value}" for value in self.words})


def numbers(text: str) -> set[str]:
    """Figures of two digits or more, with thousands separators removed (6,000 = 6.000)."""
    found = set()
    for match in _NUMBER.finditer(unicodedata.normalize("NFKC", text)):
        value = _THOUSANDS.sub("", match.group(1)).replace(",", ".")
        if len(value.replace(".", "")) >= 2:
            found.add(value)
    return found


def transliterate(word: str) -> str:
    """A script-free key for a name: Алабуга, Alabuga and ALABUGA give the same key."""
    return re.sub(r"[^a-z0-9]", "", anyascii(word).lower())


def names(text: str) -> set[str]:
    """Capitalised words and designators, transliterated to ASCII keys."""
    found = set()
    for match in _NAME.finditer(text):
        word = match.group()
        designator = bool(_HAS_DIGIT.search(word)) and bool(_HAS_LETTER.search(word))
        if designator or (word[0].isupper() and len(word) >= 3):
            key = transliterate(word)
            if len(key) >= 3:
                found.add(key)
    return found


def extract(text: str) -> Signals:
    return Signals(
        numbers=frozenset(numbers(text)),
        names=frozenset(names(text)),
        words=frozenset(normalise(word) for word in _WORD.findall(text)),
    )


class SignalFrequencies:
    """Document frequencies of signals over the documents seen so far (online IDF)."""

    def __init__(self) -> None:
        self.documents = 0
        self.frequency: Counter[str] = Counter()

    def add(self, signals: Signals, entities: Iterable[str] = ()) -> None:
        """Count one document's signals and entity keys (`e:<id>`)."""
        self.documents += 1
        self.frequency.update(signals.keys())
        self.frequency.update(entities)

    def weight(self, key: str) -> float:
        return math.log(1 + (1 + self.documents) / (1 + self.frequency.get(key, 0)))


def shared_signals(a: Signals, b: Signals, frequencies: SignalFrequencies,
                   with_words: bool = True) -> tuple[float, dict[str, list[str]]]:
    """How much of the poorer document's figures, names and rare words the other shares.

    Returns a score in [0, 1] (IDF-weighted overlap over the smaller side) and the shared
    values as evidence. Words do not survive translation: leave them out across languages.
    """
    def rare_words(signals: Signals) -> set[str]:
        return {word for word in signals.words
                if frequencies.frequency.get(f"w:{word}", 0) <= RARE_DOCUMENT_FREQUENCY}

    groups = {
        "numbers": ({f"n:{v}" for v in a.numbers}, {f"n:{v}" for v in b.numbers}),
        "names": ({f"p:{v}" for v in a.names}, {f"p:{v}" for v in b.names}),
    }
    if with_words:
        groups["rare_words"] = ({f"w:{v}" for v in rare_words(a)},
                                {f"w:{v}" for v in rare_words(b)})
    shared_weight = 0.0
    side_weight = [0.0, 0.0]
    evidence: dict[str, list[str]] = {}
    for kind, (left, right) in groups.items():
        common = left & right
        if common:
            evidence[kind] = sorted(key[2:] for key in common)[:20]
        shared_weight += sum(frequencies.weight(key) for key in common)
        side_weight[0] += sum(frequencies.weight(key) for key in left)
        side_weight[1] += sum(frequencies.weight(key) for key in right)
    smaller = min(side_weight)
    return (shared_weight / smaller if smaller > 0 else 0.0), evidence
