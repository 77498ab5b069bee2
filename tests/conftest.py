"""Fixtures every test area shares: a fresh store per test and the path to ../shared."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from veille.store import Store, open_store

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture
def shared_dir() -> Path:
    """../shared beside the checkout (CI has it); tests that need it skip without it."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside the checkout")
    return SHARED


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A fresh, migrated SQLite store in a temporary folder."""
    opened = open_store(f"sqlite:///{tmp_path / 'veille.db'}")
    yield opened
    opened.close()
