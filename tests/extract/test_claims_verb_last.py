"""Relations in verb-last languages (Korean, Japanese): the object stands before the verb,
marked by a particle; sentences of our own about invented states and weapons."""

from __future__ import annotations

import pytest

from veille.extract.claims import ClaimDraft, extract_claims

from .claim_helpers import dates, names, quantities

TARVIA_KO = ("타르비아", "LOC", "ent_tarvia")
VESNA_KO = ("베스나", "LOC", "ent_vesna")
NORGA_KO = ("노르가", "LOC", "ent_norga")
TARVIA_JA = ("タルビア", "LOC", "ent_tarvia")
VESNA_JA = ("ベスナ", "LOC", "ent_vesna")


def _relations(text: str, language: str, *entries: tuple[str, str, str]
               ) -> list[tuple[str, str | None, str | None]]:
    mentions = names(text, *entries) + quantities(text, language) + dates(text, language)
    claims: list[ClaimDraft] = extract_claims(text, language, mentions, source="Outlet")
    return [(claim.property, claim.subject_entity_id, claim.value.get("entity_id"))
            for claim in claims if claim.value.get("entity_id")]


@pytest.mark.parametrize(("text", "language", "entries"), [
    ("타르비아가 베스나에 케스트렐 미사일 40발을 보냈다.", "ko", (TARVIA_KO, VESNA_KO)),
    ("타르비아, 베스나에 케스트렐 미사일 공급", "ko", (TARVIA_KO, VESNA_KO)),  # a headline
    ("タルビアはベスナにケストレル・ミサイルを供与した。", "ja", (TARVIA_JA, VESNA_JA)),
    ("タルビアがここ数か月でベスナに対し、ミサイル約40発を供与したと報じた。", "ja",
     (TARVIA_JA, VESNA_JA)),
])
def test_the_recipient_stands_before_the_verb_with_its_particle(
        text: str, language: str, entries: tuple) -> None:
    assert ("supplied_to", "ent_tarvia", "ent_vesna") in _relations(text, language, *entries)


@pytest.mark.parametrize(("text", "language", "entries"), [
    # "from Vesna": a particle that begins like the recipient's, but marks the source
    ("타르비아는 베스나로부터 케스트렐 미사일을 공급받았다.", "ko", (TARVIA_KO, VESNA_KO)),
    # "for Vesna's part" and "according to Vesna" are no recipients either
    ("タルビアにとってベスナの支援は重要だ。", "ja", (TARVIA_JA, VESNA_JA)),
    ("베스나에 따르면 타르비아는 미사일을 지원했다.", "ko", (TARVIA_KO, VESNA_KO)),
])
def test_a_longer_particle_of_another_role_is_no_recipient(
        text: str, language: str, entries: tuple) -> None:
    assert not [found for found in _relations(text, language, *entries)
                if found[0] == "supplied_to"]


def test_a_clause_whose_subject_is_no_name_gives_no_relation() -> None:
    # "the government is reviewing its policy of not supplying arms to Vesna": the
    # government supplies, not Tarvia, named before with another particle
    text = "타르비아와 노르가의 협력이 우려된다고 밝혔으며, 정부는 베스나에 무기를 지원하는 방안을 검토하고 있다."
    assert _relations(text, "ko", TARVIA_KO, VESNA_KO, NORGA_KO) == []


def test_some_of_what_was_sent_is_not_the_sender() -> None:
    text = "타르비아가 베스나에 자주포 30문을 보냈고, 이 중 일부가 노르가로 이동했다."
    found = _relations(text, "ko", TARVIA_KO, VESNA_KO, NORGA_KO)
    assert ("supplied_to", "ent_tarvia", "ent_vesna") in found
    assert not [relation for relation in found if relation[0] == "deployed_to"]


def test_this_plant_is_the_plant_named_before() -> None:
    # the complex named last is not "this plant": the plant is the one called a plant
    text = ("타르비아는 노르가 북쪽의 3월5일공장을 확장하고 있다. 이 공장은 케드르기계연합기업소에 "
            "속해 있다. 연구원은 \"이 공장은 케스트렐-4를 생산하는 유일한 공장\"이라고 말했다.")
    found = _relations(text, "ko", TARVIA_KO, NORGA_KO, ("3월5일공장", "FAC", "ent_plant"),
                       ("케드르기계연합기업소", "FAC", "ent_complex"),
                       ("케스트렐-4", "WEAPON", "ent_kestrel"))
    assert ("produces", "ent_plant", "ent_kestrel") in found
    assert ("produces", "ent_complex", "ent_kestrel") not in found


def test_the_noun_a_relative_clause_describes_is_its_object() -> None:
    text = "타르비아가 자체 생산한 케스트렐-4 미사일이 전선에서 발견됐다."
    found = _relations(text, "ko", TARVIA_KO, ("케스트렐-4", "WEAPON", "ent_kestrel"))
    assert ("produces", "ent_tarvia", "ent_kestrel") in found


def test_an_ordinal_prefix_is_not_made_in() -> None:
    # 제 before a number is "No. 11", not "-made" glued to the name before it
    text = "타르비아 제11군단 병력이 베스나 동부에서 훈련을 마쳤다."
    assert not [found for found in _relations(text, "ko", TARVIA_KO, VESNA_KO)
                if found[0] == "component_origin"]


def test_japanese_made_in_is_still_glued_to_the_name_before_it() -> None:
    # every Japanese word touches the one before it: "製の" right after a name is "-made";
    # the passive supply names no supplier
    text = "タルビア製のケストレルがベスナに供与された。"
    found = _relations(text, "ja", TARVIA_JA, VESNA_JA, ("ケストレル", "WEAPON", "ent_kestrel"))
    assert ("component_origin", "ent_kestrel", "ent_tarvia") in found
    assert not [relation for relation in found if relation[0] == "supplied_to"]
