"""`veille evidence ...`: the physical-evidence register (items, custody, markings, readings,
components, links), its verification, import and export."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.orm import Session

from veille.cli.app import DbOption, app, console, fail, open_or_fail
from veille.evidence.register import EvidenceError
from veille.store import Store

evidence_app = typer.Typer(name="evidence", no_args_is_help=True,
                           help="Physical evidence: debris, markings, components, custody.")
app.add_typer(evidence_app)

FilesDirOption = Annotated[
    Path | None,
    typer.Option("--files-dir", help="Where evidence files are kept (default: $VEILLE_EVIDENCE_DIR "
                                     "or veille-evidence/ beside the database)."),
]


def _say(message: str) -> None:
    print(message, flush=True)


def _warn(message: str) -> None:
    console.print(f"warning: {message}", markup=False, highlight=False)


@contextmanager
def _session(db: str | None) -> Iterator[tuple[Store, Session]]:
    """A store and a session; evidence errors become one-line messages and a non-zero exit."""
    store = open_or_fail(db)
    try:
        with store.session() as session:
            yield store, session
    except EvidenceError as error:
        fail(str(error))
    finally:
        store.close()


def _files(store: Store, files_dir: Path | None):  # type: ignore[no-untyped-def]
    from veille.evidence.files import FileStore, default_files_dir

    return FileStore(files_dir or default_files_dir(store.url))


def _new(new: bool) -> str:
    return "added" if new else "already in the register"


@evidence_app.command("add")
def add(
    label: Annotated[str, typer.Argument(help="A unique label, e.g. KHA-2024-0001.")],
    recovered_by: Annotated[str, typer.Option("--by", help="Organisation that recovered it.")],
    kind: Annotated[str, typer.Option(help="debris, photograph, document, video, sample, other.")]
    = "debris",
    place: Annotated[str | None, typer.Option(help="Place name.")] = None,
    lat: Annotated[float | None, typer.Option(help="Latitude (WGS 84).")] = None,
    lon: Annotated[float | None, typer.Option(help="Longitude (WGS 84).")] = None,
    date: Annotated[str | None, typer.Option(help="Date recovered, YYYY-MM-DD.")] = None,
    description: Annotated[str | None, typer.Option(help="What the item is.")] = None,
    file: Annotated[list[Path] | None, typer.Option("--file", help="Attach a file (repeat).")]
    = None,
    files_dir: FilesDirOption = None,
    db: DbOption = None,
) -> None:
    """Register an item: where and when it was found, who recovered it, its files."""
    from veille.evidence.items import add_item, attach_file

    with _session(db) as (store, session):
        added = add_item(session, label=label, kind=kind, recovered_by=recovered_by,
                         found_on=date, place=place, lat=lat, lon=lon, description=description)
        _say(f"item {added.id} {_new(added.new)}")
        for path in file or ():
            stored = attach_file(session, _files(store, files_dir), added.id, path)
            _say(f"file {path.name}: {stored.id} {_new(stored.new)}")


@evidence_app.command("file")
def attach(
    item: Annotated[str, typer.Argument(help="Item label or id.")],
    paths: Annotated[list[Path], typer.Argument(help="Files to attach.")],
    files_dir: FilesDirOption = None,
    db: DbOption = None,
) -> None:
    """Attach files to an item (stored by SHA-256, with EXIF position and time read)."""
    from veille.evidence.items import attach_file

    with _session(db) as (store, session):
        for path in paths:
            stored = attach_file(session, _files(store, files_dir), item, path)
            _say(f"file {path.name}: {stored.id} {_new(stored.new)}")


@evidence_app.command("custody")
def custody(
    item: Annotated[str, typer.Argument(help="Item label or id.")],
    giver: Annotated[str, typer.Option("--from", help="Who hands the item over.")],
    receiver: Annotated[str, typer.Option("--to", help="Who receives it.")],
    date: Annotated[str, typer.Option(help="Date of the handover, YYYY-MM-DD.")],
    note: Annotated[str | None, typer.Option(help="Free note.")] = None,
    db: DbOption = None,
) -> None:
    """Record a handover; it must come from whoever holds the item, after the last one."""
    from veille.evidence.items import add_custody

    with _session(db) as (_, session):
        added = add_custody(session, item, giver, receiver, date, note)
        _say(f"custody event {added.id} {_new(added.new)}")


@evidence_app.command("mark")
def mark(
    item: Annotated[str, typer.Argument(help="Item label or id.")],
    text: Annotated[str, typer.Option(help="The marking as transcribed.")],
    script: Annotated[str | None, typer.Option(help="latin, hangul, cyrillic, han, arabic, "
                                                    "digits (detected when left out).")] = None,
    language: Annotated[str | None, typer.Option(help="ISO 639 code, e.g. ko.")] = None,
    location: Annotated[str | None, typer.Option(help="Where on the item.")] = None,
    note: Annotated[str | None, typer.Option(help="Free note.")] = None,
    db: DbOption = None,
) -> None:
    """Record a marking; the interpreters propose readings of it at once."""
    from veille.evidence.markings import add_marking
    from veille.store import evidence as queries

    with _session(db) as (_, session):
        added = add_marking(session, item, text, script, language, location, note)
        _say(f"marking {added.id} {_new(added.new)}; readings:")
        for reading in queries.readings_for_subject(session, added.id):
            _say(f"  {reading.id}  {reading.label}  (score {reading.score:.2f})")


@evidence_app.command("decide")
def decide_command(
    reading: Annotated[str, typer.Argument(help="Id of the reading that holds.")],
    why: Annotated[str, typer.Option(help="Why this reading holds.")],
    by: Annotated[str, typer.Option(help="Who decides.")] = "analyst",
    db: DbOption = None,
) -> None:
    """Record which reading holds, and why; supersedes an earlier decision on the same marking."""
    from veille.evidence.decisions import decide

    with _session(db) as (_, session):
        decision = decide(session, reading, why, by)
        superseded = f", superseding {decision.supersedes}" if decision.supersedes else ""
        _say(f"decision {decision.id} recorded{superseded}")


@evidence_app.command("component")
def component(
    item: Annotated[str, typer.Argument(help="Item label or id.")],
    part: Annotated[str, typer.Option(help="Part number as marked.")],
    maker: Annotated[str | None, typer.Option(help="Maker name or alias (inferred from the part "
                                                   "number when left out).")] = None,
    date_code: Annotated[str | None, typer.Option("--date-code", help="Date code as marked.")]
    = None,
    date_format: Annotated[str | None, typer.Option("--date-format", help="Force one date-code "
                                                    "format, e.g. YYWW.")] = None,
    designator: Annotated[str | None, typer.Option(help="Board position, e.g. U3.")] = None,
    db: DbOption = None,
) -> None:
    """Record a component: its maker (from the gazetteer) and the dates its date code means."""
    from veille.evidence.parts import add_component
    from veille.store import evidence as queries

    with _session(db) as (_, session):
        added = add_component(session, item, part, maker, date_code, designator, date_format)
        _say(f"component {added.id} {_new(added.new)}")
        for reason in added.reasons:
            _say(f"  {reason}")
        for reading in queries.readings_for_subject(session, added.id):
            _say(f"  {reading.id}  {reading.label}  (score {reading.score:.2f})")


@evidence_app.command("link")
def link(
    item: Annotated[str, typer.Argument(help="Item label or id.")],
    slot: Annotated[str | None, typer.Option(help="Claim slot id.")] = None,
    claim: Annotated[str | None, typer.Option(help="Claim id.")] = None,
    entity: Annotated[str | None, typer.Option(help="Entity id, gazetteer key or name.")] = None,
    supports: Annotated[bool, typer.Option("--supports", help="The item supports it.")] = False,
    contradicts: Annotated[bool, typer.Option("--contradicts", help="The item contradicts it.")]
    = False,
    note: Annotated[str | None, typer.Option(help="Why.")] = None,
    db: DbOption = None,
) -> None:
    """Link an item to a slot or claim it supports or contradicts, or to an entity."""
    from veille.evidence.links import add_link

    targets = [(kind, value) for kind, value in (("slot", slot), ("claim", claim),
                                                 ("entity", entity)) if value]
    if len(targets) != 1:
        fail("give exactly one of --slot, --claim, --entity")
    if supports and contradicts:
        fail("give --supports or --contradicts, not both")
    stance = "supports" if supports else "contradicts" if contradicts else None
    with _session(db) as (_, session):
        added = add_link(session, item, targets[0][0], targets[0][1], stance, note)
        _say(f"link {added.id} {_new(added.new)}")
        for warning in added.warnings:
            _warn(warning)


@evidence_app.command("show")
def show(
    item: Annotated[str, typer.Argument(help="Item label or id.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")] = False,
    db: DbOption = None,
) -> None:
    """Everything about an item: custody, files, markings and readings, components, dating."""
    from veille.evidence.items import require_item
    from veille.evidence.publish import item_record
    from veille.evidence.report import describe

    with _session(db) as (_, session):
        found = require_item(session, item)
        if as_json:
            print(json.dumps(item_record(session, found), ensure_ascii=False, indent=2))
        else:
            print("\n".join(describe(session, found)))


@evidence_app.command("list")
def list_items(db: DbOption = None) -> None:
    """One line per registered item."""
    from veille.store import evidence as queries

    with _session(db) as (_, session):
        for found in queries.all_items(session):
            print(f"{found.label}\t{found.kind}\t{found.found_on or ''}\t"
                  f"{found.place_name or ''}\t{found.holder}")


@evidence_app.command("verify")
def verify(
    expect_head: Annotated[str | None, typer.Option("--expect-head", help="Head hash noted "
                                                    "earlier: catches records cut off the end.")]
    = None,
    from_file: Annotated[Path | None, typer.Option("--file", help="Verify an exported JSONL "
                                                   "chain instead of the store.")] = None,
    files_dir: FilesDirOption = None,
    db: DbOption = None,
) -> None:
    """Check the hash chain and every stored file; names the first record that fails."""
    from veille.evidence.audit import audit
    from veille.evidence.register import verify_chain

    if from_file is not None:
        try:
            lines = from_file.read_text(encoding="utf-8").splitlines()
            records = [json.loads(line) for line in lines if line.strip()]
            report = verify_chain(records, expect_head)
        except (OSError, ValueError, KeyError, TypeError) as error:
            fail(f"{from_file}: cannot read the chain ({error})")
            return
        problems, summary = report.problems, f"{report.records} records"
        head = report.head
    else:
        with _session(db) as (store, session):
            result = audit(session, _files(store, files_dir), expect_head)
        problems, head = result.problems, result.chain.head
        summary = f"{result.chain.records} records, {result.files_checked} files"
    for problem in problems:
        _say(f"FAIL {problem}")
    if problems:
        fail(f"register does not verify: {len(problems)} problem(s); first: {problems[0]}")
    _say(f"register verifies: {summary}; head {head}")


@evidence_app.command("import")
def import_command(
    path: Annotated[Path, typer.Argument(help="Register file, .csv or .json.")],
    files_dir: FilesDirOption = None,
    db: DbOption = None,
) -> None:
    """Import a register; bad rows are reported one line each and the rest goes on."""
    from veille.evidence.importer import import_register

    with _session(db) as (store, session):
        report = import_register(session, path, _files(store, files_dir))
    for warning in report.warnings:
        _warn(warning)
    for error in report.errors:
        console.print(f"[red]error:[/red] {error}", markup=True, highlight=False)
    added = ", ".join(f"{count} {kind}" for kind, count in sorted(report.added.items()))
    _say(f"imported: {added or 'nothing new'}; {report.unchanged} unchanged, "
         f"{len(report.errors)} rejected")
    if report.errors:
        raise typer.Exit(1)


@evidence_app.command("demo")
def demo(files_dir: FilesDirOption = None, db: DbOption = None) -> None:
    """Import the bundled demonstration register (invented records around the seed case)."""
    import_command(Path(__file__).resolve().parents[1] / "evidence" / "demo" / "register.json",
                   files_dir, db)


@evidence_app.command("export")
def export(
    fmt: Annotated[str, typer.Option("--format", help="jsonl (the chain) or csv (register "
                                                      "rows that import reads back).")] = "jsonl",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File (default stdout).")]
    = None,
    db: DbOption = None,
) -> None:
    """Export the register: the hash chain as JSON lines, or the current state as CSV."""
    from veille.evidence.export import chain_rows, register_rows
    from veille.export.writer import write_rows

    if fmt not in ("jsonl", "csv"):
        fail(f"unknown format '{fmt}' (use jsonl or csv)")
    with _session(db) as (_, session):
        rows = chain_rows(session) if fmt == "jsonl" else register_rows(session)
        if output is None:
            count = write_rows(rows, sys.stdout, fmt)
        else:
            with output.open("w", encoding="utf-8", newline="") as handle:
                count = write_rows(rows, handle, fmt)
    _say(f"exported {count} rows")


@evidence_app.command("rebuild")
def rebuild(db: DbOption = None) -> None:
    """Rebuild the evidence tables by replaying the register (the chain is the truth)."""
    from veille.store import evidence as queries

    with _session(db) as (_, session):
        count = queries.rebuild_views(session)
    _say(f"replayed {count} records")
