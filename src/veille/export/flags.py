"""`veille export flags`: one row per flag, pointing at its document span and what it departs from."""

from __future__ import annotations

from veille.export import Rows, exporter
from veille.store import Store
from veille.store import documents as document_queries
from veille.store.workspace import iter_flags


@exporter("flags")
def export_flags(store: Store) -> Rows:
    with store.session() as session:
        external = document_queries.external_ids(session)
        for flag in iter_flags(session):
            yield {
                "flag_id": flag.id,
                "doc_id": external.get(flag.document_id, flag.document_id),
                "start": flag.start,
                "end": flag.end,
                "kind": flag.kind,
                "claim_id": flag.claim_id,
                "reference_doc_id": external.get(flag.reference_document_id or ""),
                "reference_claim_id": flag.reference_claim_id,
                "reason": flag.reason,
                "status": flag.status,
                "decided_by": flag.decided_by,
            }
