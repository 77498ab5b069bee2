"""Consensus flags: one figure read with and without its qualifier by unrelated reports.

Copy chains and slots only meet inside a story, yet the versions of a claim often sit in
documents of different stories, without dates or copy links to say which came first. What
still ties them is the claim itself: the same figure, of the same property, said of the same
linked subject or credited to the same linked source. When such versions disagree on how the
figure is put - hedged or flat, "at least N" or "N", a capacity or an output - the lone
version without the qualifier is the one that departs, provided some independent report (a
copy tree of its own) keeps it: the qualifier is the cautious reading, and a report that drops
it asserts more than the evidence it repeats. A version that keeps the qualifier somewhere in
its copy tree is never accused, nor one published before every qualified version.

One document may also say a figure twice, as a capacity in its body and as an output in its
headline: the headline is flagged against the document's own body.

A figure that counts only one weapon ("400 Fateh-110 missiles"), where another copy tree
names that weapon as a part of the same figure ("400 missiles, including many Fateh-110"),
makes every one of them that weapon: `unsupported_addition`, against the version that
counts it as a part (unless the narrow version came first).

A total to reach by a date ("6,000 drones by 2025") read elsewhere as a rate ("6,000 drones
a year") is a different claim of the same figure: the rate asserts the figure again every
period. The total is the cautious reading, so every copy tree giving the figure as a rate,
where another keeps it as a dated total, is flagged `value_conflict` (unless it came first):
unlike a dropped hedge, which a lone copy tree must drop, a rate told by several reports is
still one reading repeated, not evidence that the total was wrong.

Media reports are a qualifier too: "according to Ukrainian media, more than 200" retold as
"according to official statements" or "sources say" makes relayed reports first-hand. The
version crediting one kind of vague source (officials, intelligence services, plain sources)
that no other copy tree credits, where another copy tree credits the figure to media reports,
is flagged `attribution_changed` (unless it came first); two reports that name the same kind
are left alone, as that kind may well have spoken. Inside one slot the figure may also have
been made precise on the way: "more than 200" tells of a count under the next round figure,
so "225" from officials is tied to it (`_same_figure`), where "400" is a report of its own.

Inside one story, the same figure said of the same subject may count another thing: "400
missile systems" where every other report counts "400 missiles" (a system implies its
launcher too). When what the lone copy tree counts is a compound of what at least two other
copy trees count (or the reverse), it is flagged `value_conflict` (unless it came first);
counts of unrelated things that happen to share a figure ("200 missiles and 200 drones") are
left alone.

A delivery or output that other copy trees of a slot report done, given as only planned by
one copy tree ("20 launchers were supplied" against "20 launchers will be delivered") is
flagged `hedge_added`, unless the plan was published first; the other way round (done among
plans) is a timeline and is left alone.

Growth factors ("output multiplied by seven", "a rise of 700%") are compared by value: they
state a ratio that restating does not change, so a factor that no other version agrees with,
said of a subject or weapon for which at least two other copy trees agree on another factor
(same baseline, overlapping dates), is flagged `value_conflict` against them.

What kind a weapon is (a `fixed` category of the ontology: ballistic or cruise) does not
change with the date or the story, so its versions are compared across the corpus: a copy
tree that alone gives a weapon a kind that no other copy tree gives, where at least two other
copy trees agree on another kind ("missili balistici Kh-101" against the cruise missile of
every other report), is flagged `value_conflict` (unless it came first).

The index holds a few small tuples per figure claim, keyed by hashing, so the work grows with
the claims that share a key, not with the square of the corpus.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import lru_cache
from typing import Protocol, TypeVar

from veille.corroborate.agreement import (
    DENIED,
    LOWER_BOUNDS,
    UPPER_BOUNDS,
    Interval,
    as_of,
    compare_intervals,
    disjoint,
    interval,
    value_type,
)
from veille.corroborate.flags import (
    FACT,
    FIGURES,
    MEASURES,
    MIN_CONFIDENCE,
    RELAYING_KIND,
    FlagRecord,
    fixed_properties,
    flag_span,
    source_kind,
    value_span,
)
from veille.corroborate.records import ClaimRecord
from veille.corroborate.slots import subject_key
from veille.extract.claims import counted_gap, ontology
from veille.extract.cues import CueSet

GENERIC_PROPERTY = "count"  # the fallback property: says nothing about what is counted
UNKNOWN_COUNT = "count:things"
MIN_FIGURE = 10.0  # a figure under ten ("four shipments") is too common to tie two reports
VAGUE_SPREAD = 10.0  # "hundreds" is [100, 1000]: an order of magnitude, no figure to match
FACTOR_PROPERTIES = frozenset({"production_change"})  # growth factors, compared by value
AREA_TYPES = frozenset({"LOC", "COUNTRY", "GPE"})  # subjects too broad to tie two figures
MIN_AGREEING_TREES = 2  # copy trees that must agree on another factor before one is accused
# axis -> (flag kind, how the qualifier reads in a reason)
AXES = {
    "hedge": ("hedge_dropped", "hedged"),
    "bound": ("hedge_dropped", "given as a floor ('at least', 'more than')"),
    "capacity": ("capacity_as_fact", "given as a capacity"),
    "scope": ("unsupported_addition", "counted as a part of the figure"),
    "total": ("value_conflict", "a total to reach by a date"),
    "relayed": ("attribution_changed", "credited to media reports"),
    "counted": ("value_conflict", "counting another thing"),
    "done_as_planned": ("hedge_added", "reported as done"),
}
READ_AXES = ("hedge", "bound", "capacity")  # where the lone plain version departs
# Where the lone qualified version departs, and the name of that departure: time runs from
# plan to delivery, so a delivery reported among plans is a timeline, but a plan among
# reports of the delivery is out of order (unless published before them).
REVERSED = {"planned": "done_as_planned"}


@dataclass(frozen=True)
class Entry:
    """What the index keeps of one figure claim."""

    claim_id: str
    document_id: str
    doc_key: str
    root: str  # the copy tree it belongs to
    property: str
    family: str
    readings: tuple[tuple[str, bool], ...]  # (axis, qualified?) for the axes that apply
    credits: frozenset[str]  # the people and organisations it names as its source
    published: datetime | None
    period: tuple[date, date] | None
    scope: tuple[tuple[str, str], ...] = ()  # (weapon id, "counted" or "part")
    figure: tuple[float, float] = (0.0, 0.0)  # low, high
    source_kind: str | None = None  # the kind of vague source it credits (`source_kind`)

    def role_of(self, weapon: str) -> str | None:
        return next((role for named, role in self.scope if named == weapon), None)


@dataclass(frozen=True)
class KindEntry:
    """What the index keeps of one claim of what kind a weapon is."""

    claim_id: str
    doc_key: str
    root: str
    kinds: frozenset[str]
    published: datetime | None


@dataclass(frozen=True)
class FactorEntry:
    """What the index keeps of one growth factor claim."""

    claim_id: str
    doc_key: str
    root: str
    figure: Interval
    published: datetime | None
    period: tuple[date, date] | None


def readings(claim: ClaimRecord, family: str) -> tuple[tuple[str, bool], ...]:
    """On which axes the claim is qualified (True) or plain (False); absent axes say nothing."""
    bound = str((claim.value or {}).get("bound") or "=")
    found: list[tuple[str, bool]] = []
    if claim.modality == "hedged" or claim.modality in FACT:
        found.append(("hedge", claim.modality == "hedged"))
    if bound in LOWER_BOUNDS or bound == "=":
        found.append(("bound", bound in LOWER_BOUNDS))
    capacity_like = family not in MEASURES and claim.property != GENERIC_PROPERTY
    if capacity_like and (claim.modality == "capacity"
                          or claim.modality in FACT and bound not in UPPER_BOUNDS):
        found.append(("capacity", claim.modality == "capacity"))
    if claim.property in total_or_rate_questions() and (claim.modality == "planned"
                                                         or claim.modality in FACT):
        found.append(("planned", claim.modality == "planned"))
    return tuple(found)


def figure_entry(claim: ClaimRecord, root: str,
                 scope: Mapping[str, str] | None = None) -> Entry | None:
    """The claim as a version of its figure; None when it has no definite figure ("hundreds"
    spans an order of magnitude) or no axis on which it is plain or qualified."""
    if value_type(claim.property) not in FIGURES or claim.confidence < MIN_CONFIDENCE or \
            claim.property in FACTOR_PROPERTIES or claim.modality == DENIED:
        return None  # a denial says no figure: it contradicts one (`agreement.compare`)
    figure = interval(claim)
    value = claim.value or {}
    low, high = value.get("low"), value.get("high")
    if figure is None or not isinstance(low, (int, float)) or \
            not isinstance(high, (int, float)):
        return None
    if min(low, high) <= 0 or max(low, high) >= VAGUE_SPREAD * min(low, high):
        return None
    axes = readings(claim, figure.family)
    if not axes:
        return None
    credits = frozenset(source.key for source in claim.named_sources
                        if source.role in ("speaker", "organisation"))
    return Entry(claim.id, claim.document_id, claim.doc_key, root, claim.property,
                 figure.family, axes, credits, claim.published, as_of(claim),
                 tuple(sorted((scope or {}).items())), (float(low), float(high)),
                 source_kind(claim))


def slot_departures(claims: Iterable[ClaimRecord], root_of: Callable[[str], str],
                    ) -> list[tuple[Entry, Entry, str]]:
    """The lone plain versions of one slot (one story, one question), whatever the figure:
    the slot ties "at least four shipments" to "four shipments" where a bare value of four
    would tie unrelated reports across stories."""
    entries = [entry for claim in claims
               if (entry := figure_entry(claim, root_of(claim.document_id))) is not None]
    by_value: dict[tuple[float, float], list[Entry]] = defaultdict(list)
    for entry in entries:
        by_value[entry.figure].append(entry)
    return [departure for same in by_value.values()
            for departure in (*_lone_plain(same),
                              *_lone_plain(same, REVERSED, lone_qualified=True))
            ] + list(_relayed_as_sourced(entries))


class ConsensusIndex:
    """Figure claims keyed by (who or what, property, figure), fed story by story.

    `entity_types` maps entity ids to their types: a country or region as the subject
    ("Russia received 100") ties nothing, as too many figures are said of it; a facility
    ("the Alabuga plant will make 6,000") is narrow enough to tie the reports about it.
    """

    def __init__(self, entity_types: dict[str, str] | None = None) -> None:
        self.entity_types = entity_types or {}
        self.blocks: dict[tuple, list[Entry]] = defaultdict(list)
        self.totals: dict[tuple, list[Entry]] = defaultdict(list)  # rate-or-total readings
        self.rates_in_document: dict[tuple, list[Entry]] = defaultdict(list)
        self.own: dict[tuple, list[Entry]] = defaultdict(list)  # the current story's documents
        self.own_departures: list[tuple[Entry, Entry]] = []
        self.factors: dict[tuple, list[FactorEntry]] = defaultdict(list)
        self.kinds: dict[tuple[str, str], list[KindEntry]] = defaultdict(list)
        self.weapon_names: dict[str, str] = {}  # entity id -> canonical name, for reasons

    def add(self, claim: ClaimRecord, root: str, weapons: Iterable[str] = (),
            scope: Mapping[str, str] | None = None) -> None:
        """Index a claim of copy tree `root`; `weapons` are the entities of the weapons named
        in its span ("200 Fath-360 missiles"), which tie reports whose subjects differ;
        `scope` says of some of them whether the figure counts them ("counted") or names
        them as a part ("part"), see `weapon_scope`."""
        if claim.property in fixed_properties() and value_type(claim.property) == "category" \
                and claim.subject_entity_id and claim.confidence >= MIN_CONFIDENCE:
            self.kinds[(claim.subject_entity_id, claim.property)].append(KindEntry(
                claim.id, claim.doc_key, root, frozenset((claim.value or {}).get("classes") or ()),
                claim.published))
            return
        if value_type(claim.property) not in FIGURES or claim.confidence < MIN_CONFIDENCE:
            return
        if claim.property in FACTOR_PROPERTIES:
            self._add_factor(claim, root, weapons)
            return
        entry = figure_entry(claim, root, scope)
        if entry is None or min(entry.figure) < MIN_FIGURE:
            return
        family = "count" if entry.family.startswith("count:") else entry.family
        figure_key = (family, *entry.figure, (claim.qualifiers or {}).get("per"))
        keys = {("source", source.key) for source in claim.named_sources}
        if claim.subject_entity_id and \
                self.entity_types.get(claim.subject_entity_id) not in AREA_TYPES:
            keys.add(("subject", claim.subject_entity_id))
        keys.update(("weapon", weapon) for weapon in weapons)
        for key in keys:
            self.blocks[(*key, *figure_key)].append(entry)
        self.own[(claim.document_id, claim.property, *figure_key)].append(entry)
        total_or_rate = _total_or_rate(claim, entry)
        if total_or_rate is not None:
            for key in keys:
                self.totals[(*key, *figure_key[:3])].append(total_or_rate)
            if not _reading(total_or_rate, "total"):
                self.rates_in_document[(claim.document_id, total_or_rate.property,
                                        *figure_key[1:])].append(total_or_rate)

    def _add_factor(self, claim: ClaimRecord, root: str, weapons: Iterable[str]) -> None:
        figure = interval(claim)
        if figure is None or figure.family != "ratio":
            return
        entry = FactorEntry(claim.id, claim.doc_key, root, figure, claim.published,
                            as_of(claim))
        # what grew: the subject, or a weapon named in the span ("Russia increased Kh-101
        # output eight times" is a factor of the Kh-101 as much as of Russia)
        things = set(weapons)
        if claim.subject_entity_id and \
                self.entity_types.get(claim.subject_entity_id) not in AREA_TYPES:
            things.add(claim.subject_entity_id)
        for thing in things:
            self.factors[(thing, claim.property, claim.reference or "")].append(entry)

    def factor_conflicts(self) -> list[tuple[FactorEntry, list[FactorEntry]]]:
        """(lone factor, the agreeing versions it departs from), each factor once."""
        found: dict[str, tuple[FactorEntry, list[FactorEntry]]] = {}
        for entries in self.factors.values():
            for lone, agreeing in _lone_factors(entries):
                found.setdefault(lone.claim_id, (lone, agreeing))
        return list(found.values())

    def kind_conflicts(self) -> list[tuple[KindEntry, list[KindEntry]]]:
        """(lone kind, the agreeing versions it departs from): a copy tree that alone gives a
        weapon its kind, where at least two other copy trees agree on another."""
        found = []
        for entries in self.kinds.values():
            for entry in entries:
                others = [other for other in entries if other.root != entry.root]
                if any(other.kinds & entry.kinds for other in others) or any(
                        own.kinds - entry.kinds for own in entries
                        if own.root == entry.root):
                    continue  # seconded, or its own copy tree says otherwise somewhere
                agreeing = [other for other in others if any(
                    other.kinds & peer.kinds for peer in others if peer.root != other.root)]
                if len({other.root for other in agreeing}) >= MIN_AGREEING_TREES and \
                        not first_in_time(entry, agreeing):
                    found.append((entry, sorted(agreeing, key=_order)))
        return found

    def finish_story(self) -> None:
        """Compare each document of the story just added with itself, then forget them: a
        document belongs to one story, so memory holds one story's documents at a time."""
        for entries in self.own.values():
            self.own_departures.extend(_headline_capacity(entries))
        self.own.clear()

    def departures(self) -> list[tuple[Entry, Entry, str]]:
        """(departing entry, the version it departs from, axis), each pair once; the scope
        axis is written "scope:<weapon id>"."""
        found: dict[tuple[str, str], tuple[Entry, Entry, str]] = {}
        for key, entries in self.blocks.items():
            for departing, reference, axis in (*_lone_plain(entries),
                                               *_relayed_as_sourced(entries)):
                found.setdefault((departing.claim_id, axis), (departing, reference, axis))
            if key[0] == "weapon":
                for departing, reference in _part_as_whole(key[1], entries):
                    found.setdefault((departing.claim_id, "scope"),
                                     (departing, reference, f"scope:{key[1]}"))
        for entries in self.totals.values():
            for departing, reference, axis in _lone_plain(entries, axes=("total",),
                                                          only_one=False):
                found.setdefault((departing.claim_id, axis), (departing, reference, axis))
        for same_rate in self.rates_in_document.values():
            # a document that turns the total into a rate in its headline does so in its body
            flagged = next((found[(entry.claim_id, "total")] for entry in same_rate
                            if (entry.claim_id, "total") in found), None)
            if flagged is not None:
                for entry in same_rate:
                    found.setdefault((entry.claim_id, "total"), (entry, flagged[1], "total"))
        self.finish_story()
        for departing, reference in self.own_departures:
            found.setdefault((departing.claim_id, "capacity"), (departing, reference, "capacity"))
        return list(found.values())


Signature = tuple[str, str, tuple[date, date] | None, frozenset[str], bool | None]


def _signature(entry: Entry) -> Signature:
    """What decides whether two versions answer the same question; versions with one
    signature always do, so compatibility is decided once per pair of signatures."""
    return (entry.property, entry.family, entry.period, entry.credits,
            _reading(entry, "planned"))


def _compatible(first: Signature, second: Signature, across_plans: bool = False) -> bool:
    """Same question: same property (the generic count joins any), same counted thing when
    both name one, as-of dates that overlap when both have one; and not two reports that
    each credit their own source (a second team may give the figure its own way), nor a plan
    and a delivery ("preparing to send over 100", "sent 100"), unless `across_plans`."""
    (prop, family, period, credits, planned), (prop2, family2, period2, credits2, planned2) = \
        first, second
    if not across_plans and None not in (planned, planned2) and planned != planned2:
        return False
    if credits and credits2 and not credits & credits2:
        return False
    if prop != prop2 and GENERIC_PROPERTY not in (prop, prop2):
        return False
    if family != family2 and UNKNOWN_COUNT not in (family, family2):
        return False
    return not _apart(period, period2)


def _reading(entry: Entry, axis: str) -> bool | None:
    return next((qualified for name, qualified in entry.readings if name == axis), None)


def _lone_plain(entries: list[Entry], axes: Iterable[str] = READ_AXES, *,
                lone_qualified: bool = False, only_one: bool = True
                ) -> Iterable[tuple[Entry, Entry, str]]:
    """Plain versions that are the only copy tree reading the figure flat, among versions of
    other copy trees that keep the qualifier; with `lone_qualified`, the other way round
    (the only copy tree that gives as planned what the others report done), yielded on the
    axis's reversed name (`REVERSED`); without `only_one`, every copy tree reading it flat.
    A copy tree that reads the figure both ways is never accused. Work: the entries, plus
    the pairs of distinct signatures in the block (a handful: properties, counted things,
    periods, sources)."""
    groups: dict[Signature, list[Entry]] = defaultdict(list)
    for entry in entries:
        groups[_signature(entry)].append(entry)
    peers_of = {signature: [other for other in groups
                            if _compatible(signature, other, across_plans=lone_qualified)]
                for signature in groups}
    for axis in axes:
        named = REVERSED[axis] if lone_qualified else axis
        majority = {signature: {e.root for e in group
                                if _reading(e, axis) is (not lone_qualified)}
                    for signature, group in groups.items()}
        if not any(majority.values()):
            continue
        lone = {signature: {e.root for e in group if _reading(e, axis) is lone_qualified}
                for signature, group in groups.items()}
        for signature, group in groups.items():
            peers = peers_of[signature]
            majority_roots = set().union(*(majority[other] for other in peers))
            lone_roots = set().union(*(lone[other] for other in peers)) - majority_roots
            if not majority_roots or not lone_roots or only_one and len(lone_roots) != 1:
                continue
            for entry in group:
                if _reading(entry, axis) is not lone_qualified or entry.root not in lone_roots:
                    continue
                references = [other for peer in peers for other in groups[peer]
                              if _reading(other, axis) is (not lone_qualified)]
                if not first_in_time(entry, references):
                    yield entry, min(references, key=_order), named


def counted_departures(claims: Iterable[ClaimRecord], root_of: Callable[[str], str],
                       ) -> list[tuple[Entry, Entry, str]]:
    """The lone copy trees of one story that count another thing with the same figure of the
    same subject (see the module's docstring); the story ties them, as the slot does for
    `slot_departures`."""
    by_figure: dict[tuple[str, tuple[float, float]], list[Entry]] = defaultdict(list)
    for claim in claims:
        entry = figure_entry(claim, root_of(claim.document_id))
        if entry is not None and entry.family.startswith("count:") and \
                entry.family != UNKNOWN_COUNT:
            by_figure[(subject_key(claim), entry.figure)].append(entry)
    return [departure for same in by_figure.values() for departure in _lone_counted(same)]


def _lone_counted(entries: list[Entry]) -> Iterable[tuple[Entry, Entry, str]]:
    roots_counting: dict[str, set[str]] = defaultdict(set)
    for entry in entries:
        roots_counting[entry.family].add(entry.root)
    if len(roots_counting) < 2:
        return
    for entry in entries:
        if roots_counting[entry.family] != {entry.root}:
            continue
        references = [other for other in entries if other.root != entry.root
                      and _compound_pair(entry.family, other.family)
                      and entry.root not in roots_counting[other.family]
                      and _compatible(_signature(entry), _signature(replace(
                          other, family=entry.family)))]
        if len({other.root for other in references}) >= MIN_AGREEING_TREES and \
                not first_in_time(entry, references):
            yield entry, min(references, key=_order), "counted"


def _compound_pair(family: str, other: str) -> bool:
    """One counted thing is the other with words added ("missile system", "missile")."""
    mine, theirs = set(family.split(":", 1)[1].split()), set(other.split(":", 1)[1].split())
    return mine != theirs and (mine < theirs or theirs < mine)


def _relayed_as_sourced(entries: list[Entry]) -> Iterable[tuple[Entry, Entry, str]]:
    """Versions crediting a kind of vague source that no other copy tree credits, where
    another copy tree credits the figure to media reports (see the module's docstring)."""
    relayed = [entry for entry in entries if entry.source_kind == RELAYING_KIND]
    if not relayed:
        return
    for entry in entries:
        if entry.source_kind in (None, RELAYING_KIND):
            continue
        peers = [other for other in entries if other.root != entry.root
                 and _same_figure(entry, other)
                 and _compatible(_signature(entry), _signature(other))]
        references = [other for other in peers if other.source_kind == RELAYING_KIND]
        own_tree_relays = any(other.root == entry.root for other in relayed)
        seconded = any(other.source_kind == entry.source_kind for other in peers)
        if references and not own_tree_relays and not seconded and \
                not first_in_time(entry, references):
            yield entry, min(references, key=_order), "relayed"


def _same_figure(first: Entry, second: Entry) -> bool:
    """The same figure, or a figure just over a floor: "more than 200" says the count lies
    above 200 but under the next round figure (300), so "225" may be it retold; further up,
    it is a report of its own."""
    if first.figure == second.figure:
        return True
    for floor, other in ((first, second), (second, first)):
        low = floor.figure[0]
        if _reading(floor, "bound") and _reading(other, "bound") is False and \
                low < other.figure[0] and other.figure[1] < low + _round_step(low):
            return True
    return False


def _round_step(number: float) -> float:
    """The largest power of ten that divides the figure: 100 for 200, 10 for 250."""
    step = 1.0
    while number >= step * 10 and number % (step * 10) == 0:
        step *= 10
    return step


@lru_cache(maxsize=1)
def total_or_rate_questions() -> dict[str, str]:
    """Properties that count one thing either by a date or per period (production_total and
    production_rate; delivery_count and delivery_rate), each mapped to the question they
    share, named after the trigger words that pair them in the ontology."""
    return {name: "+".join(spec.triggers) for name, spec in ontology().properties.items()
            if spec.rate is not None and spec.triggers}


def _total_or_rate(claim: ClaimRecord, entry: Entry) -> Entry | None:
    """The claim's version on the total axis: a total to reach by a date (qualified) or a
    rate (plain); None for any other total: undated, it may be a running count, and dated
    to a period ("56 in 2021") it is that period's output, not a target."""
    question = total_or_rate_questions().get(claim.property)
    if question is None:
        return None
    is_rate = bool((claim.qualifiers or {}).get("per"))
    dated = (claim.qualifiers or {}).get("as_of")
    if not is_rate and (entry.period is None or not isinstance(dated, dict)
                        or not dated.get("deadline")):
        return None
    return replace(entry, property=question, readings=(("total", not is_rate),))


def _part_as_whole(weapon: str, entries: list[Entry]) -> Iterable[tuple[Entry, Entry]]:
    """Versions that count only `weapon` where another copy tree names it as a part of the
    same figure; the narrow version is left alone when it was published first."""
    parts = [entry for entry in entries if entry.role_of(weapon) == "part"]
    if not parts:
        return
    for entry in entries:
        if entry.role_of(weapon) != "counted":
            continue
        references = [part for part in parts if part.root != entry.root
                      and _compatible(_signature(entry), _signature(part))]
        if references and not first_in_time(entry, references):
            yield entry, min(references, key=_order)


def weapon_scope(claim: ClaimRecord, weapon_start: int, part_cues: CueSet) -> str | None:
    """How a weapon named after the claim's figure relates to it: "counted" when it stands
    right after the figure and its noun ("400 missiles Fateh-110", "400 missili a corto
    raggio Fateh-110"), "part" when a part-of word comes between ("400 missiles, including
    many Fateh-110"); None when it is further, across punctuation, or before the figure."""
    value = value_span(claim)
    if value is None or weapon_start < value[1] or not claim.quote:
        return None
    between = claim.quote[value[1] - claim.start:weapon_start - claim.start]
    if part_cues.find(between):
        return "part"
    if not counted_gap(between):
        return None
    return "counted"


def _lone_factors(entries: list[FactorEntry]) -> Iterable[tuple[FactorEntry, list[FactorEntry]]]:
    """Factors that agree with no other version, where versions of at least two other copy
    trees agree with each other. Work: the square of one block (the factors of one subject
    and baseline: a handful)."""
    if len({entry.root for entry in entries}) <= MIN_AGREEING_TREES:
        return
    for entry in entries:
        others = [other for other in entries if other.claim_id != entry.claim_id
                  and not _apart(entry.period, other.period)]
        if any(_agree(entry, other) for other in others):
            continue
        agreeing = [other for other in others if other.root != entry.root and any(
            _agree(other, peer) for peer in others if peer.root not in (other.root, entry.root))]
        if len({other.root for other in agreeing}) >= MIN_AGREEING_TREES:
            yield entry, sorted(agreeing, key=_order)


def _agree(first: FactorEntry, second: FactorEntry) -> bool:
    return compare_intervals(first.figure, second.figure).kind == "agree"


def _apart(first: tuple[date, date] | None, second: tuple[date, date] | None) -> bool:
    """Both dated, and on days that do not meet: a timeline, not two versions of one figure."""
    return first is not None and second is not None and disjoint(first, second)


def _headline_capacity(entries: list[Entry]) -> Iterable[tuple[Entry, Entry]]:
    """In one document, the same figure as a capacity and as an output: the output departs."""
    capacities = [entry for entry in entries if _reading(entry, "capacity")]
    if not capacities:
        return
    for entry in entries:
        if _reading(entry, "capacity") is False:
            yield entry, capacities[0]


class Dated(Protocol):
    published: datetime | None


def first_in_time(entry: Dated, references: Sequence[Dated]) -> bool:
    """The version was published before every version it would depart from: it may be the
    original."""
    if entry.published is None:
        return False
    dated = [other.published for other in references if other.published is not None]
    return len(dated) == len(references) and all(entry.published < day for day in dated)


def _order(entry: Entry | FactorEntry) -> tuple[bool, str, str]:
    published = entry.published.isoformat() if entry.published else ""
    return entry.published is None, published, entry.doc_key


def consensus_flags(index: ConsensusIndex,
                    load: Callable[[Iterable[str]], dict[str, ClaimRecord]],
                    already: set[tuple[str, str]]) -> list[FlagRecord]:
    """The flags of the index's departures; `load` fetches claims by id, `already` holds the
    (claim id, kind) pairs flagged by the story-level comparisons."""
    departures = [(departing, reference, axis) for departing, reference, axis
                  in index.departures()
                  if (departing.claim_id, AXES[axis.split(":")[0]][0]) not in already]
    claims = load({entry.claim_id for pair in departures for entry in pair[:2]})
    flags: list[FlagRecord] = []
    seen: set[tuple[str, str]] = set()
    for departing, reference, axis in sorted(departures, key=lambda d: (d[0].doc_key,
                                                                        d[0].claim_id, d[2])):
        claim, original = claims.get(departing.claim_id), claims.get(reference.claim_id)
        kind = AXES[axis.split(":")[0]][0]
        if claim is None or original is None or (claim.id, kind) in seen:
            continue
        seen.add((claim.id, kind))
        flags.append(departure_flag(claim, original, axis, index.weapon_names))
    return (flags
            + _lone_version_flags(index.factor_conflicts(), load, already, _factor_reason)
            + _lone_version_flags(index.kind_conflicts(), load, already, _kind_reason))


def departure_flag(claim: ClaimRecord, original: ClaimRecord, axis: str,
                   weapon_names: Mapping[str, str] | None = None) -> FlagRecord:
    """The flag of `claim` departing from `original` on `axis` ("scope:<weapon id>" for a
    figure narrowed to one weapon)."""
    axis, _, weapon = axis.partition(":")
    kind, qualifier = AXES[axis]
    figure = str((original.value or {}).get("text") or original.quote[:40]).strip()
    where = ("elsewhere in this document" if original.document_id == claim.document_id
             else f"in {original.doc_key or original.document_id}")
    if axis == "counted":
        reason = (f"'{figure}' counts {_counted_of(original)} {where}; the same figure counts "
                  f"{_counted_of(claim)} here")
    else:
        reason = _reason(axis, figure, qualifier, where, claim,
                         (weapon_names or {}).get(weapon, "one weapon"))
    return FlagRecord(kind, claim.document_id, *flag_span(claim, kind), reason,
                      claim.id, original.document_id, original.id)


def _reason(axis: str, figure: str, qualifier: str, where: str, claim: ClaimRecord,
            weapon_name: str) -> str:
    if axis == "scope":
        return (f"the whole figure is counted as {weapon_name} here; {where} {weapon_name} is "
                f"only a part of '{figure}'")
    if axis == "relayed":
        vague = next((source.name for source in claim.explicit_sources
                      if source.role == "anonymous"), "")
        own = str((claim.value or {}).get("text") or "").strip()
        retold = f"'{own}' " if own and own != figure else ""
        return (f"'{figure}' is {qualifier} {where}; {retold}to '{vague}' ({source_kind(claim)})"
                f" here")
    if axis == "done_as_planned":
        return f"'{figure}' is {qualifier} {where}; given as planned here"
    if axis == "total":
        per = (claim.qualifiers or {}).get("per")
        return f"'{figure}' is {qualifier} {where}; given as a rate per {per} here"
    return f"'{figure}' is {qualifier} {where}; stated flat here"


def _factor_reason(claim: ClaimRecord, lone: FactorEntry, agreeing: list[FactorEntry]) -> str:
    return (f"growth factor {_times(lone.figure)} here; {_times(agreeing[0].figure)} in "
            f"{_documents(agreeing)}, which agree with each other")


def _kind_reason(claim: ClaimRecord, lone: KindEntry, agreeing: list[KindEntry]) -> str:
    others = sorted(set().union(*(entry.kinds for entry in agreeing)))
    return (f"{claim.subject} is {' or '.join(sorted(lone.kinds))} here; "
            f"{' or '.join(others)} in {_documents(agreeing)}, which agree with each other")


Lone = TypeVar("Lone", FactorEntry, KindEntry)


def _lone_version_flags(found: list[tuple[Lone, list[Lone]]],
                        load: Callable[[Iterable[str]], dict[str, ClaimRecord]],
                        already: set[tuple[str, str]],
                        reason: Callable[[ClaimRecord, Lone, list[Lone]], str],
                        ) -> list[FlagRecord]:
    """`value_conflict` flags of versions that no other version agrees with, each against the
    first of the copy trees that agree on another value."""
    conflicts = [(lone, agreeing) for lone, agreeing in found
                 if (lone.claim_id, "value_conflict") not in already]
    claims = load({entry.claim_id for lone, agreeing in conflicts
                   for entry in (lone, agreeing[0])})
    flags: list[FlagRecord] = []
    for lone, agreeing in sorted(conflicts, key=lambda pair: (pair[0].doc_key,
                                                               pair[0].claim_id)):
        claim, original = claims.get(lone.claim_id), claims.get(agreeing[0].claim_id)
        if claim is None or original is None:
            continue
        flags.append(FlagRecord(
            "value_conflict", claim.document_id, *flag_span(claim, "value_conflict"),
            reason(claim, lone, agreeing), claim.id, original.document_id, original.id))
    return flags


def _documents(entries: Iterable[FactorEntry | KindEntry]) -> str:
    return ", ".join(sorted({entry.doc_key for entry in entries}))


def _times(figure: Interval) -> str:
    return f"x{figure.low:g}" if figure.low == figure.high else \
        f"x{figure.low:g}-{figure.high:g}"


def _counted_of(claim: ClaimRecord) -> str:
    return str((claim.qualifiers or {}).get("counted") or claim.unit or "things")
