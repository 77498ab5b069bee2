"""A dropped PostgreSQL connection is replaced on the next use; a stopped server gives a
one-line error and keeps what was committed."""

from __future__ import annotations

import json
from pathlib import Path

import psycopg
import pytest
from postgres_server import PostgresServer
from sqlalchemy import func, select

from veille.ingest.service import ingest_paths
from veille.store import open_store
from veille.store.models import Document

pytestmark = pytest.mark.postgres


def _jsonl(path: Path, prefix: str, count: int) -> Path:
    path.write_text("\n".join(json.dumps({"id": f"{prefix}{i}", "text": f"Shipment {prefix}{i}."})
                              for i in range(count)), "utf-8")
    return path


def test_dropped_connections_are_replaced(postgres_server: PostgresServer, tmp_path: Path) -> None:
    url = postgres_server.create_database()
    store = open_store(url)
    ingest_paths(store, [_jsonl(tmp_path / "a.jsonl", "a", 3)])
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(f"host=127.0.0.1 port={postgres_server.port} user=veille dbname=postgres",
                         autocommit=True) as admin:
        killed = admin.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = %s",
            (name,)).fetchone()
    assert killed is not None and killed[0] >= 1
    summary = ingest_paths(store, [_jsonl(tmp_path / "b.jsonl", "b", 3)])
    assert summary.added == 3
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(Document)) == 6
