"""Kinds of a thing retold as a count of the things: "at least 450 different kinds of
foreign-made components" becomes "the 450 components" or "over 450 imported elements".

The figure is the same, so no comparison of values sees it; what it counts changed, from
component types (each may sit in many weapons) to single parts. Claims mark a count of kinds
(`of_kinds`, from the `kinds_of` and `kinds_words` of the units lexicons: "kinds of",
"unique", "видов", "rodzajów"). A count of kinds is a finding reports simplify, never one they
invent, so wherever in the corpus a copy tree counts a thing by its kinds, a version of
another copy tree that counts the same number of the same thing as items is flagged
`value_conflict` against it, whatever the story: the reports that repeat a finding in passing
often sit in stories on other subjects, with no subject or source to tie them, and what ties
them is the finding itself - an exact figure of at least MIN_FIGURE of one counted thing.
A copy tree that counts the figure both ways somewhere is left alone.

Work: one small entry per count of a named thing, keyed by the thing and the figure; flags are
made once every story is in.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from veille.corroborate.flags import FlagRecord, flag_span
from veille.corroborate.independence import claim_order
from veille.corroborate.records import ClaimRecord

KIND = "value_conflict"
MIN_FIGURE = 20  # "two unique designs" ties nothing: small counts recur by chance


@dataclass(frozen=True, slots=True)
class CountVersion:
    """What the index keeps of one count: enough to order it and to flag it."""

    root: str  # the copy tree of its document
    order: tuple[bool, str, str, int, int, str]  # `claim_order`
    claim_id: str
    document_id: str
    doc_key: str
    span: tuple[int, int]  # where a flag on it points
    text: str  # the figure as written
    counted: str
    of_kinds: bool


class KindsIndex:
    """Counts of named things keyed by (thing, low, high), fed document by document."""

    def __init__(self) -> None:
        self.blocks: dict[tuple[str, float, float], list[CountVersion]] = defaultdict(list)

    def add(self, claims: Iterable[ClaimRecord], root: str) -> None:
        """Index the counts of one document of copy tree `root`."""
        for claim in claims:
            key = _key(claim)
            if key is not None:
                self.blocks[key].append(CountVersion(
                    root, claim_order(claim), claim.id, claim.document_id,
                    claim.doc_key or claim.document_id, flag_span(claim, KIND),
                    str((claim.value or {}).get("text") or "").strip(), key[0],
                    _of_kinds(claim)))

    def flags(self) -> list[FlagRecord]:
        """Item counts of the figures that another copy tree counts by kinds."""
        found = []
        for versions in self.blocks.values():
            kinds = [version for version in versions if version.of_kinds]
            if not kinds:
                continue
            trees = {version.root for version in kinds}
            reference = min(kinds, key=lambda version: version.order)
            for version in sorted(versions, key=lambda version: version.order):
                if version.root not in trees:
                    found.append(FlagRecord(KIND, version.document_id, *version.span,
                                            _reason(version, reference), version.claim_id,
                                            reference.document_id, reference.claim_id))
        return found


def _of_kinds(claim: ClaimRecord) -> bool:
    return bool((claim.qualifiers or {}).get("of_kinds"))


def _key(claim: ClaimRecord) -> tuple[str, float, float] | None:
    counted = (claim.qualifiers or {}).get("counted")
    value = claim.value or {}
    low, high = value.get("low"), value.get("high")
    if not counted or not isinstance(low, int | float) or not isinstance(high, int | float) \
            or low != high or low < MIN_FIGURE:
        return None
    return str(counted), float(low), float(high)


def _reason(version: CountVersion, reference: CountVersion) -> str:
    return (f"'{version.text}' counts items here; {reference.doc_key} counts kinds "
            f"('{reference.text}'): each kind of {version.counted} may be found many times")
