"""`/documents/{doc_id}`: the text with its mentions, claims and flags highlighted."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request

from veille.store import workspace
from veille.web.highlight import MAX_CHARACTERS, Span, segments
from veille.web.rendering import claim_value_text, render
from veille.web.security import Viewer, viewer

router = APIRouter()


def spans_of(view: workspace.DocumentView) -> list[Span]:
    spans = []
    for mention in view.mentions:
        linked = view.entity_names.get(mention.entity_id or "")
        note = f"{mention.label}: {mention.text}" + (f" → {linked}" if linked else "")
        spans.append(Span(mention.start, mention.end, f"m m-{mention.label}", note))
    for citation in view.citations:
        spans.append(Span(citation.start, citation.end, "cite", f"cites {citation.name}"))
    for claim in view.claims:
        spans.append(Span(claim.start, claim.end, "claim",
                          f"claim: {claim.subject} · {claim.property} = "
                          f"{claim_value_text(claim.value, claim.unit)} ({claim.modality})",
                          f"claim-{claim.id}"))
    for flag in view.flags:
        spans.append(Span(flag.start, flag.end, "flag", f"flag {flag.kind}: {flag.reason}",
                          f"flag-{flag.id}"))
    return spans


@router.get("/documents/{doc_id}")
def document(request: Request, doc_id: str,  # type: ignore[no-untyped-def]
             who: Annotated[Viewer, Depends(viewer)]):
    with request.app.state.store.session() as session:
        view = workspace.document_view(session, doc_id)
        if view is None:
            raise HTTPException(404, f"no document '{doc_id}'")
        return render(request, "document.html", view=view,
                      segments=segments(view.document.text, spans_of(view)),
                      truncated=len(view.document.text) > MAX_CHARACTERS,
                      labels=sorted({m.label for m in view.mentions}))
