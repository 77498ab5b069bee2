"""Slots: the claims that answer one question, across documents and languages.

A slot is (subject, property, reference, what is counted), within one story. Claims are
blocked by (story, property, subject) first, so that the work grows with the claims of a
block, never with the square of the corpus. Inside a block, a claim that leaves the
reference or the counted thing unsaid joins the one slot it is compatible with (a Russian
"60-70% of the size" without "of the main building" still answers the same question).
The as-of date is not part of the key, except for time-varying properties (`time_varying`
in the ontology: troops deployed), where each as-of month (else the publication month) is its
own question: 10,000 troops in early November and 11,000 in December are two slots of one
timeline, each with its own origins.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from veille.corroborate.records import ClaimRecord
from veille.extract.claims import ontology
from veille.extract.linking import fold
from veille.ids import stable_id
from veille.lang import LANG_DIR, load_lexicon
from veille.ontology import states_named_by_capitals


@dataclass
class SlotGroup:
    """The claims of one slot and the key they share."""

    id: str
    story_id: str | None
    property: str
    subject: str
    subject_key: str
    reference: str | None
    counted: str | None
    claims: list[ClaimRecord] = field(default_factory=list)
    period: str | None = None  # as-of month of a time-varying property

    @property
    def key(self) -> str:
        parts = [self.story_id or "-", self.property, self.subject_key,
                 self.reference or "-", self.counted or "-"]
        if self.period:
            parts.append(self.period)
        return "|".join(parts)


def subject_key(claim: ClaimRecord) -> str:
    """The subject's identity: the thing named before a facility in "building (Plant)", else
    the entity (a capital counts as its state), else the folded words (an unlinked "new
    assembly building" is the same).

    "new assembly building (February 11 Plant)" and "... (Ryongsong Machine Complex)" are the
    same building whichever of the two nested sites the linker chose.
    """
    subject = claim.subject or ""
    if subject.endswith(")") and " (" in subject:
        return "words:" + fold(subject.split(" (", 1)[0])
    if claim.subject_entity_id:
        return states_named_by_capitals().get(claim.subject_entity_id, claim.subject_entity_id)
    return "words:" + fold(subject)


def reference_key(claim: ClaimRecord) -> str | None:
    return fold(claim.reference) if claim.reference else None


def counted_key(claim: ClaimRecord) -> str | None:
    """What is counted, when it is a noun the lexicons know (container, shell, soldier);
    a word the quantities stage could not normalise says nothing reliable."""
    counted = (claim.qualifiers or {}).get("counted")
    if not counted or str(counted) not in count_units():
        return None
    return str(counted)


@lru_cache(maxsize=1)
def count_units() -> frozenset[str]:
    """Canonical names of counted things in every language's unit lexicon."""
    names: set[str] = set()
    for folder in sorted(LANG_DIR.iterdir()):
        if folder.is_dir():
            units = load_lexicon(folder.name, "units").get("units") or {}
            names.update(str(name) for name, spec in units.items()
                         if isinstance(spec, dict) and spec.get("kind") == "count")
    return frozenset(names)


def block_key(claim: ClaimRecord) -> tuple[str, str, str, str]:
    return claim.story_id or "", claim.property, subject_key(claim), period_key(claim) or ""


@lru_cache(maxsize=1)
def _time_varying() -> frozenset[str]:
    return frozenset(name for name, spec in ontology().properties.items() if spec.time_varying)


def period_key(claim: ClaimRecord) -> str | None:
    """The as-of month of a time-varying figure: its as-of date, else its publication."""
    if claim.property not in _time_varying():
        return None
    as_of = (claim.qualifiers or {}).get("as_of")
    low = as_of.get("low") if isinstance(as_of, dict) else None
    if isinstance(low, str) and len(low) >= 7:
        return low[:7]
    return claim.published.strftime("%Y-%m") if claim.published else None


def group_slots(claims: Iterable[ClaimRecord]) -> list[SlotGroup]:
    """Partition claims into slots; every claim lands in exactly one."""
    blocks: dict[tuple[str, str, str, str], list[ClaimRecord]] = defaultdict(list)
    for claim in claims:
        blocks[block_key(claim)].append(claim)
    slots: list[SlotGroup] = []
    for (story, prop, subject, period), members in blocks.items():
        slots.extend(_split_block(story or None, prop, subject, members, period or None))
    return slots


def _split_block(story: str | None, prop: str, subject: str,
                 members: list[ClaimRecord], period: str | None = None) -> list[SlotGroup]:
    full: dict[tuple[str | None, str | None], list[ClaimRecord]] = defaultdict(list)
    for claim in members:
        full[(reference_key(claim), counted_key(claim))].append(claim)
    keys = list(full)
    # A key with a missing part joins the only complete key that agrees with it.
    for key in sorted(keys, key=lambda k: (k[0] is None) + (k[1] is None)):
        if key[0] is not None and key[1] is not None:
            continue
        compatible = [other for other in keys if other != key and other in full
                      and _fits(key, other)]
        if len(compatible) == 1:
            full[compatible[0]].extend(full.pop(key))
    groups = []
    for (reference, counted), claims in full.items():
        first = min(claims, key=_order)
        identity = [story or "-", prop, subject, reference or "-", counted or "-"]
        groups.append(SlotGroup(
            id=stable_id("slt_", *identity, *([period] if period else [])),
            story_id=story, property=prop, subject=first.subject, subject_key=subject,
            reference=next((c.reference for c in claims if c.reference), None),
            counted=counted, claims=sorted(claims, key=_order), period=period,
        ))
    return groups


def _fits(partial: tuple[str | None, str | None], other: tuple[str | None, str | None]) -> bool:
    return all(mine is None or mine == theirs for mine, theirs in zip(partial, other,
                                                                       strict=True))


def _order(claim: ClaimRecord) -> tuple[bool, str, str, int]:
    published = claim.published.isoformat() if claim.published else ""
    return claim.published is None, published, claim.doc_key, claim.start
