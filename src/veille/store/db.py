"""Opening the store: engine, schema migrations and sessions.

The database URL comes from `--db`, else `VEILLE_DB`, else `sqlite:///veille.db`.
`open_store` brings the schema to the newest Alembic revision before handing out sessions.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

DEFAULT_URL = "sqlite:///veille.db"
MIGRATIONS = Path(__file__).parent / "migrations"


class StoreError(RuntimeError):
    """The store cannot be opened or written; the message is one line for the user."""


def database_url(explicit: str | None = None) -> str:
    url = explicit or os.environ.get("VEILLE_DB") or DEFAULT_URL
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


def _sqlite_timeout() -> float:
    """Seconds to wait on a locked SQLite database (`VEILLE_SQLITE_TIMEOUT`, default 30)."""
    return float(os.environ.get("VEILLE_SQLITE_TIMEOUT", "30"))


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={int(_sqlite_timeout() * 1000)}")
    cursor.close()


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": _sqlite_timeout()})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def migrate(engine: Engine) -> None:
    """Upgrade the schema to the newest revision (a no-op when it is current)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


@dataclass
class Store:
    """A migrated database and a session factory over it."""

    url: str
    engine: Engine
    sessions: sessionmaker[Session]

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session that commits on success and rolls back on any error."""
        session = self.sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextmanager
    def writing_session(self) -> Iterator[Session]:
        """A session that takes the write lock before its first read.

        Several processes writing one SQLite file (Dask workers saving their batches) must
        not start a transaction by reading: when another writer commits in between, SQLite
        refuses the later upgrade to a write at once ("database is locked"), without the
        busy timeout's wait. `BEGIN IMMEDIATE` queues for the lock instead. PostgreSQL
        locks rows, so its sessions need nothing more.
        """
        with self.session() as session:
            if self.dialect == "sqlite":
                session.execute(text("BEGIN IMMEDIATE"))
            yield session

    def close(self) -> None:
        self.engine.dispose()


def open_store(url: str | None = None, *, upgrade: bool = True) -> Store:
    resolved = database_url(url)
    engine = make_engine(resolved)
    try:
        if upgrade:
            migrate(engine)
    except OperationalError as error:
        engine.dispose()
        reason = str(error.orig).strip().splitlines()[0] if str(error.orig).strip() else "failed"
        raise StoreError(f"cannot open the store {resolved}: {reason}") from error
    return Store(resolved, engine, sessionmaker(engine, expire_on_commit=False))
