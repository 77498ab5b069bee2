"""`/stories` and `/stories/{id}`: story list, lineage graph, origin and members."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request

from veille.store import workspace
from veille.web.lineage import layout
from veille.web.rendering import PAGE_SIZE, render
from veille.web.routes.params import offset_of
from veille.web.security import Viewer, viewer

router = APIRouter()


@router.get("/stories")
def stories(request: Request, who: Annotated[Viewer, Depends(viewer)],  # type: ignore[no-untyped-def]
            offset: Annotated[int | None, Query()] = None):
    with request.app.state.store.session() as session:
        page = workspace.story_page(session, limit=PAGE_SIZE, offset=offset_of(offset))
        return render(request, "stories.html", page=page)


@router.get("/stories/{story_id}")
def story(request: Request, story_id: str,  # type: ignore[no-untyped-def]
          who: Annotated[Viewer, Depends(viewer)],
          offset: Annotated[int | None, Query()] = None):
    with request.app.state.store.session() as session:
        view = workspace.story_view(session, story_id, limit=PAGE_SIZE * 2,
                                    offset=offset_of(offset))
        if view is None:
            raise HTTPException(404, f"no story '{story_id}'")
        graph = layout(view.graph_documents, view.edges, view.story.origin_document_id,
                       view.sources)
        return render(request, "story.html", view=view, graph=graph)
