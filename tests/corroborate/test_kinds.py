"""Kinds of a thing retold as a count of the things, across stories."""

from __future__ import annotations

from veille.corroborate.kinds import KindsIndex
from veille.corroborate.records import ClaimRecord

from .helpers import claim


def components(claim_id: str, document: str, figure: float = 450, *, of_kinds: bool = False,
               story: str = "S1", day: int = 1) -> ClaimRecord:
    qualifiers: dict = {"counted": "component"}
    if of_kinds:
        qualifiers["of_kinds"] = True
    return claim(claim_id, document, "component_count", low=figure, high=figure,
                 unit="component", text=f"{figure:g} components", modality="reported",
                 subject="component", subject_entity_id=None, reference=None,
                 qualifiers=qualifiers, story=story, day=day)


def flagged(*documents: tuple[str, list[ClaimRecord]]) -> list[tuple[str | None, str | None]]:
    index = KindsIndex()
    for root, claims in documents:
        index.add(claims, root)
    return [(flag.claim_id, flag.reference_claim_id) for flag in index.flags()]


def test_items_counted_where_another_tree_counts_kinds_are_flagged_across_stories() -> None:
    index = KindsIndex()
    index.add([components("types", "d1", of_kinds=True, day=5)], "d1")
    index.add([components("parts", "d2", story="S2", day=1)], "d2")
    [flag] = index.flags()
    assert (flag.kind, flag.claim_id, flag.reference_claim_id) == ("value_conflict", "parts",
                                                                   "types")
    assert flag.reason == ("'450 components' counts items here; d1 counts kinds ('450 "
                           "components'): each kind of component may be found many times")


def test_a_tree_that_counts_both_ways_small_figures_and_other_things_are_left_alone() -> None:
    both = [components("types", "d1", of_kinds=True), components("parts", "d1b")]
    assert flagged(("d1", both)) == []
    assert flagged(("d1", [components("types", "d1", 12, of_kinds=True)]),
                   ("d2", [components("parts", "d2", 12)])) == []
    other = components("shells", "d2")
    other.qualifiers["counted"] = "shell"
    assert flagged(("d1", [components("types", "d1", of_kinds=True)]), ("d2", [other])) == []
    assert flagged(("d1", [components("types", "d1", of_kinds=True)]),
                   ("d2", [components("parts", "d2", 451)])) == []
