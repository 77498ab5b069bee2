"""The per-language lexicon: YAML phrase lists compiled once into regexes and lookups.

Everything language-specific that the quantity rules consult lives in one frozen
`QuantityLexicon`, so the rules themselves carry no word lists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from veille.extract.numbers import NumberLexicon, number_lexicon
from veille.lang import load_lexicon


@dataclass(frozen=True)
class Unit:
    canonical: str
    kind: str


def _phrase_alternation(phrases: list[str]) -> str:
    """Regex alternation of phrases, longest first, with flexible inner whitespace."""
    ordered = sorted({p for p in phrases if p}, key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(part) for part in p.split()) for p in ordered)


def _stem_pattern(word: str) -> str:
    """"augment*" matches every word that starts so; a word without "*" matches itself."""
    if word.endswith("*"):
        return re.escape(word[:-1]) + r"\w*"
    return r"\s+".join(re.escape(part) for part in word.split()) + r"(?![^\W_])"


def _boundary(phrase: str) -> str:
    return r"(?![^\W_])" if phrase[-1:].isalnum() else ""


def _unit_end(phrase: str, suffixes: list[str], unspaced: bool = False) -> str:
    """Where a unit word may end: at a word boundary, or before one of the language's
    `unit_suffixes` (Korean particles glue to a counter: "50문을" is 50 guns); anywhere in a
    language written without spaces (Japanese "約50両と", "20基を供与")."""
    if unspaced:
        return ""
    if not suffixes or not phrase[-1:].isalnum():
        return _boundary(phrase)
    glued = "|".join(re.escape(suffix) for suffix in sorted(suffixes, key=len, reverse=True))
    return rf"(?=(?:{glued})?(?![^\W_]))"


@dataclass(frozen=True)
class QuantityLexicon:
    """Everything `find_quantities` needs for one language, compiled."""

    numbers: NumberLexicon
    units: dict[str, Unit]  # exact symbol forms and lower-cased word forms
    word_units: dict[str, Unit]  # the language's word forms only, lower-cased
    canonical_names: dict[str, str]  # name_key(canonical) -> canonical, for idempotence
    unit_re: re.Pattern[str]  # units after a number
    word_unit_re: re.Pattern[str] | None  # word units alone ("lb-ft" beside the symbol "lb")
    prefix_currency_re: re.Pattern[str]  # currency sign or code right before a number
    currency_units: dict[str, Unit]  # prefix form -> currency ("PS" before digits is GBP)
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
    growth_re: re.Pattern[str] | None  # a word of change: "increased", "augmenté", "вырос"
    growth_after_re: re.Pattern[str] | None  # "more" right after a factor: "eight times more"
    factor_opener_re: re.Pattern[str] | None  # "multiplied by" right before a number
    baseline_re: re.Pattern[str] | None  # "compared with", "par rapport aux": a factor's base
    reference_markers: frozenset[str]
    reference_stops: frozenset[str]
    not_units: frozenset[str]
    plural_rules: tuple[tuple[str, str], ...]
    irregular: dict[str, str]
    plural_endings: tuple[str, ...]
    count_nouns_need_plural: bool
    capitalised_nouns: bool  # German: a lower-case word after a number is no counted noun
    adjective_endings: tuple[str, ...]  # "400 балістичних ракет": the adjective is skipped
    prenominal_adjectives: frozenset[str]  # "six différentes sources": sources are counted
    months: frozenset[str]
    day_dot: bool  # a day is an ordinal written with a dot: "am 23. November"
    designators: frozenset[str]
    street_words: frozenset[str]
    per_blockers: frozenset[str]
    pronoun_numbers: frozenset[str]
    vague_of_re: re.Pattern[str] | None
    number_joiner_re: re.Pattern[str] | None  # Romanian "35 de componente": "de" joins
    kinds_of_re: re.Pattern[str] | None  # "450 different kinds of components": counts kinds
    kinds_words: frozenset[str]  # "450 unique components": an adjective that counts kinds
    after_change: dict[str, str]
    after_change_re: re.Pattern[str] | None
    time_re: re.Pattern[str] | None
    year_label_re: re.Pattern[str] | None  # "year 113", "l'année « 113 »": a date
    age_re: re.Pattern[str] | None  # "aged 25", "ages 18-22": an age
    unspaced: bool = False  # written without spaces (Japanese): words glue to numbers
    date_suffixes: tuple[str, ...] = ()  # "16日", "8월": a number before them is a date part
    duration_markers: tuple[str, ...] = ()  # "10日間", "3년간": ...unless these follow


def _load_units(language: str
                ) -> tuple[dict[str, Unit], dict[str, Unit], list[str], list[str]]:
    units: dict[str, Unit] = {}
    word_units: dict[str, Unit] = {}
    symbols: list[str] = []
    words: list[str] = []
    for code, bucket in (("mul", symbols), (language, words)):
        for canonical, spec in (load_lexicon(code, "units").get("units") or {}).items():
            unit = Unit(str(canonical), str(spec.get("kind", "measure")))
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
    unit_data = load_lexicon(language, "units")
    suffixes = [str(s) for s in unit_data.get("unit_suffixes") or []]
    unspaced = bool(unit_data.get("unspaced", False))
    unit_alternatives = []
    word_alternative = None
    if symbols:
        unit_alternatives.append(
            "(?P<sym>" + "|".join(
                re.escape(s) + _boundary(s) for s in sorted(set(symbols), key=len, reverse=True)
            ) + ")")
    if words:
        word_alternative = "(?i:(?P<word>" + "|".join(
            r"\s+".join(re.escape(part) for part in w.split()) + _unit_end(w, suffixes, unspaced)
            for w in sorted(set(words), key=len, reverse=True)
        ) + "))"
        unit_alternatives.append(word_alternative)
    unit_re = re.compile(r"[ \u00a0\u202f-]?(?:" + "|".join(unit_alternatives or ["(?!)"]) + ")")
    mul_units = load_lexicon("mul", "units")
    prefixes = [str(p) for p in mul_units.get("prefix_currencies") or []]
    prefixes += [str(p) for p in unit_data.get("prefix_currencies") or []]
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
    # a bound cue starts a word, except in a language written without spaces ("自走砲約50両")
    cue_start = "" if unspaced else "(?<![^\\W_])"
    bound_part = ("(?:" + cue_start + "(?:" + "|".join(groups) + r")\s*)?") if groups else ""
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
    growth = [str(w) for w in comparisons.get("growth") or []]
    growth_after = [str(w) for w in comparisons.get("growth_after") or []]
    factor_openers = [str(w) for w in comparisons.get("factor_openers") or []]
    baselines = [str(w) for w in comparisons.get("baseline_markers") or []]
    dates = load_lexicon(language, "dates")
    bound_data = load_lexicon(language, "bounds")
    after_change = {**{str(w).lower(): "up" for w in bound_data.get("after_up") or []},
                    **{str(w).lower(): "down" for w in bound_data.get("after_down") or []},
                    **{str(k).lower(): str(v)
                       for k, v in (bound_data.get("after_bounds") or {}).items()}}
    months = frozenset(str(m).lower() for m in (dates.get("months") or {}))
    year_words = [str(w) for w in dates.get("year_words") or []]
    of_words = [str(w) for w in unit_data.get("quantity_of") or []]
    age_words = [str(w) for w in unit_data.get("age_words") or []]
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
        canonical_names={name_key(u.canonical): u.canonical for u in units.values()},
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
        growth_re=re.compile(r"(?<![^\W_])(?i:" + "|".join(_stem_pattern(w) for w in growth)
                             + ")") if growth else None,
        growth_after_re=re.compile(r"[ \u00a0]+(?i:" + _phrase_alternation(growth_after)
                                   + r")(?![^\W_])") if growth_after else None,
        factor_opener_re=re.compile(r"(?<![^\W_])(?i:" + _phrase_alternation(factor_openers)
                                    + r")[ \u00a0]*\Z") if factor_openers else None,
        baseline_re=re.compile(r"(?<![^\W_])(?i:" + _phrase_alternation(baselines)
                               + r")(?![^\W_])") if baselines else None,
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
        capitalised_nouns=bool(unit_data.get("capitalised_nouns")),
        adjective_endings=tuple(str(e) for e in unit_data.get("adjective_endings") or []),
        prenominal_adjectives=frozenset(
            str(w).lower() for w in unit_data.get("prenominal_adjectives") or []),
        months=months,
        day_dot=bool(dates.get("day_dot")),
        designators=frozenset(str(w).lower() for w in unit_data.get("designators") or []),
        street_words=frozenset(str(w).lower() for w in unit_data.get("street_words") or []),
        per_blockers=frozenset(str(w).lower() for w in unit_data.get("per_blockers") or []),
        pronoun_numbers=frozenset(str(w).lower()
                                  for w in number_data.get("pronoun_numbers") or []),
        vague_of_re=re.compile(r"[ \u00a0]+(?i:" + "|".join(
            _phrase_alternation([str(w)]) + _boundary(str(w))
            for w in sorted(unit_data.get("quantity_of") or [], key=len, reverse=True)) + ")")
        if unit_data.get("quantity_of") else None,
        number_joiner_re=re.compile(r"[ \u00a0]+(?i:" + _phrase_alternation(
            [str(w) for w in unit_data.get("number_joiners") or []]) + r")(?![^\W_])")
        if unit_data.get("number_joiners") else None,
        kinds_of_re=re.compile(r"[ \u00a0]+(?i:" + _phrase_alternation(
            [str(w) for w in unit_data.get("kinds_of") or []]) + r")(?![^\W_])")
        if unit_data.get("kinds_of") else None,
        kinds_words=frozenset(str(w).lower() for w in unit_data.get("kinds_words") or []),
        after_change=after_change,
        after_change_re=re.compile(r"[ \u00a0]*(?i:(?P<after>" + _phrase_alternation(
            list(after_change)) + r"))" + ("" if unspaced else r"(?![^\W_])"))
        if after_change else None,
        time_re=re.compile(r"[ \u00a0]?(?i:" + _phrase_alternation(
            [str(w) for w in dates.get("time_suffixes") or []]) + r")(?![^\W_])")
        if dates.get("time_suffixes") else None,
        year_label_re=re.compile(r"(?<![^\W_])(?i:" + _phrase_alternation(year_words)
                                 + r")\s*[«\"“'‘]?\s*\Z") if year_words else None,
        age_re=re.compile(r"(?<![^\W_])(?i:" + _phrase_alternation(age_words) + r")\s+\Z")
        if age_words else None,
        unspaced=unspaced,
        date_suffixes=tuple(str(suffix) for suffix in (dates.get("cjk_suffixes") or {}).values()),
        duration_markers=tuple(str(marker) for marker in dates.get("duration_markers") or ()),
    )


def name_key(name: str) -> str:
    """"Pound-foot", "pound foot" and "POUND  FOOT" compare equal."""
    return " ".join(name.lower().replace("-", " ").split())
