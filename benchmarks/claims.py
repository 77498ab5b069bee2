"""Claim extraction: recall and precision against gold quotes, and speed against spaCy NER.

    .venv/bin/python benchmarks/claims.py [--devcorpus PATH] [--demo PATH] [--speed-only]

Quality (method in docs/benchmarks/claims.md): every evidence quote of the gold checks is a
passage a claim should cover. A quote is *recalled* when a claim's span overlaps it and, if
the quote holds numbers, the claim's value is one of them (same low/high as a quantity parsed
from the quote). *Precision* is measured on the claims that overlap a gold quote: the share
whose value is one of the quote's numbers (or, for quotes without numbers, whose property
is not a bare count). The demo gold (src/veille/demo/gold/gold.jsonl) is scored on every
tier; the dev corpus (../shared/devcorpus) on its tier-A checks, as the issue asks.

Speed: words per second of spaCy NER alone (the shipped model restricted to its NER, and the
full default pipeline) against the extraction stages (entities with that NER, quantities,
dates, claims), on the same English and French texts, in one run.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from veille.extract.attribution import is_observer, is_unattributed
from veille.extract.claims import ClaimDraft, extract_claims
from veille.extract.dates import find_dates
from veille.extract.entities import find_entities, ner_pipeline
from veille.extract.quantities import find_quantities

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"
SCORED_TYPES = {"distortion", "should_not_flag", "contradiction", "corroboration"}


def mentions_of(text: str, language: str) -> list[dict[str, Any]]:
    """What the entities, quantities and dates stages would store for the text."""
    found: list[dict[str, Any]] = []
    for mention in find_entities(text, language):
        found.append({"start": mention.start, "end": mention.end, "text": mention.text,
                          "label": mention.label, "entity_id": mention.gazetteer_key, "value": None})
    for quantity in find_quantities(text, language):
        found.append({"start": quantity.start, "end": quantity.end, "text": quantity.text,
                          "label": "QUANTITY", "entity_id": None, "value": quantity.to_json()})
    for date in find_dates(text, language, None):
        found.append({"start": date.start, "end": date.end, "text": date.text, "label": "DATE",
                          "entity_id": None, "value": date.to_json()})
    return found


def claims_of(text: str, language: str) -> list[ClaimDraft]:
    return extract_claims(text, language, mentions_of(text, language), source="benchmark")


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def _numbers(quote: str, language: str) -> list[tuple[float, float]]:
    return [(q.low, q.high) for q in find_quantities(quote, language)]


def _value_matches(claim: ClaimDraft, numbers: list[tuple[float, float]]) -> bool:
    low, high = claim.value.get("low"), claim.value.get("high")
    if isinstance(low, str):  # a date claim: one of the quote's numbers is its year
        return any(low.startswith(f"{int(n_low):04d}") for n_low, _ in numbers
                   if 1000 <= n_low <= 2999)
    if not isinstance(low, (int, float)) or not isinstance(high, (int, float)):
        return False
    for n_low, n_high in numbers:
        if abs(low - n_low) <= 1e-6 * max(1, abs(n_low)) and \
                abs(high - n_high) <= 1e-6 * max(1, abs(n_high)):
            return True
        if n_low and abs(low - n_low / 100) < 1e-6 and abs(high - n_high / 100) < 1e-6:
            return True  # a percentage read as a ratio ("60-70% the size of")
        if n_low and abs(low - (1 + n_low / 100)) < 1e-6:
            return True  # "60-70% larger"
    return False


def score(articles: dict[str, dict[str, Any]], checks: Iterable[dict[str, Any]],
          tiers: set[str] | None) -> dict[str, Any]:
    quotes = []
    for check in checks:
        if check.get("type") not in SCORED_TYPES:
            continue
        if tiers is not None and check.get("tier") not in tiers:
            continue
        if check.get("entity_variants") or check.get("flag") == "name_garbled":
            continue  # a check about how a name is written, not about a claim
        for evidence in check["evidence"]:
            if evidence["id"] in articles:
                quotes.append((check["check"], evidence["id"], evidence["quote"]))
    cache: dict[str, list[ClaimDraft]] = {}
    recalled = 0
    overlapping_total = overlapping_good = 0
    modalities: Counter[str] = Counter()
    attributed = 0
    misses = []
    for check, doc_id, quote in quotes:
        article = articles[doc_id]
        language = article.get("language") or "en"
        if doc_id not in cache:
            cache[doc_id] = claims_of(article["text"], language)
        start = article["text"].find(quote)
        end = start + len(quote)
        numbers = _numbers(quote, language)
        overlapping = [c for c in cache[doc_id] if c.start < end and start < c.end]
        good = [c for c in overlapping
                if (_value_matches(c, numbers) if numbers else c.property != "count")]
        overlapping_total += len(overlapping)
        overlapping_good += len(good)
        if good:
            recalled += 1
            best = good[0]
            modalities[best.modality] += 1
            attributed += not is_unattributed(best.attribution)
        else:
            misses.append(f"{check} {doc_id}: {quote[:70]}")
    return {
        "quotes": len(quotes), "recalled": recalled,
        "recall": recalled / len(quotes) if quotes else 0.0,
        "claims_on_quotes": overlapping_total,
        "precision": overlapping_good / overlapping_total if overlapping_total else 0.0,
        "modalities": dict(modalities), "attributed": attributed, "misses": misses,
    }


def misreadings(articles: dict[str, dict[str, Any]]) -> dict[str, int]:
    """Two known ways of misreading a figure, counted over every claim of every article:
    a subject that is an outlet, research centre, monitor or intelligence service (they
    report figures about others), and a length in millimetres taken for a distance or a range
    (it is a calibre)."""
    found = {"claims": 0, "observer_as_subject": 0, "millimetres_as_distance": 0}
    for article in articles.values():
        for claim in claims_of(article["text"], article.get("language") or "en"):
            found["claims"] += 1
            found["observer_as_subject"] += is_observer(claim.subject)
            found["millimetres_as_distance"] += (
                claim.property in ("distance", "range_km")
                and claim.unit == "millimetre")
    return found


def print_score(name: str, result: dict[str, Any], show_misses: int) -> None:
    print(f"== {name}")
    print(f"quotes {result['quotes']}  recalled {result['recalled']}  "
          f"recall {result['recall']:.1%}")
    print(f"claims overlapping quotes {result['claims_on_quotes']}  "
          f"precision {result['precision']:.1%}")
    print(f"modality of recalled claims {result['modalities']}; named attribution "
          f"{result['attributed']}/{result['recalled']}")
    for miss in result["misses"][:show_misses]:
        print("  miss:", miss)


def speed(texts: list[tuple[str, str]], repeat: int) -> None:
    """Words per second: spaCy NER alone vs the extraction stages, same texts, one run."""
    import spacy

    from veille.extract.entities import load_entity_types

    models = load_entity_types().ner.models
    texts = [(t, lang) for t, lang in texts if lang in models]
    words = sum(len(t.split()) for t, _ in texts) * repeat
    by_language: dict[str, list[str]] = {}
    for text, language in texts:
        by_language.setdefault(language, []).append(text)
    for language in by_language:  # load everything before timing
        ner_pipeline(models[language])
    for text, language in texts:  # one untimed pass: lazy indexes (geocoder) build on first use
        claims_of(text, language)
    full = {language: spacy.load(models[language]) for language in by_language}

    runs = {
        "ner_only": lambda: [list(ner_pipeline(models[lang]).pipe(batch))
                             for lang, batch in by_language.items()],
        "ner_full": lambda: [list(full[lang].pipe(batch)) for lang, batch in by_language.items()],
        "extraction": lambda: [claims_of(text, language) for text, language in texts],
    }
    seconds = dict.fromkeys(runs, 0.0)
    for _ in range(repeat):  # interleaved, so that a change of machine load hits all three
        for name, run in runs.items():
            began = time.perf_counter()
            run()
            seconds[name] += time.perf_counter() - began
    ner_only, ner_full, extraction = seconds["ner_only"], seconds["ner_full"], seconds["extraction"]
    print(f"== speed on {len(texts)} en/fr texts x{repeat}, {words} words")
    print(f"spaCy NER only (ner component)   {words / ner_only:10.0f} words/s")
    print(f"spaCy default pipeline           {words / ner_full:10.0f} words/s")
    print(f"extraction (entities+quantities+dates+claims) {words / extraction:10.0f} words/s")
    print(f"ratio extraction / NER-only      {ner_only / extraction:.2f}")
    print(f"ratio extraction / default spaCy {ner_full / extraction:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devcorpus", type=Path, default=SHARED / "devcorpus")
    parser.add_argument("--demo", type=Path, default=ROOT / "src" / "veille" / "demo")
    parser.add_argument("--speed-only", action="store_true")
    parser.add_argument("--quality-only", action="store_true")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--misses", type=int, default=15)
    args = parser.parse_args()
    texts: list[tuple[str, str]] = []
    dev_articles = args.devcorpus / "articles.jsonl"
    if dev_articles.is_file():
        articles = {a["id"]: a for a in read_jsonl(dev_articles)}
        texts += [(a["text"], a.get("language") or "en") for a in articles.values()]
        if not args.speed_only:
            result = score(articles, read_jsonl(args.devcorpus / "gold_checks.jsonl"), {"A"})
            print_score("devcorpus tier A", result, args.misses)
            print("misreadings over all claims:", misreadings(articles))
    else:
        print(f"devcorpus not found at {args.devcorpus}: skipped")
    demo_articles = args.demo / "corpus" / "articles.jsonl"
    demo_gold = args.demo / "gold" / "gold.jsonl"
    if demo_articles.is_file() and demo_gold.is_file():
        articles = {a["id"]: a for a in read_jsonl(demo_articles)}
        texts += [(a["text"], a.get("language") or "en") for a in articles.values()]
        if not args.speed_only:
            print_score("demo gold", score(articles, read_jsonl(demo_gold), None), args.misses)
            print("misreadings over all claims:", misreadings(articles))
    if not args.quality_only:
        speed(texts, args.repeat)


if __name__ == "__main__":
    main()
