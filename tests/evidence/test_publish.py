"""Links to slots, claims and entities; what the map, timeline and STIX export receive."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from evidence_helpers import make_jpeg
from sqlalchemy.orm import Session

from veille.evidence import evidence_for_stix, evidence_places, evidence_timeline
from veille.evidence.files import FileStore
from veille.evidence.importer import import_register
from veille.evidence.items import attach_file
from veille.evidence.links import add_link
from veille.store.models import Claim, Document, Entity, Slot

DEMO = Path(__file__).resolve().parents[2] / "src" / "veille" / "evidence" / "demo" / \
    "register.json"


def _slot_with_claim(session: Session, year: int) -> str:
    session.add(Document(id="d1", external_id="d1", sha256="0" * 64, text="x",
                         ingested_at=datetime(2024, 9, 1)))
    session.flush()
    session.add(Slot(id="slot_made", key="hwasong-11|manufacture_date", subject="Hwasong-11",
                     property="manufacture_date", independent_origins=1))
    session.flush()
    session.add(Claim(id="c1", document_id="d1", start=0, end=1, quote="made in",
                      subject="Hwasong-11", property="manufacture_date",
                      value={"low": year, "high": year}, modality="asserted", slot_id="slot_made"))
    session.add(Entity(id="ent_h11", name="Hwasong-11", type="WEAPON", gazetteer_key="hwasong_11"))
    session.flush()
    return "slot_made"


def test_links_resolve_and_stance_is_checked(session: Session, files: FileStore) -> None:
    import_register(session, DEMO, files)
    slot = _slot_with_claim(session, 2021)
    agreeing = add_link(session, "DEMO-KHA-2024-0001", "slot", slot, "supports")
    assert agreeing.new
    assert agreeing.warnings == [("the item dates to 2023-2023 and claim c1 says 2021-2021, yet "
                                 "the link says 'supports'")]
    entity = add_link(session, "DEMO-KHA-2024-0001", "entity", "hwasong_11")
    assert entity.warnings == []
    stix = {item["label"]: item for item in evidence_for_stix(session)}
    links = stix["DEMO-KHA-2024-0001"]["links"]
    assert {"target_kind": "entity", "target": "ent_h11", "stance": "about",
            "note": None} in links
    assert {"target_kind": "slot", "target": "slot_made", "stance": "supports",
            "note": None} in links


def test_stix_places_and_timeline(session: Session, files: FileStore, tmp_path: Path) -> None:
    import_register(session, DEMO, files)
    photo = make_jpeg(tmp_path / "p.jpg", lat=49.95, lon=36.3, taken="2024:01:02 12:00:00")
    attach_file(session, files, "DEMO-KHA-2024-0001", photo)
    items = evidence_for_stix(session)
    assert [item["label"] for item in items] == ["DEMO-KHA-2024-0001", "DEMO-ROZ-2024-0001"]
    first = items[0]
    assert first["place"] == {"name": "Kharkiv, Ukraine (approximate)", "lat": 49.99,
                              "lon": 36.23}
    assert first["found_on"] == "2024-01-02"
    assert len(first["components"]) == 6 and first["files"][0]["media_type"] == "image/jpeg"
    places = evidence_places(session)
    assert {(p["source"], p["lat"]) for p in places} == {("recovery", 49.99), ("recovery", 50.7),
                                                         ("exif", 49.95)}
    timeline = evidence_timeline(session)
    assert timeline == sorted(timeline, key=lambda e: (e["date"], e["kind"]))
    kinds = {(e["label"], e["kind"], e["date"]) for e in timeline}
    assert ("DEMO-KHA-2024-0001", "earliest_assembly", "2023-07-02") in kinds
    assert ("DEMO-ROZ-2024-0001", "manufactured", "2024-01-01") in kinds
    assert ("DEMO-KHA-2024-0001", "custody", "2024-01-20") in kinds
    assert ("DEMO-KHA-2024-0001", "photographed", "2024-01-02T12:00:00") in kinds
