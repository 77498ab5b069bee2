"""How fast the workspace pages answer on a store of 100,000 documents.

    .venv/bin/python benchmarks/web_latency.py [--documents 100000] [--db sqlite:///web-bench.db]

Fills a fresh store with synthetic documents (benchmarks/synthetic_corpus.py) through
`veille.store.bulk.bulk_insert`, with the rows later stages would write in proportion
(sources, stories, entities, ~3 mentions, 1 claim per document, slots per story, some flags),
then asks every page in-process (FastAPI TestClient: application + database, no network)
and prints the median and worst of REPEATS timed requests after one warm-up request.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from fastapi.testclient import TestClient
from synthetic_corpus import generate

from veille.ids import stable_id
from veille.store import open_store
from veille.store.bulk import bulk_insert
from veille.store.models import (
    Alias,
    Claim,
    CopyEdge,
    Document,
    Entity,
    Flag,
    Mention,
    Slot,
    Source,
    Story,
)
from veille.web.app import create_app

REPEATS = 5
ENTITIES = 5000


def fill(url: str, n: int, seed: int = 7) -> None:
    """Write the synthetic store."""
    rng = random.Random(seed)
    store = open_store(url)
    now = datetime(2026, 11, 22)
    sources: dict[str, str] = {}
    documents, stories, edges = [], {}, []
    by_external: dict[str, str] = {}
    for record in generate(n, seed):
        outlet = str(record["source"])
        source_id = sources.setdefault(outlet, stable_id("src_", outlet))
        doc_id = stable_id("doc_", record["id"])
        by_external[str(record["id"])] = doc_id
        story_id = stable_id("sto_", record["story"])
        published = record["published"]
        if isinstance(published, str):
            published = datetime.fromisoformat(published)
        text = str(record["text"])
        documents.append({
            "id": doc_id, "external_id": str(record["id"]), "sha256": stable_id("", doc_id),
            "source_id": source_id, "title": text[:80], "text": text,
            "language": record["language"], "published": published, "ingested_at": now,
            "word_count": len(text.split()), "story_id": story_id,
            "copy_of": by_external.get(str(record["copy_of"])) if record["copy_of"] else None,
            "copy_kind": record.get("copy_kind")})
        story = stories.setdefault(story_id, {"id": story_id, "title": text[:60], "size": 0,
                                              "first_published": published,
                                              "last_published": published,
                                              "origin_document_id": doc_id})
        story["size"] += 1
        story["last_published"] = max(story["last_published"], published)
        if documents[-1]["copy_of"]:
            edges.append({"id": stable_id("edge_", doc_id), "story_id": story_id,
                          "source_document_id": documents[-1]["copy_of"],
                          "target_document_id": doc_id, "kind": record.get("copy_kind") or "rewrite",
                          "score": 0.8, "direction_from": "published"})
    entities = [{"id": f"ent_{i:05d}", "name": f"Entity {i:05d}",
                 "type": rng.choice(["ORG", "LOC", "FAC", "WEAPON", "PER"]),
                 "latitude": rng.uniform(-50, 70) if i % 3 == 0 else None,
                 "longitude": rng.uniform(-170, 170) if i % 3 == 0 else None}
                for i in range(ENTITIES)]
    weights = [1 / (rank + 1) for rank in range(ENTITIES)]  # a few entities are everywhere
    mentions, claims, flags, aliases = [], [], [], []
    slots: dict[str, dict[str, object]] = {}
    for document in documents:
        for position, entity in enumerate(rng.choices(entities, weights, k=3)):
            mentions.append({"id": stable_id("men_", document["id"], position),
                             "document_id": document["id"], "start": position * 10,
                             "end": position * 10 + 6, "text": "Entity",
                             "label": entity["type"], "stage": "bench",
                             "entity_id": entity["id"]})
        slot_id = stable_id("slot_", document["story_id"])
        claim_id = stable_id("clm_", document["id"])
        slots.setdefault(slot_id, {"id": slot_id, "key": slot_id, "subject": "Entity plant",
                                   "property": "count", "story_id": document["story_id"],
                                   "independent_origins": rng.randint(1, 4),
                                   "origin_claim_id": claim_id,
                                   "credibility": rng.randint(1, 6)})
        claims.append({"id": claim_id, "document_id": document["id"], "start": 0, "end": 40,
                       "quote": document["text"][:40], "subject": "Entity plant",
                       "subject_entity_id": mentions[-1]["entity_id"], "property": "count",
                       "value": {"low": rng.randint(1, 90)}, "modality": "asserted",
                       "confidence": 0.9, "slot_id": slot_id})
        if rng.random() < 0.05:
            flags.append({"id": stable_id("flg_", claim_id), "kind": "magnitude_changed",
                          "document_id": document["id"], "claim_id": claim_id, "start": 0,
                          "end": 40, "reason": "figure changed", "status": "open"})
    for entity in entities[:2000]:
        aliases.append({"entity_id": entity["id"], "text": entity["name"].upper(),
                        "normalized": entity["name"].lower(), "origin": "gazetteer"})
    with store.session() as session:
        bulk_insert(session, Source, [{"id": i, "name": name} for name, i in sources.items()])
        bulk_insert(session, Story, list(stories.values()))
        bulk_insert(session, Entity, entities)
        bulk_insert(session, Document, documents)
        bulk_insert(session, CopyEdge, edges)
        bulk_insert(session, Alias, aliases)
        bulk_insert(session, Mention, mentions)
        bulk_insert(session, Slot, list(slots.values()))
        bulk_insert(session, Claim, claims)
        bulk_insert(session, Flag, flags)
    store.close()


def typical_ids(client: TestClient) -> dict[str, str]:
    """Records to ask about: the largest story, its slot, a document, a common and a rare entity."""
    story = client.get("/api/stats").json()  # warms the connection pool as well
    assert story["counts"]["documents"], "the store is empty"
    html = client.get("/stories").text
    story_id = html.split('href="/stories/')[1].split('"')[0]  # largest first
    document = client.get(f"/api/stories/{story_id}").json()["documents"][0]["doc_id"]
    return {"document": document, "story": story_id, "slot": stable_id("slot_", story_id),
            "entity": "ent_00000", "rare_entity": f"ent_{ENTITIES - 1:05d}"}


def pages(ids: dict[str, str]) -> list[str]:
    return [
        "/", "/search", "/search?q=plant", "/search?q=plant&language=fr",
        f"/search?q=missile&entity={ids['entity']}", "/search?language=de&offset=5000",
        "/search?since=2021-01-01&until=2021-02-01", f"/documents/{ids['document']}",
        "/stories", f"/stories/{ids['story']}", "/ledger", f"/ledger/{ids['slot']}",
        "/entities", "/entities?q=entity 004", f"/entities/{ids['entity']}",
        f"/entities/{ids['rare_entity']}", "/map", "/timeline",
        f"/timeline?entity={ids['entity']}", "/sources", "/api/search?q=plant",
        "/api/places.geojson",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--db", default=None, help="database URL (default: a temp SQLite file)")
    parser.add_argument("--reuse", action="store_true",
                        help="time the pages of the store at --db without filling it again")
    args = parser.parse_args()
    url = args.db or f"sqlite:///{Path(tempfile.mkdtemp()) / 'web-bench.db'}"
    if not args.reuse:
        started = time.perf_counter()
        fill(url, args.documents)
        print(f"filled {args.documents} documents in {time.perf_counter() - started:.1f} s "
              f"({url})")
    store = open_store(url)
    with TestClient(create_app(store)) as client:
        ids = typical_ids(client)
        print(f"{'page':<48} {'median ms':>10} {'worst ms':>9}")
        for path in pages(ids):
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            times = []
            for _ in range(REPEATS):
                begin = time.perf_counter()
                client.get(path)
                times.append((time.perf_counter() - begin) * 1000)
            print(f"{path:<48} {statistics.median(times):>10.1f} {max(times):>9.1f}")


if __name__ == "__main__":
    main()
