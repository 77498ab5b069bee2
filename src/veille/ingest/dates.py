"""Publication dates from metadata strings (ISO first, then dateparser for the rest)."""

from __future__ import annotations

from datetime import datetime, timezone

import dateparser


def parse_published(value: str | None) -> datetime | None:
    """A naive UTC datetime, or None when the string is not a date."""
    if not value or not value.strip():
        return None
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        parsed = dateparser.parse(text[:100], settings={"RETURN_AS_TIMEZONE_AWARE": False})
        if parsed is None:
            return None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(timezone.utc).replace(tzinfo=None)
    return parsed
