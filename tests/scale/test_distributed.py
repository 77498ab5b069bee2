"""Analysis on a Dask LocalCluster gives exactly what a single-process run gives; its workers
read and write the store themselves."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from sqlalchemy import select

import veille.export.registry  # noqa: F401  (registers exporters)
from veille import pipeline
from veille.distributed import dask_runner
from veille.export import EXPORTERS
from veille.ingest.service import ingest_paths
from veille.pipeline import CorpusStage, DocumentInput, DocumentStage, run_stages
from veille.store import Store, StoreError, open_store
from veille.store.documents import replace_mentions
from veille.store.models import Mention


def _rows(kind: str, store: Store) -> list[str]:
    """Exported rows in a store-independent order (collations differ between databases)."""
    return sorted(json.dumps(row, sort_keys=True, default=str) for row in EXPORTERS[kind](store))


COMPARED = ("documents", "mentions", "claims", "stories", "lineage", "flags")


def _analysed(url: str, corpus: list[Path], workers: int) -> Store:
    store = open_store(url)
    ingest_paths(store, corpus)
    if workers:
        with dask_runner(workers=workers) as runner:
            run_stages(store, runner=runner, batch_size=16)
    else:
        run_stages(store, batch_size=16)
    return store


@pytest.mark.slow
def test_two_workers_match_one_process(tmp_path: Path, shared_dir: Path) -> None:
    corpus = [shared_dir / "seeds"]
    local = _analysed(f"sqlite:///{tmp_path / 'local.db'}", corpus, workers=0)
    spread = _analysed(f"sqlite:///{tmp_path / 'dask.db'}", corpus, workers=2)
    for kind in COMPARED:
        if kind in EXPORTERS:
            assert _rows(kind, spread) == _rows(kind, local), kind
    assert list(EXPORTERS["mentions"](local)), "the comparison must cover real mentions"


def _last_word(document: DocumentInput) -> list[dict[str, object]]:
    word = document.text.split()[-1]
    return [{"start": len(document.text) - len(word), "end": len(document.text),
             "text": word, "label": "MISC"}]


def _save_unless_poisoned(session, document: DocumentInput, mentions) -> None:  # type: ignore[no-untyped-def]
    replace_mentions(session, document.id, "last_word", mentions)
    if "poison" in document.text:
        raise ValueError("refused on purpose")


@pytest.mark.slow
def test_workers_write_the_store_and_report_failures(store: Store, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers load, save and mark their batches themselves, on SQLite and PostgreSQL; a
    document whose save fails on a worker is reported here and loses only its own results."""
    stage = DocumentStage("last_word", 1, _last_word, _save_unless_poisoned)
    monkeypatch.setitem(pipeline._REGISTRY, stage.name, stage)
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(
        json.dumps({"id": f"doc-{n}", "title": f"t{n}",
                    "text": f"Text {n} ends with {'poison' if n == 3 else f'word{n}'}"}) + "\n"
        for n in range(9)), encoding="utf-8")
    ingest_paths(store, [corpus])
    with dask_runner(workers=2) as runner:
        report = run_stages(store, only=["last_word"], runner=runner, batch_size=2)
        assert report.processed == {"last_word": 9}
        assert report.failures == ["last_word: doc-3: refused on purpose"]
        assert run_stages(store, only=["last_word"], runner=runner).processed == {
            "last_word": 0}
        with pytest.raises(StoreError, match="in-memory"):
            list(runner(open_store("sqlite://"), stage, [["any"]]))
    with store.session() as session:
        words = sorted(session.scalars(select(Mention.text).where(Mention.stage == "last_word")))
    assert words == sorted(f"word{n}" for n in range(9) if n != 3)


def _worker_pid(document: DocumentInput) -> list[dict[str, object]]:
    return [{"start": 0, "end": 1, "text": str(os.getpid()), "label": "MISC"}]


def _save_pid(stage_name: str):  # type: ignore[no-untyped-def]
    def save(session, document: DocumentInput, mentions) -> None:  # type: ignore[no-untyped-def]
        replace_mentions(session, document.id, stage_name, mentions)
    return save


@pytest.mark.slow
def test_workers_are_restarted_before_a_corpus_stage(store: Store, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The models a local cluster's workers hold are freed while a corpus stage runs here;
    the next document stage runs on fresh workers."""
    before = DocumentStage("pid_before", 1, _worker_pid, _save_pid("pid_before"))
    corpus_stage = CorpusStage("corpus_between", 1, lambda _store: 0)
    after = DocumentStage("pid_after", 1, _worker_pid, _save_pid("pid_after"))
    for stage in (before, corpus_stage, after):
        monkeypatch.setitem(pipeline._REGISTRY, stage.name, stage)
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps({"id": f"doc-{n}", "text": f"Text {n}"}) + "\n"
                              for n in range(4)), encoding="utf-8")
    ingest_paths(store, [corpus])
    with dask_runner(workers=2) as runner:
        run_stages(store, only=[stage.name for stage in (before, corpus_stage, after)],
                   runner=runner, batch_size=1)
    with store.session() as session:
        pids = {name: set(session.scalars(select(Mention.text).where(Mention.stage == name)))
                for name in ("pid_before", "pid_after")}
    assert pids["pid_before"] and pids["pid_after"]
    assert str(os.getpid()) not in pids["pid_before"] | pids["pid_after"]
    assert not pids["pid_before"] & pids["pid_after"]
