"""`veille export documents`: one row per document, with its story and copy relation."""

from __future__ import annotations

from veille.export import Rows, exporter
from veille.store import Store
from veille.store import documents as queries


@exporter("documents")
def export_documents(store: Store) -> Rows:
    with store.session() as session:
        external = queries.external_ids(session)
        sources = queries.source_names(session)
        for document in queries.iter_documents(session):
            yield {
                "doc_id": document.external_id,
                "sha256": document.sha256,
                "title": document.title,
                "url": document.url,
                "source": sources.get(document.source_id or ""),
                "language": document.language,
                "published": document.published.isoformat() if document.published else None,
                "words": document.word_count,
                "story_id": document.story_id,
                "copy_of": external.get(document.copy_of or ""),
                "copy_kind": document.copy_kind,
                "text": document.text,
            }
