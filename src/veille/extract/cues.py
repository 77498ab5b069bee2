"""Cue lists from the language lexicons, compiled into regular expressions.

Lexicon entries are plain phrases so that linguists can edit them: matching ignores case and
runs of whitespace; a trailing `*` lets the last word continue ("suppl*" matches "supplied"); a
leading `~` lets the cue stick to the previous word and continue into the next characters, as
Korean particles and endings do ("~에 따르면" matches "CNS에 따르면"). Apostrophes ' and ’
are interchangeable.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from veille.lang import load_lexicon


@dataclass(frozen=True)
class CueMatch:
    start: int
    end: int
    label: str
    text: str


_END = ""  # trie key that marks the end of an entry; its value is the entry's tail pattern


def _entry_parts(entry: str) -> tuple[bool, str, str] | None:
    """(glued, core text, tail pattern) of a lexicon entry, or None when it is empty."""
    entry = entry.strip()
    glued = entry.startswith("~")
    core = entry.lstrip("~")
    open_end = core.endswith("*")
    core = " ".join(core.rstrip("*").lower().replace("’", "'").split())
    if not core:
        return None
    if open_end:
        tail = r"\w*"
    elif glued or not core[-1].isalnum():
        tail = ""
    else:
        tail = r"(?!\w)"
    return glued or not core[0].isalnum(), core, tail


def _char_pattern(char: str) -> str:
    if char == " ":
        return r"\s+"
    if char == "'":
        return "['’]"
    return re.escape(char)


def _trie_pattern(node: dict[str, Any]) -> str:
    """A regular expression for a character trie: shared prefixes are matched once, which
    keeps long cue lists fast (Python's `re` tries alternatives one by one)."""
    branches = [_char_pattern(char) + _trie_pattern(child)
                for char, child in sorted(node.items()) if char != _END]
    ends = sorted(node.get(_END, set()), key=len, reverse=True)
    options = branches + ends  # longer continuations before the end of a shorter entry
    if len(options) == 1:
        return options[0]
    return "(?:" + "|".join(options) + ")"


def compile_entries(entries: Iterable[Any]) -> re.Pattern[str] | None:
    """One case-insensitive pattern for all entries (cached)."""
    return _compile(tuple(str(entry) for entry in entries if entry))


@lru_cache(maxsize=1024)
def _compile(entries: tuple[str, ...]) -> re.Pattern[str] | None:
    tries: dict[bool, dict[str, Any]] = {True: {}, False: {}}
    for entry in entries:
        parts = _entry_parts(entry)
        if parts is None:
            continue
        glued, core, tail = parts
        node = tries[glued]
        for char in core:
            node = node.setdefault(char, {})
        node.setdefault(_END, set()).add(tail)
    alternatives = []
    if tries[False]:
        alternatives.append(r"(?<!\w)" + _trie_pattern(tries[False]))
    if tries[True]:
        alternatives.append(_trie_pattern(tries[True]))
    if not alternatives:
        return None
    return re.compile("|".join(alternatives), re.IGNORECASE)


class CueSet:
    """Labelled cue lists (e.g. hedge level -> cues); finds non-overlapping matches."""

    def __init__(self, groups: Mapping[str, Iterable[Any]]) -> None:
        self._patterns = [
            (label, pattern)
            for label, entries in groups.items()
            if (pattern := compile_entries(entries or ())) is not None
        ]

    def __bool__(self) -> bool:
        return bool(self._patterns)

    def find_all(self, text: str, start: int = 0, end: int | None = None) -> list[CueMatch]:
        """Every match of every label in text[start:end], overlaps included."""
        end = len(text) if end is None else end
        found: list[CueMatch] = []
        for label, pattern in self._patterns:
            for match in pattern.finditer(text, start, end):
                if match.end() > match.start():
                    found.append(CueMatch(match.start(), match.end(), label, match.group()))
        return found

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[CueMatch]:
        """Matches in text[start:end], longest first on overlap, in text order."""
        found = self.find_all(text, start, end)
        found.sort(key=lambda cue: (-(cue.end - cue.start), cue.start))
        kept: list[CueMatch] = []
        for cue in found:
            if all(cue.end <= other.start or cue.start >= other.end for other in kept):
                kept.append(cue)
        return sorted(kept, key=lambda cue: cue.start)


@lru_cache(maxsize=256)
def cue_set(language: str, topic: str, *keys: str) -> CueSet:
    """A CueSet over lexicon keys of one topic; each key is one label.

    A key naming a mapping (e.g. `hedges`) contributes one label per sub-key.
    """
    lexicon = load_lexicon(language, topic)
    groups: dict[str, list[Any]] = {}
    for key in keys:
        value = lexicon.get(key)
        if isinstance(value, Mapping):
            for label, entries in value.items():
                groups[str(label)] = list(entries or ())
        elif value:
            groups[key] = list(value)
    return CueSet(groups)


@lru_cache(maxsize=256)
def lexicon_patterns(language: str, topic: str, key: str) -> tuple[re.Pattern[str], ...]:
    """Raw regular expressions listed under `key` (for inflection patterns)."""
    entries = load_lexicon(language, topic).get(key) or []
    return tuple(re.compile(rf"(?<!\w)(?:{entry})(?!\w)", re.IGNORECASE) for entry in entries)
