"""Stories and copies: near-duplicates, cross-lingual copies, online story clustering, lineage.

The algorithms work on any record with `id`, `text`, `language`, `published` and `source`
(`StoryRecord`), so they run without the store; `veille.stories.stage` wires them to it.
"""

from veille.stories.records import StoryRecord

__all__ = ["StoryRecord"]
