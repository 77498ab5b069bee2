from veille.corroborate.grades import SourceRecord, credibility, reliability
from veille.corroborate.independence import origin_document, origins
from veille.corroborate.records import Lineage, SourceRef
from veille.corroborate.slots import group_slots
from veille.ids import gazetteer_entity_id

from .helpers import BLOOMBERG, CNS, KCNA, LAIR, SI, claim


def test_copies_and_a_shared_analyst_collapse_into_one_origin():
    wire = claim("a", "wire", sources=(LAIR, CNS), day=1)
    translation = claim("b", "translation", sources=(), day=2)
    other_outlet = claim("c", "other", sources=(LAIR,), day=3)  # quotes the same analyst
    second_team = claim("d", "korean", low=2 / 3, high=2 / 3, bound="~", sources=(SI,), day=4)
    lineage = Lineage.from_edges([("wire", "translation", "translation")])
    found = origins([wire, translation, other_outlet, second_team], lineage)
    assert [len(o.claims) for o in found] == [3, 1]
    assert [o.source for o in found] == ["James Martin Center for Nonproliferation Studies",
                                         "SI Analytics"]
    assert origin_document(found, lineage) == "wire"
    assert credibility(found).value == 1


def test_two_outlets_quoting_the_same_minister_are_one_source():
    shin = SourceRef("Shin Won-sik", "speaker", "ent_shin", "PER")
    first = claim("a", "d1", sources=(shin, BLOOMBERG))
    second = claim("b", "d2", sources=(shin,), day=2)
    assert len(origins([first, second], Lineage())) == 1


def test_undated_excerpt_is_never_the_origin_document():
    wire = claim("a", "wire", day=5)
    excerpt = claim("b", "excerpt")
    excerpt.published = None
    lineage = Lineage.from_edges([("wire", "excerpt", "excerpt")])
    assert origin_document(origins([excerpt, wire], lineage), lineage) == "wire"


def test_self_report_is_its_own_kind_and_not_corroboration():
    cns = claim("a", "d1", sources=(CNS,), modality="reported")
    kcna = claim("b", "d2", sources=(KCNA,), modality="reported", day=2)
    found = origins([cns, kcna], Lineage())
    assert [o.kind for o in found] == ["independent", "self_report"]
    grade = credibility(found)
    assert grade.value == 2 and "self-report" in " ".join(grade.reasons)


def test_contradicting_origins_make_a_slot_doubtful():
    cns = claim("a", "d1", sources=(CNS,))
    si = claim("b", "d2", low=0.3, high=0.3, sources=(SI,), day=2)
    assert credibility(origins([cns, si], Lineage())).value == 4


def test_unattributed_single_origin_cannot_be_judged():
    assert credibility(origins([claim("a", "d1", sources=())], Lineage())).value == 6


def test_slots_group_across_languages_and_keep_other_subjects_apart():
    english = claim("a", "d1")
    russian = claim("b", "d2", reference=None, subject="new assembly building",
                    subject_entity_id=None)
    korean = claim("c", "d3", low=60, high=70, unit="percent",
                   subject="new assembly building (Ryongsong Machine Complex)")
    vinalon = claim("d", "d4", low=0.5, high=0.5, story="S4",
                    subject="new assembly building (February 8 Vinalon Complex)")
    slots = group_slots([english, russian, korean, vinalon])
    assert sorted(len(slot.claims) for slot in slots) == [1, 3]


def test_reliability_grades_follow_the_record():
    assert reliability(SourceRecord(claims=2)).value == "F"
    assert reliability(SourceRecord(claims=100, flagged=1, confirmed=2)).value == "B"
    assert reliability(SourceRecord(claims=10, flagged=3)).value == "E"
    assert reliability(SourceRecord(claims=30, flagged=0, confirmed=5)).value == "A"


def test_an_unsourced_repetition_joins_the_earlier_origin_it_agrees_with():
    cns = claim("a", "d1", sources=(CNS,))
    si = claim("b", "d2", low=2 / 3, high=2 / 3, bound="~", sources=(SI,), day=2)
    summary = claim("c", "d3", sources=(), day=3)  # "two analyses ... about two-thirds"
    other_figure = claim("d", "d4", low=0.3, high=0.3, sources=(), day=4)
    found = origins([cns, si, summary, other_figure], Lineage())
    assert [sorted(c.id for c in o.claims) for o in found] == [["a", "c"], ["b"], ["d"]]
    assert [o.source for o in found][:2] == [
        "James Martin Center for Nonproliferation Studies", "SI Analytics"]


def test_a_capital_as_subject_answers_its_states_question():
    iran, tehran = gazetteer_entity_id("iran"), gazetteer_entity_id("tehran")
    by_country = claim("a", "d1", "delivery_count", low=400, high=400, unit="missile",
                       subject="Iran", subject_entity_id=iran, reference=None)
    by_capital = claim("b", "d2", "delivery_count", low=400, high=400, unit="missile",
                       subject="Tehran", subject_entity_id=tehran, reference=None)
    by_recipient = claim("c", "d3", "delivery_count", low=400, high=400, unit="missile",
                         subject="Russia", subject_entity_id=gazetteer_entity_id("russia"),
                         reference=None)
    slots = group_slots([by_country, by_capital, by_recipient])
    assert sorted(sorted(c.id for c in slot.claims) for slot in slots) == [["a", "b"], ["c"]]


def test_an_origin_that_denies_the_figure_contradicts_the_one_that_states_it():
    cns = claim("a", "d1", sources=(CNS,))
    denial = claim("b", "d2", sources=(SI,), modality="denied", day=2)
    grade = credibility(origins([cns, denial], Lineage()))
    assert grade.value == 4 and "denied" in " ".join(grade.reasons)
    unsourced_denial = claim("c", "d3", sources=(), modality="denied", day=3)
    assert len(origins([cns, unsourced_denial], Lineage())) == 2  # it does not corroborate


def test_an_unsourced_denial_of_a_relation_does_not_join_the_origin_that_states_it():
    supplied = claim("a", "d1", "supplied_to", value={"entity_id": "ent_ru", "text": "Russia"},
                     unit=None, reference=None, sources=(CNS,), modality="reported")
    denial = claim("b", "d2", "supplied_to", value={"entity_id": "ent_ru", "text": "Russia"},
                   unit=None, reference=None, sources=(), modality="denied", day=2)
    assert len(origins([supplied, denial], Lineage())) == 2
