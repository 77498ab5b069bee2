"""A figure measured on a sample, retold as a fact about the whole weapon."""

from __future__ import annotations

from veille.corroborate.records import ClaimRecord
from veille.corroborate.samples import sample_flags

from .helpers import CAR, claim

WEAPONS = {"ent_shahed"}
SAMPLE = {"measured_on": {"kind": "sample", "text": "examined several"}}


def share(claim_id: str, document: str, *, figure: float = 82, subject: str = "Shahed-136",
          subject_entity_id: str | None = "ent_shahed", qualifiers: dict | None = None,
          day: int = 1) -> ClaimRecord:
    return claim(claim_id, document, "share", low=figure, high=figure, unit="percent",
                 text=f"{figure:g}%", modality="reported", sources=(CAR,), subject=subject,
                 subject_entity_id=subject_entity_id, reference=None,
                 qualifiers=qualifiers, day=day)


def flagged(claims: list[ClaimRecord]) -> list[tuple[str | None, str | None]]:
    return [(flag.claim_id, flag.reference_claim_id)
            for flag in sample_flags(claims, WEAPONS.__contains__)]


def test_a_sample_figure_said_of_the_weapon_is_flagged_whichever_came_first() -> None:
    sampled = share("examined", "d1", subject="Ukraine", subject_entity_id="ent_ukraine",
                    qualifiers=SAMPLE, day=5)
    general = share("general", "d2", day=1)
    found = sample_flags([general, sampled], WEAPONS.__contains__)
    assert [(flag.kind, flag.claim_id, flag.reference_claim_id) for flag in found] == [
        ("unsupported_addition", "general", "examined")]
    assert found[0].reason == ("'82%' is said of Shahed-136 here; in d1 it was found in the "
                               "items examined ('examined several')")


def test_versions_that_keep_the_sample_or_name_no_weapon_are_left_alone() -> None:
    sampled = share("examined", "d1", qualifiers=SAMPLE)
    assert flagged([sampled, share("kept", "d2", qualifiers=SAMPLE)]) == []
    assert flagged([sampled, share("open", "d2", subject="components",
                                   subject_entity_id=None)]) == []
    assert flagged([sampled, share("place", "d2", subject="Ukraine",
                                   subject_entity_id="ent_ukraine")]) == []


def test_only_the_same_figure_in_another_document_is_compared() -> None:
    sampled = share("examined", "d1", qualifiers=SAMPLE)
    assert flagged([sampled, share("other figure", "d2", figure=40)]) == []
    assert flagged([sampled, share("same page", "d1")]) == []
    counted = claim("count", "d2", "component_count", low=82, high=82, unit="component",
                    text="82 components", subject="Shahed-136", subject_entity_id="ent_shahed",
                    reference=None, qualifiers={"counted": "component"})
    assert flagged([sampled, counted]) == []


def test_a_similar_item_is_a_sample_too() -> None:
    similar = claim("similar", "d1", "component_count", low=35, high=35, unit="component",
                    text="35 komponentov", subject="component", subject_entity_id=None,
                    reference=None, qualifiers={"counted": "component", "measured_on": {
                        "kind": "similar", "text": "podobná"}})
    this = claim("this", "d2", "component_count", low=35, high=35, unit="component",
                 text="35 de componente", subject="Shahed-136", subject_entity_id="ent_shahed",
                 reference=None, qualifiers={"counted": "component"})
    found = sample_flags([similar, this], WEAPONS.__contains__)
    assert [flag.claim_id for flag in found] == ["this"]
    assert found[0].reason.endswith("it was found in a similar item ('podobná')")
