"""The "quantities" and "dates" stages: registered, pure, and shaped for `replace_mentions`."""

from __future__ import annotations

import datetime as dt
import pickle

from veille.extract.stage_quantities import compute_dates, compute_quantities
from veille.pipeline import DocumentInput, DocumentStage, registered

DOCUMENT = DocumentInput(
    id="doc_1", external_id="d1", language="fr", published=dt.datetime(2024, 11, 27, 9, 0),
    source=None, title=None,
    text="Selon le ministre, au moins dix mille conteneurs sont partis en juin. "
         "L'année « 113 » figurait sur le missile (calendrier Juche).",
)


def test_stages_are_registered() -> None:
    stages = {stage.name: stage for stage in registered()}
    for name in ("quantities", "dates"):
        stage = stages[name]
        assert isinstance(stage, DocumentStage)
        assert stage.version >= 1 and stage.requires == ("language",)
        pickle.dumps(stage.compute)  # must travel to Dask workers


def test_quantity_mentions() -> None:
    [mention] = compute_quantities(DOCUMENT)
    assert mention["label"] == "QUANTITY"
    assert DOCUMENT.text[mention["start"]:mention["end"]] == mention["text"]
    assert mention["value"]["low"] == 10000 and mention["value"]["bound"] == ">="


def test_date_mentions_use_the_publication_date() -> None:
    mentions = compute_dates(DOCUMENT)
    values = {m["text"]: m["value"] for m in mentions}
    assert values["en juin"]["low"] == "2024-06-01" and values["en juin"]["relative"]
    juche = next(v for v in values.values() if v["calendar"] == "juche")
    assert juche["low"] == "2024-01-01"
    assert all(m["label"] == "DATE" for m in mentions)
