"""Ingest files into the store: read, identify the language, store, and count what happened.

Each article is written inside its own savepoint, so a failure (a duplicate id, a database
error) loses only that article; batches are committed every `BATCH` articles so an interrupted
ingest keeps what it had stored and the next run skips it by content hash.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from veille.ingest.language import identify_language
from veille.ingest.readers import Article, IngestError, discover, read_path
from veille.store import Store
from veille.store import documents as queries

BATCH = 200


@dataclass
class IngestSummary:
    added: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.errors)


def ingest_paths(
    store: Store,
    paths: list[Path],
    *,
    on_error: Callable[[str], None] = lambda message: None,
    on_file: Callable[[Path], None] = lambda path: None,
) -> IngestSummary:
    """Ingest every file under `paths`; errors are reported through `on_error` and counted."""
    summary = IngestSummary()
    pending: list[Article] = []

    def record_error(message: str) -> None:
        summary.errors.append(message)
        on_error(message)

    for found in discover(paths):
        if isinstance(found, IngestError):
            record_error(str(found))
            continue
        on_file(found)
        for result in read_path(found):
            if isinstance(result, IngestError):
                record_error(str(result))
                continue
            pending.append(result)
            if len(pending) >= BATCH:
                _store_batch(store, pending, summary, record_error)
                pending = []
    if pending:
        _store_batch(store, pending, summary, record_error)
    return summary


def _store_batch(
    store: Store, articles: list[Article], summary: IngestSummary, record_error: Callable[[str], None]
) -> None:
    with store.session() as session:
        known = queries.known_hashes(session, [article.sha256 for article in articles])
        fresh: list[tuple[Article, str | None, float]] = []
        for article in articles:
            if article.sha256 in known:
                summary.unchanged += 1
                continue
            known.add(article.sha256)
            fresh.append((article, *identify_language(article.text)))
        for (article, _, _), refusal in zip(fresh, queries.add_documents(session, fresh),
                                            strict=True):
            if refusal is None:
                summary.added += 1
            else:
                record_error(f"{article.path}: not stored: {refusal}")
