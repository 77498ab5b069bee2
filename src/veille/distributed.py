"""Running document stages on Dask: a local cluster of N workers, or an existing scheduler.

`compute` functions are pure and picklable, so they ship to workers as they are; results
come back to this process, which alone writes to the store. A batch is cut into a few chunks
per worker rather than one task per document, so the scheduler's per-task cost stays small
next to the work, and the mapper keeps a few batches in flight: the workers compute the next
batches while this process writes the last one, instead of waiting for it.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from veille.pipeline import Batches, Compute, DocumentInput, Mapper

CHUNKS_PER_WORKER = 2
BATCHES_IN_FLIGHT = 3


def compute_chunk(documents: list[DocumentInput], compute: Compute) -> list[Any]:
    """Run a stage's `compute` over a chunk of documents on one worker, in order."""
    return [compute(document) for document in documents]


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

    def submit(compute: Compute, batch: Sequence[DocumentInput]) -> list[Any]:
        workers_now = max(1, len(client.scheduler_info().get("workers", {})))
        size = max(1, math.ceil(len(batch) / (CHUNKS_PER_WORKER * workers_now)))
        chunks = [list(batch[i : i + size]) for i in range(0, len(batch), size)]
        return client.map(compute_chunk, chunks, compute=compute, pure=False)

    def mapper(compute: Compute, batches: Batches
               ) -> Iterator[tuple[Sequence[DocumentInput], list[Any]]]:
        in_flight: deque[tuple[Sequence[DocumentInput], list[Any]]] = deque()
        for batch in batches:
            in_flight.append((batch, submit(compute, batch)))
            if len(in_flight) >= BATCHES_IN_FLIGHT:
                yield _collect(client, *in_flight.popleft())
        while in_flight:
            yield _collect(client, *in_flight.popleft())

    try:
        yield mapper
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _collect(client: Any, batch: Sequence[DocumentInput], futures: list[Any]
             ) -> tuple[Sequence[DocumentInput], list[Any]]:
    return batch, [result for chunk in client.gather(futures) for result in chunk]
