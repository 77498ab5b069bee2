"""Fixtures of the evidence tests: a session on a fresh store and a file store in tmp_path."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from veille.evidence.files import FileStore
from veille.store import Store


@pytest.fixture
def session(sqlite_store: Store) -> Iterator[Session]:
    with sqlite_store.session() as opened:
        yield opened


@pytest.fixture
def files(tmp_path: Path) -> FileStore:
    return FileStore(tmp_path / "evidence-files")
