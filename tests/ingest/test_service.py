from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import func, select

from veille.ingest.service import ingest_paths
from veille.store import Store
from veille.store.models import Document, Source


def _count(store: Store) -> int:
    with store.session() as session:
        return session.scalar(select(func.count()).select_from(Document)) or 0


def test_seeds_ingest_once(store: Store, shared_dir: Path) -> None:
    first = ingest_paths(store, [shared_dir / "seeds"])
    assert first.added == 5 and first.failed == 0
    again = ingest_paths(store, [shared_dir / "seeds"])
    assert again.added == 0 and again.unchanged == 5
    with store.session() as session:
        languages = set(session.scalars(select(Document.language)))
        shas = list(session.scalars(select(Document.sha256)))
    assert languages == {"fr"}
    assert len(set(shas)) == 5 and _count(store) == 5


def test_bad_inputs_do_not_stop_the_batch_or_lose_data(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("North Korea shipped containers to Russia.", "utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x00\xff\x00\xfe")
    (folder / "bad.jsonl").write_text(
        json.dumps({"id": "j1", "text": "Kim Jong-un visited a munitions factory."}) + "\n{oops\n",
        "utf-8")
    summary = ingest_paths(store, [folder, tmp_path / "missing.txt"])
    assert summary.added == 2
    assert summary.failed == 4
    assert any("missing.txt: no such file" in e for e in summary.errors)
    before = _count(store)
    ingest_paths(store, [folder])
    assert _count(store) == before == 2


def test_reused_jsonl_id_with_new_content_is_refused(store: Store, tmp_path: Path) -> None:
    first = tmp_path / "one.jsonl"
    first.write_text(json.dumps({"id": "x", "text": "first version"}), "utf-8")
    second = tmp_path / "two.jsonl"
    second.write_text(json.dumps({"id": "x", "text": "second version"}), "utf-8")
    assert ingest_paths(store, [first]).added == 1
    summary = ingest_paths(store, [second])
    assert summary.added == 0 and "already stored" in summary.errors[0]
    with store.session() as session:
        assert session.scalar(select(Document.text)) == "first version"


def test_sources_and_language_detection(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in [
        {"id": "ru1", "text": "Северная Корея передала России ракеты малой дальности.",
         "url": "https://www.example.ru/news/1"},
        {"id": "ko1", "text": "북한이 러시아에 탄도미사일을 보냈다고 국방부가 밝혔다.", "source": "Seoul Signal"},
    ]), "utf-8")
    ingest_paths(store, [path])
    with store.session() as session:
        rows = dict(session.execute(select(Document.external_id, Document.language)).all())
        sources = set(session.scalars(select(Source.name)))
    assert rows == {"ru1": "ru", "ko1": "ko"}
    assert sources == {"example.ru", "Seoul Signal"}
