"""Shingles, near-duplicate candidates, shared passages and language-independent signals."""

from __future__ import annotations

from veille.stories.minhash import NearDuplicateIndex, fingerprint, overlap, shared_passages
from veille.stories.signals import SignalFrequencies, extract, names, numbers, shared_signals

BASE = ("Satellite images show the plant near Varnholm has added four assembly halls since "
        "January. The new halls cover 12,400 square metres, said the institute. Analysts "
        "expect production of the Talon-7 to double by the end of the year, officials said.")
OTHER = ("Heavy rain flooded the harbour district of Portmeade on Tuesday, forcing 900 "
         "residents to leave their homes while boats reached the old town.")


def test_overlap_separates_copies_from_unrelated_texts() -> None:
    same = overlap(fingerprint(BASE), fingerprint(BASE + " A spokesman declined to comment."))
    unrelated = overlap(fingerprint(BASE), fingerprint(OTHER))
    assert same[0] > 0.8 and same[1] > 0.95
    assert unrelated == (0.0, 0.0)


def test_index_finds_duplicates_and_short_excerpts_but_not_unrelated() -> None:
    index = NearDuplicateIndex()
    index.add("base", fingerprint(BASE + " " + OTHER))
    index.add("other", fingerprint("Completely different words about a football match."))
    excerpt = fingerprint(BASE.split(". ")[0] + ". " + BASE.split(". ")[1])
    assert "base" in index.candidates(excerpt)
    assert "other" not in index.candidates(excerpt)


def test_shared_passages_point_into_both_texts() -> None:
    target = "Intro sentence here. " + BASE
    passages = shared_passages(BASE, target)
    assert passages
    first = passages[0]
    assert BASE[first["source_start"]:first["source_end"]] == (
        target[first["target_start"]:first["target_end"]])
    assert len(first["text"].split()) >= 8


def test_numbers_are_normalised_across_separators_and_widths() -> None:
    assert {"6000", "170", "50"} <= numbers("6,000 drones, 6.000 Drohnen, 170㎜ 50문")
    assert numbers("6 000 ракет") == {"6000"}


def test_names_are_transliterated_across_scripts() -> None:
    assert "kh101" in names("ракеты Х-101 были")
    assert "kh101" in names("Kh-101 missiles")
    assert "alabuga" in names("завод в Алабуге") or "alabuge" in names("завод в Алабуге")
    assert "alabuga" in names("Алабуга")


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
