"""Property-based fuzzing of the marking interpreters and the maker resolver: any text gives
readings within their stated bounds, or nothing, quickly; never a crash or a hang."""

from __future__ import annotations

import time
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from veille.evidence.components import resolve_maker
from veille.evidence.readings import ReadingContext, propose

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MARKINGS = st.text(max_size=60) | st.from_regex(r"[0-9A-Z\-/ .]{1,16}", fullmatch=True)
CONTEXTS = st.builds(
    ReadingContext,
    script=st.sampled_from(["digits", "latin", "hangul", "cyrillic"]),
    language=st.sampled_from(["ko", "en", "ru", None]),
    not_after=st.none() | st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 1, 1)),
)


@FAST
@given(MARKINGS, CONTEXTS)
def test_any_marking_gives_bounded_readings(text: str, context: ReadingContext) -> None:
    started = time.monotonic()
    readings = propose(text, context)
    assert time.monotonic() - started < 2
    for reading in readings:
        assert reading.label and reading.kind
        if reading.earliest is not None and reading.latest is not None:
            assert reading.earliest <= reading.latest
        if context.not_after is not None and reading.earliest is not None:
            assert reading.earliest <= context.not_after


@FAST
@given(st.none() | st.text(max_size=40), st.text(max_size=30))
def test_any_maker_and_part_number_resolve_or_refuse(maker: str | None, part: str) -> None:
    started = time.monotonic()
    try:
        resolve_maker(maker, part)
    except ValueError as error:
        assert "\n" not in str(error)
    assert time.monotonic() - started < 2
