"""Admiralty (NATO) grades computed from the evidence in the store, with their reasons.

Information credibility of a slot, 1-6:
  1 confirmed: two or more independent origins agree, none contradicts;
  2 probably true: one named origin, not contradicted, stated without hedging; or several
    origins of which only self-reports agree;
  3 possibly true: one named origin that hedges or estimates, or only self-reports;
  4 doubtful: independent origins contradict each other;
  5 improbable: the origin's version is contradicted by two or more agreeing independent
    origins;
  6 cannot be judged: nobody named stands behind the claim.
Source reliability of an outlet, A-F, from its record: how many of its claims were flagged as
distortions it introduced (flags are only raised on the version that departs, so a copied
error counts against the copier once) and how many of its claims are confirmed elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from veille.corroborate.agreement import compare
from veille.corroborate.independence import Origin

MIN_RECORD = 3  # fewer claims than this: the outlet cannot be judged (F)
RELIABILITY_STEPS = (  # (grade, highest share of flagged claims)
    ("B", 0.02),
    ("C", 0.10),
    ("D", 0.25),
    ("E", 1.01),
)
ESTIMATES = frozenset({"hedged", "estimated", "capacity", "planned", "question"})


@dataclass(frozen=True)
class Grade:
    value: int | str
    reasons: list[str]


def contradictions(origin_list: list[Origin]) -> list[tuple[int, int, str]]:
    """Pairs of independent origins whose first claims disagree (a timeline is no conflict)."""
    found = []
    for first in range(len(origin_list)):
        for second in range(first + 1, len(origin_list)):
            verdict = compare(origin_list[first].claims[0], origin_list[second].claims[0])
            if verdict.kind in ("conflict", "magnitude", "inverted"):
                found.append((first, second, verdict.detail))
    return found


def credibility(origin_list: list[Origin]) -> Grade:
    """The slot's information credibility, judged on its origins' first versions."""
    independent = [o for o in origin_list if o.kind == "independent" and o.source]
    self_reports = [o for o in origin_list if o.kind == "self_report"]
    conflicts = contradictions(origin_list)
    reasons: list[str] = []
    named = len(independent)
    reasons.append(f"{named} independent named origin(s)"
                   + (f", {len(self_reports)} self-report(s)" if self_reports else ""))
    if conflicts:
        against_first = {second for first, second, _ in conflicts if first == 0}
        for first, second, detail in conflicts:
            reasons.append(f"{_name(origin_list[first])} and {_name(origin_list[second])} "
                           f"disagree: {detail}")
        among = {(a, b) for a, b, _ in conflicts if a in against_first and b in against_first}
        if len(against_first) >= 2 and not among:
            return Grade(5, reasons + ["the origin is contradicted by agreeing origins"])
        return Grade(4, reasons)
    if named >= 2:
        return Grade(1, reasons + ["corroborated by independent origins"])
    if named == 1:
        modality = independent[0].claims[0].modality
        if modality in ESTIMATES:
            return Grade(3, reasons + [f"a single origin, {modality}"])
        if self_reports:
            return Grade(2, reasons + ["a single origin, matched by a self-report"])
        return Grade(2, reasons + ["a single named origin, not contradicted"])
    if self_reports:
        return Grade(3, reasons + ["only the side concerned says so"])
    return Grade(6, reasons + ["no named source"])


def _name(origin: Origin) -> str:
    return origin.source or origin.claims[0].doc_key or origin.document_id


@dataclass
class SourceRecord:
    """What the store says about one outlet."""

    claims: int = 0
    flagged: int = 0  # claims flagged as departing from their original
    confirmed: int = 0  # claims in slots graded 1


def reliability(record: SourceRecord) -> Grade:
    """A-F from the outlet's record; A needs a long, clean and corroborated record."""
    if record.claims < MIN_RECORD:
        return Grade("F", [f"only {record.claims} claim(s): not enough to judge"])
    share = record.flagged / record.claims
    reasons = [f"{record.flagged} of {record.claims} claims flagged ({share:.0%})",
               f"{record.confirmed} claim(s) confirmed by independent origins"]
    if record.flagged == 0 and record.claims >= 20 and record.confirmed >= 3:
        return Grade("A", reasons + ["long record, no distortion, corroborated"])
    for grade, limit in RELIABILITY_STEPS:
        if share <= limit:
            return Grade(grade, reasons)
    return Grade("E", reasons)
