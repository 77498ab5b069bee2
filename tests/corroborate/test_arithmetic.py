"""A document's growth factor held against its own dated figures."""

from __future__ import annotations

from typing import Any

from veille.corroborate.arithmetic import SeriesIndex, own_arithmetic_flags
from veille.corroborate.records import ClaimRecord

from .helpers import claim

YEARS = {2021: ("2021-01-01", "2021-12-31"), 2023: ("2023-01-01", "2023-12-31"),
         2024: ("2024-01-01", "2024-12-31")}


def output(claim_id: str, figure: float, year: int | None, *, prop: str = "production_rate",
           subject: str = "Vesna-4", subject_entity_id: str | None = "ent_vesna",
           per: str | None = "year", document: str = "d1", day: int = 1) -> ClaimRecord:
    qualifiers: dict[str, Any] = {"per": per} if per else {}
    if year is not None:
        low, high = YEARS[year]
        qualifiers["as_of"] = {"low": low, "high": high, "granularity": "year",
                               "text": str(year)}
    return claim(claim_id, document, prop, low=figure, high=figure, unit=None,
                 text=f"{figure:g}", modality="asserted", subject=subject,
                 subject_entity_id=subject_entity_id, reference=None,
                 qualifiers=qualifiers, day=day)


def factor(claim_id: str, figure: float, text: str, *, unit: str = "ratio", bound: str = "=",
           quote: str | None = None, subject_entity_id: str | None = "ent_vesna",
           year: int | None = None, document: str = "d1") -> ClaimRecord:
    qualifiers: dict[str, Any] = {}
    if year is not None:
        low, high = YEARS[year]
        qualifiers["as_of"] = {"low": low, "high": high, "granularity": "year"}
    found = claim(claim_id, document, "production_change", low=figure, high=figure, bound=bound,
                  unit=unit, text=text, modality="asserted", subject="Vesna-4",
                  subject_entity_id=subject_entity_id, reference=None, qualifiers=qualifiers)
    found.quote = quote or text
    return found


def reasons(claims: list[ClaimRecord]) -> dict[str, str]:
    return {flag.claim_id or "": flag.reason for flag in own_arithmetic_flags(claims)}


def test_a_factor_that_does_not_round_to_the_documents_own_ratio_is_flagged() -> None:
    figures = [output("early", 56, 2021), output("late", 460, 2023)]
    found = own_arithmetic_flags([*figures, factor("headline", 7, "multiplied by seven")])
    assert [(flag.claim_id, flag.reference_claim_id, flag.kind) for flag in found] == [
        ("headline", "late", "value_conflict")]
    assert found[0].reason == ("growth factor 'multiplied by seven' (x7) here, but this "
                               "document's own figures give x8.2 (56 in 2021 to 460 in 2023)")


def test_a_factor_rounded_as_writers_round_is_left_alone() -> None:
    figures = [output("early", 56, 2021), output("late", 420, 2023)]  # x7.5
    assert reasons([*figures, factor("eight", 8, "eight times")]) == {}
    assert reasons([*figures, factor("seven", 7, "seven times")]) == {}
    # "a rise of 700%" is x8, printed for anything from x7.5 to x8.5
    assert reasons([*figures, factor("rise", 700, "700%", unit="percent", bound="up")]) == {}
    assert reasons([output("early", 56, 2021), output("late", 560, 2023),
                    factor("rise", 700, "700%", unit="percent", bound="up")]) != {}
    # a floor allows any ratio above it
    assert reasons([*figures, factor("more", 3, "more than tripled", bound=">")]) == {}
    assert reasons([*figures, factor("more", 9, "more than nine times", bound=">")]) != {}


def test_the_pair_must_be_plain() -> None:
    headline = factor("headline", 7, "multiplied by seven")
    # one date only, or a third date: no pair, or no telling which pair
    assert reasons([output("a", 56, 2021), output("b", 460, 2021), headline]) == {}
    assert reasons([output("a", 56, 2021), output("b", 200, 2023), output("c", 460, 2024),
                    headline]) == {}
    # undated figures say nothing of a change over time
    assert reasons([output("a", 56, None), output("b", 460, 2023), headline]) == {}
    # figures of another subject, or of a property the factor does not measure
    other = [output("a", 56, 2021, subject="Tern", subject_entity_id="ent_tern"),
             output("b", 460, 2023, subject="Tern", subject_entity_id="ent_tern")]
    assert reasons([*other, headline]) == {}
    assert reasons([output("a", 56, 2021, prop="delivery_count"),
                    output("b", 460, 2023, prop="delivery_count"), headline]) == {}
    # a factor dated to another year than the later figure measures something else
    assert reasons([output("a", 56, 2021), output("b", 460, 2023),
                    factor("dated", 7, "seven times", year=2024)]) == {}


def test_a_factor_of_the_country_naming_the_weapon_measures_the_weapon() -> None:
    figures = [output("early", 56, 2021), output("late", 460, 2023)]
    of_country = factor("country", 3, "tripled", subject_entity_id="ent_tarvia",
                        quote="Tarvia tripled its output of Vesna-4 missiles")
    assert list(reasons([*figures, of_country])) == ["country"]
    elsewhere = factor("country", 3, "tripled", subject_entity_id="ent_tarvia",
                       quote="Tarvia tripled its output of shells")
    assert reasons([*figures, elsewhere]) == {}


def series(document: str, later: float, factors: list[tuple[float, str]], *,
           later_year: int = 2023, day: int = 1) -> list[ClaimRecord]:
    """One document's series: 56 in 2021, `later` in `later_year`, and its printed factors."""
    return [output(f"{document}-early", 56, 2021, document=document, day=day),
            output(f"{document}-late", later, later_year, document=document, day=day),
            *(factor(f"{document}-factor-{number}", figure, text, document=document,
                     unit="percent" if text.endswith("%") else "ratio",
                     bound="up" if text.endswith("%") else "=")
              for number, (figure, text) in enumerate(factors))]


def drifted(*documents: list[ClaimRecord], roots: dict[str, str] | None = None,
            ) -> list[tuple[str | None, str | None, str]]:
    index = SeriesIndex()
    for claims in documents:
        document = claims[0].document_id
        index.add(claims, (roots or {}).get(document, document))
    return [(flag.claim_id, flag.reference_claim_id, flag.reason) for flag in index.flags()]


def test_the_end_that_the_documents_own_factor_belies_is_the_one_that_drifted() -> None:
    source = series("source", 420, [(8, "eight times")])  # x7.5, printed as x8
    rewrite = series("rewrite", 460, [(7, "multiplied by seven"), (700, "700%")])
    assert drifted(source, rewrite) == [(
        "rewrite-late", "source-late",
        ("460 in 2023 here, 420 in 2023 in source, both from 56 in 2021; this document's own "
         "growth factor fits source's figures (x7.5), not its own (x8.2)"))]


def test_versions_the_factors_cannot_tell_apart_are_left_alone() -> None:
    source = series("source", 420, [(8, "eight times")])
    # its factor fits its own figures: two readings, no telling which is right
    assert drifted(source, series("other", 450, [(8, "eight times")])) == []
    # no factor printed, or one that fits both ends
    assert drifted(source, series("bare", 460, [])) == []
    assert drifted(source, series("rise", 460, [(700, "700%")])) == []
    # the other version is not consistent with itself either
    assert drifted(series("odd", 420, [(5, "five times")]),
                   series("rewrite", 460, [(7, "seven times")])) == []


def test_a_series_is_compared_with_other_reports_of_the_same_start_and_end() -> None:
    source = series("source", 420, [(8, "eight times")])
    rewrite = series("rewrite", 460, [(7, "seven times")])
    # one copy tree: a copy repeats its original's reading
    assert drifted(source, rewrite, roots={"rewrite": "source"}) == []
    # another later year: a timeline
    assert drifted(source, series("rewrite", 460, [(7, "seven times")], later_year=2024)) == []
    # published before the version it would depart from: it may be the original
    later_source = series("source", 420, [(8, "eight times")], day=2)
    assert drifted(later_source, rewrite) == []
