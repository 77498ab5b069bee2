"""Markings: transcriptions with their script and language, read at once by the interpreters."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy.orm import Session

from veille.evidence.decisions import record_readings
from veille.evidence.items import require_item
from veille.evidence.readings import ReadingContext, detect_script, propose, script_codes
from veille.evidence.register import EvidenceError, append
from veille.ids import stable_id
from veille.store import evidence as queries

LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")


@dataclass(frozen=True)
class MarkingAdded:
    id: str
    new: bool
    reading_ids: list[str]


def add_marking(session: Session, item_ref: str, text: str, script: str | None = None,
                language: str | None = None, location: str | None = None,
                note: str | None = None, created_at: str | None = None) -> MarkingAdded:
    """Record a transcription and the readings the interpreters propose for it."""
    item = require_item(session, item_ref)
    text = text.strip()
    if not text:
        raise EvidenceError("text: a marking needs its transcription")
    script = (script or detect_script(text)).strip().lower()
    if script not in script_codes():
        raise EvidenceError(f"script: unknown script '{script}' "
                            f"(use {', '.join(script_codes())})")
    if language is not None and language != "":
        language = language.strip().lower()
        if not LANGUAGE_CODE.match(language):
            raise EvidenceError(f"language: '{language}' is not an ISO 639 code (e.g. ko, ru)")
    else:
        language = None
    marking_id = stable_id("mrk_", item.id, text, location or "")
    new = queries.get_marking(session, marking_id) is None
    if new:
        append(session, "marking", {"id": marking_id, "item_id": item.id, "text": text,
                                    "script": script, "language": language,
                                    "location": location, "note": note}, created_at)
    context = ReadingContext(script=script, language=language, not_after=item.found_on)
    reading_ids = record_readings(session, item.id, "marking", marking_id,
                                  propose(text, context), created_at)
    return MarkingAdded(marking_id, new, reading_ids)
