"""STIX 2.1 bundle (validated with stix2-validator), GeoJSON, flags CSV, FtM entities."""

from __future__ import annotations

import csv
import io
import json

import pytest
from stix2validator import ValidationOptions, validate_string
from web_seed import CLAIM_COPY, CLAIM_ORIGIN, FLAG_COPY

import veille.export.registry  # noqa: F401
from veille.export import DOCUMENT_EXPORTERS, EXPORTERS
from veille.export.writer import write_rows
from veille.store import Store


def _bundle(store: Store) -> dict:
    return DOCUMENT_EXPORTERS["stix"](store)


def test_stix_bundle_is_valid_and_complete(seeded: Store) -> None:
    bundle = _bundle(seeded)
    text = json.dumps(bundle)
    results = validate_string(text, ValidationOptions(version="2.1"))
    assert results.is_valid, [str(e) for e in results.errors]
    types = {obj["type"] for obj in bundle["objects"]}
    assert {"report", "identity", "location", "note", "opinion", "relationship"} <= types
    by_type: dict[str, list[dict]] = {}
    for obj in bundle["objects"]:
        by_type.setdefault(obj["type"], []).append(obj)
    plant = next(o for o in by_type["location"] if o["name"] == "February 11 Plant")
    assert (plant["latitude"], plant["longitude"], plant["country"]) == (39.84, 127.62, "KP")
    relation = next(r for r in by_type["relationship"] if r["relationship_type"] == "derived-from")
    assert relation["confidence"] == 90
    notes = {n["id"]: n for n in by_type["note"]}
    assert "60-70% larger" in notes[relation["source_ref"]]["content"] or \
        "60-70%" in notes[relation["source_ref"]]["content"]
    explanations = " ".join(o["explanation"] for o in by_type["opinion"])
    assert "comparison_inverted" in explanations and "Credibility 2" in explanations
    sources = {o["name"] for o in by_type["identity"]}
    assert {"veille", "Wire Desk", "Daily Echo", "CNS"} <= sources
    report = by_type["report"][0]
    assert report["name"] == "Ryongsong expansion" and len(report["object_refs"]) >= 3


def test_stix_ids_are_stable_across_exports(seeded: Store) -> None:
    first = {o["id"] for o in _bundle(seeded)["objects"]}
    second = {o["id"] for o in _bundle(seeded)["objects"]}
    assert first == second


def test_stix_on_an_empty_store_is_valid(store: Store) -> None:
    results = validate_string(json.dumps(_bundle(store)), ValidationOptions(version="2.1"))
    assert results.is_valid


def test_geojson_features(seeded: Store) -> None:
    features = DOCUMENT_EXPORTERS["geojson"](seeded)["features"]
    plant = next(f for f in features if f["properties"]["name"] == "February 11 Plant")
    assert plant["geometry"] == {"type": "Point", "coordinates": [127.62, 39.84]}
    assert plant["properties"]["layer"] == "place"
    assert all(f["type"] == "Feature" for f in features)


def test_flags_csv(seeded: Store) -> None:
    buffer = io.StringIO()
    count = write_rows(EXPORTERS["flags"](seeded), buffer, "csv")
    rows = {row["flag_id"]: row for row in csv.DictReader(io.StringIO(buffer.getvalue()))}
    assert count == 2
    flag = rows[FLAG_COPY]
    assert (flag["doc_id"], flag["kind"], flag["claim_id"], flag["reference_doc_id"]) == (
        "w-copy", "comparison_inverted", CLAIM_COPY, "w-origin")
    assert flag["reference_claim_id"] == CLAIM_ORIGIN and int(flag["end"]) > int(flag["start"])


def test_ftm_entities(seeded: Store) -> None:
    pytest.importorskip("followthemoney", reason="the optional `ftm` extra is not installed")
    rows = {row["id"]: row for row in EXPORTERS["ftm"](seeded)}
    plant = rows["veille-ent_webtest_plant"]
    assert plant["schema"] == "RealEstate"
    assert "usine du 11 février" in plant["properties"].get("alias", []) or \
        "February 11 Plant" in plant["properties"]["name"]
    assert rows["veille-ent_webtest_cns"]["schema"] == "Organization"
