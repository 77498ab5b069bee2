"""Publication dates from metadata strings (ISO first, then dateparser for the rest).

HTML pages: htmldate (through trafilatura) finds the day but drops the time, and a same-day
copy then looks as old as its original; `published_time_in_meta` reads the exact time from the
standard meta tags when a page has them.
"""

from __future__ import annotations

from datetime import UTC, datetime

import dateparser
from lxml import html as lxml_html

TIME_META = (
    "//meta[@property='article:published_time']/@content",
    "//meta[@itemprop='datePublished']/@content",
    "//meta[@name='date']/@content",
    "//time[@datetime]/@datetime",
)


def parse_published(value: str | None) -> datetime | None:
    """A naive UTC datetime, or None when the string is not a date."""
    if not value or not value.strip():
        return None
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        parsed = dateparser.parse(text[:100], settings={"RETURN_AS_TIMEZONE_AWARE": False})
        if parsed is None:
            return None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed


def published_time_in_meta(page: str) -> datetime | None:
    """The first publication timestamp with a time of day in the page's meta tags."""
    try:
        tree = lxml_html.fromstring(page)
    except (ValueError, TypeError, lxml_html.etree.ParserError):
        return None
    for query in TIME_META:
        for value in tree.xpath(query):
            if "T" in str(value) or ":" in str(value):
                parsed = parse_published(str(value))
                if parsed is not None:
                    return parsed
    return None
