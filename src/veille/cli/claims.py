"""`veille claims`: list extracted claims in a table."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from veille.cli.app import DbOption, app, fail, open_or_fail
from veille.extract.modality import MODALITIES
from veille.store import claims as claim_queries
from veille.store import documents as document_queries


def _value_text(value: dict[str, Any] | None) -> str:
    if not value:
        return ""
    if value.get("entity_id") is not None or "low" not in value:
        scope = f" ({value['scope']})" if value.get("scope") else ""
        return f"{value.get('text', '')}{scope}"
    low, high = value.get("low"), value.get("high")
    number = f"{low:g}" if low == high and low is not None else f"{low:g}–{high:g}" \
        if low is not None and high is not None else str(value.get("text", ""))
    bound = value.get("bound")
    return f"{bound} {number}" if bound and bound != "=" else number


def _chain_text(chain: list[dict[str, Any]] | None) -> str:
    return " → ".join(str(link.get("name")) for link in chain or ())


@app.command("claims")
def claims_command(
    doc: Annotated[str | None, typer.Option("--doc", help="Only this document (doc_id).")] = None,
    prop: Annotated[str | None, typer.Option("--property", help="Only this property.")] = None,
    modality: Annotated[str | None, typer.Option(
        "--modality", help="Only this modality (denied: what a source says is not so).")] = None,
    db: DbOption = None,
) -> None:
    """List claims: subject, property, value, modality and who asserts them."""
    if modality is not None and modality not in MODALITIES:
        fail(f"--modality {modality!r}: one of {', '.join(MODALITIES)}")
        return
    store = open_or_fail(db)
    with store.session() as session:
        document_id = None
        if doc is not None:
            document = document_queries.resolve_document(session, doc)
            if document is None:
                fail(f"no document with doc_id {doc!r}")
                return
            document_id = document.id
        claims = claim_queries.list_claims(session, document_id, prop, modality)
        table = Table("claim", "subject", "property", "value", "unit", "reference", "modality",
                      "attribution", "quote", show_lines=False)
        for claim in claims:
            how = claim.modality + (f" ({claim.estimative_level})"
                                    if claim.estimative_level else "")
            cells = (claim.id, claim.subject, claim.property, _value_text(claim.value),
                     claim.unit or "", claim.reference or "", how,
                     _chain_text(claim.attribution), claim.quote[:120])
            table.add_row(*(Text(cell) for cell in cells))  # ingested text is never markup
    Console().print(table)
    if not claims:
        Console(stderr=True).print("no claims (run `veille analyze` first?)")
