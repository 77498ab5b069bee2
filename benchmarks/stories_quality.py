"""Score story clustering and copy detection on any labelled JSONL corpus.

    .venv/bin/python benchmarks/stories_quality.py --devcorpus
    .venv/bin/python benchmarks/stories_quality.py --demo
    .venv/bin/python benchmarks/stories_quality.py --synthetic 600
    .venv/bin/python benchmarks/stories_quality.py CORPUS.jsonl [--copies GOLD.jsonl]

A corpus line has `id`, `text`, `language`, optionally `published` (ISO date) and `source`,
and a `story` label. Copy gold is a JSONL of pairs (`source`/`target`, or `a`/`b`).
With --pipeline the corpus goes through veille itself instead: ingested into a temporary
SQLite store and analysed by the stages the stories stage needs (entities, vectors, stories),
so that the stage reads the linked entities and the stored vectors as `veille analyze` does,
and places undated documents in the store's arrival order. Without it, the story engine runs
on the rows alone (gazetteer entities, documents in the order of their ids): quicker, the
loop used to tune the clusterer, but not what a store holds.

Stories are scored with B-cubed precision/recall/F1. Copies: precision over predicted edges
(an edge is right when both ends are in one gold copy family: the connected components of
the gold pairs), recall over gold family pairs (found when predicted edges connect them).

On ../shared/devcorpus (--devcorpus): the `other` label holds unrelated distractors, so each
distractor event (its `substory`) is its own story; copy gold comes from the `provenance`
checks whose note describes a copy relation (a translation, rewrite or syndication of a
text), and since it covers only some documents, copies are scored among the documents those
checks name. The devcorpus is also scored against its `substory` labels (single events,
e.g. "2024-02-21 Reuters: Iran sent ~400 missiles"), the granularity the clusterer aims at:
its `story` labels are topics that run over two to three years.

The demo corpus is read whole: `corpus/articles.jsonl` plus the pages in `corpus/html/` and
`corpus/txt/` (read by veille's own ingest readers, language identified as ingest does),
since its gold names them. --synthetic N scores a corpus from benchmarks/synthetic_corpus.py
(stories and copy labels known by construction; dates given).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Iterable
from datetime import datetime
from itertools import combinations
from pathlib import Path

from veille.stories.copies import CopyLink
from veille.stories.engine import EngineResult, StoryEngine
from veille.stories.records import Record

REPO = Path(__file__).resolve().parents[1]
DEVCORPUS = REPO.parent / "shared" / "devcorpus"
DEMO = REPO / "src" / "veille" / "demo"
# Provenance checks that are not copy relations: two reports of one oral interview.
NOT_COPIES = {"chemezov_interfax_rg_same_interview"}


def read_jsonl(path: Path) -> list[dict]:
    rows = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as error:
                print(f"{path}:{number}: not JSON ({error.msg}); skipped", file=sys.stderr)
    return rows


def demo_rows(folder: Path) -> list[dict]:
    """The demo articles: the JSONL ones, then the HTML and text pages, read as ingest does."""
    from veille.ingest.language import identify_language
    from veille.ingest.readers import IngestError, read_html, read_text

    rows = read_jsonl(folder / "articles.jsonl")
    pages = sorted((folder / "html").glob("*.html")) + sorted((folder / "txt").glob("*.txt"))
    for page in pages:
        reader = read_html if page.suffix == ".html" else read_text
        try:
            article = reader(page.read_bytes(), str(page))
        except IngestError as error:
            print(error, file=sys.stderr)
            continue
        rows.append({"id": page.stem, "text": article.text,
                     "language": identify_language(article.text)[0],
                     "published": article.published.isoformat() if article.published else None,
                     "source": article.source})
    return rows


def synthetic_rows(size: int, seed: int) -> list[dict]:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from synthetic_corpus import generate

    return list(generate(size, seed))


def parse_date(value: object) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(str(value)).replace(tzinfo=None)
    except ValueError:
        return None


def records(rows: list[dict]) -> list[Record]:
    return [Record(str(row["id"]), row.get("text") or "", row.get("language"),
                   parse_date(row.get("published")), row.get("source")) for row in rows]


def bcubed(predicted: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 (Bagga and Baldwin) over the gold documents."""
    by_predicted: dict[str, set[str]] = {}
    by_gold: dict[str, set[str]] = {}
    for item, label in gold.items():
        by_gold.setdefault(label, set()).add(item)
        by_predicted.setdefault(predicted.get(item, f"missing:{item}"), set()).add(item)
    precision = recall = 0.0
    for item, label in gold.items():
        cluster = by_predicted[predicted.get(item, f"missing:{item}")]
        truth = by_gold[label]
        common = len(cluster & truth)
        precision += common / len(cluster)
        recall += common / len(truth)
    precision /= len(gold)
    recall /= len(gold)
    return precision, recall, _f1(precision, recall)


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def families(pairs: Iterable[tuple[str, str]]) -> set[frozenset[str]]:
    """All unordered pairs inside the connected components of the pairs (union-find)."""
    parent: dict[str, str] = {}

    def find(item: str) -> str:
        parent.setdefault(item, item)
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    for a, b in pairs:
        parent[find(a)] = find(b)
    groups: dict[str, list[str]] = {}
    for item in list(parent):
        groups.setdefault(find(item), []).append(item)
    return {frozenset(pair) for members in groups.values()
            for pair in combinations(sorted(members), 2)}


def pairwise(predicted: Iterable[tuple[str, str]], gold: Iterable[tuple[str, str]],
             universe: set[str] | None) -> tuple[float, float, float]:
    """Precision over predicted edges (right when both ends are in one gold copy family);
    recall over gold family pairs (found when the predicted edges connect them)."""
    edges = {frozenset(edge) for edge in predicted if edge[0] != edge[1]}
    gold_pairs = families(gold)
    if universe is not None:
        edges = {edge for edge in edges if edge <= universe}
    connected = families(tuple(edge) for edge in edges)
    precision = len(edges & gold_pairs) / len(edges) if edges else 0.0
    recall = len(connected & gold_pairs) / len(gold_pairs) if gold_pairs else 0.0
    return precision, recall, _f1(precision, recall)


def devcorpus_gold(folder: Path) -> tuple[dict[str, str], list[tuple[str, str]], set[str]]:
    rows = read_jsonl(folder / "articles.jsonl")
    labels = {row["id"]: (f"other:{row.get('substory') or row['id']}"
                          if row["story"] == "other" else row["story"]) for row in rows}
    pairs: list[tuple[str, str]] = []
    universe: set[str] = set()
    for check in read_jsonl(folder / "gold_checks.jsonl"):
        if check["type"] != "provenance" or check["check"] in NOT_COPIES:
            continue
        ids = sorted({item["id"] for item in check["evidence"]})
        universe.update(ids)
        pairs.extend(combinations(ids, 2))
    return labels, pairs, universe


INGESTED_FIELDS = ("id", "text", "url", "title", "published", "language", "source")


def through_store(rows: list[dict], folder: Path | None = None) -> EngineResult:
    """Stories and copy links as `veille analyze` leaves them in a store: the rows (or the
    files of `folder`) ingested into a temporary SQLite store, then the entities, vectors and
    stories stages; ids are the corpus ids (the store's external ids)."""
    from veille import pipeline
    from veille.ingest.service import ingest_paths
    from veille.store import open_store
    from veille.store.models import CopyEdge, Document

    with tempfile.TemporaryDirectory() as workdir:
        inputs = folder
        if inputs is None:
            inputs = Path(workdir) / "corpus.jsonl"
            inputs.write_text("".join(json.dumps({key: row[key] for key in INGESTED_FIELDS
                                                  if row.get(key) is not None}) + "\n"
                                      for row in rows), encoding="utf-8")
        store = open_store(f"sqlite:///{Path(workdir) / 'stories.db'}")
        ingest_paths(store, [inputs], on_error=lambda message: print(
            "  ingest:", message, file=sys.stderr))
        pipeline.run_stages(store, only=("entities", "vectors", "stories"))
        with store.session() as session:
            documents = session.query(Document.id, Document.external_id,
                                      Document.story_id).all()
            external = {row.id: row.external_id or row.id for row in documents}
            assignment = {external[row.id]: row.story_id or "" for row in documents}
            links = [(external[edge.source_document_id], external[edge.target_document_id])
                     for edge in session.query(CopyEdge)]
        store.engine.dispose()
    return EngineResult(assignment, [CopyLink(source, target, "", 0.0, "", [])
                                     for source, target in links])


def evaluate(rows: list[dict], labels: dict[str, str], gold_pairs: list[tuple[str, str]] | None,
             universe: set[str] | None, name: str,
             event_labels: dict[str, str] | None = None, *, pipeline: bool = False,
             folder: Path | None = None) -> dict[str, object]:
    started = time.perf_counter()
    result = through_store(rows, folder) if pipeline else StoryEngine().run(records(rows))
    elapsed = time.perf_counter() - started
    precision, recall, f1 = bcubed(result.assignment, labels)
    report: dict[str, object] = {
        "corpus": name, "documents": len(rows),
        "languages": len({row.get("language") for row in rows}),
        "stories_predicted": len(set(result.assignment.values())),
        "stories_gold": len(set(labels.values())),
        "bcubed_precision": round(precision, 3), "bcubed_recall": round(recall, 3),
        "bcubed_f1": round(f1, 3), "copy_edges": len(result.links), "seconds": round(elapsed, 1),
        "path": "store pipeline" if pipeline else "story engine on the rows",
    }
    if event_labels is not None:
        precision, recall, f1 = bcubed(result.assignment, event_labels)
        report.update(events_gold=len(set(event_labels.values())),
                      event_bcubed_precision=round(precision, 3),
                      event_bcubed_recall=round(recall, 3), event_bcubed_f1=round(f1, 3))
    if gold_pairs is not None:
        edges = [(link.source, link.target) for link in result.links]
        copy_p, copy_r, copy_f1 = pairwise(edges, gold_pairs, universe)
        report.update(copy_precision=round(copy_p, 3), copy_recall=round(copy_r, 3),
                      copy_f1=round(copy_f1, 3))
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, help="labelled JSONL corpus")
    parser.add_argument("--copies", type=Path, help="copy-pair gold (JSONL)")
    parser.add_argument("--devcorpus", action="store_true", help="score ../shared/devcorpus")
    parser.add_argument("--demo", action="store_true", help="score the demo corpus")
    parser.add_argument("--synthetic", type=int, metavar="N",
                        help="score a synthetic corpus of N documents")
    parser.add_argument("--seed", type=int, default=3, help="seed of the synthetic corpus")
    parser.add_argument("--pipeline", action="store_true",
                        help="score what `veille analyze` stores (see the module docstring)")
    arguments = parser.parse_args()
    through = arguments.pipeline
    reports = []
    if arguments.devcorpus:
        if not DEVCORPUS.is_dir():
            print(f"{DEVCORPUS}: not found", file=sys.stderr)
            return 1
        labels, pairs, universe = devcorpus_gold(DEVCORPUS)
        rows = read_jsonl(DEVCORPUS / "articles.jsonl")
        events = {str(row["id"]): str(row["substory"]) for row in rows}
        reports.append(evaluate(rows, labels, pairs, universe, "devcorpus", events,
                                pipeline=through))
    targets = []
    if arguments.demo:
        targets.append((DEMO / "corpus" / "articles.jsonl", DEMO / "gold" / "copies.jsonl",
                        DEMO / "gold" / "stories.jsonl"))
    if arguments.corpus:
        targets.append((arguments.corpus, arguments.copies, None))
    for corpus, copies, story_file in targets:
        rows = demo_rows(corpus.parent) if story_file is not None else read_jsonl(corpus)
        labels = {str(row["id"]): str(row["story"]) for row in rows if row.get("story")}
        if story_file is not None and story_file.is_file():
            labels = {str(row["id"]): str(row["story"]) for row in read_jsonl(story_file)}
        gold_pairs = None
        if copies is not None and copies.is_file():
            gold_pairs = [(str(row.get("source", row.get("a"))), str(row.get("target", row.get("b"))))
                          for row in read_jsonl(copies)]
        reports.append(evaluate(rows, labels, gold_pairs, None, str(corpus.parent.parent.name)
                                if story_file is not None else str(corpus), pipeline=through,
                                folder=corpus.parent if story_file is not None else None))
    if arguments.synthetic:
        rows = synthetic_rows(arguments.synthetic, arguments.seed)
        labels = {str(row["id"]): str(row["story"]) for row in rows}
        gold_pairs = [(str(row["copy_of"]), str(row["id"])) for row in rows if row["copy_of"]]
        reports.append(evaluate(rows, labels, gold_pairs, None,
                                f"synthetic-{arguments.synthetic}-seed{arguments.seed}",
                                pipeline=through))
    if not reports:
        parser.print_help()
        return 2
    for report in reports:
        print(json.dumps(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
