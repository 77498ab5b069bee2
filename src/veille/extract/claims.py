"""Claim assembly: subject + property + value + reference + qualifiers + attribution + modality.

Input is the text and the mentions of the earlier stages (entities, quantities, dates); output
is one `ClaimDraft` per value found: each quantity, each date with a property to hang on, and
each entity relation signalled by a trigger word ("fournit à", "supplied to", "produces").
Which property a value fills is decided by the ontology (`ontology/properties.yaml`): the
family of the quantity, the trigger words of the clause (`lang/<code>/properties.yaml`), a rate
period after the value, and a priority. Everything is rule-based and per sentence, so the stage
runs at the speed of regular expressions.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from veille.datafiles import read_yaml
from veille.extract.attribution import (
    Attribution,
    Name,
    chain,
    find_attributions,
    is_observer,
)
from veille.extract.cues import CueMatch, CueSet, cue_set
from veille.extract.modality import clause_end, modality_in
from veille.extract.quantities import quantity_lexicon
from veille.extract.quotations import inside_quotation, paragraph_bounds
from veille.extract.sentences import Sentence, split_sentences
from veille.extract.source_counts import source_count
from veille.ids import gazetteer_entity_id
from veille.lang import load_lexicon
from veille.ontology import load_gazetteer, states_named_by_capitals

ONTOLOGY_FILE = Path(__file__).resolve().parents[1] / "ontology" / "properties.yaml"
ENTITY_LABELS = frozenset({"PER", "ORG", "LOC", "FAC", "WEAPON", "MISC"})
# counted things that make no claim: records tell how a story is known ("hundreds of
# videos"), states name the parties already named ("the two countries")
NO_CLAIM_CLASSES = frozenset({"records", "states"})
CARRY_SENTENCES = 4  # an unattributed sentence inherits the attribution this far back
_ANAPHORA_SENTENCES = 2  # how far back a missing subject is looked for
ANY_SUBJECT = ("WEAPON", "FAC", "ORG", "LOC", "PER")  # in order of preference
COUNTED_WORDS = 4  # words between a figure and the weapon it counts ("2 short-range Hwasong-11")
SOURCE_COUNT = "source_count"  # the property of "six sources told Reuters"
SOURCE_UNIT = "source"
SOURCE_COUNT_CONFIDENCE = 0.8  # the cue is the sentence's own; the outlet may be unnamed
UNNAMED_OUTLET = "unnamed outlet"  # a source count's subject where nobody is named at all
_BREAK_RE = re.compile(r"[,.;:!?()\[\]\n]")
_CLAUSE_BREAK_RE = re.compile(r"[;:!?()\[\]\n]|[,.](?!\d)")  # not the comma of "1,000"
_WORD_RE = re.compile(r"[^\W\d_][\w'’\-]*")
# a weapon named with a figure of its own ("170㎜ 자주포와 240㎜ 방사포"): not what an earlier
# figure measures or counts
_OWN_FIGURE_RE = re.compile(r"\d[\d.,]*[\s-]*(?:㎜|mm|мм|cm|см)(?!\w)")


def counted_gap(between: str) -> bool:
    """The words between a figure and a name are few enough, with no punctuation, for the
    figure to count the name ("400 missili a corto raggio Fateh-110")."""
    return not _BREAK_RE.search(between) and len(between.split()) <= COUNTED_WORDS
_PREFIX_REACH = 40  # characters before a date where the words that introduce it may start
_YEAR_DIGITS = re.compile(r"\d{4}(?![\d.,]|\s\d)")  # "2024 года", not "2024,5" or "2 024"


@dataclass(frozen=True)
class PropertySpec:
    name: str
    value_type: str
    priority: int
    triggers: tuple[str, ...] = ()
    quantity_families: tuple[str, ...] = ()
    units: tuple[str, ...] = ()  # the normalised units it accepts; none listed: any
    subject_labels: tuple[str, ...] = ()
    object_labels: tuple[str, ...] = ()
    object_marker: str | None = None
    rate: bool | None = None
    needs_reference: bool = False
    lexicon: str | None = None
    names_subject: bool = False  # the class found names the subject ("worker housing")
    time_varying: bool = False  # one question per as-of month (troops on 4 November)
    never_counts: tuple[str, ...] = ()  # classes of counted things it refuses ("women")
    fixed: bool = False  # one value per subject whatever the date: compared corpus-wide
    subject_reach: int = _ANAPHORA_SENTENCES  # sentences back where the subject may be named
    change_of: tuple[str, ...] = ()  # properties whose change over time a factor measures


@dataclass(frozen=True)
class Ontology:
    properties: dict[str, PropertySpec]
    unit_families: dict[str, str]
    reference_kinds: dict[str, str]  # reference label -> "plan" or "past"


@lru_cache(maxsize=1)
def ontology() -> Ontology:
    """The property ontology, read once per process."""
    data = read_yaml(ONTOLOGY_FILE.read_text(encoding="utf-8"))
    properties = {}
    for name, spec in (data.get("properties") or {}).items():
        properties[name] = PropertySpec(
            name=name,
            value_type=spec["value_type"],
            priority=int(spec.get("priority", 0)),
            triggers=tuple(spec.get("triggers") or ()),
            quantity_families=tuple(spec.get("quantity_families") or ()),
            units=tuple(spec.get("units") or ()),
            subject_labels=tuple(spec.get("subject_labels") or ()),
            object_labels=tuple(spec.get("object_labels") or ()),
            object_marker=spec.get("object_marker"),
            rate=spec.get("rate"),
            needs_reference=bool(spec.get("needs_reference", False)),
            lexicon=spec.get("lexicon"),
            names_subject=bool(spec.get("names_subject", False)),
            time_varying=bool(spec.get("time_varying", False)),
            never_counts=tuple(spec.get("never_counts") or ()),
            fixed=bool(spec.get("fixed", False)),
            subject_reach=int(spec.get("subject_reach", _ANAPHORA_SENTENCES)),
            change_of=tuple(spec.get("change_of") or ()),
        )
    families = {str(unit): family
                for family, units in (data.get("unit_families") or {}).items()
                for unit in units or ()}
    reference_kinds = {str(label): kind
                       for kind, labels in (data.get("reference_kinds") or {}).items()
                       for label in labels or ()}
    return Ontology(properties, families, reference_kinds)


@dataclass
class ClaimDraft:
    """A claim before it is stored; `subject_head` is a normalised noun phrase, if any."""

    start: int
    end: int
    quote: str
    subject: str
    subject_entity_id: str | None
    property: str
    value: dict[str, Any]
    unit: str | None
    reference: str | None
    qualifiers: dict[str, Any]
    attribution: list[dict[str, Any]]
    modality: str
    estimative_level: str | None
    confidence: float
    subject_head: str | None = None

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    text: str
    label: str
    entity_id: str | None
    value: dict[str, Any] | None


@dataclass
class _Context:
    """What the assembly of one document needs at hand."""

    text: str
    language: str
    source: str | None
    names: list[Name]
    quantities: list[_Mention]
    dates: list[_Mention]
    sentences: list[Sentence]
    attributions: list[Attribution | None] = field(default_factory=list)


def _as_mention(mention: Any) -> _Mention:
    if isinstance(mention, dict):
        return _Mention(mention["start"], mention["end"], mention["text"], mention["label"],
                        mention.get("entity_id"), mention.get("value"))
    return _Mention(mention.start, mention.end, mention.text, mention.label,
                    mention.entity_id, mention.value)


def extract_claims(text: str, language: str | None, mentions: Sequence[Any],
                   source: str | None = None,
                   published: datetime | None = None) -> list[ClaimDraft]:
    """Claims of one document. `mentions` are MentionInput-like objects or dicts."""
    del published  # dates arrive already resolved against it, as DATE mentions
    language = language or ""
    all_mentions = sorted((_as_mention(m) for m in mentions), key=lambda m: (m.start, m.end))
    names = [Name(m.start, m.end, m.text, m.label, m.entity_id)
             for m in all_mentions if m.label in ENTITY_LABELS]
    context = _Context(
        text=text, language=language, source=source, names=names,
        quantities=[m for m in all_mentions if m.label == "QUANTITY" and m.value],
        dates=[m for m in all_mentions if m.label == "DATE" and m.value
               and not _inside_name(m, names)],
        sentences=split_sentences(text, language),
    )
    context.attributions = attribute_sentences(text, context.sentences, language, names)
    claims: list[ClaimDraft] = []
    for index, sentence in enumerate(context.sentences):
        claims.extend(_quantity_claims(context, index, sentence))
        claims.extend(_source_count_claims(context, index, sentence))
        claims.extend(_date_claims(context, index, sentence))
        claims.extend(_relation_claims(context, index, sentence))
        claims.extend(_category_claims(context, index, sentence))
    return _unique(claims)


def _inside_name(date: _Mention, names: Sequence[Name]) -> bool:
    """"February 11" in "February 11 Plant" is part of a name, not a date."""
    return any(n.start <= date.start and date.end <= n.end and n.label != "MISC"
               for n in names)


def attribute_sentences(text: str, sentences: Sequence[Sentence], language: str,
                        names: Sequence[Name]) -> list[Attribution | None]:
    """One attribution per sentence (the first cue's); sentences without one inherit.

    A sentence inherits from the last attributed sentence within CARRY_SENTENCES, and a list
    item from the sentence that introduced the list, since reporting runs over several
    sentences after "according to" or "the images, analysed by CNS, show:". A pronoun
    speaker ("he said") takes the last named speaker.
    """
    result: list[Attribution | None] = []
    last: Attribution | None = None
    last_index = -CARRY_SENTENCES - 1
    last_named: Attribution | None = None
    for index, sentence in enumerate(sentences):
        found = find_attributions(text, sentence.start, sentence.end, language, names)
        found = [_resolve_pronoun(item, last_named) for item in found]
        found = [item for item in found if item is not None]
        if found:
            result.append(found[0])
            last, last_index = found[0], index
            named = [item for item in found if item.named]
            if named:
                last_named = named[-1]
            continue
        in_list = sentence.list_item and last is not None
        if last is not None and (in_list or index - last_index <= CARRY_SENTENCES):
            result.append(last.inherit())
            if in_list:
                last_index = index
        else:
            result.append(None)
    return result


def _resolve_pronoun(item: Attribution, last_named: Attribution | None) -> Attribution | None:
    if not any(link.role == "pronoun" for link in item.links):
        return item
    if last_named is None:
        return None
    rest = tuple(link for link in item.links if link.role != "pronoun")
    return Attribution(last_named.links + rest, item.start, item.end)


# -- quantities ---------------------------------------------------------------------------

def quantity_family(value: dict[str, Any]) -> str:
    """count, percent, ratio, length, area, mass, money or other."""
    kind = value.get("kind")
    if kind in ("ratio", "percent", "money", "count"):
        return str(kind)
    if kind == "number":
        return "count"
    return ontology().unit_families.get(str(value.get("normalized_unit")), "other")


def _quantity_claims(context: _Context, index: int, sentence: Sentence) -> list[ClaimDraft]:
    text = context.text
    inside = [q for q in context.quantities
              if q.start >= sentence.start and q.end <= sentence.end
              and not _overlaps_date(q, context.dates)]
    claims = []
    previous_end = sentence.start
    triggers = _triggers(context.language)
    for quantity in inside:
        value = quantity.value or {}
        counted = _counted_classes(context, quantity.start, quantity.end)
        if _counts_informants(value, context.language) or _aside(text, quantity) \
                or counted & NO_CLAIM_CLASSES or _describes_each(quantity):
            previous_end = quantity.end
            continue  # "two intelligence sources", "hundreds of videos": how it is known
        scope_end = max(clause_end(text, quantity.end, sentence.end, context.language),
                        quantity.end)
        found = _own_triggers(triggers.find(text, sentence.start, scope_end), quantity, inside)
        period = _rate_period(text, quantity.end, sentence.end, context.language) \
            or _rate_adverb_before(text, quantity.start, sentence.start, context.language) \
            or _rate_of_range_start(context, sentence, quantity)
        if not found and period is not None:
            found = _triggers_before(context, index)
        groups = {cue.label for cue in found}
        family = quantity_family(value)
        reference = _reference(text, quantity, sentence.end, context.language)
        spec = _choose_property(family, value.get("normalized_unit"), groups,
                                period is not None, reference is not None, counted)
        if spec is None:
            previous_end = quantity.end
            continue
        subject, subject_id, head, confidence = _subject(
            context, index, sentence, spec, quantity.start, found,
            look_back=index if spec.needs_reference else _ANAPHORA_SENTENCES,
            counted=str(value.get("normalized_unit") or "").split(" per ")[0]
            if value.get("kind") == "count" else None)
        if spec.name == "member_count" and (people := _nationality(context, quantity)):
            # "10,000 North Korean soldiers": whose troops, whoever reports them ("the US
            # Department of Defense said ...")
            subject, subject_id, head, confidence = *people, None, 0.85
        tally = _tally(context, sentence, quantity)
        if not subject or spec.name in ("count", "ratio") and confidence < 0.8 and not tally:
            previous_end = quantity.end
            continue  # no subject, or a bare count with none in its sentence: says too little
        qualifiers = _qualifiers(context, sentence, quantity, subject, period)
        if tally:
            qualifiers["tally"] = True  # sums up what the text named before it
        start = _clause_start(text, previous_end, sentence.start)
        end = max(scope_end, quantity.end)
        claims.append(_draft(
            context, index, start, end, subject, subject_id, head, spec.name,
            {"low": value.get("low"), "high": value.get("high"),
             "bound": value.get("bound", "="), "text": quantity.text},
            value.get("normalized_unit") if family != "ratio" else "ratio", reference,
            qualifiers, modality_scope=(start, end), bound=value.get("bound"),
            confidence=confidence - (0.1 if spec.name in ("count", "ratio") else 0.0),
            anchor=(quantity.start, quantity.end),
        ))
        previous_end = quantity.end
    return claims


def _nationality(context: _Context, quantity: _Mention) -> tuple[str, str | None] | None:
    """(text, entity id) of the state whose people a count counts, from the adjective inside
    the counted phrase or right after it ("11,000 North Korean troops", "10 000 soldats
    nord-coréens", "10 000 северокорейских военнослужащих"), with the state's stored id:
    the document may name it by the adjective only. The adjectives are the attribution
    lexicon's, which reads "six Iranian officials" with them."""
    phrase_end = quantity.end
    following = _WORD_RE.match(context.text, phrase_end + 1) \
        if context.text[phrase_end:phrase_end + 1] == " " else None
    if following:
        phrase_end = following.end()
    found = cue_set(context.language, "attribution", "source_origins").find(
        context.text, quantity.start, phrase_end)
    if len({cue.label for cue in found}) != 1:
        return None  # none, or "Russian and North Korean troops": no one state
    key = found[0].label
    state = next((entry.name for entry in load_gazetteer().entries if entry.key == key), key)
    return state, gazetteer_entity_id(key)


def _people_sent(context: _Context, sentence: Sentence, trigger: CueMatch
                 ) -> tuple[str, str | None] | None:
    """The state whose counted people the cue moves ("10,000 North Korean soldiers had moved
    to Kursk"): the last count of people with a nationality before the cue in its sentence."""
    counts = [quantity for quantity in context.quantities
              if sentence.start <= quantity.start < trigger.start
              and "people" in _counted_classes(context, quantity.start, quantity.end)]
    return _nationality(context, counts[-1]) if counts else None


def _triggers_before(context: _Context, index: int) -> list[CueMatch]:
    """The triggers of the sentence before, in the same paragraph: a rate whose own sentence
    does not say of what ("... die Produktion läuft. Das Ziel: jährlich 900")
    continues its topic, as a missing subject is looked for in the sentences before."""
    if index == 0 or context.sentences[index - 1].paragraph != \
            context.sentences[index].paragraph:
        return []
    previous = context.sentences[index - 1]
    return _triggers(context.language).find(context.text, previous.start, previous.end)


def _own_triggers(found: list[CueMatch], quantity: _Mention,
                  figures: Sequence[_Mention]) -> list[CueMatch]:
    """The triggers of a figure that names what it counts with a trigger word: not those
    that other figures name as theirs ("3 morti e 7 feriti ... 24 componenti" counts no
    dead). A bare figure ("of the 52 components, 40 ...") borrows them all."""
    if not any(quantity.start <= cue.start < quantity.end for cue in found):
        return found
    return [cue for cue in found
            if not any(other is not quantity and other.start <= cue.start < other.end
                       for other in figures)]


def _source_count_claims(context: _Context, index: int, sentence: Sentence
                         ) -> list[ClaimDraft]:
    """How many vague sources the sentence credits with a cue of its own, and of what kind
    ("six sources told Reuters"): `source_count` claims of the outlet they spoke to, or of
    this document's source when none is named (see `veille.extract.source_counts`)."""
    attribution = context.attributions[index]
    if attribution is None or not attribution.links or attribution.links[0].inherited:
        return []
    outlet = next((link for link in attribution.links if link.role == "outlet"), None)
    claims = []
    for quantity in context.quantities:
        value = quantity.value or {}
        low = value.get("low")
        if not sentence.start <= quantity.start < sentence.end or \
                value.get("kind") not in ("count", "number") or value.get("high") != low or \
                not isinstance(low, int | float) or low < 2 or not float(low).is_integer():
            continue
        found = source_count(context.text, quantity.start, quantity.end, context.language)
        if found is None:
            continue
        qualifiers: dict[str, Any] = {"counted": SOURCE_UNIT}
        if found.kind:
            qualifiers["source_kind"] = found.kind
        if found.origins:
            qualifiers["source_origin"] = list(found.origins)
        claims.append(_draft(
            context, index, quantity.start, found.end,
            outlet.name if outlet else context.source or UNNAMED_OUTLET,
            outlet.entity_id if outlet else None,
            None, SOURCE_COUNT,
            {"low": low, "high": low, "bound": value.get("bound", "="),
             "text": context.text[quantity.start:found.end]},
            SOURCE_UNIT, None, qualifiers, modality_scope=(quantity.start, found.end),
            bound=value.get("bound"), confidence=SOURCE_COUNT_CONFIDENCE))
    return claims


def _aside(text: str, quantity: Any) -> bool:
    """A bare number alone in brackets, "on Monday (12)": a day, a footnote or a reference,
    never a figure of the claim."""
    value = quantity.value or {}
    if value.get("kind") != "number" or value.get("unit"):
        return False
    return text[:quantity.start].rstrip().endswith(("(", "[")) and \
        text[quantity.end:].lstrip().startswith((")", "]"))


def _describes_each(quantity: _Mention) -> bool:
    """A number word glued by a hyphen to what it counts, "a two-stage rocket", "drei-stufige
    Rakete": it says what each thing is like, not how many things there are."""
    value = quantity.value or {}
    unit = str(value.get("unit") or "")
    if value.get("kind") != "count" or not unit or not quantity.text.endswith("-" + unit):
        return False
    return not any(char.isdigit() for char in quantity.text[:-len(unit)])


def _counts_informants(value: dict[str, Any], language: str) -> bool:
    """A count of sources or officials (the attribution lexicon's vague sources)."""
    counted = str(value.get("normalized_unit") or "").split()
    if value.get("kind") != "count" or not counted:
        return False
    vague = load_lexicon(language, "attribution").get("anonymous") or ()
    return counted[-1].lower() in {str(word).lower() for word in vague}


def _choose_property(family: str, unit: str | None, groups: set[str], has_period: bool,
                     has_reference: bool, counted: set[str]) -> PropertySpec | None:
    best: PropertySpec | None = None
    for spec in ontology().properties.values():
        if spec.value_type not in ("quantity", "ratio") or family not in spec.quantity_families:
            continue
        if spec.units and unit not in spec.units or counted.intersection(spec.never_counts):
            continue
        if spec.triggers and not groups.intersection(spec.triggers):
            continue
        if spec.rate is True and not has_period or spec.rate is False and has_period:
            continue
        if spec.needs_reference and not has_reference and "size" not in groups:
            continue
        if best is None or spec.priority > best.priority:
            best = spec
    return best


def _counted_classes(context: _Context, start: int, end: int) -> set[str]:
    """The classes of what the words in text[start:end] count: {"people"} for "200 women"."""
    found = cue_set(context.language, "properties", "counted_classes").find(context.text,
                                                                            start, end)
    return {cue.label for cue in found}


def _overlaps_date(quantity: _Mention, dates: Sequence[_Mention]) -> bool:
    return any(d.start < quantity.end and quantity.start < d.end for d in dates)


def _rate_period(text: str, position: int, limit: int, language: str) -> str | None:
    window_end = min(limit, position + 30)
    found = cue_set(language, "properties", "rate_periods").find(text, position, window_end)
    return found[0].label if found else None


def _rate_adverb_before(text: str, position: int, limit: int, language: str) -> str | None:
    """A one-word rate cue right before the figure, bound words aside: "jährlich 6000",
    "annually up to 300". Longer cues ("a year") before a number start a new clause more
    often than they qualify it, so only single words count here."""
    window_start = max(limit, position - 40)
    found = cue_set(language, "properties", "rate_periods").find(text, window_start, position)
    if not found or " " in found[-1].text.strip():
        return None
    gap = text[found[-1].end:position].strip()
    if gap and not _bound_or_of(gap, language):
        return None
    return found[-1].label


def _bound_or_of(gap: str, language: str) -> bool:
    """Bound words, or a word of "of" with bound words after it: languages that put the rate
    adjective after its noun write "une production mensuelle de 150", "d'environ 150"."""
    bound_re = quantity_lexicon(language).bound_re
    if bound_re.fullmatch(gap):
        return True
    lowered = gap.lower()
    for word in load_lexicon(language, "units").get("quantity_of") or ():
        word = str(word).lower()
        rest = gap[len(word):].strip()
        if lowered.startswith(word) and (not rest or bound_re.fullmatch(rest)):
            return True
    return False


def _rate_of_range_start(context: _Context, sentence: Sentence,
                         quantity: _Mention) -> str | None:
    """The rate written once for both ends of "from 56 a year in 2021 to 460 in 2023": the
    end figure takes the period written between the start figure and the closing word."""
    text = context.text
    before = [q for q in context.quantities if sentence.start <= q.start
              and q.end <= quantity.start and not _overlaps_date(q, context.dates)]
    if not before:
        return None
    start = before[-1]
    opener = text[max(sentence.start, start.start - 16):start.start].lower().split()[-1:]
    closers = quantity_lexicon(context.language).openers.get(opener[0] if opener else "")
    between = text[start.end:quantity.start].lower()
    words = between.split()
    if not closers or not words or words[-1] not in closers:
        return None
    return _rate_period(text, start.end, start.end + between.rindex(words[-1]), context.language)


def _reference(text: str, quantity: _Mention, limit: int, language: str) -> str | None:
    """The compared-to thing of a comparison, normalised through the reference lexicon."""
    raw = (quantity.value or {}).get("reference")
    references = cue_set(language, "properties", "references")
    if raw:
        found = references.find(str(raw))
        return found[0].label if found else str(raw).strip()
    window_end = min(limit, quantity.end + 80)
    found = references.find(text, quantity.end, window_end)
    if not found and (quantity.value or {}).get("kind") == "ratio":
        # languages that put the compared-to thing first: "기존 본관의 약 3분의 2 크기"
        found = references.find(text, max(0, quantity.start - 30), quantity.start)[-1:]
    return found[0].label if found else None


# -- dates ----------------------------------------------------------------------------------

def _date_claims(context: _Context, index: int, sentence: Sentence) -> list[ClaimDraft]:
    text = context.text
    triggers = _triggers(context.language)
    claims = []
    for date in context.dates:
        if date.start < sentence.start or date.end > sentence.end or \
                _date_after(context, sentence, date, "baseline_prefixes"):
            continue  # "compared with 2021": the year of another figure, not of an event
        value = date.value or {}
        scope_end = max(clause_end(text, date.end, sentence.end, context.language), date.end)
        found = triggers.find(text, sentence.start, scope_end)
        groups = {cue.label for cue in found}
        juche = str(value.get("calendar", "")).lower() == "juche"
        # "made in 2024": the origin cue "made in" followed by a date is a production word
        made = _near(found, date, "production") or _near(found, date, "origin", reach=3)
        imagery = _near(found, date, "imagery") and not made
        if juche or "marking" in groups or not imagery and (
                "production" in groups or made) and _weapon_near(context, index, made) \
                and not _dates_a_figure(context, sentence, date):
            prop = "manufacture_date"
        elif imagery:
            prop = "imagery_date"
        elif "event" in groups:
            prop = "event_date"
        else:
            continue
        spec = ontology().properties[prop]
        subject, subject_id, head, confidence = _subject(
            context, index, sentence, spec, date.start, found,
            look_back=5 if prop == "manufacture_date" else _ANAPHORA_SENTENCES,
            look_ahead=2 if prop == "manufacture_date" else 0,
        )
        if not subject:
            continue  # a date of nothing we can name
        qualifiers: dict[str, Any] = {}
        if prop == "event_date":
            event = [cue.text for cue in found if cue.label == "event"]
            if event:
                qualifiers["event"] = event[0].lower()
        claims.append(_draft(
            context, index, sentence.start, scope_end, subject, subject_id, head, prop,
            {"low": value.get("low"), "high": value.get("high"),
             "granularity": value.get("granularity"), "calendar": value.get("calendar"),
             "text": date.text},
            None, None, qualifiers, modality_scope=(sentence.start, scope_end), bound=None,
            confidence=confidence, anchor=(date.start, date.end),
        ))
    return claims


def _dates_a_figure(context: _Context, sentence: Sentence, date: _Mention) -> bool:
    """The date is the time of a figure of its sentence ("from 56 a year in 2021 to 460 in
    2023", "6,000 drones by 2025"): the figure's as-of date, not when a weapon was made. A
    measure (the 170 mm of "the 170 mm gun, produced since 1989") is no figure a date times."""
    return any(date in _dates_of_figure(context, sentence, quantity)
               for quantity in context.quantities
               if sentence.start <= quantity.start < sentence.end
               and (quantity.value or {}).get("kind") != "measure"
               and not _overlaps_date(quantity, context.dates) and not _reads_as_year(quantity))


def _near(found: Sequence[CueMatch], date: _Mention, label: str, reach: int = 40) -> bool:
    """A cue of `label` right next to the date ("images taken on 6 November", "made in
    2024", "2024년 11월 9일 촬영된"): the date answers that cue, not another of the clause."""
    return any(cue.label == label and (0 <= date.start - cue.end <= reach
                                       or 0 <= cue.start - date.end <= reach // 2)
               for cue in found)


def _weapon_near(context: _Context, index: int, production_next_to_date: bool) -> bool:
    """A weapon in the sentence, or, when the production word sits right by the date
    ("North Korean missiles ... were made in 2024"), named in the nearby sentences, where
    a lede that says "missiles" names them."""
    low = context.sentences[max(0, index - 2)].start
    high = context.sentences[min(len(context.sentences) - 1, index + 2)].end
    if not production_next_to_date:
        low, high = context.sentences[index].start, context.sentences[index].end
    return any(n.label == "WEAPON" and low <= n.start < high for n in context.names)


# -- entity relations -----------------------------------------------------------------------

def _relation_claims(context: _Context, index: int, sentence: Sentence) -> list[ClaimDraft]:
    text = context.text
    triggers = _triggers(context.language).find(text, sentence.start, sentence.end)
    if not triggers:
        return []
    claims = []
    verb_last = _objects_before_verb(context.language) is not None
    for spec in ontology().properties.values():
        if spec.value_type != "entity":
            continue
        for trigger, obj in _nearest_cue_first(context, sentence, spec, triggers):
            glued = _glued(context, trigger)
            made = _weapon_after(context, sentence, trigger.end, lambda name: True) \
                if glued else None
            if made is not None:  # "US-made chips in the Kestrel-7": the weapon after it
                subject, subject_id, head, confidence = made.text, made.entity_id, None, 0.85
            elif verb_last and not glued:
                marked = _marked_subject(context, sentence, spec, obj)
                if marked is not None:
                    subject, subject_id, head, confidence = \
                        marked.text, marked.entity_id, None, 0.85
                elif (noun := _demonstrative_subject(context, sentence, obj)) is not None:
                    # "이 공장은 화성-11가를 생산하는": the plant an earlier sentence named,
                    # the last one called a "공장" if any
                    called = _named_earlier(context, index, sentence, spec, noun)
                    subject, subject_id, head, confidence = (
                        (called.text, called.entity_id, None, 0.75) if called else _subject(
                            context, index, sentence, spec, sentence.start, [trigger],
                            exclude=obj, look_back=spec.subject_reach))
                else:
                    continue  # the clause's subject is no name we know ("정부는"), or unsaid
            else:
                # what "-made" qualifies is a thing made, never the army that got it
                # ("러시아군이 받은 북한제 자주포": the guns, not the Russian forces)
                subject, subject_id, head, confidence = _subject(
                    context, index, sentence,
                    replace(spec, subject_labels=("WEAPON",)) if glued else spec,
                    trigger.start, [trigger], exclude=obj, look_back=spec.subject_reach,
                )
            if spec.name == "deployed_to" and (people := _people_sent(context, sentence, trigger)):
                subject, subject_id, head, confidence = *people, None, 0.85
            if subject_id is None and head is None:
                continue  # a relation needs a named subject, not a guessed noun phrase
            scope = _exclusivity(text, sentence.start, obj.start, context.language)
            # a list before a verb-last language's verb ends with its object: none follows it
            listed = [obj] if verb_last else _coordinated(context, sentence, spec, obj)
            for each in listed:
                if subject_id is not None and _state(subject_id) == _state(each.entity_id) \
                        or subject == each.text:
                    continue  # "Tehran sent missiles to Iran" says nothing of a transfer
                value: dict[str, Any] = {"entity_id": each.entity_id, "text": each.text}
                if scope:
                    value["scope"] = scope
                qualifiers: dict[str, Any] = {}
                if spec.name == "supplied_to":
                    item = _item(context, sentence, trigger, each)
                    if item:
                        qualifiers["item"] = item
                end = max(each.end, clause_end(text, each.end, sentence.end, context.language))
                claims.append(_draft(
                    context, index, sentence.start, end, subject, subject_id, head, spec.name,
                    value, None, None, qualifiers, modality_scope=(sentence.start, end),
                    bound=None, confidence=confidence - 0.1, anchor=(trigger.start, trigger.end),
                ))
            break  # one trigger per property and sentence
    return claims


def _nearest_cue_first(context: _Context, sentence: Sentence, spec: PropertySpec,
                       triggers: Sequence[CueMatch]) -> list[tuple[CueMatch, Name]]:
    """The property's cues with the object each governs, objects in text order and, for
    one object, the cue nearest it first: in "a drone production facility in Alabuga aims
    to build 6,000 Shahed drones" the verb is "build", whose subject is Alabuga, not
    whatever an earlier sentence named before "production"."""
    verb_last = _objects_before_verb(context.language) is not None
    find_object = _object_before if verb_last else _object_after
    found = []
    for trigger in (t for t in triggers if t.label in spec.triggers):
        obj = find_object(context, sentence, spec, trigger)
        if obj is not None and not _governed_by_sibling(triggers, trigger, obj, spec):
            found.append((trigger, obj))
    # the cue nearest its object: the last before it, or in a verb-last language the first
    # after it ("화성-11가를 생산하는 공장": what makes it is 생산, not the factory)
    return sorted(found, key=lambda pair: (pair[1].start,
                                           pair[0].start if verb_last else -pair[0].start))


def _governed_by_sibling(triggers: Sequence[CueMatch], trigger: CueMatch, obj: Name,
                         spec: PropertySpec) -> bool:
    """Whether the cue of a sibling relation (same kinds of subject and object) stands
    between the trigger and its object, nearer the object: "si trova a 300 chilometri a nord
    di Torino" lies north of Turin (`located_near`), not in it (`located_in`)."""
    siblings = _sibling_cues(spec.name) - set(spec.triggers)
    low, high = sorted((trigger, obj), key=lambda span: span.start)
    return any(low.end <= cue.start and cue.end <= high.start and cue.label in siblings
               for cue in triggers)


@lru_cache(maxsize=64)
def _sibling_cues(name: str) -> frozenset[str]:
    spec = ontology().properties[name]
    return frozenset(group for other in ontology().properties.values()
                     if other.value_type == "entity" and other.name != name
                     and other.subject_labels == spec.subject_labels
                     and other.object_labels == spec.object_labels
                     for group in other.triggers)


def _state(entity_id: str | None) -> str | None:
    """The state a capital names ("Moscow" for Russia), else the entity itself."""
    return states_named_by_capitals().get(entity_id, entity_id) if entity_id else None


def _category_claims(context: _Context, index: int, sentence: Sentence) -> list[ClaimDraft]:
    """Values named by words from a closed list, e.g. the range class of a missile."""
    claims = []
    for spec in ontology().properties.values():
        if spec.value_type != "category" or not spec.lexicon:
            continue
        found = cue_set(context.language, "properties", spec.lexicon).find_all(
            context.text, sentence.start, sentence.end)
        for group in _overlapping(found):
            start, end = min(c.start for c in group), max(c.end for c in group)
            classes = sorted({c.label for c in group})
            if spec.fixed:
                weapon = _named_beside(context, sentence, start, end)
                if weapon is None:
                    continue  # a kind said of no weapon named beside it
                subject, subject_id, head, confidence = (weapon.text, weapon.entity_id, None,
                                                         0.85)
            else:
                subject, subject_id, head, confidence = _subject(context, index, sentence,
                                                                 spec, start, group)
            if spec.names_subject:
                head = classes[0]
                if subject_id is None:
                    subject = head
            if not subject or spec.fixed and subject_id is None:
                continue  # a class of nothing we can name, or a kind of no named weapon
            scope_end = max(end, clause_end(context.text, end, sentence.end, context.language))
            claims.append(_draft(
                context, index, sentence.start, scope_end, subject, subject_id, head,
                spec.name, {"classes": classes, "text": context.text[start:end]}, None, None,
                {}, modality_scope=(sentence.start, scope_end), bound=None,
                confidence=confidence - 0.1, anchor=(start, end), negatable=False,
            ))
    return claims


LIST_FUNCTION_WORD = 3  # letters of an article or preposition inside a list ("den", "aux")
BESIDE_WORDS = 2  # "missili balistici russi Kh-101", "ballistic missiles such as Fateh-110"
_GAP_BREAK_RE = re.compile(r"[,;:.()\[\]\n]")


def _named_beside(context: _Context, sentence: Sentence, start: int, end: int) -> Name | None:
    """The weapon a class word describes: named right before or after it, with at most two
    words between and no punctuation or "and" ("Iskander-M ballistic missiles and Kh-101
    cruise missiles": cruise is the Kh-101's); the nearer one, the one after on a tie."""
    joiners = _joiners(context.language)
    found: list[tuple[int, int, Name]] = []
    for name in context.names:
        if name.label != "WEAPON" or not (sentence.start <= name.start < sentence.end):
            continue
        if name.start >= end:
            gap, side = context.text[end:name.start], 0
        elif name.end <= start:
            gap, side = context.text[name.end:start], 1
        else:
            continue
        words = _WORD_RE.findall(gap)
        if _GAP_BREAK_RE.search(gap) or len(words) > BESIDE_WORDS or \
                any(word.lower() in joiners for word in words):
            continue
        found.append((len(gap), side, name))
    return min(found, key=lambda item: item[:2])[2] if found else None


def _overlapping(found: list[CueMatch]) -> list[list[CueMatch]]:
    groups: list[list[CueMatch]] = []
    for cue in sorted(found, key=lambda c: (c.start, -c.end)):
        if groups and cue.start < max(c.end for c in groups[-1]):
            groups[-1].append(cue)
        else:
            groups.append([cue])
    return groups


def _object_after(context: _Context, sentence: Sentence, spec: PropertySpec,
                  trigger: CueMatch) -> Name | None:
    if _glued(context, trigger):
        # a trigger glued to the word before ("US-made", "북한제"): that word is the object;
        # the names after it are what was made, or where it went ("Iranian-made drones
        # ... to attack Ukraine")
        glued = next((name for name in context.names if name.end == trigger.start), None)
        if glued is None or glued.label not in spec.object_labels or is_observer(glued.text):
            return None
        return glued
    markers = load_lexicon(context.language, "properties").get("markers") or {}
    marker_cues = CueSet({"m": markers.get(spec.object_marker) or ()}) \
        if spec.object_marker else None
    for name in context.names:
        if name.start < trigger.end or name.start > min(sentence.end, trigger.end + OBJECT_REACH):
            continue
        if name.label not in spec.object_labels or is_observer(name.text) or \
                _names_an_observer(context, name):
            continue  # a research centre or an outlet reports a relation, it is not in it
        gap = context.text[trigger.end:name.start]
        if re.search(r"[.;:]", gap) or spec.object_marker is None and "," in gap:
            return None  # "made in 2024, a report by CAR": CAR is no place of manufacture
        if _opens_clause(context, trigger.end, name.start, after_comma=True):
            return None  # "nient tout transfert, tout en ayant signé un traité à Pyongyang"
        if _after_target_word(gap, markers, markers.get(spec.object_marker) or ()):
            continue  # what a weapon is aimed at: "designed to target Seoul", "по Харькову"
        if marker_cues is not None and marker_cues:
            tail = gap[-14:]
            if not marker_cues.find(tail):
                continue
        return name
    return None


OBJECT_REACH = 90  # characters between a relation's cue and its object


def _object_before(context: _Context, sentence: Sentence, spec: PropertySpec,
                   trigger: CueMatch) -> Name | None:
    """The object of a verb-last language (Korean, Japanese), which stands before the verb
    and is marked by a particle glued to it: "북한이 러시아에 미사일을 제공했다" supplies
    Russia ("-에"), while "러시아에서 훈련" trains in Russia ("-에서" marks a place, not a
    recipient). The nearest name before the cue, in its sentence, whose longest glued particle
    is one the language lists for the property's object (`objects_before_verb`)."""
    if _glued(context, trigger):
        return _object_after(context, sentence, spec, trigger)  # "북한제": made in North Korea
    own = (_objects_before_verb(context.language) or {}).get(spec.name) or ()
    if not own:
        return None
    for name in sorted(context.names, key=lambda n: -n.end):
        if name.end > trigger.start or name.start < sentence.start:
            continue
        if trigger.start - name.end > OBJECT_REACH or \
                re.search(r"[.;:。]", context.text[name.end:trigger.start]):
            return None
        if name.label not in spec.object_labels or is_observer(name.text) or \
                _names_an_observer(context, name):
            continue
        if _glued_particle(context, name) in own:
            return name
    return _relative_head(context, sentence, spec, trigger)


def _relative_head(context: _Context, sentence: Sentence, spec: PropertySpec,
                   trigger: CueMatch) -> Name | None:
    """The noun a verb-last relative clause describes, right after its verb ("북한이 자체
    생산한 M1989": the M1989 North Korea makes), when it is of the object's kind."""
    pattern = _relative_ending_pattern(context.language)
    ending = pattern.match(context.text, trigger.end) if pattern else None
    if ending is None:
        return None
    head = next((name for name in context.names
                 if name.start == ending.end() and name.end <= sentence.end), None)
    if head is None or head.label not in spec.object_labels or is_observer(head.text):
        return None
    return head


@lru_cache(maxsize=64)
def _relative_ending_pattern(language: str) -> re.Pattern[str] | None:
    endings = load_lexicon(language, "properties").get("relative_endings") or ()
    if not endings:
        return None
    alternatives = "|".join(re.escape(str(ending)) for ending in
                            sorted(endings, key=lambda ending: -len(str(ending))))
    return re.compile(rf"(?:{alternatives})\s*")


def _marked_subject(context: _Context, sentence: Sentence, spec: PropertySpec,
                    obj: Name) -> Name | None:
    """The subject of a verb-last clause: the nearest name before the object, in its
    sentence, marked as subject or topic by its glued particle ("북한이 러시아에",
    "北朝鮮はロシアに"), or by a comma after a headline's first name ("북한, 러시아에 ...
    제공"). A name with another particle ("러시아와 북한의 협력") is no subject, and none is
    sought in earlier sentences: a Korean clause without a named subject has a subject we
    cannot name as often as one left unsaid."""
    marks = _subject_marks(context.language)
    demonstrative = _demonstrative_pattern(context.language)
    labels = spec.subject_labels or ANY_SUBJECT
    for name in sorted(context.names, key=lambda n: -n.end):
        if name.end > obj.start or name.start < sentence.start or name == obj:
            continue
        if name.label not in labels or is_observer(name.text):
            continue
        headline = context.text.startswith((",", "、"), name.end) and \
            not context.text[sentence.start:name.start].strip()
        if _glued_particle(context, name) in marks or headline:
            between = context.text[name.end:obj.start]
            if any(f"{part}{mark}" in between for part in _partitives(context.language)
                   for mark in marks) or demonstrative and demonstrative.search(between):
                # a nearer subject names no one: "..., 이 중 일부가 쿠르스크로" (some of what
                # was named), "..., 이 무기들은 쿠르스크에" (these weapons)
                return None
            return name
    return None


def _demonstrative_subject(context: _Context, sentence: Sentence, obj: Name) -> str | None:
    """The noun of a clause subject "this" or "that" and a noun ("이 공장은", "この工場は"),
    which points back to what an earlier sentence named; None when the subject is another."""
    pattern = _demonstrative_pattern(context.language)
    found = pattern.search(context.text, sentence.start, obj.start) if pattern else None
    return found.group("noun") if found else None


DEMONSTRATIVE_REACH = 5  # sentences back: "this plant" may name one a paragraph before


def _named_earlier(context: _Context, index: int, sentence: Sentence, spec: PropertySpec,
                   noun: str) -> Name | None:
    """The last name of the property's subject kinds, in the sentences before, that
    contains the noun a demonstrative subject uses ("2월11일공장" for "이 공장")."""
    labels = spec.subject_labels or ANY_SUBJECT
    first = context.sentences[max(0, index - DEMONSTRATIVE_REACH)].start
    earlier = [name for name in context.names if first <= name.start < sentence.start
               and name.label in labels and noun in name.text and not is_observer(name.text)]
    return earlier[-1] if earlier else None


@lru_cache(maxsize=64)
def _demonstrative_pattern(language: str) -> re.Pattern[str] | None:
    words = [str(word) for word in
             load_lexicon(language, "properties").get("demonstratives") or ()]
    marks = _subject_marks(language)
    if not words or not marks:
        return None
    # a "~" entry may touch the word before it (Japanese); the others begin a word
    starts = "|".join(re.escape(word[1:]) if word.startswith("~") else
                      rf"(?<!\w){re.escape(word)}" for word in words)
    ends = "|".join(re.escape(mark) for mark in sorted(marks, key=len, reverse=True))
    return re.compile(rf"(?:{starts})\s?(?P<noun>[^\s,、。]{{1,8}}?)(?:{ends})(?=[\s,、]|$)")


@lru_cache(maxsize=64)
def _partitives(language: str) -> tuple[str, ...]:
    """Words for a part of what the sentence named ("일부", "一部"): as a clause's subject
    they stand between the name before them and the relation."""
    return tuple(str(word) for word in
                 load_lexicon(language, "properties").get("partitives") or ())


@lru_cache(maxsize=64)
def _objects_before_verb(language: str) -> dict[str, tuple[str, ...]] | None:
    """The particles that mark each property's object, for a language that puts the verb
    last; None for the others."""
    found = load_lexicon(language, "properties").get("objects_before_verb")
    if not found:
        return None
    return {str(name): tuple(str(entry).removeprefix("~") for entry in entries or ())
            for name, entries in found.items()}


@lru_cache(maxsize=64)
def _subject_marks(language: str) -> frozenset[str]:
    """The particles that mark a clause's subject or topic ("이", "は")."""
    markers = load_lexicon(language, "properties").get("markers") or {}
    return frozenset(str(entry).removeprefix("~") for entry in markers.get("subject") or ())


def _glued_particle(context: _Context, name: Name) -> str | None:
    """The longest particle the lexicon lists that is glued after the name ("에서", not
    "에"), which tells the name's role."""
    return max((particle for particle in _glued_particles(context.language)
                if context.text.startswith(particle, name.end)), key=len, default=None)


@lru_cache(maxsize=64)
def _glued_particles(language: str) -> frozenset[str]:
    """Every particle the language's lexicon lists after a name, whatever its role, so that
    the longest one glued to a name tells its role ("에서", not "에")."""
    markers = load_lexicon(language, "properties").get("markers") or {}
    listed = {str(entry)[1:] for entries in markers.values() for entry in entries or ()
              if str(entry).startswith("~")}
    for entries in (_objects_before_verb(language) or {}).values():
        listed.update(entries)
    return frozenset(listed)


def _names_an_observer(context: _Context, name: Name) -> bool:
    """The name qualifies an outlet or research centre written right after it ("영국
    파이낸셜타임스가 보도했다": the British FT reported): the observer's country, no party."""
    return any(0 <= other.start - name.end <= 1 and is_observer(other.text)
               and not context.text[name.end:other.start].strip() for other in context.names)


def _after_target_word(gap: str, markers: dict[str, Any], own: Sequence[str]) -> bool:
    """Whether the words before a name end with a word that makes it a target ("по", "против",
    "to target"), unless that word is also a marker of the property itself (Russian "на"
    is a place too)."""
    words = gap.split()
    targets = {str(word).lower() for word in markers.get("target") or ()} - \
        {str(word).lower() for word in own}
    return bool(words) and words[-1].lower() in targets


_UNSPACED_SCRIPT_RE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")  # kana, Han


def _glued(context: _Context, trigger: CueMatch) -> bool:
    """A trigger written onto the word before it ("US-made", "북한제", "北朝鮮製の"). In a
    script written without spaces every word touches the one before it, so there only a
    trigger right after a name is glued to it."""
    if trigger.start == 0 or context.text[trigger.start - 1].isspace():
        return False
    if _UNSPACED_SCRIPT_RE.match(context.text[trigger.start - 1]):
        return any(name.end == trigger.start for name in context.names)
    return True


LIST_GAP_WORDS = 2  # "the United States, Germany [and the] Netherlands", "[, en] Allemagne"
_LIST_GAP_RE = re.compile(rf"^\s*(?:,\s*)?(?:[^\W\d_]+\s+){{0,{LIST_GAP_WORDS}}}$")


@lru_cache(maxsize=64)
def _joiners(language: str) -> frozenset[str]:
    """Words that join two items of a list ("and", "et", "и")."""
    return frozenset(str(word).lower() for word in
                     load_lexicon(language, "properties").get("joiners") or ())


def _coordinated(context: _Context, sentence: Sentence, spec: PropertySpec,
                 first: Name) -> list[Name]:
    """The object and those listed after it ("made in the United States, Germany and the
    Netherlands": three places of origin): names of the object's labels joined by commas or a
    joiner ("and", "et", "и"), with at most an article or a preposition beside it."""
    joiners = _joiners(context.language)
    listed = [first]
    for name in context.names:
        if name.start < listed[-1].end or name.start >= sentence.end:
            continue
        if name.label not in spec.object_labels:
            break
        gap = context.text[listed[-1].end:name.start]
        words = [word.lower() for word in _WORD_RE.findall(gap)]
        joined = "," in gap or any(word in joiners for word in words)
        if not joined or not _LIST_GAP_RE.match(gap) or any(
                word not in joiners and len(word) > LIST_FUNCTION_WORD for word in words):
            break
        listed.append(name)
    return listed


def _exclusivity(text: str, start: int, end: int, language: str) -> str | None:
    """"only known" / "only" when the text says the object is the unique one."""
    lexicon = load_lexicon(language, "properties")
    found = CueSet({"exclusive": lexicon.get("exclusive") or (),
                    "known": lexicon.get("known") or ()}).find(text, start, end)
    labels = {cue.label for cue in found}
    if "exclusive" in labels:
        return "only known" if "known" in labels else "only"
    return None


def _item(context: _Context, sentence: Sentence, trigger: CueMatch, recipient: Name) -> str | None:
    """What is transferred: a weapon named in the sentence, else the counted thing."""
    for name in context.names:
        if name.label == "WEAPON" and sentence.start <= name.start < sentence.end:
            return name.text
    for quantity in context.quantities:
        if sentence.start <= quantity.start < sentence.end:
            unit = (quantity.value or {}).get("normalized_unit")
            if unit:
                return str(unit)
    return None


# -- shared pieces --------------------------------------------------------------------------

def _triggers(language: str) -> CueSet:
    return cue_set(language, "properties", "triggers")


def _subject(context: _Context, index: int, sentence: Sentence, spec: PropertySpec,
             anchor: int, triggers: Sequence[CueMatch], exclude: Name | None = None,
             look_back: int = _ANAPHORA_SENTENCES, look_ahead: int = 0,
             counted: str | None = None) -> tuple[str, str | None, str | None, float]:
    """(subject text, entity id, normalised head, confidence) for a value at `anchor`.

    An outlet, research centre, monitor or intelligence service is never the subject: it
    reports figures, which are about others ("RUSI, according to which Russia made 420").
    With no name and no known head, the subject is what the figure counts (`counted`), else
    a counted noun near the value; else it is "" and the caller drops the claim: a guessed
    word ("than", "killed") would say nothing and could join unrelated claims in one slot."""
    labels = spec.subject_labels or ANY_SUBJECT
    head = _subject_head(context, sentence.start, anchor)
    if spec.name in ("supplied_to", "delivery_count", "delivery_rate"):
        # the supplier is named before the verb of supply nearest the figure ("Ces livraisons
        # ...: Pyongyang avait expédié 10 000 conteneurs"), never among its recipients
        supply = [t for t in triggers if t.label == "supply" and t.start < anchor]
        supply = supply or [t for t in triggers if t.label == "supply"]
        if supply:
            anchor = min(anchor, supply[-1].start)

    transfer = spec.name in ("supplied_to", "delivery_count", "delivery_rate")

    def candidate(name: Name) -> bool:
        return name.label in labels and name != exclude and not is_observer(name.text) and \
            not (transfer and _is_recipient(context, name))

    named_with_it = [n for n in context.names if n.start <= anchor < n.end and candidate(n)
                     and n.label == "WEAPON"]
    if named_with_it:
        # the figure is part of the weapon's name: "240ミリ放射砲", "the 240 mm MRL"
        return named_with_it[0].text, named_with_it[0].entity_id, head, 0.85
    if spec.name == "calibre":
        # a calibre describes the weapon named right after it ("an upgrade of the Soviet
        # 220 mm BM-27"), before any weapon named earlier in the sentence
        described = _weapon_after(context, sentence, anchor, candidate)
        if described is not None:
            return described.text, described.entity_id, head, 0.85
    before = [n for n in context.names
              if sentence.start <= n.start and n.end <= anchor and candidate(n)]
    if before:
        chosen = min(before, key=lambda n: (labels.index(n.label), anchor - n.end))
        return chosen.text, chosen.entity_id, head, 0.85
    after = [n for n in context.names
             if anchor <= n.start < sentence.end and candidate(n) and n.label in ("WEAPON", "FAC")
             and not (n.start > anchor and _OWN_FIGURE_RE.match(n.text))]
    if after and spec.value_type != "entity":
        # right after the figure, the weapon is what it counts ("two Hwasong-11 missiles")
        counted = counted_gap(context.text[anchor:after[0].start])
        return after[0].text, after[0].entity_id, head, 0.85 if counted else 0.75
    earlier = [n for n in context.names
               if context.sentences[max(0, index - look_back)].start <= n.start < sentence.start
               and candidate(n)]
    if earlier:
        # the preferred type first, then the nearest sentence, then the first in it
        def rank(name: Name) -> tuple[int, int, int]:
            return labels.index(name.label), -_sentence_of(context, name.start), name.start

        first = min(earlier, key=rank)
        return first.text, first.entity_id, head, 0.65
    if look_ahead:
        # a lede's "North Korean missiles" are named in the next sentences
        last = context.sentences[min(len(context.sentences) - 1, index + look_ahead)].end
        later = [n for n in context.names if sentence.end <= n.start < last and candidate(n)]
        if later:
            chosen = min(later, key=lambda n: (labels.index(n.label), n.start))
            return chosen.text, chosen.entity_id, head, 0.6
    if head:
        return head, None, head, 0.6
    noun = counted or _counted_noun_near(context, sentence.start, anchor)
    return noun or "", None, None, 0.5


RECIPIENT_WORDS_BACK = 3  # "to Russia's Kursk Oblast", "to the Kursk Oblast"


def _is_recipient(context: _Context, name: Name) -> bool:
    """Whether the name receives a transfer rather than makes it: a recipient particle glued
    after it (Korean "러시아에", unless a longer particle of another role: "러시아에서"), or,
    after a verb of supply in its sentence, a recipient preposition among the few words
    before it ("sent to the Kursk Oblast"; but not "a reaction to Iran sending")."""
    prepositions, particles = _marker_words(context.language)
    glued = [(len(particle), role) for role, found in particles.items() for particle in found
             if context.text.startswith(particle, name.end)]
    if glued:
        return max(glued)[1] == "recipient"
    words = list(_WORD_RE.finditer(context.text, max(0, name.start - 40), name.start))
    governing = [word for word in words[-RECIPIENT_WORDS_BACK:]
                 if word.group().lower() in prepositions]
    if not governing:
        return False
    between = [other for other in context.names
               if governing[-1].end() <= other.start and other.end <= name.start]
    if between and _opens_clause(context, between[-1].end, name.start):
        return False  # "affirmait à Bloomberg que Pyongyang avait expédié": told Bloomberg
    sentence = context.sentences[_sentence_of(context, name.start)]
    return any(cue.label in ("supply", "deployment")  # "sent to" is either
               for cue in _triggers(context.language).find(context.text, sentence.start,
                                                           name.start))


def _opens_clause(context: _Context, start: int, end: int, after_comma: bool = False) -> bool:
    """Whether a clause opens in text[start:end]: a clause-opening word ("que", "that",
    "однако") that is no joiner ("to Russia and Belarus" sends to both). With `after_comma`,
    only right after a comma: German "die" opens a relative clause there ("Raketen, die an
    Russland ...") and is an article elsewhere ("liefert die Raketen an Russland")."""
    joiners = _joiners(context.language)
    return any(cue.text.lower() not in joiners
               and (not after_comma or context.text[start:cue.start].rstrip().endswith(","))
               for cue in cue_set(context.language, "modality", "clause_breaks").find(
                   context.text, start, end))


@lru_cache(maxsize=64)
def _marker_words(language: str) -> tuple[frozenset[str], dict[str, tuple[str, ...]]]:
    """(recipient prepositions, particles glued after a name by role) from `markers`: a
    "~" entry sticks to the previous word."""
    markers = load_lexicon(language, "properties").get("markers") or {}
    prepositions = frozenset(str(entry).lower() for entry in markers.get("recipient") or ()
                             if not str(entry).startswith("~"))
    particles = {str(role): tuple(str(entry)[1:] for entry in entries or ()
                                  if str(entry).startswith("~"))
                 for role, entries in markers.items()}
    return prepositions, particles


def _weapon_after(context: _Context, sentence: Sentence, anchor: int,
                  candidate: Callable[[Name], bool]) -> Name | None:
    """The first weapon named after the figure, with only the figure's unit and a few words
    (no punctuation but the quotes around a name) between."""
    for name in context.names:
        if anchor <= name.start < sentence.end and name.label == "WEAPON" and candidate(name):
            between = context.text[anchor:name.start].strip("「『“\"« ")
            return name if counted_gap(between) and not _OWN_FIGURE_RE.search(
                context.text[name.start:name.end]) else None
    return None


def _sentence_of(context: _Context, position: int) -> int:
    starts = [sentence.start for sentence in context.sentences]
    return bisect.bisect_right(starts, position) - 1


def _subject_head(context: _Context, start: int, anchor: int) -> str | None:
    found = cue_set(context.language, "properties", "subjects").find(context.text, start,
                                                                     anchor)
    return found[-1].label if found else None


def _counted_noun_near(context: _Context, start: int, anchor: int) -> str | None:
    """The noun nearest the value that the unit lexicon knows as a counted thing, by its
    canonical name: "missile" for "long-range ballistic missiles" or "такі ракети ... на
    відстані від 300 до 700 км". First in the few words of the value's clause from the value
    on, then back to the start of its sentence. People are never taken: "troops" in "send
    troops over 100 extra long-range weapons" are not what is long-range."""
    text = context.text
    stop = _CLAUSE_BREAK_RE.search(text, anchor)
    after = list(_WORD_RE.finditer(text, anchor, stop.start() if stop else len(text)))
    before = list(_WORD_RE.finditer(text, start, anchor))
    units = quantity_lexicon(context.language).word_units
    for word in [*after[:COUNTED_WORDS], *reversed(before)]:
        unit = units.get(word.group().lower())
        if unit is not None and unit.kind == "count" and \
                "people" not in _counted_classes(context, word.start(), word.end()):
            return unit.canonical
    return None


def _qualifiers(context: _Context, sentence: Sentence, quantity: _Mention, subject: str,
                period: str | None) -> dict[str, Any]:
    value = quantity.value or {}
    qualifiers: dict[str, Any] = {}
    if value.get("kind") == "count" and value.get("normalized_unit"):
        qualifiers["counted"] = value["normalized_unit"]
        if value.get("of_kinds"):
            qualifiers["of_kinds"] = True  # "450 unique components": kinds, not items
    if period:
        qualifiers["per"] = period
    if inside_quotation(context.text, quantity.start, quantity.end,
                        *paragraph_bounds(context.text, quantity.start, quantity.end)):
        qualifiers["quoted"] = True  # the speaker's own words, not a paraphrase
    dates = _dates_of_figure(context, sentence, quantity)
    if dates:
        nearest = min(dates, key=lambda d: abs(d.start - quantity.start))
        qualifiers["as_of"] = {key: (nearest.value or {}).get(key)
                               for key in ("low", "high", "granularity")}
        qualifiers["as_of"]["text"] = nearest.text
        if _date_after(context, sentence, nearest, "deadline_prefixes"):
            qualifiers["as_of"]["deadline"] = True
    measured_on = _measured_on(context, sentence, quantity)
    if measured_on is not None:
        qualifiers["measured_on"] = measured_on
    places = [n for n in context.names if n.label == "LOC" and n.text != subject
              and sentence.start <= n.start < sentence.end]
    if places:
        nearest_place = min(places, key=lambda n: abs(n.start - quantity.start))
        qualifiers["place"] = {"text": nearest_place.text, "entity_id": nearest_place.entity_id}
    return qualifiers


def _tally(context: _Context, sentence: Sentence, quantity: _Mention) -> bool:
    """A count that sums up things named before it: a `tallies` cue right before the figure
    ("insgesamt 16 Personen", "a total of 16") or right after it ("16 people in all")."""
    found = cue_set(context.language, "properties", "tallies").find(
        context.text, sentence.start, sentence.end)
    return any(cue.end <= quantity.start and not context.text[cue.end:quantity.start].strip()
               or cue.start >= quantity.end and not context.text[quantity.end:cue.start].strip()
               for cue in found)


def _measured_on(context: _Context, sentence: Sentence, quantity: _Mention
                 ) -> dict[str, str] | None:
    """What the figure was measured on, when its sentence says so and it is narrower than
    what the figure will be said of: a sample of items examined ("examined several drones
    and found that 82% ...") or another item like it ("a similar missile contained 35 US
    parts"). Read up to the end of the figure's clause; the nearest cue wins."""
    end = max(clause_end(context.text, quantity.end, sentence.end, context.language),
              quantity.end)
    found = cue_set(context.language, "properties", "measured_on").find(
        context.text, sentence.start, end)
    if not found:
        return None
    nearest = min(found, key=lambda cue: abs(cue.start - quantity.start))
    return {"kind": nearest.label, "text": nearest.text}


def _dates_of_figure(context: _Context, sentence: Sentence,
                     quantity: _Mention) -> list[_Mention]:
    """Dates of the sentence that can date this figure. A date after another figure belongs
    to that one: "from 56 in 2021 to 460 in 2023" dates 460 by 2023, and "420 against 56 in
    2021" leaves 420 undated. So a date is not taken past another figure, nor when it is the
    first date after another figure written before it (a date before every figure, "in 2023
    it made 420 and sold 56", dates them all). A year a figure is compared with ("420
    compared with 2021, when only 56") dates the first figure after it, never one before."""
    dates = [d for d in context.dates if sentence.start <= d.start < sentence.end]
    figures = [q for q in context.quantities if q is not quantity
               and sentence.start <= q.start < sentence.end
               and not _overlaps_date(q, context.dates) and not _reads_as_year(q)]
    baselines = {id(d) for d in dates if _date_after(context, sentence, d, "baseline_prefixes")}

    def closes_other_figure(date: _Mention) -> bool:
        if date.start >= quantity.end:
            return id(date) in baselines or \
                any(quantity.end <= f.start and f.end <= date.start for f in figures)
        if id(date) in baselines:
            return any(date.end <= f.start and f.end <= quantity.start for f in figures)
        before = [f for f in figures if f.end <= date.start]
        if not before:
            return False
        last = max(f.end for f in before)
        return not any(last <= d.start < date.start for d in dates)

    return [d for d in dates if not closes_other_figure(d)]


def _date_after(context: _Context, sentence: Sentence, date: _Mention, words: str) -> bool:
    """A word of the dates lexicon's `words` list ends right before the date: the year a
    figure is compared with (`baseline_prefixes`, "compared with 2021") or the date a total
    is to be reached by (`deadline_prefixes`, "by 2025")."""
    found = cue_set(context.language, "dates", words).find(
        context.text, max(sentence.start, date.start - _PREFIX_REACH), date.start)
    return any(not context.text[cue.end:date.start].strip() for cue in found)


def _reads_as_year(quantity: _Mention) -> bool:
    """A year the dates parser left to the quantities ("2024 года"): a date, not a figure."""
    low = (quantity.value or {}).get("low")
    return bool(_YEAR_DIGITS.match(quantity.text)) and isinstance(low, float | int) \
        and 1000 <= low <= 2150


def _clause_start(text: str, previous_end: int, sentence_start: int) -> int:
    start = max(previous_end, sentence_start)
    while start < len(text) and (text[start].isspace() or text[start] in ",;:-–—•*"):
        start += 1
    return start


def _draft(context: _Context, index: int, start: int, end: int, subject: str,
           subject_id: str | None, head: str | None, prop: str, value: dict[str, Any],
           unit: str | None, reference: str | None, qualifiers: dict[str, Any], *,
           modality_scope: tuple[int, int], bound: str | None,
           confidence: float, anchor: tuple[int, int] | None = None,
           negatable: bool = True) -> ClaimDraft:
    sentence = context.sentences[index]
    attribution = context.attributions[index]
    attributed = attribution is not None and bool(attribution.links)
    question = context.text[sentence.start:sentence.end].rstrip().endswith(("?", "？"))
    modality = modality_in(context.text, modality_scope[0], modality_scope[1], context.language,
                           attributed=attributed, question=question, bound=bound, anchor=anchor,
                           negatable=negatable)
    if attribution is not None and attribution.links and attribution.links[0].inherited:
        confidence -= 0.1
    if modality.span is not None:
        qualifiers = {**qualifiers, "modality_cue": list(modality.span)}
    return ClaimDraft(
        start=start, end=end, quote=context.text[start:end], subject=subject,
        subject_entity_id=subject_id, property=prop, value=value, unit=unit,
        reference=reference, qualifiers=qualifiers,
        attribution=chain(attribution, context.source), modality=modality.kind,
        estimative_level=modality.level, confidence=round(max(0.1, confidence), 2),
        subject_head=head,
    )


def _unique(claims: list[ClaimDraft]) -> list[ClaimDraft]:
    seen: set[tuple[Any, ...]] = set()
    kept = []
    for claim in claims:
        key = (claim.start, claim.end, claim.property, claim.subject)
        if key not in seen:
            seen.add(key)
            kept.append(claim)
    return kept
