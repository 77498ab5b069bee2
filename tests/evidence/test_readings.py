"""Interpreters: Juche years, date codes, factory codes, lots and serials."""

from __future__ import annotations

from datetime import date

from veille.evidence.readings import (
    ReadingContext,
    date_code_readings,
    detect_script,
    juche_readings,
    lot_serial_readings,
    propose,
)

AUGUST_2024 = ReadingContext(script="digits", language="ko", not_after=date(2024, 8, 18))


def test_113_reads_as_juche_2024_first() -> None:
    readings = propose("113", AUGUST_2024)
    best = readings[0]
    assert best.kind == "juche_year"
    assert best.value == {"juche_year": 113, "year": 2024}
    assert (best.earliest, best.latest) == (date(2024, 1, 1), date(2024, 12, 31))
    assert any("1911 + N" in line for line in best.support)
    # the same digits as a one-digit-year date code compete, ranked lower
    others = [r for r in readings if r.kind == "date_code"]
    assert [r.value["year"] for r in others] == [2021, 2011, 2001]
    assert all(r.score < best.score for r in others)


def test_112_has_competing_juche_and_factory_readings() -> None:
    readings = propose("112", AUGUST_2024)
    labels = [r.label for r in readings]
    assert "Juche year 112 = 2023" in labels
    factory = next(r for r in readings if r.kind == "factory_code")
    assert factory.value["factory"] == "February 11 Plant"
    assert factory.value["status"] == "hypothesis"
    assert factory.earliest is None


def test_juche_year_after_recovery_is_not_proposed() -> None:
    january = ReadingContext(not_after=date(2024, 1, 2))
    assert juche_readings("114", january) == []
    assert juche_readings("113", january)[0].value["year"] == 2024
    assert juche_readings("0", january) == []
    assert juche_readings("131", ReadingContext(not_after=date(2060, 1, 1))) == []


def test_explicit_juche_in_hangul_scores_higher() -> None:
    plain = juche_readings("113", ReadingContext(script="digits", not_after=date(2024, 9, 1)))
    hangul = juche_readings("주체113년", ReadingContext(script="hangul", language="ko",
                                                     not_after=date(2024, 9, 1)))
    assert hangul[0].value["year"] == 2024
    assert hangul[0].score > plain[0].score
    assert detect_script("주체113년") == "hangul"
    assert detect_script("113") == "digits"
    assert detect_script("ЗАВ № 12") == "cyrillic"


def test_yyww_date_code() -> None:
    readings = date_code_readings("2327", AUGUST_2024)
    best = max(readings, key=lambda r: r.score)
    assert best.value == {"format": "YYWW", "code": "2327", "year": 2023, "week": 27}
    # ISO week 27 of 2023 is 3-9 July; counted from 1 January it is 2-8 July: cover both
    assert best.earliest == date(2023, 7, 2)
    assert best.latest == date(2023, 7, 9)


def test_impossible_weeks_and_months_give_no_reading() -> None:
    assert {r.value["format"] for r in date_code_readings("2354", AUGUST_2024)} == set()
    formats = {r.value["format"] for r in date_code_readings("2313", AUGUST_2024)}
    assert "YYWW" in formats and "YYMM" not in formats
    assert date_code_readings("2313", AUGUST_2024, only_format="YYMM") == []


def test_week_53_only_in_years_that_have_it() -> None:
    context = ReadingContext(not_after=date(2024, 8, 1))
    assert date_code_readings("2053", context, "YYWW")[0].earliest.year == 2020
    dated = date_code_readings("2353", context, "YYWW")[0]
    assert dated.earliest.year == 2023 and dated.latest == date(2023, 12, 31)


def test_date_code_in_the_future_is_dropped() -> None:
    assert date_code_readings("2440", ReadingContext(not_after=date(2024, 8, 18)), "YYWW") == []
    assert date_code_readings("2433", ReadingContext(not_after=date(2024, 8, 18)), "YYWW")


def test_date_code_prefixes_and_variants() -> None:
    context = ReadingContext(not_after=date(2024, 8, 18))
    assert date_code_readings("DC 2327", context, "YYWW")[0].value["week"] == 27
    assert date_code_readings("2327A", context, "YYWW+suffix")[0].value["year"] == 2023
    assert date_code_readings("2023-07", context, "YYYY-MM")[0].earliest == date(2023, 7, 1)
    assert date_code_readings("202327", context, "YYYYWW")[0].value["week"] == 27


def test_lot_and_serial_patterns() -> None:
    context = ReadingContext(not_after=date(2024, 8, 18))
    assert lot_serial_readings("LOT 4A17", context)[0].value == {"lot": "4A17"}
    assert lot_serial_readings("S/N: 000123", context)[0].value == {"serial": "000123"}
    assert lot_serial_readings("ЗАВ № 2207", context)[0].kind == "serial"
    assert lot_serial_readings("KX7731A", context)[0].score < 0.5
    assert lot_serial_readings("113", context) == []
