"""Counts of vague sources, read as `source_count` claims with a kind that crosses languages."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from veille.extract.claims import extract_claims
from veille.extract.source_counts import source_count

from .claim_helpers import names, quantities


def _count(text: str, language: str, figure: str) -> tuple[str, str | None] | None:
    start = text.index(figure)
    found = source_count(text, start, start + len(figure), language)
    return None if found is None else (text[start:found.end], found.kind)


@pytest.mark.parametrize(("text", "language", "figure", "expected"), [
    ("Kestrel drones were sent, five sources told the agency.", "en", "five sources",
     ("five sources", "sources")),
    ("This was disclosed by five Tarvian officials who spoke to the agency.", "en",
     "five Tarvian officials", ("five Tarvian officials", "officials")),
    # the quantities stage took the adjective for the counted noun: the next word counts
    ("ont déclaré cinq différentes sources à l'agence", "fr", "cinq différentes",
     ("cinq différentes sources", "sources")),
    # the kind may follow the noun, up to a verb of saying
    ("Два джерела в розвідці також повідомили агентству", "uk", "Два джерела",
     ("Два джерела в розвідці", "intelligence")),
    ("cinq sources du renseignement ont déclaré", "fr", "cinq sources",
     ("cinq sources du renseignement", "intelligence")),
    ("five sources familiar with the matter said", "en", "five sources",
     ("five sources familiar with the matter", "sources")),
])
def test_a_count_of_vague_sources_and_its_kind(text: str, language: str, figure: str,
                                               expected: tuple[str, str]) -> None:
    assert _count(text, language, figure) == expected


def test_a_count_of_things_is_no_source_count() -> None:
    # the figure counts missiles, a noun the unit lexicon knows: the officials only speak
    assert _count("the 40 missiles officials said were sent", "en", "40 missiles") is None
    assert _count("40 drones from five sources", "en", "40 drones") is None


def test_a_sentence_crediting_counted_sources_gives_a_source_count_claim() -> None:
    text = ("Tarvia has sent Kestrel drones to Osland, five Tarvian officials told "
            "the Northwire news agency.")
    claims = extract_claims(text, "en", names(text, ("Tarvia", "LOC"), ("Osland", "LOC"),
                                              ("Northwire", "ORG"))
                            + quantities(text, "en"), source="example.org")
    counts = [claim for claim in claims if claim.property == "source_count"]
    assert [(c.subject, c.value["low"], c.value["text"], c.qualifiers.get("source_kind"))
            for c in counts] == [("Northwire", 5.0, "five Tarvian officials", "officials")]
    # a sentence with no cue of its own says nothing of how the report is sourced
    plain = "Five Tarvian officials visited Osland in May."
    assert not [c for c in extract_claims(plain, "en", quantities(plain, "en"))
                if c.property == "source_count"]


def test_the_words_of_a_count_end_at_punctuation() -> None:
    assert _count("з посиланням на шість джерел, половина з яких", "uk", "шість джерел") == (
        "шість джерел", "sources")
    assert _count("citando sei fonti. Secondo le fonti", "it", "sei fonti") == (
        "sei fonti", "sources")


def test_the_state_the_sources_belong_to_crosses_languages() -> None:
    def origins(text: str, language: str, figure: str) -> tuple[str, ...]:
        start = text.index(figure)
        found = source_count(text, start, start + len(figure), language)
        assert found is not None
        return found.origins

    assert origins("a déclaré l'un des six fonctionnaires iraniens qui ont transmis", "fr",
                   "six fonctionnaires") == ("iran",)
    assert origins("со ссылкой на трех иранских источников", "ru",
                   "трех иранских источников") == ("iran",)
    assert origins("six sources told the agency", "en", "six sources") == ()


def test_every_source_origin_is_a_state_of_the_gazetteer() -> None:
    from veille.lang import available_languages, load_lexicon
    from veille.ontology import load_gazetteer

    states = {entry.key for entry in load_gazetteer().entries if entry.type == "COUNTRY"}
    listed = {language: set(load_lexicon(language, "attribution").get("source_origins") or {})
              for language in available_languages("attribution")}
    assert listed["en"] and all(keys <= states for keys in listed.values())


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=200), cut=st.integers(0, 200), width=st.integers(0, 40),
       language=st.sampled_from(["en", "fr", "de", "uk", "ru", "ja", "xx"]))
def test_any_text_gives_a_count_inside_it_or_none(text: str, cut: int, width: int,
                                                  language: str) -> None:
    start = min(cut, len(text))
    end = min(start + width, len(text))
    found = source_count(text, start, end, language)
    if found is not None:
        assert end <= found.end <= len(text)
        assert found.kind in (None, "media", "officials", "intelligence", "sources")
