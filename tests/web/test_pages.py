"""Every page and JSON route answers on a small store, shows what it should, and escapes."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient
from web_seed import (
    CLAIM_COPY,
    EVIL_ENTITY_ID,
    FLAG_COPY,
    PLANT_ID,
    SLOT_ID,
    STORY_ID,
)

from veille.store import Store
from veille.web.app import create_app


class _Tags(HTMLParser):
    """Collects every element the browser would build that could run code."""

    def __init__(self) -> None:
        super().__init__()
        self.dangerous: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on") or (value or "").strip().lower().startswith("javascript:"):
                self.dangerous.append(f"<{tag} {name}={value}>")
        if tag in ("script", "iframe", "object", "embed") and dict(attrs).get("src") != \
                "/static/app.js":
            self.dangerous.append(f"<{tag}>")


def live_markup(html: str) -> list[str]:
    """Event handlers, javascript: URLs and foreign scripts in the page as parsed."""
    parser = _Tags()
    parser.feed(html)
    return parser.dangerous


PAGES = ["/", "/search", "/search?q=Hamhung", "/search?q=plant&language=en",
         "/documents/w-origin", "/documents/x-script", "/documents/x-svg", "/stories",
         f"/stories/{STORY_ID}", "/ledger", f"/ledger/{SLOT_ID}", "/entities",
         f"/entities/{PLANT_ID}", f"/entities/{EVIL_ENTITY_ID}", "/map", "/map?zoom=fit",
         "/timeline", f"/timeline?story={STORY_ID}", f"/timeline?entity={PLANT_ID}", "/sources",
         "/audit"]
API = ["/api/stats", "/api/search?q=Hamhung", "/api/documents/w-origin",
       f"/api/stories/{STORY_ID}", f"/api/slots/{SLOT_ID}", f"/api/entities/{PLANT_ID}",
       "/api/places.geojson", "/api/timeline"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_answers_escaped_with_security_headers(reader: TestClient, path: str) -> None:
    response = reader.get(path)
    assert response.status_code == 200, response.text[:300]
    assert live_markup(response.text) == []
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("path", API)
def test_every_api_route_answers_json(reader: TestClient, path: str) -> None:
    response = reader.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()


def test_pages_render_on_an_empty_store(store: Store) -> None:
    with TestClient(create_app(store)) as empty:
        for path in ["/", "/search", "/search?q=anything", "/stories", "/ledger", "/entities",
                     "/map", "/timeline", "/sources", "/audit", "/api/places.geojson"]:
            assert empty.get(path).status_code == 200, path
        assert "No stories yet" in empty.get("/stories").text
        assert "No documents yet" in empty.get("/search").text


def test_missing_records_are_404_pages_and_json(reader: TestClient) -> None:
    for path in ["/documents/nope", "/stories/nope", "/ledger/nope", "/entities/nope"]:
        response = reader.get(path)
        assert response.status_code == 404 and "no " in response.text
    assert reader.get("/api/documents/nope").json() == {"detail": "no document 'nope'"}


def test_search_finds_and_filters(reader: TestClient) -> None:
    html = reader.get("/search?q=Hamhung").text
    assert "/documents/w-origin" in html and "<mark>Hamhung</mark>" in html
    french_only = reader.get("/search", params={"q": "Hamhung", "language": "fr"}).text
    assert "/documents/w-origin" not in french_only
    in_story = reader.get("/api/search", params={"story": STORY_ID}).json()
    assert {r["doc_id"] for r in in_story["results"]} == {"w-origin", "w-copy", "w-fr"}
    assert in_story["total"] == 3
    by_entity = reader.get("/api/search", params={"q": "plant", "entity": PLANT_ID}).json()
    assert {r["doc_id"] for r in by_entity["results"]} == {"w-origin", "w-copy"}
    dated = reader.get("/api/search", params={"since": "2024-06-01"}).json()
    assert {r["doc_id"] for r in dated["results"]} == {"x-script", "x-svg"}
    assert reader.get("/search?since=yesterday").status_code == 400


def test_document_highlights_mentions_claims_and_flags(reader: TestClient) -> None:
    html = reader.get("/documents/w-copy").text
    assert 'id="flag-' + FLAG_COPY + '"' in html and 'id="claim-' + CLAIM_COPY + '"' in html
    assert "m m-FAC" in html and "comparison_inverted" in html
    assert "/documents/w-origin" in html  # the copy points at what it copies
    hostile = reader.get("/documents/x-script").text
    assert "&lt;script&gt;window.__pwned=1" in hostile
    assert "&lt;img src=x onerror=&#34;window.__pwned=1&#34;&gt;" in hostile


def test_story_page_draws_lineage_with_origin(reader: TestClient) -> None:
    html = reader.get(f"/stories/{STORY_ID}").text
    assert 'class="node origin"' in html
    assert html.count('class="edge e-') == 2 and "e-translation" in html
    api = reader.get(f"/api/stories/{STORY_ID}").json()
    assert api["origin"] == "w-origin"
    assert {(e["source"], e["target"], e["kind"]) for e in api["edges"]} == {
        ("w-origin", "w-copy", "rewrite"), ("w-origin", "w-fr", "translation")}


def test_ledger_shows_grades_and_side_by_side_difference(reader: TestClient) -> None:
    listing = reader.get("/ledger").text
    assert f"/ledger/{SLOT_ID}" in listing and 'class="flagcount">1<' in listing
    html = reader.get(f"/ledger/{SLOT_ID}").text
    assert "<ins>larger</ins>" in html or "<ins>larger than</ins>" in html
    assert "<del>" in html and "comparison_inverted" in html
    assert "estimé à 60-70%" in html and 'class="translation"' in html  # translation beside
    assert 'class="differs">value<' in html
    api = reader.get(f"/api/slots/{SLOT_ID}").json()
    assert api["credibility"] == 2 and api["total"] == 3


def test_entity_page_shows_aliases_with_documents_claims_and_timeline(reader: TestClient) -> None:
    html = reader.get(f"/entities/{PLANT_ID}").text
    assert "usine du 11 février" in html and "/documents/w-fr" in html
    assert "size_ratio" in html and 'class="bar"' in html
    api = reader.get(f"/api/entities/{PLANT_ID}").json()
    assert api["documents"] == 2 and api["months"] == {"2024-05": 2}
    listing = reader.get("/entities", params={"q": "usine"}).text
    assert f"/entities/{PLANT_ID}" in listing


def test_map_places_points_on_the_bundled_basemap(reader: TestClient) -> None:
    html = reader.get("/map").text
    assert html.count('class="land"') > 150  # Natural Earth countries
    assert f'href="/entities/{PLANT_ID}"' in html
    assert "&lt;svg onload=window.__pwned=1&gt;Evilville" in html
    geo = reader.get("/api/places.geojson").json()
    names = {f["properties"]["name"] for f in geo["features"]}
    assert {"February 11 Plant", "Hamhung"} <= names


def test_timeline_lists_dated_events(reader: TestClient) -> None:
    events = reader.get("/api/timeline").json()["events"]
    kinds = {(e["kind"], e["date"][:10]) for e in events}
    assert ("story", "2024-05-02") in kinds and ("event date", "2024-04-15") in kinds
    assert [e["date"] for e in events] == sorted((e["date"] for e in events), reverse=True)


def test_pages_paginate(reader: TestClient) -> None:
    first = reader.get("/api/search").json()
    assert first["total"] == 5 and not first["has_next"]
    html = reader.get("/search?offset=3").text
    assert "4–5 of 5" in html and "previous" in html


def test_static_files_are_local(reader: TestClient) -> None:
    assert reader.get("/static/app.css").status_code == 200
    assert reader.get("/static/app.js").status_code == 200
    html = reader.get("/").text
    assert "http://" not in html and "https://" not in html
