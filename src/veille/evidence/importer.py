"""Bulk import of evidence registers from CSV or JSON.

A register is a list of rows, each with a `type` (item, file, custody, marking, component,
decision, link) and the fields of that type; JSON may instead nest custody, markings,
components, links and files under each item. Every row is applied in its own savepoint: a bad
row gives one line naming the file, the row and the field, and the rest of the batch goes on.
Importing the same register twice adds nothing (ids are derived from content).
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from veille.evidence.decisions import decide, find_reading
from veille.evidence.files import FileStore
from veille.evidence.items import add_custody, add_item, attach_file, require_item
from veille.evidence.links import add_link
from veille.evidence.markings import add_marking
from veille.evidence.parts import add_component
from veille.evidence.register import EvidenceError
from veille.store import evidence as queries

ROW_TYPES = ("item", "file", "custody", "marking", "component", "decision", "link")
COLUMNS = ("type", "item", "kind", "place", "lat", "lon", "date", "recovered_by",
           "description", "files", "file", "from", "to", "note", "text", "script", "language",
           "location", "designator", "part", "maker", "date_code", "date_format", "decide",
           "why", "by", "marking", "component", "reading", "slot", "claim", "entity", "stance")
NESTED = {"custody": "custody", "markings": "marking", "components": "component",
          "links": "link", "decisions": "decision"}


@dataclass
class ImportReport:
    added: Counter[str] = field(default_factory=Counter)
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _text(row: dict[str, Any], key: str) -> str | None:
    value = row.get(key)
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _required(row: dict[str, Any], key: str) -> str:
    value = _text(row, key)
    if value is None:
        raise EvidenceError(f"{key}: missing")
    return value


# --- reading registers ----------------------------------------------------------------------

def _csv_rows(path: Path, report: ImportReport) -> Iterator[tuple[str, dict[str, Any]]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        unknown = [c for c in reader.fieldnames or () if c not in COLUMNS]
        if unknown:
            report.warnings.append(f"{path.name}: unknown columns ignored: {', '.join(unknown)}")
        for row in reader:
            yield f"line {reader.line_num}", row


def _flatten_item(item: dict[str, Any], where: str) -> Iterator[tuple[str, dict[str, Any]]]:
    place = item.get("place")
    row = {k: v for k, v in item.items() if k not in NESTED and k not in ("place", "files")}
    row["type"] = "item"
    if isinstance(place, dict):
        row.update({"place": place.get("name"), "lat": place.get("lat"),
                    "lon": place.get("lon")})
    else:
        row["place"] = place
    row["item"] = item.get("label") or item.get("item")
    yield where, row
    for index, name in enumerate(item.get("files") or ()):
        yield f"{where}.files[{index}]", {"type": "file", "item": row["item"], "file": name}
    for key, row_type in NESTED.items():
        for index, child in enumerate(item.get(key) or ()):
            if not isinstance(child, dict):
                yield f"{where}.{key}[{index}]", {"type": "invalid"}
                continue
            yield f"{where}.{key}[{index}]", {**child, "type": row_type, "item": row["item"]}


def _json_rows(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    with path.open(encoding="utf-8") as handle:
        try:
            data = json.load(handle)
        except json.JSONDecodeError as error:
            raise EvidenceError(f"{path.name}: not valid JSON ({error.msg} at line "
                                f"{error.lineno})") from None
    if isinstance(data, dict) and "items" in data:
        for index, item in enumerate(data["items"]):
            if isinstance(item, dict):
                yield from _flatten_item(item, f"items[{index}]")
            else:
                yield f"items[{index}]", {"type": "invalid"}
        return
    rows = data.get("records") if isinstance(data, dict) else data
    if not isinstance(rows, list):
        raise EvidenceError(f"{path.name}: expected a list of rows, or an object with "
                            "'items' or 'records'")
    for index, row in enumerate(rows):
        yield f"records[{index}]", row if isinstance(row, dict) else {"type": "invalid"}


def register_rows(path: Path, report: ImportReport) -> Iterator[tuple[str, dict[str, Any]]]:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _csv_rows(path, report)
    if suffix == ".json":
        return _json_rows(path)
    raise EvidenceError(f"{path.name}: unknown register format '{suffix}' (use .csv or .json)")


# --- applying rows --------------------------------------------------------------------------

def _subject(session: Session, row: dict[str, Any], item_id: str) -> str:
    """The marking or component a decision row is about, by id, text, designator or part."""
    if marking := _text(row, "marking"):
        for candidate in queries.markings_of(session, item_id):
            if marking in (candidate.id, candidate.text):
                return candidate.id
        raise EvidenceError(f"marking: no marking '{marking}' on this item")
    if component := _text(row, "component"):
        for part in queries.components_of(session, item_id):
            if component in (part.id, part.designator, part.part_number):
                return part.id
        raise EvidenceError(f"component: no component '{component}' on this item")
    raise EvidenceError("marking/component: a decision must name what it decides on")


def _decide_inline(session: Session, row: dict[str, Any], subject_id: str,
                   created_at: str | None) -> bool:
    wanted = _text(row, "decide")
    if wanted is None:
        return False
    reading_id = find_reading(session, subject_id, wanted)
    current = queries.current_decision(session, subject_id)
    if current is not None and current.reading_id == reading_id:
        return False
    decide(session, reading_id, _required(row, "why"), _text(row, "by") or "analyst",
           created_at)
    return True


def apply_row(session: Session, row: dict[str, Any], files: FileStore, base: Path,
              created_at: str | None = None) -> tuple[bool, list[str]]:
    """Write one register row; returns (something new was written, warnings)."""
    row_type = _text(row, "type")
    if row_type not in ROW_TYPES:
        raise EvidenceError(f"type: unknown row type '{row.get('type')}' "
                            f"(use {', '.join(ROW_TYPES)})")
    item_ref = _required(row, "item")
    if row_type == "item":
        added = add_item(session, label=item_ref, kind=_text(row, "kind") or "debris",
                         recovered_by=_required(row, "recovered_by"),
                         found_on=_text(row, "date"), place=_text(row, "place"),
                         lat=row.get("lat"), lon=row.get("lon"),
                         description=_text(row, "description"), created_at=created_at)
        new = added.new
        for name in (_text(row, "files") or "").split(";"):
            if name.strip():
                new |= attach_file(session, files, item_ref, base / name.strip(),
                                   created_at).new
        return new, []
    if row_type == "file":
        return attach_file(session, files, item_ref, base / _required(row, "file"),
                           created_at).new, []
    if row_type == "custody":
        return add_custody(session, item_ref, _required(row, "from"), _required(row, "to"),
                           _required(row, "date"), _text(row, "note"), created_at).new, []
    if row_type == "marking":
        marking = add_marking(session, item_ref, _required(row, "text"), _text(row, "script"),
                              _text(row, "language"), _text(row, "location"),
                              _text(row, "note"), created_at)
        decided = _decide_inline(session, row, marking.id, created_at)
        return marking.new or decided, []
    if row_type == "component":
        part = add_component(session, item_ref, _required(row, "part"), _text(row, "maker"),
                             _text(row, "date_code"), _text(row, "designator"),
                             _text(row, "date_format"), created_at)
        decided = _decide_inline(session, row, part.id, created_at)
        return part.new or decided, []
    if row_type == "decision":
        item = require_item(session, item_ref)
        subject_id = _subject(session, row, item.id)
        row = {**row, "decide": _text(row, "reading") or _text(row, "decide")}
        return _decide_inline(session, row, subject_id, created_at), []
    targets = [(kind, _text(row, kind)) for kind in ("slot", "claim", "entity")
               if _text(row, kind)]
    if len(targets) != 1:
        raise EvidenceError("slot/claim/entity: a link needs exactly one target")
    kind, target = targets[0]
    assert target is not None
    link = add_link(session, item_ref, kind, target, _text(row, "stance"), _text(row, "note"),
                    created_at)
    return link.new, link.warnings


def import_register(session: Session, path: Path, files: FileStore,
                    created_at: str | None = None) -> ImportReport:
    """Apply every row of a register file; bad rows are reported and skipped."""
    report = ImportReport()
    path = Path(path)
    if not path.is_file():
        report.errors.append(f"{path}: no such file")
        return report
    try:
        rows = list(register_rows(path, report))
    except (EvidenceError, UnicodeDecodeError, csv.Error) as error:
        report.errors.append(f"{path.name}: {error}" if not str(error).startswith(path.name)
                             else str(error))
        return report
    for where, row in rows:
        label = f"{path.name}: {where}" + (f" ({row.get('type')})" if row.get("type") else "")
        try:
            with session.begin_nested():
                new, warnings = apply_row(session, row, files, path.parent, created_at)
        except EvidenceError as error:
            report.errors.append(f"{label}: {error}")
            continue
        report.warnings.extend(f"{label}: {warning}" for warning in warnings)
        if new:
            report.added[str(row["type"])] += 1
        else:
            report.unchanged += 1
    return report
