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
from functools import cached_property, lru_cache

from anyascii import anyascii

from veille.stories.records import normalise

_NUMBER = re.compile(r"(?<![\d.,])(\d{1,3}(?:[,.\u00a0\u202f' ]\d{3})+|\d+(?:[.,]\d+)?)(?![\d]|[.,]\d)")
_THOUSANDS = re.compile(r"[,.\u00a0\u202f' ](?=\d{3}(?:\D|$))")
# A name-like token: starts upper case, or mixes letters and digits (Kh-101, M1989, Fath-360).
_NAME = re.compile(r"[^\W\d_][\w]*(?:-[\w]+)*|\d+[^\W\d_][\w-]*", re.UNICODE)
# What ends a sentence before a word: its capital then comes from the writing system, not
# from being a name (Russian "Аналитики ожидают", English "Officials in").
_SENTENCE_END = re.compile(r"(?:^|[.!?…»\"”)]\s+|\n)\s*$")
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
        return set(self.number_keys | self.name_keys | self.word_keys)

    # Prefixed keys, built once: a document is compared with dozens of candidates.
    @cached_property
    def number_keys(self) -> frozenset[str]:
        return frozenset(f"n:{value}" for value in self.numbers)

    @cached_property
    def name_keys(self) -> frozenset[str]:
        return frozenset(f"p:{value}" for value in self.names)

    @cached_property
    def word_keys(self) -> frozenset[str]:
        return frozenset(f"w:{value}" for value in self.words)


def numbers(text: str) -> set[str]:
    """Figures of two digits or more, with thousands separators removed (6,000 = 6.000)."""
    found = set()
    for match in _NUMBER.finditer(unicodedata.normalize("NFKC", text)):
        value = _THOUSANDS.sub("", match.group(1)).replace(",", ".")
        if len(value.replace(".", "")) >= 2:
            found.add(value)
    return found


@lru_cache(maxsize=1 << 16)
def transliterate(word: str) -> str:
    """A script-free key for a name: Алабуга, Alabuga and ALABUGA give the same key
    (memoised: names repeat across documents)."""
    return re.sub(r"[^a-z0-9]", "", anyascii(word).lower())


def _written_with_case(text: str) -> bool:
    """Whether most of the text's letters have case (Latin, Cyrillic, Greek), as against
    Hangul, kana, Han or Arabic, where a capital is a Latin name whatever its place."""
    letters = "".join(filter(str.isalpha, text[:2000]))
    # No letter is both upper and lower case, so the two counts add up.
    cased = sum(map(str.isupper, letters)) + sum(map(str.islower, letters))
    return bool(letters) and cased * 2 >= len(letters)


def names(text: str) -> set[str]:
    """Capitalised words inside sentences and designators, transliterated to ASCII keys.

    In a script with case, a capital that opens a sentence says nothing: a name there is
    almost always repeated further on, where it counts.
    """
    found = set()
    skip_openings = _written_with_case(text)
    for match in _NAME.finditer(text):
        word = match.group()
        designator = bool(_HAS_DIGIT.search(word)) and bool(_HAS_LETTER.search(word))
        opens_sentence = skip_openings and bool(
            _SENTENCE_END.search(text, max(0, match.start() - 4), match.start()))
        if designator or (word[0].isupper() and len(word) >= 3 and not opens_sentence):
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
    """Document frequencies of signals over the documents seen so far (online IDF).

    Weights and rare-word sets are memoised until the next `add`: placing one document
    asks for the same keys hundreds of times (one comparison per candidate and story).
    """

    def __init__(self) -> None:
        self.documents = 0
        self.frequency: Counter[str] = Counter()
        self._weights: dict[str, float] = {}
        self._rare: dict[int, tuple[Signals, frozenset[str]]] = {}
        self._mass: dict[int, tuple[frozenset[str], float]] = {}
        self._languages: dict[str, SignalFrequencies] = {}

    def add(self, signals: Signals, entities: Iterable[str] = (),
            language: str | None = None) -> None:
        """Count one document's signals and entity keys (`e:<id>`), and its signals among
        the documents of its language (`within`)."""
        self.documents += 1
        self.frequency.update(signals.keys())
        self.frequency.update(entities)
        self._weights.clear()
        self._rare.clear()
        self._mass.clear()
        if language:
            self._languages.setdefault(language, SignalFrequencies()).add(signals)

    def within(self, language: str | None) -> SignalFrequencies:
        """Frequencies among the documents of one language.

        Rarity within the language is what tells a same-language copy from two reports in
        the same stock phrasing: a German "Beamte" or "Produktion" (nouns are capitalised,
        so they look like names) is in most German reports and weighs little there, however
        rare it is across a corpus of many languages. Without a language, or for one no
        document was counted in, the whole corpus.
        """
        return self._languages.get(language or "", self)

    def weight(self, key: str) -> float:
        value = self._weights.get(key)
        if value is None:
            value = math.log(1 + (1 + self.documents) / (1 + self.frequency.get(key, 0)))
            self._weights[key] = value
        return value

    def rare_word_keys(self, signals: Signals) -> frozenset[str]:
        """The document's words seen in at most RARE_DOCUMENT_FREQUENCY documents."""
        cached = self._rare.get(id(signals))
        if cached is not None and cached[0] is signals:
            return cached[1]
        frequency = self.frequency
        rare = frozenset(key for key in signals.word_keys
                         if frequency.get(key, 0) <= RARE_DOCUMENT_FREQUENCY)
        self._rare[id(signals)] = (signals, rare)
        return rare


    def mass(self, keys: frozenset[str]) -> float:
        """Summed weight of a set of keys (memoised by identity: pass a set kept alive)."""
        cached = self._mass.get(id(keys))
        if cached is not None and cached[0] is keys:
            return cached[1]
        total = sum(self.weight(key) for key in keys)
        self._mass[id(keys)] = (keys, total)
        return total


def shared_signals(a: Signals, b: Signals, frequencies: SignalFrequencies,
                   with_words: bool = True) -> tuple[float, dict[str, list[str]]]:
    """How much of the poorer document's figures, names and rare words the other shares.

    Returns a score in [0, 1] (IDF-weighted overlap over the smaller side) and the shared
    values as evidence. Words do not survive translation: leave them out across languages.
    """
    groups = {"numbers": (a.number_keys, b.number_keys), "names": (a.name_keys, b.name_keys)}
    if with_words:
        groups["rare_words"] = (frequencies.rare_word_keys(a), frequencies.rare_word_keys(b))
    shared_weight = 0.0
    side_weight = [0.0, 0.0]
    evidence: dict[str, list[str]] = {}
    for kind, (left, right) in groups.items():
        common = left & right
        if common:
            evidence[kind] = sorted(key[2:] for key in common)[:20]
        shared_weight += sum(frequencies.weight(key) for key in common)
        side_weight[0] += frequencies.mass(left)
        side_weight[1] += frequencies.mass(right)
    smaller = min(side_weight)
    return (shared_weight / smaller if smaller > 0 else 0.0), evidence
