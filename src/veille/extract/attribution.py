"""Who asserts a claim: the chain speaker -> organisation -> outlet -> this document's source.

Cues are data (`lang/<code>/attribution.yaml`): prefixes ("according to", "selon", "по данным"),
postpositions ("에 따르면"), verbs of saying ("said", "a déclaré"), of reporting ("Reuters
reported") and of finding ("CAR examined"). The names next to a cue come from the entity
mentions; where the entity stage found none, a run of capitalised words stands in, so that a
source is never dropped for want of a gazetteer entry. Vague sources ("six sources",
"plusieurs sources concordantes") are kept as `anonymous` links: such a claim counts as
unattributed, but the words survive for the corroboration stage to compare.

Which name a cue attaches to follows the grammar, not the distance: a cue never sits inside a
name ("The United States", "Alleged Missile Transfers"); the source of a prefix cue is the noun
phrase it governs ("laut offiziellen Angaben hat der Iran": the vague "offiziellen Angaben");
the source of a verb is its subject, right before it or, inverted, right after it ("...,
said the London-based Rusi think tank"). A place says things only as the bare subject of a
verb of saying ("Germany announced"): it never finds, reports, or stands for a source it
merely qualifies ("a military official in Tehran", "US-Angaben").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import regex

from veille.datafiles import read_yaml
from veille.extract.cues import CueMatch, compile_entries, cue_set
from veille.extract.quotations import inside_quotation
from veille.lang import load_lexicon
from veille.ontology import load_gazetteer

ROLES = ("speaker", "organisation", "outlet", "anonymous", "unattributed", "document_source")
GENERIC_SOURCE_KIND = "sources"  # vague sources of no stated kind: a more specific kind wins
SOURCE_LABELS = frozenset({"PER", "ORG", "LOC", "FAC", "MISC"})
ONTOLOGY = Path(__file__).resolve().parents[1] / "ontology"
_MAX_GAP = 45  # characters allowed between a cue and the name it introduces
_MAX_PHRASE = 80  # characters a prefix cue may govern
_DASH = r"(?<!\S)[-–—](?!\S)|[–—]"
_STOP = regex.compile(r"[.;:!?\"“”«»]|" + _DASH)
# What ends a clause inside a sentence, and so the words a cue can reach.
_CLAUSE_STOP = regex.compile(r"[,;:!?\"“”«»„]|" + _DASH)
_WORD = regex.compile(r"\S+")
_SPACES = regex.compile(r"\s*")
# A crawler's date stamp left in the text ("date 2024-09 Les médias ukrainiens affirment").
_DATE_STAMP = regex.compile(r"\d{4}-\d{2}(?:-\d{2})?")
_ARTICLES = frozenset({"the", "le", "la", "les", "l'", "l’", "der", "die", "das", "dem", "den",
                       "el", "los", "il", "lo"})
# What may stand between an inverted verb and its subject: an article, a quotation mark and
# modifiers glued by a hyphen ("said the London-based Rusi think tank", "berichtete das "WSJ"").
_LEAD_IN = regex.compile(
    r"\s*(?i:(?:" + "|".join(sorted(a for a in _ARTICLES if a[-1].isalpha())) + r")\s+|l['’])?"
    r"[\"'“„«‘]?\s*(?:[\w.]+-\p{Ll}[\w-]*\s+)*"
)
# A website's name is an outlet ("Caliber.Az", "Цензор.НЕТ").
_WEB_DOMAIN = r"\.(?i:az|com|net|org|info|ru|ua|by|kz|ge|am|нет|ру|укр|рф)(?![\w.])"
_WEB_SUFFIX = regex.compile(_WEB_DOMAIN)
_WEB_NAME = regex.compile(r"\w" + _WEB_DOMAIN + "$")
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
class Phrase:
    """The words of a vague source ("several Iranian officials"), where they sit."""

    start: int
    end: int
    text: str


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


def vague_source_kind(phrases: Iterable[str], language: str) -> str | None:
    """The kind of vague source these words name ("media", "officials", "intelligence",
    "sources": `source_kinds` in `lang/<code>/attribution.yaml`), which compares across
    languages where the words do not; the generic "sources" yields to a specific kind
    ("government sources" are officials); None when the words name no kind, or mix two
    ("media reports citing officials")."""
    kinds = cue_set(language, "attribution", "source_kinds")
    found = {cue.label for phrase in phrases for cue in kinds.find_all(phrase)}
    specific = found - {GENERIC_SOURCE_KIND}
    if len(specific) > 1:
        return None
    return next(iter(specific), GENERIC_SOURCE_KIND if found else None)


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
        inside = [name for name in names if name.start >= start and name.end <= end]
        # every mention, weapons included: no cue and no stand-in name reaches inside one
        self.mentions = [(name.start, name.end) for name in inside]
        lexicon = load_lexicon(language, "attribution")
        self.topic_markers = tuple(str(m) for m in lexicon.get("topic_markers") or ())
        self.subject_markers = tuple(str(m) for m in lexicon.get("subject_markers") or ())
        vague_words = [str(word) for word in lexicon.get("anonymous") or ()]
        if self.topic_markers or self.subject_markers:  # particles follow: "관계자는"
            vague_words = [word.rstrip("*") + "*" for word in vague_words]
        self.anonymous = compile_entries(vague_words)
        self.outlet_nouns = compile_entries(lexicon.get("outlet_nouns") or ())
        self.outlet_markers = compile_entries(lexicon.get("outlet_markers") or ())
        self.affiliation = compile_entries(lexicon.get("affiliation_markers") or ())
        self.pronouns = {str(word).lower() for word in lexicon.get("pronouns") or ()}
        self.anonymous_words = tuple(word.strip("~*") for word in vague_words)
        self.breaks = {plain_word(str(word)) for word in lexicon.get("phrase_breaks") or ()}
        self.openers = {plain_word(str(word)) for word in lexicon.get("clause_openers") or ()}
        self.capitalised_nouns = bool(lexicon.get("capitalised_nouns"))
        self.verb_before_subject = bool(lexicon.get("verb_before_subject"))
        self.inverted_after_words = int(lexicon.get("inverted_after_words") or 0)
        self.agent_markers = compile_entries(lexicon.get("agent_markers") or ())
        self.auxiliaries = {plain_word(str(word)) for word in lexicon.get("passive_auxiliaries") or ()}
        self.place_words = {str(word).lower() for word in lexicon.get("place_prepositions") or ()}
        self.names = _with_web_names(text, [name for name in inside
                                            if name.label in SOURCE_LABELS])
        self.names = [name for name in self.names if not self._place_aside(name)
                      and not self._modifier(name)]

    def _place_aside(self, name: Name) -> bool:
        """A place said in passing ("CNS in Monterey, California, said"; "à Monterey en
        Californie"; "in the Kursk region") is where a source sits, never the source itself."""
        if name.label != "LOC":
            return False
        before = self.text[max(self.start, name.start - 25):name.start]
        words = [word.strip("(") for word in before.lower().split()]
        if words and words[-1] in _ARTICLES:
            words.pop()
        if words and words[-1] in self.place_words:
            return True
        return before.rstrip().endswith(",") and any(
            other.label == "LOC" and 0 <= name.start - other.end <= 3 for other in self.names)

    def _modifier(self, name: Name) -> bool:
        """A name glued by a hyphen to the next word only qualifies it: "London-based",
        "US-Angaben", "EU-Diplomaten"."""
        return self.text[name.end:name.end + 1] == "-" and \
            self.text[name.end + 1:name.end + 2].isalpha()

    def inside_name(self, cue: CueMatch) -> bool:
        """A cue word that is part of a name: "The United States", "Alleged Missile Transfers"
        (a capitalised cue in a run of capitalised words, past the sentence's first word)."""
        if any(start < cue.end and cue.start < end for start, end in self.mentions):
            return True
        if not cue.text[:1].isupper() or not regex.search(r"\w", self.text[self.start:cue.start]):
            return False
        before = regex.search(r"(\S+)[ \t]+$", self.text[self.start:cue.start])
        after = regex.match(r"[ \t]+(\S+)", self.text[cue.end:self.end])
        return bool(before and before.group(1)[-1:].isalnum() and _capitalised(before.group(1))
                    or after and _capitalised(after.group(1)))

    # names around a position -------------------------------------------------------------
    def name_after(self, position: int, gap: int = _MAX_GAP) -> Name | None:
        for name in self.names:
            if position <= name.start <= position + gap and not _STOP.search(
                self.text, position, name.start
            ) and "," not in self.text[position:name.start]:
                return name
        return self._fallback_after(position)

    def name_before(self, position: int, gap: int = 60, fallback: bool = True,
                    subject_first: bool = False, places: str = "any",
                    reporting: bool = False) -> Name | None:
        """The nearest name before a cue. `places`: "any", "adjacent" (a place only as the
        bare subject, "Germany have announced") or "never" (nobody reports from a map)."""
        if subject_first and (self.topic_markers or self.subject_markers):
            subject = self.marked_subject(position, reporting)
            if subject is not None:
                return subject
        candidates = [name for name in self.names
                      if position - gap <= name.end <= position
                      and not _STOP.search(self.text, name.end, position)
                      and (name.label != "LOC" or places == "any"
                           or places == "adjacent" and self._adjacent(name.end, position))]
        if candidates:
            return max(candidates, key=lambda name: name.end)
        return self._fallback_before(position, verb=subject_first) if fallback else None

    def _adjacent(self, end: int, position: int) -> bool:
        """A place right before the verb is its subject ("Germany have announced"), and so is
        a place that owns it ("Kyiv’s military administration stated")."""
        gap = self.text[end:position]
        if "," in gap:
            return False
        return all(plain_word(word) in self.breaks for word in gap.split()) or bool(
            regex.match(r"['’]s?\s+(?:\S+\s+){1,4}$", gap))

    def marked_subject(self, position: int, reporting: bool = False) -> Name | None:
        """In a verb-final language the speaker is the clause's marked subject, far from the
        verb: "SI애널리틱스는 ... 공개했다", or a pronoun phrase ("이 회사는 ... 밝혔다").

        A topic (은/는) outranks a subject (이/가), which often belongs to the reported clause;
        a name inside quotation marks is what is said; the subject of a report is an outlet.
        """
        for markers in (self.topic_markers, self.subject_markers):
            for name in self.names:
                if name.end > position or name.label not in ("PER", "ORG", "MISC") \
                        or self._quoted(name, position):
                    continue
                if self._marked(name, markers) and (
                        not reporting or self._outlet_like(name, position, markers)):
                    return name
        if reporting:
            return None
        head = self.text[self.start:position]
        for pronoun in sorted(self.pronouns, key=len, reverse=True):
            at = head.find(pronoun)
            if at >= 0 and (at == 0 or head[at - 1].isspace()):
                start = self.start + at
                return Name(start, start + len(pronoun), pronoun, "MISC")
        return None

    def _after_name(self, name: Name) -> int:
        """Where the words after a name begin, past a bracketed short form: "파이낸셜타임스(FT)가"."""
        bracket = regex.match(r"\([^()]{1,20}\)", self.text[name.end:self.end])
        return name.end + (bracket.end() if bracket else 0)

    def _marked(self, name: Name, markers: tuple[str, ...]) -> bool:
        if not markers:
            return False
        after = self._after_name(name)
        if self.text[after:after + 1].isspace():
            # "SI애널리틱스 관계자는", "신원식 국방부 장관은": its official, or its title
            for word in self.text[after:self.end].split(maxsplit=2)[:2]:
                if word.startswith(self.anonymous_words):
                    return word.endswith(markers)
            return False
        return self.text.startswith(markers, after)

    def _outlet_like(self, name: Name, position: int, markers: tuple[str, ...]) -> bool:
        """A known outlet, or an organisation whose particle stands right before the verb of
        reporting ("...고 영국 파이낸셜타임스가 보도했다")."""
        if self.role_of(name) == "outlet":
            return True
        rest = self.text[self._after_name(name):position].strip()
        return name.label == "ORG" and rest in markers

    def _quoted(self, name: Name, position: int) -> bool:
        return inside_quotation(self.text, name.start, name.end, self.start, position)

    def _fallback_after(self, position: int, end: int | None = None) -> Name | None:
        """Capitalised words right after a cue, past an article ("selon le Pentagone")."""
        end = self.end if end is None else end
        offset = _LEAD_IN.match(self.text, position, end).end()
        match = _CAPITALISED.match(self.text, offset, end)
        if not match or not match.group()[:1].isupper():
            return None
        phrase = match.group().rstrip(".,")
        return self._stand_in(offset, offset + len(phrase), len(phrase.split()))

    def _fallback_before(self, position: int, verb: bool = False) -> Name | None:
        """Capitalised words right before a verb ("Kim said"), never the sentence's first word
        alone, which is capitalised whatever it is, nor a word before a comma ("..., le
        Zolfaghar, ont déclaré les sources": the subject comes after the verb). In a script
        without capitals the word before the verb stands in when it carries a subject particle."""
        head = self.text[self.start:position].rstrip()
        if head.endswith(","):
            return None
        words = head.split()
        taken: list[str] = []
        for word in reversed(words[-6:]):
            if _CAPITALISED.fullmatch(word) or _uncased(word) and not taken:
                taken.insert(0, word)
            else:
                break
        if not taken or len(taken) == len(words) == 1 and not _uncased(taken[0]):
            return None
        end = self.start + len(head)
        markers = self.topic_markers + self.subject_markers
        if verb and markers and _uncased(taken[-1]):
            if not taken[-1].endswith(markers) or len(taken[-1]) < 2:
                return None
            marker = next(m for m in markers if taken[-1].endswith(m))
            end -= len(marker)
            taken[-1] = taken[-1][:-len(marker)]
        phrase = " ".join(taken)
        return self._stand_in(end - len(phrase), end, len(taken))

    def _stand_in(self, start: int, end: int, words: int) -> Name | None:
        """Capitalised words standing in for a missing entity mention, unless a mention already
        covers them (a weapon, "Tehran’s"), they are vague words ("Experten", "Informationen"),
        or a lone noun in a language that capitalises every noun ("Trümmer", "Staatsfernsehen")."""
        text = self.text[start:end]
        if all(any(s < word.end() and word.start() < e for s, e in self.mentions)
               for word in _WORD.finditer(self.text, start, end)):
            return None
        if self.anonymous and self.anonymous.search(text):
            return None
        if self.capitalised_nouns and words < 2 and not _uncased(text):
            return None
        return Name(start, end, text, "MISC")

    # vague sources --------------------------------------------------------------------------
    def anonymous_before(self, position: int) -> Phrase | None:
        """Vague words before a verb or a postposition, trimmed to their noun phrase: "Several
        other Iranian officials [have also] confirmed", "[and] analysts [have] said", "[date
        2024-09] Les médias ukrainiens affirment"."""
        if not self.anonymous:
            return None
        window_start = max(self.start, position - 60)
        stops = list(_CLAUSE_STOP.finditer(self.text, window_start, position))
        if stops:
            window_start = stops[-1].end()
        words = list(_WORD.finditer(self.text, window_start, position))
        if words and not stops and window_start > self.start and \
                self.text[window_start - 1].isalnum():
            words = words[1:]  # the window cut a word
        if not words:
            return None
        vague = None
        for vague in self.anonymous.finditer(self.text, words[0].start(), words[-1].end()):
            pass
        if vague is None:
            return None
        first = next(i for i, word in enumerate(words) if word.end() > vague.start())
        last = next(i for i, word in enumerate(words) if word.end() >= vague.end())
        end = next((i for i in range(last + 1, len(words))
                    if plain_word(words[i].group()) in self.breaks), len(words))
        start = next((i + 1 for i in range(first - 1, -1, -1)
                      if plain_word(words[i].group()) in self.breaks | self.openers
                      or _DATE_STAMP.fullmatch(words[i].group())), 0)
        markers = self.topic_markers + self.subject_markers
        if markers:  # verb-final: the vague word alone, not the clause before it, nor its particle
            start, end = first, last + 1
            tail = words[last].group()
            cut = next((len(m) for m in markers if tail.endswith(m) and len(tail) > len(m)), 0)
            return self._phrase(words[start].start(), words[last].end() - cut)
        return self._phrase(words[start].start(), words[end - 1].end())

    def _phrase(self, start: int, end: int) -> Phrase:
        text = self.text[start:end].rstrip(".,;:!?")
        return Phrase(start, start + len(text), text)

    def governed(self, position: int) -> Phrase:
        """The words a prefix cue governs: up to a clause mark or a word that cannot be part
        of a noun phrase ("laut [offiziellen Angaben] hat der Iran", "according to [a
        Ukrainian intelligence assessment] obtained by CNN")."""
        limit = min(self.end, position + _MAX_PHRASE)
        stop = _CLAUSE_STOP.search(self.text, position, limit)
        end = stop.start() if stop else limit
        words = []
        for word in _WORD.finditer(self.text, position, end):
            if plain_word(word.group()) in self.breaks:
                break
            words.append(word)
        if words and words[-1].end() == limit < self.end and self.text[limit].isalnum():
            words.pop()  # the limit cut a word
        if not words:
            return Phrase(position, position, "")
        return self._phrase(words[0].start(), words[-1].end())

    def governed_source(self, position: int) -> Name | Phrase | None:
        """The source a prefix cue introduces: the name the phrase it governs gives, else its
        vague words, else capitalised words standing in for a missing mention."""
        phrase = self.governed(position)
        vague = self.anonymous.search(self.text, phrase.start, phrase.end) \
            if self.anonymous and phrase.text else None
        named = self._named_in(phrase, vague)
        if named is not None:
            return named
        if vague is not None:
            return self._vague_head(phrase)
        for word in _WORD.finditer(self.text, phrase.start, phrase.end):
            stand_in = self._fallback_after(word.start(), phrase.end)
            if stand_in is not None and (word.start() == phrase.start or " " in stand_in.text):
                return stand_in  # "according to an investigation by the Kyiv Independent"
        return None

    def _named_in(self, phrase: Phrase, vague: re.Match[str] | None) -> Name | Phrase | None:
        """The name a phrase gives as the source: a person, else its first name ("nach
        Angaben der Analysten des CNS": they speak for it), but not a place that only
        qualifies ("according to Ukrainian officials", "an Alabuga facility worker"), nor the outlet
        that vague words spoke to ("іранське джерело Reuters")."""
        head = _LEAD_IN.match(self.text, phrase.start, phrase.end).end()
        candidates = [name for name in self.names if phrase.start <= name.start < phrase.end
                      and (name.label not in ("LOC", "FAC")
                           or name.start <= head + 1 and vague is None)]
        if not candidates:
            return None
        name = next((name for name in candidates if name.label == "PER"), candidates[0])
        if vague is not None and name.start > vague.start() and self.role_of(name) == "outlet":
            return self._vague_head(phrase)
        return name

    def _vague_head(self, phrase: Phrase) -> Phrase:
        """Vague words and the few after them that qualify them ("sources from the Iranian
        government", "fonti della pubblicazione"), not the clause that may follow."""
        vague = None
        for vague in self.anonymous.finditer(self.text, phrase.start, phrase.end):
            pass
        words = list(_WORD.finditer(self.text, phrase.start, phrase.end))
        last = next(i for i, word in enumerate(words) if word.end() >= vague.end())
        end = min(len(words) - 1, last + 4)
        while end > last and self._function_word(words[end].group()):
            end -= 1  # "le chef du renseignement du ministère [de la]"
        return self._phrase(phrase.start, words[end].end())

    def subject_after(self, position: int, places: bool) -> Name | Phrase | None:
        """The subject of an inverted verb, right after it: "..., said the London-based Rusi
        think tank", "Об этом сообщает Цензор.НЕТ", "..., ont déclaré les sources"."""
        at = _LEAD_IN.match(self.text, position, self.end).end()
        phrase = self.governed(position)
        for name in self.names:
            if (places or name.label != "LOC") and (
                    at <= name.start <= at + 1 or self._titled(at, name, phrase)):
                return name
        stand_in = self._fallback_after(position)
        if stand_in is not None:
            return stand_in
        vague = self.anonymous.search(self.text, phrase.start, phrase.end) \
            if self.anonymous and phrase.text else None
        if vague is None:
            return None
        return self._named_in(phrase, vague) or self._vague_head(phrase)

    def _titled(self, at: int, name: Name, phrase: Phrase) -> bool:
        """A name after a title or a function, "заявил [глава] ГУР", and not after a
        preposition ("member states [of the] UN")."""
        if not at < name.start < min(phrase.end, at + 30):
            return False
        words = [plain_word(word) for word in self.text[at:name.start].split()]
        return len(words) <= 3 and not any(
            word in self.breaks or word in self.place_words or word in _ARTICLES
            or self.affiliation and self.affiliation.fullmatch(word) for word in words)

    def inverted(self, position: int) -> bool:
        """Whether a verb may come before its subject: after a comma, a quotation or a dash
        ("...", said X), after a short object ("Lo scrive X": `inverted_after_words`), or
        anywhere in a language that allows it (`verb_before_subject`)."""
        head = self.text[self.start:position].rstrip()
        return self.verb_before_subject or not head or head[-1] in ",\"”»“'’—–-" \
            or len(head.split()) <= self.inverted_after_words

    def passive(self, position: int) -> bool:
        """A verb in the passive ("components were found", "has now been found"): the name
        before it underwent the finding; only an agent ("by X") can be the source."""
        words = [plain_word(word) for word in self.text[self.start:position].split()[-3:]]
        while words and words[-1] in self.breaks - self.auxiliaries:
            words.pop()
        return bool(words) and words[-1] in self.auxiliaries

    def agent_after(self, position: int) -> int | None:
        """Where the agent of a passive verb begins: "were examined by [CNS]"."""
        if self.agent_markers is None:
            return None
        marker = self.agent_markers.match(self.text, _SPACES.match(self.text, position).end())
        return marker.end() if marker else None

    # links --------------------------------------------------------------------------------
    def role_of(self, name: Name, reporting: bool = False) -> str:
        if is_outlet(name.text) or _WEB_NAME.search(name.text):
            return "outlet"
        if name.label == "PER":
            return "speaker"
        before = self.text[max(self.start, name.start - 25):name.start]
        if self.outlet_nouns and (self.outlet_nouns.search(before + " " + name.text)
                                  or self.outlet_nouns.match(self.text, name.end + 1)
                                  and self.text[name.end:name.end + 1] == " "):
            return "outlet"  # "the news agency KCNA", "the Kyiv Independent newspaper"
        if reporting:
            return "outlet"
        if name.label != "MISC" or is_observer(name.text):
            return "organisation"
        return "speaker"

    def affiliation_of(self, speaker: Name) -> Name | None:
        """The organisation a speaker belongs to: "Sam Lair of CNS", "CNS researcher Sam Lair";
        a place after the speaker is where the words were said, or their topic."""
        for name in self.names:
            if name is speaker or name.label == "PER":
                continue
            if speaker.end <= name.start <= speaker.end + 60 and name.label != "LOC":
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

    def vague_links(self, phrase: Phrase, cue: str) -> list[Link]:
        """An anonymous link for vague words, then the outlet they spoke to when they name
        one: "іранське джерело Reuters", "six sources à l'agence Reuters"."""
        for name in self.names:
            if phrase.start < name.start and name.end <= phrase.end and \
                    self.role_of(name) == "outlet":
                words = list(_WORD.finditer(self.text, phrase.start, name.start))
                while words and self._outlet_word(words[-1].group()):
                    words.pop()
                links = [Link(name.text, "outlet", cue, name.entity_id)]
                if words:
                    vague = self._phrase(words[0].start(), words[-1].end())
                    links.insert(0, Link(vague.text, "anonymous", cue))
                return links
        return [Link(phrase.text, "anonymous", cue)]

    def _function_word(self, word: str) -> bool:
        word = plain_word(word)
        return word in _ARTICLES or word in self.place_words or word in self.openers or any(
            pattern is not None and pattern.fullmatch(word)
            for pattern in (self.affiliation, self.agent_markers))

    def _outlet_word(self, word: str) -> bool:
        """A word that leads up to an outlet's name: "à", "l'agence", "der Nachrichtenagentur"."""
        if regex.fullmatch(r"\w['’]", word):
            return True  # "l'" of "l'agence Reuters"
        word = regex.sub(r"^\w['’]", "", plain_word(word))
        return not word or word in _ARTICLES or any(
            pattern is not None and pattern.fullmatch(word)
            for pattern in (self.outlet_nouns, self.outlet_markers, self.affiliation))

    def links_for(self, source: Name, cue: str, reporting: bool = False) -> list[Link]:
        role = self.role_of(source, reporting)
        links = [Link(source.text, role, cue, source.entity_id)]
        if role == "speaker":
            organisation = self.affiliation_of(source)
            if organisation is not None:
                links.append(Link(organisation.text, self.role_of(organisation), cue,
                                  organisation.entity_id))
        return links



def plain_word(word: str) -> str:
    """A word as the lexicons list it: lower case, without the punctuation around it."""
    return word.lower().replace("’", "'").strip(".,;:!?\"'“”«»()")


def _capitalised(word: str) -> bool:
    return word.lstrip("\"'“‘«(")[:1].isupper()


def _uncased(word: str) -> bool:
    """Scripts without capitals (Hangul, Han, kana): any word may be a name."""
    return bool(word) and word[0].isalpha() and word[0].lower() == word[0].upper()


def _with_web_names(text: str, names: list[Name]) -> list[Name]:
    """A website's name is one outlet name however the entity stage split it: "Caliber.Az"
    (mentions "Caliber" and "Az") or "News.az"."""
    joined = []
    for name in names:
        suffix = _WEB_SUFFIX.match(text, name.end)
        if suffix is not None:
            name = Name(name.start, suffix.end(), text[name.start:suffix.end()], "ORG",
                        name.entity_id)
        joined.append(name)
    return [name for name in joined if not any(
        other.start <= name.start and name.end <= other.end and other.end - other.start >
        name.end - name.start for other in joined)]


def find_attributions(text: str, start: int, end: int, language: str | None,
                      names: Sequence[Name]) -> list[Attribution]:
    """Attributions in text[start:end], in text order; a cue with no source gives none."""
    language = language or ""
    sentence = _Sentence(text, start, end, language, names)
    cues = cue_set(language, "attribution", "source_after", "source_before", "speech_verbs",
                   "report_verbs", "finding_verbs").find(text, start, end)
    found: list[Attribution] = []
    for cue in cues:
        if sentence.inside_name(cue):
            continue
        links = _links_for_cue(sentence, cue)
        if links:
            found.append(Attribution(tuple(_dedupe(links)), cue.start, cue.end))
    return found


def _links_for_cue(sentence: _Sentence, cue: CueMatch) -> list[Link]:
    word = cue.text.strip()
    if cue.label == "source_after":
        governed = sentence.governed_source(cue.end)
        if isinstance(governed, Phrase):
            return sentence.vague_links(governed, word)
        return sentence.links_for(governed, word) if governed is not None else []
    if cue.label == "source_before":
        source = sentence.name_before(cue.start, gap=3)
        anonymous = sentence.anonymous_before(cue.start)
        if source is None:
            return sentence.vague_links(anonymous, word) if anonymous else []
        return sentence.links_for(source, word)
    return _verb_links(sentence, cue, word)


def _verb_links(sentence: _Sentence, cue: CueMatch, word: str) -> list[Link]:
    """The subject of a verb of saying, reporting or finding, then the outlet it spoke to."""
    reporting = cue.label == "report_verbs"
    speech = cue.label == "speech_verbs"
    source: Name | None = None
    anonymous: Phrase | None = None
    if not sentence.passive(cue.start):
        source = sentence.name_before(
            cue.start, fallback=cue.label != "finding_verbs", subject_first=True,
            places="adjacent" if speech else "never", reporting=reporting)
        anonymous = sentence.anonymous_before(cue.start)
    if source is not None and anonymous is not None:
        if source.end <= anonymous.start:
            source = None  # "X's analysts said": the nearer anonymous words are the subject
        elif anonymous.start <= source.start and source.end <= anonymous.end and (
                source.label == "LOC" or source not in sentence.names):
            source = None  # "um oficial militar de Teerã garantiu": the place qualifies
    agent = sentence.agent_after(cue.end)
    if source is None and anonymous is None and (agent or sentence.inverted(cue.start)):
        after = sentence.subject_after(agent or cue.end, places=speech)
        if isinstance(after, Phrase):
            anonymous = after
        else:
            source = after
    if source is not None and source.label != "PER":
        source = sentence.speaker_of(source) or source
    links: list[Link] = []
    if source is not None and source.entity_id is None and source.text.lower() in sentence.pronouns:
        links = [Link(source.text, "pronoun", word)]  # resolved to the last speaker named
    elif source is not None:
        links = sentence.links_for(source, word, reporting)
    elif anonymous:
        links = sentence.vague_links(anonymous, word)
    elif cue.label == "finding_verbs":
        return []
    if speech:
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
