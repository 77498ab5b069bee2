"""The hash chain: a clean register verifies; an edit, a deletion, a reordering or a cut-off
tail is found, and the first bad record is named. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import itertools
import json

import pytest
from evidence_helpers import drop_guards
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from veille.evidence.items import add_custody, add_item
from veille.evidence.markings import add_marking
from veille.evidence.register import (
    GENESIS_HASH,
    EvidenceError,
    append,
    record_as_dict,
    verify_chain,
    verify_register,
)
from veille.store import Store
from veille.store import evidence as queries


def _fill(store: Store) -> None:
    with store.session() as session:
        add_item(session, label="KHA-1", kind="debris", recovered_by="EOD team",
                 found_on="2024-01-02", place="Kharkiv", lat=49.99, lon=36.23)
        add_custody(session, "KHA-1", "EOD team", "Prosecutor", "2024-01-03")
        add_custody(session, "KHA-1", "Prosecutor", "Field team", "2024-01-20")
        add_marking(session, "KHA-1", "113", "digits", "ko")


def test_clean_register_verifies(store: Store) -> None:
    _fill(store)
    with store.session() as session:
        report = verify_register(session)
        records = [record_as_dict(r) for r in queries.iter_records(session)]
    assert report.ok, report.problems
    assert report.records == len(records) >= 5
    assert records[0]["prev_hash"] == GENESIS_HASH
    assert all(b["prev_hash"] == a["hash"] for a, b in itertools.pairwise(records))
    assert report.head == records[-1]["hash"]


def test_append_only_guard_refuses_update_and_delete(store: Store) -> None:
    _fill(store)
    for statement in ("UPDATE evidence_records SET record_type = 'item' WHERE seq = 2",
                      "DELETE FROM evidence_records WHERE seq = 2"):
        with pytest.raises(DBAPIError, match="append-only"), store.session() as session:
            session.execute(text(statement))


def test_edited_payload_is_named(store: Store) -> None:
    _fill(store)
    with store.session() as session:
        drop_guards(session)
        record = session.get(queries.EvidenceRecord, 3)
        payload = dict(record.payload)
        payload["to"] = "Someone else"
        session.execute(text("UPDATE evidence_records SET payload = :p WHERE seq = 3"),
                        {"p": json.dumps(payload)})
    with store.session() as session:
        report = verify_register(session)
    assert not report.ok
    assert report.first_bad_seq == 3
    assert report.problems[0] == "record 3: content changed after it was written (hash mismatch)"


def test_deleted_record_is_named(store: Store) -> None:
    _fill(store)
    with store.session() as session:
        drop_guards(session)
        session.execute(text("DELETE FROM evidence_records WHERE seq = 2"))
    with store.session() as session:
        report = verify_register(session)
    assert report.first_bad_seq == 2
    assert "record 2: missing" in report.problems[0]


def test_reordered_records_are_named(store: Store) -> None:
    _fill(store)
    with store.session() as session:
        drop_guards(session)
        for old, new in ((2, 1000), (3, 2), (1000, 3)):
            session.execute(text("UPDATE evidence_records SET seq = :new WHERE seq = :old"),
                            {"new": new, "old": old})
    with store.session() as session:
        report = verify_register(session)
    assert report.first_bad_seq == 2
    assert any("does not follow the record before it" in p for p in report.problems)


def test_cut_off_tail_needs_the_noted_head(store: Store) -> None:
    _fill(store)
    with store.session() as session:
        head = verify_register(session).head
        last = queries.count_records(session)
        drop_guards(session)
        session.execute(text("DELETE FROM evidence_records WHERE seq = :s"), {"s": last})
    with store.session() as session:
        assert verify_register(session).ok  # a shorter chain is still a chain
        report = verify_register(session, expected_head=head)
    assert not report.ok
    assert report.first_bad_seq == last
    assert "head is" in report.problems[0]


def test_exported_chain_verifies_and_detects_edits(store: Store) -> None:
    _fill(store)
    with store.session() as session:
        records = [record_as_dict(r) for r in queries.iter_records(session)]
    assert verify_chain(json.loads(json.dumps(records))).ok
    records[1]["payload"]["note"] = "added later"
    assert verify_chain(records).first_bad_seq == 2


def test_views_rebuild_from_the_chain(store: Store) -> None:
    _fill(store)
    with store.session() as session:
        session.execute(text("DELETE FROM evidence_custody"))
        session.execute(text("UPDATE evidence_items SET holder = 'nobody'"))
        replayed = queries.rebuild_views(session)
    with store.session() as session:
        item = queries.find_item(session, "KHA-1")
        assert replayed == queries.count_records(session)
        assert item.holder == "Field team"
        assert len(queries.custody_of(session, item.id)) == 2
        assert {r.label for r in queries.readings_of_item(session, item.id)} >= {
            "Juche year 113 = 2024"}


def test_unknown_record_type_is_refused(store: Store) -> None:
    with store.session() as session, pytest.raises(EvidenceError, match="unknown record type"):
        append(session, "rumour", {"id": "x"})
