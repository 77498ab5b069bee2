"""The append-only, hash-chained register of physical evidence.

Every record (item, file, custody, marking, reading, decision, component, link) carries the
SHA-256 of the record before it, and its own hash covers its position, type, payload, time and
that previous hash. Editing, deleting or reordering any record after the fact breaks the chain
from that record on, and `verify_chain` names the first record where it breaks. Cutting records
off the end leaves a valid shorter chain: compare the head hash with one noted elsewhere
(`expected_head`) to catch that.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from veille.store import evidence as queries
from veille.store.evidence_models import EvidenceRecord

GENESIS_HASH = "0" * 64
RECORD_TYPES = ("item", "file", "custody", "marking", "reading", "decision", "component", "link")


class EvidenceError(ValueError):
    """Bad evidence input; the message is one line for the user."""


def check_length(value: str | None, field: str, limit: int) -> None:
    """Refuse a value longer than its column, with a message instead of a database error."""
    if value is not None and len(value) > limit:
        raise EvidenceError(f"{field}: longer than {limit} characters")


def canonical_json(value: Any) -> str:
    """One exact text per value (sorted keys, no spaces, UTF-8), so hashes are reproducible."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def record_hash(seq: int, record_type: str, payload: Mapping[str, Any], prev_hash: str,
                created_at: str) -> str:
    body = {"seq": seq, "type": record_type, "payload": payload, "prev_hash": prev_hash,
            "created_at": created_at}
    return hashlib.sha256(canonical_json(body).encode("utf-8")).hexdigest()


def now_text() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def append(session: Session, record_type: str, payload: dict[str, Any],
           created_at: str | None = None) -> EvidenceRecord:
    """Add one record at the end of the chain and bring the views up to date with it."""
    if record_type not in RECORD_TYPES:
        raise EvidenceError(f"unknown record type '{record_type}'")
    # Round-trip through JSON so the payload hashed is exactly the payload stored and read back.
    payload = json.loads(canonical_json(payload))
    last = queries.last_record(session)
    seq = 1 if last is None else last.seq + 1
    prev_hash = GENESIS_HASH if last is None else last.hash
    stamp = created_at or now_text()
    record = EvidenceRecord(
        seq=seq, record_type=record_type, payload=payload, prev_hash=prev_hash,
        hash=record_hash(seq, record_type, payload, prev_hash, stamp), created_at=stamp,
    )
    queries.add_record(session, record)
    queries.project(session, record)
    return record


def record_as_dict(record: EvidenceRecord) -> dict[str, Any]:
    return {"seq": record.seq, "type": record.record_type, "payload": record.payload,
            "prev_hash": record.prev_hash, "hash": record.hash, "created_at": record.created_at}


@dataclass
class ChainReport:
    """What `verify_chain` found: the number of records, the head hash, and every break."""

    records: int = 0
    head: str = GENESIS_HASH
    problems: list[str] = field(default_factory=list)
    first_bad_seq: int | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    def fail(self, seq: int, message: str) -> None:
        if self.first_bad_seq is None:
            self.first_bad_seq = seq
        self.problems.append(f"record {seq}: {message}")


def verify_chain(records: Iterable[Mapping[str, Any]], expected_head: str | None = None
                 ) -> ChainReport:
    """Check records (in stored order) against their hashes and against each other."""
    report = ChainReport()
    expected_seq, prev_hash = 1, GENESIS_HASH
    for record in records:
        report.records += 1
        seq = int(record["seq"])
        if seq > expected_seq:
            gone = "it" if seq == expected_seq + 1 else f"records {expected_seq}-{seq - 1}"
            report.fail(expected_seq, f"missing: {gone} deleted? the chain jumps to record {seq}")
        elif seq < expected_seq:
            report.fail(seq, f"out of place after record {expected_seq - 1} "
                             "(reordered or duplicated)")
        if record["type"] not in RECORD_TYPES:
            report.fail(seq, f"unknown record type '{record['type']}'")
        if record["prev_hash"] != prev_hash:
            report.fail(seq, "does not follow the record before it "
                             "(a record was deleted, inserted or moved)")
        computed = record_hash(seq, record["type"], record["payload"], record["prev_hash"],
                               record["created_at"])
        if computed != record["hash"]:
            report.fail(seq, "content changed after it was written (hash mismatch)")
        expected_seq, prev_hash = seq + 1, record["hash"]
    report.head = prev_hash
    if expected_head is not None and expected_head != report.head:
        report.fail(report.records + 1,
                    f"head is {report.head[:16]}…, expected {expected_head[:16]}… "
                    "(records cut off the end, or a different register)")
    return report


def verify_register(session: Session, expected_head: str | None = None) -> ChainReport:
    return verify_chain((record_as_dict(r) for r in queries.iter_records(session)),
                        expected_head)
