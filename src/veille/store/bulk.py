"""Bulk loading: many rows of one table in one executemany, for benchmarks and imports.

The ORM's unit of work costs per object; a 100,000-document benchmark store is built in
seconds instead of minutes this way. Full-text triggers still fire, so search stays in step.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from veille.store.models import Base


def bulk_insert(session: Session, model: type[Base], rows: list[dict[str, Any]],
                chunk: int = 5000) -> int:
    """Insert `rows` (column name -> value) into `model`'s table; returns how many."""
    for start in range(0, len(rows), chunk):
        session.execute(insert(model), rows[start:start + chunk])
    return len(rows)
