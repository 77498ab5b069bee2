"""Core commands: ingest, analyze, export, search, demo."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)

from veille import pipeline
from veille.cli.app import DbOption, app, console, fail, open_or_fail
from veille.store import Store


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description:<14}"), BarColumn(), MofNCompleteColumn(),
        TimeElapsedColumn(), console=console, transient=False,
    )


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files (.txt .html .jsonl) or directories.")],
    db: DbOption = None,
) -> None:
    """Read articles into the store; re-ingesting the same content changes nothing."""
    from veille.ingest.service import ingest_paths

    store = open_or_fail(db)
    with _progress() as bar:
        task = bar.add_task("ingest", total=None)
        summary = ingest_paths(
            store, paths,
            on_error=lambda message: console.print(f"[red]error:[/red] {message}",
                                                   highlight=False, markup=True),
            on_file=lambda path: bar.advance(task),
        )
    console.print(f"ingested {summary.added} new, {summary.unchanged} unchanged, "
                  f"{summary.failed} failed")
    if summary.failed:
        raise typer.Exit(1)


def run_analysis(store: Store, only: list[str] | None = None, workers: int = 0,
                 scheduler: str | None = None, batch_size: int = 64) -> pipeline.RunReport:
    """Run the registered stages with progress bars, locally or on a Dask cluster."""
    from veille.distributed import dask_runner

    with _progress() as bar:
        tasks: dict[str, int] = {}
        hooks = pipeline.Progress(
            start=lambda name, total: tasks.__setitem__(name, bar.add_task(name, total=total)),
            advance=lambda name, count: bar.advance(tasks[name], count),
            done=lambda name: bar.update(tasks[name], completed=bar.tasks[tasks[name]].total),
        )
        if workers or scheduler:
            with dask_runner(workers=workers, scheduler=scheduler) as runner:
                return pipeline.run_stages(store, only=only, runner=runner, progress=hooks,
                                           batch_size=batch_size)
        return pipeline.run_stages(store, only=only, progress=hooks, batch_size=batch_size)


@app.command()
def analyze(
    db: DbOption = None,
    stage: Annotated[list[str] | None, typer.Option("--stage", help="Run only these stages.")] = None,
    workers: Annotated[int, typer.Option(help="Start a local Dask cluster of N workers.")] = 0,
    scheduler: Annotated[str | None, typer.Option(help="Join a Dask scheduler tcp://HOST:PORT.")] = None,
    batch_size: Annotated[int, typer.Option(help="Documents per committed batch.", min=1)] = 64,
) -> None:
    """Run every pipeline stage over what it has not yet analysed."""
    store = open_or_fail(db)
    known = {s.name for s in pipeline.registered()}
    for name in stage or []:
        if name not in known:
            fail(f"unknown stage '{name}' (known: {', '.join(sorted(known))})")
    report = run_analysis(store, stage, workers, scheduler, batch_size)
    for message in report.failures:
        console.print(f"[red]error:[/red] {message}", highlight=False, markup=True)
    done = ", ".join(f"{name} {count}" for name, count in report.processed.items())
    console.print(f"analysed: {done or 'nothing to do'}")
    if report.failures:
        raise typer.Exit(1)


@app.command()
def stages() -> None:
    """List the registered pipeline stages in the order they run."""
    for stage in pipeline.registered():
        kind = "document" if isinstance(stage, pipeline.DocumentStage) else "corpus"
        requires = ", ".join(stage.requires) or "-"
        typer.echo(f"{stage.name:<14} v{stage.version}  {kind:<8}  requires: {requires}  "
                   f"{stage.description}")


@app.command("export")
def export_command(
    kind: Annotated[str, typer.Argument(help="documents, mentions, claims, stories, lineage, "
                                             "flags, slots, ... (rows); stix, geojson (one file).")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="jsonl or csv (rows).")] = "jsonl",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File (default: stdout).")] = None,
    db: DbOption = None,
) -> None:
    """Export records with stable ids as JSON lines or CSV, or a STIX / GeoJSON document."""
    import json

    import veille.export.registry  # noqa: F401  (registers exporters)
    from veille.export import DOCUMENT_EXPORTERS, EXPORTERS
    from veille.export.writer import write_rows

    known = sorted([*EXPORTERS, *DOCUMENT_EXPORTERS])
    if kind not in known:
        fail(f"unknown export kind '{kind}' (known: {', '.join(known)})")
    if fmt not in ("jsonl", "csv"):
        fail(f"unknown format '{fmt}' (use jsonl or csv)")
    if kind in DOCUMENT_EXPORTERS and fmt == "csv":
        fail(f"'{kind}' is one JSON document; --format csv does not apply")
    store = open_or_fail(db)
    handle = sys.stdout if output is None else output.open("w", encoding="utf-8", newline="")
    try:
        if kind in DOCUMENT_EXPORTERS:
            json.dump(DOCUMENT_EXPORTERS[kind](store), handle, ensure_ascii=False, indent=1)
            handle.write("\n")
            console.print(f"exported {kind}")
        else:
            count = write_rows(EXPORTERS[kind](store), handle, fmt)
            console.print(f"exported {count} {kind}")
    finally:
        if output is not None:
            handle.close()


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Full-text query (words, \"phrases\").")],
    limit: Annotated[int, typer.Option(help="Maximum number of results.")] = 20,
    db: DbOption = None,
) -> None:
    """Full-text search over the stored documents."""
    from veille.store.search import search_documents

    store = open_or_fail(db)
    with store.session() as session:
        for hit in search_documents(session, query, limit=limit):
            typer.echo(f"{hit.external_id}\t{hit.language or '-'}\t{hit.title or ''}\n"
                       f"    {hit.snippet}")


@app.command()
def demo(
    db: Annotated[str, typer.Option("--db", help="Database URL for the demo.")] = "sqlite:///veille-demo.db",
    out: Annotated[Path, typer.Option(help="Folder for the HTML report.")] = Path("veille-report"),
) -> None:
    """Ingest the bundled demo corpus, analyse it, and write an offline HTML report."""
    from veille.demo import CORPUS_DIR
    from veille.ingest.service import ingest_paths
    from veille.report.overview import write_overview

    store = open_or_fail(db)
    summary = ingest_paths(store, [CORPUS_DIR], on_error=lambda m: console.print(f"error: {m}"))
    console.print(f"demo corpus: {summary.added} new, {summary.unchanged} unchanged")
    report = run_analysis(store)
    for message in report.failures:
        console.print(f"[red]error:[/red] {message}", highlight=False, markup=True)
    path = write_overview(store, out)
    console.print(f"report written to {path}")
    if summary.failed or report.failures:
        raise typer.Exit(1)
