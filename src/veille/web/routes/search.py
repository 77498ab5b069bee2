"""`/search`: full-text search with filters; without words, the newest documents."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from veille.store import workspace
from veille.store.search import search_documents
from veille.web.rendering import PAGE_SIZE, render
from veille.web.routes.params import date_of, offset_of
from veille.web.security import Viewer, viewer

router = APIRouter()


def _as_datetime(value: datetime | str | None) -> datetime | None:
    """SQLite hands back raw-SQL timestamps as text."""
    return datetime.fromisoformat(value) if isinstance(value, str) else value


def run_search(session, q: str, filters: dict, offset: int) -> dict:  # type: ignore[no-untyped-def,type-arg]
    """Hits (or newest documents) and the pager numbers; shared with the JSON API."""
    since, until = date_of(filters["since"], "since"), date_of(filters["until"], "until")
    options = {"language": filters["language"] or None, "story_id": filters["story"] or None,
                   "source_id": filters["source"] or None, "entity_id": filters["entity"] or None,
                   "since": since, "until": until}
    if q.strip():
        # one more than a page tells whether a next page exists without counting every match
        hits = search_documents(session, q, limit=PAGE_SIZE + 1, offset=offset, **options)
        rows = [{"id": h.id, "external_id": h.external_id, "title": h.title,
                 "language": h.language, "published": _as_datetime(h.published),
                 "snippet": h.snippet} for h in hits[:PAGE_SIZE]]
        return {"rows": rows, "has_next": len(hits) > PAGE_SIZE, "total": None}
    page = workspace.document_page(session, limit=PAGE_SIZE, offset=offset, **options)
    return {"rows": page.rows, "has_next": page.has_next, "total": page.total}


@router.get("/search")
def search(request: Request, who: Annotated[Viewer, Depends(viewer)],  # type: ignore[no-untyped-def]
           q: str = "", language: str = "", story: str = "", source: str = "",
           entity: str = "", since: str = "", until: str = "",
           offset: Annotated[int | None, Query()] = None):
    filters = {"language": language, "story": story, "source": source, "entity": entity,
                   "since": since, "until": until}
    start = offset_of(offset)
    with request.app.state.store.session() as session:
        result = run_search(session, q, filters, start)
        return render(request, "search.html", q=q, filters=filters, offset=start,
                      page_size=PAGE_SIZE, result=result,
                      languages=workspace.languages(session),
                      sources=workspace.sources(session))
