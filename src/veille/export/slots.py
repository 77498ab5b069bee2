"""`veille export slots`: one row per slot, with its versions, origins and grade."""

from __future__ import annotations

from veille.export import Rows, exporter
from veille.store import Store
from veille.store.corroboration import iter_slot_rows


@exporter("slots")
def export_slots(store: Store) -> Rows:
    with store.session() as session:
        for slot, claims, external in iter_slot_rows(session):
            summary = slot.summary or {}
            yield {
                "slot_id": slot.id,
                "story_id": slot.story_id,
                "subject": slot.subject,
                "property": slot.property,
                "reference": slot.reference,
                "values": summary.get("values") or [],
                "independent_origins": slot.independent_origins,
                "origins": summary.get("origins") or [],
                "origin_doc_id": summary.get("origin_doc_id"),
                "primary_source": slot.primary_source,
                "credibility": slot.credibility,
                "reasons": slot.credibility_reasons or [],
                "claim_ids": [claim.id for claim in claims],
                "doc_ids": sorted({external.get(claim.document_id, "") for claim in claims}),
            }
