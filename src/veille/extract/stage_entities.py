"""The "entities" pipeline stage: find entity mentions, link them, and store entities,
aliases (with the document that gave each new written form) and mentions.

Gazetteer entities are written to the store the first time a document mentions them, with
every gazetteer alias (origin "gazetteer"); when the gazetteer changes, their fields and
aliases are refreshed on their next mention.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from veille.extract.entities import FoundMention, compute_entities
from veille.extract.linking import comparison_key, fold, unknown_key
from veille.ids import gazetteer_entity_id
from veille.ontology import Gazetteer, GazetteerEntry, detect_script, load_gazetteer
from veille.pipeline import DocumentInput, DocumentStage, register
from veille.store import documents as document_queries
from veille.store import entities as queries
from veille.store.models import Alias, Entity

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
        session, gazetteer_entity_id(entry.key), **fields)
    stored = (entity.attributes or {}).get("gazetteer_fingerprint")
    if created or stored != gazetteer.fingerprint:
        queries.update_entity(entity, **fields)
        known = queries.alias_texts(session, entity.id)
        for alias in entry.forms:
            if alias.text not in known:
                queries.add_alias(session, entity.id, alias.text, normalized=fold(alias.text),
                                  script=alias.script, origin="gazetteer")
    return entity


def _unknown_entity(session: Session, mention: FoundMention, flush: bool = True) -> Entity:
    identity = unknown_key(mention.text, mention.entity_type)
    entity, _ = queries.get_or_create_entity(
        session, queries.unknown_entity_id(identity), name=" ".join(mention.text.split()),
        type=mention.entity_type, latitude=mention.latitude, longitude=mention.longitude,
        country=mention.country, flush=flush,
        attributes={"identity": identity, "key": comparison_key(mention.text)},
    )
    return entity


def save_entities(session: Session, document: DocumentInput, mentions: list[FoundMention]) -> None:
    """Write entities, new aliases and the document's entity mentions (replacing earlier ones)."""
    save_entities_batch(session, {document.id: mentions})


def save_entities_batch(session: Session, results: Mapping[str, list[FoundMention]]) -> None:
    """`save_entities` for a batch in a few statements: each entity is looked up once, the
    new ones and the new aliases are written in one flush each, and the mentions in one
    insert. Aliases are taken in document order, so the first document to give a written
    form is the one kept, as one document at a time would keep it."""
    gazetteer = load_gazetteer()
    entities: dict[str, Entity] = {}  # by gazetteer key or unknown identity, for this batch
    linked: list[tuple[str, FoundMention, Entity]] = []
    for document_id, mentions in results.items():
        for mention in mentions:
            if mention.gazetteer_key is not None:
                entry = gazetteer.get(mention.gazetteer_key)
                if entry is None:  # computed with another gazetteer release: link it again
                    continue
                key = f"gazetteer:{entry.key}"
                if key not in entities:
                    entities[key] = ensure_gazetteer_entity(session, entry, gazetteer)
            else:
                key = f"unknown:{unknown_key(mention.text, mention.entity_type)}"
                if key not in entities:
                    entities[key] = _unknown_entity(session, mention, flush=False)
            linked.append((document_id, mention, entities[key]))
    session.flush()
    known = queries.alias_pairs(session, (entity.id for entity in entities.values()))
    rows: dict[str, list[dict[str, Any]]] = {document_id: [] for document_id in results}
    for document_id, mention, entity in linked:
        written = " ".join(mention.text.split())
        if (entity.id, written) not in known:
            known.add((entity.id, written))
            session.add(Alias(entity_id=entity.id, text=written, normalized=fold(written),
                              script=detect_script(written), origin="document",
                              document_id=document_id, score=mention.link_score))
        rows[document_id].append({
            "start": mention.start, "end": mention.end, "text": mention.text,
            "label": mention.label, "entity_id": entity.id, "link_score": mention.link_score,
            "value": {"link": mention.method},
        })
    session.flush()
    document_queries.replace_mentions_of(session, STAGE, rows)


register(DocumentStage(
    name=STAGE,
    version=1,
    compute=compute_entities,
    save=save_entities,
    save_batch=save_entities_batch,
    reads_mentions=False,
    requires=("language",),
    description="named entities: gazetteer in every script, spaCy NER (en, fr), linking",
))
