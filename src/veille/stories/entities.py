"""Language-independent story evidence: the linked entities a document names.

The entities stage links KN-23, 화성-11, Хвасон-11 and Hwasong-11 to one entity id, in every
script, which the sentence encoder cannot do for languages it covers poorly (uk, ro, fi, mk,
sk, et). A story is then also a bag of entity ids, weighted by how rare each is in the corpus
seen so far (Russia and Ukraine say little; Alabuga and the Fath-360 say a lot).
When the store has the entities stage's mentions, their entity ids are used; otherwise (a
record with `entities` None, as in the benchmarks) the gazetteer's aliases are searched in
the text, which gives the same ids for the gazetteer entities.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable

from veille.stories.records import StoryRecord

ENTITY_PREFIX = "e:"


def entity_bag(record: StoryRecord) -> dict[str, float]:
    """`e:<entity id>` -> sublinear mention count (1 + log n), so one name repeated ten
    times does not outweigh three different names."""
    linked = getattr(record, "entities", None)
    ids: Iterable[str] = linked if linked is not None else gazetteer_entity_ids(record.text)
    counts = Counter(ids)
    return {f"{ENTITY_PREFIX}{key}": 1.0 + math.log(count) for key, count in counts.items()}


def gazetteer_entity_ids(text: str) -> list[str]:
    """Entity ids of the gazetteer aliases found in `text`, one per occurrence."""
    from veille.extract.entities import default_matcher
    from veille.ids import gazetteer_entity_id

    return [gazetteer_entity_id(key) for _, _, key in default_matcher().find(text)]
