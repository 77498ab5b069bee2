"""Attribution chains: speaker -> organisation -> outlet -> the document's source."""

from __future__ import annotations

from veille.extract.attribution import Name, chain, find_attributions, is_outlet, is_unattributed


def _names(text: str, *entries: tuple[str, str]) -> list[Name]:
    found = []
    for surface, label in entries:
        start = text.index(surface)
        found.append(Name(start, start + len(surface), surface, label, f"ent_{surface}"))
    return found


def _chain(text: str, language: str, *entries: tuple[str, str]) -> list[tuple[str, str]]:
    found = find_attributions(text, 0, len(text), language, _names(text, *entries))
    assert found, text
    return [(link.name, link.role) for link in found[0].links]


def test_english_speaker_of_organisation_told_outlet() -> None:
    text = "Sam Lair, a researcher at CNS, told Reuters the new building was 60-70% the size."
    assert _chain(text, "en", ("Sam Lair", "PER"), ("CNS", "ORG"), ("Reuters", "ORG")) == [
        ("Sam Lair", "speaker"), ("CNS", "organisation"), ("Reuters", "outlet")]


def test_english_according_to_organisation() -> None:
    text = "According to Conflict Armament Research, the missile was made in 2024."
    assert _chain(text, "en", ("Conflict Armament Research", "ORG")) == [
        ("Conflict Armament Research", "organisation")]


def test_french_selon_and_declare_vers_outlet() -> None:
    text = ("En juin, Shin Won-sik, alors ministre sud-coréen de la Défense, a déclaré à "
            "Bloomberg que la Corée du Nord avait expédié au moins dix mille conteneurs.")
    assert _chain(text, "fr", ("Shin Won-sik", "PER"), ("Bloomberg", "ORG")) == [
        ("Shin Won-sik", "speaker"), ("Bloomberg", "outlet")]
    text = "Selon le Centre James Martin, le site s'agrandit."
    assert _chain(text, "fr", ("Centre James Martin", "ORG")) == [
        ("Centre James Martin", "organisation")]


def test_russian_po_slovam_with_organisation() -> None:
    text = "По словам Сэма Лейра из CNS, новое здание занимает 60-70% площади старого."
    assert _chain(text, "ru", ("Сэма Лейра", "PER"), ("CNS", "ORG")) == [
        ("Сэма Лейра", "speaker"), ("CNS", "organisation")]


def test_korean_postposition_cue() -> None:
    text = "로이터통신에 따르면 북한은 공장을 확장했다."
    assert _chain(text, "ko", ("로이터통신", "ORG")) == [("로이터통신", "outlet")]


def test_vague_sources_are_anonymous_and_count_as_unattributed() -> None:
    text = "Selon plusieurs sources concordantes, la Corée du Nord a augmenté sa production."
    found = find_attributions(text, 0, len(text), "fr", [])
    assert [(link.name, link.role) for link in found[0].links] == [
        ("plusieurs sources concordantes", "anonymous")]
    assert is_unattributed(chain(found[0], "Le Journal"))
    text = "Six sources told Reuters that Iran had sent missiles."
    links = find_attributions(text, 0, len(text), "en", _names(text, ("Reuters", "ORG")))[0].links
    assert [(link.name, link.role) for link in links] == [
        ("Six sources", "anonymous"), ("Reuters", "outlet")]


def test_no_cue_gives_unattributed_then_document_source() -> None:
    text = "The plant was expanded in 2024."
    assert find_attributions(text, 0, len(text), "en", []) == []
    assert chain(None, "Example Times") == [
        {"name": "unattributed", "entity_id": None, "role": "unattributed", "cue": None},
        {"name": "Example Times", "entity_id": None, "role": "document_source", "cue": None}]


def test_finding_verb_needs_a_named_subject() -> None:
    text = "Les chercheurs du Conflict Armament Research ont examiné les débris."
    assert _chain(text, "fr", ("Conflict Armament Research", "ORG")) == [
        ("Conflict Armament Research", "organisation")]
    text = "L'analyse des débris montre que les missiles sont récents."
    assert find_attributions(text, 0, len(text), "fr", []) == []


def test_outlets_come_from_the_list_and_the_gazetteer() -> None:
    assert is_outlet("Reuters") and is_outlet("the Associated Press") and is_outlet("Рейтер")
    assert not is_outlet("Conflict Armament Research")


def test_a_place_beside_a_source_is_never_the_source() -> None:
    from veille.extract.attribution import Name, find_attributions

    for text, language, entries in (
        (("Analysts at the James Martin Center for Nonproliferation Studies (CNS) in "
         "Monterey, California, said the pictures show a new building."), "en",
         [("CNS", "ORG"), ("Monterey", "LOC"), ("California", "LOC")]),
        (("Les analystes du CNS, à Monterey en Californie, indiquent que les images montrent "
         "un nouveau bâtiment."), "fr",
         [("CNS", "ORG"), ("Monterey", "LOC"), ("Californie", "LOC")]),
    ):
        names = [Name(text.index(t), text.index(t) + len(t), t, label) for t, label in entries]
        found = find_attributions(text, 0, len(text), language, names)
        sources = [link.name for item in found for link in item.links]
        assert "California" not in sources and "Californie" not in sources
        assert "Monterey" not in sources


def test_korean_marked_subject_far_from_the_verb_is_the_speaker() -> None:
    text = ("SI애널리틱스는 27일 북한 함흥의 2월11일공장에서 대규모 신축 공사가 진행 중이라는 "
            "자체 분석 결과를 공개했다.")
    assert _chain(text, "ko", ("SI애널리틱스", "ORG"), ("2월11일공장", "FAC")) == [
        ("SI애널리틱스", "organisation")]
    text = "SI애널리틱스 관계자는 \"같은 변화를 독자적으로 확인했다\"고 설명했다."
    assert _chain(text, "ko", ("SI애널리틱스", "ORG"))[0] == ("SI애널리틱스", "organisation")


def test_korean_company_phrase_is_a_pronoun() -> None:
    text = "이 회사는 약 1만5000㎡ 면적에서 새로운 건설 활동을 확인했다고 밝혔다."
    assert _chain(text, "ko") == [("이 회사는", "pronoun")]


def _sources(text: str, language: str, *entries: tuple[str, str]) -> list[tuple[str, str]]:
    """Every link of every cue in the text, in order."""
    found = find_attributions(text, 0, len(text), language, _names(text, *entries))
    return [(link.name, link.role) for item in found for link in item.links]


def test_a_cue_word_inside_a_name_is_no_cue() -> None:
    text = "The drones that the United States said were sent came from a plant near Tehran."
    assert _chain(text, "en", ("United States", "LOC"), ("Tehran", "LOC")) == [
        ("United States", "organisation")]
    text = "New Sanctions: A Response to Alleged Drone Deliveries"
    assert _sources(text, "en", ("Drone Deliveries", "PER")) == []


def test_a_website_split_by_the_entity_stage_is_one_outlet() -> None:
    text = "The plant doubled its output, Caliber.Az writes."
    assert _chain(text, "en", ("Caliber", "ORG"), ("Az", "PER")) == [("Caliber.Az", "outlet")]
    text = "Об этом сообщает Цензор.НЕТ со ссылкой на местные каналы."
    assert _chain(text, "ru") == [("Цензор.НЕТ", "outlet")]


def test_a_place_is_never_the_source_of_a_finding_or_a_cue_it_is_not_attached_to() -> None:
    text = ("The Treasury named four firms based in Iran and Russia for sanctions and "
            "identified two tankers as blocked property.")
    assert _sources(text, "en", ("Treasury", "ORG"), ("Iran", "LOC"), ("Russia", "LOC")) == []
    text = "Exports tripled last year, said the Paris-based Acme Institute."
    assert _chain(text, "en", ("Paris", "LOC"), ("Acme Institute", "ORG")) == [
        ("Acme Institute", "organisation")]
    text = "Chips made in Texas were found in the wreckage."
    assert _sources(text, "en", ("Texas", "LOC")) == []
    text = "Kyiv’s city administration stated that ten drones were shot down."
    assert _chain(text, "en", ("Kyiv", "LOC")) == [("Kyiv", "organisation")]


def test_the_source_of_a_prefix_cue_is_the_phrase_it_governs() -> None:
    text = "Laut offiziellen Angaben hat der Iran bereits 200 Raketen an Russland geliefert."
    assert _chain(text, "de", ("Iran", "LOC"), ("Russland", "LOC")) == [
        ("offiziellen Angaben", "anonymous")]
    text = "Der Iran will Sicherheitskreisen zufolge bald Raketen an Russland liefern."
    assert _chain(text, "de", ("Iran", "LOC"), ("Russland", "LOC")) == [
        ("Sicherheitskreisen", "anonymous")]
    text = "According to a Czech intelligence assessment obtained by the BBC, the drones flew."
    assert _chain(text, "en", ("BBC", "ORG")) == [("a Czech intelligence assessment",
                                                   "anonymous")]
    text = "Nach Angaben der Analysten des Acme-Zentrums (ACZ) wächst die Fabrik."
    assert _chain(text, "de", ("ACZ", "ORG")) == [("ACZ", "organisation")]


def test_vague_sources_keep_their_noun_phrase_only() -> None:
    for text, language, expected in (
        ("Several other Iranian officials have also confirmed the deliveries.", "en",
         "Several other Iranian officials"),
        ("The country has courted Moscow, and analysts have said the North may sell shells.",
         "en", "analysts"),
        ("date 2024-09 Les médias ukrainiens affirment que les missiles sont arrivés.", "fr",
         "Les médias ukrainiens"),
        ("Mehrere westliche Quellen haben bestätigt, dass die Raketen geliefert wurden.", "de",
         "Mehrere westliche Quellen"),
    ):
        assert _chain(text, language)[0] == (expected, "anonymous"), text
    text = "Два джерела в розвідці також повідомили Reuters, що ракети вже в Росії."
    assert _chain(text, "uk", ("Reuters", "ORG")) == [
        ("Два джерела в розвідці", "anonymous"), ("Reuters", "outlet")]


def test_weapons_common_nouns_and_qualified_places_are_no_speakers() -> None:
    text = "Le lot comprend le Zolfaghar, ont déclaré les sources."
    assert _chain(text, "fr", ("Zolfaghar", "WEAPON")) == [("les sources", "anonymous")]
    text = "Laut Informationen, die aus Kiew stammen, liefert Pjöngjang auch Ausbilder."
    assert _chain(text, "de", ("Kiew", "LOC"), ("Pjöngjang", "LOC")) == [
        ("Informationen", "anonymous")]
    text = "Auf russischem Staatsfernsehen warnt ein Moderator den Direktor der Fabrik."
    assert _sources(text, "de") == []
    text = "Mas um oficial militar de Teerã garantiu que mais armas chegarão."
    assert _chain(text, "pt", ("Teerã", "LOC")) == [("um oficial militar de Teerã",
                                                     "anonymous")]


def test_korean_reported_is_a_hedge_and_a_country_is_no_outlet() -> None:
    text = "북한이 제공한 것으로 보도된 자주포는 1989년에 생산됐다."
    assert _sources(text, "ko", ("북한", "LOC")) == []
    text = "자주포가 쿠르스크에 배치됐다고 우크라이나가 보도했다."
    assert _sources(text, "ko", ("쿠르스크", "LOC"), ("우크라이나", "LOC")) == []
    text = "자주포 일부가 쿠르스크에 배치됐다고 영국 파이낸셜타임스가 보도했습니다."
    assert _chain(text, "ko", ("쿠르스크", "LOC"), ("파이낸셜타임스", "ORG")) == [
        ("파이낸셜타임스", "outlet")]
    text = "정보위에 제출된 보고서에 따르면 북한은 병력을 더 보냈다."
    assert _chain(text, "ko", ("북한", "LOC")) == [("보고서", "anonymous")]
