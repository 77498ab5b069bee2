"""Score distortion flags and independent-origin counts against gold files.

Runs the whole pipeline (`veille.pipeline.run_stages`) on a temporary store for the demo
corpus and for ../shared/devcorpus (ingested as JSONL with id, url, language and text only:
story labels are not input), then scores the flags against the gold checks:
- a `deviates` quote is found when a flag's span overlaps it or lies in its sentence;
- a `reference` / `consistent` quote is falsely flagged when a flag overlaps it, or lies in
  its sentence without being explained by a planted distortion of that sentence;
- recall is given by tier (A: numbers, comparisons, hedges, attribution; B: names, dates).
For the demo it also compares independent-origin counts with gold/origins.jsonl, and repeats
the scoring with the gold copy links in place of the detected ones (`--gold-copies`), which
tells corroboration errors apart from copy-detection errors.

    .venv/bin/python benchmarks/flags_quality.py [--corpus demo|devcorpus|both]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from veille import pipeline
from veille.extract.sentences import split_sentences
from veille.ingest.service import ingest_paths
from veille.store import Store, open_store
from veille.store import corroboration as queries
from veille.store.workspace import iter_flags

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "src" / "veille" / "demo"
SHARED = ROOT / ".." / "shared"
# Gold slot names (origins.jsonl) -> the ontology properties and counted thing that answer them;
# for site features, the feature that names the slot's subject.
GOLD_SLOTS: dict[str, tuple[tuple[str, ...], str | None]] = {
    "new assembly building size_ratio": (("size_ratio",), None),
    "February 11 Plant worker housing": (("has_feature",), "worker housing"),
    "February 11 Plant tunnel entrance work": (("has_feature",), "tunnel entrance"),
    "February 11 Plant produces Hwasong-11 (only known site)": (("produces",), None),
    "new construction area": (("area",), None),
    "Hwasong-11 debris manufacture_date": (("manufacture_date",), None),
    "Hwasong-11 debris component_origin": (("component_origin",), None),
    "North Korean missile accuracy": (("accuracy",), None),
    "containers shipped to Russia count": (("delivery_count", "count"), "container"),
    "shell capacity of the containers": (("delivery_count", "count"), "shell"),
    "February 8 Vinalon Complex new building size_ratio": (("size_ratio",), None),
    "North Korean troops in Kursk count (early November 2024)": (("member_count",), None),
    "North Korean troops in Kursk count (early December 2024)": (("member_count",), None),
    "North Korean troops in Kursk count (January 2025)": (("member_count",), None),
}


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def build(paths: list[Path], workdir: Path) -> Store:
    store = open_store(f"sqlite:///{workdir / 'bench.db'}")
    summary = ingest_paths(store, paths, on_error=lambda message: print("  ingest:", message,
                                                                         file=sys.stderr))
    print(f"  ingested {summary.added} documents")
    started = time.perf_counter()
    report = pipeline.run_stages(store)
    print(f"  pipeline {time.perf_counter() - started:.0f} s; "
          + ", ".join(f"{k} {v}" for k, v in report.processed.items()))
    return store


def flags_by_document(store: Store) -> dict[str, list[dict[str, Any]]]:
    from veille.store import documents as document_queries

    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    with store.session() as session:
        external = document_queries.external_ids(session)
        texts = {doc.external_id: doc.text for doc in document_queries.all_documents(session)}
        for flag in iter_flags(session):
            found[external[flag.document_id]].append(
                {"start": flag.start, "end": flag.end, "kind": flag.kind})
    found["__texts__"] = texts  # type: ignore[assignment]
    return found


def _span(text: str, quote: str, language: str | None) -> tuple[int, int, int, int] | None:
    """(quote start, quote end, sentence start, sentence end) of a quote in its text."""
    start = text.find(quote)
    if start < 0:
        return None
    end = start + len(quote)
    sentences = [(s.start, s.end) for s in split_sentences(text, language)
                 if s.start < end and start < s.end]
    return (start, end, min([start] + [s for s, _ in sentences]),
            max([end] + [e for _, e in sentences]))


def _hit(flags: list[dict[str, Any]], span: tuple[int, int, int, int] | None,
         strict: bool = False) -> list[dict[str, Any]]:
    """Flags overlapping the quote, or (unless strict) lying in one of its sentences."""
    if span is None:
        return []
    low, high = (span[0], span[1]) if strict else (span[2], span[3])
    return [flag for flag in flags if flag["start"] < high and low < flag["end"]]


def score(store: Store, gold: list[dict[str, Any]], languages: dict[str, str]) -> dict[str, Any]:
    flags = flags_by_document(store)
    texts = flags.pop("__texts__")  # type: ignore[arg-type]
    recall: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    kind_match = [0, 0]
    false_alarms: list[str] = []
    checked = 0
    misses: list[str] = []
    explained: set[tuple[str, int, int]] = set()  # flags accounted for by a distortion
    for check in gold:
        tier = check.get("tier") or "-"
        for evidence in check.get("evidence", ()):
            doc, quote, role = evidence["id"], evidence["quote"], evidence.get("role")
            if doc not in texts or check["type"] != "distortion" or role != "deviates":
                continue
            hits = _hit(flags.get(doc, []), _span(texts[doc], quote, languages.get(doc)))
            explained.update((doc, flag["start"], flag["kind"]) for flag in hits)
            recall[tier][1] += 1
            kinds = [flag["kind"] for flag in hits]
            if kinds:
                recall[tier][0] += 1
                kind_match[1] += 1
                kind_match[0] += check.get("flag") in kinds
            else:
                misses.append(f"{check['check']} ({doc}, expects {check.get('flag')})")
    for check in gold:
        for evidence in check.get("evidence", ()):
            doc, quote, role = evidence["id"], evidence["quote"], evidence.get("role")
            if doc not in texts or role not in ("reference", "consistent"):
                continue
            checked += 1
            span = _span(texts[doc], quote, languages.get(doc))
            # a flag in the same sentence that a planted distortion explains is not an alarm
            alarms = [flag for flag in _hit(flags.get(doc, []), span)
                      if (doc, flag["start"], flag["kind"]) not in explained
                      or flag in _hit(flags.get(doc, []), span, strict=True)]
            if alarms:
                false_alarms.append(f"{check['check']} ({doc}: "
                                    f"{', '.join(flag['kind'] for flag in alarms)})")
    total = sum(len(v) for v in flags.values())
    return {"recall": dict(recall), "kind_match": kind_match, "false_alarms": false_alarms,
            "correct_versions": checked, "flags": total, "misses": misses}


def origin_counts(store: Store) -> list[tuple[str, int, int | None]]:
    gold = read_jsonl(DEMO / "gold" / "origins.jsonl")
    with store.session() as session:
        slots = queries.list_slots(session)
        members = queries.slot_claim_ids(session, [slot.id for slot in slots])
        claims_by_doc: dict[str, set[str]] = defaultdict(set)
        from veille.store.claims import iter_claims_with_documents

        for claim, doc in iter_claims_with_documents(session):
            claims_by_doc[doc].add(claim.id)
        rows = []
        for entry in gold:
            properties, counted = GOLD_SLOTS.get(entry["slot"], ((), None))
            origin_claims = claims_by_doc.get(entry["origin_doc"], set())
            candidates = [slot for slot in slots if slot.property in properties
                          and set(members.get(slot.id, ())) & origin_claims
                          and (counted is None or (slot.summary or {}).get("counted") == counted
                               or slot.property == "has_feature"
                               and slot.subject.startswith(counted))]
            best = max(candidates, key=lambda s: len(members.get(s.id, ())), default=None)
            rows.append((entry["slot"], entry["independent_origins"],
                         best.independent_origins if best else None))
    return rows


def report(name: str, result: dict[str, Any]) -> None:
    print(f"  flags raised: {result['flags']}")
    for tier in sorted(result["recall"]):
        found, total = result["recall"][tier]
        print(f"  recall of distortions, tier {tier}: {found}/{total} = {found / total:.0%}")
    found, total = result["kind_match"]
    if total:
        print(f"  found distortions with the expected kind: {found}/{total}")
    alarms = result["false_alarms"]
    print(f"  false alarms on correct versions: {len(alarms)} of {result['correct_versions']}")
    for alarm in alarms:
        print(f"    false alarm: {alarm}")
    for miss in result["misses"]:
        print(f"    missed: {miss}")


def run_demo(gold_copies: bool) -> None:
    print("demo corpus")
    gold = read_jsonl(DEMO / "gold" / "gold.jsonl")
    languages = {row["id"]: row.get("language") for row in
                 read_jsonl(DEMO / "corpus" / "articles.jsonl")}
    with tempfile.TemporaryDirectory() as workdir:
        store = build([DEMO / "corpus"], Path(workdir))
        report("demo", score(store, gold, languages))
        rows = origin_counts(store)
        right = sum(found == expected for _, expected, found in rows)
        print(f"  independent-origin counts right: {right}/{len(rows)}")
        for slot, expected, found in rows:
            print(f"    {slot}: gold {expected}, found {found if found is not None else 'no slot'}")
        if gold_copies:
            print("demo corpus, gold copy links in place of the detected ones")
            links = [(row["source"], row["target"], row["kind"])
                     for row in read_jsonl(DEMO / "gold" / "copies.jsonl")]
            with store.session() as session:
                queries.set_copy_links(session, links)
            pipeline.run_stages(store, only=["corroborate"])
            report("demo/gold copies", score(store, gold, languages))
            rows = origin_counts(store)
            right = sum(found == expected for _, expected, found in rows)
            print(f"  independent-origin counts right: {right}/{len(rows)}")


def run_devcorpus() -> None:
    articles = SHARED / "devcorpus" / "articles.jsonl"
    if not articles.is_file():
        print("devcorpus: ../shared/devcorpus is not beside the checkout; skipped")
        return
    print("devcorpus")
    rows = read_jsonl(articles)
    gold = read_jsonl(SHARED / "devcorpus" / "gold_checks.jsonl")
    with tempfile.TemporaryDirectory() as workdir:
        inputs = Path(workdir) / "articles.jsonl"
        inputs.write_text("".join(json.dumps({key: row.get(key) for key in
                                              ("id", "url", "language", "text")},
                                             ensure_ascii=False) + "\n" for row in rows),
                          encoding="utf-8")
        store = build([inputs], Path(workdir))
        report("devcorpus", score(store, gold, {row["id"]: row.get("language") for row in rows}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=("demo", "devcorpus", "both"), default="both")
    parser.add_argument("--no-gold-copies", action="store_true",
                        help="skip the demo run with the gold copy links")
    args = parser.parse_args()
    if args.corpus in ("demo", "both"):
        run_demo(gold_copies=not args.no_gold_copies)
    if args.corpus in ("devcorpus", "both"):
        run_devcorpus()


if __name__ == "__main__":
    main()
