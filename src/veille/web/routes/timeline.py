"""`/timeline`: dated events across the store, a story, or an entity, newest first."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from veille.evidence.publish import evidence_timeline
from veille.store import workspace
from veille.web.rendering import PAGE_SIZE, render
from veille.web.routes.params import offset_of
from veille.web.security import Viewer, viewer

router = APIRouter()


@router.get("/timeline")
def timeline(request: Request, who: Annotated[Viewer, Depends(viewer)],  # type: ignore[no-untyped-def]
             story: str = "", entity: str = "", offset: Annotated[int | None, Query()] = None):
    start = offset_of(offset)
    with request.app.state.store.session() as session:
        family = workspace.merged_family(session, entity) if entity else None
        page = workspace.timeline(session, limit=PAGE_SIZE * 2, offset=start,
                                  story_id=story or None, entity_ids=family)
        evidence = evidence_timeline(session) if not story and not entity and start == 0 else []
        return render(request, "timeline.html", page=page, story=story, entity=entity,
                      evidence=list(reversed(evidence))[:100])
