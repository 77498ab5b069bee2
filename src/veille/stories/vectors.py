"""The `vectors` document stage: encode each document once, on whichever worker has it.

The sentence encoder is most of the story stage's cost (about 60 % on the synthetic corpus:
story vectors of every document, sentence vectors for translation checks), and it looks at
one document at a time. The story stage itself is a corpus stage that places documents one
after the other in one process; as a document stage the encoding is spread over Dask workers
like entity recognition, and the story stage reads the vectors back (`analyse(stored=...)`).
It still encodes what this stage has not (a store analysed before the stage existed, or
`--only stories`), with the same function and precision, so its results do not depend on
whether this stage ran.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
from sqlalchemy.orm import Session

from veille.pipeline import DocumentInput, DocumentStage, register
from veille.store import stories as queries
from veille.stories import embeddings
from veille.stories.copies import StoredVectors, opening_sentences

STAGE = "vectors"


def encode_documents(documents: Sequence[DocumentInput]) -> list[StoredVectors]:
    """Story and sentence vectors of a batch, two encoder calls in all (the encoder is
    several times faster per text on a batch than one text at a time)."""
    spans = [opening_sentences(document.text) for document in documents]
    leads = embeddings.document_vectors([document.text for document in documents])
    rows = embeddings.sentence_vectors([document.text[start:end]
                                        for document, found in zip(documents, spans, strict=True)
                                        for start, end in found])
    bounds = np.cumsum([0] + [len(found) for found in spans])
    return [StoredVectors(lead, rows[bounds[index]:bounds[index + 1]])
            for index, lead in enumerate(leads)]


def encode_document(document: DocumentInput) -> StoredVectors:
    return encode_documents([document])[0]


def save_vectors(session: Session, document: DocumentInput, vectors: StoredVectors) -> None:
    save_vectors_batch(session, {document.id: vectors})


def save_vectors_batch(session: Session, vectors: Mapping[str, StoredVectors]) -> None:
    queries.save_document_vectors(session, {
        document_id: (found.lead.astype(np.float32).tobytes(),
                      found.sentences.astype(embeddings.SENTENCE_PRECISION).tobytes(),
                      len(found.sentences))
        for document_id, found in vectors.items()})


def stored_vectors(session: Session, document_ids: Iterable[str]) -> dict[str, StoredVectors]:
    """What the stage stored for these documents (the others are absent)."""
    return {
        document_id: StoredVectors(
            np.frombuffer(lead, dtype=np.float32),
            np.frombuffer(sentences, dtype=embeddings.SENTENCE_PRECISION)
            .reshape(count, embeddings.DIMENSION).astype(np.float32))
        for document_id, (lead, sentences, count)
        in queries.document_vectors(session, document_ids).items()
    }


register(DocumentStage(
    name=STAGE, version=2,  # 2: page furniture ("Skip to main content") is no lead
    compute=encode_document, compute_batch=encode_documents,
    save=save_vectors, save_batch=save_vectors_batch, reads_mentions=False, requires=("language",),
    description="sentence-encoder vectors of each document, for stories and copies",
))
