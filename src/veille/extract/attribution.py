"""Who asserts a claim: the chain speaker -> organisation -> outlet -> this document's source.

Cues are data (`lang/<code>/attribution.yaml`): prefixes ("according to", "selon", "по данным"),
postpositions ("에 따르면"), verbs of saying ("said", "a déclaré"), of reporting ("Reuters
reported") and of finding ("CAR examined"). The names next to a cue come from the entity
mentions; where the entity stage found none, a run of capitalised words stands in, so that a
source is never dropped for want of a gazetteer entry. Vague sources ("six sources",
"plusieurs sources concordantes") are kept as `anonymous` links: such a claim counts as
unattributed, but the words survive for the corroboration stage to compare.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import regex

from veille.datafiles import read_yaml
from veille.extract.cues import CueMatch, compile_entries, cue_set
from veille.lang import load_lexicon
from veille.ontology import load_gazetteer

ROLES = ("speaker", "organisation", "outlet", "anonymous", "unattributed", "document_source")
SOURCE_LABELS = frozenset({"PER", "ORG", "LOC", "FAC", "MISC"})
ONTOLOGY = Path(__file__).resolve().parents[1] / "ontology"
_MAX_GAP = 45  # characters allowed between a cue and the name it introduces
_STOP = re.compile(r"[.;:!?\"“”«»]")
# A run of capitalised words, with the small words that join names ("Center for ...").
_CAPITALISED = regex.compile(
    r"\p{Lu}[\w’'.\-]*(?:\s+(?:(?:of|for|the|de|du|des|d['’]|la|le|der|für|di|del)\s+)?"
    r"\p{Lu}[\w’'.\-]*)*"
)


@dataclass(frozen=True)
class Name:
    """A named thing in the text that can be a source (from an entity mention)."""

    start: int
    end: int
    text: str
    label: str
    entity_id: str | None = None


@dataclass(frozen=True)
class Link:
    name: str
    role: str
    cue: str | None = None
    entity_id: str | None = None
    inherited: bool = False

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"name": self.name, "entity_id": self.entity_id,
                                "role": self.role, "cue": self.cue}
        if self.inherited:
            data["inherited"] = True
        return data


@dataclass(frozen=True)
class Attribution:
    """The links found for one cue, speaker first, and where the cue sits."""

    links: tuple[Link, ...]
    start: int
    end: int

    @property
    def named(self) -> bool:
        return any(link.role in ("speaker", "organisation", "outlet") for link in self.links)

    def inherit(self) -> Attribution:
        return Attribution(tuple(Link(link.name, link.role, link.cue, link.entity_id, True)
                                 for link in self.links), self.start, self.end)


def chain(attribution: Attribution | None, document_source: str | None) -> list[dict[str, Any]]:
    """The JSON chain stored on a claim: links, then the document's own outlet.

    With no cue at all the chain opens with an `unattributed` link.
    """
    links = list(attribution.links) if attribution else []
    if not links:
        links.append(Link("unattributed", "unattributed"))
    if document_source:
        links.append(Link(document_source, "document_source"))
    return [link.to_json() for link in links]


def is_unattributed(chain_json: Sequence[dict[str, Any]]) -> bool:
    """True when no named speaker, organisation or outlet stands behind the claim."""
    return not any(link.get("role") in ("speaker", "organisation", "outlet")
                   for link in chain_json)


def _names_listed(file_name: str) -> frozenset[str]:
    """Comparison keys of the names an ontology list holds: its `names`, and the names and
    aliases of the gazetteer entries it lists under `gazetteer`."""
    data = read_yaml((ONTOLOGY / file_name).read_text(encoding="utf-8")) or {}
    names = {name_key(str(name)) for name in data.get("names") or ()}
    gazetteer = load_gazetteer()
    for key in data.get("gazetteer") or ():
        entry = gazetteer.get(key)
        if entry is not None:
            names.add(name_key(entry.name))
            names.update(name_key(alias.text) for alias in entry.aliases)
    names.discard("")
    return frozenset(names)


@lru_cache(maxsize=1)
def _outlet_names() -> frozenset[str]:
    return _names_listed("outlets.yaml")


@lru_cache(maxsize=1)
def _observer_names() -> frozenset[str]:
    return _names_listed("observers.yaml") | _outlet_names()


def name_key(name: str) -> str:
    """How two spellings of one source name compare: case, spaces and articles ignored."""
    name = re.sub(r"\s+", " ", name.strip().lower().replace("’", "'"))
    return re.sub(r"^(?:the|l'|le|la|les|der|die|das|el|il|lo|agence|agency) ", "", name)


def is_outlet(name: str) -> bool:
    return name_key(name) in _outlet_names()


def is_observer(name: str) -> bool:
    """An outlet, research centre, monitor or intelligence service (`observers.yaml`)."""
    return name_key(name) in _observer_names()


class _Sentence:
    """Cue search inside one sentence, with the names it contains."""

    def __init__(self, text: str, start: int, end: int, language: str, names: Sequence[Name]):
        self.text, self.start, self.end, self.language = text, start, end, language
        self.names = [name for name in names if name.start >= start and name.end <= end
                      and name.label in SOURCE_LABELS]
        lexicon = load_lexicon(language, "attribution")
        self.anonymous = compile_entries(lexicon.get("anonymous") or ())
        self.outlet_nouns = compile_entries(lexicon.get("outlet_nouns") or ())
        self.outlet_markers = compile_entries(lexicon.get("outlet_markers") or ())
        self.affiliation = compile_entries(lexicon.get("affiliation_markers") or ())
        self.pronouns = {str(word).lower() for word in lexicon.get("pronouns") or ()}
        self.anonymous_words = tuple(str(word) for word in lexicon.get("anonymous") or ())
        self.subject_markers = tuple(str(m) for m in lexicon.get("subject_markers") or ())
        place_words = {str(word).lower() for word in lexicon.get("place_prepositions") or ()}
        self.names = [name for name in self.names if not self._place_aside(name, place_words)]

    def _place_aside(self, name: Name, place_words: set[str]) -> bool:
        """A place said in passing ("CNS in Monterey, California, said"; "à Monterey en
        Californie") is where a source sits, never the source itself."""
        if name.label != "LOC":
            return False
        before = self.text[max(self.start, name.start - 20):name.start]
        words = before.lower().split()
        if words and words[-1].strip("(") in place_words:
            return True
        return before.rstrip().endswith(",") and any(
            other.label == "LOC" and 0 <= name.start - other.end <= 3 for other in self.names)

    # names around a position -------------------------------------------------------------
    def name_after(self, position: int, gap: int = _MAX_GAP) -> Name | None:
        for name in self.names:
            if position <= name.start <= position + gap and not _STOP.search(
                self.text, position, name.start
            ) and "," not in self.text[position:name.start]:
                return name
        return self._fallback_after(position)

    def name_before(self, position: int, gap: int = 60, fallback: bool = True,
                    subject_first: bool = False) -> Name | None:
        if subject_first and self.subject_markers:
            subject = self.marked_subject(position)
            if subject is not None:
                return subject
        candidates = [name for name in self.names
                      if position - gap <= name.end <= position
                      and not _STOP.search(self.text, name.end, position)]
        if candidates:
            return max(candidates, key=lambda name: name.end)
        return self._fallback_before(position) if fallback else None

    def marked_subject(self, position: int) -> Name | None:
        """In a verb-final language the speaker is the clause's marked subject, far from the
        verb: "SI애널리틱스는 ... 공개했다", or a pronoun phrase ("이 회사는 ... 밝혔다")."""
        for name in self.names:
            if name.end > position or name.label not in ("PER", "ORG", "MISC"):
                continue
            after = name.end
            following = self.text[after:position].split(maxsplit=1)[:1]
            if following and self.text[after:after + 1].isspace() and \
                    following[0].startswith(tuple(self.anonymous_words)):
                # "SI애널리틱스 관계자는": an official of the company speaks for it
                if following[0].endswith(self.subject_markers):
                    return name
            elif self.text.startswith(self.subject_markers, after):
                return name
        head = self.text[self.start:position]
        for pronoun in sorted(self.pronouns, key=len, reverse=True):
            at = head.find(pronoun)
            if at >= 0 and (at == 0 or head[at - 1].isspace()):
                start = self.start + at
                return Name(start, start + len(pronoun), pronoun, "MISC")
        return None

    def _fallback_after(self, position: int) -> Name | None:
        rest = self.text[position:self.end]
        stripped = rest.lstrip(" \t,")
        offset = position + len(rest) - len(stripped)
        stripped = re.sub(r"^(?:the|le|la|les|l['’]|der|die|das|el|los|il|lo)\s+", "", stripped,
                          flags=re.IGNORECASE)
        offset = self.end - len(stripped)
        match = _CAPITALISED.match(stripped)
        if match and match.group()[:1].isupper():
            return Name(offset, offset + match.end(), match.group().rstrip(".,"), "MISC")
        return None

    def _fallback_before(self, position: int) -> Name | None:
        """Capitalised words right before a verb ("Kim said"), never the sentence's first word
        alone, which is capitalised whatever it is."""
        head = self.text[self.start:position].rstrip()
        words = head.split()
        taken: list[str] = []
        for word in reversed(words[-6:]):
            if _CAPITALISED.fullmatch(word.rstrip(",")) or _uncased(word) and not taken:
                taken.insert(0, word)
            else:
                break
        if not taken or len(taken) == len(words) == 1 and not _uncased(taken[0]):
            return None
        phrase = " ".join(taken).rstrip(",")
        end = self.start + len(head)
        return Name(end - len(phrase), end, phrase, "MISC")

    # links --------------------------------------------------------------------------------
    def anonymous_before(self, position: int) -> str | None:
        window_start = max(self.start, position - 45)
        window = self.text[window_start:position]
        for stop in (",", ";", ":", "«", "»", "\"", "“", "”"):
            window = window.rsplit(stop, 1)[-1]
        if self.anonymous and self.anonymous.search(window):
            return window.strip()
        return None

    def anonymous_after(self, position: int) -> str | None:
        window = re.split(r"[,.;:]", self.text[position:min(self.end, position + 60)], 1)[0]
        if self.anonymous and self.anonymous.search(window):
            return window.strip()
        return None

    def role_of(self, name: Name, reporting: bool = False) -> str:
        if is_outlet(name.text):
            return "outlet"
        if name.label == "PER":
            return "speaker"
        before = self.text[max(self.start, name.start - 25):name.start]
        if self.outlet_nouns and self.outlet_nouns.search(before + " " + name.text):
            return "outlet"
        if reporting:
            return "outlet"
        return "organisation" if name.label != "MISC" else "speaker"

    def affiliation_of(self, speaker: Name) -> Name | None:
        for name in self.names:
            if name is speaker or name.label == "PER":
                continue
            if speaker.end <= name.start <= speaker.end + 60:
                gap = self.text[speaker.end:name.start]
                if self.affiliation and self.affiliation.search(gap) and not _STOP.search(gap):
                    return name
            if speaker.start - 25 <= name.end <= speaker.start:
                gap = self.text[name.end:speaker.start]
                if not re.search(r"[,.;:]", gap):
                    return name
        return None

    def speaker_of(self, organisation: Name) -> Name | None:
        """The person an organisation is attached to: "Sam Lair, a researcher at CNS, said"."""
        for name in reversed(self.names):
            if (name.label == "PER" and organisation.start - 60 <= name.end <= organisation.start
                    and self.affiliation_of(name) == organisation):
                return name
        return None

    def outlet_after(self, position: int) -> Name | None:
        window_end = min(self.end, position + 40)
        if self.outlet_markers:
            for marker in self.outlet_markers.finditer(self.text, position - 12, window_end):
                name = self.name_after(marker.end(), gap=20)
                if name is not None and (is_outlet(name.text) or self.role_of(name) == "outlet"):
                    return name
        name = self.name_after(position, gap=3)
        if name is not None and is_outlet(name.text):
            return name
        return None

    def links_for(self, source: Name, cue: str, reporting: bool = False) -> list[Link]:
        role = self.role_of(source, reporting)
        links = [Link(source.text, role, cue, source.entity_id)]
        if role == "speaker":
            organisation = self.affiliation_of(source)
            if organisation is not None:
                links.append(Link(organisation.text, self.role_of(organisation), cue,
                                  organisation.entity_id))
        return links


def _uncased(word: str) -> bool:
    """Scripts without capitals (Hangul, Han, kana): any word may be a name."""
    return bool(word) and word[0].isalpha() and word[0].lower() == word[0].upper()


def find_attributions(text: str, start: int, end: int, language: str | None,
                      names: Sequence[Name]) -> list[Attribution]:
    """Attributions in text[start:end], in text order; a cue with no source gives none."""
    language = language or ""
    sentence = _Sentence(text, start, end, language, names)
    cues = cue_set(language, "attribution", "source_after", "source_before", "speech_verbs",
                   "report_verbs", "finding_verbs").find(text, start, end)
    found: list[Attribution] = []
    for cue in cues:
        links = _links_for_cue(sentence, cue)
        if links:
            found.append(Attribution(tuple(_dedupe(links)), cue.start, cue.end))
    return found


def _links_for_cue(sentence: _Sentence, cue: CueMatch) -> list[Link]:
    word = cue.text.strip()
    if cue.label == "source_after":
        anonymous = sentence.anonymous_after(cue.end)
        source = sentence.name_after(cue.end)
        if source is None or (anonymous and source.start > cue.end + len(anonymous)):
            return [Link(anonymous, "anonymous", word)] if anonymous else []
        return sentence.links_for(source, word)
    if cue.label == "source_before":
        source = sentence.name_before(cue.start, gap=3)
        anonymous = sentence.anonymous_before(cue.start)
        if source is None:
            return [Link(anonymous, "anonymous", word)] if anonymous else []
        return sentence.links_for(source, word)
    reporting = cue.label == "report_verbs"
    source = sentence.name_before(cue.start, fallback=cue.label != "finding_verbs",
                                  subject_first=True)
    anonymous = sentence.anonymous_before(cue.start)
    if source is not None and anonymous and source.end < cue.start - len(anonymous):
        source = None  # "X's analysts said": the nearer anonymous words are the subject
    if source is None and not anonymous:
        inverted = sentence.name_after(cue.end, gap=12)
        if inverted is not None and sentence.role_of(inverted) != "outlet" or (
            inverted is not None and reporting
        ):
            source = inverted
    if source is not None and source.label != "PER":
        source = sentence.speaker_of(source) or source
    links: list[Link] = []
    if source is not None and source.entity_id is None and source.text.lower() in sentence.pronouns:
        links = [Link(source.text, "pronoun", word)]  # resolved to the last speaker named
    elif source is not None:
        links = sentence.links_for(source, word, reporting)
    elif anonymous:
        links = [Link(anonymous, "anonymous", word)]
    elif cue.label == "finding_verbs":
        return []
    if cue.label == "speech_verbs":
        outlet = sentence.outlet_after(cue.end)
        if outlet is not None and all(link.name != outlet.text for link in links):
            links.append(Link(outlet.text, "outlet", word, outlet.entity_id))
    return links


def _dedupe(links: list[Link]) -> list[Link]:
    seen: set[str] = set()
    kept = []
    for link in links:
        if link.name.lower() not in seen:
            seen.add(link.name.lower())
            kept.append(link)
    return kept
