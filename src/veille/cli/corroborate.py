"""`veille trace`, `veille flags`, `veille slots`: read the corroboration stage's results."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.tree import Tree

from veille.cli.app import DbOption, app, fail, open_or_fail
from veille.corroborate.trace import lineage_tree
from veille.store import corroboration as queries

output = Console(soft_wrap=True)



@app.command("trace")
def trace_command(
    claim_id: Annotated[str, typer.Argument(help="A claim id (clm_...).")],
    db: DbOption = None,
) -> None:
    """Print a claim's lineage tree: every version, its wording, language and flags."""
    with open_or_fail(db).session() as session:
        found = queries.trace(session, claim_id)
        if found is None:
            fail(f"no claim '{claim_id}'")
            return
        claim, slot, versions, lineage = found
        by_document: dict[str, list[queries.TraceVersion]] = {}
        for version in versions:
            by_document.setdefault(version.claim.document_id, []).append(version)
        order = [v.claim.document_id for v in sorted(
            versions, key=lambda v: (v.published is None, str(v.published or ""), v.doc_id))]
        title = (f"[bold]{escape(slot.subject)}[/bold] · {slot.property}"
                 + (f" · vs {escape(slot.reference)}" if slot.reference else "")
                 + f" · {slot.independent_origins} independent origin(s)"
                 + (f" · credibility {slot.credibility}" if slot.credibility else "")
                 if slot else f"{escape(claim.subject)} · {claim.property} (no slot)")
        tree = Tree(title)

        def add(branch: Tree, node: object) -> None:
            for version in node.versions:  # type: ignore[attr-defined]
                branch_label = _version_label(version, version.claim.id == claim_id)
                child = branch.add(branch_label)
                for flag in version.flags:
                    child.add(f"[red]{flag.kind}[/red] ({flag.status}): {escape(flag.reason)}")
            for sub in node.children:  # type: ignore[attr-defined]
                add(child if node.versions else branch, sub)  # type: ignore[attr-defined]

        for root in lineage_tree(by_document, lineage, order):
            add(tree, root)
        output.print(tree)


def _version_label(version: queries.TraceVersion, chosen: bool) -> str:
    claim = version.claim
    value = (claim.value or {}).get("text") or ""
    date = version.published.date().isoformat() if version.published else "undated"
    marker = "[bold yellow]▶[/bold yellow] " if chosen else ""
    quoted = " · quoted" if (claim.qualifiers or {}).get("quoted") else ""  # the speaker's words
    return (f"{marker}[cyan]{escape(version.doc_id)}[/cyan] ({escape(version.language or '?')}) "
            f"{date} {escape(version.outlet or '')} · {escape(str(value))} · {claim.modality}"
            f"{quoted}\n"
            f"  “{escape(claim.quote.strip()[:160])}”")


@app.command("flags")
def flags_command(
    kind: Annotated[str | None, typer.Option("--kind", help="Only this kind of flag.")] = None,
    doc: Annotated[str | None, typer.Option("--doc", help="Only this document (doc_id).")] = None,
    story: Annotated[str | None, typer.Option("--story", help="Only this story id.")] = None,
    status: Annotated[str | None, typer.Option("--status", help="open, accepted or rejected.")] = None,
    db: DbOption = None,
) -> None:
    """List distortion flags with the version each departs from and why."""
    from veille.corroborate.flags import KINDS

    if kind is not None and kind not in KINDS:
        fail(f"unknown flag kind '{kind}' (known: {', '.join(KINDS)})")
    with open_or_fail(db).session() as session:
        rows = queries.list_flags(session, kind=kind, document=doc, story=story, status=status)
        table = Table("flag", "doc_id", "span", "kind", "against", "status", "reason")
        for flag, doc_id, reference in rows:
            table.add_row(flag.id, doc_id, f"{flag.start}-{flag.end}", flag.kind,
                          reference or "-", flag.status, escape(flag.reason))
        output.print(table)
        output.print(f"{len(rows)} flag(s)")


@app.command("slots")
def slots_command(
    story: Annotated[str | None, typer.Option("--story", help="Only this story id.")] = None,
    db: DbOption = None,
) -> None:
    """List claim slots: the question, independent origins, primary source, credibility."""
    with open_or_fail(db).session() as session:
        slots = queries.list_slots(session, story=story)
        table = Table("slot", "story", "subject", "property", "reference", "origins",
                      "primary source", "credibility", "versions")
        for slot in slots:
            versions = len((slot.summary or {}).get("values") or ())
            table.add_row(slot.id, slot.story_id or "-", escape(slot.subject), slot.property,
                          escape(slot.reference or "-"), str(slot.independent_origins),
                          escape(slot.primary_source or "-"), str(slot.credibility or "-"),
                          str(versions))
        output.print(table)
        output.print(f"{len(slots)} slot(s)")
