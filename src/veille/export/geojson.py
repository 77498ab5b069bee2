"""`veille export geojson`: places, watched sites and evidence finds as GeoJSON features.

As rows (`--format jsonl`) it is newline-delimited GeoJSON, one Feature per line;
`feature_collection` gives the single FeatureCollection the web API serves.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from veille.evidence.publish import evidence_places
from veille.export import document_exporter
from veille.store import Store, workspace


def features(session: Session) -> list[dict[str, Any]]:
    """Watched sites (their outline), entities with coordinates, and located evidence finds."""
    found = []
    for site in workspace.watched_sites(session):
        found.append({"type": "Feature", "id": site.id, "geometry": site.geometry,
                      "properties": {"name": site.name, "layer": "site",
                                     "entity": site.href.rsplit("/", 1)[-1] if site.href
                                     else None}})
    for place in workspace.places(session, limit=1_000_000):
        found.append({
            "type": "Feature", "id": place.id,
            "geometry": {"type": "Point", "coordinates": [place.longitude, place.latitude]},
            "properties": {"name": place.name, "entity_type": place.kind, "layer": "place"},
        })
    for item in evidence_places(session):
        found.append({
            "type": "Feature", "id": f"{item['item_id']}:{item['source']}:{item['name']}",
            "geometry": {"type": "Point", "coordinates": [item["lon"], item["lat"]]},
            "properties": {"name": item.get("name"), "label": item.get("label"),
                           "layer": "evidence", "evidence_kind": item.get("kind"),
                           "located_by": item.get("source"), "date": item.get("date")},
        })
    return found


def feature_collection(session: Session) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": features(session)}


@document_exporter("geojson")
def export_geojson(store: Store) -> dict[str, Any]:
    with store.session() as session:
        return feature_collection(session)
