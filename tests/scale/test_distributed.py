"""Analysis on a Dask LocalCluster gives exactly what a single-process run gives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import veille.export.registry  # noqa: F401  (registers exporters)
from veille.distributed import dask_mapper
from veille.export import EXPORTERS
from veille.ingest.service import ingest_paths
from veille.pipeline import run_stages
from veille.store import Store, open_store


def _rows(kind: str, store: Store) -> list[str]:
    """Exported rows in a store-independent order (collations differ between databases)."""
    return sorted(json.dumps(row, sort_keys=True, default=str) for row in EXPORTERS[kind](store))


COMPARED = ("documents", "mentions", "claims", "stories", "lineage", "flags")


def _analysed(url: str, corpus: list[Path], workers: int) -> Store:
    store = open_store(url)
    ingest_paths(store, corpus)
    if workers:
        with dask_mapper(workers=workers) as mapper:
            run_stages(store, mapper=mapper, batch_size=16)
    else:
        run_stages(store, batch_size=16)
    return store


@pytest.mark.slow
def test_two_workers_match_one_process(tmp_path: Path, shared_dir: Path) -> None:
    corpus = [shared_dir / "seeds"]
    local = _analysed(f"sqlite:///{tmp_path / 'local.db'}", corpus, workers=0)
    spread = _analysed(f"sqlite:///{tmp_path / 'dask.db'}", corpus, workers=2)
    for kind in COMPARED:
        if kind in EXPORTERS:
            assert _rows(kind, spread) == _rows(kind, local), kind
    assert list(EXPORTERS["mentions"](local)), "the comparison must cover real mentions"
