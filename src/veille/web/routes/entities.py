"""`/entities`: the gazetteer as found in the corpus; merge and split are analyst decisions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import RedirectResponse

from veille.store import workspace
from veille.store.decisions import DecisionError, merge_entities, split_entity
from veille.web.rendering import PAGE_SIZE, render
from veille.web.routes.params import offset_of
from veille.web.security import Viewer, check_csrf, require, viewer

router = APIRouter()


@router.get("/entities")
def entities(request: Request, who: Annotated[Viewer, Depends(viewer)],  # type: ignore[no-untyped-def]
             q: str = "", type: str = "", offset: Annotated[int | None, Query()] = None):
    with request.app.state.store.session() as session:
        page = workspace.entity_page(session, limit=PAGE_SIZE * 2, offset=offset_of(offset),
                                     query=q or None, kind=type or None)
        return render(request, "entities.html", page=page, q=q, kind=type,
                      types=workspace.entity_types(session))


@router.get("/entities/{entity_id}")
def entity(request: Request, entity_id: str,  # type: ignore[no-untyped-def]
           who: Annotated[Viewer, Depends(viewer)],
           offset: Annotated[int | None, Query()] = None):
    with request.app.state.store.session() as session:
        view = workspace.entity_view(session, entity_id, limit=PAGE_SIZE,
                                     offset=offset_of(offset))
        if view is None:
            raise HTTPException(404, f"no entity '{entity_id}'")
        family = [view.entity.id] + [e.id for e in view.family]
        events = workspace.timeline(session, limit=50, offset=0, entity_ids=family)
        peak = max((n for _, n in view.months), default=0)
        return render(request, "entity.html", view=view, events=events, peak=peak,
                      sample_size=workspace.ENTITY_SAMPLE)


@router.post("/entities/{entity_id}/merge", dependencies=[Depends(check_csrf)])
def merge(request: Request, entity_id: str,  # type: ignore[no-untyped-def]
          who: Annotated[Viewer, Depends(require("analyst"))],
          target: Annotated[str, Form()], reason: Annotated[str, Form()] = ""):
    """Merge this entity into `target` (an entity id)."""
    with request.app.state.store.session() as session:
        try:
            merge_entities(session, entity_id, target.strip(), who.name, reason or None)
        except DecisionError as error:
            raise HTTPException(400, str(error)) from None
    return RedirectResponse(f"/entities/{target.strip()}", status_code=303)


@router.post("/merges/{merge_id}/split", dependencies=[Depends(check_csrf)])
def split(request: Request, merge_id: int,  # type: ignore[no-untyped-def]
          who: Annotated[Viewer, Depends(require("analyst"))]):
    with request.app.state.store.session() as session:
        try:
            entry = split_entity(session, merge_id, who.name)
        except DecisionError as error:
            raise HTTPException(400, str(error)) from None
    return RedirectResponse(f"/entities/{(entry.before or {})['source']}", status_code=303)
