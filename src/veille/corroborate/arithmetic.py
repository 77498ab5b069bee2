"""A document's growth factor held against its own figures.

"Output multiplied by seven" in a headline, and "from 56 a year in 2021 to 460 in 2023" in
the body: the body's two figures give the factor (x8.2), and a stated factor that does not
round to it is a figure the document got wrong, whoever it copied. Nothing outside the
document is needed, so the check works on a lone report with no other version to compare.

The pair of figures must be of the same subject and of a property the factor measures the
change of (`change_of` in the ontology: production_change measures production_rate and
production_total), counted per the same period, at two as-of dates that do not meet, one
figure each; a factor dated to a time must be dated to the later figure. A stated factor is
read to half its last written digit either way ("eight times" covers 7.5 to 8.5, "a rise of
700%" x7.5 to x8.5), as writers round a ratio to the figure they print; a floor ("more than
tripled") allows any ratio above it.

Two documents may also read one series with the same start and another end: "from 56 in
2021 to 420 in 2023, eight times more" against "from 56 a year in 2021 to 460 in 2023,
multiplied by seven". With one version each and no dates, nothing says which end drifted, but
each writer's factor was worked out from the figures they read. Where one document's factor
fits the other's figures and not its own, and the other's factor fits its own, the first
document's later figure is the one that changed on the way (`SeriesIndex`): flagged
`value_conflict` against the other version, across stories, as versions of one report often
sit in different ones.

Work: the claims of one document; across documents, the versions at odds with their own
factor times the versions of their series start.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from veille.corroborate.agreement import (
    LOWER_BOUNDS,
    UPPER_BOUNDS,
    as_of,
    disjoint,
    interval,
)
from veille.corroborate.consensus import FACTOR_PROPERTIES, first_in_time
from veille.corroborate.flags import MIN_CONFIDENCE, FlagRecord, flag_span
from veille.corroborate.records import ClaimRecord
from veille.extract.claims import ontology

KIND = "value_conflict"


def own_arithmetic_flags(claims: Iterable[ClaimRecord]) -> list[FlagRecord]:
    """Flags of the growth factors of one document's claims that its own figures belie."""
    flags = []
    for factor, (earlier, later), allowed in _factors_with_figures(claims):
        ratio = _single(later) / _single(earlier)
        if allowed[0] <= ratio <= allowed[1]:
            continue
        flags.append(FlagRecord(
            KIND, factor.document_id, *flag_span(factor, KIND),
            f"growth factor {_shown(factor)} here, but this document's own figures give "
            f"x{ratio:.1f} ({_figure(earlier)} to {_figure(later)})",
            factor.id, later.document_id, later.id))
    return flags


def _factors_with_figures(claims: Iterable[ClaimRecord],
                          ) -> Iterable[tuple[ClaimRecord, tuple[ClaimRecord, ClaimRecord],
                                              tuple[float, float]]]:
    """(factor, the document's earlier and later figure it measures, the ratios it covers)."""
    claims = [claim for claim in claims if claim.confidence >= MIN_CONFIDENCE]
    for factor in claims:
        if factor.property not in FACTOR_PROPERTIES:
            continue
        pair = _figure_pair(factor, claims)
        allowed = _allowed_ratios(factor)
        if pair is not None and allowed is not None:
            yield factor, pair, allowed


@dataclass(frozen=True)
class SeriesVersion:
    """One document's reading of a series: its earlier and later figure, and the ratios its
    factors cover (one range per factor)."""

    root: str  # the copy tree of the document
    earlier: ClaimRecord
    later: ClaimRecord
    allowed: tuple[tuple[float, float], ...]

    def fits(self, ratio: float) -> list[bool]:
        return [low <= ratio <= high for low, high in self.allowed]


def series_versions(claims: Iterable[ClaimRecord], root: str) -> list[SeriesVersion]:
    """The series one document reads, with the factors it prints of each."""
    found: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    pairs: dict[tuple[str, str], tuple[ClaimRecord, ClaimRecord]] = {}
    for _, pair, allowed in _factors_with_figures(claims):
        key = (pair[0].id, pair[1].id)
        pairs[key] = pair
        found[key].append(allowed)
    return [SeriesVersion(root, *pairs[key], tuple(allowed)) for key, allowed in found.items()]


class SeriesIndex:
    """Series versions keyed by what they measure and where they start, fed document by
    document; `flags` compares the versions of each start once every story is done."""

    def __init__(self) -> None:
        self.blocks: dict[tuple, list[SeriesVersion]] = defaultdict(list)

    def add(self, claims: Iterable[ClaimRecord], root: str) -> None:
        for version in series_versions(claims, root):
            later, earlier = version.later, version.earlier
            thing = later.subject_entity_id or later.subject.casefold().strip()
            self.blocks[(thing, _single(earlier), as_of(earlier))].append(version)

    def flags(self) -> list[FlagRecord]:
        found: dict[str, FlagRecord] = {}
        for versions in self.blocks.values():
            for drifted, kept in _drifted_ends(versions):
                found.setdefault(drifted.later.id, _series_flag(drifted, kept))
        return sorted(found.values(), key=lambda flag: (flag.document_id, flag.start))


def _drifted_ends(versions: list[SeriesVersion],
                  ) -> Iterable[tuple[SeriesVersion, SeriesVersion]]:
    """(version whose later figure drifted, the version its own factor fits): one of its
    factors fits the other version's ratio and not its own, none fits only its own, and the
    other version's factor fits the other's own ratio."""
    for drifted in versions:
        fits_own = drifted.fits(_ratio(drifted, drifted))
        if all(fits_own):
            continue  # its factors back its own figures (most versions: checked once each)
        for kept in versions:
            if kept.root == drifted.root or _apart(drifted.later, kept.later):
                continue
            readings = list(zip(fits_own, drifted.fits(_ratio(drifted, kept)), strict=True))
            if any(other and not own for own, other in readings) and \
                    not any(own and not other for own, other in readings) and \
                    any(kept.fits(_ratio(kept, kept))) and \
                    not first_in_time(drifted.later, [kept.later]):
                yield drifted, kept
                break


def _apart(first: ClaimRecord, second: ClaimRecord) -> bool:
    """Figures dated to times with no day in common (a series' later figures are dated)."""
    one, other = as_of(first), as_of(second)
    return one is None or other is None or disjoint(one, other)


def _ratio(start: SeriesVersion, end: SeriesVersion) -> float:
    return _single(end.later) / _single(start.earlier)


def _series_flag(drifted: SeriesVersion, kept: SeriesVersion) -> FlagRecord:
    later, other = drifted.later, kept.later
    where = other.doc_key or other.document_id
    reason = (f"{_figure(later)} here, {_figure(other)} in {where}, both from "
              f"{_figure(drifted.earlier)}; this document's own growth factor fits {where}'s "
              f"figures (x{_ratio(drifted, kept):.1f}), not its own "
              f"(x{_ratio(drifted, drifted):.1f})")
    return FlagRecord(KIND, later.document_id, *flag_span(later, KIND), reason, later.id,
                      other.document_id, other.id)


def _figure_pair(factor: ClaimRecord, claims: list[ClaimRecord],
                 ) -> tuple[ClaimRecord, ClaimRecord] | None:
    """The document's earlier and later figure of what the factor measures, or None when
    there are not exactly two dates with one figure each."""
    spec = ontology().properties.get(factor.property)
    measured = set(spec.change_of) if spec else set()
    when = as_of(factor)
    groups: dict[tuple, dict[tuple[date, date], list[ClaimRecord]]] = \
        defaultdict(lambda: defaultdict(list))
    for claim in claims:
        dated = as_of(claim)
        figure = interval(claim)
        if claim.property not in measured or dated is None or figure is None or \
                not _same_subject(factor, claim) or _single(claim) <= 0:
            continue
        groups[(claim.property, (claim.qualifiers or {}).get("per"), figure.family)][
            dated].append(claim)
    found = None
    for by_date in groups.values():
        dates = sorted(by_date)
        if len(dates) != 2 or any(len({_single(claim) for claim in same}) != 1
                                  for same in by_date.values()) or \
                not disjoint(*dates) or when is not None and disjoint(when, dates[1]):
            continue
        if found is not None:
            return None  # two pairs: which one the factor measures is not said
        found = (by_date[dates[0]][-1], by_date[dates[1]][-1])
    return found


def _same_subject(factor: ClaimRecord, figure: ClaimRecord) -> bool:
    """The figure is of the factor's subject, or of a thing the factor's words name ("Russia
    increased Kh-101 output eight times", with the figures of the Kh-101)."""
    if figure.subject_entity_id and figure.subject_entity_id == factor.subject_entity_id:
        return True
    name = figure.subject.casefold().strip()
    return len(name) > 2 and name in factor.quote.casefold()


def _single(claim: ClaimRecord) -> float:
    value = claim.value or {}
    return (float(value["low"]) + float(value["high"])) / 2


def _allowed_ratios(factor: ClaimRecord) -> tuple[float, float] | None:
    """The ratios the stated factor covers: half its last written digit either way."""
    figure = interval(factor)
    value = factor.value or {}
    written = value.get("low")
    if figure is None or figure.family != "ratio" or figure.bound in UPPER_BOUNDS or \
            not isinstance(written, int | float) or written <= 0 or \
            value.get("low") != value.get("high"):
        return None
    # a percent change is written in hundredths of the factor ("700%" is x8)
    scale = 0.01 if factor.unit == "percent" else figure.middle / float(written)
    half_step = _last_digit(float(written)) / 2 * scale
    high = float("inf") if figure.bound in LOWER_BOUNDS else figure.high + half_step
    return figure.low - half_step, high


def _last_digit(number: float) -> float:
    """The place value of the last non-zero digit: 700 -> 100, 7 -> 1, 1.5 -> 0.1. A round
    factor is as rough as it looks ("a rise of 700%" is printed for anything from 650 to 750).
    """
    step = 1.0
    if number.is_integer():
        while number >= step * 10 and number % (step * 10) == 0:
            step *= 10
        return step
    while not (number / step).is_integer() and step > 1e-6:
        step /= 10
    return step


def _shown(claim: ClaimRecord) -> str:
    text = str((claim.value or {}).get("text") or "").strip()
    figure = interval(claim)
    factor = f"x{figure.middle:g}" if figure is not None else ""
    return f"'{text}' ({factor})" if text else factor


def _figure(claim: ClaimRecord) -> str:
    text = str((claim.value or {}).get("text") or "").strip()
    dated = (claim.qualifiers or {}).get("as_of") or {}
    when = str(dated.get("text") or "").strip() if isinstance(dated, dict) else ""
    return f"{text} in {when}" if when else text
