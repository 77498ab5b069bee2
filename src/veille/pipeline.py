"""The stage registry and the runner.

Two kinds of stage:
- a `DocumentStage` computes on one document at a time with a pure, picklable function
  (`compute`), so it runs the same in this process or on Dask workers; `save` then writes
  the result through the store. A document is marked done per stage and version in the same
  transaction as its results, so an interrupted run resumes where it stopped.
- a `CorpusStage` looks at the whole store at once (story clustering, corroboration).

Stages register themselves by name with `register`; `veille analyze` runs them in order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
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


@dataclass(frozen=True)
class DocumentStage:
    name: str
    version: int
    compute: Compute
    save: Callable[[Session, DocumentInput, Any], None]
    requires: tuple[str, ...] = ()
    description: str = ""


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


Batches = Iterable[Sequence[DocumentInput]]
Mapper = Callable[[Compute, Batches], Iterator[tuple[Sequence[DocumentInput], list[Any]]]]
"""Computes a stage over batches of documents and yields each batch with its results, in
order. A distributed mapper may read ahead, computing later batches while this process
writes earlier ones."""


def local_map(compute: Compute, batches: Batches) -> Iterator[tuple[Sequence[DocumentInput],
                                                                      list[Any]]]:
    """Compute every batch here, one after the other."""
    for batch in batches:
        yield batch, [compute(document) for document in batch]


def run_stages(
    store: Store,
    *,
    only: Sequence[str] | None = None,
    batch_size: int = 64,
    mapper: Mapper = local_map,
    progress: Progress | None = None,
) -> RunReport:
    """Run every registered stage (or those in `only`) over what it has not yet seen."""
    progress = progress or Progress()
    report = RunReport()
    for stage in registered():
        if only and stage.name not in only:
            continue
        if isinstance(stage, DocumentStage):
            report.processed[stage.name] = _run_document_stage(
                store, stage, batch_size, mapper, progress, report
            )
        else:
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
    mapper: Mapper,
    progress: Progress,
    report: RunReport,
) -> int:
    with store.session() as session:
        pending = document_queries.pending_for_stage(session, stage.name, stage.version)
    progress.start(stage.name, len(pending))

    def batches() -> Iterator[list[DocumentInput]]:
        for offset in range(0, len(pending), batch_size):
            with store.session() as session:
                inputs = document_queries.load_inputs(session, pending[offset:offset + batch_size])
            yield inputs

    for inputs, results in mapper(stage.compute, batches()):
        with store.session() as session:
            _save_batch(session, stage, inputs, results, report)
            document_queries.mark_stage_done(session, [document.id for document in inputs],
                                             stage.name, stage.version)
        progress.advance(stage.name, len(inputs))
    progress.done(stage.name)
    return len(pending)


def _save_batch(session: Session, stage: DocumentStage, inputs: Sequence[DocumentInput],
                results: list[Any], report: RunReport) -> None:
    """Save a batch in one savepoint; if it fails, save document by document so that one bad
    document loses only its own results (and is reported), never the batch."""
    pairs = list(zip(inputs, results, strict=True))
    try:
        with session.begin_nested():
            for document, result in pairs:
                stage.save(session, document, result)
    except Exception:  # noqa: BLE001 - redone one by one below, where the culprit is reported
        for document, result in pairs:
            try:
                with session.begin_nested():
                    stage.save(session, document, result)
            except Exception as error:  # noqa: BLE001 - one bad document must not stop the batch
                report.failures.append(f"{stage.name}: {document.external_id}: {error}")
