"""Components: resolving the maker of a part, and dating the item from its parts.

The maker comes from the gazetteer `manufacturers.yaml` (by name or alias, with the part-number
prefix as a second witness). A part cannot be fitted before it was made, so an item's earliest
possible assembly date is the latest of its components' earliest manufacture dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from veille.datafiles import read_yaml
from veille.evidence.register import EvidenceError

MANUFACTURERS_FILE = Path(__file__).with_name("manufacturers.yaml")


@dataclass(frozen=True)
class Manufacturer:
    key: str
    name: str
    country: str
    hq: str
    aliases: tuple[str, ...]
    part_prefixes: tuple[str, ...]
    acquired_by: str | None = None
    note: str | None = None


def _normal(text: str) -> str:
    text = re.sub(r"[^0-9a-z]+", " ", text.casefold())
    text = re.sub(r"\b(inc|incorporated|corp|corporation|co|ltd|gmbh|ag|nv|bv|plc|sa)\b", " ",
                  text)
    return " ".join(text.split())


@cache
def gazetteer() -> dict[str, Manufacturer]:
    with MANUFACTURERS_FILE.open(encoding="utf-8") as handle:
        entries = read_yaml(handle)
    return {e["key"]: Manufacturer(e["key"], e["name"], e["country"], e["hq"],
                                   tuple(str(a) for a in e.get("aliases") or ()),
                                   tuple(str(p) for p in e.get("part_prefixes") or ()),
                                   e.get("acquired_by"), e.get("note")) for e in entries}


@cache
def _name_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for maker in gazetteer().values():
        for written in (maker.key, maker.name, *maker.aliases):
            index.setdefault(_normal(written), maker.key)
    return index


def makers_by_prefix(part_number: str) -> list[tuple[Manufacturer, str]]:
    """Makers whose part-number prefixes the part starts with, longest prefix first."""
    part = part_number.strip().upper()
    found = []
    for maker in gazetteer().values():
        matching = [p for p in maker.part_prefixes if part.startswith(p.upper())]
        if matching:
            found.append((maker, max(matching, key=len)))
    return sorted(found, key=lambda pair: (-len(pair[1]), pair[0].key))


@dataclass
class MakerResolution:
    maker: Manufacturer | None
    reasons: list[str] = field(default_factory=list)


def resolve_maker(maker_text: str | None, part_number: str) -> MakerResolution:
    """The maker of a part, from the name marked or given, else from the part-number prefix."""
    by_prefix = makers_by_prefix(part_number)
    if maker_text:
        key = _normal(maker_text)
        resolved = _name_index().get(key)
        if resolved is None:
            raise EvidenceError(f"unknown manufacturer {maker_text.strip()!r} (not in the gazetteer "
                                "manufacturers.yaml; add it there or give a known name)")
        maker = gazetteer()[resolved]
        reasons = [f"maker '{maker_text}' is {maker.name} ({maker.country}, HQ {maker.hq})"]
        prefix_keys = [m.key for m, _ in by_prefix]
        if by_prefix and maker.key in prefix_keys:
            prefix = {m.key: p for m, p in by_prefix}[maker.key]
            reasons.append(f"part number {part_number} starts with {maker.name}'s prefix "
                           f"'{prefix}'")
        elif by_prefix:
            others = ", ".join(f"{m.name} ('{p}')" for m, p in by_prefix)
            reasons.append(f"note: the part number's prefix suggests {others}, "
                           f"not {maker.name}; check the marking")
        return MakerResolution(maker, _owner_note(maker, reasons))
    if not by_prefix:
        return MakerResolution(None, [f"no maker given and no known prefix in '{part_number}'"])
    best, prefix = by_prefix[0]
    reasons = [(f"maker inferred from the part-number prefix '{prefix}' only: "
               f"{best.name} ({best.country}, HQ {best.hq})")]
    rivals = [f"{m.name} ('{p}')" for m, p in by_prefix[1:]]
    if rivals:
        reasons.append("the part number also fits " + ", ".join(rivals))
    return MakerResolution(best, _owner_note(best, reasons))


def _owner_note(maker: Manufacturer, reasons: list[str]) -> list[str]:
    if maker.acquired_by:
        reasons.append(f"{maker.name} was acquired by {maker.acquired_by}; the country is that "
                       "of the brand marked on the part")
    if maker.note:
        reasons.append(f"{maker.name}: {maker.note}")
    return reasons


# --- dating an item from its parts ----------------------------------------------------------

@dataclass(frozen=True)
class DatedPart:
    """What `earliest_assembly` needs to know of one component."""

    label: str
    maker: str | None
    country: str | None
    date_code: str | None
    readings: tuple[tuple[str, date | None], ...]  # (label, earliest), best-supported first
    held: tuple[str, date | None, str] | None  # (label, earliest, why) of the decided reading


@dataclass
class AssemblyDate:
    earliest: date | None
    set_by: str | None
    lines: list[str]


def earliest_assembly(parts: list[DatedPart]) -> AssemblyDate:
    """Latest of the parts' earliest manufacture dates, with one line of reasoning per part."""
    lines: list[str] = []
    bound: date | None = None
    set_by: str | None = None
    for part in parts:
        who = f"{part.label} ({part.maker or 'unknown maker'}" + \
              (f", {part.country})" if part.country else ")")
        if part.held is not None:
            label, earliest, why = part.held
            lines.append(f"{who}: {label}, held by decision ({why}): made no earlier than "
                         f"{earliest}")
        elif not part.date_code:
            lines.append(f"{who}: no date code, sets no bound")
            continue
        elif not part.readings:
            lines.append(f"{who}: date code {part.date_code} has no plausible reading, "
                         "sets no bound")
            continue
        else:
            dated = [(label, start) for label, start in part.readings if start]
            label, earliest = min(dated, key=lambda pair: pair[1])
            if len(dated) > 1:
                best_label, best_start = dated[0]
                lines.append(f"{who}: date code {part.date_code} has {len(dated)} readings "
                             f"and no decision; taking the earliest, {label}: made no earlier "
                             f"than {earliest} (best-supported: {best_label}, {best_start})")
            else:
                lines.append(f"{who}: {label}: made no earlier than {earliest}")
        if earliest is not None and (bound is None or earliest > bound):
            bound, set_by = earliest, part.label
    if bound is None:
        lines.append("No component gives a date: the assembly date is not bounded by parts.")
    else:
        lines.append(f"Earliest possible assembly: {bound}, set by {set_by} "
                     "(no part can be fitted before it was made).")
    return AssemblyDate(bound, set_by, lines)


def component_summary(countries: list[str | None]) -> dict[str, Any]:
    known = sorted({c for c in countries if c})
    return {"countries": known, "count": len(known)}
