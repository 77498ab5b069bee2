"""`veille stories` and `veille lineage DOC_ID`: stories with their origins, copy trees."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from veille.cli.app import DbOption, app, fail, open_or_fail
from veille.store import documents as document_queries
from veille.store import stories as story_queries


@app.command("stories")
def stories_command(db: DbOption = None) -> None:
    """List stories: size, dates, origin documents, languages and cited primary sources."""
    store = open_or_fail(db)
    with store.session() as session:
        summaries = story_queries.story_summaries(session)
    table = Table("story", "size", "first", "last", "origin", "origins", "languages", "cites",
                  "title")
    for story in summaries:
        table.add_row(
            story.id, str(story.size),
            story.first_published.date().isoformat() if story.first_published else "",
            story.last_published.date().isoformat() if story.last_published else "",
            story.origin or "", str(len(story.origins)), ",".join(story.languages),
            Text(", ".join(story.cited[:4])), Text(story.title or ""),
        )
    Console().print(table)


def _evidence_text(evidence: list[Any]) -> str:
    for item in evidence:
        if isinstance(item, dict) and item.get("text"):
            return f"“{str(item['text'])[:100]}”"
    for item in evidence:
        if isinstance(item, dict) and item.get("kind") == "signals":
            shared = [value for key, values in item.items() if key != "kind" for value in values]
            return "shared: " + ", ".join(map(str, shared[:8]))
    return ""


@app.command("lineage")
def lineage_command(
    doc_id: Annotated[str, typer.Argument(help="The document (doc_id) whose story to trace.")],
    db: DbOption = None,
) -> None:
    """Print the copy tree of a document's story: who copies whom, how, and the evidence."""
    store = open_or_fail(db)
    with store.session() as session:
        document = document_queries.resolve_document(session, doc_id)
        if document is None:
            fail(f"no document with doc_id {doc_id!r}")
            return
        if document.story_id is None:
            fail(f"document {doc_id!r} has no story yet: run `veille analyze` first")
            return
        external = story_queries.story_documents(session, document.story_id)
        edges = list(story_queries.edge_rows(session, list(external)))
    children: dict[str, list[story_queries.EdgeRow]] = {}
    has_parent = set()
    for edge in edges:
        children.setdefault(edge.source, []).append(edge)
        has_parent.add(edge.target)
    tree = Tree(Text(f"story {document.story_id}"))
    focus = document.external_id

    def label(doc: str) -> Text:
        return Text(doc, style="bold" if doc == focus else "")

    def grow(node: Tree, doc: str, seen: set[str]) -> None:
        for edge in sorted(children.get(doc, []), key=lambda e: e.target):
            if edge.target in seen:
                continue
            line = label(edge.target)
            line.append(f"  {edge.kind} {edge.score:.2f} ({edge.direction_from}) ")
            line.append(_evidence_text(edge.evidence))
            grow(node.add(line), edge.target, seen | {edge.target})

    for root in sorted(set(external.values()) - has_parent):
        grow(tree.add(label(root)), root, {root})
    Console().print(tree)
