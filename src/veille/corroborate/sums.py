"""A sum of unlike things retold as a count of one kind: "10 individuals and 6 entities"
becomes "16 persons"; "12 soldiers and 4 tanks" becomes "16 soldiers".

No version gives the figure otherwise, so no comparison of values sees it: the total is right,
what it counts is not. Inside one story, a count of a known class of things (people or organisations, by the
`counted_classes` lexicons) whose figure is the sum of two or three counts given together in
another document (consecutive figures of one passage), each of a known class, at least one of
the total's class and at least one of another, is flagged `value_conflict` against the first
part. Parts that are all of the total's class ("10 soldiers and 6 civilians", 16 people) add up
to it rightly, and a part of no known class ("12 soldiers and 4 wounded", where "wounded" may
well be people) says nothing either way: both are left alone.

Work: per story, the runs of two or three consecutive counts of each document (a few per
document), looked up by their sum.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache

from veille.corroborate.flags import MIN_CONFIDENCE, FlagRecord, flag_span
from veille.corroborate.independence import claim_order
from veille.corroborate.records import ClaimRecord
from veille.extract.cues import cue_set

KIND = "value_conflict"
MAX_PARTS = 3
PASSAGE = 120  # characters between two parts of one sum ("10 individuals, and six entities")


def sum_flags(claims: Sequence[ClaimRecord]) -> list[FlagRecord]:
    """Flags of the story's counts of one kind that add up unlike parts given elsewhere."""
    runs: dict[float, list[tuple[ClaimRecord, ...]]] = defaultdict(list)
    by_document: dict[str, list[ClaimRecord]] = defaultdict(list)
    for claim in claims:
        if _count(claim) is not None:
            by_document[claim.document_id].append(claim)
    for counts in by_document.values():
        counts.sort(key=lambda claim: claim.start)
        for first in range(len(counts)):
            for last in range(first + 1, min(first + MAX_PARTS, len(counts))):
                if counts[last].start - counts[last - 1].end > PASSAGE:
                    break
                parts = tuple(counts[first:last + 1])
                runs[sum(_count(part) or 0.0 for part in parts)].append(parts)
    flags = []
    for claim in sorted(claims, key=claim_order):
        total, kind = _count(claim), _class_of(claim)
        if total is None or kind is None or claim.confidence < MIN_CONFIDENCE:
            continue
        for parts in runs.get(total, ()):
            classes = [_class_of(part) for part in parts]
            if parts[0].document_id != claim.document_id and None not in classes and \
                    kind in classes and any(other != kind for other in classes):
                flags.append(FlagRecord(KIND, claim.document_id, *flag_span(claim, KIND),
                                        _reason(claim, parts), claim.id,
                                        parts[0].document_id, parts[0].id))
                break
    return flags


def _count(claim: ClaimRecord) -> float | None:
    """The exact figure of a count of a named thing, or None."""
    value = claim.value or {}
    low, high = value.get("low"), value.get("high")
    if not (claim.qualifiers or {}).get("counted") or value.get("bound", "=") != "=" or \
            not isinstance(low, int | float) or low != high:
        return None
    return float(low)


def _class_of(claim: ClaimRecord) -> str | None:
    return counted_class(str((claim.qualifiers or {}).get("counted")), claim.language or "en")


@lru_cache(maxsize=4096)
def counted_class(counted: str, language: str) -> str | None:
    """The class of a counted noun ("people" for "Personen", "organisations" for "entity"),
    or None."""
    found = cue_set(language, "properties", "counted_classes").find(counted, 0, len(counted))
    if not found and language != "en":
        found = cue_set("en", "properties", "counted_classes").find(counted, 0, len(counted))
    return found[0].label if found else None


def _reason(claim: ClaimRecord, parts: tuple[ClaimRecord, ...]) -> str:
    figure = str((claim.value or {}).get("text") or "").strip()
    given = " and ".join(str((part.value or {}).get("text") or "").strip() for part in parts)
    return (f"'{figure}' counts one kind here; {parts[0].doc_key or parts[0].document_id} "
            f"gives {given}, which add up to it but are not all of that kind")
