"""Entity evidence in story clustering, the soft time model, and stock phrasing vs copies."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import numpy as np

from veille.stories.clustering import BRIDGE_LIMIT, HORIZON, StoryClusterer
from veille.stories.copies import analyse, classify
from veille.stories.entities import entity_bag
from veille.stories.records import Record
from veille.stories.signals import SignalFrequencies, extract

EMPTY = extract("")
WHEN = datetime(2025, 1, 1)


def _unit(seed: int) -> np.ndarray:
    vector = np.random.default_rng(seed).normal(size=512)
    return (vector / np.linalg.norm(vector)).astype(np.float32)


def _blend(a: np.ndarray, b: np.ndarray, share: float) -> np.ndarray:
    vector = share * a + (1 - share) * b
    return (vector / np.linalg.norm(vector)).astype(np.float32)


def _clusterer_with_background(documents: int = 40) -> StoryClusterer:
    """A clusterer whose rarity weights have seen a corpus where `e:common` is everywhere."""
    clusterer = StoryClusterer()
    for _ in range(documents):
        clusterer.frequencies.add(EMPTY, ["e:common"])
    return clusterer


def test_gazetteer_entities_are_the_same_id_in_every_script() -> None:
    latin = entity_bag(Record("a", "Drones are assembled at Alabuga in Tatarstan.", "en"))
    cyrillic = entity_bag(Record("b", "Дроны собирают в Алабуге.", "ru"))
    korean = entity_bag(Record("c", "알라부가 공장에서 드론을 조립한다.", "ko"))
    shared = set(latin) & set(cyrillic) & set(korean)
    assert len(shared) == 1 and next(iter(shared)).startswith("e:ent_")


def test_stored_entity_ids_are_used_as_given() -> None:
    bag = entity_bag(Record("a", "Alabuga", "en", entities=("ent_x", "ent_x", "ent_y")))
    assert set(bag) == {"e:ent_x", "e:ent_y"} and bag["e:ent_x"] > bag["e:ent_y"]


def test_shared_rare_entities_join_documents_the_encoder_keeps_apart() -> None:
    clusterer = _clusterer_with_background()
    rare = {"e:plant": 1.0, "e:drone": 1.0, "e:city": 1.0}
    first = clusterer.add("en", _unit(1), EMPTY, WHEN, entities=rare)
    # A poorly covered language: its vector is only loosely related to the first one.
    second = clusterer.add("uk", _blend(_unit(1), _unit(2), 0.4), EMPTY, WHEN, entities=rare)
    assert first == second


def test_one_shared_common_entity_is_not_enough() -> None:
    clusterer = _clusterer_with_background()
    common = {"e:common": 1.0}
    first = clusterer.add("a", _unit(1), EMPTY, WHEN, entities=common)
    second = clusterer.add("b", _blend(_unit(1), _unit(2), 0.4), EMPTY, WHEN, entities=common)
    assert first != second


def test_strong_entity_overlap_bridges_a_gap_beyond_the_horizon_but_not_years() -> None:
    rare = {"e:plant": 1.0, "e:drone": 1.0, "e:city": 1.0}
    vector = _unit(5)
    months_later = WHEN + HORIZON + timedelta(days=60)
    years_later = WHEN + BRIDGE_LIMIT + timedelta(days=30)
    with_entities = _clusterer_with_background()
    story = with_entities.add("first", vector, EMPTY, WHEN, entities=rare)
    assert with_entities.add("months", vector, EMPTY, months_later, entities=rare) == story
    assert with_entities.add("years", vector, EMPTY, years_later + HORIZON * 2,
                             entities=rare) != story
    without_entities = _clusterer_with_background()
    story = without_entities.add("first", vector, EMPTY, WHEN)
    assert without_entities.add("months", vector, EMPTY, months_later) != story


def test_stock_phrasing_about_different_events_is_not_a_copy() -> None:
    template = ("Satellite images show that {site} near {city} has added {n} new assembly "
                "halls. The new buildings cover about {area} square metres, twice the area of "
                "last year. Analysts expect output to reach {target} units a month by next "
                "year. Officials in {city} denied that the plant was making weapons for export.")
    sites = ["Varn Works", "Duntor Yards", "Kesmor Arsenal", "Halbras Complex", "Ostvik Plant",
             "Zeltam Foundry", "Radnov Works", "Pelkes Yards"]
    cities = ["Ostkal", "Pelmor", "Viknard", "Lunsev", "Torhal", "Brasost", "Mortam", "Zelber"]
    reports = analyse([
        Record(f"r{index}", template.format(site=site, city=city, n=index + 2,
                                           area=f"{12 + index},{400 + index * 37}",
                                           target=40 + index * 31), "en")
        for index, (site, city) in enumerate(zip(sites, cities, strict=True))
    ])
    frequencies = SignalFrequencies()
    for item in reports:
        frequencies.add(item.signals, item.entities)
    assert classify(reports[0], reports[1], frequencies) is None
    same_event = Record("c", "Reports say: " + reports[0].record.text.replace(
        "Analysts", "Experts"), "en")
    (copy,) = analyse([same_event])
    frequencies.add(copy.signals, copy.entities)
    link = classify(reports[0], copy, frequencies)
    assert link is not None and link.kind in {"rewrite", "duplicate"}


def test_encoder_cache_returns_identical_rows(tmp_path: Path) -> None:
    from veille.stories import embeddings

    texts = ["The plant added four halls.", "The plant added four halls.", ""]
    rows = embeddings.encode(texts)
    assert np.array_equal(rows[0], rows[1]) and not rows[2].any()
    assert abs(float(np.linalg.norm(rows[0])) - 1.0) < 1e-5


def test_stories_kept_apart_early_merge_once_later_documents_make_their_keys_rare() -> None:
    """Placed first, two reports share entities that, with nothing else seen yet, prove
    little; once the corpus shows those entities to be rare, the look for merges at the end
    of the run (`consolidate`) joins the two stories."""
    clusterer = StoryClusterer()
    rare = {"e:plant": 1.0, "e:drone": 1.0, "e:city": 1.0}
    for _ in range(2):
        clusterer.frequencies.add(EMPTY, list(rare))
    first = clusterer.add("en", _unit(1), EMPTY, WHEN, entities=rare)
    second = clusterer.add("uk", _blend(_unit(1), _unit(2), 0.4), EMPTY, WHEN, entities=rare)
    assert first != second
    for _ in range(40):
        clusterer.frequencies.add(EMPTY, ["e:common"])
    clusterer.consolidate([first, second])
    assert clusterer.assignment["en"] == clusterer.assignment["uk"]
