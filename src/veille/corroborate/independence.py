"""Independent origins of a slot: copies and shared sources collapse into one origin.

Two claims share an origin when their documents belong to one copy tree (a translation of a
rewrite of a wire story), or when they credit the same source: two outlets quoting the same
analyst are one source, and so are the analyst and the organisation they speak for, because
"Sam Lair of CNS" links both. A second team with its own evidence and its own name stays
separate. A source that is the subject's own side (KCNA confirming a North Korean test) is an
origin of its own kind, `self_report`, and does not count as independent corroboration.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from veille.corroborate import agreement
from veille.corroborate.records import ClaimRecord, Lineage, SourceRef
from veille.datafiles import read_yaml
from veille.extract.linking import fold

SELF_REPORT_FILE = Path(__file__).resolve().parent / "self_reporting.yaml"


@lru_cache(maxsize=1)
def self_reporting_names() -> frozenset[str]:
    """Folded names of state outlets and ministries that speak for their own side."""
    data = read_yaml(SELF_REPORT_FILE.read_text(encoding="utf-8")) or {}
    return frozenset(fold(str(name)) for names in data.values() for name in names or ())


def is_self_report(source: SourceRef) -> bool:
    return fold(source.name) in self_reporting_names()


@dataclass
class Origin:
    """One independent origin of a slot: the claims that go back to it."""

    claims: list[ClaimRecord]
    source: str | None  # the primary source's name, None when nobody is named
    kind: str  # "independent" or "self_report"
    document_id: str = ""  # the earliest document of the origin
    claim_id: str = ""
    documents: set[str] = field(default_factory=set)


class _Union:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, item: int) -> int:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def join(self, first: int, second: int) -> None:
        a, b = self.find(first), self.find(second)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def source_keys(claim: ClaimRecord) -> set[str]:
    """The identities of who stands behind a claim (people and organisations; outlets only
    when they are the only ones named)."""
    return {source.key for source in claim.named_sources}


def origins(claims: list[ClaimRecord], lineage: Lineage) -> list[Origin]:
    """The slot's origins, earliest first."""
    ordered = sorted(claims, key=claim_order)
    union = _Union(len(ordered))
    first_by_root: dict[str, int] = {}
    first_by_source: dict[str, int] = {}
    for index, claim in enumerate(ordered):
        root = lineage.root(claim.document_id)
        if root in first_by_root:
            union.join(first_by_root[root], index)
        else:
            first_by_root[root] = index
        for key in source_keys(claim):
            if key in first_by_source:
                union.join(first_by_source[key], index)
            else:
                first_by_source[key] = index
    grouped: dict[int, list[ClaimRecord]] = {}
    for index, claim in enumerate(ordered):
        grouped.setdefault(union.find(index), []).append(claim)
    found = []
    for members in _fold_unsourced(list(grouped.values())):
        first = members[0]
        source = primary_source(members)
        kind = "self_report" if source is not None and is_self_report(source) else "independent"
        found.append(Origin(
            claims=members, source=source.name if source else None, kind=kind,
            document_id=first.document_id, claim_id=first.id,
            documents={claim.document_id for claim in members},
        ))
    return sorted(found, key=lambda origin: claim_order(origin.claims[0]))


def _fold_unsourced(groups: list[list[ClaimRecord]]) -> list[list[ClaimRecord]]:
    """An origin that names nobody ("analysts", the outlet itself, a bare statement) and
    repeats the value of an earlier origin joins that origin: nothing shows it has evidence
    of its own, so it cannot count as independent corroboration."""
    groups = sorted(groups, key=lambda members: claim_order(members[0]))
    kept: list[list[ClaimRecord]] = []
    for members in groups:
        if primary_source(members) is None:
            earlier = next((group for group in kept if any(
                _same_value(old, new) for old in group for new in members)), None)
            if earlier is not None:
                earlier.extend(members)
                continue
        kept.append(list(members))
    return [sorted(group, key=claim_order) for group in kept]


def _same_value(first: ClaimRecord, second: ClaimRecord) -> bool:
    if agreement.one_denies(first, second):
        return False  # "Iran has not delivered launchers to Russia" repeats no delivery
    if agreement.value_type(first.property) == "entity":
        one, two = first.value or {}, second.value or {}
        return bool(one.get("entity_id")) and one.get("entity_id") == two.get("entity_id") \
            or fold(str(one.get("text") or "")) == fold(str(two.get("text") or "")) != ""
    return agreement.compare(first, second).kind == "agree"


def primary_source(claims: list[ClaimRecord]) -> SourceRef | None:
    """The most cited identified source of an origin: an organisation before a person (CNS
    rather than its researcher), a person before an outlet; ties go to the earliest claim."""
    counts: dict[str, tuple[int, int, SourceRef]] = {}
    for position, claim in enumerate(claims):
        for source in claim.named_sources:
            count, first, _ = counts.get(source.key, (0, position, source))
            counts[source.key] = (count + 1, first, source)
    if not counts:
        return None
    rank = {"organisation": 2, "speaker": 1}
    best = max(counts.values(), key=lambda item: (rank.get(item[2].role, 0), item[0], -item[1]))
    return best[2]


def claim_order(claim: ClaimRecord) -> tuple[bool, str, str, int, int, str]:
    """Earliest published first; undated documents last; then document and position, and
    the id where one sentence gives several claims ("made in the United States, Germany and
    the Netherlands"), so that the order never depends on how the store returned them."""
    published = claim.published.isoformat() if claim.published else ""
    return claim.published is None, published, claim.doc_key, claim.start, claim.end, claim.id


def origin_document(origin_list: list[Origin], lineage: Lineage) -> str | None:
    """The slot's origin document: the copy-tree root of its earliest origin's first claim,
    when that root carries the claim too (an undated excerpt never precedes its source)."""
    if not origin_list:
        return None
    first = origin_list[0]
    root = lineage.root(first.document_id)
    return root if root in first.documents else first.document_id
