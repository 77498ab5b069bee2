"""The corroborate stage on a store filled by hand: slots, flags, grades, idempotent re-runs
that keep analysts' decisions, and the CLI and exports that read the results."""

from __future__ import annotations

import json
from datetime import datetime

from typer.testing import CliRunner

from veille.cli import app
from veille.corroborate.stage import run
from veille.export import EXPORTERS
from veille.ids import stable_id
from veille.store import corroboration as queries
from veille.store import open_store
from veille.store.models import Claim, Document, Entity, Flag, Slot, Source, Story

CNS = [{"name": "CNS", "role": "organisation", "entity_id": "ent_cns", "cue": "said"},
       {"name": "Harbor", "role": "document_source", "entity_id": None, "cue": None}]


def _document(session, external_id: str, day: int, source: str, copy_of: str | None = None,
              copy_kind: str | None = None) -> str:
    source_id = stable_id("src_", source)
    if session.get(Source, source_id) is None:
        session.add(Source(id=source_id, name=source))
        session.flush()
    document_id = stable_id("doc_", external_id)
    session.add(Document(id=document_id, external_id=external_id, sha256=stable_id("", external_id),
                         source_id=source_id, text="text " * 20, language="en",
                         published=datetime(2024, 11, day), ingested_at=datetime(2024, 12, 1),
                         story_id=None, copy_of=copy_of, copy_kind=copy_kind))
    session.flush()
    return document_id


def _claim(session, document_id: str, low: float, high: float, text: str, *, start: int = 0,
           modality: str = "estimated", quoted: bool = False) -> str:
    claim_id = stable_id("clm_", document_id, start)
    session.add(Claim(id=claim_id, document_id=document_id, start=start, end=start + 30,
                      quote=text, subject="new assembly building (February 11 Plant)",
                      subject_entity_id=None, property="size_ratio",
                      value={"low": low, "high": high, "bound": "=", "text": text},
                      unit="ratio", reference="existing main building",
                      qualifiers={"quoted": True} if quoted else {},
                      attribution=CNS, modality=modality, confidence=0.8))
    return claim_id


def _fill(store) -> dict[str, str]:
    with store.session() as session:
        session.add(Entity(id="ent_cns", name="CNS", type="ORG"))
        wire = _document(session, "wire", 1, "Harbor")
        faithful = _document(session, "faithful", 2, "Gazette", wire, "translation")
        inverted = _document(session, "inverted", 3, "Ledger", wire, "rewrite")
        ids = {"wire": _claim(session, wire, 0.6, 0.7, "60-70% the size", quoted=True),
               "faithful": _claim(session, faithful, 0.6, 0.7, "30 à 40 % plus petit"),
               "inverted": _claim(session, inverted, 1.6, 1.7, "60-70% larger")}
    return ids


def test_stage_writes_slots_and_flags_and_keeps_decisions(tmp_path):
    store = open_store(f"sqlite:///{tmp_path}/t.db")
    ids = _fill(store)
    assert run(store) == 3
    with store.session() as session:
        slots = list(session.query(Slot))
        assert len(slots) == 1 and slots[0].independent_origins == 1
        assert slots[0].primary_source == "CNS"
        assert (slots[0].summary or {})["origin_doc_id"] == "wire"
        assert all(c.slot_id == slots[0].id for c in session.query(Claim))
        flags = list(session.query(Flag))
        assert [(f.kind, f.claim_id) for f in flags] == [("comparison_inverted", ids["inverted"])]
        flags[0].status, flags[0].decided_by = "accepted", "analyst"
        flag_id = flags[0].id
    run(store)
    with store.session() as session:
        again = session.get(Flag, flag_id)
        assert again is not None and again.status == "accepted" and again.decided_by == "analyst"
        assert session.query(Flag).count() == 1 and session.query(Slot).count() == 1
        assert {s.name: s.reliability for s in session.query(Source)} == {
            "Harbor": "F", "Gazette": "F", "Ledger": "F"}
        rows = queries.list_flags(session, kind="comparison_inverted")
        assert [(doc, reference) for _, doc, reference in rows] == [("inverted", "wire")]


def test_cli_and_exports_read_the_results(tmp_path):
    import veille.export.registry  # noqa: F401

    url = f"sqlite:///{tmp_path}/t.db"
    store = open_store(url)
    ids = _fill(store)
    run(store)
    runner = CliRunner()
    traced = runner.invoke(app, ["trace", ids["inverted"], "--db", url])
    assert traced.exit_code == 0, traced.output
    assert "comparison_inverted" in traced.output and "wire" in traced.output
    listed = runner.invoke(app, ["flags", "--kind", "comparison_inverted", "--db", url])
    assert listed.exit_code == 0 and "1 flag(s)" in listed.output
    assert runner.invoke(app, ["flags", "--kind", "nonsense", "--db", url]).exit_code != 0
    assert runner.invoke(app, ["trace", "clm_missing", "--db", url]).exit_code != 0
    slots = list(EXPORTERS["slots"](store))
    assert slots[0]["independent_origins"] == 1 and len(slots[0]["claim_ids"]) == 3
    json.dumps(slots)
    flags = list(EXPORTERS["flags"](store))
    assert flags[0]["doc_id"] == "inverted" and flags[0]["reference_doc_id"] == "wire"


def test_trace_shows_each_version_once_when_a_document_has_several(tmp_path):
    url = f"sqlite:///{tmp_path}/t.db"
    store = open_store(url)
    ids = _fill(store)
    with store.session() as session:  # the wire says the figure again in its last paragraph
        again = _claim(session, stable_id("doc_", "wire"), 0.6, 0.7, "60 to 70 percent",
                       start=60)
    run(store)
    traced = CliRunner().invoke(app, ["trace", ids["inverted"], "--db", url])
    assert traced.exit_code == 0, traced.output
    assert traced.output.count("“60 to 70 percent”") == 1 and again != ids["wire"]
    assert traced.output.count("“60-70% the size”") == 1
    assert traced.output.count("“60-70% larger”") == 1
    assert traced.output.count("· quoted") == 1  # the wire's version is in quotation marks


def test_versions_of_one_series_are_compared_across_stories(tmp_path):
    """Two reports of one output series, placed in different stories: the one whose own
    growth factor fits the other's figures has the drifted figure."""
    store = open_store(f"sqlite:///{tmp_path}/t.db")

    def output(document_id: str, start: int, figure: float, year: int, text: str,
               prop: str = "production_rate") -> str:
        claim_id = stable_id("clm_", document_id, start)
        as_of = {"low": f"{year}-01-01", "high": f"{year}-12-31", "granularity": "year",
                 "text": str(year)}
        session.add(Claim(
            id=claim_id, document_id=document_id, start=start, end=start + 10, quote=text,
            subject="Vesna-4", subject_entity_id="ent_vesna", property=prop,
            value={"low": figure, "high": figure, "bound": "=", "text": text},
            unit="ratio" if prop == "production_change" else None, reference=None,
            qualifiers={} if prop == "production_change" else {"per": "year", "as_of": as_of},
            attribution=CNS, modality="asserted", confidence=0.85))
        return claim_id

    with store.session() as session:
        session.add(Entity(id="ent_vesna", name="Vesna-4", type="WEAPON"))
        for story in ("sto_source", "sto_rewrite"):
            session.add(Story(id=story, size=1))
        source = _document(session, "source", 1, "Harbor")
        rewrite = _document(session, "rewrite", 2, "Ledger")
        session.get(Document, source).story_id = "sto_source"
        session.get(Document, rewrite).story_id = "sto_rewrite"
        output(source, 0, 56, 2021, "56")
        kept = output(source, 20, 420, 2023, "420")
        output(source, 40, 8, 2023, "eight times", "production_change")
        output(rewrite, 0, 56, 2021, "56")
        drifted = output(rewrite, 20, 460, 2023, "460")
        output(rewrite, 40, 7, 2023, "seven times", "production_change")
    run(store)
    with store.session() as session:
        found = {(flag.claim_id, flag.reference_claim_id) for flag in session.query(Flag)
                 if flag.reason.startswith("460 in 2023 here")}
    assert found == {(drifted, kept)}
