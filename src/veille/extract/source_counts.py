"""Counts of vague sources: how many people a report rests on, of what kind, from where.

"Six sources told Reuters" and "l'un des six fonctionnaires iraniens" say how a report is
sourced, and copies retell that as they retell its figures, with the same drift: "six
sources, three of them Iranian" became "six Iranian officials". The claims stage makes each
such count a `source_count` claim, whose kind and state the corroboration stage compares
across languages.

A figure counts sources when what it counts is a word of a kind of vague source
(`source_kinds` in `lang/<code>/attribution.yaml`): inside the figure's own words ("six
Iranian officials", "шість джерел"), or the word right after them when the quantities stage
took an adjective for the counted noun ("six différentes sources"). A figure whose words end
with a noun the unit lexicon knows counts that noun ("the 400 missiles officials said").
The kind, and the state the sources belong to (`source_origins`), are read from the count's
words and from the words that qualify the noun after it ("Два джерела в розвідці": two
sources in intelligence; "six fonctionnaires iraniens").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from veille.extract.attribution import plain_word, vague_source_kind
from veille.extract.cues import cue_set
from veille.extract.quantities import quantity_lexicon
from veille.lang import load_lexicon

_NEXT_WORD = regex.compile(r"[ \t]+\p{L}[\p{L}'’\-]*")
_WORD = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}'’\-]*")  # punctuation stays between words
_CLAUSE_MARK = regex.compile(r"[,;:.!?()\[\]\"“”«»„\n]|\s[-–—]\s")
MODIFIER_WORDS = 4  # "[sources] close to the defence ministry"
# Words of the attribution lexicon that end the phrase of a vague source.
STOP_KEYS = ("phrase_breaks", "speech_verbs", "report_verbs", "finding_verbs", "outlet_markers")


@dataclass(frozen=True)
class SourceCount:
    end: int  # where the words of the count end ("Два джерела в розвідці|")
    kind: str | None  # `vague_source_kind` of those words
    origins: tuple[str, ...] = ()  # gazetteer keys of the states they belong to ("Iranian")


def source_count(text: str, start: int, end: int, language: str) -> SourceCount | None:
    """The source count of the figure written at text[start:end], or None when it counts
    something else."""
    stop = end
    if not _ends_with_unit(text[start:end], language):  # "the 400 missiles officials said"
        following = _NEXT_WORD.match(text, end)
        stop = following.end() if following else end
    kinds = cue_set(language, "attribution", "source_kinds")
    found = kinds.find(text, start, stop)
    if not found:
        return None
    words_end = max(end, found[-1].end)
    qualified = _modifier_end(text, words_end, language)
    origins = cue_set(language, "attribution", "source_origins").find(text, start, qualified)
    return SourceCount(qualified, vague_source_kind([text[start:qualified]], language),
                       tuple(sorted({cue.label for cue in origins})))


def _modifier_end(text: str, position: int, language: str) -> int:
    """Where the words that qualify the sources after their noun end: "Два джерела [в
    розвідці] також повідомили", "cinq sources [du renseignement] ont déclaré", up to a
    clause mark, a verb of saying, the word before the outlet they spoke to ("à l'agence") or a
    word that cannot be part of a noun phrase."""
    stops = _phrase_stops(language)
    end = position
    for count, word in enumerate(_WORD.finditer(text, position)):
        between = text[end:word.start()]
        if count == MODIFIER_WORDS or _CLAUSE_MARK.search(between) or \
                plain_word(word.group()) in stops:
            break
        end = word.end()
    return end


@lru_cache(maxsize=64)
def _phrase_stops(language: str) -> frozenset[str]:
    lexicon = load_lexicon(language, "attribution")
    return frozenset(plain_word(str(word)) for key in STOP_KEYS
                     for word in lexicon.get(key) or ())


def _ends_with_unit(words: str, language: str) -> bool:
    """The figure's words end with a noun the unit lexicon knows: it counts that."""
    last = words.split()[-1].lower() if words.split() else ""
    return last in quantity_lexicon(language).word_units
