"""Date expressions normalised to an inclusive interval with a granularity.

Absolute (25 novembre 2024, November 25, 2024, 2024-11-25, 25.11.2024), partial (mai 2019,
summer 2023, début 2022), relative to the publication date (yesterday, last month, lundi,
en juin), intervals (du 3 au 5 juin, between March and May 2024) and the Juche calendar
(Juche 113 = 2024, or "year 113" when the text names the Juche calendar). A day is never
invented: "mai 2019" is the whole month. Words come from `lang/<code>/dates.yaml`; the
patterns are compiled once per language and scanned linearly.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any

from veille.extract.numbers import MAX_TEXT_CHARS, ParseError
from veille.lang import load_lexicon

__all__ = ["DateExpression", "ParseError", "find_dates", "juche_to_gregorian"]

JUCHE_OFFSET = 1911
MIN_YEAR, MAX_YEAR = 1000, 2150


@dataclass(frozen=True)
class DateExpression:
    start: int
    end: int
    text: str
    low: dt.date
    high: dt.date
    granularity: str  # day | month | season | quarter | year | decade | part_of_month | part_of_year
    calendar: str = "gregorian"
    relative: bool = False

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["low"], data["high"] = self.low.isoformat(), self.high.isoformat()
        return data


def juche_to_gregorian(year: int) -> int:
    """Juche year N is Gregorian 1911 + N (1912, Kim Il-sung's birth, is Juche 1)."""
    return JUCHE_OFFSET + year


def _alt(words: Any) -> str:
    items = sorted({str(w).lower() for w in words if str(w)}, key=len, reverse=True)
    if not items:
        return "(?!)"
    return "|".join(r"\s+".join(re.escape(p) for p in w.split()) for w in items)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


@dataclass(frozen=True)
class _Lexicon:
    months: dict[str, int]
    ambiguous_months: frozenset[str]
    weekdays: dict[str, int]
    ambiguous_weekdays: frozenset[str]
    seasons: dict[str, tuple[int, int]]
    parts: dict[str, str]
    quarters: dict[str, int]
    halves: dict[str, int]
    relative_days: dict[str, int]
    relative_modifiers: dict[str, int]
    relative_units: dict[str, str]
    relative_parts: dict[str, str]
    relative_after: dict[str, int]
    ago_units: dict[str, str]
    day_first: bool
    juche_re: re.Pattern[str] | None
    patterns: tuple[tuple[str, re.Pattern[str]], ...]
    trigger_words: frozenset[str]  # with digits, where date patterns are worth running


@lru_cache(maxsize=64)
def _lexicon(language: str) -> _Lexicon:
    data = load_lexicon(language, "dates") or load_lexicon("en", "dates")
    months = {str(k).lower(): int(v) for k, v in (data.get("months") or {}).items()}
    weekdays = {str(k).lower(): int(v) for k, v in (data.get("weekdays") or {}).items()}
    seasons = {str(k).lower(): (int(v[0]), int(v[1]))
               for k, v in (data.get("seasons") or {}).items()}
    parts = {str(k).lower(): str(v) for k, v in (data.get("parts") or {}).items()}
    quarters = {str(k).lower(): int(v) for k, v in (data.get("quarters") or {}).items()}
    halves = {str(k).lower(): int(v) for k, v in (data.get("halves") or {}).items()}
    year_prefixes = [*(data.get("year_prefixes") or []), *(data.get("baseline_prefixes") or [])]
    relative_days = {str(k).lower(): int(v)
                     for k, v in (data.get("relative_days") or {}).items()}
    modifiers = {str(k).lower(): int(v)
                 for k, v in (data.get("relative_modifiers") or {}).items()}
    units = {str(k).lower(): str(v) for k, v in (data.get("relative_units") or {}).items()}
    rel_parts = {str(k).lower(): str(v)
                 for k, v in (data.get("relative_parts") or {}).items()}
    ago_units = {str(k).lower(): str(v) for k, v in (data.get("ago_units") or {}).items()}
    suffixes = _alt(data.get("day_suffixes") or [])
    day = rf"(?P<{{name}}>[0-3]?\d)(?:{suffixes}|\.|º|er)?"
    M = _alt(months)
    Y = r"(?P<{name}>\d{{4}})(?!\d)"
    joiner = _alt(data.get("interval_joiners") or ["-", "–"])
    of = _alt(data.get("month_year_joiners") or []) or "(?!)"
    year_sfx = _alt(data.get("year_suffixes") or [])
    P = _alt(parts)
    S = _alt(seasons)
    Q = _alt({**quarters, **halves})
    before = r"(?<![\w])"
    after = r"(?![^\W_])"

    def d(name: str) -> str:
        return day.format(name=name)

    def y(name: str) -> str:
        return Y.format(name=name)

    cjk = data.get("cjk_suffixes")
    patterns: list[tuple[str, str]] = [
        ("iso", r"(?<!\d)(?P<y>\d{4})-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?!\d)"),
        ("numeric", r"(?<![\d.])(?P<a>[0-3]?\d)(?P<sep>[./])(?P<b>[01]?\d)(?P=sep)(?P<y>\d{4})(?!\d)"),
        ("day_range", before + d("d1") + rf"\s*(?:{joiner})\s*" + d("d2")
         + rf"\s+(?:{of}\s+)?(?P<m>{M})\.?(?:,?\s+(?:{of}\s+)?" + y("y") + ")?" + after),
        ("day_month", before + d("d") + rf"\s+(?:{of}\s+)?(?P<m>{M})\.?(?:,?\s+(?:{of}\s+)?"
         + y("y") + ")?" + after),
        ("month_day", before + rf"(?P<m>{M})\.?\s+" + d("d") + r"(?!\d)(?:,?\s+" + y("y")
         + ")?" + r"(?![\d.,]\d)"),
        ("month_range", before + rf"(?P<m1>{M})\.?\s*(?:{joiner})\s*(?P<m2>{M})\.?,?\s+(?:{of}\s+)?"
         + y("y")),
        ("part_month", before + rf"(?P<p>{P})[\s-]*(?P<m>{M})\.?(?:,?\s+(?:{of}\s+)?"
         + y("y") + ")?" + after),
        ("part_year", before + rf"(?P<p>{P})[\s-]*" + y("y")),
        ("season", before + rf"(?P<s>{S})\s+(?:{of}\s+)?" + y("y")),
        ("quarter", before + rf"(?P<q>{Q})\s+(?:{of}\s+)?" + y("y")),
        ("month_year", before + rf"(?P<m>{M})\.?,?\s+(?:{of}\s+)?" + y("y")),
        ("decade", before + _alt(data.get("decade_prefixes") or []).join(["(?:(?:", r")\s+)?"])
         + r"(?P<y>\d{3}0)(?:'?s|er|-х|-e|年代|년대)" + after),
        ("year_prefixed", before + rf"(?:{_alt(year_prefixes)})\s+"
         + y("y") + (rf"(?:\s*(?:{year_sfx}))?" if year_sfx != "(?!)" else "")
         + r"(?![\d.,]\d|\s*%)"),
        ("relative_day", before + rf"(?P<r>{_alt(relative_days)})" + after),
        ("relative_part", before + rf"(?P<rp>{_alt(rel_parts)})\s+(?P<u>{_alt(units)})" + after),
        ("relative_unit", before + rf"(?P<mod>{_alt(modifiers)})\s+(?P<u>{_alt(units)})" + after),
        ("relative_after", before + r"(?:l['’]|le\s+|la\s+|el\s+|la\s+)?"
         + rf"(?P<u>{_alt(units)})\s+(?P<ma>{_alt(data.get('relative_after') or [])})" + after),
        ("relative_ago", before + r"(?P<n>\d{1,3})\s+" + rf"(?P<au>{_alt(ago_units)})\s+"
         + rf"(?:{_alt(data.get('ago') or [])})" + after),
        ("ago_before", before + rf"(?:{_alt(data.get('ago_before') or [])})\s+"
         + r"(?P<n>\d{1,3})\s+" + rf"(?P<au>{_alt(ago_units)})" + after),
        ("weekday", before + rf"(?:(?P<wp>{_alt(data.get('weekday_prefixes') or [])})\s+)?"
         + rf"(?P<w>{_alt(weekdays)})" + after),
        ("month_alone", before + rf"(?P<mp>{_alt(data.get('month_prefixes') or [])})\s+"
         + rf"(?P<m>{M})" + after),
    ]
    if cjk:
        ys, ms, ds = (re.escape(str(cjk[k])) for k in ("year", "month", "day"))
        patterns.insert(0, ("cjk", (rf"(?:(?P<y>\d{{4}})\s*{ys}\s*)?(?P<m>[01]?\d)\s*{ms}"
                                    rf"(?:\s*(?P<d>[0-3]?\d)\s*{ds})?")))
        patterns.append(("cjk_year", rf"(?P<y>\d{{4}})\s*{ys}"))
    markers = data.get("juche_markers") or []
    juche_re = re.compile(_alt(markers), re.IGNORECASE) if markers else None
    year_words = _alt(data.get("year_words") or [])
    patterns.insert(0, ("juche", (rf"(?i:(?P<jm>{_alt(markers)}))\s*(?:{year_words})?\s*"
                                  r"[«\"“'‘]?\s*(?P<jy>\d{1,3})(?!\d)")))
    patterns.insert(1, ("juche_year", before + (rf"(?:{year_words})\s*[«\"“'‘]?\s*"
                                                r"(?P<jy>\d{1,3})\s*[»\"”'’]?(?![\d.,]\d)")))
    compiled = tuple((name, re.compile(pattern, re.IGNORECASE)) for name, pattern in patterns)
    trigger_words = {w.split()[0] for w in (*months, *weekdays, *seasons, *parts, *quarters,
                                            *halves, *relative_days, *modifiers, *rel_parts,
                                            *units, *(str(x).lower() for x in markers),
                                            *(str(x).lower() for x in data.get("ago_before") or []))
                     if w.split()}
    trigger_words = frozenset(trigger_words)
    return _Lexicon(
        months=months,
        ambiguous_months=frozenset(str(m).lower() for m in data.get("ambiguous_months") or []),
        weekdays=weekdays,
        ambiguous_weekdays=frozenset(str(m).lower()
                                     for m in data.get("ambiguous_weekdays") or []),
        seasons=seasons,
        parts=parts,
        quarters=quarters,
        halves=halves,
        relative_days=relative_days,
        relative_modifiers=modifiers,
        relative_units=units,
        relative_parts=rel_parts,
        relative_after={str(k).lower(): int(v)
                        for k, v in (data.get("relative_after") or {}).items()},
        ago_units=ago_units,
        day_first=str(data.get("numeric_order", "dmy")) == "dmy",
        juche_re=juche_re,
        patterns=compiled,
        trigger_words=trigger_words,
    )


def _key(text: str) -> str:
    return " ".join(text.lower().split())


def _year(text: str | None) -> int | None:
    if text is None:
        return None
    year = int(text)
    return year if MIN_YEAR <= year <= MAX_YEAR else None


def _part_range(part: str, low: dt.date, high: dt.date) -> tuple[dt.date, dt.date]:
    """Early/middle/late third of a month (days 1-10, 11-20, 21-end) or of a longer span
    (for a year: January-April, May-August, September-December)."""
    if low.month == high.month and low.year == high.year:
        bounds = {"early": (1, 10), "middle": (11, 20), "late": (21, high.day)}[part]
        return low.replace(day=bounds[0]), low.replace(day=bounds[1])
    months = (high.year - low.year) * 12 + high.month - low.month + 1
    third = max(1, months // 3)
    index = {"early": 0, "middle": 1, "late": 2}[part]
    first = low.year * 12 + low.month - 1 + index * third
    last = first + third - 1 if part != "late" else high.year * 12 + high.month - 1
    return (dt.date(first // 12, first % 12 + 1, 1), _month_end(last // 12, last % 12 + 1))


def _unit_interval(unit: str, anchor: dt.date, offset: int) -> tuple[dt.date, dt.date]:
    if unit == "day":
        day = anchor + dt.timedelta(days=offset)
        return day, day
    if unit == "week":
        monday = anchor - dt.timedelta(days=anchor.weekday()) + dt.timedelta(weeks=offset)
        return monday, monday + dt.timedelta(days=6)
    if unit == "month":
        index = anchor.year * 12 + anchor.month - 1 + offset
        year, month = divmod(index, 12)
        return dt.date(year, month + 1, 1), _month_end(year, month + 1)
    year = anchor.year + offset
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


_GRANULARITY = {"day": "day", "week": "day", "month": "month", "year": "year"}


def _build(name: str, m: re.Match[str], lex: _Lexicon, published: dt.date | None,
           juche_context: bool) -> tuple[dt.date, dt.date, str, str, bool] | None:
    """(low, high, granularity, calendar, relative) for one pattern match, or None."""
    g = m.groupdict()
    month = lex.months.get(_key(g["m"])) if g.get("m") else None
    if name == "juche":
        year = juche_to_gregorian(int(g["jy"]))
        return dt.date(year, 1, 1), dt.date(year, 12, 31), "year", "juche", False
    if name == "juche_year":
        if not juche_context or not 1 <= int(g["jy"]) <= 200:
            return None
        year = juche_to_gregorian(int(g["jy"]))
        return dt.date(year, 1, 1), dt.date(year, 12, 31), "year", "juche", False
    if name == "iso":
        day = dt.date(int(g["y"]), int(g["m"]), int(g["d"]))
        return day, day, "day", "gregorian", False
    if name == "numeric":
        a, b = int(g["a"]), int(g["b"])
        d_, mo = (a, b) if lex.day_first or g["sep"] == "." else (b, a)
        day = dt.date(int(g["y"]), mo, d_)
        return day, day, "day", "gregorian", False
    if name == "cjk":
        year = _year(g.get("y")) or (published.year if published else None)
        if year is None or not _month_ok(g["m"]):
            return None
        mo = int(g["m"])
        if g.get("d"):
            day = dt.date(year, mo, int(g["d"]))
            return day, day, "day", "gregorian", g.get("y") is None
        return dt.date(year, mo, 1), _month_end(year, mo), "month", "gregorian", g.get("y") is None
    if name == "cjk_year":
        year = _year(g["y"])
        return (dt.date(year, 1, 1), dt.date(year, 12, 31), "year", "gregorian", False) \
            if year else None
    if name in ("day_month", "month_day", "day_range"):
        if month is None:
            return None
        year = _year(g.get("y"))
        relative = year is None
        if year is None:
            if published is None:
                return None
            year = published.year
        if name == "day_range":
            low = dt.date(year, month, int(g["d1"]))
            high = dt.date(year, month, int(g["d2"]))
            return (low, high, "day", "gregorian", relative) if low <= high else None
        day = dt.date(year, month, int(g["d"]))
        return day, day, "day", "gregorian", relative
    if name == "month_range":
        m1, m2 = lex.months.get(_key(g["m1"])), lex.months.get(_key(g["m2"]))
        year = _year(g["y"])
        if not (m1 and m2 and year) or m1 > m2:
            return None
        return dt.date(year, m1, 1), _month_end(year, m2), "month", "gregorian", False
    if name == "month_year":
        year = _year(g["y"])
        if not (month and year):
            return None
        return dt.date(year, month, 1), _month_end(year, month), "month", "gregorian", False
    if name == "part_month":
        year = _year(g.get("y"))
        relative = year is None
        if year is None:
            if published is None:
                return None
            year = published.year
        if month is None:
            return None
        low, high = _part_range(lex.parts[_key(g["p"])], dt.date(year, month, 1),
                                _month_end(year, month))
        return low, high, "part_of_month", "gregorian", relative
    if name == "part_year":
        year = _year(g["y"])
        if year is None:
            return None
        low, high = _part_range(lex.parts[_key(g["p"])], dt.date(year, 1, 1),
                                dt.date(year, 12, 31))
        return low, high, "part_of_year", "gregorian", False
    if name == "season":
        year = _year(g["y"])
        first, last = lex.seasons[_key(g["s"])]
        if year is None:
            return None
        if first > last:  # winter 2023 runs December 2023 - February 2024
            return dt.date(year, first, 1), _month_end(year + 1, last), "season", "gregorian", \
                False
        return dt.date(year, first, 1), _month_end(year, last), "season", "gregorian", False
    if name == "quarter":
        year = _year(g["y"])
        key = _key(g["q"])
        if year is None:
            return None
        if key in lex.quarters:
            first = 3 * (lex.quarters[key] - 1) + 1
            return dt.date(year, first, 1), _month_end(year, first + 2), "quarter", \
                "gregorian", False
        first = 6 * (lex.halves[key] - 1) + 1
        return dt.date(year, first, 1), _month_end(year, first + 5), "part_of_year", \
            "gregorian", False
    if name == "decade":
        year = _year(g["y"])
        if year is None:
            return None
        return dt.date(year, 1, 1), dt.date(year + 9, 12, 31), "decade", "gregorian", False
    if name == "year_prefixed":
        year = _year(g["y"])
        if year is None:
            return None
        return dt.date(year, 1, 1), dt.date(year, 12, 31), "year", "gregorian", False
    if published is None:
        return None  # everything below is relative to the publication date
    if name == "relative_day":
        day = published + dt.timedelta(days=lex.relative_days[_key(g["r"])])
        return day, day, "day", "gregorian", True
    if name == "relative_unit":
        unit = lex.relative_units[_key(g["u"])]
        low, high = _unit_interval(unit, published, lex.relative_modifiers[_key(g["mod"])])
        return low, high, _GRANULARITY[unit], "gregorian", True
    if name == "relative_part":
        unit = lex.relative_units[_key(g["u"])]
        spec = lex.relative_parts[_key(g["rp"])]
        offset = -1 if spec.endswith("_last") else 0
        low, high = _unit_interval(unit, published, offset)
        low, high = _part_range(spec.split("_")[0], low, high)
        if offset == 0:
            high = min(high, published) if spec.startswith("early") else high
        granularity = "part_of_month" if unit == "month" else (
            "part_of_year" if unit == "year" else "day")
        return low, high, granularity, "gregorian", True
    if name == "relative_after":
        unit = lex.relative_units[_key(g["u"])]
        low, high = _unit_interval(unit, published, lex.relative_after[_key(g["ma"])])
        return low, high, _GRANULARITY[unit], "gregorian", True
    if name in ("relative_ago", "ago_before"):
        unit = lex.ago_units[_key(g["au"])]
        low, high = _unit_interval(unit, published, -int(g["n"]))
        return low, high, _GRANULARITY[unit], "gregorian", True
    if name == "weekday":
        word = _key(g["w"])
        if word in lex.ambiguous_weekdays and not g.get("wp"):
            return None
        target = lex.weekdays[word]
        back = (published.weekday() - target) % 7
        day = published - dt.timedelta(days=back)
        return day, day, "day", "gregorian", True
    if name == "month_alone":
        if month is None:
            return None
        year = published.year if month <= published.month else published.year - 1
        return dt.date(year, month, 1), _month_end(year, month), "month", "gregorian", True
    return None


def _month_ok(text: str) -> bool:
    return 1 <= int(text) <= 12


WINDOW_BEFORE, WINDOW_AFTER = 40, 60
_TOKEN_RE = re.compile(r"\d+|[^\W\d_]+")


def _windows(text: str, lex: _Lexicon) -> list[tuple[int, int]]:
    """Merged stretches of text around digits and date words: the only places worth scanning."""
    windows: list[tuple[int, int]] = []
    words = lex.trigger_words
    for trigger in _TOKEN_RE.finditer(text):
        token = trigger.group()
        if not (token[0].isdigit() or token.lower() in words):
            continue
        start = max(0, trigger.start() - WINDOW_BEFORE)
        end = min(len(text), trigger.end() + WINDOW_AFTER)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(windows[-1][1], end))
        else:
            windows.append((start, end))
    return windows


def find_dates(text: str, language: str = "en",
               published: dt.date | dt.datetime | None = None) -> list[DateExpression]:
    """Every date expression in `text`, non-overlapping, left to right.

    Relative expressions need `published`; without it they are skipped, never guessed.
    """
    if len(text) > MAX_TEXT_CHARS:
        raise ParseError(f"text too long to scan ({len(text)} characters)")
    if isinstance(published, dt.datetime):
        published = published.date()
    lex = _lexicon(language or "en")
    juche_context = bool(lex.juche_re and lex.juche_re.search(text))
    candidates: list[tuple[int, int, int, DateExpression]] = []
    windows = _windows(text, lex)
    for priority, (name, pattern) in enumerate(lex.patterns):
        for match in (m for start, end in windows for m in pattern.finditer(text, start, end)):
            if name in ("month_day", "month_alone", "part_month") and match.group("m") and \
                    _key(match.group("m")) in lex.ambiguous_months and \
                    not match.group("m")[0].isupper():
                continue
            try:
                built = _build(name, match, lex, published, juche_context)
            except (ValueError, OverflowError, KeyError):
                continue  # 31 February, out-of-range years: not a date
            if built is None:
                continue
            low, high, granularity, calendar_name, relative = built
            start, end = match.span()
            if name == "year_prefixed":
                start = match.start("y")
            candidates.append((start, end, priority, DateExpression(
                start, end, text[start:end], low, high, granularity, calendar_name, relative)))
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[0]))
    chosen: list[DateExpression] = []
    taken: list[tuple[int, int]] = []
    for start, end, _, expression in candidates:
        if all(end <= s or start >= e for s, e in taken):
            chosen.append(expression)
            taken.append((start, end))
    return sorted(chosen, key=lambda e: e.start)
