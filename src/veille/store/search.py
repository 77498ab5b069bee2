"""Full-text search: FTS5 on SQLite, tsvector/tsquery on PostgreSQL, one interface."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import text
from sqlalchemy.orm import Session

TERM = re.compile(r'"[^"]+"|[^\s"]+')


@dataclass(frozen=True)
class Hit:
    id: str
    external_id: str
    title: str | None
    language: str | None
    published: datetime | None
    snippet: str


def fts5_query(query: str) -> str:
    """User words and "phrases" as an FTS5 query where every term is a quoted literal."""
    terms = []
    for term in TERM.findall(query):
        words = term.strip('"').replace('"', " ").strip()
        if words:
            terms.append('"' + words + '"')
    return " AND ".join(terms)


def search_documents(session: Session, query: str, *, limit: int = 20, offset: int = 0,
                     language: str | None = None, story_id: str | None = None,
                     source_id: str | None = None, entity_id: str | None = None,
                     since: datetime | None = None, until: datetime | None = None) -> list[Hit]:
    """Documents matching `query` with optional filters, best match first."""
    filters = []
    params: dict[str, object] = {"limit": limit, "offset": offset}
    for column, value in (("language", language), ("story_id", story_id),
                          ("source_id", source_id)):
        if value:
            filters.append(f"d.{column} = :{column}")
            params[column] = value
    if entity_id:
        filters.append("EXISTS (SELECT 1 FROM mentions m WHERE m.document_id = d.id "
                       "AND m.entity_id = :entity_id)")
        params["entity_id"] = entity_id
    if since:
        filters.append("d.published >= :since")
        params["since"] = since
    if until:
        filters.append("d.published <= :until")
        params["until"] = until
    where = "".join(f" AND {clause}" for clause in filters)
    if session.get_bind().dialect.name == "sqlite":
        params["q"] = fts5_query(query)
        if not params["q"]:
            return []
        statement = (
            "SELECT d.id, d.external_id, d.title, d.language, d.published, "
            "snippet(documents_fts, 1, '[', ']', ' … ', 16) FROM documents_fts "
            "JOIN documents d ON d.rowid = documents_fts.rowid "
            f"WHERE documents_fts MATCH :q{where} ORDER BY rank LIMIT :limit OFFSET :offset"
        )
    else:
        params["q"] = query
        vector = "to_tsvector('simple', coalesce(d.title, '') || ' ' || d.text)"
        statement = (
            "SELECT d.id, d.external_id, d.title, d.language, d.published, "
            "ts_headline('simple', d.text, websearch_to_tsquery('simple', :q), "
            "'StartSel=[, StopSel=], MaxWords=20, MinWords=8') FROM documents d "
            f"WHERE {vector} @@ websearch_to_tsquery('simple', :q){where} "
            f"ORDER BY ts_rank({vector}, websearch_to_tsquery('simple', :q)) DESC "
            "LIMIT :limit OFFSET :offset"
        )
    rows = session.execute(text(statement), params)
    return [Hit(*row) for row in rows]
