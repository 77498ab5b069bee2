"""Claim assembly, on sentences of our own and on the worked examples of CLAIMS.md."""

from __future__ import annotations

from pathlib import Path

import pytest

from veille.extract.attribution import is_unattributed
from veille.extract.claims import ClaimDraft, extract_claims
from veille.ids import gazetteer_entity_id

from .claim_helpers import dates, names, quantities


def _claims(text: str, language: str, *entries: tuple[str, str], source: str = "Outlet"
            ) -> list[ClaimDraft]:
    mentions = names(text, *entries) + quantities(text, language) + dates(text, language)
    return extract_claims(text, language, mentions, source=source)


def _one(claims: list[ClaimDraft], prop: str, text: str | None = None) -> ClaimDraft:
    found = [c for c in claims if c.property == prop
             and (text is None or text in str(c.value.get("text")))]
    assert found, [(c.property, c.value) for c in claims]
    return found[0]


def test_capacity_versus_delivered_in_one_sentence() -> None:
    text = ("Shin Won-sik told Bloomberg that North Korea had shipped at least 10,000 "
            "containers to Russia, which could hold up to 4.8 million shells.")
    claims = _claims(text, "en", ("Shin Won-sik", "PER"), ("Bloomberg", "ORG"),
                     ("North Korea", "LOC"), ("Russia", "LOC"))
    containers = _one(claims, "delivery_count", "10,000")
    assert containers.subject == "North Korea"
    assert containers.modality == "reported"
    assert [link["name"] for link in containers.attribution] == ["Shin Won-sik", "Bloomberg",
                                                                  "Outlet"]
    assert containers.qualifiers["counted"] == "container"
    shells = _one(claims, "delivery_count", "4.8")
    assert shells.modality == "capacity"
    assert shells.value["low"] == 4_800_000


def test_rewrite_that_drops_the_capacity_is_asserted() -> None:
    text = "North Korea sent 5 million shells to Russia."
    claim = _one(_claims(text, "en", ("North Korea", "LOC"), ("Russia", "LOC")),
                 "delivery_count")
    assert (claim.subject, claim.modality, claim.value["low"]) == ("North Korea", "asserted",
                                                                   5_000_000)
    assert is_unattributed(claim.attribution)


def test_size_ratio_english_with_reference_and_subject_head() -> None:
    text = ("Satellite images analysed by CNS show that the February 11 Plant has a new "
            "assembly building estimated at 60-70% the size of the existing facility.")
    claims = _claims(text, "en", ("CNS", "ORG"), ("February 11 Plant", "FAC", "ent_f11"))
    ratio = _one(claims, "size_ratio")
    assert (ratio.value["low"], ratio.value["high"]) == pytest.approx((0.6, 0.7))
    assert ratio.reference == "existing main building"
    assert ratio.subject_head == "new assembly building"
    assert ratio.subject_entity_id == "ent_f11"
    assert ratio.modality == "estimated"
    assert ratio.attribution[0]["name"] == "CNS"


def test_rate_versus_total() -> None:
    text = "Russia plans to produce 6,000 drones a year at Alabuga."
    assert _one(_claims(text, "en", ("Alabuga", "FAC")), "production_rate").qualifiers[
        "per"] == "year"
    text = "The plant aims to build 6,000 drones by 2025."
    assert _claims(text, "en")[0].property == "production_total"


def test_a_figure_inside_quotation_marks_is_marked_quoted() -> None:
    text = ('"At first Vesna planned a few thousand drones. Now Vesna makes nine times more '
            'than originally planned," the director said.\n'
            'The director said the output of Vesna had grown nine times compared with previous '
            'levels.')
    quoted, paraphrased = [claim for claim in _claims(text, "en", ("Vesna", "FAC"))
                           if claim.property == "production_change"]
    assert quoted.qualifiers.get("quoted") is True
    assert quoted.reference == "originally planned"
    assert "quoted" not in paraphrased.qualifiers
    assert paraphrased.reference == "previous level"


@pytest.mark.parametrize(("text", "language", "entries", "expected"), [
    (("Conflict Armament Research examined several drones shot down in Ukraine and found that "
     "82% of their components were made by American companies."), "en",
     (("Conflict Armament Research", "ORG"), ("Ukraine", "LOC")),
     {"kind": "sample", "text": "examined several"}),
    (("Podľa Vlasjuka obsahovala podobná raketa, ktorú skúmali ukrajinskí experti, 35 "
     "komponentov vyrobených v USA."), "sk", (("Vlasjuka", "PER"), ("USA", "LOC")),
     {"kind": "similar", "text": "podobná raketa"}),
    (("Conflict Armament Research found that 82% of the components of the Shahed were made "
     "by American companies."), "en", (("Conflict Armament Research", "ORG"),
                                      ("Shahed", "WEAPON")), None),
])
def test_what_a_figure_was_measured_on(text: str, language: str,
                                       entries: tuple[tuple[str, str], ...],
                                       expected: dict[str, str] | None) -> None:
    """A sample examined or a similar item, named in the figure's sentence, is kept with the
    figure: a version that drops it says the figure of the whole weapon."""
    figures = [claim for claim in _claims(text, language, *entries)
               if claim.property in ("share", "component_count")]
    assert figures, _claims(text, language, *entries)
    assert figures[0].qualifiers.get("measured_on") == expected


def test_a_tally_keeps_a_count_without_a_subject_of_its_own() -> None:
    """"A total of 16 people" sums up what the text named before it: kept, and marked, where a
    bare "16 people" with no subject in its sentence says too little to keep."""
    before = "The Treasury sanctioned officials of Iran's defence ministry. "
    tallied = [claim for claim in _claims(before + "The list names 16 people in all.", "en",
                                          ("Treasury", "ORG"), ("Iran", "LOC"))
               if claim.value.get("low") == 16]
    assert [claim.qualifiers.get("tally") for claim in tallied] == [True]
    german = [claim for claim in _claims(
        "Die USA verhängen Sanktionen gegen den Iran. Die Liste umfasst insgesamt 16 Personen.",
        "de", ("USA", "LOC"), ("Iran", "LOC")) if claim.value.get("low") == 16]
    assert [claim.qualifiers.get("tally") for claim in german] == [True]
    bare = [claim for claim in _claims(before + "The list names 16 people.", "en",
                                       ("Treasury", "ORG"), ("Iran", "LOC"))
            if claim.value.get("low") == 16]
    assert bare == []


@pytest.mark.parametrize("text", [
    'The plant, nicknamed "the hive", made 300 drones in May.',  # the quotation has closed
    '"The hive is busy," he said.\nThe plant made 300 drones in May.',  # another paragraph
])
def test_a_figure_outside_quotation_marks_is_not_quoted(text: str) -> None:
    assert all("quoted" not in claim.qualifiers
               for claim in _claims(text, "en", ("plant", "FAC")))


def test_supplied_to_entity_claim_with_item() -> None:
    text = "La Corée du Nord livre à la Russie des missiles Hwasong-11 neufs."
    claims = _claims(text, "fr", ("Corée du Nord", "LOC", "ent_kp"), ("Russie", "LOC", "ent_ru"),
                     ("Hwasong-11", "WEAPON", "ent_h11"))
    supplied = _one(claims, "supplied_to")
    assert (supplied.subject_entity_id, supplied.value["entity_id"]) == ("ent_kp", "ent_ru")
    assert supplied.qualifiers["item"] == "Hwasong-11"


@pytest.mark.parametrize(("subject", "key"), [("Moscow", "moscow"), ("Russia", "russia")])
def test_no_transfer_from_a_state_to_itself(subject: str, key: str) -> None:
    """A capital names its state: "Moscow ... to Russia" was read as a transfer."""
    text = f"{subject} says the shells were supplied to Russia by its own plants."
    claims = _claims(text, "en", (subject, "LOC", key), ("Russia", "LOC", "russia"))
    assert [claim for claim in claims if claim.property == "supplied_to"] == []


def test_a_transfer_between_two_states_stays() -> None:
    text = "Tehran says the missiles were supplied to Russia in May."
    claims = _claims(text, "en", ("Tehran", "LOC", "tehran"), ("Russia", "LOC", "russia"))
    assert _one(claims, "supplied_to").value["entity_id"] == "russia"


@pytest.mark.parametrize(("text", "language", "recipient"), [
    ("Iran supplied 400 missiles to Russia, officials of the two countries said.", "en",
     "Russia"),
    ("L'Iran a livré 400 missiles à la Russie, selon des responsables des deux pays.", "fr",
     "Russie"),
])
def test_a_count_of_states_makes_no_claim(text: str, language: str, recipient: str) -> None:
    """"the two countries" names the parties already named; it was a delivery of two."""
    claims = _claims(text, language, ("Iran", "LOC"), (recipient, "LOC"))
    assert [claim.value["low"] for claim in claims if claim.property == "delivery_count"] \
        == [400]


def test_a_figure_that_names_what_it_counts_leaves_other_figures_words() -> None:
    text = "Il drone, che ha causato 3 morti e 7 feriti, conteneva 24 componenti stranieri."
    claims = _claims(text, "it")
    properties = {claim.value["low"]: claim.property for claim in claims
                  if claim.value.get("low") in (3, 24)}
    assert properties == {3: "casualties", 24: "component_count"}


def test_a_rate_that_says_not_of_what_continues_the_sentence_before() -> None:
    text = "Das Kestrel-Werk ist fertig, die Produktion ist angelaufen. Dem Ziel, jährlich 900"
    rate = _one(_claims(text, "de", ("Kestrel-Werk", "FAC")), "production_rate")  # cut short
    assert (rate.subject, rate.value["low"], rate.qualifiers["per"], rate.modality) == (
        "Kestrel-Werk", 900, "year", "planned")


@pytest.mark.parametrize("text", [
    "The Kestrel plant began production in May.\n\nThe goal: 900 a year.",  # new paragraph
    "The Kestrel plant began production in May. The goal: 900.",  # no rate
])
def test_only_a_rate_in_the_same_paragraph_borrows_the_topic(text: str) -> None:
    assert _claims(text, "en", ("Kestrel", "FAC")) == []


@pytest.mark.parametrize(("text", "language"), [
    ("Officials showed the Kestrel-9. The missile can hit targets at a distance of 450 km.", "en"),
    ("The Kestrel-9 gun can strike targets at ranges beyond 30 miles.", "en"),
    ("On a montré le Kestrel-9. Ce missile peut atteindre des cibles situées à 450 km.", "fr"),
    ("Показали Kestrel-9. Ракета способна поражать цели на расстоянии 450 км.", "ru"),
])
def test_targets_struck_at_a_distance_tell_a_weapons_range(text: str, language: str) -> None:
    """These were distances: of a country named before, or of nothing."""
    claims = _claims(text, language, ("Kestrel-9", "WEAPON"))
    assert _one(claims, "range_km").subject == "Kestrel-9"
    assert [claim for claim in claims if claim.property == "distance"] == []


@pytest.mark.parametrize(("text", "language", "sender", "recipient"), [
    ("The United States imposed export controls meant to cut Iran off from chips.", "en",
     "United States", "Iran"),
    (("The United States has tightened its export controls, which aim to keep Iran from buying "
      "chips."), "en", "United States", "Iran"),
    # a ban on transfers names none either
    ("Firms in the United States were prohibited from exporting fuel to Iran.", "en",
     "United States", "Iran"),
    ("Les entreprises des États-Unis sont interdites de fournir du carburant à l'Iran.", "fr",
     "États-Unis", "Iran"),
    ("Компаниям из США запрещено поставлять топливо в Иран.", "ru", "США", "Иран"),
])
def test_export_controls_are_no_transfer(text: str, language: str, sender: str,
                                         recipient: str) -> None:
    claims = _claims(text, language, (sender, "LOC", "ent_us"), (recipient, "LOC", "ent_ir"))
    assert [claim for claim in claims if claim.property == "supplied_to"] == []


def test_whom_a_minister_told_is_no_recipient() -> None:
    # "à Reuters" is whom he told; "que Tarvia" opens what he said, and Tarvia sent
    text = ("Ces envois s'ajoutent aux obus : le ministre affirmait à Reuters que Tarvia "
            "avait expédié 500 conteneurs vers la Vesnie.")
    claims = _claims(text, "fr", ("Reuters", "ORG", "ent_reuters"),
                     ("Tarvia", "LOC", "ent_tarvia"), ("Vesnie", "LOC", "ent_vesna"))
    assert {(claim.property, claim.subject_entity_id) for claim in claims
            if claim.property in ("supplied_to", "delivery_count")} == {
        ("supplied_to", "ent_tarvia"), ("delivery_count", "ent_tarvia")}


@pytest.mark.parametrize(("text", "language", "first", "second"), [
    ("Tarvia et Vesnie nient tout transfert d'armes, tout en ayant signé un traité à Tarvia.",
     "fr", "Tarvia", "Vesnie"),
    ("Тарвия и Весна отрицают поставки оружия, однако подписали договор в Тарвии.", "ru",
     "Тарвия", "Весна"),
])
def test_a_place_of_the_next_clause_receives_nothing(text: str, language: str, first: str,
                                                      second: str) -> None:
    # the treaty was signed in Tarvia: no transfer to it, denied or not
    entries = {(first, "LOC", "ent_tarvia"), (second, "LOC", "ent_vesna")}
    if language == "ru":
        entries.add(("Тарвии", "LOC", "ent_tarvia"))
    claims = _claims(text, language, *sorted(entries))
    assert [claim for claim in claims if claim.property == "supplied_to"] == []


@pytest.mark.parametrize(("text", "language", "place"), [
    ("The defence ministry of Tarvia said 10,000 North Korean soldiers had moved to Kursk.",
     "en", "Kursk"),
    ("Selon Tarvia, environ 10 000 soldats nord-coréens ont été déployés à Koursk.", "fr",
     "Koursk"),
    (("Министерство обороны Тарвии заявило, что 10 000 северокорейских военнослужащих "
     "переброшены в Курск."), "ru", "Курск"),
])
def test_counted_troops_are_those_of_their_nationality(text: str, language: str,
                                                       place: str) -> None:
    # whoever reports them, the soldiers are North Korea's, and Tarvia deployed nobody
    reporter = "Тарвии" if language == "ru" else "Tarvia"
    claims = _claims(text, language, (reporter, "LOC", "ent_tarvia"), (place, "LOC", "ent_k"))
    north_korea = gazetteer_entity_id("north-korea")
    assert sorted((claim.property, claim.subject, claim.subject_entity_id) for claim in claims
                  if claim.property in ("member_count", "deployed_to")) == [
        ("deployed_to", "North Korea", north_korea), ("member_count", "North Korea", north_korea)]


def test_a_german_article_opens_no_clause() -> None:
    claims = _claims("Tarvia liefert die Raketen an Vesna.", "de",
                     ("Tarvia", "LOC", "ent_tarvia"), ("Vesna", "LOC", "ent_vesna"))
    assert [(claim.property, claim.value["entity_id"]) for claim in claims] == [
        ("supplied_to", "ent_vesna")]


@pytest.mark.parametrize(("text", "language", "place"), [
    ("The plant lies about 700 kilometres east of Minsk.", "en", "Minsk"),
    ("Lo stabilimento si trova a 300 chilometri a nord di Torino.", "it", "Torino"),
    ("L'usine du 11 février, près de Hamhung, s'agrandit.", "fr", "Hamhung"),
])
def test_a_site_near_a_city_is_not_in_it(text: str, language: str, place: str) -> None:
    site = next(name for name in ("plant", "stabilimento", "usine du 11 février") if name in text)
    claims = _claims(text, language, (site, "FAC", "ent_site"), (place, "LOC", "ent_city"))
    assert [(claim.property, claim.value["text"]) for claim in claims
            if claim.property.startswith("located")] == [("located_near", place)]


def test_a_site_in_a_region_is_in_it() -> None:
    text = "The plant is located in Kaluga Oblast, about 150 kilometres south of Moscow."
    claims = _claims(text, "en", ("plant", "FAC", "ent_site"), ("Kaluga Oblast", "LOC", "ent_k"),
                     ("Moscow", "LOC", "ent_m"))
    assert sorted((claim.property, claim.value["text"]) for claim in claims
                  if claim.property.startswith("located")) == [
        ("located_in", "Kaluga Oblast"), ("located_near", "Moscow")]


@pytest.mark.parametrize(("text", "language", "weapon", "target"), [
    ("Завод выпускает Kestrel-9, которые применяют для ударов по Харькову.", "ru",
     "Kestrel-9", "Харькову"),
    ("Ракети Kestrel-9, які запустили по Одесі, виготовили навесні.", "uk",
     "Kestrel-9", "Одесі"),
])
def test_the_target_of_a_weapon_is_not_its_user(text: str, language: str, weapon: str,
                                                target: str) -> None:
    claims = _claims(text, language, (weapon, "WEAPON", "ent_w"), (target, "LOC", "ent_ua"))
    assert [claim for claim in claims if claim.property == "used_by"] == []


def test_what_made_in_qualifies_is_a_weapon_never_the_army_that_got_it() -> None:
    text = "러시아군이 받은 북한제 방사포가 어제 공개됐다."
    claims = _claims(text, "ko", ("북한", "LOC", "ent_kp"), ("러시아군", "ORG", "ent_ru_army"))
    assert [claim for claim in claims if claim.property == "component_origin"] == []
    text = "케스트렐 자주포가 전선에 있다. 러시아군이 받은 북한제 자주포가 어제 공개됐다."
    claims = _claims(text, "ko", ("케스트렐 자주포", "WEAPON", "ent_kestrel"),
                     ("북한", "LOC", "ent_kp"), ("러시아군", "ORG", "ent_ru_army"))
    assert _one(claims, "component_origin").subject == "케스트렐 자주포"


def test_denied_transfer() -> None:
    text = "Moscow denied that Iran had delivered 200 missiles to Russia."
    claim = _one(_claims(text, "en", ("Iran", "LOC"), ("Russia", "LOC"), ("Moscow", "LOC")),
                 "delivery_count")
    assert claim.modality == "denied"


@pytest.mark.parametrize(("text", "language"), [
    (("Tarvia is believed to gain from it, and Vesna is reviewing its refusal to send "
     "weapons to Norga."), "en"),
    ("Vesna réexamine son refus de livrer des armes à Norga.", "fr"),
])
def test_a_refusal_to_send_is_no_transfer_reported(text: str, language: str) -> None:
    claims = _claims(text, language, ("Vesna", "LOC", "ent_vesna"), ("Norga", "LOC", "ent_norga"))
    assert [(claim.property, claim.modality) for claim in claims] == [("supplied_to", "denied")]


def test_a_refusal_to_comment_denies_nothing() -> None:
    claims = _claims("The ministry of Vesna refused to comment on the 400 missiles it delivered.",
                     "en", ("Vesna", "LOC", "ent_vesna"))
    assert [claim.modality for claim in claims if claim.property == "delivery_count"] == [
        "asserted"]


def test_hedged_claim_carries_level_and_span_points_at_text() -> None:
    text = "Pyongyang probably sent 120 Koksan howitzers to Russia."
    claim = _one(_claims(text, "en", ("Pyongyang", "LOC"), ("Russia", "LOC"),
                         ("Koksan", "WEAPON")), "delivery_count")
    assert (claim.modality, claim.estimative_level) == ("hedged", "likely")
    assert text[claim.start:claim.end] == claim.quote
    assert "120" in claim.quote


# -- the worked examples of CLAIMS.md, on the seed articles ---------------------------------

def _seed(shared_dir: Path, prefix: str) -> str:
    paths = sorted((shared_dir / "seeds").glob(f"{prefix}_*.txt"))
    if not paths:
        pytest.skip("seeds not available")
    return paths[0].read_text(encoding="utf-8")


def test_seed_000_size_ratio(shared_dir: Path) -> None:
    text = _seed(shared_dir, "000")
    claims = _claims(text, "fr", ("Usine du 11 février", "FAC", "ent_f11"),
                     ("Centre James Martin d’études sur la non-prolifération", "ORG", "ent_cns"))
    ratios = [c for c in claims if c.property == "size_ratio"]
    if not any(q["value"]["kind"] == "ratio" for q in quantities(text, "fr")):
        pytest.skip("the quantities parser does not yet read French size comparisons")
    assert ratios, [(c.property, c.quote[:40]) for c in claims]
    first = ratios[0]
    assert "60-70%" in first.quote
    assert (first.value["low"], first.value["high"]) == pytest.approx((0.6, 0.7))
    assert first.reference == "existing main building"
    assert first.subject_head == "new assembly building"
    assert first.subject_entity_id == "ent_f11"
    assert first.modality == "estimated"
    assert first.attribution[0]["entity_id"] == "ent_cns"


def test_seed_002_containers_and_capacity(shared_dir: Path) -> None:
    text = _seed(shared_dir, "002")
    claims = _claims(text, "fr", ("Shin Woon-sik", "PER"), ("Bloomberg", "ORG"),
                     ("Corée du Nord", "LOC", "ent_kp"), ("Russie", "LOC", "ent_ru"),
                     ("Hwasong-11", "WEAPON", "ent_h11"),
                     ("British Conflict Armament Research", "ORG", "ent_car"))
    containers = _one(claims, "delivery_count", "dix mille")
    assert containers.value["low"] == 10_000
    assert containers.modality == "reported"
    assert [link["name"] for link in containers.attribution][:2] == ["Shin Woon-sik",
                                                                      "Bloomberg"]
    shells = _one(claims, "delivery_count", "cinq millions")
    assert shells.value["low"] == 5_000_000
    assert shells.modality == "capacity"


def test_seed_002_juche_marking(shared_dir: Path) -> None:
    text = _seed(shared_dir, "002")
    mentions = dates(text, "fr")
    if not any((m["value"] or {}).get("calendar") == "juche" for m in mentions):
        pytest.skip("the dates parser does not read this Juche year")
    claims = _claims(text, "fr", ("Hwasong-11", "WEAPON", "ent_h11"),
                     ("British Conflict Armament Research", "ORG", "ent_car"))
    marking = [c for c in claims if c.property == "manufacture_date" and "113" in c.quote]
    assert marking
    assert marking[0].value["low"].startswith("2024")
    assert marking[0].subject_entity_id == "ent_h11"
    assert marking[0].attribution[0]["entity_id"] == "ent_car"


def test_seed_001_produces_only_known(shared_dir: Path) -> None:
    text = _seed(shared_dir, "001")
    claims = _claims(text, "fr", ("L’usine du 11 février", "FAC", "ent_f11"),
                     ("Hwasong-11", "WEAPON", "ent_h11"))
    produces = _one(claims, "produces")
    assert (produces.subject_entity_id, produces.value["entity_id"]) == ("ent_f11", "ent_h11")
    assert produces.value["scope"] == "only known"


def test_seed_004_unattributed_despite_sources(shared_dir: Path) -> None:
    text = _seed(shared_dir, "004")
    claims = _claims(text, "fr", ("Corée du Nord", "LOC", "ent_kp"), ("Russie", "LOC", "ent_ru"))
    range_class = _one(claims, "range_class")
    assert range_class.value["classes"] == ["long", "medium"]
    assert range_class.attribution[0]["role"] == "anonymous"
    assert is_unattributed(range_class.attribution)


def test_stage_saves_exports_and_lists(tmp_path: Path) -> None:
    from datetime import datetime

    from typer.testing import CliRunner

    from veille.cli import app
    from veille.export import (
        EXPORTERS,
        registry,  # noqa: F401
    )
    from veille.extract.stage_claims import compute_claims, save_claims
    from veille.pipeline import DocumentInput, MentionInput
    from veille.store import claims as claim_queries
    from veille.store import open_store
    from veille.store.models import Document

    url = f"sqlite:///{tmp_path}/t.db"
    store = open_store(url)
    text = "Iran sent 400 missiles to Russia, six sources told Reuters."
    with store.session() as session:
        session.add(Document(id="doc_1", external_id="d1", sha256="x" * 64, text=text,
                             language="en", ingested_at=datetime(2026, 11, 22)))
    mentions = tuple(MentionInput(**m) for m in names(text, ("Iran", "LOC"), ("Russia", "LOC"),
                                                       ("Reuters", "ORG"))
                     + quantities(text, "en"))
    document = DocumentInput("doc_1", "d1", text, "en", None, "Wire", None, mentions)
    result = compute_claims(document)
    for _ in range(2):  # saving twice replaces, never duplicates
        with store.session() as session:
            save_claims(session, document, result)
    with store.session() as session:
        stored = claim_queries.list_claims(session, "doc_1")
        assert len(stored) == len(result) >= 1
        assert claim_queries.claim_by_id(session, stored[0].id) is not None
    rows = list(EXPORTERS["claims"](store))
    row = next(r for r in rows if r["property"] == "delivery_count")
    assert row["doc_id"] == "d1" and row["value"]["low"] == 400
    assert [link["role"] for link in row["attribution"]] == ["anonymous", "outlet",
                                                            "document_source"]
    assert text[row["start"]:row["end"]] == row["quote"]
    output = CliRunner().invoke(app, ["claims", "--doc", "d1", "--db", url],
                                env={"COLUMNS": "300"})
    assert output.exit_code == 0, output.output
    assert "delivery_count" in output.output
    missing = CliRunner().invoke(app, ["claims", "--doc", "nope", "--db", url])
    assert missing.exit_code != 0
    denials = CliRunner().invoke(app, ["claims", "--modality", "denied", "--db", url],
                                 env={"COLUMNS": "300"})
    assert denials.exit_code == 0 and "delivery_count" not in denials.output
    unknown = CliRunner().invoke(app, ["claims", "--modality", "maybe", "--db", url])
    assert unknown.exit_code != 0 and "--modality 'maybe'" in unknown.output


def test_sentence_splitter_keeps_abbreviations_and_offsets() -> None:
    from veille.extract.sentences import split_sentences

    text = "Dr. Smith of the U.S. Army said so. Then J. Doe left!\n- a list item? yes."
    spans = [text[s.start:s.end] for s in split_sentences(text, "en")]
    assert spans == ["Dr. Smith of the U.S. Army said so.", "Then J. Doe left!",
                     "- a list item? yes."]
    assert split_sentences(text, "en")[-1].list_item


def test_made_in_a_year_is_a_manufacture_date_not_a_component_origin() -> None:
    text = ("North Korean missiles launched by Russia in November were made in 2024, a report "
            "by Conflict Armament Research (CAR) shows. Investigators studied wreckage from "
            "two Hwasong-11 missiles.")
    claims = _claims(text, "en", ("Russia", "LOC"), ("Conflict Armament Research", "ORG"),
                     ("CAR", "ORG"), ("Hwasong-11", "WEAPON"))
    made = _one(claims, "manufacture_date", "2024")
    assert made.subject == "Hwasong-11"
    assert made.value["granularity"] == "year"
    assert made.modality == "reported"
    assert made.attribution[0]["name"] == "Conflict Armament Research"
    assert not [c for c in claims if c.property == "component_origin"]


def test_imagery_date_and_a_date_inside_a_facility_name() -> None:
    text = ("Des images satellite prises en novembre 2023 montrent que la Corée du Nord "
            "agrandit l'usine du 11 février, près de Hamhung.")
    claims = _claims(text, "fr", ("Corée du Nord", "LOC"), ("usine du 11 février", "FAC"),
                     ("Hamhung", "LOC"))
    imagery = _one(claims, "imagery_date")
    assert imagery.value["low"] == "2023-11-01"
    assert not [c for c in claims if c.property == "manufacture_date"]


def test_fraction_in_words_is_a_size_ratio_with_its_reference_before_it() -> None:
    text = "2월11일공장의 새로 지어진 조립 건물은 기존 본관의 약 3분의 2 크기로 추정됐다."
    claims = _claims(text, "ko", ("2월11일공장", "FAC"))
    ratio = _one(claims, "size_ratio")
    assert ratio.value["low"] == pytest.approx(2 / 3)
    assert ratio.value["bound"] == "~"
    assert ratio.reference == "existing main building"
    english = _claims("The new hall at February 11 Plant is two-thirds the size of the "
                      "existing main building.",
                      "en", ("February 11 Plant", "FAC"))
    assert _one(english, "size_ratio").value["low"] == pytest.approx(2 / 3)


def test_site_features_and_accuracy_get_claims() -> None:
    text = ("The pictures of February 11 Plant show blocks of housing for workers and "
            "fresh digging at what appears to be a tunnel entrance.")
    claims = _claims(text, "en", ("February 11 Plant", "FAC"))
    features = {c.value["classes"][0]: c for c in claims if c.property == "has_feature"}
    assert set(features) == {"worker housing", "tunnel entrance"}
    assert features["worker housing"].subject_head == "worker housing"
    text = "У ГУР заявили, що ракети Хвасон-11 стали влучнішими, ніж на початку року."
    claims = _claims(text, "uk", ("ГУР", "ORG"), ("Хвасон-11", "WEAPON"))
    assert _one(claims, "accuracy").value["classes"] == ["improved"]


def test_an_added_hedge_records_where_its_cue_is() -> None:
    text = ("Los analistas del CNS dicen que las fotografías de la Planta 11 de Febrero podrían "
            "mostrar un nuevo edificio, "
            "estimado en un 60-70 % del tamaño del edificio principal existente.")
    claims = _claims(text, "es", ("CNS", "ORG"), ("Planta 11 de Febrero", "FAC"))
    for claim in claims:
        cue = claim.qualifiers.get("modality_cue")
        if claim.modality == "hedged":
            assert text[cue[0]:cue[1]] == "podrían"


def test_a_count_of_sources_is_no_figure_of_the_subject() -> None:
    text = ("Dozens of Russian personnel are trained in Iran, according to two European "
            "intelligence sources.")
    claims = _claims(text, "en", ("Iran", "LOC"))
    # only how the report is sourced (veille.extract.source_counts), nothing said of Iran
    assert [(c.property, c.value["low"], c.qualifiers.get("source_kind")) for c in claims
            if "source" in str(c.unit)] == [("source_count", 2.0, "intelligence")]


def test_a_bare_number_in_brackets_is_no_figure() -> None:
    text = ("A ministry spokeswoman, Dana Kell, told reporters on Tuesday (14) that Iran plans "
            "to deliver hundreds of ballistic missiles to Russia.")
    claims = _claims(text, "en", ("Dana Kell", "PER"), ("ministry", "ORG"),
                     ("Iran", "LOC"), ("Russia", "LOC"))
    assert all(c.value.get("text") != "14" for c in claims), [c.value for c in claims]
    assert _one(claims, "delivery_count").value["low"] == 100


def test_portuguese_and_polish_lexicons_make_claims() -> None:
    rate = _one(_claims("Agora a Rússia planeja produzir 6.000 drones Shahed por ano.", "pt",
                        ("Rússia", "LOC")), "production_rate")
    assert (rate.value["low"], rate.modality) == (6000, "planned")
    hedged = _one(_claims("O Irã teria enviado para a Rússia centenas de mísseis.", "pt",
                          ("Irã", "LOC"), ("Rússia", "LOC")), "delivery_count")
    assert hedged.modality == "hedged"
    parts = _one(_claims("Według Ihnata w rosyjskim sprzęcie wykorzystywanych jest ponad 450 "
                         "elementów z importu.", "pl", ("Ihnata", "PER")), "component_count")
    assert parts.value["low"] == 450
    assert parts.attribution[0]["name"] == "Ihnata"


def test_a_rate_adverb_before_the_figure_makes_a_rate() -> None:
    text = "Das Werk in Alabuga soll jährlich bis zu 6000 Drohnen bauen."
    claims = _claims(text, "de", ("Alabuga", "LOC"))
    rate = _one(claims, "production_rate", "6000")
    assert rate.qualifiers["per"] == "year"
    assert rate.value["bound"] == "<="


def test_a_rate_word_starting_a_new_clause_is_not_taken() -> None:
    text = "Das Werk in Alabuga wird jährlich erweitert, 6000 Drohnen wurden gebaut."
    claims = _claims(text, "de", ("Alabuga", "LOC"))
    assert all("per" not in c.qualifiers for c in claims if c.value.get("low") == 6000)


def test_a_date_after_another_figure_dates_that_figure() -> None:
    rise = _claims("La production de drones Shahed est passée de 40 unités par an en 2020 à "
                   "350 en 2022.", "fr", ("Shahed", "WEAPON"))
    assert _one(rise, "production_rate", "350").qualifiers["as_of"]["text"] == "2022"
    against = _claims("Analysts say the plant delivered 300 drones to the army last year, "
                      "against 40 units in 2020.", "en", ("plant", "FAC"))
    assert "as_of" not in _one(against, "delivery_count", "300").qualifiers
    shared = _claims("In 2022 the plant built 300 drones and delivered 40 missiles to the "
                     "army.", "en", ("plant", "FAC"))
    assert _one(shared, "delivery_count", "40").qualifiers["as_of"]["text"] == "2022"
    year_left_to_quantities = _claims("С конца 2024 года до середины июля 2025 года завод "
                                      "построил не менее восьми складов.", "ru", ("завод", "FAC"))
    assert _one(year_left_to_quantities, "production_total").qualifiers["as_of"]["text"] == \
        "июля 2025"


def test_a_year_compared_with_dates_the_figure_after_it() -> None:
    compared = _claims("En 2023 la planta fabricó 420 unidades de drones Vesna en comparación "
                       "con 2021, cuando se produjeron solo 56.", "es", ("Vesna", "WEAPON"))
    assert {claim.value["text"]: claim.qualifiers["as_of"]["text"] for claim in compared
            if claim.property == "production_total"} == {"420 unidades": "2023", "56": "2021"}
    # the year compared with is not a date of its own
    launched = _claims('Tarvia en 2023 aumentó 8 veces la producción de misiles de crucero '
                       '"aire-tierra" Vesna-4, hasta 420 unidades en comparación con 2021, '
                       'cuando se lanzaron solo 56 de estos misiles.', "es", ("Vesna-4", "WEAPON"))
    # nor is the year of the figures a date of manufacture: it dates them
    assert [claim.value["text"] for claim in launched if claim.property == "manufacture_date"
            ] == []
    assert _one(launched, "production_total", "420 unidades").qualifiers["as_of"]["text"] == \
        "2023"
    english = _claims("The plant built 420 Vesna drones last year, compared with 2021, when it "
                      "built 56.", "en", ("Vesna", "WEAPON"))
    assert "as_of" not in _one(english, "production_total", "420").qualifiers


def test_a_date_a_total_is_to_be_reached_by_is_marked() -> None:
    target = _claims("The plant plans to build 6,000 Vesna drones by 2025.", "en",
                     ("Vesna", "WEAPON"))
    assert _one(target, "production_total").qualifiers["as_of"]["deadline"] is True
    german = _claims("Das Werk soll bis 2025 insgesamt 6000 Vesna-Drohnen bauen.", "de",
                     ("Vesna", "WEAPON"))
    assert _one(german, "production_total").qualifiers["as_of"]["deadline"] is True
    output = _claims("The plant built 56 Vesna drones in 2021.", "en", ("Vesna", "WEAPON"))
    assert "deadline" not in _one(output, "production_total").qualifiers["as_of"]


def test_the_end_of_a_rise_takes_the_rate_written_at_its_start() -> None:
    text = "Output of Shahed drones rose from 40 a year in 2020 to 350 in 2022."
    rise = _one(_claims(text, "en", ("Shahed", "WEAPON")), "production_rate", "350")
    assert (rise.qualifiers["per"], rise.qualifiers["as_of"]["text"]) == ("year", "2022")


def test_a_rate_adjective_before_of_makes_a_rate() -> None:
    text = "La Russie viserait une production mensuelle d'environ 90 drones."
    rate = _one(_claims(text, "fr", ("Russie", "LOC")), "production_rate", "90")
    assert (rate.qualifiers["per"], rate.value["bound"]) == ("month", "~")


def test_a_research_centre_or_outlet_is_never_the_subject_of_a_figure() -> None:
    text = "SIPRI, which tracks the plant, wrote that Russia assembled 380 Geran-2 drones in May."
    claims = _claims(text, "en", ("SIPRI", "ORG"), ("Russia", "LOC"), ("Geran-2", "WEAPON"))
    drones = next(c for c in claims if c.value.get("low") == 380)
    assert drones.subject in ("Russia", "Geran-2")
    assert "SIPRI" in [link["name"] for link in drones.attribution]


def test_a_state_that_speaks_can_still_be_the_subject() -> None:
    text = "North Korea said it built 120 new launchers last year."
    claims = _claims(text, "en", ("North Korea", "LOC"))
    assert next(c for c in claims if c.value.get("low") == 120).subject == "North Korea"


def test_a_weapon_right_after_the_figure_is_what_it_counts() -> None:
    text = "Inspectors from the monitoring team examined the wreckage of 14 Kh-101 missiles."
    claims = _claims(text, "en", ("Kh-101", "WEAPON"))
    count = next(c for c in claims if c.value.get("low") == 14)
    assert count.subject == "Kh-101"


def test_millimetres_are_a_calibre_not_a_distance() -> None:
    text = "At Kaesong the brigade fielded 36 Koksan guns of 170 mm, parked 40 km from the border."
    claims = _claims(text, "en", ("Koksan", "WEAPON"), ("Kaesong", "LOC"))
    assert _one(claims, "calibre", "170").subject == "Koksan"
    assert _one(claims, "distance", "40").unit == "kilometre"
    assert not any(c.property == "distance" and c.value.get("low") == 170 for c in claims)


@pytest.mark.parametrize("text", [
    "More than 40 were delivered by rail last week.",
    "Only 15 had been built before the war.",
    "Roughly 70 had been shipped by rail before the bridge closed.",
])
def test_a_figure_with_no_subject_to_name_makes_no_claim(text: str) -> None:
    assert _claims(text, "en") == []


def test_what_a_figure_counts_stands_for_a_subject_never_a_function_word() -> None:
    text = "Inspectors said that about 1,200 soldiers had been killed near the river."
    casualties = _one(_claims(text, "en"), "casualties")
    assert casualties.subject == "soldier"
    assert casualties.subject_entity_id is None


def test_a_counted_noun_of_the_sentence_is_the_subject_of_a_measure_or_class() -> None:
    text = "Analysts believe such missiles can strike targets at a distance of 450 kilometres."
    assert _one(_claims(text, "en"), "range_km").subject == "missile"
    text = "Des responsables affirment que ces missiles seraient des engins à longue portée."
    assert _one(_claims(text, "fr"), "range_class").subject == "missile"
    text = "The convoy also carried troops and long-range launchers westward."
    assert not any(c.property == "range_class" for c in _claims(text, "en"))


def test_people_are_not_counted_as_production() -> None:
    text = ("Nearly 300 women were hired to work at the plant, which assembles thousands of "
            "drones for Russia.")
    claims = _claims(text, "en", ("Russia", "LOC"))
    women = next(c for c in claims if c.value.get("low") == 300)
    assert women.property == "member_count"
    assert _one(claims, "production_total", "drones").qualifiers["counted"] == "drone"
    text = "Die Fabrik in Jelabuga produziert mit 900 Arbeitern täglich Drohnen."
    claims = _claims(text, "de", ("Jelabuga", "LOC"))
    assert all(c.property not in ("production_total", "production_rate") for c in claims)


def test_a_count_of_videos_or_documents_makes_no_claim() -> None:
    text = "Reporters reviewed hundreds of videos from the factory in Yelabuga, which makes drones."
    assert _claims(text, "en", ("Yelabuga", "FAC")) == []


@pytest.mark.parametrize(("text", "language", "maker"), [
    ("Russia makes the one-way attack drones at a plant in Tatarstan.", "en", "Russia"),
    ("Russia produces a two-stage rocket at the plant in Votkinsk.", "en", "Russia"),
    ("Russland produziert dort Ein-Weg-Drohnen und eine drei-stufige Rakete.", "de",
     "Russland"),
])
def test_a_number_word_inside_a_compound_adjective_counts_no_production(
        text: str, language: str, maker: str) -> None:
    claims = _claims(text, language, (maker, "LOC"))
    assert all(c.property not in ("production_total", "production_rate") for c in claims)


def test_an_age_range_is_not_a_count_of_things_made() -> None:
    text = "The plant in Alabuga recruited women aged 19-23 to assemble drones."
    claims = _claims(text, "en", ("Alabuga", "FAC"))
    assert all(c.value.get("low") != 19 for c in claims)


def test_a_weapon_named_with_its_own_calibre_is_not_what_an_earlier_figure_measures() -> None:
    text = "The brigade received 170 mm howitzers and 240 mm rocket launchers last spring."
    claims = _claims(text, "en", ("240 mm rocket launchers", "WEAPON", "ent_mrl"))
    assert _one(claims, "calibre", "240").subject_entity_id == "ent_mrl"
    assert all(c.subject_entity_id != "ent_mrl" for c in claims if c.value.get("low") == 170)


@pytest.mark.parametrize(("text", "language", "entries"), [
    # the Korean recipient takes the particle 에: North Korea supplies, Russia receives
    ("북한이 러시아에 자주포 50문을 제공했다.", "ko",
     (("북한", "LOC", "ent_kp"), ("러시아", "LOC", "ent_ru"))),
    # "sent to Russia's Kursk Oblast": neither is the sender of the next sentence's figure
    (("North Korea is supplying Russia with artillery. The weapons will be sent to Russia's "
      "Kursk Oblast. Around 20 launchers will be delivered."), "en",
     (("North Korea", "LOC", "ent_kp"), ("Russia", "LOC", "ent_ru"),
      ("Kursk Oblast", "LOC", "ent_kursk"))),
])
def test_the_recipient_of_a_transfer_is_not_its_subject(text: str, language: str,
                                                        entries: tuple) -> None:
    claim = _one(_claims(text, language, *entries), "delivery_count")
    assert claim.subject_entity_id == "ent_kp"


def test_a_name_after_to_is_a_recipient_only_after_a_verb_of_supply() -> None:
    text = "This comes as a reaction to Iran sending 200 missiles."
    claim = _one(_claims(text, "en", ("Iran", "LOC", "ent_ir")), "delivery_count")
    assert claim.subject_entity_id == "ent_ir"


def test_preparing_to_send_is_a_plan() -> None:
    text = "North Korea is preparing to send Russia over 100 Koksan howitzers."
    claim = _one(_claims(text, "en", ("North Korea", "LOC"), ("Russia", "LOC"),
                         ("Koksan", "WEAPON")), "delivery_count")
    assert claim.modality == "planned"


@pytest.mark.parametrize(("text", "language", "expected"), [
    (("Un rapporto ha rivelato che all’interno dei missili balistici russi Kh-101 ci sono "
      "componenti occidentali."), "it", [("Kh-101", ["ballistic"])]),
    ("Dabei wurden mehrere Teile des Marschflugkörpers Kh-101 gefunden.", "de",
     [("Kh-101", ["cruise"])]),
    # each class word describes the weapon beside it, never across "and"
    ("Russia holds 600 Iskander-M ballistic missiles and 300 Kh-101 cruise missiles.", "en",
     [("Iskander-M", ["ballistic"]), ("Kh-101", ["cruise"])]),
    # a class said of no weapon named beside it is no claim
    ("Iran's ballistic missile programme worries Europe.", "en", []),
])
def test_what_kind_of_missile_a_weapon_is(text: str, language: str, expected: list) -> None:
    entries = [(name, "WEAPON", f"ent_{name}") for name in ("Kh-101", "Iskander-M")
               if name in text] + ([("Iran", "LOC")] if "Iran" in text else [])
    found = [(c.subject, c.value["classes"]) for c in _claims(text, language, *entries)
             if c.property == "missile_class"]
    assert found == expected


def test_japanese_sentences_end_at_a_full_stop_with_no_space() -> None:
    from veille.extract.sentences import split_sentences

    text = "北朝鮮は供与した。一部はクルスク州に運ばれた。「写真が投稿された」と報じた。Next one."
    assert [text[s.start:s.end] for s in split_sentences(text, "ja")] == [
        "北朝鮮は供与した。", "一部はクルスク州に運ばれた。", "「写真が投稿された」と報じた。",
        "Next one."]


def test_a_japanese_report_of_a_transfer() -> None:
    """Who sends (not the recipient marked with に), how many, and who reports it."""
    text = ("英紙フィナンシャル・タイムズによると、北朝鮮はロシアに170ミリ自走砲約50両と"
            "240ミリ多連装ロケット砲約20門を供与した。")
    claims = _claims(text, "ja", ("北朝鮮", "LOC", "ent_kp"), ("ロシア", "LOC", "ent_ru"),
                     ("フィナンシャル・タイムズ", "ORG", "ent_ft"),
                     ("170ミリ自走砲", "WEAPON", "ent_koksan"))
    guns = _one(claims, "delivery_count", "50両")
    assert (guns.subject_entity_id, guns.value["bound"], guns.unit) == ("ent_kp", "~", "gun")
    assert guns.attribution[0]["name"] == "フィナンシャル・タイムズ"
    calibre = _one(claims, "calibre", "170ミリ")
    assert calibre.subject_entity_id == "ent_koksan"


def test_a_calibre_describes_the_weapon_named_right_after_it() -> None:
    text = "The 240 mm launcher is an upgrade of the Soviet 220 mm BM-27 Uragan."
    claims = _claims(text, "en", ("240 mm launcher", "WEAPON", "ent_m1991"),
                     ("BM-27 Uragan", "WEAPON", "ent_bm27"))
    assert _one(claims, "calibre", "220").subject_entity_id == "ent_bm27"
    assert _one(claims, "calibre", "240").subject_entity_id == "ent_m1991"


def test_component_origins_listed_together_are_one_claim_each() -> None:
    text = ("Investigators examined debris of a Kestrel-7 missile that struck Velmora. "
            "The wreck lay in a field near the river. "
            "Its report lists dozens of components made by companies based in the United "
            "States, Germany and the Netherlands.")
    claims = _claims(text, "en", ("Kestrel-7", "WEAPON", "ent_kestrel"), ("Velmora", "LOC"),
                     ("United States", "LOC"), ("Germany", "LOC"), ("Netherlands", "LOC"))
    origins = [(c.subject, c.value["text"]) for c in claims if c.property == "component_origin"]
    # the weapon named two sentences before is whose parts they are
    assert origins == [("Kestrel-7", "United States"), ("Kestrel-7", "Germany"),
                       ("Kestrel-7", "Netherlands")]


def test_a_list_of_origins_stops_where_the_list_does() -> None:
    text = ("Debris of a Kestrel-7 missile held components made in Germany, said analysts "
            "in Velmora.")
    claims = _claims(text, "en", ("Kestrel-7", "WEAPON", "ent_kestrel"), ("Germany", "LOC"),
                     ("Velmora", "LOC"))
    assert [c.value["text"] for c in claims if c.property == "component_origin"] == [
        "Germany"]


def test_a_research_centre_is_never_where_components_come_from() -> None:
    text = ("Components of the Kestrel-7 missile were made by the James Martin Center for "
            "Nonproliferation Studies, a report claimed.")
    claims = _claims(text, "en", ("Kestrel-7", "WEAPON", "ent_kestrel"),
                     ("James Martin Center for Nonproliferation Studies", "ORG"))
    assert not [c for c in claims if c.property == "component_origin"]


def test_an_origin_glued_before_its_trigger_is_the_word_it_is_glued_to() -> None:
    text = "Osland-made Kestrel-7 missiles were fired at Velmora."
    claims = _claims(text, "en", ("Osland", "LOC", "ent_osland"),
                     ("Kestrel-7", "WEAPON", "ent_kestrel"), ("Velmora", "LOC"))
    assert [(c.subject, c.value["text"]) for c in claims
            if c.property == "component_origin"] == [("Kestrel-7", "Osland")]
    # a demonym is no name: no origin, rather than the place the drones went to
    text = "Tarvian-made drones of the Kestrel type were used to attack Velmora."
    claims = _claims(text, "en", ("Kestrel", "WEAPON", "ent_kestrel"), ("Velmora", "LOC"))
    assert not [c for c in claims if c.property == "component_origin"]


def test_a_relation_takes_its_subject_before_the_cue_nearest_its_object() -> None:
    """"production" qualifies the facility; "build" governs the drones, and what builds
    them is named before it, not in the caption of the sentence before."""
    claims = _claims("Photo taken at the Orlen Institute in Tarvia.\n"
                     "A drone production facility in the Kestrel Zone aims to build 600 "
                     "Vesna drones by 2027.", "en", ("Orlen Institute", "ORG", "ent_orlen"),
                     ("Tarvia", "LOC", "ent_tarvia"), ("Kestrel Zone", "LOC", "ent_kestrel"),
                     ("Vesna", "WEAPON", "ent_vesna"))
    assert _one(claims, "produces").subject_entity_id == "ent_kestrel"


def test_a_state_written_before_an_outlet_is_the_outlets_country_not_a_party() -> None:
    """Korean writes "the British FT" as "영국 파이낸셜타임스": Britain receives nothing."""
    claims = _claims("평양이 모스크바에 자주포를 지원해 그중 몇 문이 벨고로드에 배치됐다고 영국 "
                     "파이낸셜타임스가 전했다.", "ko", ("평양", "LOC", "pyongyang"),
                     ("모스크바", "LOC", "moscow"), ("벨고로드", "LOC", "belgorod"),
                     ("영국", "LOC", "united-kingdom"), ("파이낸셜타임스", "ORG", "ft"))
    assert not [c for c in claims if c.value.get("entity_id") == "united-kingdom"]


def test_what_a_weapon_is_aimed_at_receives_nothing() -> None:
    claims = _claims("Tarvia is preparing to send Korvia 40 Vesna launchers, designed to target "
                     "Orlen.", "en", ("Tarvia", "LOC", "ent_tarvia"), ("Korvia", "LOC", "ent_korvia"),
                     ("Vesna", "WEAPON", "ent_vesna"), ("Orlen", "LOC", "ent_orlen"))
    assert not [c for c in claims if c.value.get("entity_id") == "ent_orlen"]
