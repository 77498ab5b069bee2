"""Shingles, near-duplicate candidates, shared passages and language-independent signals."""

from __future__ import annotations

import numpy as np

from veille.stories.minhash import (
    MAX_LSH_CANDIDATES,
    SHINGLE_WORDS,
    NearDuplicateIndex,
    fingerprint,
    longest_present_runs,
    longest_shared_passage,
    overlaps,
    shared_passages,
)
from veille.stories.signals import SignalFrequencies, extract, names, numbers, shared_signals

BASE = ("Satellite images show the plant near Varnholm has added four assembly halls since "
        "January. The new halls cover 12,400 square metres, said the institute. Analysts "
        "expect production of the Talon-7 to double by the end of the year, officials said.")
OTHER = ("Heavy rain flooded the harbour district of Portmeade on Tuesday, forcing 900 "
         "residents to leave their homes while boats reached the old town.")


def test_overlap_separates_copies_from_unrelated_texts() -> None:
    same, unrelated, empty = overlaps([fingerprint(BASE), fingerprint(OTHER), fingerprint("")],
                                      fingerprint(BASE + " A spokesman declined to comment."))
    assert same[0] > 0.8 and same[1] > 0.95
    assert unrelated == empty == (0.0, 0.0)


def test_overlaps_of_many_prints_are_each_pairs_set_overlap() -> None:
    texts = [BASE, OTHER, "", "Too short.", BASE + " " + OTHER, " ".join(BASE.split()[::2]),
             ". ".join(reversed(BASE.split(". ")))]
    prints = [fingerprint(text) for text in texts]
    for other in prints:
        for print_, (resemblance, containment) in zip(prints, overlaps(prints, other)):
            left, right = set(print_.shingles.tolist()), set(other.shingles.tolist())
            if not left or not right:
                assert (resemblance, containment) == (0.0, 0.0)
                continue
            shared = len(left & right)
            assert resemblance == shared / len(left | right)
            assert containment == shared / min(len(left), len(right))


def test_index_finds_duplicates_and_short_excerpts_but_not_unrelated() -> None:
    index = NearDuplicateIndex()
    index.add("base", fingerprint(BASE + " " + OTHER))
    index.add("other", fingerprint("Completely different words about a football match."))
    excerpt = fingerprint(BASE.split(". ")[0] + ". " + BASE.split(". ")[1])
    assert "base" in index.candidates(excerpt)
    assert "other" not in index.candidates(excerpt)


def test_shared_passages_point_into_both_texts() -> None:
    target = "Intro sentence here. " + BASE
    passages = shared_passages(fingerprint(BASE), BASE, fingerprint(target), target)
    assert passages
    first = passages[0]
    assert BASE[first["source_start"]:first["source_end"]] == (
        target[first["target_start"]:first["target_end"]])
    assert len(first["text"].split()) >= 8


def test_forgotten_spans_are_recomputed_to_the_same_passages() -> None:
    """Old documents drop their token spans to save memory; the passages cited must not
    change, and the shingle sequence the passage checks read is kept."""
    target = "Intro sentence here. " + BASE.replace("Analysts", "Experts")
    kept_source, kept_target = fingerprint(BASE), fingerprint(target)
    dropped_source, dropped_target = fingerprint(BASE), fingerprint(target)
    dropped_source.forget_spans()
    dropped_target.forget_spans()
    assert dropped_source.spans is None
    assert dropped_source.sequence.tolist() == kept_source.sequence.tolist()
    assert shared_passages(kept_source, BASE, kept_target, target) == shared_passages(
        dropped_source, BASE, dropped_target, target)
    kept_run = longest_shared_passage(kept_source.sequence.tolist(),
                                      kept_target.sequence.tolist())
    assert kept_run >= 12
    assert longest_shared_passage(kept_source.sequence.tolist(),
                                  fingerprint(OTHER).sequence.tolist()) == 0


def test_signal_frequencies_memoise_weights_until_the_next_document() -> None:
    frequencies = SignalFrequencies()
    first = extract("The Talon-7 plant at Varnholm made 400 missiles.")
    frequencies.add(first)
    before = frequencies.weight("p:varnholm")
    assert frequencies.rare_word_keys(first) == first.word_keys
    frequencies.add(extract("A harbour flooded in the rain."))
    assert frequencies.weight("p:varnholm") > before  # rarer now: the memo was dropped
    for _ in range(3):
        frequencies.add(extract("Missiles were counted at another plant."))
    assert "w:missiles" not in frequencies.rare_word_keys(first)
    assert "w:talon" in frequencies.rare_word_keys(first)


def test_numbers_are_normalised_across_separators_and_widths() -> None:
    assert {"6000", "170", "50"} <= numbers("6,000 drones, 6.000 Drohnen, 170㎜ 50문")
    assert numbers("6 000 ракет") == {"6000"}


def test_names_are_transliterated_across_scripts() -> None:
    assert "kh101" in names("ракеты Х-101 были")
    assert "kh101" in names("Kh-101 missiles")
    assert "alabuga" in names("завод в Алабуге") or "alabuge" in names("завод в Алабуге")
    assert "alabuga" in names("завод Алабуга")


def test_a_capital_that_opens_a_sentence_is_not_a_name() -> None:
    found = names("Officials said so. Analysts in Kyiv doubt it.\nБеамте. «Talon-7» flew. "
                  "Аналитики ожидают, что Алабуга вырастет.")
    assert {"kyiv", "talon7", "alabuga"} <= found
    assert not {"officials", "analysts", "analitiki"} & found
    # Hangul has no case: a Latin capital there is a name wherever it stands.
    assert "reuters" not in names("Analysts said so. Reuters reported it.")
    assert {"reuters", "m1989"} <= names("북한이 자주포를 제공했다. Reuters 통신은 M1989 자주포라고 "
                                         "보도했다.")


def test_rarity_within_a_language_discounts_its_stock_nouns() -> None:
    """German capitalises nouns: rare in a multilingual corpus, common among German reports."""
    frequencies = SignalFrequencies()
    for plant in ("Varnholm", "Ostkal", "Dunsev", "Brasmor"):
        frequencies.add(extract(f"Beamte in {plant} bestritten die Produktion."), (), "de")
    for index in range(12):
        frequencies.add(extract(f"Officials at Site{index} denied it."), (), "en")
    german = frequencies.within("de")
    assert german.documents == 4 and frequencies.documents == 16
    assert german.weight("p:produktion") < frequencies.weight("p:produktion")
    assert german.weight("p:varnholm") > german.weight("p:produktion")
    assert frequencies.within(None) is frequencies


def test_shared_signals_reward_rare_figures_and_names() -> None:
    frequencies = SignalFrequencies()
    english = extract("Kestrel Works made 35 Talon-7 missiles, said Ilse Markova, in 2026.")
    french = extract("Kestrel Works a produit 35 missiles Talon-7, selon Ilse Markova, en 2026.")
    unrelated = extract("Portmeade flooded: 900 residents left, said Mayor Jonas Brun.")
    for signals in (english, french, unrelated):
        frequencies.add(signals)
    close, evidence = shared_signals(english, french, frequencies, with_words=False)
    far, _ = shared_signals(english, unrelated, frequencies, with_words=False)
    assert close > 0.5 > far
    assert "talon7" in evidence["names"] and "35" in evidence["numbers"]


def test_present_run_bounds_the_shared_passage_from_above() -> None:
    """The numpy pre-check may only rule out pairs the exact passage check rules out."""
    sentences = BASE.split(". ") + OTHER.split(", ")
    texts = [BASE, OTHER, "", "Too short.", BASE + " " + OTHER,
             ". ".join(reversed(sentences)), " ".join(BASE.split()[::2])]
    for left in texts:
        for right in texts:
            left_print, right_print = fingerprint(left), fingerprint(right)
            exact = longest_shared_passage(left_print.sequence.tolist(),
                                           right_print.sequence.tolist())
            (bound,) = longest_present_runs([left_print.sequence], right_print.shingles)
            assert bound >= max(0, exact - SHINGLE_WORDS + 1), (left[:30], right[:30])
    base = fingerprint(BASE)
    assert longest_present_runs([base.sequence], base.shingles) == [base.sequence.size]
    assert longest_present_runs([base.sequence], fingerprint(OTHER).shingles) == [0]


def test_present_runs_of_many_sequences_do_not_run_into_each_other() -> None:
    shingles = np.array([2, 3, 5, 7], dtype=np.uint32)
    sequences = [np.array(values, dtype=np.uint32) for values in
                 ([9, 2, 3], [5, 7, 7, 1], [], [1, 4], [3, 2, 9, 5, 7, 2, 3, 5])]
    # Longest runs of present hashes, each sequence alone: 2 3; 5 7 7; none; none; 5 7 2 3 5.
    assert longest_present_runs(sequences, shingles) == [2, 3, 0, 0, 5]
    assert longest_present_runs(sequences, np.zeros(0, dtype=np.uint32)) == [0] * 5
    assert longest_present_runs([], shingles) == []


def test_lsh_hits_beyond_the_cap_keep_the_closest_documents() -> None:
    """Formulaic reports all resemble each other; the true duplicate must stay a candidate."""
    template = ("Officials in {city} said on Monday that the regional plant added new halls "
                "and hired more workers, while the ministry declined to comment on the "
                "expansion of the site near the river, according to a statement by {city}.")
    index = NearDuplicateIndex()
    cities = [f"Town{number}" for number in range(MAX_LSH_CANDIDATES + 15)]
    for city in cities:
        index.add(city, fingerprint(template.format(city=city) + f" Filed {city} desk."))
    query = fingerprint(template.format(city="Town7") + " Filed Town7 desk.")
    assert len(index._lsh.query(query.minhash)) > MAX_LSH_CANDIDATES
    found = index.candidates(query, min_shared=10_000)
    assert len(found) == MAX_LSH_CANDIDATES and "Town7" in found


def test_a_retired_document_is_still_found_as_a_near_duplicate_or_by_its_passages() -> None:
    index = NearDuplicateIndex()
    index.add("old", fingerprint(BASE))
    index.retire("old")
    assert "old" in index.candidates(fingerprint(BASE))  # recycled text, years later
    excerpt = " ".join(BASE.split()[: len(BASE.split()) // 2])
    assert "old" in index.candidates(fingerprint(excerpt))  # shared passages
    assert "old" not in index.candidates(fingerprint(OTHER))
