"""Entity linking accuracy and speed.

1. Demo gold (src/veille/demo/gold/mentions.jsonl: {"id", "text", "entity"} over the demo
   corpus): a gold mention counts as linked when veille finds a mention with exactly that
   text in the document and links it to the gazetteer entry named `entity`.
2. Dev corpus (../shared/devcorpus): every quote of the `entity_variants` checks holds a
   variant spelling of one entity; it counts when a mention inside the quote links to it.
3. Speed: words per second of spaCy NER alone (the shipped model, NER pipe only) and of the
   whole entities stage (NER + gazetteer + linking), side by side on the same English and
   French texts, and of the stage on the other languages (gazetteer + fuzzy names only).

Run: .venv/bin/python benchmarks/entity_linking.py [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

from veille.extract.entities import find_entities, find_entities_many, ner_pipeline
from veille.extract.linking import fold
from veille.ontology import load_entity_types, load_gazetteer

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "src" / "veille" / "demo"
SHARED = ROOT.parent / "shared"

# Which gazetteer entry each devcorpus `entity_variants` check is about.
DEVCORPUS_ENTITIES = {
    "isis_name_garbled": "isis-think-tank",
    "shagivaleev_name_variant": "timur-shagivaleev",
    "fath360_name_variants": "fath-360",
    "blinken_name_misspelled": "antony-blinken",
    "koksan_designation_variants": "koksan",
    "krasnoyarsk_garbled": "krasnoyarsk",
    "budanov_name_garbled": "kyrylo-budanov",
    "stmicro_nationality_variants": "stmicroelectronics",
    "rusi_name_garbled": "rusi",
    "x101_name_variant": "kh-101",
}


def _read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _entry_key(name: str) -> str | None:
    """The gazetteer entry whose name or alias is `name` (gold files name entities)."""
    wanted = fold(name)
    for entry in load_gazetteer().entries:
        if any(fold(form.text) == wanted for form in entry.forms):
            return entry.key
    return None


def _occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    spans, start = [], text.find(needle)
    while start >= 0:
        spans.append((start, start + len(needle)))
        start = text.find(needle, start + 1)
    return spans


def demo_gold() -> None:
    gold_path = DEMO / "gold" / "mentions.jsonl"
    corpus_path = DEMO / "corpus" / "articles.jsonl"
    if not gold_path.is_file() or not corpus_path.is_file():
        print("demo gold: not found, skipped")
        return
    articles = {row["id"]: row for row in _read_jsonl(corpus_path)}
    gold = _read_jsonl(gold_path)
    found_cache: dict[str, list] = {}
    linked = spotted = exact = 0
    misses: list[str] = []
    by_language: Counter[str] = Counter()
    correct_by_language: Counter[str] = Counter()
    for row in gold:
        article = articles.get(row["id"])
        expected = _entry_key(row["entity"])
        if article is None or expected is None:
            misses.append(f"  {row['id']}: {row['text']!r} -> {row['entity']!r}: "
                          f"{'no article' if article is None else 'entity not in gazetteer'}")
            continue
        language = article.get("language") or row["id"].split("-")[1]
        by_language[language] += 1
        if row["id"] not in found_cache:
            found_cache[row["id"]] = find_entities(article["text"], language)
        mentions = found_cache[row["id"]]
        same_text = [m for m in mentions if m.text == row["text"]]
        spotted += bool(same_text)
        exact += any(m.gazetteer_key == expected for m in same_text)
        # Overlap: a mention over any occurrence of the gold text ("Kursk region" for "Kursk").
        occurrences = _occurrences(article["text"], row["text"])
        overlapping = [m for m in mentions for start, end in occurrences
                       if m.start < end and start < m.end]
        if any(m.gazetteer_key == expected for m in overlapping):
            linked += 1
            correct_by_language[language] += 1
        else:
            got = sorted({f"{m.text}={m.gazetteer_key}" for m in overlapping}) or ["no mention"]
            misses.append(f"  {row['id']}: {row['text']!r} -> {expected}: got {', '.join(got)}")
    total = len(gold)
    print(f"demo gold: {total} mentions in {len(found_cache)} documents")
    print(f"  same span found:            {spotted}/{total} = {spotted / total:.1%}")
    print(f"  same span, linked correctly: {exact}/{total} = {exact / total:.1%}")
    print(f"  overlapping span, linked correctly: {linked}/{total} = {linked / total:.1%}")
    print("  by language: " + ", ".join(
        f"{lang} {correct_by_language[lang]}/{count}" for lang, count in sorted(by_language.items())))
    for line in misses:
        print(line)


def devcorpus_variants() -> None:
    checks_path = SHARED / "devcorpus" / "gold_checks.jsonl"
    articles_path = SHARED / "devcorpus" / "articles.jsonl"
    if not checks_path.is_file():
        print("devcorpus: ../shared/devcorpus not found, skipped")
        return
    articles = {row["id"]: row for row in _read_jsonl(articles_path)}
    seen_checks: set[str] = set()
    total = correct = 0
    misses: list[str] = []
    cache: dict[str, list] = {}
    for check in _read_jsonl(checks_path):
        if not check.get("entity_variants") or check["check"] in seen_checks:
            continue
        seen_checks.add(check["check"])
        expected = DEVCORPUS_ENTITIES.get(check["check"])
        if expected is None:
            print(f"  (no expected entity for check {check['check']}: skipped)")
            continue
        for evidence in check["evidence"]:
            article = articles[evidence["id"]]
            start = article["text"].find(evidence["quote"])
            if start < 0:
                continue
            end = start + len(evidence["quote"])
            if article["id"] not in cache:
                cache[article["id"]] = find_entities(article["text"], article.get("language"))
            inside = [m for m in cache[article["id"]] if start <= m.start and m.end <= end]
            total += 1
            if any(m.gazetteer_key == expected for m in inside):
                correct += 1
            else:
                got = sorted({f"{m.text}={m.gazetteer_key}" for m in inside}) or ["nothing"]
                misses.append(f"  {check['check']} {evidence['id']} ({article.get('language')}): "
                              f"{evidence['quote']!r}: got {'; '.join(got)}")
    print(f"devcorpus entity_variants: {len(seen_checks)} checks, {total} quotes")
    print(f"  linked to the expected entity: {correct}/{total} = {correct / max(total, 1):.1%}")
    for line in misses:
        print(line)


def _words(texts: list[str]) -> int:
    return sum(len(text.split()) for text in texts)


def speed(repeat: int) -> None:
    articles_path = SHARED / "devcorpus" / "articles.jsonl"
    if articles_path.is_file():
        rows = _read_jsonl(articles_path)
        source = "../shared/devcorpus"
    else:
        rows = _read_jsonl(DEMO / "corpus" / "articles.jsonl")
        source = "demo corpus"
    settings = load_entity_types()
    by_language: dict[str, list[str]] = {}
    for row in rows:
        by_language.setdefault(row.get("language") or "", []).append(row["text"])
    print(f"speed on {source} ({repeat} passes, models loaded beforehand):")
    for language, model in sorted(settings.ner.models.items()):
        texts = by_language.get(language, []) * repeat
        if not texts:
            continue
        nlp = ner_pipeline(model)
        list(nlp.pipe(texts[:2]))  # warm up
        find_entities_many(texts[:2], language)
        began = time.perf_counter()
        for _ in nlp.pipe(texts):
            pass
        ner_seconds = time.perf_counter() - began
        began = time.perf_counter()
        find_entities_many(texts, language)
        stage_seconds = time.perf_counter() - began
        words = _words(texts)
        print(f"  {language}: {words} words; spaCy NER alone {words / ner_seconds:,.0f} words/s; "
              f"entities stage {words / stage_seconds:,.0f} words/s "
              f"({ner_seconds / stage_seconds:.0%} of NER speed)")
    others = [(language, text) for language, texts in by_language.items()
              if language not in settings.ner.models for text in texts] * repeat
    if others:
        began = time.perf_counter()
        for language, text in others:
            find_entities(text, language)
        seconds = time.perf_counter() - began
        words = _words([text for _, text in others])
        print(f"  other languages (gazetteer + fuzzy names, no NER): {words} words; "
              f"{words / seconds:,.0f} words/s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="Passes over the speed texts.")
    parser.add_argument("--skip-speed", action="store_true")
    args = parser.parse_args()
    gazetteer = load_gazetteer()
    print(f"gazetteer {gazetteer.version} ({gazetteer.fingerprint}): {len(gazetteer)} entries, "
          f"{sum(len(e.aliases) for e in gazetteer.entries)} aliases")
    demo_gold()
    devcorpus_variants()
    if not args.skip_speed:
        speed(args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
