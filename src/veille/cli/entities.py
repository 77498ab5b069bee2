"""`veille entities` lists entities; `veille entity show|merge|unmerge|merges` reviews them."""

from __future__ import annotations

import os
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Column, Table

from veille.cli.app import DbOption, app, fail, open_or_fail
from veille.store import documents as document_queries
from veille.store import entities as queries

entity_app = typer.Typer(help="Review entities: show one, merge two, undo a merge.",
                         no_args_is_help=True)
app.add_typer(entity_app, name="entity")
stdout = Console()



@app.command("entities")
def entities_command(
    type: Annotated[str | None, typer.Option("--type", help="PER, ORG, LOC, COUNTRY, FACILITY, WEAPON.")] = None,
    q: Annotated[str | None, typer.Option("--q", help="Substring of a name or alias.")] = None,
    limit: Annotated[int, typer.Option(help="Show at most this many.")] = 100,
    db: DbOption = None,
) -> None:
    """List entities with their mention counts, most mentioned first."""
    store = open_or_fail(db)
    with store.session() as session:
        rows = queries.list_entities(session, type=type, query=q, limit=limit)
        table = Table("type", "name", "gazetteer", "wikidata", "mentions", "aliases")
        table.columns.insert(0, Column("entity", no_wrap=True))
        for row in rows:
            entity = row.entity
            table.add_row(entity.id, entity.type, entity.name, entity.gazetteer_key or "unknown",
                          entity.wikidata or "", str(row.mentions), str(row.aliases))
    stdout.print(table)


@entity_app.command("show")
def show_command(
    reference: Annotated[str, typer.Argument(help="Entity id, gazetteer key or exact name.")],
    db: DbOption = None,
) -> None:
    """An entity and every written form of it, with the document that first gave each."""
    store = open_or_fail(db)
    with store.session() as session:
        entity = queries.find_entity(session, reference)
        if entity is None:
            fail(f"no entity '{reference}' (give an id, a gazetteer key or an exact name)")
            return
        doc_ids = document_queries.external_ids(session)
        where = f" at {entity.latitude:.4f}, {entity.longitude:.4f}" if entity.latitude is not None else ""
        merged = f" (merged into {entity.merged_into})" if entity.merged_into else ""
        stdout.print(f"{entity.id}  {entity.type}  {entity.name}{merged}  "
                     f"gazetteer={entity.gazetteer_key or '-'} wikidata={entity.wikidata or '-'}{where}",
                     highlight=False, markup=False)
        table = Table("alias", "script", "origin", "doc_id", "score")
        for alias in queries.aliases_of(session, entity.id):
            table.add_row(alias.text, alias.script or "", alias.origin,
                          doc_ids.get(alias.document_id or "", ""),
                          "" if alias.score is None else f"{alias.score:.2f}")
    stdout.print(table)


@entity_app.command("merge")
def merge_command(
    source: Annotated[str, typer.Argument(help="The entity that is a duplicate (id or key).")],
    target: Annotated[str, typer.Argument(help="The entity it is the same as (id or key).")],
    reason: Annotated[str | None, typer.Option(help="Why they are the same.")] = None,
    by: Annotated[str | None, typer.Option("--by", help="Who decides (default: $USER).")] = None,
    db: DbOption = None,
) -> None:
    """Record that SOURCE is TARGET; its mentions then count for TARGET. Undo with unmerge."""
    store = open_or_fail(db)
    try:
        with store.session() as session:
            found = [queries.find_entity(session, reference) for reference in (source, target)]
            for reference, entity in zip((source, target), found, strict=True):
                if entity is None:
                    fail(f"no entity '{reference}' (give an id, a gazetteer key or an exact name)")
            merge = queries.merge_entities(session, found[0].id, found[1].id,  # type: ignore[union-attr]
                                           decided_by=by or os.environ.get("USER") or "analyst",
                                           reason=reason)
            typer.echo(f"merge {merge.id}: {merge.source_entity_id} -> {merge.target_entity_id}")
    except queries.EntityStoreError as error:
        fail(str(error))


@entity_app.command("unmerge")
def unmerge_command(
    merge_id: Annotated[int, typer.Argument(help="The merge number printed by `merge`.")],
    db: DbOption = None,
) -> None:
    """Undo a merge; the record of it stays, stamped with the time it was undone."""
    store = open_or_fail(db)
    try:
        with store.session() as session:
            merge = queries.undo_merge(session, merge_id)
            typer.echo(f"merge {merge.id} undone: {merge.source_entity_id} stands on its own")
    except queries.EntityStoreError as error:
        fail(str(error))


@entity_app.command("merges")
def merges_command(
    all_: Annotated[bool, typer.Option("--all", help="Include undone merges.")] = False,
    db: DbOption = None,
) -> None:
    """List merges (the active ones, or all with --all)."""
    store = open_or_fail(db)
    with store.session() as session:
        table = Table("merge", Column("source", no_wrap=True), Column("target", no_wrap=True),
                      "by", "when", "undone", "reason")
        for merge in queries.list_merges(session, include_undone=all_):
            table.add_row(str(merge.id), merge.source_entity_id, merge.target_entity_id,
                          merge.decided_by, f"{merge.created_at:%Y-%m-%d %H:%M}",
                          f"{merge.undone_at:%Y-%m-%d %H:%M}" if merge.undone_at else "",
                          merge.reason or "")
    stdout.print(table)
