"""Number parsing: digits with locale separators, number words, multipliers; never hangs."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from veille.extract.numbers import ParseError, find_numbers, parse_number
from veille.lang import load_lexicon


@pytest.mark.parametrize(("text", "language", "value"), [
    ("10,000", "en", 10000), ("10 000", "fr", 10000), ("10.000", "de", 10000),
    ("4,8", "fr", 4.8), ("4.8", "en", 4.8), ("1,307,000", "en", 1307000),
    ("1.234,5", "de", 1234.5), ("1,234.5", "en", 1234.5), (".001", "en", 0.001),
    ("two hundred and fifty thousand", "en", 250000), ("twenty-five", "en", 25),
    ("a million", "en", 1_000_000), ("4.8 million", "en", 4_800_000),
    ("dix mille", "fr", 10000), ("quatre-vingt-dix-sept", "fr", 97),
    ("soixante et onze", "fr", 71), ("4,8 millions", "fr", 4_800_000),
    ("zehntausend", "de", 10000), ("zweihundertfünfzigtausend", "de", 250000),
    ("4,8 Mio", "de", 4_800_000), ("десять тысяч", "ru", 10000),
    ("двести пятьдесят три", "ru", 253), ("4,8 млн", "ru", 4_800_000),
    ("десять тисяч", "uk", 10000), ("treinta y cinco mil", "es", 35000),
    ("5천만", "ko", 50_000_000), ("1만 2천", "ko", 12000), ("3억", "ko", 300_000_000),
])
def test_parse_number(text: str, language: str, value: float) -> None:
    assert parse_number(text, language) == pytest.approx(value)


def test_separate_numbers_are_not_merged() -> None:
    values = [n.value for n in find_numbers("one two, 1 and 2, nineteen ninety", "en")]
    assert values == [1, 2, 1, 2, 19, 90]


def test_articles_are_not_numbers() -> None:
    assert find_numbers("un homme et une femme", "fr") == []
    assert [n.value for n in find_numbers("vingt et un", "fr")] == [21]


@pytest.mark.parametrize(("text", "language"), [
    ("a one-way drone and a one-off payment", "en"),
    ("un deux-roues et un mille-pattes", "fr"),
    ("Ein-Weg-Drohnen und Zwei-Wege-Funk", "de"),
])
def test_words_that_begin_with_a_number_word_are_not_numbers(text: str, language: str) -> None:
    assert find_numbers(text, language) == []


def test_a_hyphenated_number_word_is_still_a_number() -> None:
    assert [n.value for n in find_numbers("twenty-one drones, vingt-deux", "en")] == [21]
    assert [n.value for n in find_numbers("vingt-deux obus", "fr")] == [22]


def test_vague_plural_scales_give_a_span() -> None:
    [number] = find_numbers("tens of thousands", "en")
    assert (number.low, number.high) == (10_000, 100_000)


def test_korean_scale_syllables_need_digits() -> None:
    assert find_numbers("만약 그렇다면", "ko") == []


@pytest.mark.parametrize("bad", ["", "abc", "1,2,3,4,5", "9" * 40, "12 34"])
def test_parse_number_rejects_with_typed_error(bad: str) -> None:
    with pytest.raises(ParseError):
        parse_number(bad, "en")


def test_lexicon_loader_is_generic_and_tolerant() -> None:
    assert load_lexicon("fr", "numbers")["decimal_separator"] == ","
    assert load_lexicon("xx", "numbers") == {}
    assert load_lexicon("fr", "no_such_topic") == {}
    assert load_lexicon("../etc", "numbers") == {}


LANGUAGES = ["en", "fr", "de", "es", "ru", "uk", "ko", "it", "pt", "pl", "ja"]


@settings(max_examples=150, deadline=None)
@given(text=st.text(max_size=400), language=st.sampled_from(LANGUAGES))
def test_any_text_returns_numbers_quickly(text: str, language: str) -> None:
    started = time.perf_counter()
    numbers = find_numbers(text, language)
    assert time.perf_counter() - started < 1.0
    for number in numbers:
        assert 0 <= number.start < number.end <= len(text)
        assert number.low <= number.high


@settings(max_examples=60, deadline=None)
@given(digits=st.text(alphabet="0123456789., \u00a0", min_size=1, max_size=5000))
def test_huge_digit_runs_are_bounded(digits: str) -> None:
    started = time.perf_counter()
    try:
        parse_number(digits, "fr")
    except ParseError:
        pass
    find_numbers(digits, "en")
    assert time.perf_counter() - started < 2.0
