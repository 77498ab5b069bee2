"""Queries on sources, documents and stage bookkeeping."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from veille.ids import stable_id
from veille.store.models import CorpusRun, Document, Mention, Source, StageRun

if TYPE_CHECKING:
    from veille.ingest.readers import Article
    from veille.pipeline import DocumentInput

def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)

def get_or_create_source(session: Session, name: str, domain: str | None = None) -> Source:
    source_id = stable_id("src_", name.strip().lower())
    source = session.get(Source, source_id)
    if source is None:
        source = Source(id=source_id, name=name.strip(), domain=domain)
        session.add(source)
        session.flush()
    return source

def known_hashes(session: Session, hashes: list[str]) -> set[str]:
    """Which of these content hashes are already stored (one query per batch)."""
    return set(session.scalars(select(Document.sha256).where(Document.sha256.in_(hashes))))

def document_by_external_id(session: Session, external_id: str) -> Document | None:
    return session.scalar(select(Document).where(Document.external_id == external_id))

def resolve_document(session: Session, reference: str) -> Document | None:
    """A document by its external id (`doc_id`) or its internal id."""
    return document_by_external_id(session, reference) or session.get(Document, reference)

def count_documents(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Document)) or 0

def all_documents(session: Session) -> list[Document]:
    return list(session.scalars(select(Document).order_by(Document.external_id)))

def pending_for_stage(session: Session, stage: str, version: int) -> list[str]:
    """Ids of documents the stage (at this version) has not yet processed, in publication
    order: a story's copies then share a batch (and a worker), where the stages' caches of
    encoded sentences and linked names find what the original already paid for."""
    done = select(StageRun.document_id).where(
        StageRun.stage == stage, StageRun.version == version
    )
    query = (select(Document.id).where(Document.id.not_in(done))
             .order_by(Document.published.is_(None), Document.published, Document.id))
    return list(session.scalars(query))

def load_inputs(session: Session, document_ids: list[str], *, with_mentions: bool = True
                ) -> list[DocumentInput]:
    """The batch's documents as stages read them, in the order of `document_ids`; with the
    mentions of earlier stages unless the stage does not read them."""
    from veille.pipeline import DocumentInput, MentionInput

    documents = session.scalars(select(Document).where(Document.id.in_(document_ids))).all()
    by_id = {document.id: document for document in documents}
    mentions: dict[str, list[MentionInput]] = {}
    if with_mentions:
        mention = Mention.__table__.c
        rows = session.execute(
            select(mention.document_id, mention.start, mention.end, mention.text,
                   mention.label, mention.entity_id, mention.value)
            .where(mention.document_id.in_(document_ids))
            .order_by(mention.document_id, mention.start, mention.end)
        )
        for document_id, *fields in rows:
            mentions.setdefault(document_id, []).append(MentionInput(*fields))
    source_ids = {document.source_id for document in documents if document.source_id}
    sources = dict(session.execute(select(Source.id, Source.name)
                                   .where(Source.id.in_(source_ids))).all())
    return [
        DocumentInput(
            id=document.id,
            external_id=document.external_id,
            text=document.text,
            language=document.language,
            published=document.published,
            source=sources.get(document.source_id or ""),
            title=document.title,
            mentions=tuple(mentions.get(document.id, ())),
        )
        for document in (by_id[document_id] for document_id in document_ids)
    ]

def mark_stage_done(session: Session, document_ids: list[str], stage: str,
                    version: int) -> None:
    """Record that `stage` at `version` has run on these documents (two statements a batch)."""
    if not document_ids:
        return
    session.execute(delete(StageRun).where(StageRun.document_id.in_(document_ids),
                                           StageRun.stage == stage))
    now = utcnow()
    session.execute(insert(StageRun), [
        {"document_id": document_id, "stage": stage, "version": version, "done_at": now}
        for document_id in document_ids
    ])


def mark_corpus_run(session: Session, stage: str, version: int, documents: int) -> None:
    session.merge(CorpusRun(stage=stage, version=version, documents=documents, done_at=utcnow()))

def replace_mentions(session: Session, document_id: str, stage: str,
                     mentions: list[dict[str, Any]]) -> None:
    """Replace what `stage` stored for the document, so a re-run does not duplicate."""
    replace_mentions_of(session, stage, {document_id: mentions})


def replace_mentions_of(session: Session, stage: str,
                        mentions: Mapping[str, list[dict[str, Any]]]) -> None:
    """`replace_mentions` for many documents in two statements (one delete, one executemany
    insert) rather than two per document: every worker's writes queue for the store."""
    if not mentions:
        return
    session.execute(delete(Mention).where(Mention.document_id.in_(list(mentions)),
                                          Mention.stage == stage))
    rows = [{"id": stable_id("men_", document_id, stage, fields["start"], fields["end"],
                             fields["label"]),
             "document_id": document_id, "stage": stage, **fields}
            for document_id, found in mentions.items() for fields in found]
    if rows:
        session.execute(insert(Mention), rows)


def add_documents(
    session: Session, articles: list[tuple[Article, str | None, float]]
) -> list[str | None]:
    """Store new articles (with their detected language and score) in one flush.

    Returns, per article, None when stored or a one-line reason when refused (an external id
    already used for other content). Falls back to one savepoint per article when the batch
    hits a constraint, so one bad article never costs the others.
    """
    wanted = [article.external_id or Path(article.path).stem or "doc" for article, _, _ in articles]
    taken = set(session.scalars(select(Document.external_id)
                                .where(Document.external_id.in_(wanted))))
    sources: dict[str, Source] = {}
    outcome: list[str | None] = []
    pending: list[Document] = []
    for (article, detected, score), external_id in zip(articles, wanted, strict=True):
        if external_id in taken:
            if article.external_id is not None:
                outcome.append(f"doc_id '{external_id}' is already stored with other content")
                continue
            external_id = f"{external_id}-{article.sha256[:8]}"
        taken.add(external_id)
        if article.source and article.source not in sources:
            sources[article.source] = get_or_create_source(session, article.source)
        pending.append(_new_document(article, external_id, sources.get(article.source or ""),
                                     detected, score))
        outcome.append(None)
    try:
        with session.begin_nested():
            session.add_all(pending)
    except IntegrityError:
        return _add_one_by_one(session, articles, pending, outcome)
    return outcome

def _add_one_by_one(session: Session, articles: list[tuple[Article, str | None, float]],
                    pending: list[Document], outcome: list[str | None]) -> list[str | None]:
    by_sha = {document.sha256: document for document in pending}
    for index, (article, _, _) in enumerate(articles):
        document = by_sha.get(article.sha256)
        if document is None or outcome[index] is not None:
            continue
        try:
            with session.begin_nested():
                session.add(document)
        except IntegrityError as error:
            outcome[index] = str(error.orig).strip().splitlines()[0]
    return outcome

def _new_document(article: Article, external_id: str, source: Source | None,
                  detected_language: str | None, language_score: float) -> Document:
    meta = dict(article.meta)
    if article.language and detected_language and detected_language != article.language:
        meta["detected_language"] = detected_language
    return Document(
        id=stable_id("doc_", article.sha256),
        external_id=external_id,
        sha256=article.sha256,
        source_id=source.id if source else None,
        path=article.path,
        url=article.url,
        title=article.title,
        text=article.text,
        language=article.language or detected_language,
        language_score=language_score,
        published=article.published,
        ingested_at=utcnow(),
        word_count=len(article.text.split()),
        meta=meta or None,
    )

def external_ids(session: Session) -> dict[str, str]:
    """Internal id -> external id (`doc_id`) for every document."""
    return dict(session.execute(select(Document.id, Document.external_id)).all())

def source_names(session: Session) -> dict[str, str]:
    return dict(session.execute(select(Source.id, Source.name)).all())

def iter_documents(session: Session, chunk: int = 500) -> Iterator[Document]:
    """All documents in external-id order, read in chunks so memory stays flat."""
    last = ""
    while True:
        page = session.scalars(
            select(Document).where(Document.external_id > last)
            .order_by(Document.external_id).limit(chunk)
        ).all()
        if not page:
            return
        yield from page
        last = page[-1].external_id
        session.expunge_all()
