"""Interpreters that propose competing readings of a marking or a date code.

"112" on a North Korean missile part may be Juche year 112 (2023), a date code, or the mark of
the February 11 Plant. Each interpreter proposes what it can, with a score and the facts that
support it; the patterns and factory codes are data in `interpreters.yaml`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from veille.datafiles import read_yaml

INTERPRETERS_FILE = Path(__file__).with_name("interpreters.yaml")


@dataclass(frozen=True)
class Reading:
    """One interpretation of a marking, with the date interval it implies when it is a date."""

    interpreter: str
    kind: str
    label: str
    value: dict[str, Any]
    earliest: date | None
    latest: date | None
    score: float
    support: tuple[str, ...]


@dataclass(frozen=True)
class ReadingContext:
    """What is known around a marking: how it is written, and when the item was recovered."""

    script: str | None = None
    language: str | None = None
    not_after: date | None = None
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def limit(self) -> date:
        return self.not_after or date.today()


@cache
def config() -> dict[str, Any]:
    with INTERPRETERS_FILE.open(encoding="utf-8") as handle:
        return read_yaml(handle)


def script_codes() -> dict[str, str]:
    return dict(config()["scripts"])


def detect_script(text: str) -> str:
    """The main script of a transcription by Unicode character names ("digits" if none)."""
    counts: dict[str, int] = {}
    for character in text:
        if not character.isalpha():
            continue
        name = unicodedata.name(character, "")
        for script, prefix in (("hangul", "HANGUL"), ("cyrillic", "CYRILLIC"),
                               ("han", "CJK"), ("arabic", "ARABIC"), ("latin", "LATIN")):
            if name.startswith(prefix):
                counts[script] = counts.get(script, 0) + 1
                break
    return max(counts, key=lambda s: counts[s]) if counts else "digits"


# --- Juche years ----------------------------------------------------------------------------

def _boost_applies(condition: dict[str, Any], match: re.Match[str], n: int,
                   context: ReadingContext) -> bool:
    if "prefix" in condition and bool(match.group("prefix")) != condition["prefix"]:
        return False
    if "scripts" in condition and context.script not in condition["scripts"]:
        return False
    if "languages" in condition and context.language not in condition["languages"]:
        return False
    if "n_between" in condition:
        low, high = condition["n_between"]
        if not low <= n <= high:
            return False
    return True


def juche_readings(text: str, context: ReadingContext) -> list[Reading]:
    rules = config()["juche"]
    low, high = rules["year_range"]
    for pattern in rules["patterns"]:
        match = re.match(pattern, text.strip())
        if not match:
            continue
        n = int(match.group("n"))
        year = rules["epoch"] + n
        if not low <= n <= high or year > context.limit.year:
            return []
        score = rules["prior"]
        support = [f"Juche year N is {rules['epoch']} + N: {n} -> {year}"]
        for boost in rules["boosts"]:
            if _boost_applies(boost["when"], match, n, context):
                score += boost["add"]
                support.append(boost["why"])
        return [Reading("juche", "juche_year", f"Juche year {n} = {year}",
                        {"juche_year": n, "year": year}, date(year, 1, 1), date(year, 12, 31),
                        round(min(score, 0.99), 3), tuple(support))]
    return []


# --- manufacturers' date codes --------------------------------------------------------------

def _week_interval(year: int, week: int) -> tuple[date, date] | None:
    """Days week `week` of `year` can cover, counting ISO 8601 weeks or from 1 January."""
    if not 1 <= week <= 53:
        return None
    calendar_start = date(year, 1, 1) + timedelta(days=7 * (week - 1))
    if calendar_start.year != year:
        return None
    calendar_end = min(calendar_start + timedelta(days=6), date(year, 12, 31))
    try:
        iso_start, iso_end = date.fromisocalendar(year, week, 1), date.fromisocalendar(year,
                                                                                       week, 7)
    except ValueError:  # week 53 in a year of 52 ISO weeks
        return calendar_start, calendar_end
    return min(iso_start, calendar_start), max(iso_end, calendar_end)


def _month_interval(year: int, month: int) -> tuple[date, date] | None:
    if not 1 <= month <= 12:
        return None
    start = date(year, month, 1)
    following = date(year + (month == 12), month % 12 + 1, 1)
    return start, following - timedelta(days=1)


def _candidate_years(groups: dict[str, str], limit: date, max_age: int) -> list[int]:
    """Full years the year digits can stand for, newest first, none after `limit`."""
    if groups.get("yyyy"):
        return [int(groups["yyyy"])]
    digits = groups.get("yy") or groups.get("y")
    if digits is None:
        return []
    period = 10 ** len(digits)
    year = limit.year - (limit.year - int(digits)) % period
    years = []
    while year >= limit.year - max_age:
        years.append(year)
        year -= period
    return years


def normalise_date_code(text: str) -> str:
    cleaned = text.strip().upper()
    for pattern in config()["date_codes"]["strip"]:
        cleaned = re.sub(pattern, "", cleaned)
    return cleaned


def date_code_readings(text: str, context: ReadingContext,
                       only_format: str | None = None) -> list[Reading]:
    """Every date-code format the text fits, with a plausible date no later than recovery."""
    rules = config()["date_codes"]
    code = normalise_date_code(text)
    limit, max_age = context.limit, config()["max_age_years"]
    readings: list[Reading] = []
    for fmt in rules["formats"]:
        if only_format and fmt["name"] != only_format:
            continue
        match = re.match(fmt["regex"], code)
        if not match:
            continue
        groups = {k: v for k, v in match.groupdict().items() if v is not None}
        for age, year in enumerate(_candidate_years(groups, limit, max_age)):
            if "ww" in groups:
                interval = _week_interval(year, int(groups["ww"]))
                unit = f"week {int(groups['ww'])}"
            else:
                interval = _month_interval(year, int(groups["mm"]))
                unit = f"month {int(groups['mm'])}"
            if interval is None or interval[0] > limit:
                continue
            support = [fmt["why"], (f"{code} -> {year} {unit}: made {interval[0].isoformat()}"
                                   f" to {interval[1].isoformat()}")]
            if age:
                support.append(f"an earlier period for the same digits ({age} step back)")
            readings.append(Reading(
                "date_code", "date_code", f"date code {code} as {fmt['name']}: {year} {unit}",
                {"format": fmt["name"], "code": code, "year": year, **(
                    {"week": int(groups["ww"])} if "ww" in groups else
                    {"month": int(groups["mm"])})},
                interval[0], min(interval[1], limit),
                round(fmt["prior"] * rules["older_period_factor"] ** age, 3), tuple(support)))
    return readings


def date_code_formats() -> list[str]:
    return [fmt["name"] for fmt in config()["date_codes"]["formats"]]


# --- factory codes, lots and serials --------------------------------------------------------

def factory_code_readings(text: str, context: ReadingContext) -> list[Reading]:
    readings = []
    for entry in config()["factory_codes"]:
        if text.strip() == entry["code"]:
            readings.append(Reading(
                "factory_code", "factory_code", f"factory code of the {entry['name']}",
                {"factory": entry["name"], "gazetteer_key": entry.get("gazetteer_key"),
                 "country": entry.get("country"), "status": entry.get("status")},
                None, None, entry["prior"], (entry["why"],)))
    return readings


def lot_serial_readings(text: str, context: ReadingContext) -> list[Reading]:
    readings = []
    for rule in config()["lot_serial"]:
        match = re.match(rule["regex"], text.strip().upper())
        if match:
            value = match.group("value")
            readings.append(Reading("lot_serial", rule["kind"], f"{rule['kind']} {value}",
                                    {rule["kind"]: value}, None, None, rule["prior"],
                                    (rule["why"],)))
            break
    return readings


MARKING_INTERPRETERS = (juche_readings, factory_code_readings, date_code_readings,
                        lot_serial_readings)


def propose(text: str, context: ReadingContext) -> list[Reading]:
    """All readings of a marking, best-supported first."""
    readings = [r for interpreter in MARKING_INTERPRETERS for r in interpreter(text, context)]
    return sorted(readings, key=lambda r: -r.score)
