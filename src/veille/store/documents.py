"""Queries on sources, documents and stage bookkeeping."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, exists, func, select
from sqlalchemy.orm import Session

from veille.ids import stable_id
from veille.store.models import CorpusRun, Document, Mention, Source, StageRun

if TYPE_CHECKING:
    from veille.ingest.readers import Article
    from veille.pipeline import DocumentInput


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def get_or_create_source(session: Session, name: str, domain: str | None = None) -> Source:
    source_id = stable_id("src_", name.strip().lower())
    source = session.get(Source, source_id)
    if source is None:
        source = Source(id=source_id, name=name.strip(), domain=domain)
        session.add(source)
        session.flush()
    return source


def document_by_sha(session: Session, sha256: str) -> Document | None:
    return session.scalar(select(Document).where(Document.sha256 == sha256))


def document_by_external_id(session: Session, external_id: str) -> Document | None:
    return session.scalar(select(Document).where(Document.external_id == external_id))


def external_id_taken(session: Session, external_id: str) -> bool:
    return bool(session.scalar(select(exists().where(Document.external_id == external_id))))


def resolve_document(session: Session, reference: str) -> Document | None:
    """A document by its external id (`doc_id`) or its internal id."""
    return document_by_external_id(session, reference) or session.get(Document, reference)


def count_documents(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Document)) or 0


def all_documents(session: Session) -> list[Document]:
    return list(session.scalars(select(Document).order_by(Document.external_id)))


def pending_for_stage(session: Session, stage: str, version: int) -> list[str]:
    """Ids of documents the stage (at this version) has not yet processed."""
    done = select(StageRun.document_id).where(
        StageRun.stage == stage, StageRun.version == version
    )
    query = select(Document.id).where(Document.id.not_in(done)).order_by(Document.id)
    return list(session.scalars(query))


def load_inputs(session: Session, document_ids: list[str]) -> list[DocumentInput]:
    from veille.pipeline import DocumentInput, MentionInput

    documents = session.scalars(select(Document).where(Document.id.in_(document_ids))).all()
    by_id = {document.id: document for document in documents}
    mentions: dict[str, list[MentionInput]] = {}
    rows = session.scalars(
        select(Mention)
        .where(Mention.document_id.in_(document_ids))
        .order_by(Mention.document_id, Mention.start, Mention.end)
    )
    for mention in rows:
        mentions.setdefault(mention.document_id, []).append(
            MentionInput(mention.start, mention.end, mention.text, mention.label,
                         mention.entity_id, mention.value)
        )
    sources = {s.id: s.name for s in session.scalars(select(Source))}
    inputs = []
    for document_id in document_ids:
        document = by_id[document_id]
        inputs.append(
            DocumentInput(
                id=document.id,
                external_id=document.external_id,
                text=document.text,
                language=document.language,
                published=document.published,
                source=sources.get(document.source_id or ""),
                title=document.title,
                mentions=tuple(mentions.get(document_id, ())),
            )
        )
    return inputs


def mark_stage_done(session: Session, document_id: str, stage: str, version: int) -> None:
    run = session.get(StageRun, (document_id, stage))
    if run is None:
        session.add(StageRun(document_id=document_id, stage=stage, version=version,
                             done_at=utcnow()))
    else:
        run.version = version
        run.done_at = utcnow()


def mark_corpus_run(session: Session, stage: str, version: int, documents: int) -> None:
    session.merge(CorpusRun(stage=stage, version=version, documents=documents, done_at=utcnow()))


def replace_mentions(session: Session, document_id: str, stage: str,
                     mentions: list[dict[str, Any]]) -> None:
    """Replace what `stage` stored for the document, so a re-run does not duplicate."""
    session.execute(delete(Mention).where(Mention.document_id == document_id,
                                          Mention.stage == stage))
    for fields in mentions:
        session.add(Mention(
            id=stable_id("men_", document_id, stage, fields["start"], fields["end"],
                         fields["label"]),
            document_id=document_id, stage=stage, **fields,
        ))


def add_document(session: Session, article: Article, detected_language: str | None,
                 language_score: float) -> Document:
    """Store a new article; a reused external id with other content is refused."""
    external_id = article.external_id
    if external_id is not None:
        if external_id_taken(session, external_id):
            raise ValueError(f"doc_id '{external_id}' is already stored with other content")
    else:
        external_id = _free_external_id(session, Path(article.path).stem, article.sha256)
    source = get_or_create_source(session, article.source) if article.source else None
    language = article.language or detected_language
    meta = dict(article.meta)
    if article.language and detected_language and detected_language != article.language:
        meta["detected_language"] = detected_language
    document = Document(
        id=stable_id("doc_", article.sha256),
        external_id=external_id,
        sha256=article.sha256,
        source_id=source.id if source else None,
        path=article.path,
        url=article.url,
        title=article.title,
        text=article.text,
        language=language,
        language_score=language_score,
        published=article.published,
        ingested_at=utcnow(),
        word_count=len(article.text.split()),
        meta=meta or None,
    )
    session.add(document)
    session.flush()
    return document


def _free_external_id(session: Session, stem: str, sha256: str) -> str:
    stem = stem or "doc"
    if not external_id_taken(session, stem):
        return stem
    return f"{stem}-{sha256[:8]}"


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
