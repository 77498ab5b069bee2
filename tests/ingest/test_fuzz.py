"""Property-based fuzzing of the readers: any bytes give articles or one-line errors, fast."""

from __future__ import annotations

import json
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from veille.ingest.readers import Article, IngestError, read_html, read_jsonl, read_text

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check(results: list[Article | IngestError], started: float) -> None:
    assert time.monotonic() - started < 5
    for result in results:
        assert isinstance(result, Article | IngestError)
        if isinstance(result, IngestError):
            assert "\n" not in str(result)


@FAST
@given(st.binary(max_size=4000))
def test_text_reader_any_bytes(raw: bytes) -> None:
    started = time.monotonic()
    try:
        result: Article | IngestError = read_text(raw, "fuzz.txt")
    except IngestError as error:
        result = error
    _check([result], started)


@FAST
@given(st.binary(max_size=4000) | st.text(max_size=4000).map(lambda t: t.encode("utf-8")))
def test_jsonl_reader_any_bytes(raw: bytes) -> None:
    started = time.monotonic()
    _check(list(read_jsonl(raw, "fuzz.jsonl")), started)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=50),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)


@FAST
@given(st.dictionaries(st.sampled_from(["id", "text", "html", "url", "title", "published",
                                        "language", "source", "extra"]), JSON_VALUES, max_size=8))
def test_jsonl_reader_any_record(record: dict[str, object]) -> None:
    started = time.monotonic()
    _check(list(read_jsonl(json.dumps(record).encode("utf-8"), "fuzz.jsonl")), started)


TAGS = st.sampled_from(["<p>", "</p>", "<div>", "<script>", "</script>", "<svg onload=x>",
                        "<a href='javascript:alert(1)'>", "<!--", "-->", "<![CDATA[", "<meta ",
                        "<article>", "</article>", "<title>", "&amp;", "&#0;", "\x00", "<"])


@FAST
@given(st.lists(TAGS | st.text(max_size=40), max_size=60))
def test_html_reader_any_markup(pieces: list[str]) -> None:
    started = time.monotonic()
    try:
        result: Article | IngestError = read_html("".join(pieces).encode("utf-8"), "fuzz.html")
    except IngestError as error:
        result = error
    _check([result], started)
