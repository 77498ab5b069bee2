"""Dates: absolute, partial, relative, intervals and Juche years, with their granularity."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from veille.extract.dates import DateExpression, ParseError, find_dates, juche_to_gregorian

PUBLISHED = dt.date(2024, 11, 27)  # a Wednesday
D = dt.date


def one(text: str, language: str, published: dt.date | None = PUBLISHED) -> DateExpression:
    found = find_dates(text, language, published)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(("text", "language", "low", "high", "granularity", "relative"), [
    ("le 25 novembre 2024", "fr", D(2024, 11, 25), D(2024, 11, 25), "day", False),
    ("on November 25, 2024", "en", D(2024, 11, 25), D(2024, 11, 25), "day", False),
    ("2024-11-25", "en", D(2024, 11, 25), D(2024, 11, 25), "day", False),
    ("am 25.11.2024", "de", D(2024, 11, 25), D(2024, 11, 25), "day", False),
    ("en mai 2019", "fr", D(2019, 5, 1), D(2019, 5, 31), "month", False),
    ("in summer 2023", "en", D(2023, 6, 1), D(2023, 8, 31), "season", False),
    ("l'été 2023", "fr", D(2023, 6, 1), D(2023, 8, 31), "season", False),
    ("winter 2023", "en", D(2023, 12, 1), D(2024, 2, 29), "season", False),
    ("début 2022", "fr", D(2022, 1, 1), D(2022, 4, 30), "part_of_year", False),
    ("early 2024", "en", D(2024, 1, 1), D(2024, 4, 30), "part_of_year", False),
    ("fin octobre", "fr", D(2024, 10, 21), D(2024, 10, 31), "part_of_month", True),
    ("mid-December 2023", "en", D(2023, 12, 11), D(2023, 12, 20), "part_of_month", False),
    ("lundi", "fr", D(2024, 11, 25), D(2024, 11, 25), "day", True),
    ("last month", "en", D(2024, 10, 1), D(2024, 10, 31), "month", True),
    ("yesterday", "en", D(2024, 11, 26), D(2024, 11, 26), "day", True),
    ("en juin", "fr", D(2024, 6, 1), D(2024, 6, 30), "month", True),
    ("this year", "en", D(2024, 1, 1), D(2024, 12, 31), "year", True),
    ("earlier this month", "en", D(2024, 11, 1), D(2024, 11, 10), "part_of_month", True),
    ("l'année dernière", "fr", D(2023, 1, 1), D(2023, 12, 31), "year", True),
    ("between March and May 2024", "en", D(2024, 3, 1), D(2024, 5, 31), "month", False),
    ("du 3 au 5 juin 2024", "fr", D(2024, 6, 3), D(2024, 6, 5), "day", False),
    ("Q3 2024", "en", D(2024, 7, 1), D(2024, 9, 30), "quarter", False),
    ("in the 1990s", "en", D(1990, 1, 1), D(1999, 12, 31), "decade", False),
    ("in 2019", "en", D(2019, 1, 1), D(2019, 12, 31), "year", False),
    ("3 days ago", "en", D(2024, 11, 24), D(2024, 11, 24), "day", True),
    ("25 ноября 2024 года", "ru", D(2024, 11, 25), D(2024, 11, 25), "day", False),
    ("в прошлом году", "ru", D(2023, 1, 1), D(2023, 12, 31), "year", True),
    ("25 листопада 2024 року", "uk", D(2024, 11, 25), D(2024, 11, 25), "day", False),
    ("el 25 de noviembre de 2024", "es", D(2024, 11, 25), D(2024, 11, 25), "day", False),
    ("im Mai 2019", "de", D(2019, 5, 1), D(2019, 5, 31), "month", False),
    ("2024년 11월 25일", "ko", D(2024, 11, 25), D(2024, 11, 25), "day", False),
    ("l'8 luglio 2024", "it", D(2024, 7, 8), D(2024, 7, 8), "day", False),
    ("l'anno scorso", "it", D(2023, 1, 1), D(2023, 12, 31), "year", True),
])
def test_dates(text: str, language: str, low: dt.date, high: dt.date, granularity: str,
               relative: bool) -> None:
    found = one(text, language)
    assert (found.low, found.high, found.granularity, found.relative) == (
        low, high, granularity, relative)
    assert text[found.start:found.end] == found.text


def test_month_year_never_invents_a_day() -> None:
    found = one("mai 2019", "fr")
    assert found.granularity == "month" and found.low.day == 1 and found.high.day == 31


def test_relative_dates_need_a_publication_date() -> None:
    assert find_dates("yesterday and last month", "en", None) == []
    assert one("in May 2019", "en", None).low == D(2019, 5, 1)


@pytest.mark.parametrize(("text", "language"), [
    ("Juche 113", "en"), ("주체113년", "ko"),
    ("L'année « 113 » pouvait être lue. La Corée du Nord utilise le calendrier Juche.", "fr"),
])
def test_juche_years(text: str, language: str) -> None:
    found = one(text, language)
    assert found.calendar == "juche"
    assert (found.low, found.high, found.granularity) == (D(2024, 1, 1), D(2024, 12, 31), "year")


def test_year_n_is_not_juche_without_a_signal() -> None:
    assert find_dates("L'année « 113 » pouvait être lue.", "fr", PUBLISHED) == []


def test_juche_to_gregorian() -> None:
    assert juche_to_gregorian(113) == 2024
    assert juche_to_gregorian(1) == 1912


def test_invalid_calendar_dates_are_skipped() -> None:
    found = find_dates("31 February 2024 and 2024-13-45", "en", PUBLISHED)
    assert [(d.text, d.granularity) for d in found] == [("February 2024", "month")]


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("Atak nastąpił 14 czerwca 2023 r., a w maju 2024 kolejny.", "pl",
     [(dt.date(2023, 6, 14), "day"), (dt.date(2024, 5, 1), "month")]),
    ("Raketa 9. septembra 2025 zasiahla vládnu budovu.", "sk", [(dt.date(2025, 9, 9), "day")]),
    ("Racheta a lovit pe 7 septembrie 2025.", "ro", [(dt.date(2025, 9, 7), "day")]),
    ("Au găsit mai mult de 30 de componente în mai 2024.", "ro",
     [(dt.date(2024, 5, 1), "month")]),
])
def test_polish_slovak_and_romanian_months_in_their_cases(text: str, language: str,
                                                          expected: list) -> None:
    """Months inflect ("czerwca", "septembra"), and Romanian "mai" is May only beside a day
    or a year ("mai mult de 30" is "more than 30")."""
    assert [(d.low, d.granularity) for d in find_dates(text, language)] == expected


def test_may_as_a_verb_is_not_a_month() -> None:
    assert find_dates("They may go in may", "en", PUBLISHED) == []


def test_oversized_input_raises_parse_error() -> None:
    with pytest.raises(ParseError):
        find_dates("x" * 6_000_000, "en")


def test_to_json_is_serialisable() -> None:
    data = one("in May 2019", "en").to_json()
    assert data["low"] == "2019-05-01" and data["calendar"] == "gregorian"


LANGUAGES = ["en", "fr", "de", "es", "ru", "uk", "ko", "it", "pt", "pl", "ja"]


@settings(max_examples=150, deadline=None)
@given(text=st.one_of(st.text(max_size=300), st.lists(st.sampled_from(
    ["25", "November", "2024", "mai", "du", "au", "-", "Juche", "113", "year", "last",
     "month", "early", "between", "and", "1990s", "Q3", "31", "février", "년", "월", "일", " "]),
    max_size=100).map(" ".join)), language=st.sampled_from(LANGUAGES),
    published=st.one_of(st.none(), st.dates(min_value=D(1, 1, 1), max_value=D(9999, 12, 31))))
def test_any_text_returns_dates_quickly(text: str, language: str,
                                        published: dt.date | None) -> None:
    started = time.perf_counter()
    found = find_dates(text, language, published)
    assert time.perf_counter() - started < 2.0
    for date in found:
        assert date.low <= date.high
        assert date.text == text[date.start:date.end]
