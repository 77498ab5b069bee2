"""Query parameters shared by the pages: the pager offset and dates typed by people."""

from __future__ import annotations

from datetime import datetime

from fastapi import HTTPException

MAX_OFFSET = 1_000_000


def offset_of(raw: int | None) -> int:
    return min(max(raw or 0, 0), MAX_OFFSET)


def date_of(raw: str | None, name: str) -> datetime | None:
    """A YYYY-MM-DD (or full ISO) date from a form field; a bad one is a one-line 400."""
    if not raw:
        return None
    try:
        return datetime.fromisoformat(raw.strip())
    except ValueError:
        raise HTTPException(400, f"'{name}' is not a date (use YYYY-MM-DD)") from None
