"""Running document stages on Dask: a local cluster of N workers, or an existing scheduler.

Each task is one batch of document ids; the worker loads the batch from the store,
computes, saves and marks it done (`pipeline.run_batch`), exactly as a single process does.
This process only hands out ids and counts outcomes, so it never becomes the bottleneck
that reading inputs and writing every result for all workers made it: the workers' share
of the work is the whole of it. Workers therefore need the store itself: a database file on
this machine for a local cluster, a PostgreSQL server every node can reach for a cluster of
several machines.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from veille.pipeline import BatchOutcome, BatchRunner, DocumentStage, run_batch
from veille.store import Store, StoreError, open_store

# A local cluster has no dashboard to show worker profiles, and the profiler's sampling of
# the task thread every 10 ms takes the GIL from it: with as many workers as cores, the
# handoffs wait on the CPU and slow every worker.
LOCAL_WORKER_CONFIG = {"distributed.worker.profile.enabled": False}

# Stores opened by this worker process, by URL: one engine (and connection pool) per worker.
_WORKER_STORES: dict[str, Store] = {}


def run_batch_on_worker(url: str, stage: DocumentStage, document_ids: list[str]
                        ) -> BatchOutcome:
    """A Dask task: one batch against the store at `url`, opened once per worker."""
    store = _WORKER_STORES.get(url)
    if store is None:
        store = _WORKER_STORES[url] = open_store(url, upgrade=False)
    return run_batch(store, stage, document_ids)


def _check_shareable(store: Store) -> None:
    if store.engine.dialect.name == "sqlite" and store.engine.url.database in (None, "",
                                                                               ":memory:"):
        raise StoreError("an in-memory SQLite store cannot be shared with Dask workers; "
                         "use a database file or PostgreSQL")


class _DaskRunner:
    """Gives every batch of a document stage to the cluster's workers."""

    def __init__(self, client: Any, owns_cluster: bool) -> None:
        self.client = client
        self.owns_cluster = owns_cluster

    def __call__(self, store: Store, stage: DocumentStage, batches: Iterable[list[str]]
                 ) -> Iterator[BatchOutcome]:
        from dask.distributed import as_completed

        _check_shareable(store)
        futures: list[Any] = [
            self.client.submit(run_batch_on_worker, store.url, stage, list(document_ids),
                               pure=False)
            for document_ids in batches
        ]
        for future in as_completed(futures):
            yield future.result()

    def release(self) -> None:
        """Restart the workers of a cluster this runner started: the models and stores they
        hold (about 0.9 GB each with spaCy loaded) are freed while a corpus stage runs in
        this process; a later document stage loads them again. The workers of a cluster
        joined through its scheduler are left alone: other clients may be using them."""
        if self.owns_cluster:
            self.client.restart()


@contextmanager
def dask_runner(*, workers: int = 0, scheduler: str | None = None) -> Iterator[BatchRunner]:
    """A `BatchRunner` that gives every batch to the cluster's workers."""
    import dask
    from dask.distributed import Client, LocalCluster

    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        with dask.config.set(LOCAL_WORKER_CONFIG):
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   dashboard_address=None)
        client = Client(cluster)
    try:
        yield _DaskRunner(client, owns_cluster=cluster is not None)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
