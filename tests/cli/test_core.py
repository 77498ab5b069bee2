from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from veille.cli import app

runner = CliRunner()


def test_ingest_export_and_exit_codes(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps({"id": "g1", "text": "Hwasong-11 debris was found in Kharkiv.",
                                "published": "2024-02-07", "source": "Harbor Wire"}), "utf-8")
    result = runner.invoke(app, ["ingest", str(good), "--db", db])
    assert result.exit_code == 0, result.output
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    result = runner.invoke(app, ["ingest", str(bad), str(good), "--db", db])
    assert result.exit_code == 1
    assert "empty file" in result.output and "0 new, 1 unchanged, 1 failed" in result.output
    result = runner.invoke(app, ["export", "documents", "--format", "jsonl", "--db", db])
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert rows[0]["doc_id"] == "g1" and rows[0]["published"].startswith("2024-02-07")
    result = runner.invoke(app, ["export", "nonsense", "--db", db])
    assert result.exit_code == 1 and "unknown export kind" in result.output


def test_csv_export(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    source = tmp_path / "a.txt"
    source.write_text("Title line\n\nBody, with a comma.", "utf-8")
    runner.invoke(app, ["ingest", str(source), "--db", db])
    out = tmp_path / "docs.csv"
    result = runner.invoke(app, ["export", "documents", "-f", "csv", "-o", str(out), "--db", db])
    assert result.exit_code == 0
    header, first = out.read_text("utf-8").splitlines()[:2]
    assert header.startswith("doc_id,sha256,title") and first.startswith("a,")
