"""Running document stages on Dask: a local cluster of N workers, or an existing scheduler.

`compute` functions are pure and picklable, so they ship to workers as they are; results
come back to this process, which alone writes to the store.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from veille.pipeline import Compute, DocumentInput, Mapper


@contextmanager
def dask_mapper(*, workers: int = 0, scheduler: str | None = None) -> Iterator[Mapper]:
    """A `Mapper` that spreads each batch over the cluster's workers, keeping input order."""
    from dask.distributed import Client, LocalCluster

    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)

    def mapper(compute: Compute, documents: Sequence[DocumentInput]) -> list[Any]:
        futures = client.map(compute, list(documents), pure=False)
        return client.gather(futures)

    try:
        yield mapper
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
