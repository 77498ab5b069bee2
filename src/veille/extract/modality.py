"""How a claim is put: asserted, reported, estimated, hedged, capacity, planned, denied, question.

Modality is decided per value, not per sentence: in "10,000 containers that could hold up to
5 million shells" the count of containers is a fact and the shells a capacity. The scope of a
value is its clause: from the previous value (or the sentence start) up to the value, plus
what follows it up to the next clause break. Hedges carry an ICD 203 estimative level.
Cues are data, in `lang/<code>/modality.yaml`.
"""

from __future__ import annotations

from dataclasses import dataclass

from veille.extract.cues import CueMatch, cue_set, lexicon_patterns
from veille.lang import load_lexicon

ICD203_LEVELS = (
    "almost no chance",
    "very unlikely",
    "unlikely",
    "roughly even chance",
    "likely",
    "very likely",
    "almost certain",
)
MODALITIES = ("asserted", "reported", "estimated", "hedged", "capacity", "planned", "denied",
              "question")
# When several cues reach one value, the strongest reading wins, in this order.
_PRECEDENCE = ("denied", "question", "capacity", "planned", "hedged", "estimated")


@dataclass(frozen=True)
class Modality:
    kind: str
    level: str | None = None
    cue: str | None = None
    span: tuple[int, int] | None = None  # where the cue sits, so a flag can point at it


def clause_end(text: str, anchor_end: int, limit: int, language: str) -> int:
    """Where the clause of a value ends: the next punctuation or clause-opening word."""
    breaks = cue_set(language, "modality", "clause_breaks").find(text, anchor_end, limit)
    end = breaks[0].start if breaks else limit
    for position in range(anchor_end, end):
        if text[position] in ",;:()–—":
            return position
    return end


def modality_in(text: str, start: int, end: int, language: str, *, attributed: bool,
                question: bool = False, bound: str | None = None,
                anchor: tuple[int, int] | None = None, negatable: bool = True) -> Modality:
    """The modality of a value whose scope is text[start:end]. `anchor` is the span of the
    value (or of the word that states the relation): a denial counts only in its clause, and
    so does a negated verb, unless the value is not `negatable` (the kind of a weapon named
    in "Iran has not delivered the short-range missiles" is still its kind)."""
    language = language or ""
    cues = cue_set(language, "modality", "denied", "capacity", "planned", "estimated",
                   "alleged", "hedges").find(text, start, end)
    cues.extend(_alleged_by_pattern(text, start, end, language))
    if anchor is not None:
        cues = [cue for cue in cues
                if cue.label != "denied" or same_clause(text, cue, anchor, language)]
        if negatable:
            cues.extend(negations_in_clause(text, start, end, language, anchor))
    best = _strongest(cues)
    if best is None:
        if question:
            return Modality("question")
        return Modality("reported" if attributed else "asserted")
    kind, level = _kind_of(best.label)
    span = (best.start, best.end)
    if question and kind != "denied":
        return Modality("question", level, best.text, span)
    if kind == "hedged" and level == "roughly even chance" and bound == "<=":
        # "could ... up to": a ceiling, not a fact
        return Modality("capacity", None, best.text, span)
    return Modality(kind, level, best.text, span)


def same_clause(text: str, cue: CueMatch, anchor: tuple[int, int], language: str) -> bool:
    """No punctuation or clause-opening word between the cue and the anchor: in "Pyongyang
    and Moscow deny any arms deal, but signed a treaty in June 2024" the denial is not the
    date's. The clause a cue opens itself counts as its own ("denied that Iran had
    delivered 200 missiles")."""
    low, high = (cue.end, anchor[0]) if cue.end <= anchor[0] else (anchor[1], cue.start)
    if low >= high:
        return True
    if any(mark in text[low:high] for mark in ",;:()–—"):
        return False
    breaks = cue_set(language, "modality", "clause_breaks").find(text, low, high)
    return all(low == cue.end and not text[low:found.start].strip() for found in breaks)


def negations_in_clause(text: str, start: int, end: int, language: str,
                        anchor: tuple[int, int]) -> list[CueMatch]:
    """Negative words in the anchor's clause, as denials: "Russia does not produce 100
    missiles a month" states the figure as not so. Phrases of `not_negations` ("no fewer
    than", "could not be verified") are not negations."""
    found = cue_set(language, "modality", "negations").find(text, start, end)
    found.extend(CueMatch(match.start(), match.end(), "negation", match.group())
                 for pattern in lexicon_patterns(language, "modality", "negation_patterns")
                 for match in pattern.finditer(text, start, end))
    if not found:
        return []
    others = cue_set(language, "modality", "not_negations").find(text, start, end)
    return [CueMatch(cue.start, cue.end, "denied", cue.text) for cue in found
            if not any(other.start < cue.end and cue.start < other.end for other in others)
            and same_clause(text, cue, anchor, language)]


def _kind_of(label: str) -> tuple[str, str | None]:
    if label in ICD203_LEVELS:
        return "hedged", label
    if label == "alleged":
        return "hedged", None
    return label, None


def _rank(label: str) -> int:
    kind, _ = _kind_of(label)
    return _PRECEDENCE.index(kind) if kind in _PRECEDENCE else len(_PRECEDENCE)


def _strongest(cues: list[CueMatch]) -> CueMatch | None:
    if not cues:
        return None
    return min(cues, key=lambda cue: (_rank(cue.label), cue.label == "alleged", -cue.end))


def _alleged_by_pattern(text: str, start: int, end: int, language: str) -> list[CueMatch]:
    """Verb forms that distance the writer (French conditional, German Konjunktiv I)."""
    exceptions = {str(word).lower()
                  for word in load_lexicon(language, "modality").get("alleged_exceptions") or ()}
    found = []
    for pattern in lexicon_patterns(language, "modality", "alleged_patterns"):
        for match in pattern.finditer(text, start, end):
            if match.group().lower() not in exceptions:
                found.append(CueMatch(match.start(), match.end(), "alleged", match.group()))
    return found
