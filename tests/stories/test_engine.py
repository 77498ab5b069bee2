"""Copy kinds, directions, time-aware clustering and lineage on small written fixtures."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest

from veille.stories.clustering import StoryClusterer
from veille.stories.engine import StoryEngine
from veille.stories.lineage import build, cited_sources
from veille.stories.records import Record
from veille.stories.signals import extract

FIXTURES = Path(__file__).parent / "fixtures"


def fixture_records() -> list[Record]:
    rows = [json.loads(line) for line in (FIXTURES / "stories.jsonl").read_text().splitlines()]
    return [Record(row["id"], row["text"], row["language"],
                   datetime.fromisoformat(row["published"]), row["source"]) for row in rows]


@pytest.fixture(scope="module")
def result():  # type: ignore[no-untyped-def]
    return StoryEngine().run(fixture_records())


def test_duplicate_and_translation_are_found_with_direction(result) -> None:  # type: ignore[no-untyped-def]
    links = {(link.source, link.target): link for link in result.links}
    duplicate = links[("plant-en-1", "plant-en-2")]
    assert duplicate.kind == "duplicate" and duplicate.direction_from == "published"
    assert any(item["kind"] == "passage" for item in duplicate.evidence)
    translations = [link for link in result.links if link.target == "plant-fr-1"]
    assert translations and all(link.kind == "translation" for link in translations)
    evidence = translations[0].evidence
    assert any(item["kind"] == "aligned_sentence" for item in evidence)
    signals = next(item for item in evidence if item["kind"] == "signals")
    assert "12400" in signals["numbers"] and "varnholm" in signals["names"]


def test_copies_share_a_story_and_unrelated_news_does_not(result) -> None:  # type: ignore[no-untyped-def]
    story = result.assignment
    assert story["plant-en-1"] == story["plant-en-2"] == story["plant-fr-1"]
    assert story["flood-en-1"] != story["plant-en-1"]
    assert not any("flood-en-1" in (link.source, link.target) for link in result.links)


def test_excerpt_without_dates_is_directed_by_containment() -> None:
    full = fixture_records()[0]
    excerpt = Record("excerpt", ". ".join(full.text.split(". ")[:3]) + ".", "en")
    result = StoryEngine().run([excerpt, Record(full.id, full.text, "en")])
    (link,) = result.links
    assert (link.source, link.target, link.kind) == (full.id, "excerpt", "excerpt")
    assert link.direction_from == "containment"


def test_same_vocabulary_years_apart_makes_two_stories() -> None:
    text = fixture_records()[0].text
    early = Record("plant-2018", text.replace("2026", "2018"), "en", datetime(2018, 5, 1))
    late = Record("plant-2024", "Officials confirmed: " + text, "en", datetime(2024, 5, 1))
    result = StoryEngine().run([late, early])
    assert result.assignment["plant-2018"] != result.assignment["plant-2024"]


def test_roundup_joins_its_main_event_and_does_not_merge_events() -> None:
    clusterer = StoryClusterer()
    rng = np.random.default_rng(3)
    first, second = rng.normal(size=512), rng.normal(size=512)
    first /= np.linalg.norm(first)
    second /= np.linalg.norm(second)
    empty = extract("")
    when = datetime(2026, 1, 1)
    plant = {"e:plant": 1.0, "e:missile": 1.0}
    shells = {"e:shells": 1.0, "e:minister": 1.0}
    for index in range(60):  # the rest of the feed: other subjects
        clusterer.frequencies.add(empty, {f"e:other{index}": 1.0})
    for index in range(3):
        clusterer.frequencies.add(empty, plant)
        clusterer.add(f"a{index}", first, empty, when, entities=plant)
        clusterer.frequencies.add(empty, shells)
        clusterer.add(f"b{index}", second, empty, when, entities=shells)
    assert clusterer.assignment["a0"] == clusterer.assignment["a2"]
    roundup = 0.8 * first + 0.6 * second
    roundup /= np.linalg.norm(roundup)
    clusterer.frequencies.add(empty, {**plant, "e:shells": 1.0})
    story = clusterer.add("roundup", roundup.astype(np.float32), empty, when,
                          entities={**plant, "e:shells": 1.0})
    assert story == clusterer.assignment["a0"]
    assert clusterer.assignment["a0"] != clusterer.assignment["b0"]


def test_lineage_origins_and_best_parent(result) -> None:  # type: ignore[no-untyped-def]
    members = [doc for doc, story in result.assignment.items()
               if story == result.assignment["plant-en-1"]]
    published = {record.id: record.published for record in fixture_records()}
    lineage = build(result.assignment["plant-en-1"], members, result.links, published)
    assert lineage.origins == ["plant-en-1"] and lineage.origin == "plant-en-1"
    assert lineage.copy_of["plant-en-2"].kind == "duplicate"
    assert lineage.copy_of["plant-fr-1"].kind == "translation"


@pytest.mark.parametrize(("text", "language", "name"), [
    ("Iran sent missiles, according to Reuters. Then", "en", "Reuters"),
    ("It was, according to the Institute for Open Imagery, new.", "en",
     "Institute for Open Imagery"),
    ("Selon le CNS, l'usine a grandi.", "fr", "CNS"),
    ("По данным Минобороны, завод расширен.", "ru", "Минобороны"),
    ("로이터통신에 따르면 북한은", "ko", "로이터통신"),
])
def test_cited_sources_use_each_language_cues(text: str, language: str, name: str) -> None:
    found = cited_sources(text, language)
    assert [cited.name for cited in found] == [name]
    assert text[found[0].start:found[0].end] == name


def test_unknown_language_cites_nothing() -> None:
    assert cited_sources("according to Reuters", None) == []
