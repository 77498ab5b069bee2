"""The `vectors` document stage: encodings stored per document, read back by the story
stage, which gives the same stories and copies whether the stage ran or not."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from veille.demo import CORPUS_DIR as CORPUS
from veille.ingest.service import ingest_paths
from veille.pipeline import DocumentInput, run_stages
from veille.store import documents as document_queries
from veille.store import open_store
from veille.store.models import CopyEdge, Document
from veille.stories import embeddings
from veille.stories.copies import opening_sentences
from veille.stories.vectors import encode_documents, save_vectors, stored_vectors


def _stories_and_copies(path: Path, stages: list[str]) -> tuple[frozenset, frozenset]:
    store = open_store(f"sqlite:///{path}")
    ingest_paths(store, [CORPUS])
    report = run_stages(store, only=stages)
    assert not report.failures
    with store.session() as session:
        external = {doc.id: doc.external_id for doc in session.query(Document)}
        members: dict[str, set[str]] = {}
        for doc in session.query(Document):
            members.setdefault(doc.story_id, set()).add(doc.external_id)
        copies = frozenset((external[edge.source_document_id], external[edge.target_document_id],
                            edge.kind) for edge in session.query(CopyEdge))
    store.close()
    return frozenset(frozenset(found) for found in members.values()), copies


def test_stories_are_the_same_whether_the_vectors_stage_ran_or_not(tmp_path: Path) -> None:
    stories, copies = _stories_and_copies(tmp_path / "with.db", ["vectors", "stories"])
    assert len(stories) > 1 and any(kind == "translation" for _, _, kind in copies)
    assert (stories, copies) == _stories_and_copies(tmp_path / "without.db", ["stories"])


def test_stored_vectors_are_the_story_and_sentence_encodings(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'v.db'}")
    ingest_paths(store, [CORPUS])
    assert run_stages(store, only=["vectors"]).processed["vectors"] > 0
    with store.session() as session:
        documents = {doc.id: doc.text for doc in document_queries.all_documents(session)}
        stored = stored_vectors(session, documents)
    assert stored.keys() == documents.keys()
    some_id, text = next(iter(documents.items()))
    expected_lead = embeddings.document_vectors([text])[0]
    assert np.allclose(stored[some_id].lead, expected_lead, atol=1e-5)
    spans = opening_sentences(text)
    assert stored[some_id].sentences.shape == (len(spans), embeddings.DIMENSION)
    expected_rows = embeddings.sentence_vectors([text[start:end] for start, end in spans])
    assert np.allclose(stored[some_id].sentences, expected_rows, atol=1e-3)
    store.close()


def test_saving_again_replaces_a_documents_vectors(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'r.db'}")
    ingest_paths(store, [CORPUS])
    with store.session() as session:
        first = document_queries.all_documents(session)[0]
    document = DocumentInput(first.id, first.external_id, first.text, first.language,
                             first.published, None, first.title)
    empty = DocumentInput(first.id, first.external_id, "", first.language, None, None, None)
    for version in (document, empty):
        with store.session() as session:
            save_vectors(session, version, encode_documents([version])[0])
    with store.session() as session:
        kept = stored_vectors(session, [first.id])[first.id]
    assert kept.sentences.shape == (0, embeddings.DIMENSION)
    assert not kept.lead.any()  # an empty text encodes to the zero vector
    store.close()
