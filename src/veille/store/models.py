"""Tables of the store. Every other package reaches the database through `veille.store`.

Ids are derived from content (see `veille.ids`) so that re-running a stage gives the same ids.
Types are portable (no SQLite-only column types), so the same models serve PostgreSQL.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON}


class Source(Base):
    """An outlet, a domain, or an agency that publishes documents."""

    __tablename__ = "sources"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    domain: Mapped[str | None] = mapped_column(String(300))
    reliability: Mapped[str | None] = mapped_column(String(1))  # Admiralty A-F, computed
    reliability_reasons: Mapped[list[Any] | None] = mapped_column(JSON)


class Document(Base):
    """One ingested article or report, with its text and metadata."""

    __tablename__ = "documents"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    external_id: Mapped[str] = mapped_column(String(300), unique=True)  # `doc_id` in exports
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    source_id: Mapped[str | None] = mapped_column(ForeignKey("sources.id"), index=True)
    path: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(16), index=True)
    language_score: Mapped[float | None] = mapped_column(Float)
    published: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    ingested_at: Mapped[datetime] = mapped_column(DateTime)
    word_count: Mapped[int] = mapped_column(Integer, default=0)
    story_id: Mapped[str | None] = mapped_column(ForeignKey("stories.id"), index=True)
    copy_of: Mapped[str | None] = mapped_column(String(64))  # internal document id
    copy_kind: Mapped[str | None] = mapped_column(String(20))
    meta: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class DocumentVectors(Base):
    """A document's sentence-encoder vectors, computed by the `vectors` document stage so
    that the story stage, which runs in one process, does not encode (see
    `veille.stories.vectors`). `lead` is the story vector (float32), `sentences` one row
    per opening sentence (float16), `sentence_count` rows."""

    __tablename__ = "document_vectors"
    document_id: Mapped[str] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    lead: Mapped[bytes] = mapped_column(LargeBinary)
    sentences: Mapped[bytes] = mapped_column(LargeBinary)
    sentence_count: Mapped[int] = mapped_column(Integer)


class StageRun(Base):
    """Marks that a document-level stage (at a version) has run on a document."""

    __tablename__ = "stage_runs"
    document_id: Mapped[str] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    stage: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
    done_at: Mapped[datetime] = mapped_column(DateTime)


class CorpusRun(Base):
    """Marks that a corpus-level stage ran, and over how many documents."""

    __tablename__ = "corpus_runs"
    stage: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
    documents: Mapped[int] = mapped_column(Integer)
    done_at: Mapped[datetime] = mapped_column(DateTime)


class Story(Base):
    """A group of documents that report one event."""

    __tablename__ = "stories"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    title: Mapped[str | None] = mapped_column(Text)
    first_published: Mapped[datetime | None] = mapped_column(DateTime)
    last_published: Mapped[datetime | None] = mapped_column(DateTime)
    origin_document_id: Mapped[str | None] = mapped_column(String(64))
    centroid: Mapped[bytes | None] = mapped_column(LargeBinary)
    size: Mapped[int] = mapped_column(Integer, default=0)


class CopyEdge(Base):
    """`target` copies `source` (duplicate, rewrite, excerpt or translation)."""

    __tablename__ = "copy_edges"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    story_id: Mapped[str | None] = mapped_column(ForeignKey("stories.id"), index=True)
    source_document_id: Mapped[str] = mapped_column(ForeignKey("documents.id"), index=True)
    target_document_id: Mapped[str] = mapped_column(ForeignKey("documents.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    score: Mapped[float] = mapped_column(Float)
    direction_from: Mapped[str] = mapped_column(String(20))  # "published" or "containment"
    evidence: Mapped[list[Any] | None] = mapped_column(JSON)  # shared passages, signals


class Citation(Base):
    """A primary source a document cites ("according to Reuters", "selon le CNS")."""

    __tablename__ = "citations"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id"), index=True)
    story_id: Mapped[str | None] = mapped_column(ForeignKey("stories.id"), index=True)
    entity_id: Mapped[str | None] = mapped_column(ForeignKey("entities.id"))
    name: Mapped[str] = mapped_column(Text)
    cue: Mapped[str | None] = mapped_column(String(100))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)


class Entity(Base):
    """A person, organisation, place, facility or weapon system."""

    __tablename__ = "entities"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    type: Mapped[str] = mapped_column(String(40), index=True)
    gazetteer_key: Mapped[str | None] = mapped_column(String(120), unique=True)
    wikidata: Mapped[str | None] = mapped_column(String(20))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    country: Mapped[str | None] = mapped_column(String(8))
    merged_into: Mapped[str | None] = mapped_column(String(64), index=True)
    attributes: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class Alias(Base):
    """One written form of an entity, and the document that first gave it."""

    __tablename__ = "aliases"
    __table_args__ = (UniqueConstraint("entity_id", "text"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entity_id: Mapped[str] = mapped_column(ForeignKey("entities.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    normalized: Mapped[str] = mapped_column(Text, index=True)
    script: Mapped[str | None] = mapped_column(String(20))
    origin: Mapped[str] = mapped_column(String(20))  # "gazetteer" or "document"
    document_id: Mapped[str | None] = mapped_column(String(64))
    score: Mapped[float | None] = mapped_column(Float)


class EntityMerge(Base):
    """An analyst's or linker's decision that two entities are one; undone by setting undone_at."""

    __tablename__ = "entity_merges"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source_entity_id: Mapped[str] = mapped_column(ForeignKey("entities.id"))
    target_entity_id: Mapped[str] = mapped_column(ForeignKey("entities.id"))
    decided_by: Mapped[str] = mapped_column(String(100))
    reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    undone_at: Mapped[datetime | None] = mapped_column(DateTime)


class Mention(Base):
    """A span of a document: a named entity, a quantity or a date expression."""

    __tablename__ = "mentions"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    document_id: Mapped[str] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    label: Mapped[str] = mapped_column(String(20))  # PER ORG LOC WEAPON ... QUANTITY DATE
    stage: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[str | None] = mapped_column(ForeignKey("entities.id"), index=True)
    link_score: Mapped[float | None] = mapped_column(Float)
    value: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # normalised quantity or date


class Slot(Base):
    """The question many claims answer: subject + property + reference + qualifiers."""

    __tablename__ = "slots"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    key: Mapped[str] = mapped_column(Text)
    subject: Mapped[str] = mapped_column(Text)
    property: Mapped[str] = mapped_column(String(60), index=True)
    reference: Mapped[str | None] = mapped_column(Text)
    story_id: Mapped[str | None] = mapped_column(String(64), index=True)
    independent_origins: Mapped[int] = mapped_column(Integer, default=0)
    origin_claim_id: Mapped[str | None] = mapped_column(String(64))
    primary_source: Mapped[str | None] = mapped_column(Text)
    credibility: Mapped[int | None] = mapped_column(Integer)  # Admiralty 1-6
    credibility_reasons: Mapped[list[Any] | None] = mapped_column(JSON)
    summary: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class Claim(Base):
    """One statement in one document that a value holds for a subject, as someone asserts it."""

    __tablename__ = "claims"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    document_id: Mapped[str] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    quote: Mapped[str] = mapped_column(Text)
    subject: Mapped[str] = mapped_column(Text)
    subject_entity_id: Mapped[str | None] = mapped_column(ForeignKey("entities.id"), index=True)
    property: Mapped[str] = mapped_column(String(60), index=True)
    value: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # low/high/bound/text/entity
    unit: Mapped[str | None] = mapped_column(String(60))
    reference: Mapped[str | None] = mapped_column(Text)
    qualifiers: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    attribution: Mapped[list[Any] | None] = mapped_column(JSON)  # chain, speaker first
    modality: Mapped[str] = mapped_column(String(20))
    estimative_level: Mapped[str | None] = mapped_column(String(40))
    confidence: Mapped[float] = mapped_column(Float, default=1.0)
    slot_id: Mapped[str | None] = mapped_column(ForeignKey("slots.id"), index=True)


class Flag(Base):
    """A version of a claim that departs from the version it descends from."""

    __tablename__ = "flags"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    document_id: Mapped[str] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    claim_id: Mapped[str | None] = mapped_column(String(64), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    reference_document_id: Mapped[str | None] = mapped_column(String(64))
    reference_claim_id: Mapped[str | None] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="open")  # open accepted rejected
    decided_by: Mapped[str | None] = mapped_column(String(100))


Index("ix_mentions_doc_span", Mention.document_id, Mention.start)
