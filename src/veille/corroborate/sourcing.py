"""Sourcing retold across copy trees: "six sources" became "six Iranian officials".

Along a copy link the same change is found by `flags.sources_described`; here the versions
are tied by the story and the count instead. A `source_count` claim says how many vague
sources a report rests on, of what kind and from which state
(`veille.extract.source_counts`). Inside one story, versions that give the same count are versions of one
report's sourcing, in whatever language. The version that describes those sources further -
gives them a kind (officials, intelligence services, media) or a state - where at least two
other copy trees give the same count without that description names what the report left
unnamed, and so credits the claim to people the report never described: it is flagged
`attribution_changed` against the earliest undescribed version. One such copy tree is not
enough, as rewrites drop a description as often as they add one. It is left alone when
another copy tree describes the sources the same way (that may well be who spoke), when its
own copy tree gives the count without the description somewhere (the report itself says
both), or when it was published before every undescribed version.

Work: the story's source counts, grouped by figure; a handful.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from veille.corroborate.consensus import first_in_time
from veille.corroborate.flags import (
    FlagRecord,
    flag_span,
    source_count_kind,
    source_origins,
    sources_described,
)
from veille.corroborate.independence import claim_order
from veille.corroborate.records import ClaimRecord
from veille.extract.attribution import GENERIC_SOURCE_KIND
from veille.extract.claims import SOURCE_COUNT

KIND = "attribution_changed"
# Copy trees that must give the count undescribed: a rewrite often drops what its original
# said of the sources ("two intelligence sources" retold as "two sources"), and one such
# rewrite must not make the original the odd one out.
MIN_PLAIN_TREES = 2


def sourcing_flags(claims: Iterable[ClaimRecord], root_of: Callable[[str], str],
                   ) -> list[FlagRecord]:
    """The story's source counts described in a way no other copy tree describes them."""
    by_figure: dict[float, list[ClaimRecord]] = defaultdict(list)
    for claim in claims:
        if claim.property == SOURCE_COUNT:
            by_figure[float((claim.value or {}).get("low") or 0)].append(claim)
    flags = []
    for same in by_figure.values():
        for claim in same:
            plain = [reference for description in DESCRIPTIONS
                     for reference in _departs(claim, same, root_of, description)]
            if not plain:
                continue
            reference = min(plain, key=claim_order)
            reason = sources_described(reference, claim)
            if reason is None:
                continue
            flags.append(FlagRecord(
                KIND, claim.document_id, *flag_span(claim, KIND),
                f"{reason} (against {reference.doc_key or reference.document_id})",
                claim.id, reference.document_id, reference.id))
    return flags


def _kind(claim: ClaimRecord) -> frozenset[str]:
    """The kind, as a set; the generic "sources" describes nothing."""
    kind = source_count_kind(claim)
    return frozenset({kind}) if kind and kind != GENERIC_SOURCE_KIND else frozenset()


DESCRIPTIONS: tuple[Callable[[ClaimRecord], frozenset[str]], ...] = (_kind, source_origins)


def _departs(claim: ClaimRecord, same: list[ClaimRecord], root_of: Callable[[str], str],
             description: Callable[[ClaimRecord], frozenset[str]]) -> list[ClaimRecord]:
    """The undescribed versions of other copy trees that `claim` departs from by its
    `description`, or none when it does not depart (see the module's docstring)."""
    described = description(claim)
    if not described:
        return []
    root = root_of(claim.document_id)
    own = [other for other in same if root_of(other.document_id) == root]
    others = [other for other in same if root_of(other.document_id) != root]
    plain = [other for other in others if not description(other)]
    if len({root_of(other.document_id) for other in plain}) < MIN_PLAIN_TREES or \
            any(description(other) & described for other in others) or \
            any(not description(other) for other in own) or first_in_time(claim, plain):
        return []
    return plain
