"""The landing page (what the store holds) and the sources table with reliability grades."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from veille.store import workspace
from veille.web.rendering import PAGE_SIZE, render
from veille.web.routes.params import offset_of
from veille.web.security import Viewer, viewer

router = APIRouter()


@router.get("/")
def home(request: Request, who: Annotated[Viewer, Depends(viewer)]):  # type: ignore[no-untyped-def]
    with request.app.state.store.session() as session:
        return render(request, "home.html", counts=workspace.counts(session),
                      languages=workspace.languages(session),
                      stories=workspace.story_page(session, limit=10, offset=0))


@router.get("/sources")
def sources(request: Request, who: Annotated[Viewer, Depends(viewer)],  # type: ignore[no-untyped-def]
            offset: Annotated[int | None, Query()] = None):
    with request.app.state.store.session() as session:
        page = workspace.source_page(session, limit=PAGE_SIZE * 2, offset=offset_of(offset))
        return render(request, "sources.html", page=page)
