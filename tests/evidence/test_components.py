"""Makers from the gazetteer, dating components, and the item's earliest assembly date."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from veille.evidence.components import gazetteer, resolve_maker
from veille.evidence.decisions import decide, find_reading
from veille.evidence.items import add_item
from veille.evidence.parts import add_component, assembly_date
from veille.evidence.register import EvidenceError
from veille.store import evidence as queries


def test_gazetteer_countries_from_public_facts() -> None:
    makers = gazetteer()
    expected = {"texas_instruments": "US", "analog_devices": "US", "infineon": "DE",
                "nxp": "NL", "stmicroelectronics": "CH", "nexperia": "NL", "bosch": "DE",
                "murata": "JP", "renesas": "JP", "ublox": "CH", "traco_power": "CH",
                "holt": "US", "kemet": "US", "onsemi": "US"}
    assert {key: makers[key].country for key in expected} == expected
    assert all(isinstance(alias, str) for m in makers.values() for alias in m.aliases)


def test_maker_by_alias_and_prefix_agreement() -> None:
    resolution = resolve_maker("TI", "TMS320F28335")
    assert resolution.maker.key == "texas_instruments"
    assert any("prefix 'TMS320'" in line for line in resolution.reasons)
    assert resolve_maker("ON Semiconductor", "NCP1117").maker.country == "US"
    assert resolve_maker("Linear Technology Corp.", "LTC2983").maker.key == "linear_technology"


def test_maker_inferred_from_prefix_names_rivals() -> None:
    resolution = resolve_maker(None, "MAX-M8Q")
    assert resolution.maker.key == "ublox"
    assert any("Maxim" in line for line in resolution.reasons)
    assert resolve_maker(None, "ADS1256").maker.key == "texas_instruments"
    assert resolve_maker(None, "QQ123").maker is None


def test_prefix_that_contradicts_the_named_maker_is_noted() -> None:
    resolution = resolve_maker("Infineon", "STM32F407")
    assert resolution.maker.key == "infineon"
    assert any("suggests STMicroelectronics" in line for line in resolution.reasons)


def test_unknown_maker_is_an_error() -> None:
    with pytest.raises(EvidenceError, match="unknown manufacturer 'Acme Widgets'"):
        resolve_maker("Acme Widgets", "AW100")


def _item(session: Session) -> str:
    return add_item(session, label="KHA-1", kind="debris", recovered_by="EOD",
                    found_on="2024-01-02").id


def test_earliest_assembly_is_latest_component_date(session: Session) -> None:
    item_id = _item(session)
    add_component(session, item_id, "ADXRS453", "Analog Devices", "2241", "U4")
    add_component(session, item_id, "TMS320F28335", "Texas Instruments", "2327", "U1")
    add_component(session, item_id, "BMI088", "Bosch", None, "U9")
    dating = assembly_date(session, item_id)
    assert dating.earliest == date(2023, 7, 2)
    assert dating.set_by == "U1 TMS320F28335"
    assert any(line.startswith("U9 BMI088") and "no date code" in line
               for line in dating.lines)
    assert dating.lines[-1].startswith("Earliest possible assembly: 2023-07-02")


def test_ambiguous_code_counts_earliest_until_decided(session: Session) -> None:
    item_id = _item(session)
    part = add_component(session, item_id, "PESD5V0S1BL", "Nexperia", "315", "D3")
    assert len(part.reading_ids) == 3  # 2023, 2013, 2003 week 15
    assert assembly_date(session, item_id).earliest == date(2003, 4, 7)
    chosen = find_reading(session, part.id, "date code 315 as YWW: 2023 week 15")
    decide(session, chosen, "same reel as the 2023 parts")
    dating = assembly_date(session, item_id)
    assert dating.earliest == date(2023, 4, 9)
    assert "held by decision (same reel as the 2023 parts)" in dating.lines[0]
    component = queries.get_component(session, part.id)
    assert component.earliest == date(2023, 4, 9)


def test_decision_is_superseded_not_erased(session: Session) -> None:
    from veille.evidence.markings import add_marking

    item_id = _item(session)
    marking = add_marking(session, item_id, "112", "digits", "ko")
    juche = find_reading(session, marking.id, "juche")
    factory = find_reading(session, marking.id, "factory_code")
    first = decide(session, juche, "Juche dating is usual")
    second = decide(session, factory, "same mark on parts of known origin")
    assert second.supersedes == first.id
    decisions = queries.decisions_for_subject(session, marking.id)
    assert [d.superseded_by for d in decisions] == [second.id, None]
    statuses = {r.id: r.status for r in queries.readings_for_subject(session, marking.id)}
    assert statuses[factory] == "held" and statuses[juche] == "set_aside"
    with pytest.raises(EvidenceError, match="already holds"):
        decide(session, factory, "again")
    with pytest.raises(EvidenceError, match="fits 3 readings"):
        find_reading(session, marking.id, "YWW")


def test_date_code_with_no_possible_date_is_an_error(session: Session) -> None:
    item_id = _item(session)
    with pytest.raises(EvidenceError, match="date_code: '2399' gives no possible date"):
        add_component(session, item_id, "LPC1768", "NXP", "2399", date_format="YYWW")
    with pytest.raises(EvidenceError, match="unknown date-code format 'QQ'"):
        add_component(session, item_id, "LPC1768", "NXP", "2236", date_format="QQ")
