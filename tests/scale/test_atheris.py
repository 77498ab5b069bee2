"""Run each coverage-guided fuzz harness in fuzz/ for 20 seconds of inputs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("atheris", reason="atheris is not installed (dev extra)")
HARNESSES = sorted((Path(__file__).resolve().parents[2] / "fuzz").glob("fuzz_*.py"))


@pytest.mark.parametrize("harness", HARNESSES, ids=lambda path: path.stem)
def test_harness_finds_nothing(harness: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(harness), "-max_total_time=20", "-timeout=5", "-rss_limit_mb=2048",
         f"-artifact_prefix={tmp_path}/"],
        capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
