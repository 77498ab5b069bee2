"""Growth factors are ratios of the new value to the old; counts of events stay numbers."""

from __future__ import annotations

import pytest

from veille.extract.quantities import find_quantities


@pytest.mark.parametrize(("text", "language", "factor", "reference"), [
    ("The plant has increased its output of rockets six times.", "en", 6, None),
    ("Shell output was multiplied by five in two years.", "en", 5, None),
    ("The yard now builds four times more hulls than planned.", "en", 4, "planned"),
    ("La cadence a été multipliée par trois depuis 2022.", "fr", 3, None),
    ("Les livraisons ont augmenté cinq fois par rapport aux niveaux précédents.", "fr", 5,
     "niveaux précédents"),
    ("La fábrica aumentó 6 veces su producción de drones.", "es", 6, None),
    ("Oggi si producono sette volte di più rispetto a quanto previsto.", "it", 7,
     "quanto previsto"),
    ("Завод увеличил выпуск снарядов в шесть раз.", "ru", 6, None),
    ("Завод збільшив випуск снарядів у чотири рази.", "uk", 4, None),
    ("Produkcja wzrosła 3 razy w ciągu roku.", "pl", 3, None),
])
def test_growth_factor_is_a_ratio(text: str, language: str, factor: float,
                                  reference: str | None) -> None:
    found = [q for q in find_quantities(text, language) if q.kind == "ratio"]
    assert [(q.low, q.reference) for q in found] == [(factor, reference)]


@pytest.mark.parametrize(("text", "language"), [
    ("The depot was struck three times in May.", "en"),
    ("Le dépôt a été frappé trois fois en mai.", "fr"),
    ("Il deposito è stato colpito tre volte a maggio.", "it"),
])
def test_a_count_of_events_is_not_a_factor(text: str, language: str) -> None:
    assert all(q.kind != "ratio" for q in find_quantities(text, language))
