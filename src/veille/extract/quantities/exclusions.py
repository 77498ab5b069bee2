"""Numbers that are not amounts: dates, times, ordinals, model names, labels, addresses, ages.

The scan drops a number at once when `not_an_amount` says so, and drops one that found no
unit when `unitless_label` says so.
"""

from __future__ import annotations

import re

from veille.extract.numbers import NumberSpan
from veille.extract.quantities.context import is_year, word_before
from veille.extract.quantities.lexicon import QuantityLexicon
from veille.extract.quantities.model import Draft

# Scripts written without spaces glue words to digits ("約50両", "は50両を"): a Han or
# Hiragana character before a number makes no designation. (Katakana spells names, which
# carry their designations: "ファテフ110"; Korean is written with spaces.) The CJK ordinal
# prefix does: "第11軍団" is the 11th corps.
_UNSPACED_SCRIPT_RE = re.compile(r"[\u3040-\u309f\u3400-\u4dbf\u4e00-\u9fff]")
_ORDINAL_PREFIX = "第"


def glued_to_name(text: str, number: NumberSpan) -> bool:
    """Digits inside a designation (KN-23, XC40, F-35, COVID-19) are not quantities."""
    before = text[max(0, number.start - 2):number.start]
    if before[-1:].isalpha() and (before[-1:] == _ORDINAL_PREFIX
                                  or not _UNSPACED_SCRIPT_RE.match(before[-1:])):
        return True
    return len(before) == 2 and before[1] == "-" and before[0].isalpha()


_SUSPENDED_RE = re.compile(r"-[ \u00a0]*[, \u00a0]")  # "one- or two-bedroom"
YEAR_SUFFIX_RE = re.compile(r"['’′]?s(?![^\W_])")


def not_an_amount(text: str, number: NumberSpan, lexicon: QuantityLexicon) -> bool:
    """Dates, ordinals, street numbers, "Channel 5s": skipped before any unit is looked for."""
    if _is_date_part(text, number, lexicon) or _is_ordinal_or_code(text, number) \
            or _address(text, number, lexicon):
        return True
    return bool(not number.words and YEAR_SUFFIX_RE.match(text, number.end)
                and not is_year(number))


def unitless_label(text: str, number: NumberSpan, draft: Draft,
                   lexicon: QuantityLexicon) -> bool:
    """A number with no unit that names rather than counts: "iPhone 11", "category 4", "year
    113", "Senard, 65,", "aged 25", a pronoun "one" ("one- or two-bedroom" keeps its "one"
    for `share_units`)."""
    return bool(_name_number(text, number)
                or _designated(text, draft.start, lexicon)
                or _year_label(text, draft.start, lexicon)
                or _age(text, draft.start, lexicon)
                or _apposition(text, number)
                or number.words and number.text.lower() in lexicon.pronoun_numbers
                and not _SUSPENDED_RE.match(text, draft.end))


def _is_date_part(text: str, number: NumberSpan, lexicon: QuantityLexicon) -> bool:
    """Day or year next to a month name (25 November, Nov. 25, 2024) belongs to a date, and
    a number before a CJK date suffix ("16日", "8월"), unless a duration marker follows it
    ("10日間", "3년간")."""
    if lexicon.time_re is not None and lexicon.time_re.match(text, number.end):
        return True  # 10.45pm
    suffix = next((s for s in lexicon.date_suffixes if text.startswith(s, number.end)), None)
    if suffix is not None and not number.words:
        after = number.end + len(suffix)
        return not any(text.startswith(marker, after) for marker in lexicon.duration_markers)
    if number.words or number.decimals or number.low > 9999:
        return False
    before = text[max(0, number.start - 16):number.start].split()
    after = text[number.end:number.end + 16]
    after = (after.removeprefix(".") if lexicon.day_dot else after).split()
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


def _designated(text: str, start: int, lexicon: QuantityLexicon) -> bool:
    """"category 4", "Unit 3", "No. 10": a label, not an amount."""
    return word_before(text, start).rstrip(".") in lexicon.designators


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
    return _label_before(lexicon.year_label_re, text, start)


def _age(text: str, start: int, lexicon: QuantityLexicon) -> bool:
    """"ages 18-22", "as young as 16": an age, not an amount."""
    return _label_before(lexicon.age_re, text, start)


def _label_before(label_re: re.Pattern[str] | None, text: str, start: int) -> bool:
    """A label word ending right before the number ("year", "aged") makes it no amount."""
    return label_re is not None and bool(label_re.search(text, max(0, start - 24), start))


def _apposition(text: str, number: NumberSpan) -> bool:
    """"Senard, 65, now faces": an age in apposition to a name."""
    before = text[max(0, number.start - 30):number.start]
    return bool(re.search(r"[A-Z][\w'’-]+, \Z", before)) and \
        text[number.end:number.end + 1] == ","
