"""Flags: a version of a claim that departs from the version it descends from.

The version a claim descends from is the matching claim of its nearest ancestor in the copy
lineage (a translation's original, a rewrite's wire story); for a claim outside any copy
chain that relays a named source, it is that source's earliest claim in the slot. Claims
from independent origins are not flagged against each other for a disagreement: between two
sources it is a contradiction to keep with its sources (it lowers the slot's grade), not a
copying error. What is flagged across copy trees is a change that one version's own wording
shows: a qualifier dropped by one lone report (`consensus.py`), a factor that fits another
report's figures and not its own (`arithmetic.py`), a sample said of the whole weapon
(`samples.py`), unlike things summed as one kind (`sums.py`), kinds counted as items
(`kinds.py`). Precision comes first: a pair is only flagged when both sides were read
cleanly (a figure, a date with its year, a linked source), so that a correct re-expression
("30-40 % kleiner" for "60-70% the size") is never flagged.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from veille.corroborate import agreement
from veille.corroborate.agreement import Verdict, compare, interval, value_type
from veille.corroborate.independence import Origin, claim_order, source_keys
from veille.corroborate.records import ClaimRecord, Lineage, SourceRef
from veille.corroborate.slots import counted_key, subject_key
from veille.extract.attribution import GENERIC_SOURCE_KIND, vague_source_kind
from veille.extract.claims import SOURCE_COUNT, ontology
from veille.extract.linking import fold, fold_with_offsets, phonetic_key
from veille.ids import stable_id
from veille.ontology import detect_script, load_entity_types, load_gazetteer

KINDS = ("value_conflict", "comparison_inverted", "magnitude_changed", "hedge_dropped",
         "hedge_added", "capacity_as_fact", "attribution_changed", "unsupported_addition",
         "name_garbled", "date_conflation")
FACT = frozenset({"asserted", "reported", "estimated"})
FIGURES = frozenset({"quantity", "ratio"})
MEASURES = frozenset({"length", "area", "mass", "speed", "volume"})
ADDING_COPIES = frozenset({"rewrite", "translation"})  # a duplicate or excerpt adds nothing
MIN_CONFIDENCE = 0.5  # below this the extraction itself is too unsure to accuse a version
NAME_LABELS = frozenset({"PER", "ORG", "WEAPON", "FAC", "LOC"})
GARBLED_SIMILARITY = (80.0, 100.0)
TRANSLITERATION_FOLDS = (("j", "i"),)  # й, ю, я: j in Slovak, Czech, Polish; i or y in English
UNRELATED = 50.0  # figures this far apart measure different things (a calibre, a range)
SUFFIX = 3  # letters a language may glue to a name (Sicherheitsrat-es, Biden's, Шахед-ів)  # a near miss of a known spelling, not another name
RELAYING_KIND = "media"  # vague sources that only pass on what others said (`source_kinds`)


@dataclass(frozen=True)
class FlagRecord:
    kind: str
    document_id: str
    start: int
    end: int
    reason: str
    claim_id: str | None = None
    reference_document_id: str | None = None
    reference_claim_id: str | None = None

    @property
    def id(self) -> str:
        """Stable across re-runs, so that an analyst's decision finds its flag again."""
        return stable_id("flg_", self.kind, self.document_id, self.claim_id or "",
                         self.start, self.end, self.reference_claim_id or "")


ClaimsOf = Callable[[str], Sequence[ClaimRecord]]


# -- lineage ---------------------------------------------------------------------------------

def lineage_flags(documents: Iterable[str], claims_of: ClaimsOf, lineage: Lineage,
                  slot_of: dict[str, str], slot_claims: Callable[[str], Sequence[ClaimRecord]],
                  ) -> tuple[list[FlagRecord], set[str]]:
    """Flags of every claim of `documents` against its nearest ancestor's version.

    Returns the flags and the ids of the claims that found an ancestor version (those are
    not compared again against their slot's origin).
    """
    flags: list[FlagRecord] = []
    aligned: set[str] = set()
    for document_id in documents:
        ancestors = lineage.ancestors(document_id)
        if not ancestors:
            continue
        for claim in claims_of(document_id):
            if claim.confidence < MIN_CONFIDENCE:
                continue
            versions = _versions(claim, ancestors, claims_of, slot_of)
            if not versions:
                addition = _unsupported(claim, ancestors, claims_of)
                if addition is not None:
                    flags.append(addition)
                continue
            aligned.add(claim.id)
            flags.extend(_departures(claim, versions, lineage, slot_of, slot_claims))
    return flags, aligned


def _comparable(reference: ClaimRecord, claim: ClaimRecord) -> bool:
    kind = value_type(claim.property)
    if kind in FIGURES and value_type(reference.property) in FIGURES:
        first, second = interval(reference), interval(claim)
        if first is None or second is None or first.family != second.family:
            return False
        same_property = reference.property == claim.property
        if first.family == "count:things":
            return False  # a number whose counted thing is unknown matches nothing safely
        if first.family in MEASURES:
            # a length may be a calibre or a range: only the same question counts
            return same_property and subject_key(reference) == subject_key(claim)
        same_rate = (reference.qualifiers or {}).get("per") == (claim.qualifiers or {}).get("per")
        return same_property or same_rate
    return reference.property == claim.property


def _alignment_score(reference: ClaimRecord, claim: ClaimRecord,
                     slot_of: dict[str, str]) -> tuple[bool, ...]:
    """Same slot first, then a value that agrees, then the same property, counted thing,
    subject and way of putting it (in "may have been made in 2024, year 113" the hedged
    2024 matches the hedged 2024, not the plain reading of the marking)."""
    verdict = compare(reference, claim, stated=True)
    return (slot_of.get(reference.id) == slot_of.get(claim.id),
            verdict.kind in ("agree", "timeline"),
            reference.property == claim.property,
            counted_key(reference) == counted_key(claim),
            subject_key(reference) == subject_key(claim),
            reference.modality == claim.modality)


def _versions(claim: ClaimRecord, ancestors: list[tuple[str, int, str]], claims_of: ClaimsOf,
              slot_of: dict[str, str]) -> list[ClaimRecord]:
    """The claim's version in each ancestor that has one, nearest first."""
    found = []
    for ancestor, _, _ in ancestors:
        candidates = [other for other in claims_of(ancestor) if _comparable(other, claim)]
        if candidates:
            found.append(max(candidates,
                             key=lambda other: _alignment_score(other, claim, slot_of)))
    return found


def _departures(claim: ClaimRecord, versions: list[ClaimRecord], lineage: Lineage,
                slot_of: dict[str, str],
                slot_claims: Callable[[str], Sequence[ClaimRecord]]) -> list[FlagRecord]:
    """Flags against the nearest version, kept only when every older version departs the
    same way: a claim that matches its grandparent did not distort anything (the parent did,
    or the copy link chose the wrong parent)."""
    def against(version: ClaimRecord) -> list[FlagRecord]:
        sources = _lineage_sources(version, lineage, slot_of, slot_claims)
        return compare_versions(version, claim, reference_sources=sources)

    nearest = against(versions[0])
    if not nearest or len(versions) == 1:
        return nearest
    older = [{flag.kind for flag in against(version)} for version in versions[1:]]
    return [flag for flag in nearest if all(flag.kind in kinds for kinds in older)]


def _unsupported(claim: ClaimRecord, ancestors: list[tuple[str, int, str]],
                 claims_of: ClaimsOf) -> FlagRecord | None:
    """A figure in a rewrite or translation that none of its ancestors carries."""
    if value_type(claim.property) not in FIGURES or ancestors[0][2] not in ADDING_COPIES:
        return None
    figure = interval(claim)
    if figure is None or figure.family == "count:things":
        return None  # a number whose counted thing was not understood may be anything
    for ancestor, _, _ in ancestors:
        for other in claims_of(ancestor):
            if other.property == claim.property:
                return None  # the ancestor answers the question: a mismatch, not an addition
            other_figure = interval(other)
            if other_figure is not None and other_figure.family == figure.family and \
                    agreement.compare_intervals(
                    other_figure, figure, stated=True).kind == "agree":
                return None  # the same figure is there, read under another property
    nearest = ancestors[0][0]
    return FlagRecord(
        "unsupported_addition", claim.document_id, claim.start, claim.end,
        f"{_figure_text(claim)} ({claim.property}) appears in no version this one copies",
        claim.id, nearest, None)


def _lineage_sources(reference: ClaimRecord, lineage: Lineage, slot_of: dict[str, str],
                     slot_claims: Callable[[str], Sequence[ClaimRecord]]) -> list[SourceRef]:
    """Who the reference version credits; when its own sentence names nobody we can read,
    the source that at least two versions of its copy tree name for this slot themselves."""
    if reference.named_sources:
        return reference.named_sources
    slot_id = slot_of.get(reference.id)
    if slot_id is None:
        return []
    root = lineage.root(reference.document_id)
    votes: dict[str, list[SourceRef]] = {}
    for claim in slot_claims(slot_id):
        if (claim.id == reference.id or lineage.root(claim.document_id) != root
                or compare(reference, claim).kind != "agree"):
            continue
        for source in claim.explicit_sources:
            if source.role != "anonymous":
                votes.setdefault(source.key, []).append(source)
    best = max(votes.values(), key=len, default=[])
    return best[:1] if len(best) >= 2 else []


# -- comparing two versions ------------------------------------------------------------------

def compare_versions(reference: ClaimRecord, claim: ClaimRecord, *,
                     reference_sources: list[SourceRef] | None = None,
                     stated: bool = True, check_sources: bool = True) -> list[FlagRecord]:
    """The flags of `claim` against the version it departs from."""
    found: list[tuple[str, str]] = []
    kind = value_type(claim.property)
    verdict = compare(reference, claim, stated=stated)
    if kind in FIGURES:
        found.extend(_figure_flags(reference, claim, verdict))
    elif kind == "date" and verdict.kind == "conflict" and _dated(reference) and _dated(claim):
        found.append(("date_conflation", f"date {verdict.detail}"))
    if kind in FIGURES or kind == "date":
        # relations and categories: their modality is read less reliably than a figure's
        found.extend(_modality_flags(reference, claim, kind))
    if check_sources and claim.property not in fixed_properties():
        # a weapon's kind or calibre ("HUR said ... KN-23 ballistic missiles") is the
        # writer's description, not what the credited source said
        changed = _attribution_change(reference, claim, reference_sources) or \
            relayed_as_sourced(reference, claim) or sources_described(reference, claim)
        if changed:
            found.append(("attribution_changed", changed))
    origin = reference.doc_key or reference.document_id
    return [FlagRecord(flag, claim.document_id, *flag_span(claim, flag),
                       f"{reason} (against {origin})", claim.id, reference.document_id,
                       reference.id)
            for flag, reason in found]


@lru_cache(maxsize=1)
def fixed_properties() -> frozenset[str]:
    """Properties whose value belongs to the subject whatever the date or story (`fixed` in
    the ontology: what kind of missile a weapon is, its calibre)."""
    return frozenset(name for name, spec in ontology().properties.items() if spec.fixed)


# Doubled letters that transliterations double or not as they please (a geminate, a long
# vowel, "ii" for -ий). A doubled "e" is two letters of the original (Шагивалеев: -еев, in
# every system "-eev"), so "Shagivalev" has lost one: a garble, not a transliteration.
_DOUBLED = re.compile(r"([^e])\1+")
_WORD_AFTER = re.compile(r"\s*[^\W\d_][\w'’-]*")


def flag_span(claim: ClaimRecord, kind: str) -> tuple[int, int]:
    """Where a flag points: an added hedge at its cue and the word it governs ("podrían
    mostrar"), a dropped hedge or a changed figure at the value; the whole clause only when
    neither can be found. A clause-wide span would also cover the correct parts of it."""
    cue = (claim.qualifiers or {}).get("modality_cue")
    if kind == "hedge_added" and isinstance(cue, list) and len(cue) == 2 and \
            claim.start <= cue[0] < cue[1] <= claim.end:
        offset = cue[1] - claim.start
        governed = _WORD_AFTER.match(claim.quote, offset) if claim.quote else None
        value = value_span(claim)
        end = cue[1] + (governed.end() - offset if governed else 0)
        if value is not None and cue[1] <= value[0]:
            end = min(end, value[0])
        return cue[0], end
    if kind in ("hedge_dropped", "value_conflict", "magnitude_changed", "comparison_inverted",
                "capacity_as_fact", "date_conflation"):
        value = value_span(claim)
        if value is not None:
            return value
    return claim.start, claim.end


def value_span(claim: ClaimRecord) -> tuple[int, int] | None:
    """Where the claim's figure is written in its document, when its text is in the quote."""
    text = str((claim.value or {}).get("text") or "")
    if not text or not claim.quote:
        return None
    at = claim.quote.find(text)
    return (claim.start + at, claim.start + at + len(text)) if at >= 0 else None


def _figure_flags(reference: ClaimRecord, claim: ClaimRecord,
                  verdict: Verdict) -> list[tuple[str, str]]:
    if verdict.kind == "inverted":
        return [("comparison_inverted", verdict.detail)]
    if verdict.kind == "magnitude":
        same_bound = (reference.value or {}).get("bound", "=") == (claim.value or {}).get(
            "bound", "=")
        if same_bound:
            return [("magnitude_changed", verdict.detail)]
        return [("value_conflict", f"{verdict.detail}, and the bound changed")]
    if verdict.kind == "conflict":
        first, second = interval(reference), interval(claim)
        if first and second and min(first.middle, second.middle) > 0 and max(
                first.middle / second.middle, second.middle / first.middle) > UNRELATED:
            return []  # two orders of magnitude apart, not a power of ten: other quantities
        return [("value_conflict", verdict.detail)]
    return []


def _modality_flags(reference: ClaimRecord, claim: ClaimRecord,
                    kind: str) -> list[tuple[str, str]]:
    before, after = reference.modality, claim.modality
    ceiling = (claim.value or {}).get("bound") in agreement.UPPER_BOUNDS
    if before == "capacity" and after in FACT and kind in FIGURES and not ceiling:
        figure = _figure_text(reference)
        return [("capacity_as_fact", f"a capacity ('{figure}') reported as {after} fact")]
    if before == "hedged" and after in FACT:
        level = f" ({reference.estimative_level})" if reference.estimative_level else ""
        return [("hedge_dropped",
                 f"'{_figure_text(claim)}': hedged{level} in the original, {after} here")]
    if before in FACT and after == "hedged":
        level = f" ({claim.estimative_level})" if claim.estimative_level else ""
        return [("hedge_added",
                 f"'{_figure_text(claim)}': {before} in the original, hedged{level} here")]
    return []


def _attribution_change(reference: ClaimRecord, claim: ClaimRecord,
                        reference_sources: list[SourceRef] | None) -> str | None:
    """The claim credits, in its own sentence, someone its original does not."""
    own = claim.explicit_sources
    if not own or all(source.role == "outlet" for source in own):
        return None
    credited = list(reference_sources if reference_sources is not None
                    else reference.named_sources)
    # a credit the original carries over from an earlier sentence is our reading of it, not
    # its words: the version may well name who said this very sentence
    credited = [source for source in credited
                if source.role != "anonymous" and not source.inherited]
    if not credited:
        return None
    if any(source.role == "anonymous" for source in own) and any(
            source.role == "anonymous" for source in reference.sources):
        return None  # vague words on both sides: only their kinds compare (`relayed_as_sourced`)
    known = {source.key for source in credited} | {
        source.key for source in reference.sources if source.identified}
    if known & {source.key for source in own}:
        return None
    new = ", ".join(source.name for source in own)
    # what is credited: one sentence often carries several claims, each flagged on its own
    return f"'{_figure_text(claim)}' credited to {new} instead of {credited[0].name}"


def source_kind(claim: ClaimRecord) -> str | None:
    """The kind of the vague source the claim credits in its own sentence
    (`vague_source_kind`); None when it names someone or gives no vague source."""
    own = claim.explicit_sources
    if any(source.role in ("speaker", "organisation") for source in own):
        return None
    return vague_source_kind([source.name for source in own if source.role == "anonymous"],
                             claim.language or "")


def relayed_as_sourced(reference: ClaimRecord, claim: ClaimRecord) -> str | None:
    """Media reports in the original, people speaking for themselves in the version: "according
    to Ukrainian media" retold as "according to official statements" or "sources say" turns a
    relayed report into first-hand sourcing."""
    before, after = source_kind(reference), source_kind(claim)
    if before != RELAYING_KIND or after is None or after == RELAYING_KIND:
        return None
    return f"credited to media reports in the original, to {after} here"


def sources_described(reference: ClaimRecord, claim: ClaimRecord) -> str | None:
    """What the version says of the original's vague sources that the original does not: a
    kind ("six sources" retold as "six officials") or the state they belong to ("six Iranian
    sources"), or another state. Either credits people the report never described (the
    qualifiers of `source_count` claims, see `veille.extract.source_counts`)."""
    if reference.property != SOURCE_COUNT or claim.property != SOURCE_COUNT:
        return None
    added = []
    kind = source_count_kind(claim)
    if source_count_kind(reference) == GENERIC_SOURCE_KIND and \
            kind not in (None, GENERIC_SOURCE_KIND):
        added.append(f"a kind ({kind})")
    before, after = source_origins(reference), source_origins(claim)
    if after and not before:
        added.append(f"an origin ({_state_names(after)})")
    elif after and not after & before:
        added.append(f"another origin ({_state_names(after)}, not {_state_names(before)})")
    if not added:
        return None
    return (f"'{_figure_text(reference)}' became '{_figure_text(claim)}': "
            f"{' and '.join(added)} the original does not give")


def source_count_kind(claim: ClaimRecord) -> str | None:
    return (claim.qualifiers or {}).get("source_kind")


def source_origins(claim: ClaimRecord) -> frozenset[str]:
    return frozenset((claim.qualifiers or {}).get("source_origin") or ())


def _state_names(keys: frozenset[str]) -> str:
    gazetteer = load_gazetteer()
    return ", ".join(sorted(entry.name if (entry := gazetteer.get(key)) else key
                            for key in keys))


def _dated(claim: ClaimRecord) -> bool:
    """A date written with its year (or a calendar year): "February 11" alone is resolved
    against the publication date, so two copies may differ without any error."""
    value = claim.value or {}
    text = str(value.get("text") or "")
    return value.get("calendar") == "juche" or any(
        len(run) == 4 for run in "".join(ch if ch.isdigit() else " " for ch in text).split())


def _figure_text(claim: ClaimRecord) -> str:
    return str((claim.value or {}).get("text") or claim.quote[:40]).strip()


# -- relays outside copy chains --------------------------------------------------------------

def relay_flags(origin: Origin, skip: set[str], lineage: Lineage) -> list[FlagRecord]:
    """Claims that relay the origin's named source outside its copy tree, against the
    origin's first document: "according to CAR" written afresh must still say what CAR said.
    Where that document gives several figures of the slot ("50 guns and 20 launchers"), the
    claim is held against the one it agrees with, else the first."""
    first = origin.claims[0]
    keys = source_keys(first)
    if not keys:
        return []
    root = lineage.root(first.document_id)
    firsts = [claim for claim in origin.claims if claim.document_id == first.document_id]
    flags = []
    for claim in origin.claims[1:]:
        if (claim.id in skip or claim.confidence < MIN_CONFIDENCE
                or claim.document_id == first.document_id
                or lineage.root(claim.document_id) == root
                or not keys & source_keys(claim)
                or not _comparable(first, claim)):
            continue
        reference = next((version for version in firsts if _comparable(version, claim)
                          and compare(version, claim, stated=True).kind == "agree"), first)
        flags.extend(compare_versions(reference, claim, check_sources=False))
    return flags


def origin_hedge_flags(origin: Origin, flagged: set[tuple[str, str]]) -> list[FlagRecord]:
    """A claim crediting a source as fact where that source's own wording, its earliest
    claim of the slot, was hedged: "CAR found it was made in 2024" for CAR's "may have been
    made in 2024". Compared whatever the copy links say, as the hedge belongs to the source.
    A document that keeps the hedge in any version of the slot is not flagged, nor a claim
    already flagged for a dropped hedge (`flagged` holds (claim id, kind) pairs)."""
    earliest: dict[str, ClaimRecord] = {}
    for claim in origin.claims:
        for key in source_keys(claim):
            earliest.setdefault(key, claim)
    hedged_documents = {claim.document_id for claim in origin.claims
                        if claim.modality == "hedged"}
    flags = []
    for claim in origin.claims:
        if (claim.modality not in FACT or claim.confidence < MIN_CONFIDENCE
                or claim.document_id in hedged_documents
                or (claim.id, "hedge_dropped") in flagged):
            continue
        references = [earliest[key] for key in source_keys(claim)
                      if earliest[key].modality == "hedged"
                      and earliest[key].document_id != claim.document_id]
        if not references:
            continue
        reference = min(references, key=claim_order)
        if compare(reference, claim, stated=True).kind == "agree":
            flags.extend(flag for flag in compare_versions(reference, claim, check_sources=False)
                         if flag.kind == "hedge_dropped")
    return flags


# -- names -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class NameMention:
    document_id: str
    start: int
    end: int
    text: str
    label: str
    entity_id: str
    entity_name: str


def garbled_names(mentions: Iterable[NameMention], spellings: dict[str, set[str]],
                  lineage: Lineage, mentioned: Callable[[str], set[str]],
                  claims_at: Callable[[str, int, int], str | None],
                  text_length: Callable[[str], int]) -> list[FlagRecord]:
    """Names linked to an entity but spelled like none of its known forms, in the same script,
    and not a transliteration of one (equal comparison keys): a typo or a garbled rendering.

    `spellings` maps an entity to its known written forms (gazetteer aliases and canonical
    name); `mentioned(doc)` is the set of entities a document names; `claims_at` finds the
    claim whose span holds a mention; `text_length(doc)` the length of its text.
    """
    flags: list[FlagRecord] = []
    seen: set[tuple[str, str]] = set()
    for mention in sorted(mentions, key=lambda m: (m.document_id, m.start)):
        if mention.label not in NAME_LABELS:
            continue
        key = (mention.document_id, fold(mention.text))
        if key in seen:
            continue
        seen.add(key)
        if mention.end >= text_length(mention.document_id):
            continue  # a name cut by the end of an excerpt is not misspelled
        closest = _garbled_against(mention.text, spellings.get(mention.entity_id, set()))
        if closest is None:
            continue
        reference = next((ancestor for ancestor, _, _ in lineage.ancestors(mention.document_id)
                          if mention.entity_id in mentioned(ancestor)), None)
        flags.append(FlagRecord(
            "name_garbled", mention.document_id, mention.start, mention.end,
            f"'{mention.text}' for {mention.entity_name} (known form '{closest}')",
            claims_at(mention.document_id, mention.start, mention.end), reference, None))
    return flags


def _garbled_against(text: str, known: set[str]) -> str | None:
    """The known form `text` is a near miss of, or None when it is a known form, a
    transliteration, a shortened form, or too far from every form to be a typo."""
    written = _folded(text)
    if not written or not known:
        return None
    script = detect_script(text)
    same_script = sorted(form for form in known if detect_script(form) == script)
    if not same_script or written in {_folded(form) for form in known}:
        return None
    if not text[:1].isupper() and text[:1].lower() != text[:1].upper():
        return None  # a common noun phrase ("ministre de la Défense"), not a written name
    if text.isalpha() and text.lower() != text.upper():
        return None  # one plain word may be a word of the text's language the linker took
        # for a name (a German "Blicken" for Blinken); a garble shows in a fuller name. In
        # a script without case a name is spelt sound by sound (katakana, hangul), and one
        # word off by a sign is a garble ("スラスノヤルスク" for Krasnoyarsk).
    for form in same_script:
        folded = _folded(form)
        attaching = script in _attaching_scripts() and written.startswith(folded)
        if attaching or _inflected(written, folded):
            return None  # an ending or particle glued to the name (Biden's, 화성-11가를)
    key = _transliteration_key(text)
    words = set(written.replace("-", " ").split())
    if any(_transliteration_key(form) == key for form in same_script):
        return None  # a transliteration
    best: tuple[float, str] | None = None
    shorter_or_longer = False
    for form in same_script:
        folded = _folded(form)
        form_words = set(folded.replace("-", " ").split())
        if words <= form_words or form_words <= words:
            shorter_or_longer = True  # a short form ("Shin"), a longer one ("U.S. ...")
            continue
        score = fuzz.ratio(written, folded)
        if best is None or score > best[0]:
            best = (score, form)
    if shorter_or_longer and not (best is not None and _word_for_word(written, best[1])):
        return None  # the name holds a known short form, and no full form is misspelled
    if best is None or not GARBLED_SIMILARITY[0] <= best[0] < GARBLED_SIMILARITY[1]:
        return None
    return best[1]


def _transliteration_key(name: str) -> str:
    """The linker's phonetic key, with the letters that render one sound in different
    Latin transliterations folded too (Slovak "Vlasjuk", English "Vlasiuk" for Власюк), and
    doubled letters merged where transliterations disagree on doubling them ("Kirill",
    "Kiril"; "Oleksij" folds to "oleksii", spelt "oleksi" already)."""
    key = phonetic_key(name)
    for letter, same in TRANSLITERATION_FOLDS:
        key = key.replace(letter, same)
    return _DOUBLED.sub(r"\1", key)


def _word_for_word(written: str, form: str) -> bool:
    """`written` is `form` with the same words, one of them a near miss ("Anthony Blinken"
    for "Antony Blinken"): the short form it contains ("Blinken") does not excuse it."""
    words, form_words = written.split(), _folded(form).split()
    if len(words) != len(form_words):
        return False
    differing = [(word, base) for word, base in zip(words, form_words, strict=True)
                 if word != base]
    return len(differing) == 1 and fuzz.ratio(*differing[0]) >= GARBLED_SIMILARITY[0]


def _folded(name: str) -> str:
    """Folded, with the inflectional endings of scripts that inflect names dropped
    (Сэма Лейра and Сэм Лейр are one spelling)."""
    endings = load_entity_types().matching.strip_word_endings
    return fold_with_offsets(name, endings)[0].strip()


def _inflected(written: str, form: str) -> bool:
    """Each word of `written` is the form's word plus at most SUFFIX letters (Сэма Лейра)."""
    words, form_words = written.split(), form.split()
    return len(words) == len(form_words) and all(
        word.startswith(base) and len(word) - len(base) <= SUFFIX
        for word, base in zip(words, form_words, strict=True))


def _attaching_scripts() -> frozenset[str]:
    return load_entity_types().matching.open_right_boundary
