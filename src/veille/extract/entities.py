"""Named-entity mentions: gazetteer aliases in any script, spaCy NER, and linking.

Three sources of spans, in order of trust:
1. the gazetteer's aliases, searched with an Aho-Corasick automaton over folded text, so
   that KN-23, 화성-11가, Хвасон-11 and Курска are found in any language;
2. spaCy NER for languages with a model (entity_types.yaml `ner.models`);
3. for languages without one, capitalised words and word groups, and katakana runs, that
   link to the gazetteer closely enough (Kirill Budanov in a German article, a garbled
   スラスノヤルスク for Krasnoyarsk in a Japanese one).
A gazetteer match wins where spans overlap, unless the NER span contains it and names the
same entity (then the longer span is kept). NER names that link to no entry stay unknown
entities of their own; they are never forced onto the gazetteer.
Every span is an exact character range of the input text.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

import ahocorasick

from veille.extract.geocode import geocode
from veille.extract.linking import Link, Linker, default_linker, fold, fold_with_offsets
from veille.ontology import (
    EntityTypes,
    Gazetteer,
    GazetteerAlias,
    char_script,
    load_entity_types,
    load_gazetteer,
)

if TYPE_CHECKING:
    from spacy.language import Language

    from veille.pipeline import DocumentInput


@dataclass(frozen=True)
class FoundMention:
    """One entity mention; `gazetteer_key` is None for names that stay unknown."""

    start: int
    end: int
    text: str
    label: str
    entity_type: str
    gazetteer_key: str | None
    link_score: float | None
    method: str  # alias, exact, fuzzy, acronym, coreference, or ner (unlinked)
    latitude: float | None = None
    longitude: float | None = None
    country: str | None = None


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    entity_type: str
    link: Link | None
    method: str


# --- gazetteer aliases in text ------------------------------------------------------------------

@dataclass(frozen=True)
class _Pattern:
    key: str
    alias: GazetteerAlias
    case: str  # "acronym": every capital must be capital; "capital": the first letter; "any"
    open_left: bool
    open_right: bool


_CASE_ORDER = ("any", "capital", "acronym")


def _case_rule(text: str) -> str:
    letters = [c for c in text if c.isalpha()]
    cased = [c for c in letters if c.isupper() or c.islower()]
    if not cased:
        return "any"
    if len(letters) >= 2 and all(c.isupper() for c in cased):
        return "acronym"
    return "capital" if cased[0].isupper() else "any"


def _case_matches(rule: str, alias: str, found: str) -> bool:
    if rule == "any":
        return True
    alias_letters = [c for c in alias if c.isalpha()]
    found_letters = [c for c in found if c.isalpha()]
    if rule == "capital":
        return bool(found_letters) and not found_letters[0].islower()
    return all(not f.islower() for a, f in zip(alias_letters, found_letters) if a.isupper())


class AliasMatcher:
    """Finds every searchable gazetteer alias in a text, leftmost-longest, at word boundaries."""

    def __init__(self, gazetteer: Gazetteer, settings: EntityTypes) -> None:
        matching = settings.matching
        self._endings = matching.strip_word_endings
        self._ending_letters = "".join(self._endings.values())
        self._automaton = ahocorasick.Automaton()
        self._patterns: list[_Pattern] = []
        folded_seen: dict[str, int] = {}
        for entry in gazetteer.entries:
            for alias in entry.forms:
                if not alias.match:
                    continue
                folded = fold_with_offsets(alias.text, self._endings)[0].strip()
                if len(folded) < 2:
                    continue
                if folded in folded_seen:  # the first entry to claim a written form keeps it
                    self._relax_case(folded_seen[folded], entry.key, alias.text)
                    continue
                letters = [c for c in alias.text if c.isalpha()]
                first = char_script(letters[0]) if letters else None
                last = char_script(letters[-1]) if letters else None
                pattern = _Pattern(
                    entry.key, alias, _case_rule(alias.text),
                    open_left=first in matching.no_word_boundary,
                    open_right=last in matching.no_word_boundary | matching.open_right_boundary,
                )
                folded_seen[folded] = len(self._patterns)
                self._patterns.append(pattern)
                self._automaton.add_word(folded, (len(folded), folded_seen[folded]))
        self._automaton.make_automaton()

    def _relax_case(self, index: int, key: str, text: str) -> None:
        """Two aliases of one entry that differ only in case: the looser rule applies."""
        pattern = self._patterns[index]
        looser = _case_rule(text)
        if pattern.key == key and _CASE_ORDER.index(looser) < _CASE_ORDER.index(pattern.case):
            self._patterns[index] = replace(pattern, case=looser)

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, gazetteer key) of alias occurrences, non-overlapping."""
        folded, offsets = fold_with_offsets(text, self._endings)
        candidates: list[tuple[int, int, int]] = []
        for last, (length, index) in self._automaton.iter(folded):
            first = last - length + 1
            pattern = self._patterns[index]
            if not pattern.open_left and first > 0 and folded[first - 1].isalnum():
                continue
            if not pattern.open_right and last + 1 < len(folded) and folded[last + 1].isalnum():
                continue
            start, end = offsets[first], offsets[last] + 1
            end = self._extend_over_endings(text, end)
            if not _case_matches(pattern.case, pattern.alias.text, text[start:end]):
                continue
            candidates.append((start, end, index))
        candidates.sort(key=lambda c: (c[0], -(c[1] - c[0])))
        chosen: list[tuple[int, int, str]] = []
        reach = -1
        for start, end, index in candidates:
            if start >= reach:
                chosen.append((start, end, self._patterns[index].key))
                reach = end
        return chosen

    def _extend_over_endings(self, text: str, end: int) -> int:
        """Take back the inflectional letters folding dropped (Курск|а -> Курска)."""
        if not self._ending_letters or end == 0 or char_script(text[end - 1]) not in self._endings:
            return end
        while end < len(text) and text[end].isalpha() and fold(text[end]) in self._ending_letters:
            end += 1
        return end


@lru_cache(maxsize=1)
def default_matcher() -> AliasMatcher:
    return AliasMatcher(load_gazetteer(), load_entity_types())


# --- spaCy NER -------------------------------------------------------------------------------------

@lru_cache(maxsize=4)
def ner_pipeline(model: str) -> Language:
    """A spaCy pipeline with only its NER component, loaded once per process.

    The NER of the shipped models has its own embedding layer, so tagger, parser and
    lemmatizer can be left out: same entities, about three times faster.
    """
    import spacy

    meta = spacy.util.get_model_meta(spacy.util.get_package_path(model))
    components = meta.get("components") or meta.get("pipeline") or []
    return spacy.load(model, exclude=[name for name in components if name != "ner"])


def _chunks(text: str, size: int) -> list[tuple[int, str]]:
    """(offset, piece) pieces of at most `size` characters, cut at line ends when possible."""
    pieces: list[tuple[int, str]] = []
    offset = 0
    while offset < len(text):
        stop = min(len(text), offset + size)
        if stop < len(text):
            newline = text.rfind("\n", offset + size // 2, stop)
            stop = newline + 1 if newline > 0 else stop
        pieces.append((offset, text[offset:stop]))
        offset = stop
    return pieces


def ner_spans(texts: list[str], model: str, settings: EntityTypes) -> list[list[tuple[int, int, str]]]:
    """(start, end, entity type) per text, from spaCy's NER, run with `nlp.pipe` over all texts."""
    nlp = ner_pipeline(model)
    pieces = [(number, offset, piece) for number, text in enumerate(texts)
              for offset, piece in _chunks(text, settings.ner.chunk_chars)]
    results: list[list[tuple[int, int, str]]] = [[] for _ in texts]
    docs = nlp.pipe(piece for _, _, piece in pieces)
    for (number, offset, _), doc in zip(pieces, docs, strict=True):
        for ent in doc.ents:
            entity_type = settings.ner.labels.get(ent.label_)
            if entity_type:
                results[number].append((offset + ent.start_char, offset + ent.end_char, entity_type))
    return results


def _trim(text: str, start: int, end: int, leading_words: tuple[str, ...]) -> tuple[int, int]:
    """Drop edge punctuation and leading articles spaCy sometimes puts inside a span."""
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        closing = text[end - 1] == ")" and "(" in text[start:end]
        abbreviation = text[end - 1] == "." and end - start >= 2 and text[end - 2].isupper()
        if closing or abbreviation:
            break
        end -= 1
    changed = True
    while changed:
        changed = False
        lowered = fold(text[start:end])
        for word in leading_words:
            for joiner in (" ", "") if word.endswith("'") else (" ",):
                prefix = word + joiner if joiner else word
                if lowered.startswith(prefix) and len(lowered) > len(prefix) + 1:
                    start += _source_length(text, start, len(prefix))
                    while start < end and text[start].isspace():
                        start += 1
                    changed = True
                    break
            if changed:
                break
    return start, end


def _source_length(text: str, start: int, folded_length: int) -> int:
    """How many source characters fold to the first `folded_length` folded characters."""
    length = 0
    produced = 0
    while produced < folded_length and start + length < len(text):
        produced += len(fold_with_offsets(text[start + length])[0]) or 1
        length += 1
    return length


# --- capitalised names in languages without NER ---------------------------------------------------

_WORD = re.compile(r"[^\W_][\w'’.-]*")


def _capitalised_runs(text: str) -> list[list[tuple[int, int]]]:
    """Runs of capitalised words separated by single spaces (word spans)."""
    runs: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    for match in _WORD.finditer(text):
        word_start, word_end = match.start(), match.end()
        while word_end > word_start and text[word_end - 1] in ".'’-":
            word_end -= 1
        capitalised = text[word_start].isupper()
        joined = bool(current) and text[current[-1][1]:word_start] == " "
        if capitalised and (joined or not current):
            current.append((word_start, word_end))
            continue
        if current:
            runs.append(current)
        current = [(word_start, word_end)] if capitalised else []
    if current:
        runs.append(current)
    return runs


_KATAKANA_RUN = re.compile(r"[\u30a0-\u30ff\uff66-\uff9f]{3,}")


def _katakana_runs(text: str) -> list[list[tuple[int, int]]]:
    """Japanese writes foreign names in katakana: each run is one candidate name."""
    return [[(match.start(), match.end())] for match in _KATAKANA_RUN.finditer(text)]


def candidate_spans(text: str, linker: Linker, threshold: float,
                    taken: list[tuple[int, int]],
                    articles: frozenset[str] = frozenset()) -> list[_Span]:
    """Capitalised word groups (up to 4 words) and katakana runs that link to the gazetteer;
    a group that starts with one of `articles` only by an exact alias ("Der Spiegel")."""
    found: list[_Span] = []
    for run in _capitalised_runs(text) + _katakana_runs(text):
        position = 0
        while position < len(run):
            for size in range(min(4, len(run) - position), 0, -1):
                start, end = run[position][0], run[position + size - 1][1]
                if _overlaps(start, end, taken) or end - start < 4:
                    continue
                link = linker.link(text[start:end], None, threshold)
                if link is not None and link.method != "exact" and \
                        text[start:run[position][1]].lower() in articles:
                    continue  # "Das Finanzministerium" is no garbled "US-Finanzministerium"
                if link is not None:
                    entry_type = linker.gazetteer.by_key[link.key].type
                    found.append(_Span(start, end, entry_type, link, link.method))
                    position += size
                    break
            else:
                position += 1
    return found


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Whether [start, end) overlaps one of `spans` (sorted and non-overlapping)."""
    index = bisect_left(spans, (end,)) - 1
    return index >= 0 and spans[index][1] > start


# --- putting it together ----------------------------------------------------------------------------

def find_entities(text: str, language: str | None) -> list[FoundMention]:
    """Entity mentions of one text (see the module docstring for the method)."""
    settings = load_entity_types()
    model = settings.ner.models.get((language or "").split("-")[0].lower())
    ner = ner_spans([text], model, settings)[0] if model else None
    return _assemble(text, ner, settings)


def find_entities_many(texts: list[str], language: str | None) -> list[list[FoundMention]]:
    """`find_entities` for many texts of one language, with one `nlp.pipe` pass (faster)."""
    settings = load_entity_types()
    model = settings.ner.models.get((language or "").split("-")[0].lower())
    spans = ner_spans(texts, model, settings) if model else [None] * len(texts)
    return [_assemble(text, ner, settings) for text, ner in zip(texts, spans, strict=True)]


def _assemble(text: str, ner: list[tuple[int, int, str]] | None,
              settings: EntityTypes) -> list[FoundMention]:
    linker = default_linker()
    gazetteer = linker.gazetteer
    spans: list[_Span] = [
        _Span(start, end, gazetteer.by_key[key].type, Link(key, 1.0, "alias"), "alias")
        for start, end, key in default_matcher().find(text)
    ]
    if ner is not None:
        spans = _merge_ner(text, spans, ner, linker, settings)
    else:
        taken = sorted((span.start, span.end) for span in spans)
        spans += candidate_spans(text, linker, settings.linking.candidate_threshold, taken,
                                 settings.matching.leading_articles)
    spans.sort(key=lambda span: span.start)
    spans = _link_by_acronym(text, spans, settings)
    spans = _link_by_coreference(text, spans, settings)
    return [_to_mention(text, span, settings) for span in spans
            if span.link is not None or _plausible_unknown(text, span, settings)]


def _plausible_unknown(text: str, span: _Span, settings: EntityTypes) -> bool:
    """An unlinked NER name is kept if its type is kept and it looks like a name (et al. does not)."""
    first = text[span.start]
    return span.entity_type in settings.ner.keep_unlinked and not first.islower() \
        and span.end - span.start >= 2


def _merge_ner(text: str, spans: list[_Span], ner: list[tuple[int, int, str]], linker: Linker,
               settings: EntityTypes) -> list[_Span]:
    gazetteer_spans = sorted(spans, key=lambda span: span.start)  # non-overlapping
    starts = [span.start for span in gazetteer_spans]
    replaced: set[int] = set()
    added: list[_Span] = []
    for raw_start, raw_end, entity_type in ner:
        start, end = _trim(text, raw_start, raw_end, settings.ner.strip_leading)
        if end - start < 2:
            continue
        inside = []
        index = bisect_left(starts, end) - 1
        while index >= 0 and gazetteer_spans[index].end > start:
            inside.append(index)
            index -= 1
        link = linker.link(text[start:end], entity_type)
        if inside:
            # The NER span may only replace gazetteer matches it contains and names the same.
            covered = [gazetteer_spans[i] for i in inside]
            contains = all(start <= span.start and span.end <= end for span in covered)
            same = link is not None and all(span.link and span.link.key == link.key
                                            for span in covered)
            if link is not None and contains and same and \
                    end - start > max(span.end - span.start for span in covered):
                replaced.update(inside)
                added.append(_Span(start, end, linker.gazetteer.by_key[link.key].type,
                                   link, link.method))
            continue
        if link is not None:
            added.append(_Span(start, end, linker.gazetteer.by_key[link.key].type, link,
                               link.method))
        else:
            added.append(_Span(start, end, entity_type, None, "ner"))
    kept = [span for i, span in enumerate(gazetteer_spans) if i not in replaced]
    return kept + added


_ACRONYM_AFTER = re.compile(r"\s*[(（]\s*$")


def _link_by_acronym(text: str, spans: list[_Span], settings: EntityTypes) -> list[_Span]:
    """An unlinked long name followed by "(ACRONYM)" takes the acronym's entity."""
    result = list(spans)
    for index, span in enumerate(spans[:-1]):
        following = spans[index + 1]
        if span.link is not None or following.link is None:
            continue
        between = text[span.end:following.start]
        after = text[following.end:following.end + 2].lstrip()
        if not _ACRONYM_AFTER.match(between) or not after.startswith((")", "）")):
            continue
        acronym = text[following.start:following.end]
        if not (acronym.isupper() and len(acronym) <= 8):
            continue
        entry_type = following.entity_type
        compatible = settings.linking.compatible.get(span.entity_type, (span.entity_type,))
        if entry_type in compatible or span.entity_type == "MISC":
            result[index] = replace(span, entity_type=entry_type,
                                    link=Link(following.link.key, settings.linking.acronym_score,
                                              "acronym"), method="acronym")
    return result


def _link_by_coreference(text: str, spans: list[_Span], settings: EntityTypes) -> list[_Span]:
    """An unlinked person name whose words are all in a linked person's name takes that link."""
    linked = [(set(fold(text[s.start:s.end]).split()), s.link) for s in spans
              if s.entity_type == "PER" and s.link is not None]
    if not linked:
        return spans
    result = []
    for span in spans:
        if span.entity_type == "PER" and span.link is None:
            words = set(fold(text[span.start:span.end]).split())
            owners = {link.key: link for names, link in linked if words and words <= names}
            if len(owners) == 1:
                key = next(iter(owners))
                span = replace(span, link=Link(key, settings.linking.coreference_score,
                                               "coreference"), method="coreference")
        result.append(span)
    return result


def _to_mention(text: str, span: _Span, settings: EntityTypes) -> FoundMention:
    latitude = longitude = None
    country = None
    key = span.link.key if span.link else None
    if key is None and settings.types.get(span.entity_type, None) and \
            settings.types[span.entity_type].geocoded:
        place = geocode(text[span.start:span.end])
        if place is not None:
            latitude, longitude, country = place.latitude, place.longitude, place.country
    return FoundMention(
        start=span.start, end=span.end, text=text[span.start:span.end],
        label=settings.label_of(span.entity_type), entity_type=span.entity_type,
        gazetteer_key=key, link_score=span.link.score if span.link else None,
        method=span.method, latitude=latitude, longitude=longitude, country=country,
    )


def compute_entities(document: DocumentInput) -> list[FoundMention]:
    """Stage compute: pure and picklable; models and indexes load once per worker process."""
    return find_entities(document.text, document.language)
