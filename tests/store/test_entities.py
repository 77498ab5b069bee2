"""Entity queries: get-or-create, aliases with their document, merge and undo merge."""

from __future__ import annotations

from datetime import datetime

import pytest

from veille.ids import gazetteer_entity_id
from veille.store import Store
from veille.store import entities as queries
from veille.store.documents import replace_mentions
from veille.store.models import Document


def _setup(store: Store) -> dict[str, str]:
    """Two documents; a gazetteer person, an unknown spelling of him, and a place."""
    ids = {
        "lair": gazetteer_entity_id("sam-lair"),
        "leir": queries.unknown_entity_id("PER:sam lehr"),
        "kursk": gazetteer_entity_id("kursk"),
    }
    with store.session() as session:
        for number in (1, 2):
            session.add(Document(id=f"d{number}", external_id=f"doc-{number}",
                                 sha256=str(number) * 64, text="Sam Lair, Sam Lehr, Kursk.",
                                 ingested_at=datetime(2026, 11, 22)))
        session.flush()
        entity, created = queries.get_or_create_entity(
            session, ids["lair"], name="Sam Lair", type="PER", gazetteer_key="sam-lair")
        assert created
        again, created = queries.get_or_create_entity(session, ids["lair"], name="x", type="ORG")
        assert again is entity and not created and again.name == "Sam Lair"
        queries.get_or_create_entity(session, ids["leir"], name="Sam Lehr", type="PER")
        queries.get_or_create_entity(session, ids["kursk"], name="Kursk", type="LOC",
                                     gazetteer_key="kursk", latitude=51.73, longitude=36.19)
        queries.add_alias(session, ids["lair"], "Sam Lair", normalized="sam lair",
                          script="Latin", origin="gazetteer")
        queries.add_alias(session, ids["lair"], "Лейр", normalized="лейр", script="Cyrillic",
                          origin="document", document_id="d1", score=1.0)
        queries.add_alias(session, ids["leir"], "Sam Lehr", normalized="sam lehr",
                          script="Latin", origin="document", document_id="d2", score=None)
        for number, entity_id in ((1, ids["lair"]), (2, ids["leir"])):
            replace_mentions(session, f"d{number}", "entities", [
                {"start": 0, "end": 8, "text": "Sam Lair", "label": "PER",
                 "entity_id": entity_id, "link_score": 1.0, "value": None},
                {"start": 20, "end": 25, "text": "Kursk", "label": "LOC",
                 "entity_id": ids["kursk"], "link_score": 1.0, "value": None},
            ])
    return ids


def test_alias_keeps_the_first_document_that_gave_it(store: Store) -> None:
    ids = _setup(store)
    with store.session() as session:
        alias, created = queries.add_alias(session, ids["lair"], "Лейр", normalized="лейр",
                                           script="Cyrillic", origin="document",
                                           document_id="d2", score=0.5)
        assert not created and alias.document_id == "d1" and alias.score == 1.0
        assert [e.id for e in queries.entities_by_alias(session, "лейр")] == [ids["lair"]]


def test_merge_and_unmerge_round_trip(store: Store) -> None:
    ids = _setup(store)
    with store.session() as session:
        before = {row.entity.id: row.mentions for row in queries.list_entities(session)}
        assert before == {ids["lair"]: 1, ids["leir"]: 1, ids["kursk"]: 2}
        merge = queries.merge_entities(session, ids["leir"], ids["lair"], decided_by="tester",
                                       reason="same researcher")
        merge_id = merge.id
    with store.session() as session:
        rows = {row.entity.id: row for row in queries.list_entities(session, type="per")}
        assert set(rows) == {ids["lair"]} and rows[ids["lair"]].mentions == 2
        assert rows[ids["lair"]].aliases == 3
        assert {a.text for a in queries.aliases_of(session, ids["lair"])} == \
            {"Sam Lair", "Лейр", "Sam Lehr"}
        resolved = queries.resolve(session, ids["leir"])
        assert resolved is not None and resolved.id == ids["lair"]
        exported = {(m.doc_id, m.entity.id if m.entity else None)
                    for m in queries.iter_mentions(session) if m.label == "PER"}
        assert exported == {("doc-1", ids["lair"]), ("doc-2", ids["lair"])}
        assert [m.id for m in queries.list_merges(session)] == [merge_id]
    with store.session() as session:
        undone = queries.undo_merge(session, merge_id)
        assert undone.undone_at is not None
    with store.session() as session:
        after = {row.entity.id: row.mentions for row in queries.list_entities(session)}
        assert after == before
        assert queries.list_merges(session) == []
        assert len(queries.list_merges(session, include_undone=True)) == 1
        with pytest.raises(queries.EntityStoreError, match="already undone"):
            queries.undo_merge(session, merge_id)


def test_merges_that_make_no_sense_are_refused(store: Store) -> None:
    ids = _setup(store)
    with store.session() as session:
        queries.merge_entities(session, ids["leir"], ids["lair"], decided_by="tester")
        with pytest.raises(queries.EntityStoreError, match="already merged"):
            queries.merge_entities(session, ids["leir"], ids["kursk"], decided_by="tester")
        with pytest.raises(queries.EntityStoreError, match="cycle"):
            queries.merge_entities(session, ids["lair"], ids["leir"], decided_by="tester")
        with pytest.raises(queries.EntityStoreError, match="no entity"):
            queries.merge_entities(session, "ent_missing", ids["lair"], decided_by="tester")
        with pytest.raises(queries.EntityStoreError, match="no merge"):
            queries.undo_merge(session, 999)


def test_find_and_filter_entities(store: Store) -> None:
    ids = _setup(store)
    with store.session() as session:
        assert queries.find_entity(session, "kursk").id == ids["kursk"]  # type: ignore[union-attr]
        assert queries.find_entity(session, "sam lehr").id == ids["leir"]  # type: ignore[union-attr]
        assert queries.find_entity(session, ids["lair"]).name == "Sam Lair"  # type: ignore[union-attr]
        assert queries.find_entity(session, "nobody") is None
        assert [r.entity.id for r in queries.list_entities(session, query="лейр")] == [ids["lair"]]
        assert [r.entity.id for r in queries.list_entities(session, type="LOC")] == [ids["kursk"]]
