"""Batched look-ups give the answers of the one-document-at-a-time ones, exactly."""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import pytest
from test_engine import fixture_records

from veille.stories.clustering import BRIDGE_LIMIT, HORIZON, CentroidIndex, StoryClusterer
from veille.stories.copies import analyse, classify, classify_many
from veille.stories.embeddings import DIMENSION
from veille.stories.engine import StoryEngine
from veille.stories.neighbours import BatchNeighbours, rounding_bound
from veille.stories.records import Record
from veille.stories.signals import SignalFrequencies, Signals


def _unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def _exact(index: CentroidIndex, vector: np.ndarray, count: int, threshold: float,
           counts) -> set[str]:  # type: ignore[no-untyped-def]
    return {key for key, similarity in index.nearest(vector, count)
            if similarity >= threshold and counts(key)}


def test_matrix_and_matrix_vector_products_differ_less_than_the_rounding_bound() -> None:
    rng = np.random.default_rng(3)
    matrix = _unit(rng.standard_normal((2000, DIMENSION)))
    queries = _unit(rng.standard_normal((64, DIMENSION)))
    together = queries @ matrix.T
    one_by_one = np.stack([matrix @ query for query in queries])
    assert np.abs(together - one_by_one).max() <= rounding_bound(DIMENSION)
    assert rounding_bound(DIMENSION) < 1e-3  # still tight enough to decide most look-ups


@pytest.mark.parametrize("seed", range(4))
def test_batch_neighbours_answer_as_the_index_or_not_at_all(seed: int) -> None:
    """Clustered vectors with exact duplicates (ties at the cut), documents indexed and
    removed during the batch: every answer given is the exact one."""
    rng = np.random.default_rng(seed)
    centres = _unit(rng.standard_normal((12, DIMENSION)))
    vectors = _unit(centres[rng.integers(0, 12, 400)]
                    + 0.35 * rng.standard_normal((400, DIMENSION)))
    vectors[1::7] = vectors[::7][: len(vectors[1::7])]  # verbatim duplicates
    ids = [f"d{number:03d}" for number in range(400)]
    language = {key: "en" if number % 3 else "fr" for number, key in enumerate(ids)}
    index = CentroidIndex()
    for key, vector in zip(ids[:300], vectors[:300]):
        index.upsert(key, vector)
    batch = BatchNeighbours(index, ids[300:], vectors[300:])
    answered = 0
    for key, vector in zip(ids[300:], vectors[300:]):
        def counts(other: str, key: str = key) -> bool:
            return language[other] != language[key]

        for threshold in (0.3, 0.55, 0.7):
            given = batch.similar(key, 6, threshold, counts)
            if given is not None:
                answered += 1
                assert given == _exact(index, vector, 6, threshold, counts)
        index.upsert(key, vector)
        batch.indexed(key)
        gone = ids[int(rng.integers(0, 300))]
        index.remove(gone)
        batch.removed(gone)
    assert answered > 200


def test_batch_neighbours_step_aside_at_ties_and_at_the_threshold() -> None:
    """Eight copies of one vector tie for six places, and thresholds fall on the exact
    similarities: answers are exact, or withheld where the exact ones could differ."""
    rng = np.random.default_rng(5)
    vectors = _unit(rng.standard_normal((40, DIMENSION)))
    index = CentroidIndex()
    for number in range(30):
        index.upsert(f"d{number:02d}", vectors[0] if number < 8 else vectors[number])
    batch = BatchNeighbours(index, ["copy", "other"], vectors[[0, 35]])
    # Which copies make the six is the index's arbitrary pick: no answer when it matters.
    assert batch.similar("copy", 6, 0.5, lambda key: key < "d04") is None
    assert batch.similar("copy", 6, 0.5, lambda key: key >= "d08") == set()
    for _, similarity in index.nearest(vectors[35], 6):
        for threshold in (np.nextafter(similarity, -2.0), similarity,
                          np.nextafter(similarity, 2.0)):
            given = batch.similar("other", 6, float(threshold), lambda key: True)
            assert given is None or given == _exact(index, vectors[35], 6, float(threshold),
                                                    lambda key: True)


def test_batch_neighbours_step_aside_when_the_index_changed_unreported() -> None:
    rng = np.random.default_rng(0)
    vectors = _unit(rng.standard_normal((20, DIMENSION)))
    index = CentroidIndex()
    for number in range(10):
        index.upsert(f"d{number}", vectors[number])
    batch = BatchNeighbours(index, ["q"], vectors[10:11])
    assert batch.similar("q", 3, -1.0, lambda key: True) == _exact(
        index, vectors[10], 3, -1.0, lambda key: True)
    assert batch.similar("unknown", 3, -1.0, lambda key: True) is None
    index.remove("d0")  # not reported
    assert batch.similar("q", 3, -1.0, lambda key: True) is None
    assert not BatchNeighbours.usable(index, ["d1"]) and not BatchNeighbours.usable(
        index, ["q", "q"])


def test_placing_a_batch_gives_the_links_and_stories_of_placing_one_by_one() -> None:
    records = fixture_records()
    records += [Record(f"{record.id}-again", record.text, record.language,
                       record.published + timedelta(days=3), record.source)
                for record in records]
    ordered = sorted(records, key=lambda record: (record.published, record.id))
    single, batched = StoryEngine(), StoryEngine()
    for analysed in analyse(ordered):
        single.place(analysed)
    batched.place_batch(analyse(ordered))
    assert batched.clusterer.assignment == single.clusterer.assignment
    assert batched.links == single.links and single.links


def test_classify_many_is_classify_of_each_pair() -> None:
    records = fixture_records()
    documents = analyse(records)
    frequencies = SignalFrequencies()
    for analysed in documents:
        frequencies.add(analysed.signals, analysed.entities, analysed.record.language)
    kinds = set()
    for target in documents:
        others = [analysed for analysed in documents if analysed is not target]
        expected = [classify(other, target, frequencies) for other in others]
        assert classify_many(others, target, frequencies) == expected
        kinds |= {link.kind for link in expected if link is not None}
    assert {"duplicate", "translation"} <= kinds


def test_quiet_stories_leave_the_vector_index_and_stay_findable_by_their_entities() -> None:
    clusterer = StoryClusterer()
    start = datetime(2020, 1, 1)
    rng = np.random.default_rng(1)
    plant = {f"e:plant-{index}": 1.0 for index in range(12)}  # enough rarity to bridge
    for number in range(6):
        vector = _unit(rng.standard_normal((1, DIMENSION)))[0]
        clusterer.add(f"d{number}", vector, Signals(numbers=frozenset({str(number)})),
                      start + timedelta(days=number),
                      entities=plant if number == 0 else {f"e:other-{number}": 1.0})
    first_story = clusterer.assignment["d0"]
    idle_stories = {clusterer.assignment[f"d{number}"] for number in range(1, 6)}
    # The first story gets a later document (a copy), the others stay idle.
    clusterer.add("copy", clusterer.stories[first_story].centroid, Signals(),
                  start + timedelta(days=30), copies_story_of="d0")

    # Past the horizon: no story is searched by vector any more ...
    quiet = start + timedelta(days=30) + HORIZON + timedelta(days=5)
    clusterer.add("filler", _unit(rng.standard_normal((1, DIMENSION)))[0], Signals(), quiet)
    assert set(clusterer._index.snapshot()[0]) == {clusterer.assignment["filler"]}
    # ... but a report naming the first story's entities still joins it, and brings it back.
    clusterer.add("follow-up", clusterer.stories[first_story].centroid, Signals(),
                  quiet + timedelta(days=1), entities=plant)
    assert clusterer.assignment["follow-up"] == first_story
    assert first_story in set(clusterer._index.snapshot()[0])

    # Past the bridge limit the idle stories leave the entity look-ups too; the first
    # story, touched since, is still there.
    later = start + BRIDGE_LIMIT + timedelta(days=10)
    clusterer.add("late", _unit(rng.standard_normal((1, DIMENSION)))[0], Signals(), later)
    assert set(clusterer._index.snapshot()[0]) == {clusterer.assignment["late"]}
    findable_by_entity = set().union(*clusterer._by_entity.values())
    assert first_story in findable_by_entity
    assert not findable_by_entity & idle_stories
