"""Score quantity extraction on NewsQuant-dev, side by side with quantulum3 (and CQE if present).

    .venv/bin/python benchmarks/newsquant.py [--data PATH] [--errors N]

Matching: a predicted quantity matches a gold one when the values are equal within a
relative tolerance of 1e-5 (ranges compared as (low, high)); each gold quantity is matched at
most once per sentence. Value+unit also needs the unit. Every gold quantity carries its unit
twice, as written (`unit`: "US$", "miles") and as a canonical name (`normalized_unit`:
"dollar", "mile"); a system may report either kind (veille reports the written span,
quantulum3 a canonical name). All three strings (gold `unit`, gold `normalized_unit`, the
system's unit) go through the same normaliser (`veille.extract.quantities.normalize_unit`);
the **strict** rule accepts the system's unit when it equals either normalised gold form.
The **lenient** rule also accepts the same head noun ("first-team players" / "players").
Gold "-" means no unit. Both rules are applied identically to every system.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import time
from collections.abc import Callable
from pathlib import Path

from veille.extract.dates import find_dates
from veille.extract.quantities import find_quantities, normalize_unit

DEFAULT_DATA = (Path(__file__).resolve().parents[1] / ".." / "shared" / "benchmarks"
                / "newsquant-dev" / "NewsQuant-dev.json")

Prediction = tuple[float, float, str | None]


def gold_value(raw: str) -> tuple[float, float] | None:
    text = str(raw).strip()
    for separator in ("-",):
        head, _, tail = text[1:].partition(separator)
        if tail:
            try:
                return float(text[0] + head), float(tail)
            except ValueError:
                pass
    try:
        value = float(text)
    except ValueError:
        return None
    return value, value


def same_value(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return all(math.isclose(x, y, rel_tol=1e-5, abs_tol=1e-9) for x, y in zip(a, b))


def canonical_unit(unit: str | None) -> str | None:
    if unit is None or unit.strip() in ("", "-"):
        return None
    return normalize_unit(unit, "en")


def _head_phrase(unit: str | None) -> str | None:
    """"snaps of man coverage" -> "snaps", "of the largest dinosaurs" -> "largest dinosaurs"."""
    if unit is None:
        return None
    text = unit.strip()
    text = text[7:] if text.lower().startswith("of the ") else text
    return text.split(" of ")[0]


def same_unit(gold: str | None, gold_normalized: str | None, predicted: str | None,
              strict: bool) -> bool:
    """Whether `predicted` names the gold unit, written (`gold`) or canonical."""
    p = canonical_unit(predicted)
    for form in (gold, gold_normalized):
        g = canonical_unit(form)
        if g == p or g is not None and p is not None and g.lower() == p.lower():
            return True
    if strict:
        return False
    if gold and predicted and (
            canonical_unit(_head_phrase(gold)) == canonical_unit(_head_phrase(predicted))):
        return True
    g = canonical_unit(gold)
    if g is None or p is None:
        return False
    g_words, p_words = g.lower().split(), p.lower().split()
    return g_words[-1:] == p_words[-1:] or (" per " in g and g.split(" per ")[0] == p)


def veille_predict(text: str) -> list[Prediction]:
    return [(q.low, q.high, q.normalized_unit) for q in find_quantities(text, "en")]


def quantulum_predict_factory() -> Callable[[str], list[Prediction]] | None:
    if importlib.util.find_spec("quantulum3") is None:
        return None
    from quantulum3 import parser

    def predict(text: str) -> list[Prediction]:
        found = []
        for quantity in parser.parse(text):
            unit = quantity.surface.replace(str(quantity.value), "").strip() or None
            name = quantity.unit.name if quantity.unit else None
            if name in (None, "dimensionless"):
                unit = None
            elif quantity.unit.entity and quantity.unit.entity.name == "currency":
                unit = name
            else:
                unit = name
            value = float(quantity.value)
            if quantity.uncertainty:
                found.append((value - quantity.uncertainty, value + quantity.uncertainty, unit))
            else:
                found.append((value, value, unit))
        return found

    return predict


def score(items: list[dict], predict: Callable[[str], list[Prediction]],
          errors: int = 0) -> dict[str, float]:
    counts = {"gold": 0, "predicted": 0, "value": 0, "unit": 0, "unit_strict": 0}
    shown = 0
    started = time.perf_counter()
    words = 0
    for item in items:
        text = item["text"]
        words += len(text.split())
        predicted = predict(text)
        gold = [(gold_value(q["value"]), q.get("unit"), q.get("normalized_unit"))
                for q in item["quantities"]]
        gold = [(v, u, n) for v, u, n in gold if v is not None]
        counts["gold"] += len(gold)
        counts["predicted"] += len(predicted)
        used: set[int] = set()
        missed = []
        for low, high, unit in predicted:
            match = next((i for i, (value, _, _) in enumerate(gold)
                          if i not in used and same_value(value, (low, high))), None)
            if match is None:
                missed.append(("FP", (low, high, unit)))
                continue
            used.add(match)
            counts["value"] += 1
            _, gold_unit, gold_normalized = gold[match]
            if same_unit(gold_unit, gold_normalized, unit, strict=False):
                counts["unit"] += 1
            if same_unit(gold_unit, gold_normalized, unit, strict=True):
                counts["unit_strict"] += 1
            else:
                missed.append(("UNIT", (low, high, unit, gold_unit, gold_normalized)))
        missed += [("FN", gold[i][:2]) for i in range(len(gold)) if i not in used]
        if errors and missed and shown < errors:
            shown += 1
            print("  ", text)
            for kind, detail in missed:
                print("      ", kind, detail)
    elapsed = time.perf_counter() - started

    def f1(hits: int) -> tuple[float, float, float]:
        precision = hits / counts["predicted"] if counts["predicted"] else 0.0
        recall = hits / counts["gold"] if counts["gold"] else 0.0
        f = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return 100 * precision, 100 * recall, 100 * f

    result: dict[str, float] = {"words_per_second": words / elapsed if elapsed else 0.0}
    for name, key in (("value", "value"), ("value+unit", "unit"),
                      ("value+unit strict", "unit_strict")):
        result[f"{name} P"], result[f"{name} R"], result[f"{name} F1"] = f1(counts[key])
    return result


def extraction_speed(texts: list[str], rounds: int = 10) -> tuple[float, float]:
    """Words per CPU second of quantities alone and of quantities + dates together."""
    find_quantities("warm up: 5 km", "en")
    find_dates("warm up: May 2019", "en")
    words = rounds * sum(len(text.split()) for text in texts)
    published = __import__("datetime").date(2024, 11, 27)
    started = time.process_time()
    for _ in range(rounds):
        for text in texts:
            find_quantities(text, "en")
    quantities_only = time.process_time() - started
    started = time.process_time()
    for _ in range(rounds):
        for text in texts:
            find_quantities(text, "en")
            find_dates(text, "en", published)
    both = time.process_time() - started
    return words / quantities_only, words / both


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--errors", type=int, default=0, help="print N sentences with errors")
    args = parser.parse_args()
    if not args.data.is_file():
        raise SystemExit(f"error: {args.data}: NewsQuant-dev not found")
    items = json.loads(args.data.read_text(encoding="utf-8"))
    gold_count = sum(len(item["quantities"]) for item in items)
    print(f"NewsQuant-dev: {len(items)} sentences, {gold_count} gold quantities")
    systems: dict[str, Callable[[str], list[Prediction]]] = {"veille": veille_predict}
    quantulum = quantulum_predict_factory()
    if quantulum:
        systems["quantulum3"] = quantulum
    else:
        print("quantulum3 not installed: skipped")
    if importlib.util.find_spec("cqe") is None:
        print("CQE not installed: skipped (it needs spaCy models and a downloaded classifier)")
    header = ("system", "value P", "value R", "value F1", "v+u strict P", "v+u strict R",
              "v+u strict F1", "v+u lenient P", "v+u lenient R", "v+u lenient F1", "words/s")
    print(" | ".join(header))
    for name, predict in systems.items():
        result = score(items, predict, errors=args.errors if name == "veille" else 0)
        print(" | ".join([name] + [f"{result[k]:.1f}" for k in (
            "value P", "value R", "value F1", "value+unit strict P", "value+unit strict R",
            "value+unit strict F1", "value+unit P", "value+unit R", "value+unit F1")]
            + [f"{result['words_per_second']:.0f}"]))
    alone, together = extraction_speed([item["text"] for item in items])
    print(f"speed (CPU time, 10 passes): quantities {alone:,.0f} words/s; "
          f"quantities + dates {together:,.0f} words/s")


if __name__ == "__main__":
    main()
