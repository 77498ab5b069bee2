from __future__ import annotations

import json
from pathlib import Path

from veille.ingest.service import ingest_paths
from veille.store import Store
from veille.store.search import fts5_query, search_documents


def _load(store: Store, tmp_path: Path) -> None:
    rows = [
        {"id": "a", "text": "The February 11 Plant in Hamhung builds the KN-23.", "language": "en"},
        {"id": "b", "text": "Les images montrent l'usine de Hamhung agrandie.", "language": "fr"},
        {"id": "c", "text": "Shells were shipped to Russia by rail.", "language": "en"},
    ]
    path = tmp_path / "docs.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), "utf-8")
    ingest_paths(store, [path])


def test_search_finds_and_filters(store: Store, tmp_path: Path) -> None:
    _load(store, tmp_path)
    with store.session() as session:
        assert {h.external_id for h in search_documents(session, "Hamhung")} == {"a", "b"}
        assert [h.external_id for h in search_documents(session, "Hamhung", language="fr")] == ["b"]
        assert [h.external_id for h in search_documents(session, '"by rail"')] == ["c"]
        hit = search_documents(session, "KN-23")[0]
        assert hit.external_id == "a" and "[" in hit.snippet


def test_hostile_queries_are_literals(store: Store, tmp_path: Path) -> None:
    _load(store, tmp_path)
    with store.session() as session:
        for query in ['"', "NEAR(", "a OR", "*", "'; DROP TABLE documents; --", ""]:
            search_documents(session, query)
        assert len(search_documents(session, "Hamhung")) == 2
    assert fts5_query('x" OR y') == '"x" AND "OR" AND "y"'
