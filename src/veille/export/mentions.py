"""`veille export mentions` and `veille export entities`: spans with their linked entities,
and the entities with their aliases. Merged entities export as the entity they resolve to.
"""

from __future__ import annotations

from veille.export import Rows, exporter
from veille.store import Store
from veille.store import documents as document_queries
from veille.store import entities as queries


@exporter("mentions")
def export_mentions(store: Store) -> Rows:
    with store.session() as session:
        for row in queries.iter_mentions(session):
            yield {
                "doc_id": row.doc_id,
                "start": row.start,
                "end": row.end,
                "text": row.text,
                "label": row.label,
                "entity_id": row.entity.id if row.entity else None,
                "entity_name": row.entity.name if row.entity else None,
                "entity_type": row.entity.type if row.entity else None,
                "link_score": row.link_score,
                "stage": row.stage,
                "value": row.value,
            }


@exporter("entities")
def export_entities(store: Store) -> Rows:
    with store.session() as session:
        doc_ids = document_queries.external_ids(session)
        for row, aliases in queries.iter_entities_with_aliases(session):
            entity = row.entity
            yield {
                "entity_id": entity.id,
                "name": entity.name,
                "type": entity.type,
                "gazetteer_key": entity.gazetteer_key,
                "wikidata": entity.wikidata,
                "latitude": entity.latitude,
                "longitude": entity.longitude,
                "country": entity.country,
                "mentions": row.mentions,
                "aliases": [
                    {"text": alias.text, "script": alias.script, "origin": alias.origin,
                     "doc_id": doc_ids.get(alias.document_id or ""), "score": alias.score}
                    for alias in aliases
                ],
            }
