"""A small workspace store: a few articles (some hostile) plus stories, claims, slots and flags
written straight through the ORM, so every page has something to show."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from veille.ids import stable_id
from veille.ingest.service import ingest_paths
from veille.store import Store
from veille.store.models import (
    Alias,
    Claim,
    CopyEdge,
    Document,
    Entity,
    Flag,
    Mention,
    Slot,
    Source,
    Story,
)

FIXTURES = Path(__file__).parent / "fixtures"
HOSTILE = "window.__pwned=1"
STORY_ID = "sto_webtest"
SLOT_ID = "slot_webtest_size"
PLANT_ID = "ent_webtest_plant"
EVIL_ENTITY_ID = "ent_webtest_evil"
CLAIM_ORIGIN = "clm_webtest_origin"
CLAIM_COPY = "clm_webtest_copy"
CLAIM_FR = "clm_webtest_fr"
FLAG_COPY = "flg_webtest_inverted"
FLAG_HOSTILE = "flg_webtest_hostile"


def _span(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def seed_workspace(store: Store) -> None:
    """Ingest the fixture articles and add the rows the later stages would write."""
    summary = ingest_paths(store, [FIXTURES / "articles.jsonl"])
    assert summary.failed == 0, summary.errors
    with store.session() as session:
        docs = {d.external_id: d for d in session.query(Document).filter(
            Document.external_id.in_(["w-origin", "w-copy", "w-fr", "x-script", "x-svg"]))}
        for source in session.query(Source):
            if source.name == "Wire Desk":
                source.reliability, source.reliability_reasons = "B", ["first with the figure"]
            if source.name == "Daily Echo":
                source.reliability, source.reliability_reasons = "D", ["inverted a comparison"]
        origin, copy, french = docs["w-origin"], docs["w-copy"], docs["w-fr"]
        session.add(Story(id=STORY_ID, title="Ryongsong expansion", size=3,
                          first_published=origin.published, last_published=french.published,
                          origin_document_id=origin.id))
        session.flush()
        for document in (origin, copy, french):
            document.story_id = STORY_ID
        copy.copy_of, copy.copy_kind = origin.id, "rewrite"
        french.copy_of, french.copy_kind = origin.id, "translation"
        for target, kind, score in ((copy, "rewrite", 0.81), (french, "translation", 0.74)):
            session.add(CopyEdge(id=stable_id("edge_", origin.id, target.id), story_id=STORY_ID,
                                 source_document_id=origin.id, target_document_id=target.id,
                                 kind=kind, score=score, direction_from="published"))
        session.add_all([
            Entity(id=PLANT_ID, name="February 11 Plant", type="FAC", latitude=39.84,
                   longitude=127.62, country="KP", wikidata="Q000001"),
            Entity(id="ent_webtest_hamhung", name="Hamhung", type="LOC", latitude=39.92,
                   longitude=127.54, country="KP"),
            Entity(id="ent_webtest_cns", name="CNS", type="ORG"),
            Entity(id="ent_webtest_ryongsong", name="Ryongsong Machine Complex", type="FAC",
                   latitude=39.85, longitude=127.6),
            Entity(id=EVIL_ENTITY_ID, name=f"<svg onload={HOSTILE}>Evilville", type="LOC",
                   latitude=50.0, longitude=30.0),
        ])
        session.flush()
        session.add_all([
            Alias(entity_id=PLANT_ID, text="usine du 11 février", normalized="usine du 11 fevrier",
                  origin="document", document_id=french.id),
            Alias(entity_id=PLANT_ID, text="February 11 Plant", normalized="february 11 plant",
                  origin="gazetteer"),
            Alias(entity_id=EVIL_ENTITY_ID, text=f"<img src=x onerror={HOSTILE}>",
                  normalized="img", origin="document", document_id=docs["x-script"].id),
        ])
        mentions = [(origin, "February 11 Plant", "FAC", PLANT_ID),
                    (origin, "Hamhung", "LOC", "ent_webtest_hamhung"),
                    (origin, "CNS", "ORG", "ent_webtest_cns"),
                    (copy, "February 11 Plant", "FAC", PLANT_ID),
                    (docs["x-script"], "Hamhung", "LOC", EVIL_ENTITY_ID)]
        for document, needle, label, entity_id in mentions:
            start, end = _span(document.text, needle)
            session.add(Mention(id=stable_id("men_", document.id, start, label), stage="test",
                                document_id=document.id, start=start, end=end, text=needle,
                                label=label, entity_id=entity_id))
        session.add(Slot(id=SLOT_ID, key="february-11-plant|size_ratio|main building",
                         subject="February 11 Plant new assembly building",
                         property="size_ratio", reference="existing main building",
                         story_id=STORY_ID, independent_origins=1, origin_claim_id=CLAIM_ORIGIN,
                         primary_source="CNS", credibility=2,
                         credibility_reasons=["one independent origin (CNS imagery)"],
                         summary={"value": "0.6–0.7"}))
        session.flush()
        claims = [
            (CLAIM_ORIGIN, origin, "estimated at 60-70% of the size of the existing main building",
             {"low": 0.6, "high": 0.7, "bound": "~"}, "estimated", SLOT_ID, "size_ratio"),
            (CLAIM_COPY, copy, "60-70% larger than the existing main building",
             {"low": 1.6, "high": 1.7, "bound": "="}, "asserted", SLOT_ID, "size_ratio"),
            (CLAIM_FR, french, "estimé à 60-70% de la taille du bâtiment principal existant",
             {"low": 0.6, "high": 0.7, "bound": "~"}, "estimated", SLOT_ID, "size_ratio"),
            ("clm_webtest_hostile", docs["x-script"], f"<script>{HOSTILE};alert(1)</script>",
             {"text": f"<img src=x onerror={HOSTILE}>"}, "asserted", None, "produces"),
            ("clm_webtest_date", origin, "Satellite images analysed by the CNS",
             {"date": "2024-04-15"}, "reported", None, "event_date"),
        ]
        for claim_id, document, quote, value, modality, slot_id, prop in claims:
            start, end = _span(document.text, quote)
            session.add(Claim(id=claim_id, document_id=document.id, start=start, end=end,
                              quote=quote, subject="February 11 Plant new assembly building",
                              subject_entity_id=PLANT_ID, property=prop, value=value,
                              reference="existing main building", modality=modality,
                              attribution=[{"name": "CNS"}], confidence=0.9, slot_id=slot_id,
                              qualifiers={"translation": "estimated at 60-70% of the size of "
                                                         "the existing main building"}
                              if claim_id == CLAIM_FR else None))
        session.flush()
        copy_start, copy_end = _span(copy.text, "60-70% larger")
        session.add(Flag(id=FLAG_COPY, kind="comparison_inverted", document_id=copy.id,
                         claim_id=CLAIM_COPY, start=copy_start, end=copy_end,
                         reference_document_id=origin.id, reference_claim_id=CLAIM_ORIGIN,
                         reason="'60-70% larger' inverts '60-70% of the size'", status="open"))
        hostile = docs["x-script"]
        h_start, h_end = _span(hostile.text, "<script>")
        session.add(Flag(id=FLAG_HOSTILE, kind="unsupported_addition", document_id=hostile.id,
                         claim_id="clm_webtest_hostile", start=h_start, end=h_end,
                         reason=f"<script>{HOSTILE}</script> added", status="open"))


def csrf_of(client: TestClient, page: str = "/documents/w-copy") -> str:
    """The CSRF token a page hands this client (from the hidden form field)."""
    html = client.get(page).text
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, f"no CSRF token on {page}"
    return match.group(1)
