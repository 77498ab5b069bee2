"""A growth factor whose baseline changed between versions: "nine times what was planned"
retold as "nine times the previous output".

The two say different things with one figure: the first compares output with a plan, the
second with the subject's own past (what the reference lexicons name is sorted into a plan or
the past by `reference_kinds` in the ontology). Inside one story, two versions of a factor of
the same property that agree on the figure but not on the kind of baseline are versions of
one statement, and one of them moved its baseline. Which one is decided by the evidence, in
this order, and left alone when none decides:
- a verbatim quotation (the figure inside quotation marks, `quoted` in the claim's
  qualifiers) keeps the speaker's own words; the paraphrase departs;
- a baseline given by at least two other copy trees outvotes a lone one;
- the version published first may be the original; a later one departs.
The departing version is flagged `value_conflict` against the one it departs from.

A factor of two or three ("doubled", "tripled") is said of too much to tie two reports.

Work: the factors of one story with a known baseline; a handful.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from veille.corroborate.agreement import compare_intervals, interval
from veille.corroborate.consensus import FACTOR_PROPERTIES, MIN_AGREEING_TREES, first_in_time
from veille.corroborate.flags import MIN_CONFIDENCE, FlagRecord, flag_span
from veille.corroborate.independence import claim_order
from veille.corroborate.records import ClaimRecord
from veille.extract.claims import ontology

KIND = "value_conflict"
MIN_FACTOR = 4.0
SHOWN = {"plan": "a plan", "past": "an earlier level"}


def baseline_flags(claims: Sequence[ClaimRecord], root_of: Callable[[str], str],
                   ) -> list[FlagRecord]:
    """Flags of the story's growth factors whose baseline another version contradicts."""
    baselines = {claim.id: kind for claim in claims if (kind := _baseline(claim)) is not None}
    factors = [claim for claim in claims if claim.id in baselines]
    flags = []
    for claim in sorted(factors, key=claim_order):
        root = root_of(claim.document_id)
        versions = [other for other in factors if root_of(other.document_id) != root
                    and other.property == claim.property and _same_figure(claim, other)]
        moved = [other for other in versions if baselines[other.id] != baselines[claim.id]]
        if moved and not _says_both(claim, factors, baselines, root, root_of) and \
                _departs(claim, versions, moved, root_of):
            reference = min(moved, key=lambda other: (not _quoted(other), claim_order(other)))
            flags.append(FlagRecord(
                KIND, claim.document_id, *flag_span(claim, KIND),
                _reason(claim, baselines[claim.id], reference, baselines[reference.id]),
                claim.id, reference.document_id, reference.id))
    return flags


def _baseline(claim: ClaimRecord) -> str | None:
    """"plan" or "past" for a confident growth factor of at least MIN_FACTOR; else None."""
    if claim.property not in FACTOR_PROPERTIES or claim.confidence < MIN_CONFIDENCE:
        return None
    figure = interval(claim)
    if figure is None or figure.family != "ratio" or figure.low < MIN_FACTOR:
        return None
    return ontology().reference_kinds.get(claim.reference or "")


def _same_figure(first: ClaimRecord, second: ClaimRecord) -> bool:
    one, other = interval(first), interval(second)
    return one is not None and other is not None and \
        compare_intervals(one, other).kind == "agree"


def _departs(claim: ClaimRecord, versions: list[ClaimRecord], moved: list[ClaimRecord],
             root_of: Callable[[str], str]) -> bool:
    """Whether `claim` is the version that moved the baseline (see the module docstring)."""
    seconding = [other for other in versions if other not in moved]
    if _quoted(claim) or any(_quoted(other) for other in seconding):
        return False  # the speaker's words, or seconded by them
    if any(_quoted(other) for other in moved):
        return True
    if seconding:
        return False  # another copy tree measures it the same way
    if len({root_of(other.document_id) for other in moved}) >= MIN_AGREEING_TREES:
        return True
    return first_in_time(min(moved, key=claim_order), [claim])


def _says_both(claim: ClaimRecord, factors: list[ClaimRecord], baselines: dict[str, str],
               root: str, root_of: Callable[[str], str]) -> bool:
    """Its own copy tree measures the figure against the other baseline somewhere too."""
    return any(root_of(other.document_id) == root and other.property == claim.property
               and baselines[other.id] != baselines[claim.id] and _same_figure(claim, other)
               for other in factors)


def _quoted(claim: ClaimRecord) -> bool:
    return bool((claim.qualifiers or {}).get("quoted"))


def _reason(claim: ClaimRecord, baseline: str, reference: ClaimRecord,
            reference_baseline: str) -> str:
    figure = str((claim.value or {}).get("text") or "").strip()
    words = " (in quotation marks)" if _quoted(reference) else ""
    return (f"'{figure}' is measured against {SHOWN[baseline]} here ('{claim.reference}'); "
            f"against {SHOWN[reference_baseline]} in "
            f"{reference.doc_key or reference.document_id}{words} ('{reference.reference}')")
