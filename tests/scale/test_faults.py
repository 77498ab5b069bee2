"""Faults: an ingest killed with SIGKILL and run again ends in the same state as an
uninterrupted one; a read-only or locked database gives a one-line error and loses nothing."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from veille.ingest.service import ingest_paths
from veille.store import StoreError, open_store
from veille.store.models import Document

VEILLE = [sys.executable, "-m", "veille"]


def _write_corpus(folder: Path, files: int, per_file: int, prefix: str = "f") -> None:
    folder.mkdir()
    for f in range(files):
        rows = [{"id": f"{prefix}{f}-{i}", "language": "en", "source": f"Outlet {i % 7}",
                 "text": f"Report {f}-{i}: {i * 37 % 1000} containers moved via Rason. " * 5}
                for i in range(per_file)]
        (folder / f"part{f:03d}.jsonl").write_text("\n".join(json.dumps(r) for r in rows), "utf-8")


def _state(url: str) -> list[tuple[str, str]]:
    store = open_store(url)
    with store.session() as session:
        rows = session.execute(select(Document.external_id, Document.sha256)
                               .order_by(Document.external_id)).all()
    store.close()
    return [tuple(row) for row in rows]


def _count(url: str) -> int:
    try:
        return len(_state(url))
    except OperationalError:  # the database file is still being created
        return 0


def test_kill_during_ingest_then_resume(tmp_path: Path, store_url: str) -> None:
    corpus = tmp_path / "corpus"
    _write_corpus(corpus, files=30, per_file=100)
    env = {**os.environ, "VEILLE_DB": store_url}
    process = subprocess.Popen([*VEILLE, "ingest", str(corpus)], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while _count(store_url) < 400 and time.time() < deadline and process.poll() is None:
        time.sleep(0.2)
    process.send_signal(signal.SIGKILL)
    process.wait()
    partial = _count(store_url)
    assert 0 < partial < 3_000, "the kill must land mid-ingest"
    subprocess.run([*VEILLE, "ingest", str(corpus)], env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    reference = f"sqlite:///{tmp_path / 'reference.db'}"
    ingest_paths(open_store(reference), [corpus])
    assert _state(store_url) == _state(reference)
    assert len(_state(store_url)) == 3_000


def test_read_only_database_file(tmp_path: Path) -> None:
    path = tmp_path / "ro.db"
    url = f"sqlite:///{path}"
    folder = tmp_path / "in"
    _write_corpus(folder, files=1, per_file=3)
    ingest_paths(open_store(url), [folder])
    more = tmp_path / "more"
    _write_corpus(more, files=1, per_file=5, prefix="more")
    path.chmod(0o444)
    # root ignores file modes, so the database is also opened through SQLite's read-only mode
    read_only_url = f"sqlite:///file:{path}?mode=ro&uri=true" if os.geteuid() == 0 else url
    try:
        result = subprocess.run([*VEILLE, "ingest", str(more), "--db", read_only_url],
                                capture_output=True, text=True, check=False)
    finally:
        path.chmod(0o644)
    assert result.returncode != 0
    assert "readonly" in result.stderr.replace("read-only", "readonly")
    assert "Traceback" not in result.stderr
    assert len(_state(url)) == 3


def test_full_disk_keeps_what_was_stored(tmp_path: Path) -> None:
    """SQLite's max_page_count makes the database 'full' exactly as a full disk does."""
    from sqlalchemy import event

    url = f"sqlite:///{tmp_path / 'full.db'}"
    store = open_store(url)
    first = tmp_path / "first"
    _write_corpus(first, files=1, per_file=5)
    ingest_paths(store, [first])

    def cap_size(connection, _record) -> None:  # type: ignore[no-untyped-def]
        connection.execute("PRAGMA max_page_count = 60")

    store.engine.dispose()
    event.listen(store.engine, "connect", cap_size)
    big = tmp_path / "big"
    _write_corpus(big, files=2, per_file=300, prefix="big")
    with pytest.raises(OperationalError, match="full"):
        ingest_paths(store, [big])
    assert len(_state(url)) >= 5
    assert {"f0-0", "f0-4"} <= {external for external, _ in _state(url)}


def test_locked_database_gives_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "locked.db"
    url = f"sqlite:///{path}"
    open_store(url).close()
    holder = sqlite3.connect(path)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        folder = tmp_path / "in"
        _write_corpus(folder, files=1, per_file=2)
        env = {**os.environ, "VEILLE_SQLITE_TIMEOUT": "1"}
        result = subprocess.run([*VEILLE, "ingest", str(folder), "--db", url],
                                capture_output=True, text=True, env=env, timeout=120,
                                check=False)
        assert result.returncode != 0
        assert "locked" in result.stderr and "Traceback" not in result.stderr
    finally:
        holder.rollback()
        holder.close()
    assert _state(url) == []


def test_unreachable_database_server() -> None:
    with pytest.raises(StoreError, match="cannot open the store"):
        open_store("postgresql://nobody@127.0.0.1:1/none")
