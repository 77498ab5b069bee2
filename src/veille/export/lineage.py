"""`veille export lineage`: the copy edges, with their direction and evidence."""

from __future__ import annotations

from veille.export import Rows, exporter
from veille.store import Store
from veille.store import stories as queries


@exporter("lineage")
def export_lineage(store: Store) -> Rows:
    with store.session() as session:
        edges = list(queries.edge_rows(session))
    for edge in edges:
        yield {
            "story_id": edge.story_id,
            "source_doc_id": edge.source,
            "target_doc_id": edge.target,
            "kind": edge.kind,
            "score": edge.score,
            "direction_from": edge.direction_from,
            "evidence": edge.evidence,
        }
