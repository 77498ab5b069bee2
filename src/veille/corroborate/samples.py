"""A figure measured on a sample, retold as a fact about the whole weapon.

"CAR examined several drones and found that 82% of their components were US-made" becomes
"82% of Shahed components are US-made"; "a similar missile contained 35 US-made parts"
becomes "the debris of this missile showed 35 US-made parts". The figure is the same, so no
comparison of values sees the change: what moved is what the figure is said of. The
extraction marks a figure whose own sentence names what it was measured on (`measured_on` in
the claim's qualifiers: a sample of items examined, or another item like the one in the news).

Inside one story, a version of the same figure (same property, same value, same thing
counted) in another document that names no such sample and says the figure of a weapon is
flagged `unsupported_addition` against the version that names the sample: it states of the
weapon what was only found in the items examined. A sample is a detail reports drop but do
not invent, so the version that names it is taken as nearer the finding, whichever came
first. A version without a weapon as its subject ("82% of components were US-made") leaves
what it speaks of open and is not flagged.

Work: the story's figures that name a sample, each against the story's claims; a handful.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from veille.corroborate.agreement import value_type
from veille.corroborate.flags import FIGURES, MIN_CONFIDENCE, FlagRecord, flag_span
from veille.corroborate.independence import claim_order
from veille.corroborate.records import ClaimRecord

KIND = "unsupported_addition"
SHOWN = {"sample": "the items examined", "similar": "a similar item"}


def sample_flags(claims: Sequence[ClaimRecord], is_weapon: Callable[[str], bool],
                 ) -> list[FlagRecord]:
    """Flags of the story's versions that say of a weapon a figure another version of the
    story measured on a sample (see the module docstring)."""
    sampled = sorted((claim for claim in claims if _measured_on(claim) is not None),
                     key=claim_order)
    flags = []
    flagged: set[str] = set()
    for reference in sampled:
        for claim in claims:
            if claim.id in flagged or claim.document_id == reference.document_id or \
                    _measured_on(claim) is not None or not _same_figure(claim, reference):
                continue
            if claim.confidence < MIN_CONFIDENCE or not claim.subject_entity_id or \
                    not is_weapon(claim.subject_entity_id):
                continue
            flagged.add(claim.id)
            flags.append(FlagRecord(KIND, claim.document_id, *flag_span(claim, KIND),
                                    _reason(claim, reference), claim.id,
                                    reference.document_id, reference.id))
    return flags


def _measured_on(claim: ClaimRecord) -> dict[str, str] | None:
    found = (claim.qualifiers or {}).get("measured_on")
    return found if isinstance(found, dict) and found.get("kind") in SHOWN else None


def _same_figure(claim: ClaimRecord, other: ClaimRecord) -> bool:
    """The same property, value and counted thing: one figure, told twice."""
    if claim.property != other.property or value_type(claim.property) not in FIGURES:
        return False
    value, other_value = claim.value or {}, other.value or {}
    if value.get("low") is None or value.get("low") != other_value.get("low") or \
            value.get("high") != other_value.get("high"):
        return False
    return claim.unit == other.unit and \
        (claim.qualifiers or {}).get("counted") == (other.qualifiers or {}).get("counted")


def _reason(claim: ClaimRecord, reference: ClaimRecord) -> str:
    figure = str((claim.value or {}).get("text") or "").strip()
    measured = _measured_on(reference) or {}
    return (f"'{figure}' is said of {claim.subject} here; in "
            f"{reference.doc_key or reference.document_id} it was found in "
            f"{SHOWN[measured['kind']]} ('{measured.get('text', '')}')")
