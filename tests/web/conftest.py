"""Fixtures of the web tests: a seeded store and a test client over it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from web_seed import seed_workspace

from veille.store import Store
from veille.web.app import create_app


@pytest.fixture
def seeded(store: Store) -> Store:
    seed_workspace(store)
    return store


@pytest.fixture
def client(seeded: Store) -> Iterator[TestClient]:
    with TestClient(create_app(seeded)) as test_client:
        yield test_client
