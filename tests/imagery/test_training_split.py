"""The split that keeps the test sites out of training, and the validation sites that choose
the recipe without them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from veille.imagery.model import ModelConfig, build_model
from veille.imagery.pairs import find_pairs, held_out, split_pairs
from veille.imagery.train import TrainingPair, validation_f1

SHARED_IMAGERY = Path(__file__).resolve().parents[2].parent / "shared" / "imagery"


def test_validation_sites_are_training_sites_never_test_sites() -> None:
    assert held_out("validation") and not held_out("validation") & held_out("test")
    if not SHARED_IMAGERY.is_dir():
        pytest.skip(f"{SHARED_IMAGERY}: not found")
    train, test = split_pairs(find_pairs(SHARED_IMAGERY))
    assert held_out("validation") <= {pair.group for pair in train}
    assert not held_out("validation") & {pair.group for pair in test}


def test_validation_f1_pools_pixels_at_the_checkpoint_thresholds() -> None:
    pytest.importorskip("torch")
    model = build_model(ModelConfig(in_channels=3, widths=(4, 8, 16))).eval()
    rng = np.random.default_rng(0)
    label = np.zeros((32, 32), dtype=np.float32)
    label[:8] = 1.0
    pair = TrainingPair("synthetic:a", rng.standard_normal((3, 32, 32)).astype(np.float32),
                        rng.standard_normal((3, 32, 32)).astype(np.float32), label,
                        np.argwhere(label > 0))
    nothing = ModelConfig(in_channels=3, widths=(4, 8, 16), threshold=1.0)
    everything = ModelConfig(in_channels=3, widths=(4, 8, 16), threshold=-1.0)
    assert validation_f1(model, [pair], nothing, "cpu") == 0.0
    assert validation_f1(model, [pair, pair], everything, "cpu") == pytest.approx(
        2 * 512 / (2048 + 512))
