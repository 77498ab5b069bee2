"""The migrations build exactly the schema the models declare, on both stores: a column or
index added to one and not the other would only show on someone's old database."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

import veille.store.accounts_models
import veille.store.evidence_models
import veille.store.imagery_models  # noqa: F401  (their tables join Base.metadata)
from veille.store.models import Base


def _declared(name: str | None, type_: str, _parents: dict) -> bool:
    """Leave out the full-text index, which the migrations make with each database's own
    features (an SQLite FTS5 table, a PostgreSQL tsvector index) and no model declares."""
    table = name if type_ == "table" else None
    return not (table or "").startswith("documents_fts") and name != "ix_documents_fulltext"


def test_migrated_schema_matches_the_models(store):
    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_name": _declared})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_no_index_on_mention_labels(store):
    """A few-valued label index misleads SQLite's planner into scanning every name of the
    store for one story's documents (migration 0005)."""
    with store.engine.connect() as connection:
        indexes = MigrationContext.configure(connection).impl.dialect.get_indexes(
            connection, "mentions")
    assert not [index for index in indexes if index["column_names"] == ["label"]]
    assert [index for index in indexes if index["column_names"] == ["document_id"]]
