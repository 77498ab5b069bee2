"""`veille export claims`: one row per claim, with its evidence span and attribution chain."""

from __future__ import annotations

from veille.export import Rows, exporter
from veille.store import Store
from veille.store import claims as queries


@exporter("claims")
def export_claims(store: Store) -> Rows:
    with store.session() as session:
        for claim, doc_id in queries.iter_claims_with_documents(session):
            yield {
                "claim_id": claim.id,
                "doc_id": doc_id,
                "start": claim.start,
                "end": claim.end,
                "quote": claim.quote,
                "subject": claim.subject,
                "subject_entity_id": claim.subject_entity_id,
                "property": claim.property,
                "value": claim.value,
                "unit": claim.unit,
                "reference": claim.reference,
                "qualifiers": claim.qualifiers,
                "modality": claim.modality,
                "estimative_level": claim.estimative_level,
                "attribution": claim.attribution,
                "confidence": claim.confidence,
            }
