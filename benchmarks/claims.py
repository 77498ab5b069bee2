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
import re
import time
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from veille.extract.attribution import is_observer, is_unattributed
from veille.extract.claims import SOURCE_COUNT, ClaimDraft, extract_claims
from veille.extract.cues import cue_set
from veille.extract.dates import find_dates
from veille.extract.entities import find_entities, ner_pipeline
from veille.extract.quantities import find_quantities, quantity_lexicon
from veille.extract.sentences import Sentence, split_sentences
from veille.ontology import states_named_by_capitals

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
    """Known ways of misreading a figure, counted over every claim of every article:
    a subject that is an outlet, research centre, monitor or intelligence service (they
    report figures about others; a count of the sources a report rests on, `source_count`,
    is said of its outlet by design), a length in millimetres taken for a distance or a range
    (it is a calibre), a subject made of function words ("than", "Of the", "около") or of the
    figure's bound ("approximately"), a production figure that counts no thing made
    (people, videos, the "one" of "one-way"), a place or a weapon given as the source of a
    cue it does not stand next to ("London" for "said the London-based Rusi think tank"),
    a cue read inside a name ("States" in "the United States said"), the day of a date
    taken for a figure ("am 23. November"), a span of time counted as things ("in one
    night"), a transfer from a state to itself ("Tehran" to "Iran"), and a count of states
    ("the two countries": the parties already named)."""
    found = {"claims": 0, "observer_as_subject": 0, "millimetres_as_distance": 0,
             "function_word_subject": 0, "non_product_as_production": 0,
             "place_or_weapon_as_source": 0, "cue_inside_name": 0, "day_as_figure": 0,
             "time_span_as_count": 0, "transfer_to_itself": 0, "states_counted": 0}
    for article in articles.values():
        language = article.get("language") or "en"
        text = article["text"]
        mentions = mentions_of(text, language)
        sentences = split_sentences(text, language)
        for claim in extract_claims(text, language, mentions, source="benchmark"):
            found["claims"] += 1
            found["observer_as_subject"] += is_observer(claim.subject) and \
                claim.property != SOURCE_COUNT
            found["millimetres_as_distance"] += (
                claim.property in ("distance", "range_km")
                and claim.unit == "millimetre")
            found["function_word_subject"] += function_word_subject(claim, language)
            found["non_product_as_production"] += non_product_as_production(claim, language)
            source, sentence, cues = _source_cue(text, sentences, claim)
            found["place_or_weapon_as_source"] += source is not None and \
                place_or_weapon_as_source(text, sentence, source, cues, mentions)
            found["cue_inside_name"] += source is not None and bool(cues) and all(
                cue_inside_name(text, sentence, cue, len(source["cue"]), mentions)
                for cue in cues)
            found["day_as_figure"] += day_as_figure(text, claim, language)
            found["time_span_as_count"] += claim.unit in TIME_SPANS
            found["transfer_to_itself"] += transfer_to_itself(claim)
            found["states_counted"] += "low" in claim.value and any(
                cue.label == "states" for cue in cue_set(
                    language, "properties", "counted_classes").find(
                        str(claim.value.get("text") or "")))
    return found


TIME_SPANS = frozenset({"second", "minute", "hour", "day", "night", "week", "month", "year",
                        "decade"})


def transfer_to_itself(claim: ClaimDraft) -> bool:
    """A transfer whose giver and receiver name one state, a capital standing for it."""
    if claim.property != "supplied_to" or not claim.subject_entity_id:
        return False
    states = states_named_by_capitals()
    giver = states.get(claim.subject_entity_id, claim.subject_entity_id)
    receiver = claim.value.get("entity_id")
    return giver == states.get(receiver, receiver)


def day_as_figure(text: str, claim: ClaimDraft, language: str) -> bool:
    """A bare figure written right before a month name, its ordinal dot aside: a day."""
    figure = str(claim.value.get("text") or "")
    if not figure.isdigit():
        return False
    at = text.find(figure, claim.start)
    following = text[at + len(figure):at + len(figure) + 16].lstrip(". ").split()
    return at >= 0 and bool(following) and \
        following[0].lower().strip(".,") in quantity_lexicon(language).months


def function_word_subject(claim: ClaimDraft, language: str) -> bool:
    """A subject that names no entity and is only spaCy's stop words of the language, or the
    bound words of a figure ("US" linked to the United States is a name, not "us")."""
    words = re.findall(r"[^\W\d_]+", claim.subject.lower())
    bound = quantity_lexicon(language).bound_re.fullmatch(claim.subject.strip())
    return claim.subject_entity_id is None and bool(words) and (
        all(word in _stop_words(language) for word in words)
        or bound is not None and bool(bound.group()))


@lru_cache(maxsize=32)
def _stop_words(language: str) -> frozenset[str]:
    from spacy.util import get_lang_class

    try:
        return frozenset(get_lang_class(language).Defaults.stop_words)
    except ImportError:
        return frozenset()


def non_product_as_production(claim: ClaimDraft, language: str) -> bool:
    """A production figure whose words name people or records ("200 women", "hundreds of
    videos"), or a number word hyphenated to a word ("one-way", "two-stage")."""
    if claim.property not in ("production_total", "production_rate"):
        return False
    text = str(claim.value.get("text") or "")
    return bool(cue_set(language, "properties", "counted_classes").find(text)
                or re.fullmatch(r"[^\W\d_]+-[^\W\d_]+", text))


def _source_cue(text: str, sentences: list[Sentence], claim: ClaimDraft
                ) -> tuple[dict[str, Any] | None, Sentence, list[int]]:
    """The claim's own named source (not inherited), its sentence, and where its cue occurs
    in that sentence."""
    sentence = next((s for s in sentences if s.start <= claim.start < s.end), sentences[0])
    source = next((link for link in claim.attribution if not link.get("inherited")
                   and link["role"] in ("speaker", "organisation", "outlet")), None)
    if source is None or not source.get("cue"):
        return None, sentence, []
    cues = [match.start() for match in re.finditer(re.escape(source["cue"]), text)
            if sentence.start <= match.start() < sentence.end]
    return source, sentence, cues


def place_or_weapon_as_source(text: str, sentence: Sentence, source: dict[str, Any],
                              cues: list[int], mentions: list[dict[str, Any]]) -> bool:
    """A place or weapon named as the source that is neither the bare subject right before its
    cue ("Germany have announced", "Kyiv's city administration stated") nor right after it
    ("said Russia"): a name the cue does not govern ("the London-based Rusi", "in Iran and
    Russia ... and identified")."""
    places = [m for m in mentions if m["label"] in ("LOC", "WEAPON")
              and m["text"] == source["name"] and sentence.start <= m["start"] < sentence.end]
    for place in places:
        if text[place["end"]:place["end"] + 1] == "-":
            continue  # "London-based" only qualifies what follows
        for cue in cues:
            if place["end"] <= cue and re.fullmatch(
                    r"(?:['’]s(?:\s+\S+){0,3})?(?:\s+[^\s,]+)?\s*", text[place["end"]:cue]):
                return False
            if cue < place["start"] and re.fullmatch(
                    r"\s+(?:\S+\s+)?", text[cue + len(source["cue"]):place["start"]]):
                return False
    return bool(places)


def cue_inside_name(text: str, sentence: Sentence, cue: int, length: int,
                    mentions: list[dict[str, Any]]) -> bool:
    """A cue that overlaps an entity mention, or a capitalised cue inside a run of capitalised
    words past the sentence's first word ("Response to Alleged Missile Transfers")."""
    if any(m["start"] < cue + length and cue < m["end"] for m in mentions
           if m["label"] not in ("QUANTITY", "DATE")):
        return True
    before = text[sentence.start:cue].split()[-1:]
    after = text[cue + length:sentence.end].split()[:1]
    return text[cue:cue + 1].isupper() and bool(before) and (
        before[0][:1].isupper() and before[0][-1:].isalnum()
        or bool(after) and after[0][:1].isupper())


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
