"""The georeferenced synthetic pair most imagery tests start from."""

from __future__ import annotations

from pathlib import Path

import pytest
from imagery_synthetic import make_pair, write_tif


@pytest.fixture
def georeferenced_pair(tmp_path: Path) -> tuple[Path, Path]:
    before, after = make_pair(shift=(1.4, -0.7))
    return (write_tif(tmp_path / "before.tif", before, ACQUISITIONDATETIME="2023-05-01"),
            write_tif(tmp_path / "after.tif", after, ACQUISITIONDATETIME="2024-06-02"))
