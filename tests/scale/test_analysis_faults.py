"""An analysis killed with SIGKILL and run again ends in the same state as an uninterrupted one."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select

import veille.export.registry  # noqa: F401  (registers exporters)
from veille.demo import CORPUS_DIR
from veille.export import EXPORTERS
from veille.ingest.service import ingest_paths
from veille.pipeline import run_stages
from veille.store import Store, open_store
from veille.store.models import StageRun


def _rows(kind: str, store: Store) -> list[str]:
    """Exported rows in a store-independent order (collations differ between databases)."""
    return sorted(json.dumps(row, sort_keys=True, default=str) for row in EXPORTERS[kind](store))


VEILLE = [sys.executable, "-m", "veille"]
COMPARED = ("documents", "mentions", "claims", "slots", "flags")


def _stage_runs(url: str) -> int:
    store = open_store(url)
    with store.session() as session:
        count = session.scalar(select(func.count()).select_from(StageRun)) or 0
    store.close()
    return count


def test_kill_during_analysis_then_resume(tmp_path: Path, store_url: str) -> None:
    ingest_paths(open_store(store_url), [CORPUS_DIR])
    env = {**os.environ, "VEILLE_DB": store_url}
    process = subprocess.Popen([*VEILLE, "analyze", "--batch-size", "4"], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 300
    while _stage_runs(store_url) < 8 and time.time() < deadline and process.poll() is None:
        time.sleep(0.2)
    process.send_signal(signal.SIGKILL)
    process.wait()
    interrupted_at = _stage_runs(store_url)
    assert 0 < interrupted_at < 36, "the kill must land inside the first document stage"
    resumed_run = subprocess.run([*VEILLE, "analyze", "--batch-size", "4"], env=env,
                                 check=False, capture_output=True, text=True)
    assert resumed_run.returncode == 0, resumed_run.stderr[-2000:]

    reference = open_store(f"sqlite:///{tmp_path / 'reference.db'}")
    ingest_paths(reference, [CORPUS_DIR])
    run_stages(reference, batch_size=4)
    resumed = open_store(store_url)
    for kind in COMPARED:
        assert _rows(kind, resumed) == _rows(kind, reference), kind
    assert list(EXPORTERS["claims"](resumed)), "the comparison must cover real claims"
