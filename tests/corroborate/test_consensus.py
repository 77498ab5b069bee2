"""Consensus across stories: the lone version that drops a qualifier the other reports keep."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from veille.corroborate.consensus import (
    ConsensusIndex,
    consensus_flags,
    counted_departures,
    slot_departures,
    weapon_scope,
)
from veille.corroborate.records import ClaimRecord, SourceRef
from veille.extract.cues import CueSet

from .helpers import claim

ANALYST = SourceRef("Mara Quint", "speaker", "ent_quint", "PER")
DRONE = "ent_drone_x"


def drones(claim_id: str, document: str, figure: float = 340, *, modality: str = "reported",
           bound: str = "=", prop: str = "delivery_count", counted: str | None = "drone",
           story: str | None = None, sources: tuple[SourceRef, ...] = (),
           subject_entity_id: str | None = DRONE, published: datetime | None = None,
           qualifiers: dict | None = None, start: int = 0) -> ClaimRecord:
    """A figure about drones sent by the made-up Kestrel works; each document in its own
    story, undated."""
    found = claim(claim_id, document, prop, low=figure, high=figure, bound=bound,
                  unit=counted, text=f"{figure:g} drones", modality=modality, sources=sources,
                  subject="Kestrel works", subject_entity_id=subject_entity_id, reference=None,
                  qualifiers=qualifiers if qualifiers is not None else (
                      {"counted": counted} if counted else {}),
                  story=story or f"story-{document}", start=start)
    found.published = published
    return found


def flagged(claims: list[ClaimRecord], roots: dict[str, str] | None = None,
            weapons: dict[str, set[str]] | None = None,
            already: set[tuple[str, str]] | None = None) -> list[tuple[str, str, str | None]]:
    index = ConsensusIndex()
    for record in claims:
        index.add(record, (roots or {}).get(record.document_id, record.document_id),
                  (weapons or {}).get(record.id, set()))
    by_id = {record.id: record for record in claims}

    def load(ids: Iterable[str]) -> dict[str, ClaimRecord]:
        return {claim_id: by_id[claim_id] for claim_id in ids}

    return sorted((flag.kind, flag.claim_id or "", flag.reference_claim_id)
                  for flag in consensus_flags(index, load, already or set()))


def test_the_lone_flat_version_among_hedged_ones_is_flagged_across_stories():
    claims = [drones("a", "d1", modality="hedged"), drones("b", "d2", modality="hedged"),
              drones("c", "d3")]
    assert flagged(claims) == [("hedge_dropped", "c", "a")]


def test_a_tie_goes_to_the_cautious_reading_but_two_flat_reports_are_left_alone():
    assert flagged([drones("a", "d1", modality="hedged"), drones("b", "d2")]) == [
        ("hedge_dropped", "b", "a")]
    assert flagged([drones("a", "d1", modality="hedged"), drones("b", "d2"),
                    drones("c", "d3")]) == []


def test_a_copy_tree_that_keeps_the_hedge_somewhere_is_not_accused():
    claims = [drones("a", "d1", modality="hedged"), drones("b", "d2", modality="hedged"),
              drones("c", "d3")]
    assert flagged(claims, roots={"d3": "d2"}) == []  # d3 copies d2, which kept it
    # two versions in one document: the hedged body excuses the flat line
    claims = [drones("a", "d1", modality="hedged"), drones("b", "d2"),
              drones("c", "d2", modality="hedged", start=200)]
    assert flagged(claims) == []


def test_at_least_dropped_by_one_report_of_the_same_source():
    claims = [drones("a", "d1", bound=">=", sources=(ANALYST,), subject_entity_id=None),
              drones("b", "d2", bound=">", sources=(ANALYST,), subject_entity_id=None),
              drones("c", "d3", sources=(ANALYST,), subject_entity_id=None)]
    assert flagged(claims) == [("hedge_dropped", "c", "a")]
    # "about 340" keeps no floor but drops nothing either
    claims[2] = drones("c", "d3", bound="~", sources=(ANALYST,), subject_entity_id=None)
    assert flagged(claims) == []


def test_an_earlier_flat_version_may_be_the_original():
    claims = [drones("a", "d1", modality="hedged", published=datetime(2025, 3, 2)),
              drones("b", "d2", published=datetime(2025, 3, 1))]
    assert flagged(claims) == []
    claims[1].published = datetime(2025, 3, 5)
    assert flagged(claims) == [("hedge_dropped", "b", "a")]


def test_capacity_in_the_body_and_output_in_the_headline_of_one_document():
    headline = drones("h", "d1", 900, prop="production_rate", counted="drone",
                      qualifiers={"counted": "drone", "per": "month"})
    body = drones("b", "d1", 900, prop="production_rate", counted="drone", bound="<=",
                  modality="capacity", qualifiers={"counted": "drone", "per": "month"},
                  start=300)
    assert flagged([headline, body]) == [("capacity_as_fact", "h", "b")]
    # a range is a capacity by nature: "a range of 60 km" and "can reach 60 km" agree
    reach = drones("r", "d2", 60, prop="range_km", counted="kilometre", modality="capacity",
                   qualifiers={})
    flat = drones("f", "d2", 60, prop="range_km", counted="kilometre", qualifiers={},
                  start=300)
    assert flagged([reach, flat]) == []


def test_what_cannot_tie_two_reports_is_never_compared():
    hedged = drones("a", "d1", modality="hedged")
    # small or vague figures
    assert flagged([drones("a", "d1", 4, modality="hedged"), drones("b", "d2", 4)]) == []
    vague = drones("v", "d2", modality="hedged")
    vague.value = {"low": 100, "high": 1000, "bound": "=", "text": "hundreds"}
    flat_vague = drones("w", "d3")
    flat_vague.value = dict(vague.value)
    assert flagged([vague, flat_vague]) == []
    # another counted thing, another property, another rate period, another as-of year
    assert flagged([hedged, drones("b", "d2", counted="missile")]) == []
    assert flagged([hedged, drones("b", "d2", prop="production_total")]) == []
    rate = drones("r", "d3", qualifiers={"counted": "drone", "per": "month"})
    assert flagged([hedged, rate]) == []
    year = {"counted": "drone", "as_of": {"low": "2021-01-01", "high": "2021-12-31"}}
    other_year = {"counted": "drone", "as_of": {"low": "2023-01-01", "high": "2023-12-31"}}
    assert flagged([drones("a", "d1", modality="hedged", qualifiers=year),
                    drones("b", "d2", qualifiers=other_year)]) == []
    # nothing in common but the figure: no subject, no source, no weapon
    assert flagged([drones("a", "d1", modality="hedged", subject_entity_id=None),
                    drones("b", "d2", subject_entity_id=None)]) == []


def test_an_unknown_counted_thing_and_the_generic_count_join_a_known_one():
    claims = [drones("a", "d1", modality="hedged"),
              drones("b", "d2", prop="count", counted=None)]
    assert flagged(claims) == [("hedge_dropped", "b", "a")]


def test_a_weapon_named_in_both_claims_ties_reports_whose_subjects_differ():
    first = drones("a", "d1", bound=">", subject_entity_id="ent_country_a")
    second = drones("b", "d2", subject_entity_id="ent_capital_a")
    assert flagged([first, second]) == []
    assert flagged([first, second], weapons={"a": {"ent_w"}, "b": {"ent_w"}}) == [
        ("hedge_dropped", "b", "a")]


def test_a_claim_already_flagged_by_its_copy_chain_is_not_flagged_twice():
    claims = [drones("a", "d1", modality="hedged"), drones("b", "d2")]
    assert flagged(claims, already={("b", "hedge_dropped")}) == []


def test_a_country_as_subject_ties_nothing():
    claims = [drones("a", "d1", bound=">", subject_entity_id="ent_land"),
              drones("b", "d2", subject_entity_id="ent_land")]
    index = ConsensusIndex({"ent_land": "LOC"})
    for record in claims:
        index.add(record, record.document_id)
    assert index.departures() == []


def test_two_reports_crediting_their_own_sources_are_not_set_against_each_other():
    other = SourceRef("Ivo Brandt", "speaker", "ent_brandt", "PER")
    outlet = SourceRef("Daily Ledger", "outlet", "ent_ledger", "ORG")
    assert flagged([drones("a", "d1", modality="hedged", sources=(ANALYST,)),
                    drones("b", "d2", sources=(other,))]) == []
    # an outlet is no source of its own: it relays
    assert flagged([drones("a", "d1", modality="hedged", sources=(ANALYST,)),
                    drones("b", "d2", sources=(outlet,))]) == [("hedge_dropped", "b", "a")]


def test_the_stage_compares_versions_across_stories(tmp_path):
    from veille.corroborate.stage import run
    from veille.ids import stable_id
    from veille.store import open_store
    from veille.store.models import Claim, Document, Entity, Flag, Source, Story

    store = open_store(f"sqlite:///{tmp_path}/t.db")
    texts = {"hedged": "Of its 300 parts, 120 are thought to come from abroad.",
             "also-hedged": "Some 120 parts are believed to be foreign, the study says.",
             "flat": "The drone holds 120 foreign parts, a newspaper wrote."}
    with store.session() as session:
        session.add(Entity(id=DRONE, name="Kestrel-9", type="WEAPON"))
        for number, (name, text) in enumerate(texts.items()):
            source_id = stable_id("src_", name)
            session.add(Source(id=source_id, name=f"outlet {name}"))
            session.add(Story(id=f"story-{number}", title=name))
            session.flush()
            document_id = stable_id("doc_", name)
            session.add(Document(id=document_id, external_id=name, sha256=stable_id("", name),
                                 source_id=source_id, text=text, language="en",
                                 published=None, ingested_at=datetime(2025, 1, 1),
                                 story_id=f"story-{number}"))
            session.flush()
            start = text.index("120")
            session.add(Claim(
                id=stable_id("clm_", name), document_id=document_id, start=start,
                end=start + 9, quote=text[start:start + 9], subject="Kestrel-9",
                subject_entity_id=DRONE, property="component_count",
                value={"low": 120, "high": 120, "bound": "=", "text": "120 parts"},
                unit=None, reference=None, qualifiers={}, attribution=[],
                modality="reported" if name == "flat" else "hedged", confidence=0.8))
    run(store)
    with store.session() as session:
        flags = [(flag.kind, flag.document_id, flag.reference_document_id)
                 for flag in session.query(Flag)]
    assert flags == [("hedge_dropped", stable_id("doc_", "flat"), stable_id("doc_", "also-hedged"))]


def growth(claim_id: str, document: str, factor: float, *, unit: str = "ratio",
           bound: str = "=", subject_entity_id: str | None = DRONE,
           qualifiers: dict | None = None) -> ClaimRecord:
    """A growth factor of the made-up Kestrel drone's output, undated, in its own story."""
    return claim(claim_id, document, "production_change", low=factor, high=factor,
                 bound=bound, unit=unit, text=f"{factor:g} times", modality="asserted",
                 subject="Kestrel drone", subject_entity_id=subject_entity_id, reference=None,
                 qualifiers=qualifiers, story=f"story-{document}")


def test_a_factor_no_version_agrees_with_is_flagged_against_the_agreeing_ones():
    claims = [growth("a", "d1", 8), growth("b", "d2", 700, unit="percent", bound="up"),
              growth("c", "d3", 7)]
    assert flagged(claims) == [("value_conflict", "c", "a")]


def test_a_factor_of_a_weapon_named_in_the_span_meets_the_same_weapon_as_subject():
    claims = [growth("a", "d1", 8), growth("b", "d2", 8, subject_entity_id="ent_russia"),
              growth("c", "d3", 7)]
    assert flagged(claims, weapons={"b": {DRONE}}) == [("value_conflict", "c", "a")]


def test_factors_are_not_accused_without_two_agreeing_copy_trees_or_across_periods():
    two_trees = [growth("a", "d1", 8), growth("b", "d2", 7)]
    assert flagged(two_trees) == []
    one_tree = [growth("a", "d1", 8), growth("b", "d2", 8), growth("c", "d3", 7)]
    assert flagged(one_tree, roots={"d2": "d1"}) == []
    year = {"as_of": {"low": "2023-01-01", "high": "2023-12-31"}}
    later = {"as_of": {"low": "2025-01-01", "high": "2025-12-31"}}
    periods = [growth("a", "d1", 8, qualifiers=year), growth("b", "d2", 8, qualifiers=year),
               growth("c", "d3", 3, qualifiers=later)]
    assert flagged(periods) == []


def shipment(claim_id: str, document: str, quote: str, figure_text: str,
             weapon_text: str = "Kestrel-9") -> tuple[ClaimRecord, dict[str, str]]:
    """A delivery of 300 missiles whose span names the made-up Kestrel-9, and the role the
    span gives the weapon."""
    found = claim(claim_id, document, "delivery_count", low=300, high=300, bound="~",
                  unit="missile", text=figure_text, modality="reported",
                  subject="Valdoria", subject_entity_id="ent_valdoria", reference=None,
                  qualifiers={"counted": "missile"}, story=f"story-{document}")
    found.quote, found.end = quote, len(quote)
    role = weapon_scope(found, quote.index(weapon_text), CueSet({"part_of": [
        "including", "many of"]}))
    return found, ({DRONE: role} if role else {})


def test_a_figure_narrowed_to_one_weapon_is_an_unsupported_addition():
    versions = [
        shipment("a", "d1", "about 300 missiles, including many Kestrel-9 rockets",
                 "about 300 missiles"),
        shipment("b", "d2", "about 300 missiles Kestrel-9 reached the port", "about 300 missiles"),
        shipment("c", "d3", "about 300 missiles reached the port; Kestrel-9 among others",
                 "about 300 missiles"),
    ]
    assert [scope for _, scope in versions] == [{DRONE: "part"}, {DRONE: "counted"}, {}]
    index = ConsensusIndex()
    for record, scope in versions:
        index.add(record, record.document_id, {DRONE}, scope)
    by_id = {record.id: record for record, _ in versions}
    flags = consensus_flags(index, lambda ids: {i: by_id[i] for i in ids}, set())
    assert [(flag.kind, flag.claim_id, flag.reference_claim_id) for flag in flags] == [
        ("unsupported_addition", "b", "a")]


TARGET_YEAR = {"as_of": {"low": "2027-01-01", "high": "2027-12-31", "granularity": "year",
                         "text": "2027", "deadline": True}}


def made(claim_id: str, document: str, *, per: str | None = None, dated: bool = True,
         published: datetime | None = None, subject_entity_id: str | None = DRONE,
         ) -> ClaimRecord:
    """A production figure of the Kestrel works: a total by 2027, or a rate per period."""
    qualifiers = {"counted": "drone", **(TARGET_YEAR if dated else {})}
    if per:
        qualifiers["per"] = per
    return drones(claim_id, document, 5000, modality="planned",
                  prop="production_rate" if per else "production_total",
                  qualifiers=qualifiers, published=published,
                  subject_entity_id=subject_entity_id)


def test_a_total_by_a_date_turned_into_a_yearly_rate_is_a_value_conflict():
    claims = [made("a", "d1"), made("b", "d2", per="year", dated=False)]
    assert flagged(claims) == [("value_conflict", "b", "a")]
    # the rate was said first: it may be what the total was drawn from
    total = made("a", "d1", published=datetime(2024, 3, 1))
    early = made("b", "d2", per="year", dated=False, published=datetime(2024, 1, 1))
    assert flagged([total, early]) == []


def test_a_total_is_never_set_against_a_rate_without_its_target_date():
    # "has made 5,000 drones" may be a running count, not the target that became a rate
    assert flagged([made("a", "d1", dated=False), made("b", "d2", per="year")]) == []


def test_a_total_of_one_year_is_that_years_output_not_a_target():
    # "56 were made in 2021" and "56 a year in 2021" say the same
    in_the_year = made("a", "d1")
    in_the_year.qualifiers["as_of"] = {**TARGET_YEAR["as_of"], "deadline": False}
    assert flagged([in_the_year, made("b", "d2", per="year", dated=False)]) == []


def test_every_copy_tree_giving_the_rate_is_accused_by_a_total():
    # a rate repeated by two reports is one reading repeated, not evidence against the total
    claims = [made("a", "d1"), made("b", "d2", per="year"), made("c", "d3", per="year")]
    assert flagged(claims) == [("value_conflict", "b", "a"), ("value_conflict", "c", "a")]
    # except a rate said before every total: the total may have been drawn from it
    total = made("a", "d1", published=datetime(2024, 3, 1))
    early = made("b", "d2", per="year", published=datetime(2024, 1, 1))
    late = made("c", "d3", per="year", published=datetime(2024, 5, 1))
    assert flagged([total, early, late]) == [("value_conflict", "c", "a")]


def test_the_same_rate_said_again_in_the_document_is_flagged_with_it():
    # the headline names the plant; the body's figure has no subject that ties reports
    headline = made("b", "d2", per="year", dated=False)
    body = made("c", "d2", per="year", subject_entity_id=None)
    assert flagged([made("a", "d1"), headline, body]) == [
        ("value_conflict", "b", "a"), ("value_conflict", "c", "a")]


def test_a_facility_ties_reports_but_a_country_does_not():
    facility, country = "ent_kestrel_site", "ent_land"
    for entity_type, expected in (("FACILITY", 1), ("COUNTRY", 0)):
        subject = facility if entity_type == "FACILITY" else country
        index = ConsensusIndex({subject: entity_type})
        index.add(made("a", "d1", subject_entity_id=subject), "d1")
        index.add(made("b", "d2", per="year", subject_entity_id=subject), "d2")
        assert len(index.departures()) == expected


def shipments(claim_id: str, document: str, bound: str = "=") -> ClaimRecord:
    return drones(claim_id, document, 4, bound=bound, counted="shipment",
                  story="story-kestrel")


def test_inside_a_slot_a_small_figure_that_drops_its_floor_is_flagged():
    claims = [shipments("a", "d1", ">="), shipments("b", "d2", ">="), shipments("c", "d3")]
    departures = slot_departures(claims, lambda document: document)
    assert [(d.claim_id, r.claim_id, axis) for d, r, axis in departures] == [
        ("c", "a", "bound")]
    # across stories a bare four ties nothing
    assert flagged(claims) == []


def test_a_denial_of_the_figure_drops_no_floor():
    """"The four shipments never arrived" is no version of "at least four shipments": it
    contradicts the figure, it does not restate it without its floor."""
    claims = [shipments("a", "d1", ">="), shipments("b", "d2", ">="), shipments("c", "d3")]
    claims[2].modality = "denied"
    assert slot_departures(claims, lambda document: document) == []


def test_inside_a_slot_a_copy_tree_that_keeps_the_floor_is_not_accused():
    claims = [shipments("a", "d1", ">="), shipments("b", "d2", ">="), shipments("c", "d3")]
    roots = {"d1": "d1", "d2": "d3", "d3": "d3"}  # d3 copies d2, which says "at least"
    assert slot_departures(claims, roots.__getitem__) == []


def vague(words: str) -> tuple[SourceRef, ...]:
    return (SourceRef(words, "anonymous"),)


def test_media_reports_retold_as_first_hand_sources_change_the_attribution():
    relayed = drones("a", "d1", bound=">", sources=vague("Lithuanian media"))
    officials = drones("b", "d2", bound=">", sources=vague("government officials"))
    assert flagged([relayed, officials]) == [("attribution_changed", "b", "a")]
    spies = drones("c", "d3", bound=">", sources=vague("intelligence services"))
    plain = drones("d", "d4", bound=">", sources=vague("sources"))
    assert flagged([relayed, spies, plain]) == [("attribution_changed", "c", "a"),
                                                ("attribution_changed", "d", "a")]


def test_a_kind_of_source_is_compared_across_languages():
    relayed = drones("a", "d1", sources=vague("les médias baltes"))
    relayed.language = "fr"
    officials = drones("b", "d2", sources=vague("offiziellen Angaben"))
    officials.language = "de"
    assert flagged([relayed, officials]) == [("attribution_changed", "b", "a")]


def test_a_kind_of_source_is_left_alone_when_it_may_well_have_spoken():
    relayed = drones("a", "d1", sources=vague("Lithuanian media"))
    first = drones("b", "d2", sources=vague("officials"))
    # two copy trees credit officials
    assert flagged([relayed, first, drones("c", "d3", sources=vague("senior officials"))]) == []
    # its own copy tree credits the media somewhere
    assert flagged([relayed, first, drones("c", "d2", sources=vague("local media"), start=90)],
                   ) == []
    # it was published before the media reports
    relayed.published, first.published = datetime(2025, 3, 5), datetime(2025, 3, 1)
    assert flagged([relayed, first]) == []
    # two kinds that both speak for themselves: no cautious reading to depart from
    assert flagged([drones("a", "d1", sources=vague("officials")),
                    drones("b", "d2", sources=vague("intelligence services"))]) == []


def test_mixed_or_named_sources_have_no_kind():
    relayed = drones("a", "d1", sources=vague("Lithuanian media"))
    mixed = drones("b", "d2", sources=vague("media reports citing officials"))
    named = drones("c", "d3", sources=(ANALYST, *vague("officials")))
    assert flagged([relayed, mixed]) == []
    assert flagged([relayed, named]) == []
    # the generic "sources" yields to a specific kind: government sources are officials
    agreeing = drones("d", "d4", sources=vague("government sources"))
    assert flagged([relayed, agreeing, drones("e", "d5", sources=vague("officials"))]) == []


def test_inside_a_slot_a_relayed_figure_retold_as_official_is_flagged():
    claims = [shipments("a", "d1", ">="), shipments("b", "d2", ">=")]
    claims[0].sources = vague("Lithuanian media")
    claims[1].sources = vague("officials")
    departures = slot_departures(claims, lambda document: document)
    assert [(d.claim_id, r.claim_id, axis) for d, r, axis in departures] == [
        ("b", "a", "relayed")]



def test_inside_a_slot_a_figure_just_over_a_relayed_floor_is_tied_to_it():
    def shipped(claim_id: str, document: str, figure: float, bound: str, words: str):
        return drones(claim_id, document, figure, bound=bound, story="story-kestrel",
                      sources=vague(words))

    relayed = shipped("a", "d1", 200, ">", "Lithuanian media")

    def departures(figure: float) -> list[tuple[str, str, str]]:
        claims = [relayed, shipped("b", "d2", figure, "=", "official statements")]
        return [(d.claim_id, r.claim_id, axis)
                for d, r, axis in slot_departures(claims, lambda document: document)]

    # "more than 200" is under 300: 225 may be it retold
    assert departures(225) == [("b", "a", "relayed")]
    # further up, a report of its own
    assert departures(340) == []

def counts(claim_id: str, document: str, counted: str,
           published: datetime | None = None) -> ClaimRecord:
    return drones(claim_id, document, 400, counted=counted, story="story-kestrel",
                  published=published)


def counted_changes(claims: list[ClaimRecord], roots: dict[str, str] | None = None,
                    ) -> list[tuple[str, str, str]]:
    return [(d.claim_id, r.claim_id, axis) for d, r, axis in
            counted_departures(claims, lambda document: (roots or {}).get(document, document))]


def test_a_lone_count_of_a_compound_thing_is_flagged_in_its_story():
    missiles = [counts("a", "d1", "missile"), counts("b", "d2", "missile"),
                counts("c", "d3", "missile")]
    assert counted_changes([*missiles, counts("d", "d4", "missile system")]) == [
        ("d", "a", "counted")]
    # one other report is no majority
    assert counted_changes([missiles[0], counts("d", "d4", "missile system")]) == []
    # the lone version's own copy tree counts missiles too
    assert counted_changes([*missiles, counts("d", "d4", "missile system")],
                           {"d4": "d3"}) == []
    # unrelated things that share a figure
    assert counted_changes([*missiles, counts("d", "d4", "drone")]) == []
    # the system version came first
    early = [counts(c.id, c.document_id, "missile", datetime(2024, 3, 2)) for c in missiles]
    assert counted_changes([*early, counts("d", "d4", "missile system",
                                           datetime(2024, 3, 1))]) == []


def test_a_plan_among_reports_of_the_delivery_is_flagged_but_not_the_reverse():
    done = [shipments("a", "d1"), shipments("b", "d2")]
    plan = shipments("c", "d3")
    plan.modality = "planned"
    departures = slot_departures([*done, plan], lambda document: document)
    assert [(d.claim_id, r.claim_id, axis) for d, r, axis in departures] == [
        ("c", "a", "done_as_planned")]
    # a delivery reported among plans is a timeline: plan first, then the delivery
    plans = [shipments(c.id, c.document_id) for c in done]
    for planned in plans:
        planned.modality = "planned"
    assert slot_departures([*plans, shipments("c", "d3")], lambda document: document) == []
    # the plan was published before the reports of its delivery
    plan.published = datetime(2024, 10, 1)
    for delivered in done:
        delivered.published = datetime(2024, 11, 2)
    assert slot_departures([*done, plan], lambda document: document) == []


def test_a_plan_and_a_delivery_are_not_versions_of_one_figure():
    """"Preparing to send over 100" and "sent 100" answer two questions: no floor dropped."""
    plans = [drones("a", "d1", 100, bound=">", modality="planned", story="s"),
             drones("b", "d2", 100, bound=">", modality="planned", story="s")]
    delivered = drones("c", "d3", 100, story="s")
    assert slot_departures([*plans, delivered], lambda document: document) == []
    floors = [drones(c.id, c.document_id, 100, bound=">", story="s") for c in plans]
    assert [(d.claim_id, axis) for d, _, axis in
            slot_departures([*floors, delivered], lambda document: document)] == [("c", "bound")]


def kind(claim_id: str, document: str, classes: list[str]) -> ClaimRecord:
    return claim(claim_id, document, "missile_class", value={"classes": classes,
                                                              "text": classes[0]},
                 unit=None, modality="reported", subject="Kh-101",
                 subject_entity_id="ent_kh101", reference=None, story=f"story-{document}")


def test_a_weapon_given_a_kind_no_other_report_gives_is_flagged_across_stories():
    cruise = [kind("a", "d1", ["cruise"]), kind("b", "d2", ["cruise"])]
    assert flagged([*cruise, kind("c", "d3", ["ballistic"])]) == [("value_conflict", "c", "a")]
    # one other report is no majority; a second report of the same kind seconds it
    assert flagged([cruise[0], kind("c", "d3", ["ballistic"])]) == []
    assert flagged([*cruise, kind("c", "d3", ["ballistic"]), kind("d", "d4", ["ballistic"])]
                   ) == []
