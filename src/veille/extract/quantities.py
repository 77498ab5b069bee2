"""Quantities in text: a number (or range) with its unit, bound, change and comparison.

Built on `veille.extract.numbers`; every phrase list (units, "about", "more than", "rose",
"the size of"...) comes from `lang/<code>/{units,bounds,comparisons}.yaml` plus the
language-independent symbols in `lang/mul/`. The lexicons are compiled once per language.

Comparisons become ratios against a reference: "60-70% the size of the existing building" is
[0.6, 0.7], "60-70% larger" is [1.6, 1.7], "60-70% smaller" is [0.3, 0.4], "twice the size of"
is 2.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any

from veille.extract.numbers import (
    MAX_TEXT_CHARS,
    NumberLexicon,
    NumberSpan,
    ParseError,
    find_numbers,
    number_lexicon,
)
from veille.lang import load_lexicon

__all__ = ["ParseError", "Quantity", "find_quantities", "normalize_unit", "quantities_as_records"]

BOUND_WINDOW = 48  # characters scanned before a number for "about", "more than", "rose by"
AFTER_WINDOW = 80  # characters scanned after a quantity for a comparison phrase


@dataclass(frozen=True)
class Quantity:
    start: int
    end: int
    text: str
    low: float
    high: float
    bound: str  # "=", "~", ">", ">=", "<", "<=", "up", "down"
    unit: str | None
    normalized_unit: str | None
    kind: str  # "count" | "measure" | "percent" | "ratio" | "money" | "number"
    reference: str | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class _Unit:
    canonical: str
    kind: str


def _phrase_alternation(phrases: list[str]) -> str:
    """Regex alternation of phrases, longest first, with flexible inner whitespace."""
    ordered = sorted({p for p in phrases if p}, key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(part) for part in p.split()) for p in ordered)


def _boundary(phrase: str) -> str:
    return r"(?![^\W_])" if phrase[-1:].isalnum() else ""


@dataclass(frozen=True)
class QuantityLexicon:
    """Everything `find_quantities` needs for one language, compiled."""

    numbers: NumberLexicon
    units: dict[str, _Unit]  # exact symbol forms and lower-cased word forms
    word_units: dict[str, _Unit]  # the language's word forms only, lower-cased
    canonical_names: dict[str, str]  # _name_key(canonical) -> canonical, for idempotence
    unit_re: re.Pattern[str]  # units after a number
    word_unit_re: re.Pattern[str] | None  # word units alone ("lb-ft" beside the symbol "lb")
    prefix_currency_re: re.Pattern[str]  # currency sign or code right before a number
    currency_units: dict[str, _Unit]  # prefix form -> currency ("PS" before digits is GBP)
    folded_currencies: frozenset[str]  # ASCII-folded signs: need an amount of 2+ digits
    hyphen_prefix_bounds: dict[str, str]  # "sub-7 nm": prefix -> bound
    suspended_re: re.Pattern[str] | None  # "four-, five- and six-cylinder"
    fraction_words: dict[str, float]
    fraction_after_re: re.Pattern[str] | None  # "two-thirds of": fraction word after a number
    bare_fraction_re: re.Pattern[str] | None  # "a third of", "half of" with no number
    fraction_blockers: frozenset[str]  # "the second half of", "the first three quarters of"
    proportion_re: re.Pattern[str] | None  # "one out of three", "one in five"
    bound_re: re.Pattern[str]  # cues right before a number (anchored at the end)
    range_re: re.Pattern[str]  # separator between two numbers of a range
    openers: dict[str, frozenset[str]]
    bound_last_words: frozenset[str]
    bound_symbols: tuple[str, ...]
    change_by: frozenset[str]
    separators: frozenset[str]
    abbreviation_re: re.Pattern[str] | None
    money_abbreviation_re: re.Pattern[str] | None
    abbreviations: dict[str, float]
    comparison_re: re.Pattern[str] | None
    multiple_re: re.Pattern[str] | None
    comparison_kind: dict[str, str]
    multiple_words: dict[str, float]
    times_re: re.Pattern[str] | None
    reference_markers: frozenset[str]
    reference_stops: frozenset[str]
    not_units: frozenset[str]
    plural_rules: tuple[tuple[str, str], ...]
    irregular: dict[str, str]
    plural_endings: tuple[str, ...]
    count_nouns_need_plural: bool
    months: frozenset[str]
    designators: frozenset[str]
    street_words: frozenset[str]
    per_blockers: frozenset[str]
    pronoun_numbers: frozenset[str]
    vague_of_re: re.Pattern[str] | None
    after_change: dict[str, str]
    after_change_re: re.Pattern[str] | None
    time_re: re.Pattern[str] | None
    year_label_re: re.Pattern[str] | None  # "year 113", "l'année « 113 »": a date


def _load_units(language: str
                ) -> tuple[dict[str, _Unit], dict[str, _Unit], list[str], list[str]]:
    units: dict[str, _Unit] = {}
    word_units: dict[str, _Unit] = {}
    symbols: list[str] = []
    words: list[str] = []
    for code, bucket in (("mul", symbols), (language, words)):
        for canonical, spec in (load_lexicon(code, "units").get("units") or {}).items():
            unit = _Unit(str(canonical), str(spec.get("kind", "measure")))
            for form in spec.get("forms") or []:
                form = str(form)
                key = form if code == "mul" else form.lower()
                units.setdefault(key, unit)
                if code != "mul":
                    word_units.setdefault(key, unit)
                bucket.append(form)
    return units, word_units, symbols, words


@lru_cache(maxsize=64)
def quantity_lexicon(language: str) -> QuantityLexicon:
    numbers = number_lexicon(language)
    units, word_units, symbols, words = _load_units(language)
    unit_alternatives = []
    word_alternative = None
    if symbols:
        unit_alternatives.append(
            "(?P<sym>" + "|".join(
                re.escape(s) + _boundary(s) for s in sorted(set(symbols), key=len, reverse=True)
            ) + ")")
    if words:
        word_alternative = "(?i:(?P<word>" + "|".join(
            r"\s+".join(re.escape(part) for part in w.split()) + _boundary(w)
            for w in sorted(set(words), key=len, reverse=True)
        ) + "))"
        unit_alternatives.append(word_alternative)
    unit_re = re.compile(r"[ \u00a0\u202f-]?(?:" + "|".join(unit_alternatives or ["(?!)"]) + ")")
    mul_units = load_lexicon("mul", "units")
    prefixes = [str(p) for p in mul_units.get("prefix_currencies") or []]
    prefixes += [str(p) for p in load_lexicon(language, "units").get("prefix_currencies") or []]
    folded = {str(k): str(v) for k, v in (mul_units.get("folded_prefix_currencies") or {}).items()}
    by_canonical = {unit.canonical: unit for unit in units.values()}
    currency_units = {form: units[form] for form in prefixes if form in units}
    currency_units.update({form: by_canonical[canonical] for form, canonical in folded.items()
                           if canonical in by_canonical})
    prefixes += list(folded)
    prefix_currency_re = re.compile(
        "(?:" + "|".join(re.escape(p) for p in sorted(set(prefixes), key=len, reverse=True))
        + r")[ \u00a0]?\Z"
    )
    bounds = {**{k: list(v) for k, v in load_lexicon("mul", "bounds").items()
                 if isinstance(v, list)}}
    for key, value in load_lexicon(language, "bounds").items():
        if isinstance(value, list):
            bounds[key] = sorted({*bounds.get(key, []), *map(str, value)})
    cue_keys = ("approximate", "more_than", "at_least", "less_than", "at_most", "exactly", "up",
                "down", "change_by")
    groups = []
    for name in ("approximate", "more_than", "at_least", "less_than", "at_most", "exactly"):
        if bounds.get(name):
            groups.append(f"(?P<{name}>{_phrase_alternation(bounds[name])})")
    change = ""
    if bounds.get("up") or bounds.get("down"):
        by = _phrase_alternation(bounds.get("change_by", [])) or "(?!)"
        change = (f"(?:(?:(?P<up>{_phrase_alternation(bounds.get('up', [])) or '(?!)'})"
                  f"|(?P<down>{_phrase_alternation(bounds.get('down', [])) or '(?!)'}))"
                  rf"(?:\s+(?:{by}))?\s+)?")
    bound_part = ("(?:(?<![^\\W_])(?:" + "|".join(groups) + r")\s*)?") if groups else ""
    bound_re = re.compile(rf"(?i:(?<![^\W_]){change}{bound_part})\Z") if change else \
        re.compile(rf"(?i:{bound_part})\Z")
    separators = [str(s) for s in bounds.get("range_separators", [])]
    raw_openers = load_lexicon(language, "bounds").get("range_openers") or {}
    openers = {str(k).lower(): frozenset(str(x).lower() for x in v)
               for k, v in raw_openers.items()}
    joiners = [*separators, *(w for v in openers.values() for w in v)]
    range_re = re.compile(
        r"\s*(?:" + _phrase_alternation(joiners) + r")\s*", re.IGNORECASE
    ) if joiners else re.compile("(?!)")
    number_data = load_lexicon(language, "numbers")
    abbreviations = {str(k).lower(): float(v)
                     for k, v in (number_data.get("abbreviations") or {}).items()}
    money_abbreviations = {str(k).lower(): float(v)
                           for k, v in (number_data.get("money_abbreviations") or {}).items()}
    abbreviations_all = {**money_abbreviations, **abbreviations}

    def abbreviation_pattern(keys: list[str]) -> re.Pattern[str] | None:
        if not keys:
            return None
        alternation = "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))
        return re.compile(rf"[ \u00a0]?(?i:(?P<abbr>{alternation}))\.?(?![^\W_])")

    comparisons = load_lexicon(language, "comparisons")
    comparison_kind: dict[str, str] = {}
    for kind in ("of_size", "larger", "smaller"):
        for phrase in comparisons.get(kind) or []:
            comparison_kind.setdefault(" ".join(str(phrase).lower().split()), kind)
    comparison_re = re.compile(
        r"[ \u00a0]*(?i:(?P<phrase>" + _phrase_alternation(list(comparison_kind)) + r"))(?![^\W_])"
    ) if comparison_kind else None
    multiple_words = {str(k).lower(): float(v)
                      for k, v in (comparisons.get("multiple_words") or {}).items()}
    multiple_re = re.compile(
        r"(?<![^\W_])(?i:(?P<multiple>" + _phrase_alternation(list(multiple_words)) + r"))"
        + r"(?![^\W_])"
    ) if multiple_words and comparison_kind else None
    times = [str(t) for t in comparisons.get("times") or []]
    times_re = re.compile(r"[ \u00a0-]?(?i:" + _phrase_alternation(times) + r")(?![^\W_])") \
        if times else None
    unit_data = load_lexicon(language, "units")
    dates = load_lexicon(language, "dates")
    bound_data = load_lexicon(language, "bounds")
    after_change = {**{str(w).lower(): "up" for w in bound_data.get("after_up") or []},
                    **{str(w).lower(): "down" for w in bound_data.get("after_down") or []},
                    **{str(k).lower(): str(v)
                       for k, v in (bound_data.get("after_bounds") or {}).items()}}
    months = frozenset(str(m).lower() for m in (dates.get("months") or {}))
    year_words = [str(w) for w in dates.get("year_words") or []]
    of_words = [str(w) for w in unit_data.get("quantity_of") or []]
    of_cue = (r"[ \u00a0]*(?i:" + "|".join(
        _phrase_alternation([w]) + _boundary(w) for w in sorted(of_words, key=len, reverse=True))
        + ")") if of_words else None
    fraction_words = {str(k).lower(): float(v)
                      for k, v in (number_data.get("fraction_words") or {}).items()}
    fraction_alternation = _phrase_alternation(list(fraction_words))
    articles = [str(a) for a in number_data.get("fraction_articles") or []]
    bare = [str(b) for b in number_data.get("bare_fractions") or []]
    proportion_words = [str(w) for w in number_data.get("proportion_words") or []]
    joiners = [str(w) for w in unit_data.get("suspended_joiners") or []]
    return QuantityLexicon(
        numbers=numbers,
        units=units,
        word_units=word_units,
        canonical_names={_name_key(u.canonical): u.canonical for u in units.values()},
        unit_re=unit_re,
        word_unit_re=re.compile(r"[ \u00a0\u202f-]?" + word_alternative)
        if word_alternative and symbols else None,
        prefix_currency_re=prefix_currency_re,
        currency_units=currency_units,
        folded_currencies=frozenset(folded),
        hyphen_prefix_bounds={str(k).lower(): str(v) for k, v in
                              (bound_data.get("hyphen_prefix_bounds") or {}).items()},
        suspended_re=re.compile(r"-[ \u00a0]*,?[ \u00a0]+(?:(?i:" + _phrase_alternation(joiners)
                                + r")[ \u00a0]+)?\Z") if joiners else None,
        fraction_words=fraction_words,
        fraction_after_re=re.compile(
            r"[ \u00a0-](?i:(?P<fraction>" + fraction_alternation + r"))(?![^\W_])(?=" + of_cue
            + ")") if fraction_words and of_cue else None,
        bare_fraction_re=re.compile(
            r"(?<![^\W_])(?i:(?:(?:" + _phrase_alternation(articles) + r")[ \u00a0]+(?P<fraction>"
            + fraction_alternation + r")|(?P<bare>" + _phrase_alternation(bare) + r")))(?=" + of_cue
            + ")") if fraction_words and of_cue and (articles or bare) else None,
        fraction_blockers=frozenset(str(w).lower()
                                    for w in number_data.get("fraction_blockers") or []),
        proportion_re=re.compile(r"[ \u00a0]+(?i:" + _phrase_alternation(proportion_words)
                                 + r")[ \u00a0]+\Z") if proportion_words else None,
        bound_re=bound_re,
        range_re=range_re,
        openers=openers,
        bound_last_words=frozenset(p.split()[-1].lower() for key in cue_keys
                                   for p in bounds.get(key, []) if p.strip()),
        bound_symbols=tuple(p for key in cue_keys for p in bounds.get(key, [])
                            if p and not p[-1].isalnum()),
        change_by=frozenset(str(x).lower() for x in bounds.get("change_by", [])),
        separators=frozenset(x.lower() for x in separators),
        abbreviation_re=abbreviation_pattern(list(abbreviations)),
        money_abbreviation_re=abbreviation_pattern(list(abbreviations_all)),
        abbreviations=abbreviations_all,
        comparison_re=comparison_re,
        multiple_re=multiple_re,
        comparison_kind=comparison_kind,
        multiple_words=multiple_words,
        times_re=times_re,
        reference_markers=frozenset(str(m).lower()
                                    for m in comparisons.get("reference_markers") or []),
        reference_stops=frozenset(str(m).lower()
                                  for m in comparisons.get("reference_stops") or []),
        not_units=frozenset(str(w).lower() for w in unit_data.get("not_units") or []),
        plural_rules=tuple((str(a), str(b)) for a, b in unit_data.get("plural_rules") or []),
        irregular={str(k).lower(): str(v)
                   for k, v in (unit_data.get("irregular_plurals") or {}).items()},
        plural_endings=tuple(str(e) for e in unit_data.get("plural_endings") or []),
        count_nouns_need_plural=bool(unit_data.get("plural_rules")),
        months=months,
        designators=frozenset(str(w).lower() for w in unit_data.get("designators") or []),
        street_words=frozenset(str(w).lower() for w in unit_data.get("street_words") or []),
        per_blockers=frozenset(str(w).lower() for w in unit_data.get("per_blockers") or []),
        pronoun_numbers=frozenset(str(w).lower()
                                  for w in number_data.get("pronoun_numbers") or []),
        vague_of_re=re.compile(r"[ \u00a0]+(?i:" + "|".join(
            _phrase_alternation([str(w)]) + _boundary(str(w))
            for w in sorted(unit_data.get("quantity_of") or [], key=len, reverse=True)) + ")")
        if unit_data.get("quantity_of") else None,
        after_change=after_change,
        after_change_re=re.compile(r"[ \u00a0]*(?i:(?P<after>" + _phrase_alternation(
            list(after_change)) + r"))(?![^\W_])") if after_change else None,
        time_re=re.compile(r"[ \u00a0]?(?i:" + _phrase_alternation(
            [str(w) for w in dates.get("time_suffixes") or []]) + r")(?![^\W_])")
        if dates.get("time_suffixes") else None,
        year_label_re=re.compile(r"(?<![^\W_])(?i:" + _phrase_alternation(year_words)
                                 + r")\s*[«\"“'‘]?\s*\Z") if year_words else None,
    )


# --- units --------------------------------------------------------------------------------

_WORD_RE = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


def singular(word: str, lexicon: QuantityLexicon) -> str:
    lowered = word.lower()
    if lowered in lexicon.irregular:
        return lexicon.irregular[lowered]
    for suffix, replacement in lexicon.plural_rules:
        if lowered.endswith(suffix) and len(lowered) > len(suffix) + 1:
            return lowered[: len(lowered) - len(suffix)] + replacement
    return lowered


def _looks_plural(word: str, lexicon: QuantityLexicon) -> bool:
    lowered = word.lower()
    if lowered in lexicon.irregular:
        return lexicon.irregular[lowered] != lowered or lowered in lexicon.plural_endings
    if lowered.endswith(("ss", "us", "is")):
        return False
    return lowered.endswith(lexicon.plural_endings)


def _unit_at(text: str, position: int, lexicon: QuantityLexicon
             ) -> tuple[str, _Unit, int] | None:
    """A lexicon unit starting at `position` (after an optional space or hyphen)."""
    match = lexicon.unit_re.match(text, position)
    if not match:
        return None
    if match.group("sym") if "sym" in lexicon.unit_re.groupindex else None:
        longer = lexicon.word_unit_re.match(text, position) if lexicon.word_unit_re else None
        if longer is None or longer.end() <= match.end():
            return match.group("sym"), lexicon.units[match.group("sym")], match.end()
        match = longer  # "lb-ft" is a pound-foot, not "lb" followed by "-ft"
    form = match.group("word")
    unit = lexicon.units.get(" ".join(form.lower().split()))
    if unit is None:
        return None
    return form, unit, match.end()


_PER_RE = re.compile(r"[ \u00a0]*(?:(?i:per|a|an|each)[ \u00a0]+|/[ \u00a0]?)")


def _per_tail(text: str, position: int, lexicon: QuantityLexicon, counted: bool = False
              ) -> tuple[str, str, int] | None:
    """"per barrel", "a day", "/cm2": the denominator of a compound unit."""
    match = _PER_RE.match(text, position)
    if not match or counted and match.group().strip().lower() not in ("per", "/"):
        return None
    following = _WORD_RE.match(text, match.end())
    if following:
        after = _WORD_RE.search(text, following.end(), following.end() + 16)
        if after and after.group().lower() in lexicon.per_blockers:
            return None  # "$6.78 billion a year earlier" is not a rate
    after = match.end()
    found = lexicon.unit_re.match(text, after)
    if found and found.start() == after and not text[after:after + 1].isspace():
        unit = _unit_at(text, after, lexicon)
        if unit:
            return text[position:unit[2]].strip(), unit[1].canonical, unit[2]
    if match.group().strip().lower() not in ("per", "/"):
        return None
    word = _WORD_RE.match(text, after)
    if not word or word.group().lower() in lexicon.not_units:
        return None
    return text[position:word.end()].strip(), singular(word.group(), lexicon), word.end()


def _counted_noun(text: str, position: int, value: float, lexicon: QuantityLexicon
                  ) -> tuple[str, str, str, int] | None:
    """The thing counted right after a number: "13000 workers", "two new jets"."""
    words: list[re.Match[str]] = []
    cursor = position
    for _ in range(3):
        if not words and cursor > 0 and text[cursor - 1] in "'’":
            gap_length = 0  # "d'obus": the noun follows the elided article directly
        else:
            gap = re.match(r"[ \u00a0]+|-", text[cursor:cursor + 3])
            if not gap or (words and gap.group() == "-"):
                break
            gap_length = gap.end()
        word = _WORD_RE.match(text, cursor + gap_length)
        if not word:
            break
        lowered = word.group().lower()
        if lowered in lexicon.not_units or lowered in lexicon.months:
            break
        if lexicon.numbers.word_value(lowered) or lowered in lexicon.numbers.vague:
            break
        words.append(word)
        cursor = word.end()
        if not lexicon.count_nouns_need_plural:
            break
        if _looks_plural(word.group(), lexicon):
            break
        if _word_unit(word.group(), lexicon):
            break
    if not words:
        return None
    hyphenated = text[position:position + 1] == "-"  # "six-cylinder", "three-point"
    if lexicon.count_nouns_need_plural:
        last = words[-1].group()
        if hyphenated:
            words = words[:1]
        elif value != 1 and not _looks_plural(last, lexicon) and not _word_unit(last, lexicon):
            return None
        if value == 1 and len(words) > 1:
            words = words[:1]
        if value == 1 and (words[0].group()[0].isupper() or len(words[0].group()) < 3):
            return None
    head = words[-1].group()
    known = _word_unit(head, lexicon)
    if known is not None:
        # "517 rushing yards", "5,000 Russian soldiers": a known unit is the unit whatever
        # qualifies it
        return head, known.canonical, known.kind, words[-1].end()
    start, end = words[0].start(), words[-1].end()
    normalized = " ".join([*(w.group().lower() for w in words[:-1]), singular(head, lexicon)])
    return text[start:end], normalized, "count", end


def _word_unit(word: str, lexicon: QuantityLexicon) -> _Unit | None:
    """A lexicon unit written as this word: a symbol as written ("MW"), or a word form of
    the language in any case ("Yards"); "Nm" is not "nm"."""
    return lexicon.units.get(word) or lexicon.word_units.get(word.lower())


def _name_key(name: str) -> str:
    """"Pound-foot", "pound foot" and "POUND  FOOT" compare equal."""
    return " ".join(name.lower().replace("-", " ").split())


def normalize_unit(unit: str, language: str = "en") -> str | None:
    """Canonical form of a unit string as written ("US$ per barrel" -> "USD per barrel").

    A canonical name is its own normal form ("year of age" stays "year of age"), so that
    normalising twice changes nothing."""
    lexicon = quantity_lexicon(language)
    text = unit.strip()
    if not text or text == "-":
        return None
    canonical = lexicon.canonical_names.get(_name_key(text))
    if canonical is not None:
        return canonical
    prefix = lexicon.prefix_currency_re.pattern
    currency = re.match(prefix.replace(r"[ \u00a0]?\Z", ""), text)
    known = currency and (lexicon.units.get(currency.group())
                          or lexicon.currency_units.get(currency.group()))
    if currency and known:
        head = known.canonical
        rest = text[currency.end():]
    else:
        found = _unit_at(" " + text, 0, lexicon)
        if found and found[2] > 1:
            head, rest = found[1].canonical, (" " + text)[found[2]:]
        else:
            words = text.split()
            tail = re.search(r"\s(?:per|a|an)\s|/", text)
            core = text[: tail.start()] if tail else text
            words = core.split()
            head = " ".join([*(w.lower() for w in words[:-1]), singular(words[-1], lexicon)]) \
                if words else core.lower()
            rest = text[tail.start():] if tail else ""
    tail = _per_tail(rest, 0, lexicon) if rest.strip() else None
    return f"{head} per {tail[1]}" if tail else head


# --- the scan ---------------------------------------------------------------------------


@dataclass
class _Draft:
    start: int
    end: int
    low: float
    high: float
    bound: str = "="
    unit: str | None = None
    normalized: str | None = None
    kind: str = "number"
    reference: str | None = None
    currency_start: int | None = None
    yearlike: bool = False
    scaled: bool = False  # ends with a scale word (million, Mio., тыс.)


_BOUND_NAMES = {"approximate": "~", "more_than": ">", "at_least": ">=", "less_than": "<",
                "at_most": "<=", "exactly": "="}


def _glued_to_name(text: str, number: NumberSpan) -> bool:
    """Digits inside a designation (KN-23, XC40, F-35, COVID-19) are not quantities."""
    before = text[max(0, number.start - 2):number.start]
    if before[-1:].isalpha():
        return True
    return len(before) == 2 and before[1] == "-" and before[0].isalpha()


_SUSPENDED_RE = re.compile(r"-[ \u00a0]*[, \u00a0]")
_FOLDED_AMOUNT_RE = re.compile(r"\d(?:[.,]?\d)+")


def _currency_before(text: str, start: int, lexicon: QuantityLexicon) -> tuple[str, int] | None:
    window = text[max(0, start - 6):start]
    match = lexicon.prefix_currency_re.search(window)
    if not match:
        return None
    form = match.group().rstrip(" \u00a0")
    absolute = start - len(window) + match.start()
    if form[0].isalpha() and absolute > 0 and text[absolute - 1].isalnum():
        return None
    if form in lexicon.folded_currencies and not _FOLDED_AMOUNT_RE.match(text, start):
        return None  # "PS5" is a console, "PS21,700" is £21,700
    return form, absolute


def _currency_unit(form: str, lexicon: QuantityLexicon) -> _Unit | None:
    return (lexicon.currency_units.get(form) or lexicon.units.get(form)
            or lexicon.units.get(form.lower()))


def _hyphen_bound(text: str, number: NumberSpan, lexicon: QuantityLexicon) -> str | None:
    """"sub-7 nanometre": the bound of a prefix hyphenated to the number."""
    if not lexicon.hyphen_prefix_bounds or text[number.start - 1:number.start] != "-":
        return None
    word = re.search(r"[^\W\d_]+\Z", text[max(0, number.start - 12):number.start - 1])
    return lexicon.hyphen_prefix_bounds.get(word.group().lower()) if word else None


def _apply_abbreviation(text: str, draft: _Draft, lexicon: QuantityLexicon,
                        money: bool) -> None:
    pattern = lexicon.money_abbreviation_re if money else lexicon.abbreviation_re
    if pattern is None:
        return
    match = pattern.match(text, draft.end)
    if not match:
        return
    factor = lexicon.abbreviations[match.group("abbr").lower()]
    draft.low *= factor
    draft.high *= factor
    draft.end = match.end()


def _is_year(number: NumberSpan) -> bool:
    return (not number.words and not number.grouped and not number.decimals
            and number.low == int(number.low) and 1000 <= number.low <= 2150
            and len(number.text) == 4)


_QUOTE_UNITS = frozenset({'"', "”", "''", "′′", "″"})
_OPENERS = frozenset('"“«„‘\'')
_FRACTION_RE = re.compile(r"[/⁄](?P<den>\d{1,4})(?=[ \u00a0]+(?i:of)(?![^\W_]))")
_EXPONENT_RE = re.compile(r"[ \u00a0]?[×x*][ \u00a0]?10(?:\^|\*\*)?(?P<exp>[-−]?\d{1,3}|⁻?[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})"
                          r"(?!\d)")
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
_YEAR_SUFFIX_RE = re.compile(r"['’′]?s(?![^\W_])")


def _forms_range(text: str, first: NumberSpan, second: NumberSpan, draft: _Draft,
                 currency: tuple[str, int] | None, opener: str | None,
                 lexicon: QuantityLexicon) -> bool:
    """60-70%, between 5% and 6%, $3 billion to $5 billion, 1 to 1.5 degrees; not
    "rose 8.15% to 3.65" nor "110 JPY to 1 USD"."""
    probe = _Draft(draft.start, draft.end, draft.low, draft.high)
    _attach_unit(text, probe, lexicon, None, allow_counted=False)
    first_unit = currency and _canonical(currency[0], lexicon) or probe.normalized
    second_currency = _currency_before(text, second.start, lexicon)
    after_second = _Draft(second.start, second.end, second.low, second.high)
    _apply_abbreviation(text, after_second, lexicon, money=bool(currency or second_currency))
    _attach_unit(text, after_second, lexicon, None, allow_counted=False)
    second_unit = (second_currency and _canonical(second_currency[0], lexicon)
                   or after_second.normalized)
    if first_unit and second_unit and first_unit != second_unit:
        return False
    if first_unit and not second_unit and opener is None:
        return False
    if _word_before(text, draft.start) in lexicon.change_by and first_unit:
        return False  # "increased by $43.6 billion to $419.2 billion"
    gap_end = probe.end if probe.unit and not currency else draft.end
    return _next_is_range(text, first, second, lexicon, opener, gap_end)


def _canonical(form: str, lexicon: QuantityLexicon) -> str:
    unit = _currency_unit(form, lexicon)
    return unit.canonical if unit else form


def _designated(text: str, start: int, lexicon: QuantityLexicon) -> bool:
    """"category 4", "Unit 3", "No. 10": a label, not an amount."""
    return _word_before(text, start).rstrip(".") in lexicon.designators


def _address(text: str, number: NumberSpan, lexicon: QuantityLexicon) -> bool:
    """"49 Zorro Ranch Road", "9 E 71st St": a street number."""
    if not lexicon.street_words or number.words or number.decimals:
        return False
    words = text[number.end:number.end + 48].split()[:4]
    if words and re.fullmatch(r"[-–]\d+", words[0]):
        words = words[1:]  # "16-18 Industrial Avenue"
    elif text[number.end:number.end + 1] in "-–" and words:
        words[0] = re.sub(r"^[-–]\d+", "", words[0])
    for word in words:
        bare = word.strip(",.;:()")
        if bare.lower() in lexicon.street_words and bare[:1].isupper():
            return True
        if not bare[:1].isupper() and not bare[:1].isdigit():
            return False
    return False


def _year_label(text: str, start: int, lexicon: QuantityLexicon) -> bool:
    if lexicon.year_label_re is None:
        return False
    return bool(lexicon.year_label_re.search(text, max(0, start - 24), start))


def _apposition(text: str, number: NumberSpan) -> bool:
    """"Senard, 65, now faces": an age in apposition to a name."""
    before = text[max(0, number.start - 30):number.start]
    return bool(re.search(r"[A-Z][\w'’-]+, \Z", before)) and \
        text[number.end:number.end + 1] == ","


def _word_before(text: str, start: int) -> str:
    words = text[max(0, start - 16):start].lower().split()
    return words[-1] if words else ""


def _next_is_range(text: str, first: NumberSpan, second: NumberSpan,
                   lexicon: QuantityLexicon, opener: str | None,
                   first_unit_end: int) -> bool:
    """Whether `second` closes a range opened by `first` (60-70, between 60 and 70)."""
    gap_start = first_unit_end
    separator = lexicon.range_re.fullmatch(text, gap_start, second.start)
    if separator is None:
        currency = _currency_before(text, second.start, lexicon)
        if currency is None:
            return False
        separator = lexicon.range_re.fullmatch(text, gap_start, currency[1])
        if separator is None:
            return False
    word = separator.group().strip().lower()
    if word not in lexicon.separators:
        return opener is not None and word in lexicon.openers.get(opener, frozenset())
    if word in ("-", "–", "—", "~", "〜", "～"):
        if text[first.end:second.start] == "-" and (second.low < first.low):
            return False  # "3-1" is a score
        return second.low >= first.low or second.low * 1000 < first.low
    return True


def _opener_before(text: str, start: int, lexicon: QuantityLexicon) -> str | None:
    window = text[max(0, start - 16):start].lower().split()
    if not window:
        return None
    last = window[-1]
    if last in lexicon.openers:
        return last
    if len(window) >= 2 and window[-2] in lexicon.openers:
        prev_bound = lexicon.bound_re.search(text[max(0, start - 24):start])
        if prev_bound and prev_bound.group().strip():
            return window[-2]
    return None


def _attach_unit(text: str, draft: _Draft, lexicon: QuantityLexicon, currency: str | None,
                 allow_counted: bool = True) -> None:
    """Find the unit after the number (or use the currency before it), then a per-tail."""
    found = _unit_at(text, draft.end, lexicon)
    if found and found[0] in _QUOTE_UNITS and draft.start and text[draft.start - 1] in _OPENERS:
        found = None  # '"113"' is a quoted number, not 113 inches
    if currency is not None:
        unit = _currency_unit(currency, lexicon)
        draft.unit, draft.kind = currency, "money"
        draft.normalized = unit.canonical if unit else currency
        if found and found[1].kind == "money":
            draft.end = found[2]
    elif found:
        form, unit, end = found
        draft.unit, draft.normalized, draft.kind, draft.end = form, unit.canonical, unit.kind, end
    elif allow_counted and not draft.yearlike:
        position = draft.end
        if draft.scaled and text[position:position + 2] in (". ", ".\u00a0"):
            position += 1  # "4,8 Mio. Granaten"
        if draft.low != draft.high or draft.high == 1 or draft.scaled:
            # "millions of Americans", "one of the best", "cinq millions de grenades"
            of = lexicon.vague_of_re.match(text, position) if lexicon.vague_of_re else None
            if of:
                found_after = _unit_at(text, of.end(), lexicon)
                if found_after and found_after[1].kind != "count":
                    form, unit, end = found_after
                    draft.unit, draft.normalized, draft.kind, draft.end = (
                        form, unit.canonical, unit.kind, end)
                    return
                position = of.end()
        counted = _counted_noun(text, position, max(draft.high, 2 if position != draft.end
                                                    else draft.high), lexicon)
        if counted:
            draft.unit, draft.normalized, draft.kind, draft.end = counted
    if draft.unit is not None:
        tail = _per_tail(text, draft.end, lexicon, counted=draft.kind == "count")
        if tail:
            draft.unit = f"{draft.unit}{'' if tail[0].startswith('/') else ' '}{tail[0]}"
            draft.normalized = f"{draft.normalized} per {tail[1]}"
            draft.end = tail[2]


def _bound_before(text: str, start: int, lexicon: QuantityLexicon) -> str | None:
    tail = text[max(0, start - 24):start].rstrip().lower()
    last = tail.split()[-1:]
    if not (last and last[0] in lexicon.bound_last_words
            or any(tail.endswith(symbol) for symbol in lexicon.bound_symbols)):
        return None  # cheap exit: no cue phrase can end right before the number
    window_start = max(0, start - BOUND_WINDOW)
    match = lexicon.bound_re.search(text, window_start, start)
    if not match or match.start() == match.end():
        return None
    groups = match.groupdict()
    bound = None
    for name, symbol in _BOUND_NAMES.items():
        if groups.get(name):
            bound = symbol
    if groups.get("up"):
        bound = "up"
    elif groups.get("down"):
        bound = "down"
    return bound


def _comparison_after(text: str, draft: _Draft, lexicon: QuantityLexicon,
                      multiple: bool) -> None:
    """Turn "60% larger than X" or "three times the size of X" into a ratio."""
    if lexicon.comparison_re is None:
        return
    match = lexicon.comparison_re.match(text, draft.end, min(len(text), draft.end + AFTER_WINDOW))
    if not match:
        return
    phrase = " ".join(match.group("phrase").lower().split())
    kind = lexicon.comparison_kind[phrase]
    low, high = draft.low, draft.high
    if multiple:
        ratio_low, ratio_high = low, high
        if kind == "smaller":
            ratio_low, ratio_high = 1 / high if high else 0.0, 1 / low if low else 0.0
    else:
        low, high = low / 100, high / 100
        if kind == "of_size":
            ratio_low, ratio_high = low, high
        elif kind == "larger":
            ratio_low, ratio_high = 1 + low, 1 + high
        else:
            ratio_low, ratio_high = 1 - high, 1 - low
    draft.low, draft.high = round(ratio_low, 10), round(ratio_high, 10)
    draft.kind = "ratio"
    draft.normalized = "ratio"
    draft.end = match.end()
    draft.reference = _reference(text, match.end(), phrase, lexicon)
    if draft.bound not in ("=", "~", ">", ">=", "<", "<="):
        draft.bound = "="


_REFERENCE_STOP_RE = re.compile(r"[,.;:!?()\[\]\"«»“”\n]")


def _reference(text: str, position: int, phrase: str, lexicon: QuantityLexicon) -> str | None:
    segment = text[position:position + AFTER_WINDOW]
    stop = _REFERENCE_STOP_RE.search(segment)
    if stop:
        segment = segment[: stop.start()]
    words = segment.split()
    if not phrase.split()[-1] in lexicon.reference_markers:
        if not words or words[0].lower() not in lexicon.reference_markers:
            return None
        words = words[1:]
    kept: list[str] = []
    for word in words[:8]:
        if kept and word.lower() in lexicon.reference_stops:
            break
        kept.append(word)
    return " ".join(kept) or None


def find_quantities(text: str, language: str = "en") -> list[Quantity]:
    """Every quantity in `text`, left to right. Raises `ParseError` for oversized input."""
    if len(text) > MAX_TEXT_CHARS:
        raise ParseError(f"text too long to scan ({len(text)} characters)")
    lexicon = quantity_lexicon(language or "en")
    numbers = [n for n in find_numbers(text, language or "en") if not _glued_to_name(text, n)
               or _currency_before(text, n.start, lexicon) or _hyphen_bound(text, n, lexicon)]
    drafts: list[_Draft] = _bare_fractions(text, lexicon)
    index = 0
    while index < len(numbers):
        number = numbers[index]
        index += 1
        fraction = _FRACTION_RE.match(text, number.end)
        if fraction and index < len(numbers) and numbers[index].start == fraction.end() - len(
                fraction.group("den")) and numbers[index].low:
            denominator = numbers[index]
            index += 1
            draft = _Draft(number.start, denominator.end, number.low / denominator.low,
                           number.low / denominator.low)
            _unit_after_of(text, draft, lexicon)
            drafts.append(draft)
            continue
        if index < len(numbers) and _is_proportion(text, number, numbers[index], lexicon):
            denominator = numbers[index]
            index += 1
            value = round(number.low / denominator.low, 10)
            drafts.append(_Draft(number.start, denominator.end, value, value,
                                 bound=_bound_before(text, number.start, lexicon) or "="))
            continue
        word_fraction = lexicon.fraction_after_re.match(text, number.end) \
            if lexicon.fraction_after_re is not None else None
        if word_fraction and number.low == number.high \
                and _word_before(text, number.start) not in lexicon.fraction_blockers:
            value = round(number.low * lexicon.fraction_words[
                " ".join(word_fraction.group("fraction").lower().split())], 10)
            draft = _Draft(number.start, word_fraction.end(), value, value,
                           bound=_bound_before(text, number.start, lexicon) or "=")
            _unit_after_of(text, draft, lexicon)
            drafts.append(draft)
            continue
        if _is_date_part(text, number, lexicon) or _is_ordinal_or_code(text, number) \
                or _address(text, number, lexicon) or (not number.words and _YEAR_SUFFIX_RE.match(
                    text, number.end) and not _is_year(number)):
            continue  # dates, ordinals, street numbers, "Channel 5s"
        currency = _currency_before(text, number.start, lexicon)
        negative = False
        if currency is None and number.start and text[number.start - 1] in "-−":
            currency = _currency_before(text, number.start - 1, lexicon)  # "$-50.8bn"
            negative = currency is not None
        last_word = number.text.lower().split()[-1] if number.text.split() else ""
        draft = _Draft(number.start, number.end, number.low, number.high,
                       currency_start=currency[1] if currency else None,
                       scaled=last_word in lexicon.numbers.scales)
        if currency:
            draft.start = currency[1]
        _apply_abbreviation(text, draft, lexicon, money=currency is not None)
        if negative:
            draft.low, draft.high = -draft.high, -draft.low
        exponent = _EXPONENT_RE.match(text, draft.end)
        if exponent:
            power = int(exponent.group("exp").translate(_SUPERSCRIPTS).replace("−", "-"))
            if abs(power) <= 300:
                draft.low = draft.high = draft.low * 10.0 ** power
                draft.end = exponent.end()
                while index < len(numbers) and numbers[index].start < draft.end:
                    index += 1
        first_scale = number.low and draft.low / number.low
        opener = _opener_before(text, draft.start, lexicon)
        first_end = draft.end
        ranged = False
        # a range: the second number may repeat the unit or the currency
        if index < len(numbers) and number.low == number.high:
            second = numbers[index]
            if second.low == second.high and _forms_range(
                    text, number, second, draft, currency, opener, lexicon):
                second_currency = _currency_before(text, second.start, lexicon)
                end_draft = _Draft(second.start, second.end, second.low, second.high)
                _apply_abbreviation(text, end_draft, lexicon,
                                    money=bool(currency or second_currency))
                scale = second.scale * (end_draft.low / second.low if second.low else 1.0)
                low = draft.low
                if first_scale == 1 and number.scale == 1 and scale != 1 \
                        and draft.low * scale <= end_draft.low * 1.0001:
                    low = draft.low * scale
                draft.low, draft.high = low, end_draft.low
                draft.end = end_draft.end
                index += 1
                ranged = True
                if currency is None and second_currency:
                    currency = second_currency
                if _is_year(number) and _is_year(second):
                    draft.yearlike = True
        if currency is None and (draft.yearlike or _is_year(number) and draft.low == draft.high):
            if _YEAR_SUFFIX_RE.match(text, draft.end):
                continue  # 2018's, 1990s
            # "more than 1000 customers", "some 1500 troops": a bound makes it an amount
            draft.yearlike = draft.yearlike or _bound_before(text, draft.start, lexicon) not in (
                "~", ">", ">=", "<", "<=")
        _attach_unit(text, draft, lexicon, currency[0] if currency else None)
        if ranged and draft.unit is None and not draft.yearlike:
            # "from 208 pounds to 193": the unit of the first number covers the range
            first = _Draft(number.start, first_end, number.low, number.high)
            _attach_unit(text, first, lexicon, None, allow_counted=False)
            draft.unit, draft.normalized = first.unit, first.normalized
            draft.kind = first.kind
        if draft.unit is None and (draft.yearlike or _name_number(text, number)
                                   or _designated(text, draft.start, lexicon)
                                   or _year_label(text, draft.start, lexicon)
                                   or _apposition(text, number)
                                   or number.words and number.text.lower()
                                   in lexicon.pronoun_numbers
                                   and not _SUSPENDED_RE.match(text, draft.end)):
            continue  # ("one- or two-bedroom" keeps its "one" for `_share_units`)
        bound = _bound_before(text, draft.start, lexicon) or _hyphen_bound(text, number, lexicon)
        if bound:
            draft.bound = bound
        if lexicon.after_change_re is not None:
            after = lexicon.after_change_re.match(text, draft.end)
            if after and not (lexicon.comparison_re and lexicon.comparison_re.match(
                    text, draft.end)):
                draft.bound = lexicon.after_change[" ".join(after.group("after").lower().split())]
        multiple = False
        if lexicon.comparison_re is not None and draft.kind == "number":
            times_end: int | None = draft.end if draft.unit is not None else None
            if draft.unit is None and lexicon.times_re is not None:
                times = lexicon.times_re.match(text, draft.end)
                times_end = times.end() if times else None
            if times_end is not None and lexicon.comparison_re.match(text, times_end):
                draft.end = times_end
                multiple = True
        if draft.kind == "percent" or multiple:
            _comparison_after(text, draft, lexicon, multiple)
        drafts.append(draft)
    multiples = _multiple_words(text, lexicon)
    drafts = [d for d in drafts if not any(m.start < d.end and d.start < m.end
                                           for m in multiples)] + multiples
    drafts.sort(key=lambda d: d.start)
    _share_units(text, drafts, lexicon)
    return [Quantity(d.start, d.end, text[d.start:d.end], d.low, d.high, d.bound, d.unit,
                     d.normalized, d.kind, d.reference) for d in drafts]


def _unit_after_of(text: str, draft: _Draft, lexicon: QuantityLexicon) -> None:
    """"1/16 of a US pint", "two-thirds of a mile": a fraction takes the unit after "of"."""
    of = lexicon.vague_of_re.match(text, draft.end) if lexicon.vague_of_re else None
    if not of:
        return
    article = re.match(r"[ \u00a0]+(?:a|an|the)(?![^\W_])", text[of.end():])
    position = of.end() + (article.end() if article else 0)
    found = _unit_at(text, position, lexicon)
    if found is None and re.match(r"[ \u00a0]+[A-Z]{2,}\.?(?= )", text[position:]):
        skip = re.match(r"[ \u00a0]+[A-Z]{2,}\.?", text[position:])
        found = _unit_at(text, position + skip.end(), lexicon) if skip else None
    if found:
        draft.unit, draft.normalized, draft.kind = found[0], found[1].canonical, found[1].kind


def _bare_fractions(text: str, lexicon: QuantityLexicon) -> list[_Draft]:
    """"a third of the voters", "almost half of them": fractions with no number written."""
    if lexicon.bare_fraction_re is None:
        return []
    found = []
    for match in lexicon.bare_fraction_re.finditer(text):
        if _word_before(text, match.start()) in lexicon.fraction_blockers:
            continue  # "the second half of the season"
        word = match.group("fraction") or match.group("bare")
        value = lexicon.fraction_words.get(" ".join(word.lower().split()))
        if value is None:
            continue
        draft = _Draft(match.start(), match.end(), value, value,
                       bound=_bound_before(text, match.start(), lexicon) or "=")
        _unit_after_of(text, draft, lexicon)
        found.append(draft)
    return found


def _is_proportion(text: str, first: NumberSpan, second: NumberSpan,
                   lexicon: QuantityLexicon) -> bool:
    """"one out of three", "1 in 5 adults": a share N / M, not "5 in 2019" nor "3 in 10 days"."""
    if lexicon.proportion_re is None or not lexicon.proportion_re.fullmatch(
            text, first.end, second.start):
        return False
    whole = (first.low == first.high and second.low == second.high
             and first.low == int(first.low) and second.low == int(second.low))
    return (whole and 1 <= first.low < second.low <= 1000 and not _is_year(second)
            and _unit_at(text, second.end, lexicon) is None)


def _share_units(text: str, drafts: list[_Draft], lexicon: QuantityLexicon) -> None:
    """Units written once for several numbers: "four-, five- and six-cylinder" (a number
    hanging on a hyphen) and "from 14-18 mpg to 24" (the number after "to")."""
    if lexicon.suspended_re is not None:
        for current, following in reversed(list(itertools.pairwise(drafts))):
            if current.unit is None and following.unit is not None \
                    and current.kind == "number" and following.kind != "ratio" \
                    and lexicon.suspended_re.fullmatch(text, current.end, following.start):
                current.unit, current.normalized = following.unit, following.normalized
                current.kind = following.kind
    for previous, current in itertools.pairwise(drafts):
        if current.unit is not None or current.kind != "number" or current.yearlike \
                or previous.unit is None or previous.kind == "ratio":
            continue
        opener = _opener_before(text, previous.start, lexicon)
        joiner = text[previous.end:current.start].strip().lower()
        if opener and joiner in lexicon.openers.get(opener, frozenset()) \
                and joiner not in ("-", "–", "—"):
            current.unit, current.normalized, current.kind = (previous.unit, previous.normalized,
                                                              previous.kind)


def _multiple_words(text: str, lexicon: QuantityLexicon) -> list[_Draft]:
    """"twice the size of X", "two-thirds the size", "3분의 2 크기": multiples and fractions
    written as words. They win over the digits inside them ("two" of "two-thirds"), but only
    when a comparison phrase follows."""
    if lexicon.multiple_re is None or lexicon.comparison_re is None:
        return []
    found = []
    for match in lexicon.multiple_re.finditer(text):
        value = lexicon.multiple_words[" ".join(match.group("multiple").lower().split())]
        draft = _Draft(match.start(), match.end(), value, value)
        if lexicon.times_re is not None:
            times = lexicon.times_re.match(text, draft.end)
            if times:
                draft.end = times.end()
        if not lexicon.comparison_re.match(text, draft.end):
            continue
        draft.bound = _bound_before(text, draft.start, lexicon) or "="
        _comparison_after(text, draft, lexicon, multiple=True)
        found.append(draft)
    return found


def _is_date_part(text: str, number: NumberSpan, lexicon: QuantityLexicon) -> bool:
    """Day or year next to a month name (25 November, Nov. 25, 2024) belongs to a date."""
    if lexicon.time_re is not None and lexicon.time_re.match(text, number.end):
        return True  # 10.45pm
    if number.words or number.decimals or number.low > 9999:
        return False
    before = text[max(0, number.start - 16):number.start].split()
    after = text[number.end:number.end + 16].split()
    previous = before[-1].lower().rstrip(".,") if before else ""
    following = after[0].lower().strip(".,") if after else ""
    if previous in lexicon.months or following in lexicon.months:
        return True
    if len(before) >= 2 and before[-2].lower().rstrip(".,") in lexicon.months \
            and re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)?,", before[-1]):
        return True  # the year of "November 25, 2024"
    if lexicon.time_re is not None and lexicon.time_re.match(text, number.end):
        return True  # 10.45pm
    if text[number.end:number.end + 1] in ":/" and text[number.end + 1:number.end + 2].isdigit():
        return True  # 10:30, 25/11
    return bool(text[max(0, number.start - 1):number.start] in ":/"
                and text[max(0, number.start - 2):number.start - 1].isdigit())


_ORDINAL_RE = re.compile(r"(?i:st|nd|rd|th|er|e|ème|eme|re|e?r|º|ª|\.?-?(?:й|я|е|го|м|х))(?![^\W_])")


def _is_ordinal_or_code(text: str, number: NumberSpan) -> bool:
    if number.words:
        return False
    after = text[number.end:number.end + 4]
    if after[:1].isalpha() and _ORDINAL_RE.match(after) and not number.decimals:
        return True
    return after[:1] == "-" and after[1:2].isalpha() and after[1:3].lower() in ("th", "st", "nd")


def _name_number(text: str, number: NumberSpan) -> bool:
    """A bare number right after a capitalised word mid-sentence: iPhone 11, Big 12, FTSE 100."""
    if number.words:
        return False
    before = text[max(0, number.start - 24):number.start]
    match = re.search(r"(?:^|[\s(])([A-Z][\w&]*|[a-z]+[A-Z]\w*) \Z", before)
    if not match:
        return False
    if re.search(r"[a-z][A-Z]", match.group(1)):
        return True  # camel-case product names: iPhone 11
    preceding = text[:number.start - len(match.group(1)) - 1].rstrip()
    return bool(preceding) and preceding[-1] not in ".!?:;\"“”«»"


_CHANGE = {"=": "=", "~": "~", ">": ">", ">=": ">", "<": "<", "<=": "<", "up": "up",
           "down": "down"}


def quantities_as_records(text: str, language: str = "en") -> list[dict[str, Any]]:
    """Quantities in the flat shape of `veille quantities` (value or low/high, change)."""
    return [{
        "value": q.low if q.low == q.high else None,
        "low": q.low,
        "high": q.high,
        "unit": q.unit,
        "normalized_unit": q.normalized_unit,
        "change": _CHANGE[q.bound],
        "bound": q.bound,
        "kind": q.kind,
        "reference": q.reference,
        "start": q.start,
        "end": q.end,
        "text": q.text,
    } for q in find_quantities(text, language)]
