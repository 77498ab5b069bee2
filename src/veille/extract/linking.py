"""Name normalisation and transliteration-tolerant linking of names to the gazetteer.

Two normal forms:
- `fold_with_offsets` is for *searching* text: case, accents, dashes and quotes are folded,
  inflectional endings of some scripts are dropped (Курска -> курск), and every output
  character remembers the input character it came from, so matches map back to exact spans.
- `comparison_key` is for *comparing* names across scripts: the folded name is romanised
  (anyascii: Лейр -> Leyr, 김정은 -> GimJeongEun) and rewritten by a few phonetic rules from
  entity_types.yaml, so that Лейр, Leir and Lair are one or two edits apart.
`Linker` scores a name against every alias of compatible type with rapidfuzz and returns the
best gazetteer key when the score passes the threshold; otherwise the name stays unlinked.
"""

from __future__ import annotations

import math
import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from anyascii import anyascii
from rapidfuzz import fuzz, process

from veille.ontology import (
    EntityTypes,
    Gazetteer,
    char_script,
    load_entity_types,
    load_gazetteer,
)

_DASHES = dict.fromkeys("‐‑‒–—―−﹘﹣－_", " ")
_QUOTES = {**dict.fromkeys("’‘‛ʼ′`´", "'"), **dict.fromkeys("«»“”„‟″", '"')}
_SPACES = dict.fromkeys("\u00a0\u2007\u202f\u2009\u200a\u2002\u2003\u3000\t\r\n\f\v", " ")
_FOLD_MAP = {**_DASHES, **_QUOTES, **_SPACES, "-": " ", "·": ".", "・": " "}


_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")
_KEEP = {"й": "й", "Й": "й"}  # й is a letter of its own, not и with a breve


@lru_cache(maxsize=16384)
def _fold_char(char: str) -> str:
    """Case-folded, accent-free form of one character (possibly empty or several chars)."""
    if char in _FOLD_MAP:
        return _FOLD_MAP[char]
    if char.isascii():
        return char.lower()
    if char in _KEEP:
        return _KEEP[char]
    decomposed = _COMBINING.sub("", unicodedata.normalize("NFKD", char))
    # NFC re-forms what is not an accent: Hangul syllables, kana with voicing marks.
    return unicodedata.normalize("NFC", decomposed).casefold()


def fold_with_offsets(text: str, strip_endings: dict[str, str] | None = None) -> tuple[str, list[int]]:
    """Folded text and, for each of its characters, the index of the source character.

    Runs of spaces collapse to one (leading spaces go). With `strip_endings` (script ->
    letters), the trailing letters of each word of that script that are in the set are
    dropped (inflection). The folding is one `str.translate`, and the offsets a range
    unless a character folds to none or several: the entity and story stages fold every
    document.
    """
    folded = text.translate(_FOLDS)
    if _FOLDS.irregular.isdisjoint(text):
        offsets = list(range(len(text)))
    else:
        offsets = [index for index, char in enumerate(text) for _ in _fold_char(char)]
    folded, offsets = _without(folded, offsets, [match.span() for match in
                                                 _EXTRA_SPACES.finditer(folded)])
    if strip_endings:
        folded, offsets = _without(folded, offsets, _word_endings(folded, strip_endings))
    return folded, offsets


class _FoldTable(dict[int, str]):
    """`_fold_char` as a `str.translate` table, filled as characters are met; `irregular`
    holds the characters that fold to none or to several (offsets then need a loop)."""

    def __init__(self) -> None:
        super().__init__()
        self.irregular: set[str] = set()

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        if len(folded) != 1:
            self.irregular.add(chr(code))
        self[code] = folded
        return folded


_FOLDS = _FoldTable()
_EXTRA_SPACES = re.compile(r"^ +|(?<= ) +")


def _without(folded: str, offsets: list[int], spans: list[tuple[int, int]]
             ) -> tuple[str, list[int]]:
    """The text and offsets with the character spans (sorted, disjoint) taken out."""
    if not spans:
        return folded, offsets
    kept_text: list[str] = []
    kept_offsets: list[int] = []
    position = 0
    for start, end in spans:
        kept_text.append(folded[position:start])
        kept_offsets.extend(offsets[position:start])
        position = end
    kept_text.append(folded[position:])
    kept_offsets.extend(offsets[position:])
    return "".join(kept_text), kept_offsets


def _word_endings(folded: str, endings: dict[str, str]) -> list[tuple[int, int]]:
    """Spans of the inflectional letters ending each word of a script in `endings`; a
    stem of four characters or more is kept."""
    spans = []
    for match in _ending_words(tuple(sorted(endings.items()))).finditer(folded):
        start, last = match.start(), match.end() - 1
        letters = endings.get(char_script(folded[last]) or "")
        if not letters:
            continue
        cut = last
        while cut > start + 3 and folded[cut] in letters:
            cut -= 1
        if cut < last:
            spans.append((cut + 1, last + 1))
    return spans


@lru_cache(maxsize=8)
def _ending_words(endings: tuple[tuple[str, str], ...]) -> re.Pattern[str]:
    """Whole words (runs of str.isalnum characters) whose last letter is an ending letter."""
    letters = re.escape("".join(sorted({char for _, chars in endings for char in chars})))
    return re.compile(rf"(?<![^\W_])[^\W_]*[{letters}](?![^\W_])")


_FOLD_TABLE = str.maketrans({**_FOLD_MAP, "й": "\ue000", "Й": "\ue000"})


def fold(text: str) -> str:
    """Case-, accent-, dash- and space-folded text, for exact comparisons of written forms.

    The same folding as `fold_with_offsets` (a test holds them equal) done with whole-string
    operations, fast enough for the 350,000 GeoNames names.
    """
    text = unicodedata.normalize("NFKD", text.translate(_FOLD_TABLE))
    text = unicodedata.normalize("NFC", _COMBINING.sub("", text))  # NFC re-forms Hangul syllables
    return " ".join(text.casefold().replace("\ue000", "й").split())


_NON_KEY = re.compile(r"[^a-z0-9 ]+")
_DOUBLES = re.compile(r"([a-z])\1+")


def romanise(text: str) -> str:
    """Latin transliteration of any script (Cyrillic, Hangul, Han, Arabic...)."""
    return anyascii(text)


@lru_cache(maxsize=65536)
def comparison_key(text: str) -> str:
    """Romanised, folded, phonetically simplified form used to compare names across scripts."""
    return " ".join(_DOUBLES.sub(r"\1", phonetic_key(text)).split())


def phonetic_key(text: str) -> str:
    """`comparison_key` before doubled letters are merged: the linker takes "Kirill" and
    "Kiril" for one name, but a check for garbled spellings must still see a lost letter."""
    # anyascii writes Hangul syllables in CamelCase (GimJeongEun): fold after romanising.
    key = fold(romanise(fold(text))).replace("'", "")
    key = _NON_KEY.sub(" ", key)
    for old, new in load_entity_types().linking.phonetic_rules:
        key = key.replace(old, new)
    return " ".join(key.split())


@dataclass(frozen=True)
class Link:
    """A name linked to a gazetteer entry, with the similarity (0-1) and how it was found."""

    key: str
    score: float
    method: str  # "exact" (same comparison key) or "fuzzy"


class Linker:
    """Links names to gazetteer entries of a compatible type, tolerating spelling variants."""

    def __init__(self, gazetteer: Gazetteer, settings: EntityTypes) -> None:
        self.gazetteer = gazetteer
        self.settings = settings.linking
        self._exact: dict[str, list[str]] = {}
        self._spellings: dict[str, set[str]] = {}  # entry key -> romanised folded forms
        self._cache: dict[tuple[str, str | None, float | None], Link | None] = {}
        pairs: dict[str, list[tuple[str, str]]] = {}  # entity type -> (alias key, entry key)
        for entry in gazetteer.entries:
            for alias in entry.forms:
                self._spellings.setdefault(entry.key, set()).add(fold(romanise(fold(alias.text))))
                key = comparison_key(alias.text)
                if not key:
                    continue
                owners = self._exact.setdefault(key, [])
                if entry.key not in owners:
                    owners.append(entry.key)
                for bucket in (entry.type, "*"):  # "*": every type, for untyped names
                    pairs.setdefault(bucket, []).append((key, entry.key))
        self._buckets = {name: _Bucket.build(items) for name, items in pairs.items()}

    def _types_for(self, entity_type: str | None) -> tuple[str, ...]:
        if entity_type is None:
            return tuple(t for t in self._buckets if t != "*")
        return self.settings.compatible.get(entity_type, (entity_type,))

    def link(self, name: str, entity_type: str | None = None,
             threshold: float | None = None) -> Link | None:
        """The best gazetteer entry for `name`, or None when nothing is similar enough."""
        cache_key = (name, entity_type, threshold)
        if cache_key not in self._cache:
            if len(self._cache) > 200_000:
                self._cache.clear()
            self._cache[cache_key] = self._link(name, entity_type, threshold)
        return self._cache[cache_key]

    def _link(self, name: str, entity_type: str | None, threshold: float | None) -> Link | None:
        key = comparison_key(name)
        if not key:
            return None
        types = self._types_for(entity_type)
        exact = [owner for owner in self._exact.get(key, ())
                 if self.gazetteer.by_key[owner].type in types]
        if exact:
            exact.sort(key=lambda owner: types.index(self.gazetteer.by_key[owner].type))
            return Link(exact[0], self._spelling_score(name, exact[0]), "exact")
        if len(key.replace(" ", "")) < self.settings.min_fuzzy_length:
            return None
        cutoff = 100 * (self.settings.threshold if threshold is None else threshold)
        best: tuple[float, str] | None = None
        for entity_type_ in (None,) if entity_type is None else types:
            candidate = self._best_in(key, entity_type_, cutoff)
            if candidate and (best is None or candidate[0] > best[0]):
                best = candidate
        if best is None:
            return None
        return Link(best[1], round(best[0] / 100, 4), "fuzzy")

    def _spelling_score(self, name: str, key: str) -> float:
        """How close the spelling is to the nearest alias, for names whose keys are equal.

        Equal keys decide the link (Shin Woon-sik = Shin Won-sik), but the recorded score
        says how far the written form was from a known one (0.96 here, 1.0 for a known form).
        """
        spelled = fold(romanise(fold(name)))
        forms = self._spellings.get(key, ())
        best = max((fuzz.ratio(spelled, form) for form in forms), default=100.0)
        return round(max(best / 100, self.settings.threshold), 4)

    def _best_in(self, key: str, entity_type: str | None,
                 cutoff: float) -> tuple[float, str] | None:
        """Best alias of one type (None: of any type) scoring at least `cutoff` (0-100).

        Only aliases of compatible length are scored: a similarity ratio of c needs the
        shorter string to be at least c / (2 - c) of the longer one.
        """
        bucket = self._buckets.get(entity_type or "*")
        if bucket is None:
            return None
        ratio = cutoff / 100
        low = bisect_left(bucket.lengths, math.ceil(len(key) * ratio / (2 - ratio)))
        high = bisect_right(bucket.lengths, math.floor(len(key) * (2 - ratio) / ratio))
        if low >= high:
            return None
        sorted_key = " ".join(sorted(key.split()))
        best: tuple[float, str] | None = None
        for query, choices in ((key, bucket.keys), (sorted_key, bucket.sorted_keys)):
            found = process.extractOne(query, choices[low:high], scorer=fuzz.ratio,
                                       score_cutoff=cutoff)
            if found is None:
                continue
            score, index = found[1], low + found[2]
            owner = self.gazetteer.by_key[bucket.owners[index]]
            if owner.type == "PER" and not _same_surname(key, bucket.keys[index]):
                continue
            if best is None or score > best[0]:
                best = (score, owner.key)
        return best


@dataclass
class _Bucket:
    """Alias keys of one entity type, sorted by length, with their token-sorted forms."""

    keys: list[str] = field(default_factory=list)
    sorted_keys: list[str] = field(default_factory=list)
    owners: list[str] = field(default_factory=list)
    lengths: list[int] = field(default_factory=list)

    @classmethod
    def build(cls, pairs: list[tuple[str, str]]) -> _Bucket:
        bucket = cls()
        for key, owner in sorted(pairs, key=lambda pair: len(pair[0])):
            bucket.keys.append(key)
            bucket.sorted_keys.append(" ".join(sorted(key.split())))
            bucket.owners.append(owner)
            bucket.lengths.append(len(key))
        return bucket


def _same_surname(left: str, right: str) -> bool:
    """Two multi-word person names must end in similar words (Kim Jong-il is not Kim Jong-un)."""
    left_words, right_words = left.split(), right.split()
    if len(left_words) < 2 or len(right_words) < 2:
        return True
    if fuzz.ratio(left_words[-1], right_words[-1]) >= 75:
        return True
    # Family name first (Kim Jong-un, Shin Won-sik): compare the given names instead.
    return (fuzz.ratio(left_words[0], right_words[0]) >= 75
            and fuzz.ratio(" ".join(left_words[1:]), " ".join(right_words[1:])) >= 85)


@lru_cache(maxsize=1)
def default_linker() -> Linker:
    """The linker over the shipped gazetteer, built once per process."""
    return Linker(load_gazetteer(), load_entity_types())


def unknown_key(name: str, entity_type: str) -> str:
    """Identity of a name that is not in the gazetteer: its comparison key and its type."""
    return f"{entity_type}:{comparison_key(name)}"

