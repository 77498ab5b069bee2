"""The claim ledger: slots with their grades, and each version held against the origin."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import RedirectResponse

from veille.store import workspace
from veille.store.decisions import DecisionError, decide_flag
from veille.web.diff import field_differences, word_diff
from veille.web.rendering import PAGE_SIZE, render
from veille.web.routes.params import offset_of
from veille.web.security import Viewer, check_csrf, require, safe_next, viewer

router = APIRouter()


@router.get("/ledger")
def ledger(request: Request, who: Annotated[Viewer, Depends(viewer)],  # type: ignore[no-untyped-def]
           story: str = "", prop: Annotated[str, Query(alias="property")] = "",
           subject: str = "", offset: Annotated[int | None, Query()] = None):
    with request.app.state.store.session() as session:
        page = workspace.slot_page(session, limit=PAGE_SIZE, offset=offset_of(offset),
                                   story_id=story or None, prop=prop or None,
                                   subject=subject or None)
        return render(request, "ledger.html", page=page, story=story, prop=prop,
                      subject=subject, properties=workspace.slot_properties(session))


def _fields(version: workspace.ClaimVersion) -> dict[str, object]:
    claim = version.claim
    return {"value": claim.value, "unit": claim.unit, "modality": claim.modality,
            "reference": claim.reference, "attribution": claim.attribution}


def comparison(view: workspace.SlotView) -> list[dict[str, object]]:
    """Each version beside the origin: word diff within a language, field diff across."""
    rows = []
    origin = view.origin
    for version in view.versions.rows:
        row: dict[str, object] = {"version": version, "same_language": False,
                                  "origin_pieces": [], "version_pieces": [],
                                  "differs": [], "is_origin": False}
        if origin is not None:
            row["is_origin"] = version.claim.id == origin.claim.id
            row["differs"] = field_differences(_fields(origin), _fields(version))
            if origin.language == version.language:
                row["same_language"] = True
                row["origin_pieces"], row["version_pieces"] = word_diff(origin.claim.quote,
                                                                        version.claim.quote)
        rows.append(row)
    return rows


@router.get("/ledger/{slot_id}")
def slot(request: Request, slot_id: str,  # type: ignore[no-untyped-def]
         who: Annotated[Viewer, Depends(viewer)],
         offset: Annotated[int | None, Query()] = None):
    with request.app.state.store.session() as session:
        view = workspace.slot_view(session, slot_id, limit=PAGE_SIZE, offset=offset_of(offset))
        if view is None:
            raise HTTPException(404, f"no slot '{slot_id}'")
        return render(request, "slot.html", view=view, rows=comparison(view))


@router.post("/flags/{flag_id}/decision", dependencies=[Depends(check_csrf)])
def flag_decision(request: Request, flag_id: str,  # type: ignore[no-untyped-def]
                  who: Annotated[Viewer, Depends(require("analyst"))],
                  status: Annotated[str, Form()], back: Annotated[str, Form()] = "/"):
    with request.app.state.store.session() as session:
        try:
            decide_flag(session, flag_id, status, who.name)
        except DecisionError as error:
            raise HTTPException(400, str(error)) from None
    return RedirectResponse(safe_next(back), status_code=303)
