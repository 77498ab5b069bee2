"""The "entities" pipeline stage: find entity mentions, link them, and store entities,
aliases (with the document that gave each new written form) and mentions.

Gazetteer entities are written to the store the first time a document mentions them, with
every gazetteer alias (origin "gazetteer"); when the gazetteer changes, their fields and
aliases are refreshed on their next mention.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from veille.extract.entities import FoundMention, compute_entities
from veille.extract.linking import comparison_key, fold, unknown_key
from veille.ontology import Gazetteer, GazetteerEntry, detect_script, load_gazetteer
from veille.pipeline import DocumentInput, DocumentStage, register
from veille.store import documents as document_queries
from veille.store import entities as queries
from veille.store.models import Entity

STAGE = "entities"


def _gazetteer_fields(entry: GazetteerEntry, gazetteer: Gazetteer) -> dict[str, Any]:
    return {
        "name": entry.name, "type": entry.type, "gazetteer_key": entry.key,
        "wikidata": entry.wikidata, "latitude": entry.latitude, "longitude": entry.longitude,
        "country": entry.country,
        "attributes": {"parent": entry.parent, "notes": entry.notes,
                       "gazetteer_version": gazetteer.version,
                       "gazetteer_fingerprint": gazetteer.fingerprint},
    }


def ensure_gazetteer_entity(session: Session, entry: GazetteerEntry, gazetteer: Gazetteer) -> Entity:
    """The stored entity of a gazetteer entry, created or refreshed with its aliases."""
    fields = _gazetteer_fields(entry, gazetteer)
    entity, created = queries.get_or_create_entity(
        session, queries.gazetteer_entity_id(entry.key), **fields)
    stored = (entity.attributes or {}).get("gazetteer_fingerprint")
    if created or stored != gazetteer.fingerprint:
        queries.update_entity(entity, **fields)
        known = queries.alias_texts(session, entity.id)
        for alias in entry.forms:
            if alias.text not in known:
                queries.add_alias(session, entity.id, alias.text, normalized=fold(alias.text),
                                  script=alias.script, origin="gazetteer")
    return entity


def _unknown_entity(session: Session, mention: FoundMention) -> Entity:
    identity = unknown_key(mention.text, mention.entity_type)
    entity, _ = queries.get_or_create_entity(
        session, queries.unknown_entity_id(identity), name=" ".join(mention.text.split()),
        type=mention.entity_type, latitude=mention.latitude, longitude=mention.longitude,
        country=mention.country,
        attributes={"identity": identity, "key": comparison_key(mention.text)},
    )
    return entity


def save_entities(session: Session, document: DocumentInput, mentions: list[FoundMention]) -> None:
    """Write entities, new aliases and the document's entity mentions (replacing earlier ones)."""
    gazetteer = load_gazetteer()
    rows: list[dict[str, Any]] = []
    entities: dict[str, Entity] = {}
    for mention in mentions:
        if mention.gazetteer_key is not None:
            entry = gazetteer.get(mention.gazetteer_key)
            if entry is None:  # computed with another gazetteer release: link it again
                continue
            if entry.key not in entities:
                entities[entry.key] = ensure_gazetteer_entity(session, entry, gazetteer)
            entity = entities[entry.key]
        else:
            entity = _unknown_entity(session, mention)
        written = " ".join(mention.text.split())
        queries.add_alias(session, entity.id, written, normalized=fold(written),
                          script=detect_script(written), origin="document",
                          document_id=document.id, score=mention.link_score)
        rows.append({
            "start": mention.start, "end": mention.end, "text": mention.text,
            "label": mention.label, "entity_id": entity.id, "link_score": mention.link_score,
            "value": {"link": mention.method},
        })
    document_queries.replace_mentions(session, document.id, STAGE, rows)


register(DocumentStage(
    name=STAGE,
    version=1,
    compute=compute_entities,
    save=save_entities,
    reads_mentions=False,
    requires=("language",),
    description="named entities: gazetteer in every script, spaCy NER (en, fr), linking",
))
