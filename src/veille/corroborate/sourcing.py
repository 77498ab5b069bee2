"""Sourcing retold across copy trees: "six sources" became "six Iranian officials".

Along a copy link the same change is found by `flags.sources_given_a_kind`; here the versions
are tied by the story and the count instead. A `source_count` claim says how many vague sources a report rests on and of what kind
(`veille.extract.source_counts`). Inside one story, versions that give the same count are
versions of one report's sourcing, in whatever language. The version that gives those sources
a kind (officials, intelligence services, media) where at least two other copy trees give the
same count with no kind ("six sources") names what the report left unnamed, and so credits the
claim to people the report never described: it is flagged `attribution_changed` against the
earliest plain version. One plain copy tree is not enough, as rewrites drop a kind as often
as they add one. It is left alone when another copy tree gives the same kind (that kind may well
have spoken), when its own copy tree gives the count plainly somewhere (the report itself says
both), or when it was published before every plain version.

Work: the story's source counts, grouped by figure; a handful.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from veille.corroborate.flags import FlagRecord, flag_span, sources_given_a_kind
from veille.corroborate.records import ClaimRecord
from veille.extract.attribution import GENERIC_SOURCE_KIND
from veille.extract.claims import SOURCE_COUNT

KIND = "attribution_changed"
# Copy trees that must give the count plainly: a rewrite often drops the kind its original
# gave ("two intelligence sources" retold as "two sources"), and one such rewrite must not
# make the original the odd one out.
MIN_PLAIN_TREES = 2


def sourcing_flags(claims: Iterable[ClaimRecord], root_of: Callable[[str], str],
                   ) -> list[FlagRecord]:
    """The story's source counts given a kind that no other copy tree gives them."""
    by_figure: dict[float, list[ClaimRecord]] = defaultdict(list)
    for claim in claims:
        if claim.property == SOURCE_COUNT:
            by_figure[float((claim.value or {}).get("low") or 0)].append(claim)
    flags = []
    for same in by_figure.values():
        for claim in same:
            kind = _kind(claim)
            if kind in (None, GENERIC_SOURCE_KIND):
                continue
            root = root_of(claim.document_id)
            own = [other for other in same if root_of(other.document_id) == root]
            others = [other for other in same if root_of(other.document_id) != root]
            plain = [other for other in others if _kind(other) == GENERIC_SOURCE_KIND]
            if len({root_of(other.document_id) for other in plain}) < MIN_PLAIN_TREES or \
                    any(_kind(other) == kind for other in others) or \
                    any(_kind(other) == GENERIC_SOURCE_KIND for other in own) or \
                    _first_in_time(claim, plain):
                continue
            reference = min(plain, key=_order)
            reason = sources_given_a_kind(reference, claim)
            flags.append(FlagRecord(
                KIND, claim.document_id, *flag_span(claim, KIND),
                f"{reason} (against {reference.doc_key or reference.document_id})",
                claim.id, reference.document_id, reference.id))
    return flags


def _kind(claim: ClaimRecord) -> str | None:
    return (claim.qualifiers or {}).get("source_kind")


def _first_in_time(claim: ClaimRecord, references: list[ClaimRecord]) -> bool:
    if claim.published is None or any(other.published is None for other in references):
        return False
    return all(claim.published < other.published for other in references)


def _order(claim: ClaimRecord) -> tuple[bool, str, str]:
    published = claim.published.isoformat() if claim.published else ""
    return claim.published is None, published, claim.doc_key
