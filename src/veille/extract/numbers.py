"""Numbers written in digits or words, in any language that has a `numbers.yaml` lexicon.

Digits follow the language's separator conventions (10,000 / 10 000 / 10.000 / 4,8 / 4.8);
words combine additively and through multipliers (two hundred, dix mille, zehntausend,
десять тысяч, 5천만). Everything language-specific comes from `lang/<code>/numbers.yaml`;
the grammar below is shared. Matching is linear: one tokenising regex, then a left-to-right
scan, so hostile input cannot make it backtrack.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from veille.lang import load_lexicon

MAX_TEXT_CHARS = 5_000_000
MAX_DIGITS = 24  # longer digit runs are identifiers (phone numbers, hashes), not quantities
MAX_WORD_CHARS = 48
LOOKAHEAD_TOKENS = 10  # the longest number phrase we read ("two hundred and fifty thousand")  # compound number words longer than this are not parsed


class ParseError(ValueError):
    """The input cannot be read as a number (or is too large to be scanned safely)."""


@dataclass(frozen=True)
class NumberSpan:
    """A number found in text; `vague` numbers ("thousands of") carry a [low, high] span."""

    start: int
    end: int
    text: str
    low: float
    high: float
    words: bool  # written (at least partly) in words
    decimals: bool = False  # written with a decimal part (4.8)
    grouped: bool = False  # written with thousands separators (10,000)
    scale: float = 1.0  # factor of the scale words after leading digits (4.8 million -> 1e6)

    @property
    def value(self) -> float:
        return self.low


@dataclass(frozen=True)
class NumberLexicon:
    """The compiled number grammar of one language."""

    language: str
    decimal: str
    group: frozenset[str]
    space_grouping: bool
    words: dict[str, float]
    multipliers: dict[str, float]
    scales: dict[str, float]
    connectors: frozenset[str]
    vague: dict[str, tuple[float, float]]
    negative: frozenset[str]
    one_before_scale: frozenset[str]
    vigesimal: bool
    compound: bool
    ambiguous: frozenset[str]
    not_numbers: frozenset[str]  # "one-way", "deux-roues": a number word in a word, no number
    collective: frozenset[str]  # "une douzaine", "una ventina": approximate by meaning
    digit_suffix_scales: bool
    token_re: re.Pattern[str]
    candidate_re: re.Pattern[str]  # where a number may start: a digit or a starter word
    starters: frozenset[str]
    morpheme_re: re.Pattern[str] | None

    def word_value(self, word: str) -> tuple[str, float] | None:
        """("word"|"mult"|"scale", value) for a single number word."""
        if word in self.words:
            return "word", self.words[word]
        if word in self.multipliers:
            return "mult", self.multipliers[word]
        if word in self.scales:
            return "scale", self.scales[word]
        return None


def _floats(mapping: dict[str, Any] | None) -> dict[str, float]:
    return {str(k).lower(): float(v) for k, v in (mapping or {}).items()}


@lru_cache(maxsize=64)
def number_lexicon(language: str) -> NumberLexicon:
    """The number grammar for `language` (English separators when it has no lexicon)."""
    data = load_lexicon(language, "numbers") or {}
    decimal = str(data.get("decimal_separator", "."))
    group = frozenset(str(s) for s in data.get("group_separators", [","]))
    space_grouping = bool(data.get("space_grouping", False))
    spaces = "\u00a0\u202f\u2009" + (" " if space_grouping else "")
    spaced = rf"\d{{1,3}}(?:[{spaces}]\d{{3}})+(?!\d|[.,]\d)"  # not "22 2019"
    token_re = re.compile(
        rf"(?P<num>{spaced}|\d+(?:[.,]\d+)*|(?<![\w.,])\.\d+)|(?P<word>[^\W\d_]+(?:['’-][^\W\d_]+)*)"
    )
    collective = _floats(data.get("collective"))
    words = {**_floats(data.get("words")), **collective}
    multipliers = _floats(data.get("multipliers"))
    scales = _floats(data.get("scales"))
    compound = bool(data.get("compound", False))
    morpheme_re = None
    if compound:
        morphemes = sorted({*words, *multipliers, *scales,
                            *(str(c).lower() for c in data.get("connectors", []))},
                           key=len, reverse=True)
        morpheme_re = re.compile("|".join(re.escape(m) for m in morphemes if m))
    vague = {str(k).lower(): (float(v[0]), float(v[1]))
             for k, v in (data.get("vague") or {}).items()}
    starters = frozenset({*words, *multipliers, *scales, *(k.split()[0] for k in vague),
                          *(str(c).lower() for c in data.get("negative", [])),
                          *(str(c).lower() for c in data.get("one_before_scale", []))})
    starter_words = sorted(starters, key=len, reverse=True)
    word_start = "|".join(re.escape(w) for w in starter_words) or "(?!)"
    word_end = "" if compound else r"(?![^\W\d_])"
    candidate_re = re.compile(
        rf"\d|(?<![\w.,])\.\d|(?<![^\W\d_])(?i:(?:{word_start}){word_end}"
        + (r"|" + morpheme_re.pattern if morpheme_re is not None else "") + ")")
    return NumberLexicon(
        language=language,
        decimal=decimal,
        group=group,
        space_grouping=space_grouping,
        words=words,
        multipliers=multipliers,
        scales=scales,
        connectors=frozenset(str(c).lower() for c in data.get("connectors", [])),
        vague=vague,
        negative=frozenset(str(c).lower() for c in data.get("negative", [])),
        one_before_scale=frozenset(str(c).lower() for c in data.get("one_before_scale", [])),
        vigesimal=bool(data.get("vigesimal", False)),
        ambiguous=frozenset(str(c).lower() for c in data.get("ambiguous", [])),
        not_numbers=frozenset(str(c).lower() for c in data.get("not_numbers", [])),
        collective=frozenset(collective),
        compound=compound,
        digit_suffix_scales=bool(data.get("digit_suffix_scales", False)),
        token_re=token_re,
        candidate_re=candidate_re,
        starters=starters,
        morpheme_re=morpheme_re,
    )


def parse_digits(text: str, lexicon: NumberLexicon) -> tuple[float, bool, bool]:
    """Value of a digit string with separators, plus (has decimals, has grouping).

    A separator followed by exactly three digits is a group separator unless the language
    uses it as its decimal mark and it occurs once; the last of two different marks is the
    decimal one (1,234.5 / 1.234,5).
    """
    cleaned = re.sub(r"[\u00a0\u202f\u2009 ]", "", text)
    if cleaned.startswith("."):
        cleaned = "0" + cleaned
    if len(cleaned) > MAX_DIGITS + 8 or not cleaned or not cleaned[0].isdigit():
        raise ParseError(f"not a readable number: {text[:40]!r}")
    marks = [c for c in cleaned if c in ".,"]
    grouped = cleaned != text
    if not marks:
        digits = cleaned
        decimals = False
    else:
        groups = re.split(r"[.,]", cleaned)
        if len(set(marks)) == 2:
            decimal_mark = marks[-1]
            if marks.count(decimal_mark) > 1:
                raise ParseError(f"mixed separators: {text[:40]!r}")
            integer, fraction = cleaned.rsplit(decimal_mark, 1)
            integer_groups = re.split(r"[.,]", integer)
            if any(len(g) != 3 for g in integer_groups[1:]) or len(integer_groups[0]) > 3:
                raise ParseError(f"bad digit grouping: {text[:40]!r}")
            digits = "".join(integer_groups) + "." + fraction
            decimals, grouped = True, True
        elif len(marks) > 1:
            if any(len(g) != 3 for g in groups[1:]) or len(groups[0]) > 3:
                raise ParseError(f"bad digit grouping: {text[:40]!r}")
            digits, decimals, grouped = "".join(groups), False, True
        else:
            mark = marks[0]
            head, tail = groups
            as_group = (len(tail) == 3 and len(head) <= 3 and head != "0"
                        and mark in lexicon.group)
            if as_group:
                digits, decimals, grouped = head + tail, False, True
            else:
                digits, decimals = head + "." + tail, True
    if len(digits.replace(".", "").lstrip("0")) > MAX_DIGITS:
        raise ParseError(f"digit run too long: {text[:40]!r}")
    return float(digits), decimals, grouped


def _segment(word: str, lexicon: NumberLexicon) -> list[str] | None:
    """Split a compound number word (zweihundertfünfzig) into lexicon morphemes, or None."""
    if lexicon.morpheme_re is None or len(word) > MAX_WORD_CHARS:
        return None
    parts: list[str] = []
    position = 0
    while position < len(word):
        match = lexicon.morpheme_re.match(word, position)
        if not match:
            return None
        parts.append(match.group())
        position = match.end()
    return parts


def _trailing_zeros(value: float) -> int:
    if value <= 0 or value != int(value):
        return 0
    count, number = 0, int(value)
    while number % 10 == 0:
        number //= 10
        count += 1
    return count


class _Accumulator:
    """Left-to-right evaluation of number words: 2 hundred 50 thousand 3 -> 250003."""

    def __init__(self, lexicon: NumberLexicon) -> None:
        self.lexicon = lexicon
        self.total = 0.0
        self.current = 0.0
        self.last_kind = ""
        self.any = False

    def can_add(self, value: float) -> bool:
        if not self.any or self.last_kind in ("mult", "scale"):
            return self.last_kind != "scale" or value < self.total or self.current == 0
        if self.last_kind == "digits":
            return False
        if value < 10 ** _trailing_zeros(self.current):
            return True
        return (self.lexicon.vigesimal and 10 <= value <= 19 and self.current % 20 == 0
                and self.current % 100 != 0)

    def add(self, kind: str, value: float) -> bool:
        """Feed one token; False if it cannot continue this number."""
        if kind in ("word", "digits"):
            if not self.can_add(value):
                return False
            self.current += value
        elif kind == "mult":
            if self.last_kind == "mult" and self.current >= value:
                return False
            self.current = (self.current or 1.0) * value
        elif kind == "scale":
            if self.last_kind == "scale" and (self.current == 0 and self.total < value):
                self.total *= value  # "hundred thousand", "천만" style stacking
            else:
                if self.total and self.total < value:
                    return False
                self.total += (self.current or 1.0) * value
                self.current = 0.0
        self.last_kind = kind
        self.any = True
        return True

    @property
    def value(self) -> float:
        return self.total + self.current


def _word_parts(word: str, lexicon: NumberLexicon) -> list[tuple[str, float]] | None:
    lowered = word.lower()
    single = lexicon.word_value(lowered)
    if single:
        return [single]
    pieces = re.split(r"[-'’]", lowered) if re.search(r"[-'’]", lowered) else [lowered]
    parts: list[tuple[str, float]] = []
    index = 0
    while index < len(pieces):
        for stop in range(len(pieces), index, -1):  # longest hyphenated entry: quatre-vingt
            value = lexicon.word_value("-".join(pieces[index:stop]))
            if value:
                parts.append(value)
                index = stop
                break
        else:
            piece = pieces[index]
            index += 1
            if piece in lexicon.connectors:
                continue
            segments = _segment(piece, lexicon) if lexicon.compound else None
            if not segments:
                return None
            for segment in segments:
                if segment in lexicon.connectors:
                    continue
                found = lexicon.word_value(segment)
                if found is None:
                    return None
                parts.append(found)
    return parts or None


def _not_a_number(word: str, lexicon: NumberLexicon) -> bool:
    """"one-way", "one-off", "deux-roues": the word, or its first hyphenated parts, is listed
    as a word that begins with a number word but counts nothing."""
    pieces = word.replace("’", "'").split("-")
    return any("-".join(pieces[:stop]) in lexicon.not_numbers
               for stop in range(1, len(pieces) + 1))


@dataclass
class _Token:
    start: int
    end: int
    text: str
    kind: str  # "num" | "word"


def find_numbers(text: str, language: str = "en") -> list[NumberSpan]:
    """Every number in `text`, maximal (two hundred thousand is one number)."""
    if len(text) > MAX_TEXT_CHARS:
        raise ParseError(f"text too long to scan ({len(text)} characters)")
    lexicon = number_lexicon(language)
    found: list[NumberSpan] = []
    position = 0
    while True:
        candidate = lexicon.candidate_re.search(text, position)
        if candidate is None:
            break
        # tokenise only from the candidate on, and only as far as a number can reach
        local = [_Token(m.start(), m.end(), m.group(), m.lastgroup or "word")
                 for m in itertools.islice(lexicon.token_re.finditer(text, candidate.start()),
                                           LOOKAHEAD_TOKENS)]
        if not local:
            break
        span, _ = _number_at(text, local, 0, lexicon)
        if span is not None:
            found.append(span)
            position = max(span.end, local[0].end)
        else:
            position = local[0].end
    return found


def _gap_ok(text: str, end: int, start: int) -> bool:
    gap = text[end:start]
    return len(gap) <= 2 and gap.strip(" -\u00a0") == ""


def _number_at(text: str, toks: list[_Token], index: int,
               lexicon: NumberLexicon) -> tuple[NumberSpan | None, int]:
    """The number starting at token `index` (if any) and the index after it."""
    first = toks[index]
    lowered = first.text.lower()
    if first.kind == "word":
        head = re.split(r"[-'’]", lowered, maxsplit=1)[0]
        if head not in lexicon.starters and not (
                lexicon.morpheme_re is not None and lexicon.morpheme_re.match(head)):
            return None, index + 1
    # vague plural scale nouns: "thousands of", "tens of thousands", "des milliers"
    for phrase_len in ((3, 1) if first.kind == "word" else ()):
        if index + phrase_len <= len(toks):
            phrase_tokens = toks[index:index + phrase_len]
            phrase = " ".join(t.text.lower() for t in phrase_tokens)
            if phrase in lexicon.vague and all(
                    _gap_ok(text, a.end, b.start) or text[a.end:b.start] == " "
                    for a, b in itertools.pairwise(phrase_tokens)):
                low, high = lexicon.vague[phrase]
                last = phrase_tokens[-1]
                return (NumberSpan(first.start, last.end, text[first.start:last.end], low, high,
                                   words=True), index + phrase_len)
    accumulator = _Accumulator(lexicon)
    decimals = grouped = False
    sign = 1.0
    start = first.start
    position = index
    if lowered in lexicon.negative and index + 1 < len(toks) and toks[index + 1].kind == "num" \
            and _gap_ok(text, first.end, toks[index + 1].start):
        sign, position = -1.0, index + 1
    end = None
    words_used = False
    pending_article = False
    after_connector = False
    digit_value = 0.0
    while position < len(toks):
        token = toks[position]
        if end is not None and not after_connector and not _gap_ok(text, end, token.start):
            break
        after_connector = False
        lowered_token = token.text.lower()
        if token.kind == "word" and _not_a_number(lowered_token, lexicon):
            break
        if (lowered_token in lexicon.connectors and accumulator.any
                and accumulator.last_kind != "digits" and position + 1 < len(toks)
                and _gap_ok(text, token.end, toks[position + 1].start)):
            parts = _word_parts(toks[position + 1].text, lexicon)
            if parts and parts[0][0] == "word" and accumulator.can_add(parts[0][1]):
                position += 1
                after_connector = True
                continue
            break
        if token.kind == "num":
            if accumulator.any and not (lexicon.digit_suffix_scales
                                        and accumulator.last_kind == "scale"):
                break
            try:
                value, decimals, grouped = parse_digits(token.text, lexicon)
            except ParseError:
                return None, position + 1
            accumulator.add("digits", value)
            digit_value = value
            end = token.end
            position += 1
            if lexicon.digit_suffix_scales and position < len(toks) \
                    and toks[position].start == token.end and toks[position].kind == "word":
                suffix_parts = _prefix_scales(toks[position].text, lexicon)
                if suffix_parts:
                    consumed, parts = suffix_parts
                    for kind, part_value in parts:
                        accumulator.add(kind, part_value)
                    end = toks[position].start + consumed
                    if consumed < len(toks[position].text):
                        position += 1
                        break
                    position += 1
            continue
        if not accumulator.any and lowered_token in lexicon.one_before_scale \
                and position + 1 < len(toks):
            following = _word_parts(toks[position + 1].text, lexicon)
            if following and following[0][0] in ("mult", "scale") \
                    and _gap_ok(text, token.end, toks[position + 1].start):
                pending_article = True
                end = token.end
                position += 1
                continue
        if lexicon.digit_suffix_scales and not lexicon.words:
            break
        parts = _word_parts(token.text, lexicon)
        partial_end = None
        if not parts and "-" in token.text:
            head = token.text.split("-", 1)[0]
            parts = _word_parts(head, lexicon)
            partial_end = token.start + len(head)
        if not parts:
            break
        if not accumulator.any and not pending_article and parts[0][0] == "scale" \
                and lexicon.digit_suffix_scales:
            break
        snapshot = (accumulator.total, accumulator.current, accumulator.last_kind,
                    accumulator.any)
        if not all(accumulator.add(kind, value) for kind, value in parts):
            accumulator.total, accumulator.current, accumulator.last_kind, \
                accumulator.any = snapshot
            break
        words_used = True
        pending_article = False
        end = token.end if partial_end is None else partial_end
        position += 1
        if partial_end is not None:
            break
    if not accumulator.any or end is None:
        return None, index + 1
    if words_used and not pending_article and position == index + 1 \
            and (lowered in lexicon.ambiguous):
        return None, index + 1  # "un", "ein": an article unless part of a larger number
    value = sign * accumulator.value
    if not math.isfinite(value):
        return None, position
    scale = accumulator.value / digit_value if digit_value and toks[index].kind == "num" else 1.0
    return (NumberSpan(start, end, text[start:end], value, value, words=words_used,
                       decimals=decimals, grouped=grouped, scale=scale), position)


def _prefix_scales(word: str, lexicon: NumberLexicon) -> tuple[int, list[tuple[str, float]]] | None:
    """Scale characters glued after digits (5천만명 -> 천, 만 and the rest "명")."""
    consumed = 0
    parts: list[tuple[str, float]] = []
    lowered = word.lower()
    while consumed < len(lowered):
        for size in (2, 1):
            piece = lowered[consumed:consumed + size]
            found = lexicon.word_value(piece) if len(piece) == size else None
            if found and found[0] in ("mult", "scale"):
                parts.append(found)
                consumed += size
                break
        else:
            break
    return (consumed, parts) if parts else None


def parse_number(text: str, language: str = "en") -> float:
    """The value of a string that is exactly one number, else `ParseError`."""
    stripped = text.strip()
    if not stripped:
        raise ParseError("empty number")
    numbers = find_numbers(stripped, language)
    if len(numbers) != 1 or numbers[0].start != 0 or numbers[0].end != len(stripped):
        raise ParseError(f"not a single number: {stripped[:40]!r}")
    return numbers[0].value
