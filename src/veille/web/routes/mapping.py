"""`/map`: places (entities with coordinates), watched sites and evidence on the offline basemap."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from sqlalchemy.orm import Session

from veille.evidence.publish import evidence_places
from veille.store import workspace
from veille.web.mapsvg import Point, map_svg
from veille.web.rendering import render
from veille.web.security import Viewer, viewer

router = APIRouter()


def map_points(session: Session, *, limit: int = 3000) -> list[Point]:
    """Everything with coordinates: watched sites, places, then evidence finds."""
    points = [Point(site.name, "site", site.latitude, site.longitude, site.href, "watched site")
              for site in workspace.watched_sites(session)]
    points += [Point(p.name, "place", p.latitude, p.longitude, p.href, p.kind)
               for p in workspace.places(session, limit=limit)]
    for item in evidence_places(session):
        points.append(Point(str(item.get("label") or item.get("name") or "evidence"),
                            "evidence", float(item["lat"]), float(item["lon"]), None,
                            f"{item.get('source')} {item.get('date') or ''}"))
    return points


@router.get("/map")
def world_map(request: Request, who: Annotated[Viewer, Depends(viewer)],  # type: ignore[no-untyped-def]
              zoom: str = ""):
    with request.app.state.store.session() as session:
        points = map_points(session)
        svg = map_svg(points, width=1100, fit=zoom == "fit")
        return render(request, "map.html", svg=svg, points=points[:200], total=len(points),
                      zoom=zoom)
