"""`veille export stories`: one row per story, with its origins and cited primary sources."""

from __future__ import annotations

from veille.export import Rows, exporter
from veille.store import Store
from veille.store import stories as queries


@exporter("stories")
def export_stories(store: Store) -> Rows:
    with store.session() as session:
        summaries = queries.story_summaries(session)
    for story in summaries:
        yield {
            "story_id": story.id,
            "title": story.title,
            "size": story.size,
            "first_published": story.first_published.isoformat() if story.first_published
            else None,
            "last_published": story.last_published.isoformat() if story.last_published else None,
            "origin": story.origin,
            "origins": story.origins,
            "languages": story.languages,
            "cited_sources": story.cited,
        }
