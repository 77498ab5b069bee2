"""Each flag kind on hand-built versions, and correct re-expressions that must stay unflagged."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from veille.corroborate.flags import (
    NameMention,
    compare_versions,
    garbled_names,
    lineage_flags,
    origin_hedge_flags,
    relay_flags,
)
from veille.corroborate.independence import origins
from veille.corroborate.records import ClaimRecord, Lineage, SourceRef
from veille.corroborate.slots import group_slots

from .helpers import (
    CAR,
    CNS,
    UKRAINE_INTEL,
    claim,
    containers,
    shells,
)


def kinds(reference: ClaimRecord, version: ClaimRecord) -> list[str]:
    return [flag.kind for flag in compare_versions(reference, version)]


def run_lineage(claims: list[ClaimRecord], edges: list[tuple[str, str, str]]):
    lineage = Lineage.from_edges(edges)
    slots = group_slots(claims)
    slot_of = {c.id: s.id for s in slots for c in s.claims}
    members = {s.id: s.claims for s in slots}
    by_doc: dict[str, list[ClaimRecord]] = {}
    for c in claims:
        by_doc.setdefault(c.document_id, []).append(c)

    def claims_of(doc: str) -> Sequence[ClaimRecord]:
        return by_doc.get(doc, ())

    flags, _ = lineage_flags(sorted(by_doc), claims_of, lineage, slot_of,
                             lambda s: members.get(s, ()))
    return flags


def test_comparison_inverted():
    larger = claim("b", "d2", low=1.6, high=1.7, text="60-70% larger", modality="reported")
    assert kinds(claim("a", "d1"), larger) == ["comparison_inverted"]


def test_magnitude_changed_and_value_conflict():
    assert kinds(shells("a", "d1", 5e6), shells("b", "d2", 5e5)) == ["magnitude_changed"]
    assert kinds(containers("a", "d1", 10000), containers("b", "d2", 100000, bound="=")) == [
        "value_conflict"]
    assert kinds(containers("a", "d1", 10000), containers("b", "d2", 13000)) == [
        "value_conflict"]


def test_hedges_dropped_and_added():
    hedged = claim("a", "d1", "manufacture_date", modality="hedged",
                   level="roughly even chance", unit=None, reference=None,
                   value={"low": "2024-01-01", "high": "2024-12-31", "text": "2024"})
    stated = claim("b", "d2", "manufacture_date", modality="reported", unit=None,
                   reference=None, value=dict(hedged.value))
    assert kinds(hedged, stated) == ["hedge_dropped"]
    assert kinds(claim("c", "d1"), claim("d", "d2", modality="hedged")) == ["hedge_added"]


def test_capacity_as_fact():
    assert kinds(shells("a", "d1", 5e6), shells("b", "d2", 5e6, bound="=",
                                                 modality="reported")) == ["capacity_as_fact"]


def test_attribution_changed_only_for_a_source_of_the_version_itself():
    origin = claim("a", "d1", sources=(CNS,))
    assert kinds(origin, claim("b", "d2", sources=(UKRAINE_INTEL,))) == ["attribution_changed"]
    assert kinds(origin, claim("c", "d2", sources=(CAR,))) == ["attribution_changed"]
    unattributed = claim("d", "d2", sources=())
    assert kinds(origin, unattributed) == []
    # the original credits CNS only from the sentence before: its words credit nobody
    carried_over = claim("e", "d1", sources=(dataclasses.replace(CNS, inherited=True),))
    assert kinds(carried_over, claim("f", "d2", sources=(CAR,))) == []


def test_a_reason_says_which_claim_of_the_sentence_it_is_about():
    # one sentence credited anew often carries several claims, each flagged on its own
    def date(claim_id: str, doc: str, source: SourceRef) -> ClaimRecord:
        return claim(claim_id, doc, "imagery_date", unit=None, reference=None, sources=(source,),
                     value={"low": "2024-11-06", "high": "2024-11-06", "text": "6 novembre 2024"})

    ratio = claim("b", "d2", sources=(UKRAINE_INTEL,))
    reasons = [flag.reason for flag in compare_versions(claim("a", "d1", sources=(CNS,)), ratio)
               + compare_versions(date("c", "d1", CNS), date("d", "d2", UKRAINE_INTEL))]
    assert [reason.split(" credited")[0] for reason in reasons] == [
        f"'{ratio.value['text']}'", "'6 novembre 2024'"]


def test_date_conflation_needs_a_year_on_both_sides():
    def date(claim_id, low, high, text):
        return claim(claim_id, claim_id, "event_date", unit=None, reference=None,
                     modality="reported", value={"low": low, "high": high, "text": text})
    november_2024 = date("a", "2024-11-06", "2024-11-06", "6 novembre 2024")
    november_2023 = date("b", "2023-11-01", "2023-11-30", "novembre 2023")
    assert kinds(november_2024, november_2023) == ["date_conflation"]
    february = date("c", "2025-02-11", "2025-02-11", "February 11")
    assert kinds(date("d", "2024-02-11", "2024-02-11", "11 février"), february) == []


def test_correct_re_expressions_are_never_flagged():
    origin = claim("a", "d1")
    faithful = [
        claim("b", "d2", text="30 à 40 % plus petit"),
        claim("c", "d3", low=60, high=70, unit="percent", text="60~70%"),
        claim("d", "d4", reference=None, text="60–70 % от размера"),
        claim("e", "d5", bound="~", text="de 60 à 70 %"),
    ]
    for version in faithful:
        assert kinds(origin, version) == [], version.quote
    assert kinds(containers("a", "d1", 10000), containers("b", "d2", 10000, bound=">")) == []
    area = claim("f", "d1", "area", low=15000, high=15000, bound="~", unit="square metre",
                 reference=None, modality="reported")
    hectares = claim("g", "d2", "area", low=1.5, high=1.5, bound="~", unit="hectare",
                     reference=None, modality="reported")
    assert kinds(area, hectares) == []


def test_unsupported_addition_in_a_rewrite():
    origin = claim("a", "wire")
    rewrite_ratio = claim("b", "rewrite", day=2)
    added = claim("c", "rewrite", "production_rate", low=100, high=100, unit="missile",
                  reference=None, modality="reported", text="100 missiles a month",
                  qualifiers={"counted": "missile", "per": "month"}, day=2)
    flags = run_lineage([origin, rewrite_ratio, added], [("wire", "rewrite", "rewrite")])
    assert [(f.kind, f.claim_id, f.reference_document_id) for f in flags] == [
        ("unsupported_addition", "c", "wire")]


def test_a_copy_of_a_distorted_copy_is_not_flagged_again():
    wire = claim("a", "wire")
    rewrite = claim("b", "rewrite", low=1.6, high=1.7, text="60-70% larger", day=2)
    translation = claim("c", "translation", low=1.6, high=1.7, text="60-70 % plus grand",
                        day=3)
    flags = run_lineage([wire, rewrite, translation],
                        [("wire", "rewrite", "rewrite"), ("rewrite", "translation",
                                                          "translation")])
    assert [(f.kind, f.document_id) for f in flags] == [("comparison_inverted", "rewrite")]


def test_a_version_that_matches_its_grandparent_is_not_blamed_for_its_parent():
    wire = claim("a", "wire")
    rewrite = claim("b", "rewrite", low=1.6, high=1.7, text="60-70% larger", day=2)
    faithful = claim("c", "other", day=3)
    flags = run_lineage([wire, rewrite, faithful],
                        [("wire", "rewrite", "rewrite"), ("rewrite", "other", "rewrite")])
    assert [f.document_id for f in flags] == ["rewrite"]


def test_relay_of_a_named_source_outside_copy_chains_is_compared_with_its_origin():
    first = shells("a", "d1", 5e6)
    relay = shells("b", "d2", 5e5, day=3)
    found = origins([first, relay], Lineage())
    assert len(found) == 1
    assert [f.kind for f in relay_flags(found[0], set(), Lineage())] == ["magnitude_changed"]


def test_a_relay_is_held_against_the_origin_figure_it_agrees_with():
    """The origin says "50 guns and 20 launchers"; a relay of its 50 departs from nothing."""
    guns, launchers = containers("a", "d1", 50, bound="="), containers("b", "d1", 20, bound="=")
    guns.start = 90  # the origin's first figure is the 20
    relay = containers("c", "d2", 50, bound="=", day=3)
    found = origins([launchers, guns, relay], Lineage())
    assert len(found) == 1
    assert relay_flags(found[0], set(), Lineage()) == []


def test_independent_sources_that_disagree_are_not_flagged():
    cns = claim("a", "d1", sources=(CNS,))
    other = claim("b", "d2", low=0.5, high=0.5, sources=(CAR,), day=2)
    found = origins([cns, other], Lineage())
    assert len(found) == 2
    assert all(relay_flags(origin, set(), Lineage()) == [] for origin in found)


def test_garbled_names_but_not_transliterations_inflections_or_short_forms():
    spellings = {"lair": {"Sam Lair", "Сэм Лейр", "샘 레어"},
                 "car": {"Conflict Armament Research", "CAR"},
                 "kn23": {"KN-23", "Hwasong-11"},
                 "shin": {"Shin Won-sik"}}

    def mention(doc, text, entity):
        return NameMention(doc, 0, len(text), text, "PER", entity, entity)

    mentions = [mention("d1", "Sam Lear", "lair"),
                mention("d2", "Conflict Armement Research", "car"),
                mention("d3", "Hwason-11", "kn23"),
                mention("d4", "Сэма Лейра", "lair"),
                mention("d5", "샘 레어", "lair"),
                mention("d6", "Shin", "shin"),
                mention("d7", "Hwaseong-11", "kn23"),
                mention("d8", "Shin Woon-sik", "shin")]
    mentions.append(mention("d9", "David Albri", "lair"))  # cut by the excerpt's end
    flags = garbled_names(mentions, spellings, Lineage(), lambda doc: set(),
                          lambda doc, start, end: None,
                          lambda doc: 11 if doc == "d9" else 1000)
    assert sorted(f.document_id for f in flags) == ["d1", "d2", "d3"]


def test_a_lost_letter_of_a_doubled_e_is_garbled_a_single_consonant_is_not():
    spellings = {"tagireev": {"Ruslan Tagireev", "Руслан Тагиреев"},
                 "osin": {"Kirill Osin", "Кирилл Осин"}}

    def mention(doc, text, entity):
        return NameMention(doc, 0, len(text), text, "PER", entity, entity)

    mentions = [mention("d1", "Ruslan Tagirev", "tagireev"),  # -еев keeps both letters
                mention("d2", "Kiril Osin", "osin"),  # transliterations double л or not
                mention("d3", "Руслан Тагиреев", "tagireev")]
    flags = garbled_names(mentions, spellings, Lineage(), lambda doc: set(),
                          lambda doc, start, end: None, lambda doc: 1000)
    assert [(f.document_id, f.reason) for f in flags] == [
        ("d1", "'Ruslan Tagirev' for tagireev (known form 'Ruslan Tagireev')")]


def test_one_word_place_names_are_checked_in_scripts_without_case():
    spellings = {"kranovsk": {"Kranovsk", "クラノフスク", "크라노프스크"}}

    def place(doc, text):
        return NameMention(doc, 0, len(text), text, "LOC", "kranovsk", "Kranovsk")

    mentions = [place("d1", "スラノフスク"),  # one kana off: a garble
                place("d2", "Kranowsk"),  # one Latin word may be a word of the language
                place("d3", "크라노프스크")]
    flags = garbled_names(mentions, spellings, Lineage(), lambda doc: set(),
                          lambda doc, start, end: None, lambda doc: 1000)
    assert [f.document_id for f in flags] == ["d1"]


def test_misspellings_in_the_gazetteer_still_count_as_garbled() -> None:
    from veille.corroborate.stage import known_misspellings
    from veille.ids import gazetteer_entity_id

    wrong = known_misspellings()[gazetteer_entity_id("sam-lair")]
    assert "Sam Lear" in wrong and "Sam Lair" not in wrong


def test_flag_spans_are_tight() -> None:
    from veille.corroborate.flags import flag_span
    from veille.corroborate.records import ClaimRecord

    quote = "podrían mostrar un nuevo edificio, estimado en un 60-70 % del tamaño"
    claim = ClaimRecord(id="c", document_id="d", property="size_ratio",
                        value={"low": 0.6, "high": 0.7, "text": "60-70 % del tamaño"},
                        qualifiers={"modality_cue": [100, 107]}, start=100,
                        end=100 + len(quote), quote=quote)
    start, end = flag_span(claim, "hedge_added")
    assert quote[start - 100:end - 100] == "podrían mostrar"
    start, end = flag_span(claim, "hedge_dropped")
    assert quote[start - 100:end - 100] == "60-70 % del tamaño"


def test_time_varying_counts_get_one_slot_per_as_of_month() -> None:
    from datetime import datetime

    from veille.corroborate.records import ClaimRecord
    from veille.corroborate.slots import group_slots

    def troops(claim_id: str, low: float, as_of: str | None, published: datetime):
        qualifiers = {"counted": "soldier"}
        if as_of:
            qualifiers["as_of"] = {"low": as_of, "high": as_of, "granularity": "day"}
        return ClaimRecord(id=claim_id, document_id=claim_id, property="member_count",
                           value={"low": low, "high": low}, subject="North Korea",
                           qualifiers=qualifiers, published=published)

    slots = group_slots([troops("a", 10000, "2024-11-04", datetime(2024, 11, 5)),
                         troops("b", 10000, None, datetime(2024, 11, 20)),
                         troops("c", 11000, None, datetime(2024, 12, 3))])
    assert sorted(len(slot.claims) for slot in slots) == [1, 2]
    assert {slot.period for slot in slots} == {"2024-11", "2024-12"}


def _made_in_2024(claim_id: str, document: str, modality: str, *, day: int,
                  start: int = 0) -> ClaimRecord:
    return claim(claim_id, document, "manufacture_date", low=None, high=None, unit=None,
                 modality=modality, sources=(CAR,), subject="KN-23",
                 subject_entity_id="ent_kn23", reference=None, day=day, start=start,
                 value={"low": "2024-01-01", "high": "2024-12-31", "granularity": "year",
                        "text": "2024"})


def test_a_relay_stating_as_fact_what_its_source_hedged_is_flagged_against_the_source():
    hedged = _made_in_2024("a", "car-report", "hedged", day=1)
    calendar = _made_in_2024("b", "car-report", "reported", day=1, start=50)
    kept = _made_in_2024("c", "translation", "hedged", day=2)
    kept_plain = _made_in_2024("d", "translation", "reported", day=2, start=50)
    dropped = _made_in_2024("e", "rewrite", "reported", day=3)
    found = origins([hedged, calendar, kept, kept_plain, dropped], Lineage())
    assert len(found) == 1
    flags = origin_hedge_flags(found[0], set())
    assert [(f.kind, f.document_id, f.reference_claim_id) for f in flags] == [
        ("hedge_dropped", "rewrite", "a")]
    assert origin_hedge_flags(found[0], {("e", "hedge_dropped")}) == []


def test_relays_never_compare_counts_of_unknown_things():
    first = claim("a", "d1", "count", low=12, high=12, unit=None, text="12",
                  modality="reported", sources=(CAR,), reference=None)
    relay = claim("b", "d2", "count", low=9, high=9, unit=None, text="9",
                  modality="reported", sources=(CAR,), reference=None, day=2)
    found = origins([first, relay], Lineage())
    assert relay_flags(found[0], set(), Lineage()) == []


def test_a_known_short_form_does_not_excuse_a_misspelled_full_name_but_one_word_is_no_name(
) -> None:
    spellings = {"hale": {"Marianne Hale", "Hale", "Marianne J. Hale"},
                 "marchuk": {"Oleksii Marchuk"}}  # "Oleksij": another transliteration

    def mention(doc, text):
        return NameMention(doc, 0, len(text), text, "PER", "hale", "Marianne Hale")

    mentions = [mention("d1", "Marionne Hale"),  # first name misspelled, "Hale" inside it
                mention("d2", "Hale"),  # the short form itself
                mention("d3", "Marianne J. Hale"),  # a longer known form
                mention("d4", "Senator Hale"),  # a title before the short form
                mention("d5", "Marianne Hale"),
                mention("d6", "Halle"),  # one plain word: may be a word of the language
                NameMention("d7", 0, 15, "Oleksij Marchuk", "PER", "marchuk", "O. Marchuk")]
    flags = garbled_names(mentions, spellings, Lineage(), lambda doc: set(),
                          lambda doc, start, end: None, lambda doc: 1000)
    assert [f.document_id for f in flags] == ["d1"]


def test_a_copy_that_credits_officials_for_what_media_reported_changes_the_attribution():
    relayed = claim("a", "d1", sources=(SourceRef("les médias baltes", "anonymous"),))
    relayed.language = "fr"
    officials = claim("b", "d2", sources=(SourceRef("westliche Geheimdienste", "anonymous"),))
    officials.language = "de"
    assert kinds(relayed, officials) == ["attribution_changed"]
    assert kinds(officials, relayed) == []  # a version that relays more is not accused


def test_every_source_kind_lexicon_names_the_kinds_the_rules_know():
    from veille.corroborate.flags import RELAYING_KIND
    from veille.extract.attribution import GENERIC_SOURCE_KIND
    from veille.lang import available_languages, load_lexicon

    known = {RELAYING_KIND, GENERIC_SOURCE_KIND, "officials", "intelligence"}
    listed = {language: set(load_lexicon(language, "attribution").get("source_kinds") or {})
              for language in available_languages("attribution")}
    assert listed["en"] == known
    assert all(kinds <= known for kinds in listed.values())
