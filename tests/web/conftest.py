"""Fixtures of the web tests: a seeded store and a test client over it.

Read-only page tests share one seeded store per module and backend (`reader`), so the suite
stays fast; tests that write get a fresh seeded store each (`client`).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from web_seed import seed_workspace

from veille.store import Store, open_store
from veille.web.app import create_app


@pytest.fixture
def seeded(store: Store) -> Store:
    seed_workspace(store)
    return store


@pytest.fixture
def client(seeded: Store) -> Iterator[TestClient]:
    with TestClient(create_app(seeded)) as test_client:
        yield test_client


@pytest.fixture(scope="module",
                params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def reader(request: pytest.FixtureRequest,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """A client over one seeded store shared by a module's read-only tests."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('web') / 'veille.db'}"
    else:
        url = request.getfixturevalue("postgres_server").create_database()
    store = open_store(url)
    seed_workspace(store)
    with TestClient(create_app(store)) as test_client:
        yield test_client
    store.close()
