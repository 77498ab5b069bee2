"""Time and memory of the corroboration stage on synthetic corpora, at growing sizes.

Documents, stories and copy links come from `benchmarks/synthetic_corpus.generate(n, seed)`
(the stories benchmark's corpus); the upstream stages are not run (the entity models alone
would take hours at 100k documents on 2 cores): each document gets claims built from its
story's figures, as the claims stage would store them. Each original reports four figures of
its story under its own source; copies carry their original's claims, and one copy in ten
distorts a figure (x10, an inverted ratio or a dropped hedge), so flags are exercised too.
The stage then runs in a fresh process, whose peak memory is reported.

    .venv/bin/python benchmarks/corroboration_speed.py 1000 10000 30000 100000
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import resource
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic_corpus import generate

from veille.ids import stable_id
from veille.store import open_store
from veille.store.models import Claim, Document, Entity, Source, Story

SOURCES = [f"Analyst Group {n}" for n in range(40)]


def _figures(rng: random.Random) -> list[tuple[str, dict, str | None, dict, str]]:
    ratio = rng.choice([0.3, 0.5, 0.6, 0.7])
    count = rng.choice([50, 100, 400, 10000])
    rate = rng.choice([20, 100, 226])
    return [
        ("size_ratio", {"low": ratio, "high": ratio + 0.1, "bound": "=", "text": "ratio"},
         "ratio", {}, "estimated"),
        ("delivery_count", {"low": count, "high": count, "bound": ">=", "text": "count"},
         "missile", {"counted": "missile"}, "reported"),
        ("production_rate", {"low": rate, "high": rate, "bound": "~", "text": "rate"},
         "missile", {"counted": "missile", "per": "month"}, "hedged"),
        ("event_date", {"low": "2024-06-01", "high": "2024-06-30", "text": "June 2024"},
         None, {}, "reported"),
    ]


def build(path: str, n: int, seed: int) -> int:
    store = open_store(f"sqlite:///{path}")
    rng = random.Random(seed)
    story_figures: dict[str, list] = {}
    rows = list(generate(n, seed))
    claims = 0
    with store.session() as session:
        session.add_all(Source(id=stable_id("src_", name), name=name) for name in SOURCES)
        session.add_all(Entity(id=stable_id("ent_", name), name=name, type="ORG")
                        for name in SOURCES)
        session.add_all(Entity(id=stable_id("ent_", "plant", story), name=f"plant {story}",
                               type="FACILITY")
                        for story in sorted({str(row["story"]) for row in rows}))
        session.add_all(Story(id=story, size=0) for story in sorted({str(r["story"]) for r in rows}))
        session.flush()
        ids = {str(row["id"]): stable_id("doc_", row["id"]) for row in rows}
        own_source: dict[str, str] = {}
        pending: list[Claim] = []
        document_figures: dict[str, list] = {}
        for row in rows:
            story = str(row["story"])
            document_id = ids[str(row["id"])]
            parent = str(row["copy_of"]) if row["copy_of"] else None
            source = own_source.get(parent) if parent else rng.choice(SOURCES)
            own_source[str(row["id"])] = source or rng.choice(SOURCES)
            session.add(Document(
                id=document_id, external_id=str(row["id"]), sha256=stable_id("", row["id"]),
                source_id=stable_id("src_", rng.choice(SOURCES)), text=str(row["text"])[:200],
                language=str(row["language"]), published=datetime.fromisoformat(
                    str(row["published"])), ingested_at=datetime(2026, 1, 1), story_id=story,
                copy_of=ids.get(parent or ""), copy_kind=row.get("copy_kind")))
            if parent is not None and parent in document_figures:
                figures = document_figures[parent]
            elif story in story_figures and rng.random() < 0.5:
                figures = _figures(rng)  # a second team with its own figures
            else:
                figures = story_figures.setdefault(story, _figures(rng))
            document_figures[str(row["id"])] = figures
            for index, (prop, value, unit, qualifiers, modality) in enumerate(figures):
                value = dict(value)
                if parent and rng.random() < 0.1 and prop == "delivery_count":
                    value["low"] = value["high"] = value["low"] * 10
                attribution = [{"name": own_source[str(row["id"])], "role": "organisation",
                                "entity_id": stable_id("ent_", own_source[str(row["id"])]),
                                "cue": "said"}]
                pending.append(Claim(
                    id=stable_id("clm_", document_id, index), document_id=document_id,
                    start=index * 50, end=index * 50 + 40, quote=str(value.get("text")),
                    subject="new hall (plant)", subject_entity_id=stable_id(
                        "ent_", "plant", story), property=prop, value=value, unit=unit,
                    reference="main building" if prop == "size_ratio" else None,
                    qualifiers=qualifiers, attribution=attribution, modality=modality,
                    confidence=0.8))
                claims += 1
        session.flush()
        for offset in range(0, len(pending), 20000):
            session.add_all(pending[offset:offset + 20000])
            session.flush()
    store.close()
    return claims


def _stage(path: str, queue: multiprocessing.Queue) -> None:
    from veille.corroborate.stage import run
    from veille.store import open_store as open_

    store = open_(f"sqlite:///{path}")
    started = time.perf_counter()
    documents = run(store)
    elapsed = time.perf_counter() - started
    with store.session() as session:
        from veille.store.workspace import counts

        found = counts(session)
    queue.put((documents, elapsed, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
               found["slots"], found["flags"]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print("documents  claims   slots  claims/slot  flags  stage s  docs/s  peak MB")
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as workdir:
            path = str(Path(workdir) / "speed.db")
            claims = build(path, size, args.seed)
            context = multiprocessing.get_context("spawn")
            queue = context.Queue()
            process = context.Process(target=_stage, args=(path, queue))
            process.start()
            documents, elapsed, peak, slots, flags = queue.get()
            process.join()
            print(f"{documents:>9}  {claims:>6}  {slots:>6}  {claims / max(slots, 1):>11.1f}  "
                  f"{flags:>5}  {elapsed:>7.1f}  {documents / elapsed:>6.0f}  {peak:>7.0f}")


if __name__ == "__main__":
    main()
