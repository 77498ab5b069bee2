"""Hand-built claim records for the corroboration tests."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from veille.corroborate.records import ClaimRecord, SourceRef

CNS = SourceRef("James Martin Center for Nonproliferation Studies", "organisation",
                "ent_cns", "ORG")
LAIR = SourceRef("Sam Lair", "speaker", "ent_lair", "PER")
SI = SourceRef("SI Analytics", "organisation", "ent_si", "ORG")
SHIN = SourceRef("Shin Won-sik", "speaker", "ent_shin", "PER")
BLOOMBERG = SourceRef("Bloomberg", "outlet", "ent_bloomberg", "ORG")
CAR = SourceRef("Conflict Armament Research", "organisation", "ent_car", "ORG")
KCNA = SourceRef("KCNA", "outlet", "ent_kcna", "ORG")
UKRAINE_INTEL = SourceRef("les services de renseignement ukrainiens", "anonymous")
CALIFORNIA = SourceRef("California", "organisation", "ent_california", "LOC")


def claim(claim_id: str, document: str, prop: str = "size_ratio", *,
          low: float | None = 0.6, high: float | None = 0.7, bound: str = "=",
          unit: str | None = "ratio", text: str = "60-70%", modality: str = "estimated",
          level: str | None = None, sources: tuple[SourceRef, ...] = (CNS,),
          subject: str = "new assembly building (February 11 Plant)",
          subject_entity_id: str | None = "ent_plant",
          reference: str | None = "existing main building",
          qualifiers: dict[str, Any] | None = None, day: int = 1, start: int = 0,
          value: dict[str, Any] | None = None, story: str | None = "S1") -> ClaimRecord:
    return ClaimRecord(
        id=claim_id, document_id=document, property=prop,
        value=value if value is not None else {"low": low, "high": high, "bound": bound,
                                               "text": text},
        subject=subject, subject_entity_id=subject_entity_id, unit=unit, reference=reference,
        qualifiers=qualifiers or {}, sources=sources, modality=modality,
        estimative_level=level, confidence=0.8, start=start, end=start + 40,
        quote=text, doc_key=document, language="en",
        published=datetime(2024, 11, day), outlet=f"outlet of {document}", story_id=story)


def shells(claim_id: str, document: str, low: float, *, bound: str = "<=",
           modality: str = "capacity", day: int = 1) -> ClaimRecord:
    return claim(claim_id, document, "delivery_count", low=low, high=low, bound=bound,
                 unit="shell", text=f"{low:,.0f} shells", modality=modality,
                 sources=(SHIN, BLOOMBERG), subject="North Korea",
                 subject_entity_id="ent_nk", reference=None,
                 qualifiers={"counted": "shell"}, day=day)


def containers(claim_id: str, document: str, low: float, *, bound: str = ">=",
               day: int = 1, sources: tuple[SourceRef, ...] = (SHIN, BLOOMBERG),
               ) -> ClaimRecord:
    return claim(claim_id, document, "delivery_count", low=low, high=low, bound=bound,
                 unit="container", text=f"{low:,.0f} containers", modality="reported",
                 sources=sources, subject="North Korea", subject_entity_id="ent_nk",
                 reference=None, qualifiers={"counted": "container"}, day=day)
