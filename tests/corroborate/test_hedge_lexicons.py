"""Hedges the cross-report comparison depends on, read in languages added for it."""

from __future__ import annotations

import pytest

from veille.extract.modality import modality_in


@pytest.mark.parametrize(("sentence", "kind"), [
    ("Tehtaan 300 osasta 120 näyttää olevan tuotu ulkomailta.", "hedged"),
    ("Tehtaan arvellaan valmistavan 80 lennokkia kuukaudessa.", "hedged"),
    ("Tehdas valmisti 80 lennokkia maaliskuussa.", "asserted"),
    ("Tehtaan kapasiteetti riittää 900 lennokkiin kuukaudessa.", "capacity"),
])
def test_finnish_modality(sentence: str, kind: str) -> None:
    found = modality_in(sentence, 0, len(sentence), "fi", attributed=False)
    assert found.kind == kind
