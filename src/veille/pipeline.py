"""The stage registry and the runner.

Two kinds of stage:
- a `DocumentStage` computes on one document at a time with a pure, picklable function
  (`compute`, or `compute_batch` for a model that is faster on many texts at once); `save`
  then writes each document's result through the store (or `save_batch` the whole batch's
  in a few statements: the writes of every worker queue for one SQLite write lock, so
  statements per document, not computation, limited the cheap stages). The unit of work is a
  batch (`run_batch`: load, compute, save, mark), the same in this process and on Dask
  workers, which read and write the store themselves. A document is marked done per stage
  and version in the same transaction as its results, so an interrupted run resumes where
  it stopped; the version marked includes those of the stages it reads (`run_version`).
- a `CorpusStage` looks at the whole store at once (story clustering, corroboration).

Stages register themselves by name with `register`; `veille analyze` runs them in order.
"""

from __future__ import annotations

import dataclasses
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy.orm import Session

from veille.store import Store
from veille.store import documents as document_queries


@dataclass(frozen=True)
class MentionInput:
    """A mention stored by an earlier stage, as later stages see it."""

    start: int
    end: int
    text: str
    label: str
    entity_id: str | None
    value: dict[str, Any] | None


@dataclass(frozen=True)
class DocumentInput:
    """What a document stage may read: the text, its metadata and earlier mentions."""

    id: str
    external_id: str
    text: str
    language: str | None
    published: datetime | None
    source: str | None
    title: str | None
    mentions: tuple[MentionInput, ...] = ()


class Compute(Protocol):
    def __call__(self, document: DocumentInput) -> Any: ...


class ComputeBatch(Protocol):
    def __call__(self, documents: Sequence[DocumentInput]) -> list[Any]: ...


class SaveBatch(Protocol):
    def __call__(self, session: Session, results: Mapping[str, Any]) -> None: ...


@dataclass(frozen=True)
class DocumentStage:
    name: str
    version: int
    compute: Compute
    save: Callable[[Session, DocumentInput, Any], None]
    requires: tuple[str, ...] = ()
    description: str = ""
    # One result per document, in order; used instead of `compute` when given.
    compute_batch: ComputeBatch | None = None
    # Writes a whole batch's results, given by document id in batch order; used instead of
    # `save` when given (and `save` takes over document by document when it fails, to find
    # the document at fault).
    save_batch: SaveBatch | None = None
    # Whether `compute` reads the mentions of earlier stages (`DocumentInput.mentions`);
    # a stage that does not is spared loading them.
    reads_mentions: bool = True

    def compute_all(self, documents: Sequence[DocumentInput]) -> list[Any]:
        if self.compute_batch is not None:
            return self.compute_batch(documents)
        return [self.compute(document) for document in documents]


@dataclass(frozen=True)
class CorpusStage:
    name: str
    version: int
    run: Callable[[Store], int]
    requires: tuple[str, ...] = ()
    description: str = ""


Stage = DocumentStage | CorpusStage

_REGISTRY: dict[str, Stage] = {}


def register(stage: Stage) -> Stage:
    """Add a stage to the registry; registering the same name twice replaces it."""
    _REGISTRY[stage.name] = stage
    return stage


def registered() -> list[Stage]:
    """All stages in dependency order (a stage after everything it requires)."""
    _load_builtin_stages()
    ordered: list[Stage] = []
    seen: set[str] = set()

    def visit(name: str) -> None:
        if name in seen:
            return
        seen.add(name)
        for required in _REGISTRY[name].requires:
            if required in _REGISTRY:
                visit(required)
        ordered.append(_REGISTRY[name])

    for name in _REGISTRY:
        visit(name)
    return ordered


def run_version(stage: Stage) -> int:
    """The version a stage's results are marked with: its own where it reads no other
    stage, else a fingerprint of its version and of those of every stage it reads, so that a
    new quantities stage makes the claims built on the old quantities pending again (and
    nothing needs remembering to raise the claims stage's version with it)."""
    _load_builtin_stages()
    upstream: dict[str, int] = {}

    def visit(requires: Iterable[str]) -> None:
        for required in requires:
            if required in _REGISTRY and required not in upstream:
                upstream[required] = _REGISTRY[required].version
                visit(_REGISTRY[required].requires)

    visit(stage.requires)
    if not upstream:
        return stage.version
    signature = ";".join(f"{name}:{version}" for name, version in sorted(upstream.items()))
    # a positive 31-bit integer: the column is a 32-bit signed integer on PostgreSQL
    return zlib.crc32(f"{stage.name}:{stage.version}|{signature}".encode()) & 0x7FFFFFFF


def _load_builtin_stages() -> None:
    """Import the modules whose import registers the built-in stages."""
    import veille.stages  # noqa: F401


@dataclass
class Progress:
    """Callbacks the CLI uses to draw progress bars; silent by default."""

    start: Callable[[str, int], None] = lambda name, total: None
    advance: Callable[[str, int], None] = lambda name, count: None
    done: Callable[[str], None] = lambda name: None


@dataclass
class RunReport:
    processed: dict[str, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class BatchOutcome:
    documents: int
    failures: list[str] = field(default_factory=list)


BatchRunner = Callable[[Store, DocumentStage, Iterable[list[str]]], Iterator[BatchOutcome]]
"""Runs `run_batch` over batches of document ids and yields each outcome as it is done
(in any order). A distributed runner gives the batches to workers, which read and write the
store themselves; it may also have a `release()` method, called before a corpus stage runs
in this process, to free what its workers hold."""


def run_batch(store: Store, stage: DocumentStage, document_ids: list[str]) -> BatchOutcome:
    """Load, compute, save and mark one batch: the unit of work, here or on a worker.

    The computation runs outside any transaction, so a slow batch never holds the database
    while other workers write theirs.
    """
    with store.session() as session:
        inputs = document_queries.load_inputs(session, document_ids,
                                              with_mentions=stage.reads_mentions)
    results = stage.compute_all(inputs)
    failures: list[str] = []
    with store.writing_session() as session:
        _save_batch(session, stage, inputs, results, failures)
        document_queries.mark_stage_done(session, [document.id for document in inputs],
                                         stage.name, stage.version)
    return BatchOutcome(len(inputs), failures)


def run_here(store: Store, stage: DocumentStage, batches: Iterable[list[str]]
             ) -> Iterator[BatchOutcome]:
    """Run every batch in this process, one after the other."""
    for document_ids in batches:
        yield run_batch(store, stage, document_ids)


def run_stages(
    store: Store,
    *,
    only: Sequence[str] | None = None,
    batch_size: int = 64,
    runner: BatchRunner = run_here,
    progress: Progress | None = None,
) -> RunReport:
    """Run every registered stage (or those in `only`) over what it has not yet seen."""
    progress = progress or Progress()
    report = RunReport()
    workers_loaded = False
    for stage in registered():
        if only and stage.name not in only:
            continue
        if isinstance(stage, DocumentStage):
            # runners and workers mark results with the version they are given
            marked = dataclasses.replace(stage, version=run_version(stage))
            report.processed[stage.name] = _run_document_stage(
                store, marked, batch_size, runner, progress, report
            )
            workers_loaded = True
        else:
            release = getattr(runner, "release", None)
            if workers_loaded and release is not None:
                release()  # the workers' models would sit idle beside this stage's memory
                workers_loaded = False
            progress.start(stage.name, 0)
            report.processed[stage.name] = stage.run(store)
            with store.session() as session:
                document_queries.mark_corpus_run(session, stage.name, stage.version,
                                                 report.processed[stage.name])
            progress.done(stage.name)
    return report


def _run_document_stage(
    store: Store,
    stage: DocumentStage,
    batch_size: int,
    runner: BatchRunner,
    progress: Progress,
    report: RunReport,
) -> int:
    with store.session() as session:
        pending = document_queries.pending_for_stage(session, stage.name, stage.version)
    progress.start(stage.name, len(pending))
    batches = (pending[offset:offset + batch_size]
               for offset in range(0, len(pending), batch_size))
    for outcome in runner(store, stage, batches):
        report.failures.extend(outcome.failures)
        progress.advance(stage.name, outcome.documents)
    progress.done(stage.name)
    return len(pending)


def _save_batch(session: Session, stage: DocumentStage, inputs: Sequence[DocumentInput],
                results: list[Any], failures: list[str]) -> None:
    """Save a batch in one savepoint; if it fails, save document by document so that one bad
    document loses only its own results (and is reported), never the batch."""
    pairs = list(zip(inputs, results, strict=True))
    try:
        with session.begin_nested():
            if stage.save_batch is not None:
                stage.save_batch(session, {document.id: result for document, result in pairs})
            else:
                for document, result in pairs:
                    stage.save(session, document, result)
    except Exception:  # noqa: BLE001 - redone one by one below, where the culprit is reported
        for document, result in pairs:
            try:
                with session.begin_nested():
                    stage.save(session, document, result)
            except Exception as error:  # noqa: BLE001 - one bad document must not stop the batch
                failures.append(f"{stage.name}: {document.external_id}: {error}")
