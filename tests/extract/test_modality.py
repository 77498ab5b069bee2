"""Modality per value: hedges with ICD 203 levels, capacity, denial, questions."""

from __future__ import annotations

import pytest

from veille.extract.modality import clause_end, modality_in


def _modality(text: str, language: str, attributed: bool = False,
              bound: str | None = None) -> tuple[str, str | None]:
    found = modality_in(text, 0, len(text), language, attributed=attributed, bound=bound)
    return found.kind, found.level


@pytest.mark.parametrize(("text", "language", "level"), [
    ("North Korea may have sent 10,000 troops", "en", "roughly even chance"),
    ("The plant could double its output", "en", "roughly even chance"),
    ("Russia likely received 200 missiles", "en", "likely"),
    ("Russia very likely received 200 missiles", "en", "very likely"),
    ("It is unlikely that 200 missiles arrived", "en", "unlikely"),
    ("La Corée du Nord pourrait produire davantage", "fr", "roughly even chance"),
    ("la Corée du Nord recevra probablement de l'argent", "fr", "likely"),
    ("Россия, вероятно, получила 200 ракет", "ru", "likely"),
    ("Росія, ймовірно, отримала 200 ракет", "uk", "likely"),
    ("북한이 미사일을 추가로 보낼 가능성이 높다", "ko", "likely"),
    ("북한이 미사일을 보냈을 가능성이 있다", "ko", "roughly even chance"),
    ("Russland hat wahrscheinlich 200 Raketen erhalten", "de", "likely"),
    ("Rusia probablemente recibió 200 misiles", "es", "likely"),
    ("La Russia ha probabilmente ricevuto 200 missili", "it", "likely"),
])
def test_hedges_map_to_icd203_levels(text: str, language: str, level: str) -> None:
    assert _modality(text, language) == ("hedged", level)


def test_french_conditional_is_hedged_without_a_level() -> None:
    assert _modality("L'Iran aurait livré plus de 200 Fath-360", "fr") == ("hedged", None)
    assert _modality("La Russie envisagerait une production mensuelle de 150 missiles",
                     "fr") == ("hedged", None)
    assert _modality("Le portrait du dirigeant", "fr") == ("asserted", None)


def test_capacity_is_not_a_delivered_quantity() -> None:
    text = "au moins dix mille conteneurs, qui au total pourraient contenir près de cinq millions"
    containers_end = text.index("conteneurs") + len("conteneurs")
    shells = text.index("cinq")
    scope = clause_end(text, containers_end, len(text), "fr")
    containers = modality_in(text, 0, scope, "fr", attributed=True)
    assert (containers.kind, containers.level) == ("reported", None)
    assert modality_in(text, containers_end, len(text), "fr", attributed=True).kind == "capacity"
    assert shells > scope
    english = "Today the plant's capacity lets it build up to 2,700 drones"
    assert _modality(english, "en")[0] == "capacity"
    assert _modality("The containers could hold up to 4.8 million shells", "en")[0] == "capacity"
    assert _modality("The plant could produce drones", "en", bound="<=")[0] == "capacity"
    assert _modality("Russia increased production to 2,700 units per month", "en") == (
        "asserted", None)


def test_denied_estimated_reported_question() -> None:
    assert _modality("Moscou et Pyongyang ont nié tout transfert d'armes", "fr")[0] == "denied"
    assert _modality("Moscow denied receiving 200 missiles", "en")[0] == "denied"
    assert _modality("Китай отрицает поставки оружия", "ru")[0] == "denied"
    assert _modality("un nouvel espace estimé à 60-70% de la taille", "fr")[0] == "estimated"
    assert _modality("an estimated 5,000 troops", "en")[0] == "estimated"
    assert _modality("Iran sent 400 missiles", "en", attributed=True) == ("reported", None)
    assert _modality("Iran sent 400 missiles", "en") == ("asserted", None)
    found = modality_in("Did Iran send 400 missiles?", 0, 27, "en", attributed=False,
                        question=True)
    assert found.kind == "question"


def test_french_believed_to_is_a_hedge() -> None:
    from veille.extract.modality import modality_in

    text = "L'usine est crue recevoir des composants étrangers."
    found = modality_in(text, 0, len(text), "fr", attributed=False)
    assert found.kind == "hedged"
    assert found.level == "likely"
    assert found.span is not None and text[found.span[0]:found.span[1]] == "est crue"


@pytest.mark.parametrize(("text", "language", "figure", "denied"), [
    ("Russia does not produce 100 missiles a month", "en", "100", True),
    ("The 20 launchers have not been delivered", "en", "20", True),
    ("Russia hasn't received the 200 missiles", "en", "200", True),
    ("Officials did not say how many, but reports put the figure at 200 missiles", "en",
     "200", False),
    ("Russia produced no fewer than 100 missiles", "en", "100", False),
    ("Russia produced not only 100 missiles but also drones", "en", "100", False),
    ("The figure of 100 missiles could not be independently verified", "en", "100", False),
    ("Завод не випускає 100 ракет на місяць", "uk", "100", True),
    ("Росія виробляє не менше 100 ракет на місяць", "uk", "100", False),
    ("Россия не производит 100 ракет в месяц", "ru", "100", True),
    ("Россия производит не более 100 ракет в месяц", "ru", "100", False),
    ("La Russie ne produit pas 100 missiles par mois", "fr", "100", True),
    ("La Russie n'a jamais livré 100 missiles", "fr", "100", True),
    ("La Russie n'a livré que 100 missiles", "fr", "100", False),
    ("La Russie ne produit pas plus de 100 missiles par mois", "fr", "100", False),
    ("Russland produziert nicht 100 Raketen im Monat", "de", "100", True),
    ("Russland produziert nicht weniger als 100 Raketen im Monat", "de", "100", False),
    ("Irán no ha entregado los 20 lanzadores", "es", "20", True),
    ("Irán entregó no menos de 20 lanzadores", "es", "20", False),
    ("L'Iran non ha consegnato i 20 lanciatori", "it", "20", True),
    ("O Irã não entregou os 20 lançadores", "pt", "20", True),
    ("Rosja nie produkuje 100 rakiet miesięcznie", "pl", "100", True),
    ("Rosja produkuje nie mniej niż 100 rakiet miesięcznie", "pl", "100", False),
])
def test_a_negated_verb_in_the_values_own_clause_is_a_denial(
        text: str, language: str, figure: str, denied: bool) -> None:
    """"Russia does not produce 100 missiles a month" does not say Russia produces 100; a bound
    ("no fewer than"), a focus ("not only"), a hedge ("could not be verified") or another
    clause's negation says nothing against the figure."""
    start = text.index(figure)
    found = modality_in(text, 0, len(text), language, attributed=False,
                        anchor=(start, start + len(figure)))
    assert (found.kind == "denied") is denied, found


def test_a_denial_in_another_clause_is_not_the_values():
    """"Pyongyang and Moscow deny any arms deal, but signed a treaty in June 2024": the
    treaty's date is not denied; without an anchor the whole scope counts."""
    text = "Pyongyang and Moscow deny any arms deal, but signed a defence treaty in June 2024."
    start = text.index("June 2024")
    assert modality_in(text, 0, len(text), "en", attributed=False,
                       anchor=(start, start + 9)).kind == "asserted"
    assert _modality(text, "en")[0] == "denied"
    assert _modality("Russia does not produce 100 missiles a month", "en")[0] == "asserted"


def test_only_what_is_left_is_no_denial() -> None:
    text = "il ne restait plus qu'environ 20 % du stock de missiles"
    start = text.index("20 %")
    assert modality_in(text, 0, len(text), "fr", attributed=False,
                       anchor=(start, start + 4)).kind == "asserted"
