"""The foundation's acceptance path on the seed articles:
`veille ingest ../shared/seeds && veille analyze && veille export mentions --format jsonl`."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from veille.cli import app

runner = CliRunner()
EXPECTED = {  # gazetteer entity name -> a written form the seeds use for it
    "Kim Jong-un": "Kim Jong-un",
    "Hamhung": "Hamhung",
    "KN-23": "KN-23",
    "James Martin Center for Nonproliferation Studies": "CNS",
    "Kursk": "Koursk",
    "Pyongyang": "Pyongyang",
}


def test_seeds_ingest_analyze_export_mentions(tmp_path: Path, shared_dir: Path) -> None:
    db = f"sqlite:///{tmp_path / 'seeds.db'}"
    seeds = shared_dir / "seeds"
    assert runner.invoke(app, ["ingest", str(seeds), "--db", db]).exit_code == 0
    analysed = runner.invoke(app, ["analyze", "--db", db])
    assert analysed.exit_code == 0, analysed.output
    exported = runner.invoke(app, ["export", "mentions", "--format", "jsonl", "--db", db])
    mentions = [json.loads(line) for line in exported.stdout.splitlines() if line.startswith("{")]
    texts = {path.stem: path.read_text("utf-8").replace("\r\n", "\n").strip()
             for path in seeds.glob("*.txt")}
    by_entity: dict[str, list[dict]] = {}
    for mention in mentions:
        assert texts[mention["doc_id"]][mention["start"]:mention["end"]] == mention["text"]
        by_entity.setdefault(mention["entity_name"], []).append(mention)
    for entity, written in EXPECTED.items():
        assert entity in by_entity, f"no mention linked to {entity}"
        assert any(written in m["text"] for m in by_entity[entity]), (entity, written)
    hwasong = [m["text"] for m in by_entity["KN-23"]]
    assert any("Hwasong-11" in text for text in hwasong), hwasong

    again = runner.invoke(app, ["ingest", str(seeds), "--db", db])
    assert "0 new, 5 unchanged" in again.output
    rerun = runner.invoke(app, ["analyze", "--db", db])
    assert rerun.exit_code == 0
    after = runner.invoke(app, ["export", "mentions", "--format", "jsonl", "--db", db])
    assert after.stdout == exported.stdout
