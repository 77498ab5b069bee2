"""Entity mentions: gazetteer matching in every script, spaCy NER, linking, and the stage."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest

from veille.extract.entities import FoundMention, compute_entities, find_entities
from veille.extract.stage_entities import save_entities
from veille.pipeline import DocumentInput
from veille.store import Store
from veille.store import entities as entity_queries
from veille.store.models import Alias, Document, Mention


def _doc(text: str, language: str | None, doc_id: str = "doc-1") -> DocumentInput:
    return DocumentInput(id=doc_id, external_id=doc_id, text=text, language=language,
                         published=None, source=None, title=None)


def _by_key(mentions: list[FoundMention]) -> dict[str | None, list[FoundMention]]:
    grouped: dict[str | None, list[FoundMention]] = {}
    for mention in mentions:
        grouped.setdefault(mention.gazetteer_key, []).append(mention)
    return grouped


def _assert_exact_spans(text: str, mentions: list[FoundMention]) -> None:
    for mention in mentions:
        assert text[mention.start:mention.end] == mention.text
    for left, right in pairwise(mentions):
        assert left.end <= right.start, "mentions must not overlap"


SEED_EXPECTED = {
    "kim-jong-un": {"Kim Jong-un"},
    "hamhung": {"Hamhung"},
    "kn-23": {"KN-23", "Hwasong-11"},
    "cns": {"CNS", "Centre James Martin d’études sur la non-prolifération",
            "Centre James Martin\u00a0pour les études de non-prolifération"},
    "kursk": {"Koursk", "région de Koursk"},
    "pyongyang": {"Pyongyang"},
}


def test_seed_articles_name_the_case_entities(shared_dir: Path) -> None:
    found: dict[str, set[str]] = {}
    for path in sorted((shared_dir / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        mentions = compute_entities(_doc(text, "fr", path.stem))
        _assert_exact_spans(text, mentions)
        for mention in mentions:
            if mention.gazetteer_key:
                found.setdefault(mention.gazetteer_key, set()).add(mention.text)
    for key, forms in SEED_EXPECTED.items():
        assert key in found, f"{key} not found in the seeds"
        assert found[key] <= forms | found[key] and found[key] & forms, (key, found[key])


def test_russian_text_matches_inflected_aliases() -> None:
    text = "Ракеты КН-23 (Хвасон-11) летели из Курска, сообщил Буданов агентству Рейтер."
    grouped = _by_key(find_entities(text, "ru"))
    assert [m.text for m in grouped["kn-23"]] == ["КН-23", "Хвасон-11"]
    assert [m.text for m in grouped["kursk"]] == ["Курска"]
    assert [m.text for m in grouped["kyrylo-budanov"]] == ["Буданов"]
    assert grouped["reuters"][0].label == "ORG"


def test_korean_and_japanese_match_without_word_boundaries() -> None:
    korean = "북한은 화성-11가를 러시아에 보냈다고 샘 레어 연구원이 말했다."
    grouped = _by_key(find_entities(korean, "ko"))
    assert [m.text for m in grouped["north-korea"]] == ["북한"]
    assert [m.text for m in grouped["kn-23"]] == ["화성-11가"]
    assert [m.text for m in grouped["russia"]] == ["러시아"]
    assert [m.text for m in grouped["sam-lair"]] == ["샘 레어"]
    japanese = "北朝鮮がロシアにミサイルを送った。"
    keys = [m.gazetteer_key for m in find_entities(japanese, "ja")]
    assert keys == ["north-korea", "russia"]


def test_acronyms_match_only_in_capitals_and_names_need_a_capital() -> None:
    assert find_entities("The car stopped in the lair of the ap.", "xx") == []
    grouped = _by_key(find_entities("CAR and AP spoke to Lair.", "xx"))
    assert set(grouped) == {"conflict-armament-research", "associated-press", "sam-lair"}


def test_german_names_link_without_a_german_model() -> None:
    text = "Laut Kirill Budanov, dem Leiter des Geheimdienstes, kamen Fateh-360-Raketen an."
    mentions = find_entities(text, "de")
    grouped = _by_key(mentions)
    assert [m.text for m in grouped["kyrylo-budanov"]] == ["Kirill Budanov"]
    assert [m.text for m in grouped["fath-360"]] == ["Fateh-360"]
    assert all(m.gazetteer_key for m in mentions), "capitalised words link or are dropped"


def test_english_ner_links_misspellings_and_acronym_long_forms() -> None:
    text = ("Kyrylo Budano cited an American Institute of Science and National Security (ISIS) "
            "had seen X-101 cruise missiles. Jane Doerwald of Acme Widgets disagreed.")
    mentions = find_entities(text, "en")
    _assert_exact_spans(text, mentions)
    by_text = {m.text: m for m in mentions}
    budanov = by_text["Kyrylo Budano"]
    assert budanov.gazetteer_key == "kyrylo-budanov" and budanov.method == "fuzzy"
    assert 0.88 <= (budanov.link_score or 0) < 1
    institute = by_text["American Institute of Science and National Security"]
    assert institute.gazetteer_key == "isis-think-tank" and institute.method == "acronym"
    assert by_text["X-101"].gazetteer_key == "kh-101"
    assert by_text["Jane Doerwald"].gazetteer_key is None  # unknown people stay unknown
    assert by_text["Jane Doerwald"].label == "PER"


def test_french_unknown_names_stay_unknown_and_places_are_geocoded() -> None:
    text = "Jean-Baptiste Morvan a rencontré Kim Jong-un à Poltava puis à Bruxelles. Selon l’agence, Kim a demandé de nouvelles usines."
    mentions = find_entities(text, "fr")
    _assert_exact_spans(text, mentions)
    by_text = {m.text: m for m in mentions}
    assert by_text["Jean-Baptiste Morvan"].gazetteer_key is None
    assert by_text["Kim Jong-un"].gazetteer_key == "kim-jong-un"
    assert by_text["Kim"].gazetteer_key == "kim-jong-un" and by_text["Kim"].method == "coreference"
    brussels = by_text["Bruxelles"]
    assert brussels.gazetteer_key is None and brussels.country == "BE"
    assert brussels.latitude == pytest.approx(50.85, abs=0.1)


def test_gazetteer_wins_over_an_overlapping_ner_span() -> None:
    text = "L’usine du 11 février à Hamhung produit des missiles."
    grouped = _by_key(find_entities(text, "fr"))
    assert [m.text for m in grouped["february-11-plant"]] == ["usine du 11 février"]
    assert [m.text for m in grouped["hamhung"]] == ["Hamhung"]


def _add_document(store: Store, doc_id: str, text: str) -> None:
    from datetime import datetime

    with store.session() as session:
        session.add(Document(id=doc_id, external_id=doc_id, sha256=doc_id.ljust(64, "0"),
                             text=text, language="ru", ingested_at=datetime(2026, 11, 22)))


def test_stage_saves_entities_aliases_and_mentions_idempotently(store: Store) -> None:
    text = "Сэм Лэйр и Лейр из ЦТАК говорили о Хвасон-11 и о Тимуре Петрове."
    _add_document(store, "doc-ru", text)
    document = _doc(text, "ru", "doc-ru")
    result = compute_entities(document)
    for _ in range(2):
        with store.session() as session:
            save_entities(session, document, result)
    with store.session() as session:
        mentions = session.query(Mention).filter_by(document_id="doc-ru").all()
        assert len(mentions) == len(result)
        lair = entity_queries.find_entity(session, "sam-lair")
        assert lair is not None
        lair_mentions = [m for m in mentions if m.entity_id == lair.id]
        assert sorted(m.text for m in lair_mentions) == ["Лейр", "Сэм Лэйр"]
        new_form = session.query(Alias).filter_by(entity_id=lair.id, text="Сэм Лэйр").one()
        assert new_form.origin == "document" and new_form.document_id == "doc-ru"
        assert new_form.score is not None and new_form.score >= 0.88
        assert session.query(Alias).filter_by(entity_id=lair.id, origin="gazetteer").count() > 5
        kcna = entity_queries.find_entity(session, "kcna")
        assert kcna is not None and any(m.entity_id == kcna.id for m in mentions)


def test_a_sentence_initial_article_is_not_taken_into_a_name() -> None:
    """German has no NER model here: capitalised word groups are linked by similarity, and
    "Das Finanzministerium" came close enough to "US-Finanzministerium" to be flagged as a
    garbled name."""
    found = find_entities("Das Finanzministerium hat zehn Personen sanktioniert.", "de")
    assert [mention.text for mention in found] == []
    found = find_entities("Laut dem US-Finanzministerium wurden Personen sanktioniert.", "de")
    assert [mention.text for mention in found] == ["US-Finanzministerium"]
