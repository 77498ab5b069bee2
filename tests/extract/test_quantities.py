"""Quantities: units, ranges, bounds, changes and comparison ratios, in several languages."""

from __future__ import annotations

import json
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from veille.extract.quantities import ParseError, Quantity, find_quantities, normalize_unit


def one(text: str, language: str = "en") -> Quantity:
    found = find_quantities(text, language)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(("text", "language", "low", "high", "reference"), [
    ("a hall 60-70% the size of the existing building.", "en", 0.6, 0.7, "the existing building"),
    ("it is 60-70% larger than the old hall", "en", 1.6, 1.7, "the old hall"),
    ("a hall 60-70% smaller.", "en", 0.3, 0.4, None),
    ("twice the size of the old plant", "en", 2, 2, "the old plant"),
    ("three times larger than the plant", "en", 3, 3, "the plant"),
    ("deux fois plus grand que l'ancien", "fr", 2, 2, "l'ancien"),
    ("de 60 à 70 % de la taille du bâtiment principal", "fr", 0.6, 0.7, "bâtiment principal"),
    ("estimé à 60-70% de la taille du bâtiment principal existant", "fr", 0.6, 0.7,
     "bâtiment principal existant"),
    ("30-40 % kleiner als die Haupthalle", "de", 0.6, 0.7, "die Haupthalle"),
])
def test_comparisons_become_ratios(text: str, language: str, low: float, high: float,
                                   reference: str | None) -> None:
    quantity = one(text, language)
    assert quantity.kind == "ratio"
    assert (quantity.low, quantity.high) == pytest.approx((low, high))
    assert quantity.reference == reference


@pytest.mark.parametrize(("text", "language", "low", "high", "bound", "unit"), [
    ("at least ten thousand containers", "en", 10000, 10000, ">=", "container"),
    ("up to 4.8 million shells", "en", 4.8e6, 4.8e6, "<=", "shell"),
    ("about 35 miles", "en", 35, 35, "~", "mile"),
    ("more than 60 per cent", "en", 60, 60, ">", "percent"),
    ("between 5% and 6%", "en", 5, 6, "=", "percent"),
    ("1 to 2 thousand people", "en", 1000, 2000, "=", "people"),
    ("$3 billion to $5 billion", "en", 3e9, 5e9, "=", "USD"),
    ("US$58.24 per barrel", "en", 58.24, 58.24, "=", "USD per barrel"),
    ("the index fell 4.8%", "en", 4.8, 4.8, "down", "percent"),
    ("debt increased by $43.6 billion", "en", 43.6e9, 43.6e9, "up", "USD"),
    ("au moins dix mille conteneurs", "fr", 10000, 10000, ">=", "container"),
    ("près de cinq millions de grenades", "fr", 5e6, 5e6, "~", "shell"),
    ("plus de 10 000 soldats", "fr", 10000, 10000, ">", "soldier"),
    ("jusqu'à 500 km", "fr", 500, 500, "<=", "kilometre"),
    ("etwa zehntausend Soldaten", "de", 10000, 10000, "~", "soldier"),
    ("mehr als 4,8 Mio. Granaten", "de", 4.8e6, 4.8e6, ">", "shell"),
    ("bis zu 500 km", "de", 500, 500, "<=", "kilometre"),
    ("около десяти тысяч солдат", "ru", 10000, 10000, "~", "soldier"),
    ("от 60 до 70 %", "ru", 60, 70, "=", "percent"),
    ("более 4,8 млн снарядов", "ru", 4.8e6, 4.8e6, ">", "shell"),
    ("понад десять тисяч солдатів", "uk", 10000, 10000, ">", "soldier"),
    ("más de 10.000 soldados", "es", 10000, 10000, ">", "soldier"),
    ("컨테이너 1만 개 이상", "ko", 10000, 10000, ">=", "container"),
    ("약 480만 발", "ko", 4.8e6, 4.8e6, "~", "shell"),
    ("60~70%", "ko", 60, 70, "=", "percent"),
    ("1,000 m²", "en", 1000, 1000, "=", "square metre"),
    ("200 000 €", "fr", 200000, 200000, "=", "EUR"),
])
def test_values_bounds_and_units(text: str, language: str, low: float, high: float,
                                 bound: str, unit: str) -> None:
    quantity = one(text, language)
    assert (quantity.low, quantity.high) == pytest.approx((low, high))
    assert quantity.bound == bound
    assert quantity.normalized_unit == unit
    assert text[quantity.start:quantity.end] == quantity.text


@pytest.mark.parametrize("text", [
    "She died on September 8 in 2019.", "the KN-23 and the Hwasong-11", "iPhone 11 Pro",
    "at 10.45pm", "Between 1600 and 1900 it was cold.", "Senard, 65, now faces", "category 4",
])
def test_dates_names_and_labels_are_not_quantities(text: str) -> None:
    assert find_quantities(text, "en") == []


def test_to_json_round_trips() -> None:
    quantity = one("about 35 miles")
    data = quantity.to_json()
    assert json.loads(json.dumps(data))["normalized_unit"] == "mile"
    assert set(data) >= {"start", "end", "text", "low", "high", "bound", "unit",
                         "normalized_unit", "kind", "reference"}


def test_normalize_unit() -> None:
    assert normalize_unit("US$ per barrel") == "USD per barrel"
    assert normalize_unit("Australian dollars") == "AUD"
    assert normalize_unit("first-team players") == "first-team player"
    assert normalize_unit("-") is None


def test_oversized_input_raises_parse_error() -> None:
    with pytest.raises(ParseError):
        find_quantities("1 " * 3_000_000)


def test_cli_writes_one_json_line_per_input_line() -> None:
    from veille.cli import app

    result = CliRunner().invoke(app, ["quantities", "--lang", "en"],
                                input="up to 4.8 million shells\n\n60-70% smaller\n")
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [line["line"] for line in lines] == [1, 2, 3]
    first = lines[0]["quantities"][0]
    assert first["value"] == 4_800_000 and first["change"] == "<"
    assert first["normalized_unit"] == "shell"
    assert lines[1]["quantities"] == []
    ratio = lines[2]["quantities"][0]
    assert ratio["value"] is None and (ratio["low"], ratio["high"]) == pytest.approx((0.3, 0.4))


def test_cli_rejects_unknown_language() -> None:
    from veille.cli import app

    result = CliRunner().invoke(app, ["quantities", "--lang", "zz"], input="1 km\n")
    assert result.exit_code != 0


LANGUAGES = ["en", "fr", "de", "es", "ru", "uk", "ko", "it", "pt", "pl", "ja"]
HOSTILE = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(["60", "-", "70", "%", "to", "between", "and", " ", "$", "million",
                              "of", "the size of", "larger than", "times", "1,000", "à", "de",
                              "tysiąc", "тысяч", "만", "~", "约", "about", "per", "km",
                              "half", "a third", "two-thirds", "out of", "in", "sub-", "PS",
                              "$-", "-,", "or", "A/cm2", "lb-ft", "C", "from", "pounds"]),
             max_size=120).map(" ".join),
    st.text(alphabet="0123456789-–~.,% ", max_size=2000),
)


@settings(max_examples=150, deadline=None)
@given(text=HOSTILE, language=st.sampled_from(LANGUAGES))
def test_any_text_returns_quantities_quickly(text: str, language: str) -> None:
    started = time.perf_counter()
    found = find_quantities(text, language)
    assert time.perf_counter() - started < 2.0
    for quantity in found:
        assert 0 <= quantity.start < quantity.end <= len(text)
        assert quantity.text == text[quantity.start:quantity.end]
        assert quantity.bound in {"=", "~", ">", ">=", "<", "<=", "up", "down"}


def test_bounds_fractions_and_quoted_numbers() -> None:
    from veille.extract.quantities import find_quantities

    (containers,) = find_quantities("au moins 10 000 conteneurs", "fr")
    assert containers.low == 10000 and containers.bound == ">="
    (ratio,) = find_quantities("기존 본관의 약 3분의 2 크기로 추정됐다", "ko")
    assert ratio.kind == "ratio" and abs(ratio.low - 2 / 3) < 1e-6 and ratio.bound == "~"
    (english,) = find_quantities("two-thirds the size of the existing main building", "en")
    assert english.kind == "ratio" and english.reference == "the existing main building"
    marked = find_quantities('One fragment was marked "113", which is 2024.', "en")
    assert all(q.normalized_unit != "inch" for q in marked)
    assert find_quantities('a 12" gun', "en")[0].normalized_unit == "inch"


def spans(text: str, language: str = "en") -> list[tuple[float, float, str | None]]:
    return [(q.low, q.high, q.normalized_unit) for q in find_quantities(text, language)]


@pytest.mark.parametrize(("text", "expected"), [
    # a known unit stays the unit whatever qualifies it
    ("the back ran for 212 receiving yards", [(212, 212, "yard")]),
    ("over the 40 following years", [(40, 40, "year")]),
    ("some 3,000 Russian soldiers crossed", [(3000, 3000, "soldier")]),
    # symbols keep their case: "Nm" is a newton metre, "nm" a nanometre
    ("380 Nm of torque from a 5 nm process", [(380, 380, "newton metre"),
                                              (5, 5, "nanometre")]),
    # a word unit longer than the symbol it starts with wins
    ("it makes 260 lb-ft at 2000 rpm", [(260, 260, "pound-foot"),
                                        (2000, 2000, "revolutions per minute")]),
    # compound unit with a symbol denominator, on both ends of a range
    ("from 2.5 A/cm2 to 0.5 A/cm2", [(2.5, 0.5, "ampere per square centimetre")]),
    # the unit written once after the first number of a range covers it
    ("her weight went from 140 pounds to 128 in a year", [(140, 128, "pound")]),
    ("between 12 km and 15 of road", [(12, 15, "kilometre")]),
    # "from X unit to Y" after a range: Y is in the same unit
    ("prices went from 3-4 euros to 6 last winter", [(3, 4, "EUR"), (6, 6, "EUR")]),
    # a number hanging on a hyphen takes the unit of the next one
    ("two-, three- and four-door models", [(2, 2, "door"), (3, 3, "door"), (4, 4, "door")]),
    ("one- or two-bedroom flats", [(1, 1, "bedroom"), (2, 2, "bedroom")]),
    # a currency sign before a minus sign: a negative amount
    ("the deficit widened to $-12.5bn", [(-12.5e9, -12.5e9, "USD")]),
    # ASCII-folded pound sign, but not a console name
    ("a fee of PS3.5m for the PS4 port", [(3.5e6, 3.5e6, "GBP")]),
    # fractions written in words, before "of"
    ("nearly two-thirds of the voters", [(0.6666666666, 0.6666666666, None)]),
    ("a quarter of a mile", [(0.25, 0.25, "mile")]),
    ("about half of the staff", [(0.5, 0.5, None)]),
    ("in the second half of the year", []),
    ("one out of four nurses", [(0.25, 0.25, None)]),
    ("2 in 5 drivers", [(0.4, 0.4, None)]),
    ("it rose 4 in 2021", [(4, 4, None)]),
    # a bounded four-digit number is an amount, not a year
    ("more than 1200 containers", [(1200, 1200, "container")]),
    ("in 1200 the town burned", []),
    # "highs of 31C", "sub-5 nm"
    ("highs of 31C are expected", [(31, 31, "degree celsius")]),
    ("sub-3 nanometre chips", [(3, 3, "nanometre")]),
    # a street number may be a range
    ("offices at 21-23 Mill Lane", []),
])
def test_unit_rules(text: str, expected: list[tuple[float, float, str | None]]) -> None:
    found = spans(text)
    assert len(found) == len(expected), found
    for (low, high, unit), (want_low, want_high, want_unit) in zip(found, expected, strict=True):
        assert (low, high) == pytest.approx((want_low, want_high), rel=1e-6)
        assert unit == want_unit


@pytest.mark.parametrize("text", [
    "women aged 19-23 from abroad",
    "recruits ages 17 to 21 were sent",
    "students as young as 15 work there",
])
def test_an_age_is_not_an_amount(text: str) -> None:
    assert find_quantities(text, "en") == []


@pytest.mark.parametrize(("text", "language", "unit"), [
    ("la fábrica trabaja las 24 horas", "es", "hour"),
    ("il cantiere lavora per 24 ore", "it", "hour"),
    ("die Fabrik arbeitet 24 Stunden", "de", "hour"),
    ("завод работает 24 часа", "ru", "hour"),
    ("завод працює 24 години", "uk", "hour"),
    ("en 3 semaines", "fr", "week"),
])
def test_hours_and_weeks_are_durations_not_counted_things(text: str, language: str,
                                                         unit: str) -> None:
    (duration,) = find_quantities(text, language)
    assert (duration.kind, duration.normalized_unit) == ("measure", unit)


def test_a_german_number_hyphenated_to_an_adjective_counts_what_the_adjective_names() -> None:
    (stages,) = find_quantities("eine drei-stufige Rakete", "de")
    assert (stages.low, stages.unit) == (3, "stufige")


def test_word_fraction_and_prefix_bounds() -> None:
    (half,) = find_quantities("almost half of them left", "en")
    assert half.bound == "~" and half.text == "half"
    (sub,) = find_quantities("sub-3 nanometre chips", "en")
    assert sub.bound == "<"


def test_normalize_unit_is_idempotent() -> None:
    from veille.extract.quantities import quantity_lexicon

    for language in ("en", "fr", "de", "ru", "ko"):
        for unit in quantity_lexicon(language).units.values():
            assert normalize_unit(unit.canonical, language) == unit.canonical
    assert normalize_unit("pound sterling") == "GBP"
    assert normalize_unit("Pound-Foot") == "pound-foot"
