"""Pipeline stages "quantities" and "dates": store every quantity and date as a mention."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import Any

from sqlalchemy.orm import Session

from veille.extract.dates import find_dates
from veille.extract.quantities import find_quantities
from veille.pipeline import DocumentInput, DocumentStage, register
from veille.store.documents import replace_mentions, replace_mentions_of


def _mention(start: int, end: int, text: str, label: str, value: dict[str, Any]
             ) -> dict[str, Any]:
    return {"start": start, "end": end, "text": text, "label": label, "entity_id": None,
            "link_score": None, "value": value}


def compute_quantities(document: DocumentInput) -> list[dict[str, Any]]:
    return [_mention(q.start, q.end, q.text, "QUANTITY", q.to_json())
            for q in find_quantities(document.text, document.language or "en")]


def compute_dates(document: DocumentInput) -> list[dict[str, Any]]:
    published = document.published.date() if document.published else None
    return [_mention(d.start, d.end, d.text, "DATE", d.to_json())
            for d in find_dates(document.text, document.language or "en", published)]


def save_quantities(session: Session, document: DocumentInput,
                    mentions: list[dict[str, Any]]) -> None:
    replace_mentions(session, document.id, "quantities", mentions)


def save_dates(session: Session, document: DocumentInput,
               mentions: list[dict[str, Any]]) -> None:
    replace_mentions(session, document.id, "dates", mentions)


def save_mentions_batch(stage: str, session: Session,
                        mentions: Mapping[str, list[dict[str, Any]]]) -> None:
    """A batch's mentions in two statements (see `pipeline.DocumentStage.save_batch`)."""
    replace_mentions_of(session, stage, mentions)


register(DocumentStage(
    name="quantities",
    version=9,  # 2: Slovak and Romanian units; a Romanian number joins its noun with "de";
    # 3: a count of kinds ("450 different kinds of components") is marked `of_kinds`;
    # 4: Arabic units and bounds; 5: calibres, masses and areas in words in more languages;
    # 6: "am 23. November" is a day, "one night" a span of time; 7: the closing mark of a
    # quoted name ("Sea Lark 7") is no inch sign; 8: a unit after an abbreviated
    # multiplier ("5 тис. кв. м"); 9: the few adjectives put before the noun in French,
    # Spanish, Italian and Portuguese ("six différentes sources") are read past
    compute=compute_quantities, save=save_quantities,
    save_batch=partial(save_mentions_batch, "quantities"), reads_mentions=False,
    requires=("language",),
    description="numbers, ranges, bounds, units and ratios in the text (QUANTITY mentions)",
))
register(DocumentStage(
    name="dates", version=2,  # 2: Polish, Slovak and Romanian months, seasons and parts
    compute=compute_dates, save=save_dates,
    save_batch=partial(save_mentions_batch, "dates"), reads_mentions=False,
    requires=("language",),
    description="absolute, partial, relative and Juche dates as intervals (DATE mentions)",
))
