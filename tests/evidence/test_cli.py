"""`veille evidence ...` end to end through the Typer app."""

from __future__ import annotations

import json
from pathlib import Path

from evidence_helpers import drop_guards, make_jpeg
from sqlalchemy import text
from typer.testing import CliRunner

from veille.cli import app
from veille.store import open_store

runner = CliRunner()


def _run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["evidence", *args])
    return result.exit_code, result.output


def test_add_mark_decide_show_verify(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'ev.db'}"
    files = str(tmp_path / "files")
    photo = make_jpeg(tmp_path / "rozhivka.jpg", lat=50.7, lon=30.7,
                      taken="2024:08:18 09:30:00")
    code, out = _run("add", "ROZ-1", "--by", "EOD team", "--place", "Rozhivka", "--lat", "50.7",
                     "--lon", "30.7", "--date", "2024-08-18", "--file", str(photo),
                     "--files-dir", files, "--db", db)
    assert code == 0, out
    code, out = _run("mark", "ROZ-1", "--text", "113", "--language", "ko", "--db", db)
    assert code == 0 and "Juche year 113 = 2024" in out
    juche_id = next(line.split()[0] for line in out.splitlines() if "Juche year 113" in line)
    code, out = _run("decide", juche_id, "--why", "year marking, Juche calendar", "--db", db)
    assert code == 0 and "recorded" in out
    code, out = _run("component", "ROZ-1", "--part", "LTC2983", "--date-code", "2411",
                     "--date-format", "YYWW", "--designator", "U2", "--db", db)
    assert code == 0 and "Linear Technology" in out
    code, out = _run("custody", "ROZ-1", "--from", "EOD team", "--to", "Lab", "--date",
                     "2024-08-25", "--db", db)
    assert code == 0
    code, out = _run("custody", "ROZ-1", "--from", "EOD team", "--to", "Lab2", "--date",
                     "2024-08-26", "--db", db)
    assert code == 1 and "broken custody chain" in out
    code, out = _run("link", "ROZ-1", "--entity", "Hwasong-11", "--db", db)
    assert code == 0 and "not in the store yet" in out
    code, out = _run("show", "ROZ-1", "--db", db)
    assert code == 0
    assert "[HOLDS] Juche year 113 = 2024" in out
    assert "GPS 50.70000, 30.70000" in out
    assert "Earliest possible assembly: 2024-03-11" in out
    code, out = _run("show", "ROZ-1", "--json", "--db", db)
    assert json.loads(out)["holder"] == "Lab"
    code, out = _run("verify", "--files-dir", files, "--db", db)
    assert code == 0 and "register verifies:" in out and "1 files" in out


def test_verify_fails_on_tampering_and_export_verifies(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'ev.db'}"
    _run("add", "KHA-1", "--by", "EOD", "--date", "2024-01-02", "--db", db)
    _run("mark", "KHA-1", "--text", "112", "--db", db)
    chain = tmp_path / "chain.jsonl"
    code, out = _run("export", "--format", "jsonl", "-o", str(chain), "--db", db)
    assert code == 0
    code, out = _run("verify", "--file", str(chain))
    assert code == 0 and "register verifies" in out
    store = open_store(db)
    with store.session() as session:
        drop_guards(session)
        session.execute(text("UPDATE evidence_records SET created_at = '2020-01-01' "
                             "WHERE seq = 2"))
    store.close()
    code, out = _run("verify", "--db", db)
    assert code == 1
    assert "FAIL record 2: content changed after it was written" in out
    code, out = _run("export", "--format", "xml", "--db", db)
    assert code == 1 and "unknown format" in out


def test_demo_and_unknown_item(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'ev.db'}"
    code, out = _run("demo", "--db", db)
    assert code == 0 and "0 rejected" in out
    code, out = _run("list", "--db", db)
    assert "DEMO-KHA-2024-0001" in out and "DEMO-ROZ-2024-0001" in out
    code, out = _run("show", "NOPE", "--db", db)
    assert code == 1 and "unknown evidence item 'NOPE'" in out
