"""Shortcuts in story scoring must never change which story a document joins."""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np

from veille.stories.clustering import StoryClusterer
from veille.stories.signals import extract


def _unit(rng: np.random.Generator, base: np.ndarray | None = None) -> np.ndarray:
    vector = rng.normal(size=512) + (3 * base if base is not None else 0)
    return (vector / np.linalg.norm(vector)).astype(np.float32)


def test_floor_only_skips_stories_that_score_below_it() -> None:
    rng = np.random.default_rng(5)
    clusterer = StoryClusterer()
    start = datetime(2026, 1, 1)
    topics = [_unit(rng) for _ in range(4)]
    for index in range(40):
        topic = topics[index % 4]
        text = f"Plant {index % 4} made {100 + index % 4} shells, said Officer{index % 3}."
        signals = extract(text)
        clusterer.frequencies.add(signals, [f"e:{index % 4}"])
        clusterer.add(f"d{index}", _unit(rng, topic), signals, start + timedelta(days=index),
                      entities={f"e:{index % 4}": 1.0})
    checked = skipped = 0
    for index in range(20):
        vector = _unit(rng, topics[index % 4])
        keys = {"n:100", "p:plant", f"p:officer{index % 3}"}
        entities = {f"e:{index % 4}": 1.0}
        when = start + timedelta(days=30 + index)
        for story in clusterer.stories.values():
            exact = clusterer.score(vector, keys, when, story, entities=entities)
            for floor in (0.3, 0.85, 1.0, 1.3):
                bounded = clusterer.score(vector, keys, when, story, entities=entities,
                                          floor=floor)
                checked += 1
                if bounded == float("-inf"):
                    skipped += 1
                    assert exact < floor
                else:
                    assert bounded == exact
    assert checked and 0 < skipped < checked


def test_shared_anchors_match_the_direct_sum_for_stories_of_any_size() -> None:
    rng = np.random.default_rng(9)
    clusterer = StoryClusterer()
    start = datetime(2026, 1, 1)
    for index in range(30):
        signals = extract(f"Site{index % 3} made {200 + index} shells at Town{index}.")
        clusterer.frequencies.add(signals)
        clusterer.add(f"d{index}", _unit(rng), signals, start + timedelta(days=index))
    weight = clusterer.frequencies.weight
    stories = list(clusterer.stories.values())
    assert len({len(story.anchors) for story in stories}) > 1
    for story in stories:
        for other in stories:
            masses = [sum(weight(key) for key in side.anchors) for side in (story, other)]
            shared = sum(weight(key) for key in story.anchors if key in other.anchors)
            expected = shared / min(masses) if min(masses) > 0 else 0.0
            assert abs(clusterer._shared_anchors(story, other) - expected) < 1e-12


def test_a_close_vector_without_shared_specifics_starts_a_new_story() -> None:
    """Two reports of the same kind of event read alike; only shared names or figures join."""
    rng = np.random.default_rng(9)
    clusterer = StoryClusterer()
    topic = _unit(rng)
    when = datetime(2026, 3, 1)
    first = extract("Varnholm Works near Ostkal made 412 Talon-7 missiles.")
    clusterer.frequencies.add(first)
    story = clusterer.add("a", topic, first, when)
    alike = extract("Dunsev Arsenal near Brasmor made 97 Kite-3 missiles.")
    clusterer.frequencies.add(alike)
    assert clusterer.add("b", topic, alike, when) != story
    same_event = extract("The Varnholm Works plant at Ostkal: 412 Talon-7 missiles.")
    clusterer.frequencies.add(same_event)
    assert clusterer.add("c", topic, same_event, when) == story
