"""A sum of unlike things retold as a count of one kind."""

from __future__ import annotations

from veille.corroborate.records import ClaimRecord
from veille.corroborate.sums import counted_class, sum_flags

from .helpers import claim


def count(claim_id: str, document: str, figure: float, counted: str, *, start: int = 0,
          language: str = "en", bound: str = "=") -> ClaimRecord:
    found = claim(claim_id, document, "count", low=figure, high=figure, bound=bound,
                  unit=counted, text=f"{figure:g} {counted}", modality="reported",
                  subject="Treasury", subject_entity_id="ent_treasury", reference=None,
                  qualifiers={"counted": counted}, start=start)
    found.language = language
    return found


def test_the_classes_of_counted_things_come_from_the_lexicons() -> None:
    assert counted_class("individual", "en") == "people"
    assert counted_class("Personen", "de") == "people"
    assert counted_class("people", "de") == "people"  # a canonical unit, read in English
    assert counted_class("entity", "en") == "organisations"
    assert counted_class("vessel", "en") is None


def test_a_sum_of_people_and_entities_told_as_people_is_flagged() -> None:
    parts = [count("individuals", "d1", 10, "individual", start=0),
             count("entities", "d1", 6, "entity", start=50),
             count("vessels", "d1", 4, "vessel", start=100)]
    total = count("persons", "d2", 16, "people", language="de")
    found = sum_flags([*parts, total])
    assert [(flag.kind, flag.claim_id, flag.reference_claim_id) for flag in found] == [
        ("value_conflict", "persons", "individuals")]
    assert found[0].reason == ("'16 people' counts one kind here; d1 gives 10 individual and "
                               "6 entity, which add up to it but are not all of that kind")


def test_parts_of_the_same_kind_far_apart_or_in_the_same_document_are_left_alone() -> None:
    soldiers = [count("soldiers", "d1", 10, "soldier", start=0),
                count("civilians", "d1", 6, "civilian", start=50)]
    assert sum_flags([*soldiers, count("people", "d2", 16, "people")]) == []
    apart = [count("individuals", "d1", 10, "individual", start=0),
             count("entities", "d1", 6, "entity", start=900)]
    assert sum_flags([*apart, count("people", "d2", 16, "people")]) == []
    same_page = [count("individuals", "d1", 10, "individual", start=0),
                 count("entities", "d1", 6, "entity", start=50),
                 count("people", "d1", 16, "people", start=300)]
    assert sum_flags(same_page) == []


def test_a_part_of_no_known_class_says_nothing() -> None:
    """"12 soldiers and 4 wounded": the wounded may be soldiers too."""
    parts = [count("soldiers", "d1", 12, "soldier", start=0),
             count("wounded", "d1", 4, "wounded", start=40)]
    assert sum_flags([*parts, count("people", "d2", 16, "soldier")]) == []


def test_only_exact_counts_of_a_known_class_are_read_as_sums() -> None:
    parts = [count("individuals", "d1", 10, "individual", start=0),
             count("entities", "d1", 6, "entity", start=50)]
    assert sum_flags([*parts, count("things", "d2", 16, "thing")]) == []
    assert sum_flags([*parts, count("floor", "d2", 16, "people", bound=">=")]) == []
