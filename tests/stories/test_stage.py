"""The `stories` stage on a real store: stories, copies, citations, incremental runs, CLI
and exports."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

import veille.export.registry  # noqa: F401  (registers the exporters)
from veille.cli import app
from veille.export import EXPORTERS
from veille.ingest.service import ingest_paths
from veille.pipeline import run_stages
from veille.store import documents as document_queries
from veille.store import open_store
from veille.store.models import Citation, CopyEdge, Story

FIXTURES = Path(__file__).parent / "fixtures"


def test_stage_places_copies_and_is_incremental(tmp_path: Path) -> None:
    rows = [json.loads(line) for line in (FIXTURES / "stories.jsonl").read_text().splitlines()]
    first_batch, second_batch = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first_batch.write_text("\n".join(json.dumps(row) for row in rows[:3] + rows[3:]) + "\n")
    late = dict(rows[1], id="plant-en-3", source="Third Site", published="2026-03-06",
                text=rows[1]["text"] + " The plant also hired 300 new workers.")
    second_batch.write_text(json.dumps(late) + "\n")
    url = f"sqlite:///{tmp_path / 't.db'}"
    store = open_store(url)
    ingest_paths(store, [first_batch])
    report = run_stages(store, only=["stories"])
    assert report.processed["stories"] == 4 and not report.failures

    with store.session() as session:
        docs = {doc.external_id: doc for doc in document_queries.all_documents(session)}
        plant_story = docs["plant-en-1"].story_id
        assert plant_story and docs["plant-fr-1"].story_id == plant_story
        assert docs["flood-en-1"].story_id != plant_story
        assert docs["plant-en-2"].copy_of == docs["plant-en-1"].id
        assert docs["plant-en-2"].copy_kind == "duplicate"
        assert docs["plant-fr-1"].copy_kind == "translation"
        assert docs["plant-en-1"].copy_of is None
        story = session.get(Story, plant_story)
        assert story.size == 3 and story.origin_document_id == docs["plant-en-1"].id
        assert session.query(CopyEdge).count() >= 2
        cited = {c.name for c in session.query(Citation).filter_by(story_id=plant_story)}
        assert "Reuters" in cited

    assert run_stages(store, only=["stories"]).processed["stories"] == 0
    ingest_paths(store, [second_batch])
    assert run_stages(store, only=["stories"]).processed["stories"] == 1
    with store.session() as session:
        docs = {doc.external_id: doc for doc in document_queries.all_documents(session)}
        assert docs["plant-en-3"].story_id == plant_story
        assert docs["plant-en-3"].copy_kind in {"rewrite", "duplicate", "excerpt"}
        assert session.get(Story, plant_story).size == 4

    lineage_rows = list(EXPORTERS["lineage"](store))
    assert {"source_doc_id", "target_doc_id", "kind", "score", "direction_from",
            "evidence"} <= lineage_rows[0].keys()
    assert any(row["source_doc_id"] == "plant-en-1" and row["target_doc_id"] == "plant-en-2"
               for row in lineage_rows)
    story_rows = list(EXPORTERS["stories"](store))
    assert story_rows[0]["size"] == 4 and story_rows[0]["origin"] == "plant-en-1"

    runner = CliRunner()
    listed = runner.invoke(app, ["stories", "--db", url], env={"COLUMNS": "250"})
    assert listed.exit_code == 0 and "plant-en-1" in listed.output
    traced = runner.invoke(app, ["lineage", "plant-fr-1", "--db", url], env={"COLUMNS": "250"})
    assert traced.exit_code == 0
    assert "translation" in traced.output and "duplicate" in traced.output
    missing = runner.invoke(app, ["lineage", "nope", "--db", url])
    assert missing.exit_code != 0
    store.close()


def test_stage_reads_entity_ids_of_documents_the_entities_stage_has_seen(tmp_path: Path) -> None:
    from veille.ids import gazetteer_entity_id
    from veille.store import stories as story_queries

    rows = [json.loads(line) for line in (FIXTURES / "stories.jsonl").read_text().splitlines()]
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("\n".join(json.dumps(row) for row in rows) + "\n")
    store = open_store(f"sqlite:///{tmp_path / 'e.db'}")
    ingest_paths(store, [corpus])
    with store.session() as session:
        ids = [doc.id for doc in document_queries.all_documents(session)]
        assert story_queries.entity_ids_by_document(session, ids) == {}
    report = run_stages(store, only=["entities", "stories"])
    assert not report.failures
    with store.session() as session:
        docs = {doc.external_id: doc.id for doc in document_queries.all_documents(session)}
        found = story_queries.entity_ids_by_document(session, docs.values())
        assert set(found) == set(docs.values())
        assert gazetteer_entity_id("reuters") in found[docs["plant-en-1"]]
        placed = story_queries.placed_documents(session)
        assert placed and all(record.entities is not None for record in placed)
    store.close()
