"""Write exporter rows as JSON lines or CSV (nested values become JSON text in CSV cells)."""

from __future__ import annotations

import csv
import json
from typing import Any, TextIO

from veille.export import Rows


def _cell(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def write_rows(rows: Rows, output: TextIO, fmt: str) -> int:
    """Write rows in `fmt` ("jsonl" or "csv"); returns how many were written."""
    count = 0
    if fmt == "jsonl":
        for row in rows:
            output.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
            count += 1
        return count
    if fmt != "csv":
        raise ValueError(f"unknown format '{fmt}' (use jsonl or csv)")
    writer: csv.DictWriter[str] | None = None
    for row in rows:
        if writer is None:
            writer = csv.DictWriter(output, fieldnames=list(row.keys()), extrasaction="ignore")
            writer.writeheader()
        writer.writerow({key: _cell(value) for key, value in row.items()})
        count += 1
    return count
