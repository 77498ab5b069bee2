"""Quantities on real-page patterns of the fifth round: bounds in Italian, Portuguese,
Polish and Romanian, collective numerals, model designations, spaced thousands."""

from __future__ import annotations

import pytest

from veille.extract.quantities import find_quantities


@pytest.mark.parametrize(("text", "language", "low", "bound"), [
    ("Sono arrivate almeno sei spedizioni di droni.", "it", 6, ">="),
    ("Ne hanno ricevuti oltre 300 droni.", "it", 300, ">"),
    ("Foram entregues pelo menos 40 drones.", "pt", 40, ">="),
    ("Recebeu cerca de 40 mísseis.", "pt", 40, "~"),
    ("Dostarczono co najmniej 40 dronów.", "pl", 40, ">="),
    ("Wyprodukowano około 40 dronów.", "pl", 40, "~"),
    ("Au fost livrate cel puțin 40 de drone.", "ro", 40, ">="),
    ("Entregaron al menos 40 drones.", "es", 40, ">="),
    ("Une livraison d'environ 40 drones.", "fr", 40, "~"),
    ("Una consegna d’almeno 40 droni.", "it", 40, ">="),
])
def test_bound_words_of_more_languages(text: str, language: str, low: float,
                                       bound: str) -> None:
    found = find_quantities(text, language)
    assert [(q.low, q.bound) for q in found] == [(low, bound)]


@pytest.mark.parametrize(("text", "language", "low", "counted"), [
    ("Nel drone c'erano una dozzina di sensori stranieri.", "it", 12, "sensori"),
    ("On a compté une vingtaine de missiles.", "fr", 20, "missile"),
    ("Llegaron una veintena de drones.", "es", 20, "drone"),
])
def test_collective_numerals_are_approximate(text: str, language: str, low: float,
                                             counted: str) -> None:
    found = find_quantities(text, language)
    assert len(found) == 1, found
    assert (found[0].low, found[0].bound, found[0].normalized_unit) == (low, "~", counted)


@pytest.mark.parametrize(("text", "language"), [
    ("Man lieferte 100 M1989 Haubitzen.", "de"),
    ("Man lieferte 100 T-90 Panzer.", "de"),
    ("They delivered 100 M1989 guns.", "en"),
])
def test_letters_glued_to_digits_are_a_model_not_a_unit(text: str, language: str) -> None:
    found = find_quantities(text, language)
    assert [(q.low, q.normalized_unit) for q in found] == [(100, None)]


def test_spaced_thousands_in_english_but_not_a_day_before_a_year() -> None:
    found = find_quantities("The plant is to build 6 000 drones.", "en")
    assert [(q.low, q.normalized_unit) for q in found] == [(6000, "drone")]
    dated = find_quantities("Posted September 22 2019 at 10:27, with 40 photos.", "en")
    assert 9.0 not in [q.low for q in dated]


def test_a_year_before_a_joiner_opens_no_range() -> None:
    found = find_quantities("La cadence est passée de 50 par an en 2021 à 400 en 2023.", "fr")
    assert [(q.low, q.high) for q in found] == [(50, 50), (400, 400)]


def test_squared_unit_signs_of_east_asian_text() -> None:
    found = find_quantities("무게 90㎏의 200㎜ 포탄", "ko")
    assert [(q.low, q.normalized_unit) for q in found] == [(90, "kilogram"),
                                                             (200, "millimetre")]


def test_a_day_of_an_italian_month_is_no_count() -> None:
    """Without Italian months "8 luglio" was a count of eight "luglio"."""
    found = find_quantities("Il rapporto dell'8 luglio elenca 16 componenti.", "it")
    assert [(q.low, q.normalized_unit) for q in found] == [(16, "component")]


@pytest.mark.parametrize(("text", "language"), [
    ("Am 14. März begann der Bau.", "de"),
    ("Budowę rozpoczęto 14. marca.", "pl"),
])
def test_a_day_written_with_its_ordinal_dot_is_no_count(text: str, language: str) -> None:
    """"am 14. März" was a count of 14 before the dot was read as the day's."""
    assert find_quantities(text, language) == []


def test_a_number_ending_an_english_sentence_before_a_month_stays() -> None:
    """English writes no ordinal dot: "23." ends a sentence."""
    found = find_quantities("They built 23. November saw more.", "en")
    assert [q.low for q in found] == [23]


@pytest.mark.parametrize(("text", "language"), [
    ("Новий цех займає 12 тис. кв. м.", "uk"),
    ("Новый цех занимает 12 тыс. кв. м.", "ru"),
    ("Новий цех займає 12 тис. квадратних метрів.", "uk"),
])
def test_a_unit_after_an_abbreviated_multiplier(text: str, language: str) -> None:
    """The multiplier's dot stood between the figure and its unit: "12 тис. кв" was a count."""
    found = find_quantities(text, language)
    assert [(q.low, q.normalized_unit) for q in found] == [(12000, "square metre")]


def test_the_closing_mark_of_a_quoted_name_is_no_inch_sign() -> None:
    found = find_quantities('The freighter "Sea Lark 7" sailed. The gun has a 12" barrel.', "en")
    assert [(q.low, q.normalized_unit) for q in found] == [(12, "inch")]


@pytest.mark.parametrize(("text", "language"), [
    ("Over two nights the crews launched 640 drones.", "en"),
    ("In zwei Nächten starteten 900 Drohnen.", "de"),
    ("En trois nuits, 900 drones ont été lancés.", "fr"),
])
def test_nights_are_a_span_of_time_not_things_counted(text: str, language: str) -> None:
    """"in one night" counted one "night" as a thing, a claim of its own."""
    units = {q.normalized_unit: q.kind for q in find_quantities(text, language)}
    assert units["night"] == "measure"
    assert units["drone"] == "count"


@pytest.mark.parametrize(("text", "counted"), [
    ("Die Behörde nannte fünf russische Firmen.", "Firmen"),
    ("Im Werk entstanden 40 neue Hallen.", "Hallen"),
    ("Bis Ende Mai wurden 300 gebaut.", None),
])
def test_a_german_counted_noun_is_the_capitalised_word(text: str, counted: str | None) -> None:
    """German writes nouns with a capital: a lower-case adjective or verb is no counted thing."""
    found = find_quantities(text, "de")
    assert [q.unit for q in found] == [counted]


@pytest.mark.parametrize(("text", "language", "values"), [
    ("Fabrica ar urma să producă 6 000 de drone și 4,5 milioane de obuze.", "ro", [6000, 4.5e6]),
    ("Tehdas tekee 6 000 dronea ja 2,5 miljoonaa ammusta.", "fi", [6000, 2.5e6]),
    ("Závod vyrobí 6 000 dronov a 1,5 milióna nábojov.", "sk", [6000, 1.5e6]),
    ("Tehas toodab 6 000 drooni ja 3,5 miljonit mürsku.", "et", [6000, 3.5e6]),
])
def test_space_grouped_thousands_and_decimal_commas_of_more_languages(
        text: str, language: str, values: list[float]) -> None:
    """Without a number lexicon "6 000" was read the English way, as 6 and 0."""
    assert [q.low for q in find_quantities(text, language)] == values


def test_korean_particles_glued_to_a_counter_keep_the_unit() -> None:
    found = {q.text: q for q in find_quantities("자주포 36문을 보냈고 병력 1만2000명이 12일에 도착했다.",
                                                "ko")}
    assert found["36문"].normalized_unit == "gun" and found["36문"].kind == "count"
    assert found["1만2000명"].low == 12_000 and found["1만2000명"].normalized_unit == "people"
    assert "12일" not in found  # the 12th (a date), not twelve things


@pytest.mark.parametrize(("text", "language", "counted"), [
    ("Завод отримав 300 крилатих ракет.", "uk", "missile"),
    ("Склад принял 300 новых снарядов.", "ru", "shell"),
    ("Склад принял 300 снарядов.", "ru", "shell"),
    ("Le dépôt a reçu 300 nouveaux obus.", "fr", "shell"),
    ("El depósito recibió 300 nuevos proyectiles.", "es", "shell"),
    ("Il deposito ha ricevuto 300 nuovi proiettili.", "it", "shell"),
    ("O depósito recebeu 300 novos projéteis.", "pt", "shell"),
])
def test_adjectives_before_the_counted_noun_are_skipped(text: str, language: str,
                                                        counted: str) -> None:
    found = find_quantities(text, language)
    assert [(q.low, q.normalized_unit) for q in found] == [(300, counted)]


@pytest.mark.parametrize(("text", "language", "counted"), [
    ("Tehran sent approximately 400 ground-to-ground missile systems.", "en", "missile system"),
    ("Tehran sent approximately 400 ground-to-ground missiles.", "en", "missile"),
    ("Тегеран передал 400 ракетных комплексов.", "ru", "missile system"),
    ("L'Iran a livré 400 systèmes de missiles.", "fr", "missile system"),
    ("Dabei seien 16 Bauteile aus westlicher Produktion entdeckt worden.", "de", "component"),
])
def test_a_compound_counted_thing_is_counted_whole(text: str, language: str,
                                                   counted: str) -> None:
    """A system is not its missile: "missile systems" count launchers as well."""
    assert [q.normalized_unit for q in find_quantities(text, language)] == [counted]


@pytest.mark.parametrize(("text", "language", "expected"), [
    # Japanese glues bounds, counters and particles to the number
    ("自走砲約50両と多連装ロケット砲20門を供与した。", "ja", [(50, "gun", "~"), (20, "gun", "=")]),
    ("兵士1万2000人以上が死亡した。", "ja", [(12000, "people", ">=")]),
    ("射程は最大60キロに達する。", "ja", [(60, "kilometre", "<=")]),
    # a number before a CJK date suffix is a date, unless a duration marker follows
    ("英紙は16日、次のように報じた。", "ja", []),
    ("10日間の演習が行われた。", "ja", [(10, "day", "=")]),
    ("지난 8월 진격했다.", "ko", []),
    # the CJK ordinal prefix: the 11th corps
    ("第11軍団の兵士", "ja", []),
])
def test_numbers_glued_to_words_of_scripts_without_spaces(text: str, language: str,
                                                          expected: list) -> None:
    assert [(q.low, q.normalized_unit, q.bound) for q in find_quantities(text, language)] == \
        expected


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("O Irã forneceu 6.000 drones à Rússia, a 800 quilômetros de Moscou.", "pt",
     [(6000, "drone"), (800, "kilometre")]),
    ("Znaleziono 52 komponentów i 400 balistycznych rakiet.", "pl",
     [(52, "component"), (400, "missile")]),
])
def test_portuguese_and_polish_units(text: str, language: str, expected: list) -> None:
    assert [(q.low, q.normalized_unit) for q in find_quantities(text, language)] == expected


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("Analiza a evidențiat 35 de componente fabricate în Statele Unite.", "ro",
     [(35, "component", "=")]),
    ("Fabrica, situată la 600 de mile est de Moscova, produce drone.", "ro",
     [(600, "mile", "=")]),
    ("Au fost livrate 3 rachete.", "ro", [(3, "missile", "=")]),
    ("Raketa obsahovala viac ako 30 zahraničných súčiastok.", "sk", [(30, "component", ">")]),
    ("Podobná raketa obsahovala 35 komponentov vyrobených v USA.", "sk",
     [(35, "component", "=")]),
    ("Rusko vyrobilo približne 40 dronov.", "sk", [(40, "drone", "~")]),
])
def test_romanian_and_slovak_units(text: str, language: str, expected: list) -> None:
    """Romanian joins a number from twenty on to its noun with "de"; Slovak puts the
    genitive plural, often after an adjective, after five and more."""
    assert [(q.low, q.normalized_unit, q.bound) for q in find_quantities(text, language)] == \
        expected


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("They discovered at least 450 different kinds of unique, foreign-made components.", "en",
     (450, "component", True)),
    ("They found 450 unique microelectronic components.", "en", (450, "component", True)),
    ("They found 450 foreign-made components.", "en", (450, "component", False)),
    ("On a trouvé 450 types de composants.", "fr", (450, "component", True)),
    ("Найдено 450 видов компонентов.", "ru", (450, "component", True)),
    ("Wykorzystywanych jest ponad 450 elementów.", "pl", (450, "component", False)),
])
def test_a_count_of_kinds_is_told_from_a_count_of_items(text: str, language: str,
                                                        expected: tuple) -> None:
    """"450 kinds of components" counts components by their kinds, "450 components" the
    parts themselves: the same figure, another finding."""
    [quantity] = find_quantities(text, language)
    assert (quantity.low, quantity.normalized_unit, quantity.of_kinds) == expected
    assert ("of_kinds" in quantity.to_json()) is expected[2]


@pytest.mark.parametrize(("text", "expected"), [
    ("الذي يبعد 600 ميلاً شرق موسكو", [(600, "mile", "=")]),
    ("أطلقت روسيا 40 صاروخاً و 20 طائرة مسيرة", [(40, "missile", "="), (20, "drone", "=")]),
    ("أكثر من 30 مكوناً أجنبياً", [(30, "component", ">")]),
])
def test_arabic_units_past_their_case_endings(text: str, expected: list) -> None:
    """"600 ميلاً" is 600 miles: the case ending is a combining mark after the unit word."""
    assert [(q.low, q.normalized_unit, q.bound) for q in find_quantities(text, "ar")] == \
        expected


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("el lanzador dispara proyectiles de 300 milímetros que pesan 90 kilogramos", "es",
     [(300, "millimetre"), (90, "kilogram")]),
    ("Haubitzen vom Kaliber 170 Millimeter, 300 Kilogramm schwer", "de",
     [(170, "millimetre"), (300, "kilogram")]),
    ("obici da 170 millimetri su 5 chilometri quadrati", "it",
     [(170, "millimetre"), (5, "square kilometre")]),
    ("снаряды 152 миллиметров, дальность 600 миль, 20 гектаров", "ru",
     [(152, "millimetre"), (600, "mile"), (20, "hectare")]),
    ("снаряди калібру 155 міліметрів вагою 43 кілограми", "uk",
     [(155, "millimetre"), (43, "kilogram")]),
    ("pocisków kalibru 240 milimetrów na 100 kilometrów kwadratowych", "pl",
     [(240, "millimetre"), (100, "square kilometre")]),
    ("240밀리미터 로켓탄, 85킬로그램", "ko", [(240, "millimetre"), (85, "kilogram")]),
    ("عيار 240 مليمترا ووزن 85 كيلوغراما", "ar", [(240, "millimetre"), (85, "kilogram")]),
    ("des obus de 152 millimètres", "fr", [(152, "millimetre")]),
])
def test_calibres_masses_and_areas_in_words(text: str, language: str, expected: list) -> None:
    """A calibre, a mass or an area written out in the page's language is a measure, not a
    count of millimetres or kilograms."""
    assert [(q.low, q.normalized_unit) for q in find_quantities(text, language)] == expected
