"""Exporting the register: the chain itself as JSON lines (verifiable anywhere with
`veille evidence verify --file`), or the current state as CSV rows that `import` reads back."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy.orm import Session

from veille.evidence.importer import COLUMNS
from veille.evidence.register import record_as_dict
from veille.store import evidence as queries


def chain_rows(session: Session) -> Iterator[dict[str, Any]]:
    for record in queries.iter_records(session):
        yield record_as_dict(record)


def _held(session: Session, subject_id: str) -> dict[str, Any]:
    decision = queries.current_decision(session, subject_id)
    if decision is None:
        return {}
    return {"decide": decision.reading_id, "why": decision.why, "by": decision.decided_by}


def register_rows(session: Session) -> Iterator[dict[str, Any]]:
    """The current state as flat register rows (every column present, in a fixed order)."""
    def row(**fields: Any) -> dict[str, Any]:
        return {column: fields.get(column) for column in COLUMNS}

    for item in queries.all_items(session):
        yield row(type="item", item=item.label, kind=item.kind, place=item.place_name,
                  lat=item.latitude, lon=item.longitude, description=item.description,
                  date=item.found_on.isoformat() if item.found_on else None,
                  recovered_by=item.recovered_by)
        for event in queries.custody_of(session, item.id):
            yield row(type="custody", item=item.label, note=event.note,
                      date=event.handed_on.isoformat(), **{"from": event.from_party,
                                                           "to": event.to_party})
        for stored in queries.files_of(session, item.id):
            yield row(type="file", item=item.label, file=stored.name, note=stored.sha256)
        for marking in queries.markings_of(session, item.id):
            yield row(type="marking", item=item.label, text=marking.text, script=marking.script,
                      language=marking.language, location=marking.location, note=marking.note,
                      **_held(session, marking.id))
        for part in queries.components_of(session, item.id):
            yield row(type="component", item=item.label, designator=part.designator,
                      part=part.part_number, maker=part.maker_name, date_code=part.date_code,
                      **_held(session, part.id))
        for link in queries.links_of(session, item.id):
            yield row(type="link", item=item.label, stance=link.stance, note=link.note,
                      **{link.target_kind: link.target})
