"""The shipped gazetteer loads, and a broken one is refused with the entry named."""

from __future__ import annotations

from pathlib import Path

import pytest

from veille.ontology import OntologyError, load_gazetteer, load_gazetteer_from


def test_capitals_stand_for_their_states():
    gazetteer = load_gazetteer()
    assert gazetteer.by_key["tehran"].stands_for == "iran"
    assert gazetteer.by_key["pyongyang"].stands_for == "north-korea"
    assert gazetteer.by_key["hamhung"].stands_for is None  # a city, not a government


def test_a_capital_standing_for_an_unknown_state_is_refused(tmp_path: Path):
    (tmp_path / "places.yaml").write_text(
        'version: "1"\ntype: LOC\nentries:\n'
        "  - key: ostrava-capital\n    name: Vesna\n    stands_for: atlantis\n",
        encoding="utf-8")
    with pytest.raises(OntologyError, match="ostrava-capital.*unknown stands_for 'atlantis'"):
        load_gazetteer_from(tmp_path)
