"""`/api/...`: the same data as the pages, as JSON, for scripts and other tools."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request

from veille.export.geojson import feature_collection
from veille.store import workspace
from veille.web.routes.params import offset_of
from veille.web.routes.search import run_search
from veille.web.security import Viewer, viewer

router = APIRouter(prefix="/api")


def _date(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


@router.get("/stats")
def stats(request: Request, who: Annotated[Viewer, Depends(viewer)]) -> dict[str, Any]:
    with request.app.state.store.session() as session:
        return {"counts": workspace.counts(session),
                "languages": dict(workspace.languages(session))}


@router.get("/search")
def search(request: Request, who: Annotated[Viewer, Depends(viewer)], q: str = "",
           language: str = "", story: str = "", source: str = "", entity: str = "",
           since: str = "", until: str = "",
           offset: Annotated[int | None, Query()] = None) -> dict[str, Any]:
    filters = {"language": language, "story": story, "source": source, "entity": entity, "since": since,
                   "until": until}
    with request.app.state.store.session() as session:
        result = run_search(session, q, filters, offset_of(offset))
    return {"results": [{"doc_id": r["external_id"], "title": r["title"],
                         "language": r["language"], "published": _date(r["published"]),
                         "snippet": r.get("snippet")} for r in result["rows"]],
            "has_next": result["has_next"], "total": result["total"]}


@router.get("/documents/{doc_id}")
def document(request: Request, doc_id: str,
             who: Annotated[Viewer, Depends(viewer)]) -> dict[str, Any]:
    with request.app.state.store.session() as session:
        view = workspace.document_view(session, doc_id)
        if view is None:
            raise HTTPException(404, f"no document '{doc_id}'")
        d = view.document
        return {
            "doc_id": d.external_id, "title": d.title, "language": d.language,
            "published": _date(d.published), "source": view.source.name if view.source else None,
            "story_id": d.story_id, "url": d.url, "text": d.text,
            "mentions": [{"start": m.start, "end": m.end, "text": m.text, "label": m.label,
                          "entity_id": m.entity_id} for m in view.mentions],
            "claims": [{"id": c.id, "start": c.start, "end": c.end, "subject": c.subject,
                        "property": c.property, "value": c.value, "unit": c.unit,
                        "modality": c.modality, "slot_id": c.slot_id} for c in view.claims],
            "flags": [{"id": f.id, "kind": f.kind, "start": f.start, "end": f.end,
                       "reason": f.reason, "status": f.status,
                       "reference_doc_id": view.references.get(f.reference_document_id or "")}
                      for f in view.flags],
        }


@router.get("/stories/{story_id}")
def story(request: Request, story_id: str, who: Annotated[Viewer, Depends(viewer)],
          offset: Annotated[int | None, Query()] = None) -> dict[str, Any]:
    with request.app.state.store.session() as session:
        view = workspace.story_view(session, story_id, limit=100, offset=offset_of(offset))
        if view is None:
            raise HTTPException(404, f"no story '{story_id}'")
        ids = {row["id"]: row["external_id"] for row in view.graph_documents}
        return {
            "id": view.story.id, "title": view.story.title, "size": view.story.size,
            "origin": view.origin.external_id if view.origin else None,
            "documents": [{"doc_id": r["external_id"], "language": r["language"],
                           "published": _date(r["published"]), "copy_kind": r["copy_kind"]}
                          for r in view.documents.rows],
            "total": view.documents.total,
            "edges": [{"source": ids.get(e.source_document_id), "target":
                       ids.get(e.target_document_id), "kind": e.kind, "score": e.score}
                      for e in view.edges],
        }


@router.get("/slots/{slot_id}")
def slot(request: Request, slot_id: str, who: Annotated[Viewer, Depends(viewer)],
         offset: Annotated[int | None, Query()] = None) -> dict[str, Any]:
    with request.app.state.store.session() as session:
        view = workspace.slot_view(session, slot_id, limit=100, offset=offset_of(offset))
        if view is None:
            raise HTTPException(404, f"no slot '{slot_id}'")
        s = view.slot
        return {
            "id": s.id, "subject": s.subject, "property": s.property, "reference": s.reference,
            "independent_origins": s.independent_origins, "credibility": s.credibility,
            "credibility_reasons": s.credibility_reasons, "primary_source": s.primary_source,
            "origin_claim_id": s.origin_claim_id, "total": view.versions.total,
            "claims": [{"id": v.claim.id, "doc_id": v.doc_id, "language": v.language,
                        "quote": v.claim.quote, "value": v.claim.value, "unit": v.claim.unit,
                        "modality": v.claim.modality, "source": v.source,
                        "reliability": v.source_reliability,
                        "flags": [{"id": f.id, "kind": f.kind, "status": f.status}
                                  for f in v.flags]} for v in view.versions.rows],
        }


@router.get("/entities/{entity_id}")
def entity(request: Request, entity_id: str,
           who: Annotated[Viewer, Depends(viewer)]) -> dict[str, Any]:
    with request.app.state.store.session() as session:
        view = workspace.entity_view(session, entity_id, limit=100, offset=0)
        if view is None:
            raise HTTPException(404, f"no entity '{entity_id}'")
        e = view.entity
        return {
            "id": e.id, "name": e.name, "type": e.type, "wikidata": e.wikidata,
            "latitude": e.latitude, "longitude": e.longitude, "merged_into": e.merged_into,
            "aliases": [{"text": a.text, "origin": a.origin, "doc_id": doc}
                        for a, doc in view.aliases],
            "mentions": view.mention_count, "documents": view.document_count,
            "months": dict(view.months),
            "claims": [{"id": c.id, "property": c.property, "value": c.value,
                        "doc_id": view.claim_documents.get(c.document_id)}
                       for c in view.claims.rows],
        }


@router.get("/places.geojson")
def places(request: Request, who: Annotated[Viewer, Depends(viewer)]) -> dict[str, Any]:
    with request.app.state.store.session() as session:
        return feature_collection(session)


@router.get("/timeline")
def timeline(request: Request, who: Annotated[Viewer, Depends(viewer)], story: str = "",
             entity: str = "", offset: Annotated[int | None, Query()] = None) -> dict[str, Any]:
    with request.app.state.store.session() as session:
        family = workspace.merged_family(session, entity) if entity else None
        page = workspace.timeline(session, limit=100, offset=offset_of(offset),
                                  story_id=story or None, entity_ids=family)
    return {"events": [{"date": _date(e.when), "kind": e.kind, "title": e.title,
                        "href": e.href, "detail": e.detail} for e in page.rows],
            "total": page.total}
