"""A report's sourcing retold: unnamed sources given a kind by one copy tree."""

from __future__ import annotations

from datetime import datetime

from veille.corroborate.flags import compare_versions
from veille.corroborate.records import ClaimRecord
from veille.corroborate.sourcing import sourcing_flags

from .helpers import claim


def sources(claim_id: str, document: str, words: str, kind: str | None, figure: int = 6,
            published: datetime | None = None, origin: str | None = None) -> ClaimRecord:
    qualifiers = {"counted": "source", **({"source_kind": kind} if kind else {}),
                  **({"source_origin": [origin]} if origin else {})}
    found = claim(claim_id, document, "source_count", low=figure, high=figure, unit="source",
                  text=words, modality="reported", subject="Northwire",
                  subject_entity_id=None, reference=None, qualifiers=qualifiers,
                  story="story-kestrel")
    found.published = published
    return found


def flagged(claims: list[ClaimRecord], roots: dict[str, str] | None = None
            ) -> list[tuple[str, str, str]]:
    return [(flag.claim_id or "", flag.reference_claim_id or "", flag.reason)
            for flag in sourcing_flags(claims, lambda doc: (roots or {}).get(doc, doc))]


def test_unnamed_sources_given_a_kind_are_flagged() -> None:
    plain = [sources("a", "d1", "six sources", "sources"),
             sources("b", "d2", "шість джерел", "sources")]
    officials = sources("c", "d3", "six Tarvian officials", "officials")
    assert flagged([*plain, officials]) == [
        ("c", "a", ("'six sources' became 'six Tarvian officials': a kind (officials) the "
                    "original does not give (against d1)"))]
    # its copies are the same version, flagged with it
    copy = sources("d", "d4", "six fonctionnaires", "officials")
    assert [found[0] for found in flagged([*plain, officials, copy], {"d4": "d3"})] == [
        "c", "d"]


def test_a_kind_is_left_alone_where_it_may_be_right() -> None:
    plain = [sources("a", "d1", "six sources", "sources"),
             sources("b", "d2", "шість джерел", "sources")]
    officials = sources("c", "d3", "six officials", "officials")
    assert [found[0] for found in flagged([*plain, officials])] == ["c"]
    # one copy tree without the kind is no majority: rewrites drop kinds too
    assert flagged([plain[0], officials]) == []
    assert flagged([*plain, officials], {"d2": "d1"}) == []
    # another count: another report
    assert flagged([*plain, sources("c", "d3", "five officials", "officials", figure=5)]) == []
    # another copy tree names the same kind
    assert flagged([*plain, officials, sources("e", "d5", "six senior officials",
                                               "officials")]) == []
    # its own copy tree gives the count plainly too: the report says both
    assert flagged([*plain, officials, sources("f", "d6", "six sources", "sources")],
                   {"d6": "d3"}) == []
    # published before every plain version
    early = sources("c", "d3", "six officials", "officials", published=datetime(2024, 2, 1))
    late = [sources("a", "d1", "six sources", "sources", published=datetime(2024, 2, 3)),
            sources("b", "d2", "six sources", "sources", published=datetime(2024, 2, 4))]
    assert flagged([*late, early]) == []
    # no kind on either side, or no plain version to depart from
    assert flagged([*plain, sources("g", "d7", "six people", None)]) == []
    assert flagged([officials, sources("h", "d8", "six intelligence sources",
                                       "intelligence")]) == []


def test_along_a_copy_link_unnamed_sources_given_a_kind_change_the_attribution() -> None:
    original = sources("a", "d1", "six sources", "sources")
    translation = sources("b", "d2", "six fonctionnaires", "officials")
    assert [(flag.kind, flag.claim_id, flag.reference_claim_id)
            for flag in compare_versions(original, translation)] == [
        ("attribution_changed", "b", "a")]
    # the other way round the version says less than the original: nothing to flag
    assert compare_versions(translation, original) == []


def test_sources_given_a_state_or_moved_to_another_are_flagged() -> None:
    plain = [sources("a", "d1", "six sources", "sources"),
             sources("b", "d2", "seis fontes", "sources")]
    iranian = sources("c", "d3", "six Iranian sources", "sources", origin="iran")
    assert flagged([*plain, iranian]) == [
        ("c", "a", ("'six sources' became 'six Iranian sources': an origin (Iran) the original "
                    "does not give (against d1)"))]
    # a kind and a state at once: one flag that says both
    officials = sources("d", "d4", "six Iranian officials", "officials", origin="iran")
    assert [reason for _, _, reason in flagged([*plain, officials])] == [
        ("'six sources' became 'six Iranian officials': a kind (officials) and an origin "
         "(Iran) the original does not give (against d1)")]
    # along a copy link, another state
    russian = sources("e", "d5", "six Russian sources", "sources", origin="russia")
    assert [flag.reason for flag in compare_versions(iranian, russian)] == [
        ("'six Iranian sources' became 'six Russian sources': another origin (Russia, not "
         "Iran) the original does not give (against d3)")]
    # two copy trees name the state: it may well be right
    assert flagged([*plain, iranian, sources("f", "d6", "sei fonti iraniane", "sources",
                                             origin="iran")]) == []
