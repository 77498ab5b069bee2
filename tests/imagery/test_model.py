"""The siamese U-Net on CPU with tiny random weights: shapes, tiling, checkpoints."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from veille.imagery.model import (
    ModelConfig,
    ModelUnavailable,
    build_model,
    load_checkpoint,
    predict_probability,
    prepare,
    save_checkpoint,
)

torch = pytest.importorskip("torch")
TINY = ModelConfig(in_channels=3, widths=(4, 8, 16))


def test_forward_pass_shape_on_cpu() -> None:
    torch.manual_seed(0)
    model = build_model(TINY).eval()
    before, after = torch.randn(2, 3, 64, 48), torch.randn(2, 3, 64, 48)
    with torch.no_grad():
        logits = model(before, after)
    assert logits.shape == (2, 1, 64, 48)
    with torch.no_grad():  # identical dates: the difference features are exactly zero
        same = model(before, before)
    assert torch.allclose(same, same[:1].expand_as(same))


def test_tiled_inference_covers_any_size_and_matches_one_tile() -> None:
    torch.manual_seed(0)
    model = build_model(TINY).eval()
    rng = np.random.default_rng(0)
    before, after = (prepare(rng.normal(size=(3, 70, 90)).astype(np.float32)) for _ in range(2))
    tiled = predict_probability(model, before, after, tile=32, overlap=8, batch=3)
    assert tiled.shape == (70, 90) and np.all((tiled >= 0) & (tiled <= 1))
    whole = predict_probability(model, before, after, tile=128, overlap=0)
    assert np.abs(tiled - whole)[20:50, 20:70].mean() < 0.02  # seams blend, interiors agree


def test_single_band_input_is_accepted() -> None:
    prepared = prepare(np.random.default_rng(1).normal(size=(1, 20, 20)).astype(np.float32))
    assert prepared.shape == (3, 20, 20)
    assert abs(float(prepared[0].mean())) < 1e-5 and abs(float(prepared[0].std()) - 1) < 1e-3


def test_checkpoint_round_trip_and_missing_weights(tmp_path: Path) -> None:
    model = build_model(TINY)
    path = tmp_path / "m.pt"
    torch.manual_seed(0)
    model.train()
    with torch.no_grad():  # a few batches so that BatchNorm holds non-trivial statistics
        for _ in range(3):
            model(torch.randn(2, 3, 32, 32) * 3 + 1, torch.randn(2, 3, 32, 32))
    model.eval()
    save_checkpoint(path, model, ModelConfig(3, (4, 8, 16), threshold=0.4, meta={"note": "x"},
                                             coarse_threshold=0.15))
    loaded, config = load_checkpoint(str(path))
    assert config.widths == (4, 8, 16) and config.threshold == 0.4
    assert config.threshold_for(10.0) == 0.15 and config.threshold_for(0.5) == 0.4
    assert config.threshold_for(None) == 0.4
    assert not any(isinstance(m, torch.nn.BatchNorm2d) for m in loaded.modules())  # folded
    before, after = torch.randn(1, 3, 40, 40), torch.randn(1, 3, 40, 40)
    with torch.no_grad():  # folding BatchNorm into the convolutions leaves the output alone
        assert torch.allclose(model(before, after), loaded(before, after), atol=1e-4)
    with pytest.raises(ModelUnavailable, match="no model weights"):
        load_checkpoint(str(tmp_path / "absent.pt"))
    (tmp_path / "junk.pt").write_bytes(b"junk")
    with pytest.raises(ModelUnavailable, match="junk.pt"):
        load_checkpoint(str(tmp_path / "junk.pt"))
