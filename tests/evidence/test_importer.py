"""Bulk import: bad rows give one line naming file, row and field, and the batch goes on."""

from __future__ import annotations

import json
from pathlib import Path

from evidence_helpers import make_jpeg
from sqlalchemy.orm import Session

from veille.evidence.export import register_rows
from veille.evidence.files import FileStore
from veille.evidence.importer import import_register
from veille.evidence.publish import item_record
from veille.evidence.register import verify_register
from veille.store import evidence as queries

FIXTURES = Path(__file__).parent / "fixtures"
DEMO = Path(__file__).resolve().parents[2] / "src" / "veille" / "evidence" / "demo" / \
    "register.json"


def test_errors_are_one_line_each_and_the_batch_goes_on(session: Session,
                                                        files: FileStore) -> None:
    report = import_register(session, FIXTURES / "mixed_register.csv", files)
    assert report.errors == [
        ("mixed_register.csv: line 3 (custody): T-1: custody event on 2023-12-30 is before "
        "the recovery on 2024-01-02"),
        ("mixed_register.csv: line 5 (custody): T-1: broken custody chain: handover from "
        "'EOD team', who did not hold the item (held by 'Police' since 2024-01-03)"),
        ("mixed_register.csv: line 6 (custody): T-1: custody event on 2024-01-02 is before "
        "the previous handover on 2024-01-03"),
        ("mixed_register.csv: line 8 (item): date: impossible date '2024-02-30' "
        "(expected YYYY-MM-DD)"),
        ("mixed_register.csv: line 9 (component): unknown manufacturer 'Acme Widgets' (not in "
        "the gazetteer manufacturers.yaml; add it there or give a known name)"),
        ("mixed_register.csv: line 10 (component): date_code: '9999' gives no possible date "
        "(YYWW, YYWW+suffix, YYYYWW, YWW, YYMM, WWYY, YYYY-MM; none on or before 2024-01-02)"),
        ("mixed_register.csv: line 12 (marking): script: unknown script 'klingon' "
        "(use latin, hangul, cyrillic, han, arabic, digits)"),
        ("mixed_register.csv: line 14 (rumour): type: unknown row type 'rumour' "
        "(use item, file, custody, marking, component, decision, link)"),
        "mixed_register.csv: line 15 (link): unknown evidence item 'T-9'",
    ]
    assert report.warnings[0] == "mixed_register.csv: unknown columns ignored: colour"
    assert report.added == {"item": 1, "custody": 2, "component": 1, "marking": 1, "link": 1}
    item = queries.find_item(session, "T-1")
    assert item.holder == "Lab"
    assert [(e.from_party, e.to_party) for e in queries.custody_of(session, item.id)] == [
        ("EOD team", "Police"), ("Police", "Lab")]
    (part,) = queries.components_of(session, item.id)
    assert part.earliest.isoformat() == "2023-01-29"  # the YYWW decision holds
    assert verify_register(session).ok


def test_reimport_adds_nothing(session: Session, files: FileStore) -> None:
    import_register(session, FIXTURES / "mixed_register.csv", files)
    records = queries.count_records(session)
    again = import_register(session, FIXTURES / "mixed_register.csv", files)
    assert sum(again.added.values()) == 0 and again.unchanged == 6
    assert queries.count_records(session) == records


def test_nested_json_with_files(session: Session, files: FileStore, tmp_path: Path) -> None:
    make_jpeg(tmp_path / "site.jpg", lat=50.7, lon=30.7, taken="2024:08:18 09:00:00")
    register = tmp_path / "reg.json"
    register.write_text(json.dumps({"items": [{
        "label": "ROZ-1", "kind": "debris", "date": "2024-08-18", "recovered_by": "EOD",
        "place": {"name": "Rozhivka", "lat": 50.7, "lon": 30.7}, "files": ["site.jpg"],
        "markings": [{"text": "113", "script": "digits", "decide": "juche", "why": "Juche"}],
        "custody": [{"from": "EOD", "to": "Lab", "date": "2024-08-20"}, "not a dict"],
    }]}), encoding="utf-8")
    report = import_register(session, register, files)
    assert report.errors == [("reg.json: items[0].custody[1] (invalid): type: unknown row type "
                             "'invalid' (use item, file, custody, marking, component, decision, "
                             "link)")]
    record = item_record(session, queries.find_item(session, "ROZ-1"))
    assert record["files"][0]["meta"]["gps"]["lat"] == 50.7
    assert record["markings"][0]["held_reading"] == "Juche year 113 = 2024"
    assert record["holder"] == "Lab"


def test_unreadable_registers(session: Session, files: FileStore, tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    assert import_register(session, broken, files).errors[0].startswith(
        "broken.json: not valid JSON")
    other = tmp_path / "reg.xlsx"
    other.write_text("x")
    assert "unknown register format '.xlsx'" in import_register(session, other, files).errors[0]
    assert import_register(session, tmp_path / "none.csv", files).errors[0].endswith(
        "no such file")


def test_demo_register_and_csv_round_trip(session: Session, files: FileStore,
                                          tmp_path: Path, sqlite_store) -> None:
    report = import_register(session, DEMO, files)
    assert report.errors == []
    kharkiv = item_record(session, queries.find_item(session, "DEMO-KHA-2024-0001"))
    assert kharkiv["earliest_assembly"] == "2023-07-02"
    facts = {fact["property"]: fact for fact in kharkiv["facts"]}
    assert facts["component_origin"]["value"] == ["DE", "NL", "US"]
    assert facts["manufacture_date"]["value"] == {"low": "2023-01-01", "high": "2023-12-31"}
    rozhivka = item_record(session, queries.find_item(session, "DEMO-ROZ-2024-0001"))
    assert rozhivka["markings"][0]["held_reading"] == "Juche year 113 = 2024"

    import csv
    exported = tmp_path / "out.csv"
    with exported.open("w", newline="", encoding="utf-8") as handle:
        rows = list(register_rows(session))
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    from veille.store import open_store

    other = open_store(f"sqlite:///{tmp_path / 'other.db'}")
    with other.session() as copy:
        assert import_register(copy, exported, files).errors == []
        again = item_record(copy, queries.find_item(copy, "DEMO-KHA-2024-0001"))
    other.close()
    assert again == kharkiv
