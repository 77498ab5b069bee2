"""The runner saves a batch at once, yet one bad document loses only its own results."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from veille import pipeline
from veille.ingest.service import ingest_paths
from veille.store import Store
from veille.store.documents import load_inputs, replace_mentions, replace_mentions_of
from veille.store.models import Document, Mention, StageRun

POISONED = "doc-2"


def _first_word(document: pipeline.DocumentInput) -> list[dict[str, object]]:
    word = document.text.split()[0]
    return [{"start": 0, "end": len(word), "text": word, "label": "MISC"}]


def _save_or_fail(session, document: pipeline.DocumentInput, mentions) -> None:
    replace_mentions(session, document.id, "first_word", mentions)
    if document.external_id == POISONED:
        raise ValueError("refused on purpose")


def _save_all_or_fail(session, results) -> None:
    """Writes the whole batch, then refuses it: the savepoint must undo these writes."""
    replace_mentions_of(session, "first_word", results)
    if POISONED in session.scalars(select(Document.external_id)
                                   .where(Document.id.in_(list(results)))).all():
        raise ValueError("refused on purpose")


@pytest.fixture(params=["per document", "per batch"])
def first_word_stage(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
                     ) -> pipeline.DocumentStage:
    stage = pipeline.DocumentStage(
        "first_word", 1, _first_word, _save_or_fail,
        save_batch=_save_all_or_fail if request.param == "per batch" else None)
    monkeypatch.setitem(pipeline._REGISTRY, stage.name, stage)
    return stage


def _corpus(folder: Path) -> Path:
    path = folder / "corpus.jsonl"
    lines = [f'{{"id": "doc-{n}", "title": "t{n}", "text": "Word{n} and more text."}}'
             for n in range(5)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_one_failing_save_keeps_the_rest_of_the_batch(
        store: Store, tmp_path: Path, first_word_stage: pipeline.DocumentStage) -> None:
    ingest_paths(store, [_corpus(tmp_path)])
    report = pipeline.run_stages(store, only=["first_word"], batch_size=64)

    assert report.failures == [f"first_word: {POISONED}: refused on purpose"]
    with store.session() as session:
        saved = set(session.scalars(
            select(Document.external_id).join(Mention, Mention.document_id == Document.id)
            .where(Mention.stage == "first_word")))
        done = session.scalar(select(StageRun.version).where(StageRun.stage == "first_word"))
        marked = len(session.scalars(
            select(StageRun.document_id).where(StageRun.stage == "first_word")).all())
    assert saved == {"doc-0", "doc-1", "doc-3", "doc-4"}
    assert done == 1 and marked == 5  # a failed document is reported, not retried forever


def test_batches_done_out_of_order_give_the_same_results(
        store: Store, tmp_path: Path, first_word_stage: pipeline.DocumentStage) -> None:
    """Workers finish batches in any order (as Dask does); the stored result is the same."""
    def backwards(store, stage, batches):
        for document_ids in reversed(list(batches)):
            yield pipeline.run_batch(store, stage, document_ids)

    ingest_paths(store, [_corpus(tmp_path)])
    report = pipeline.run_stages(store, only=["first_word"], batch_size=2, runner=backwards)
    assert report.processed["first_word"] == 5
    assert report.failures == [f"first_word: {POISONED}: refused on purpose"]
    with store.session() as session:
        texts = sorted(session.scalars(select(Mention.text).where(Mention.stage == "first_word")))
    assert texts == ["Word0", "Word1", "Word3", "Word4"]


def test_stages_that_read_no_mentions_are_not_given_them(store: Store, tmp_path: Path,
                                                         first_word_stage) -> None:
    ingest_paths(store, [_corpus(tmp_path)])
    pipeline.run_stages(store, only=["first_word"])
    with store.session() as session:
        ids = list(session.scalars(select(Document.id).order_by(Document.external_id)))
        with_mentions = load_inputs(session, ids)
        without = load_inputs(session, ids, with_mentions=False)
    assert [document.id for document in with_mentions] == ids  # in the order asked for
    assert [m.text for m in with_mentions[0].mentions] == ["Word0"]
    assert all(document.mentions == () for document in without)
    assert [d.text for d in without] == [d.text for d in with_mentions]
    assert {d.source for d in without} == {d.source for d in with_mentions}


def test_a_new_version_of_a_stage_makes_the_stages_reading_it_pending(
        store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Claims built on old quantities are stale: raising the version of the stage read
    re-runs its readers, not only itself; a stage reading nothing keeps its own version."""
    reader = pipeline.DocumentStage("first_word", 1, _first_word, _save_or_fail,
                                    requires=("upstream",))

    def upstream(version: int) -> pipeline.DocumentStage:
        return pipeline.DocumentStage("upstream", version, _first_word,
                                      lambda session, document, result: None)

    ingest_paths(store, [_corpus(tmp_path)])
    monkeypatch.setitem(pipeline._REGISTRY, "upstream", upstream(1))
    monkeypatch.setitem(pipeline._REGISTRY, "first_word", reader)
    assert pipeline.run_version(upstream(1)) == 1
    first = pipeline.run_stages(store, only=["upstream", "first_word"])
    again = pipeline.run_stages(store, only=["upstream", "first_word"])
    monkeypatch.setitem(pipeline._REGISTRY, "upstream", upstream(2))
    after_upgrade = pipeline.run_stages(store, only=["upstream", "first_word"])
    assert first.processed == {"upstream": 5, "first_word": 5}
    assert again.processed == {"upstream": 0, "first_word": 0}
    assert after_upgrade.processed == {"upstream": 5, "first_word": 5}
