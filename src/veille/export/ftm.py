"""`veille export ftm`: entities as FollowTheMoney entities (the `ftm` extra).

Only registered when `followthemoney` is installed (`pip install veille[ftm]`); rows are FtM
entity dicts, so `--format jsonl` gives the line-delimited format `ftm` tools read.
"""

from __future__ import annotations

from importlib.util import find_spec
from typing import Any

from veille.export import Rows, exporter
from veille.store import Store
from veille.store.workspace import iter_standing_entities

# veille entity types (mention labels and ontology types) -> FtM schema
SCHEMA_BY_TYPE = {
    "PER": "Person", "person": "Person",
    "ORG": "Organization", "organisation": "Organization", "organization": "Organization",
    "LOC": "Address", "place": "Address",
    "FAC": "RealEstate", "facility": "RealEstate", "site": "RealEstate",
}
FALLBACK_SCHEMA = "LegalEntity"


def ftm_entity(entity: Any, aliases: list[str]) -> dict[str, Any]:
    """One FtM entity (as a dict) for a veille entity and its aliases."""
    from followthemoney import model

    schema = SCHEMA_BY_TYPE.get(entity.type, FALLBACK_SCHEMA)
    proxy = model.make_entity(schema)
    proxy.id = f"veille-{entity.id}"
    if schema == "Address":
        proxy.add("full", entity.name)
    else:
        proxy.add("name", entity.name)
        proxy.add("alias", [alias for alias in aliases if alias != entity.name])
    if entity.latitude is not None and entity.longitude is not None \
            and proxy.schema.get("latitude"):
        proxy.add("latitude", entity.latitude)
        proxy.add("longitude", entity.longitude)
    if entity.country and proxy.schema.get("country"):
        proxy.add("country", entity.country.lower())
    if entity.wikidata and proxy.schema.get("wikidataId"):
        proxy.add("wikidataId", entity.wikidata)
    return proxy.to_dict()


if find_spec("followthemoney") is not None:

    @exporter("ftm")
    def export_ftm(store: Store) -> Rows:
        with store.session() as session:
            for entity, aliases in iter_standing_entities(session):
                yield ftm_entity(entity, aliases)
