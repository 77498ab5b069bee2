"""A growth factor whose baseline moved between versions: a plan became an earlier level."""

from __future__ import annotations

from veille.corroborate.baselines import baseline_flags
from veille.corroborate.records import ClaimRecord

from .helpers import claim

PLAN, PAST = "originally planned", "previous level"


def factor(claim_id: str, document: str, reference: str | None, *, figure: float = 9,
           quoted: bool = False, day: int = 1, prop: str = "production_change",
           subject_entity_id: str = "ent_vesna") -> ClaimRecord:
    return claim(claim_id, document, prop, low=figure, high=figure, unit="ratio",
                 text=f"{figure:g} times", modality="asserted", subject="Vesna",
                 subject_entity_id=subject_entity_id, reference=reference,
                 qualifiers={"quoted": True} if quoted else {}, day=day)


def flagged(claims: list[ClaimRecord], roots: dict[str, str] | None = None
            ) -> list[tuple[str, str | None]]:
    return [(flag.claim_id or "", flag.reference_claim_id)
            for flag in baseline_flags(claims, lambda doc: (roots or {}).get(doc, doc))]


def test_a_paraphrase_that_moves_the_baseline_of_a_quotation_is_flagged() -> None:
    quotation = factor("quote", "d1", PLAN, quoted=True, day=5)
    paraphrase = factor("retold", "d2", PAST, day=1)  # earlier, but the quotation wins
    found = baseline_flags([quotation, paraphrase], lambda doc: doc)
    assert [(flag.kind, flag.claim_id, flag.reference_claim_id) for flag in found] == [
        ("value_conflict", "retold", "quote")]
    assert found[0].reason == (
        "'9 times' is measured against an earlier level here ('previous level'); against a "
        "plan in d1 (in quotation marks) ('originally planned')")


def test_without_a_quotation_two_copy_trees_outvote_one_and_time_decides_between_two(
        ) -> None:
    plans = [factor("plan1", "d1", PLAN, day=3), factor("plan2", "d2", PLAN, day=4)]
    assert flagged([*plans, factor("past", "d3", PAST, day=1)]) == [("past", "plan1")]
    assert flagged([factor("plan", "d1", PLAN, day=1), factor("past", "d2", PAST, day=2)]) \
        == [("past", "plan")]
    assert flagged([factor("plan", "d1", PLAN, day=2), factor("past", "d2", PAST, day=1)]) \
        == [("plan", "past")]


def test_copies_of_one_tree_count_once_and_a_seconded_baseline_is_not_accused() -> None:
    plans = [factor("plan1", "d1", PLAN, day=3), factor("plan2", "d2", PLAN, day=4)]
    past = factor("past", "d3", PAST, day=1)
    # the two plans are one copy tree: one against one, and the past came first
    assert flagged([*plans, past], roots={"d2": "d1"}) == [("plan1", "past"),
                                                            ("plan2", "past")]
    seconded = factor("past2", "d4", PAST, day=2)
    assert flagged([*plans, past, seconded]) == []


def test_what_does_not_tie_two_versions_is_left_alone() -> None:
    # other figures, a common factor, an unknown baseline, a quotation on each side
    assert flagged([factor("a", "d1", PLAN), factor("b", "d2", PAST, figure=6, day=2)]) == []
    assert flagged([factor("a", "d1", PLAN, figure=2),
                    factor("b", "d2", PAST, figure=2, day=2)]) == []
    assert flagged([factor("a", "d1", PLAN), factor("b", "d2", "high-precision weapons",
                                                    day=2)]) == []
    assert flagged([factor("a", "d1", PLAN, quoted=True),
                    factor("b", "d2", PAST, quoted=True, day=2)]) == []


def test_a_report_that_gives_both_baselines_is_not_accused() -> None:
    both = [factor("plan", "d1", PLAN, day=2), factor("past", "d1", PAST, day=2)]
    assert flagged([*both, factor("other", "d2", PLAN, day=1)]) == []
