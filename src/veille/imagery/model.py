"""A small siamese U-Net for change detection, and tiled inference over images of any size.

The architecture follows FC-Siam-diff (Caye Daudt et al., ICIP 2018): one encoder with shared
weights reads both dates, and the decoder sees the absolute difference of their features at
every scale, so the network learns what a *relevant* difference is (a new roof, not a shadow).
Channels are kept few so that a 2-core CPU keeps up (see docs/benchmarks/imagery.md).
torch is imported lazily: veille runs without it, with the unsupervised baseline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import torch

CHECKPOINT_FORMAT = "veille-siamese-unet/1"
DEFAULT_WIDTHS = (8, 16, 32, 64)
COARSE_FROM_M = 5.0  # at and above this ground resolution the coarse threshold applies


class ModelUnavailable(RuntimeError):
    """torch or the weights are missing; the message says how to get them."""


@dataclass
class ModelConfig:
    in_channels: int = 3
    widths: tuple[int, ...] = DEFAULT_WIDTHS
    threshold: float = 0.5
    meta: dict[str, Any] = field(default_factory=dict)
    coarse_threshold: float | None = None

    def threshold_for(self, resolution_m: float | None) -> float:
        """The probability cut for imagery of this ground resolution.

        Change is rare at 10 m (a few % of pixels) and common in the 0.25-2 m crops, so the
        cut that maximises F1 differs; both are chosen on the training pairs.
        """
        if self.coarse_threshold is not None and resolution_m and resolution_m >= COARSE_FROM_M:
            return self.coarse_threshold
        return self.threshold


def _torch() -> Any:
    try:
        import torch
    except ImportError as error:
        raise ModelUnavailable(
            "the learned model needs torch: pip install 'veille[model]' (or use --method baseline)"
        ) from error
    return torch


def build_model(config: ModelConfig) -> torch.nn.Module:
    """The network for `config`, with fresh random weights."""
    torch = _torch()
    nn = torch.nn

    def block(inputs: int, outputs: int) -> Any:
        return nn.Sequential(
            nn.Conv2d(inputs, outputs, 3, padding=1, bias=False),
            nn.BatchNorm2d(outputs),
            nn.ReLU(inplace=True),
            nn.Conv2d(outputs, outputs, 3, padding=1, bias=False),
            nn.BatchNorm2d(outputs),
            nn.ReLU(inplace=True),
        )

    class SiameseUNet(nn.Module):  # type: ignore[misc,name-defined]
        """Shared encoder on both dates; the decoder merges |feature(before) - feature(after)|."""

        def __init__(self, in_channels: int, widths: tuple[int, ...]) -> None:
            super().__init__()
            self.encoder = nn.ModuleList()
            previous = in_channels
            for width in widths:
                self.encoder.append(block(previous, width))
                previous = width
            self.pool = nn.MaxPool2d(2)
            self.up = nn.ModuleList()
            self.decoder = nn.ModuleList()
            for deeper, width in zip(widths[::-1][:-1], widths[::-1][1:], strict=True):
                self.up.append(nn.ConvTranspose2d(deeper, width, 2, stride=2))
                self.decoder.append(block(2 * width, width))
            self.head = nn.Conv2d(widths[0], 1, 1)

        def encode(self, image: Any) -> list[Any]:
            features = []
            for index, stage in enumerate(self.encoder):
                image = stage(image if index == 0 else self.pool(image))
                features.append(image)
            return features

        def forward(self, before: Any, after: Any) -> Any:
            both = self.encode(torch.cat([before, after], dim=0))
            count = before.shape[0]
            differences = [torch.abs(f[:count] - f[count:]) for f in both]
            x = differences[-1]
            for up, stage, skip in zip(self.up, self.decoder, differences[-2::-1], strict=True):
                x = stage(torch.cat([up(x), skip], dim=1))
            return self.head(x)  # logits, (batch, 1, rows, cols)

    return SiameseUNet(config.in_channels, tuple(config.widths))


def save_checkpoint(path: Path, model: torch.nn.Module, config: ModelConfig) -> None:
    torch = _torch()
    path.parent.mkdir(parents=True, exist_ok=True)
    torch.save(
        {
            "format": CHECKPOINT_FORMAT,
            "in_channels": config.in_channels,
            "widths": list(config.widths),
            "threshold": config.threshold,
            "coarse_threshold": config.coarse_threshold,
            "meta": config.meta,
            "state_dict": model.state_dict(),
        },
        path,
    )


@lru_cache(maxsize=2)
def load_checkpoint(path: str, device: str = "cpu") -> tuple[torch.nn.Module, ModelConfig]:
    """Model in eval mode and its config; cached per process (workers load it once)."""
    torch = _torch()
    file = Path(path)
    if not file.is_file():
        raise ModelUnavailable(
            f"{file}: no model weights; train them with `python -m veille.imagery.train` "
            "(see docs/imagery.md) or use --method baseline"
        )
    try:
        data = torch.load(file, map_location=device, weights_only=True)
    except Exception as error:  # a truncated or foreign file: say which and stop
        raise ModelUnavailable(f"{file}: not a readable checkpoint: {error}") from error
    if not isinstance(data, dict) or data.get("format") != CHECKPOINT_FORMAT:
        raise ModelUnavailable(f"{file}: not a veille siamese U-Net checkpoint")
    coarse = data.get("coarse_threshold")
    config = ModelConfig(int(data["in_channels"]), tuple(data["widths"]),
                         float(data["threshold"]), dict(data.get("meta") or {}),
                         None if coarse is None else float(coarse))
    model = build_model(config)
    model.load_state_dict(data["state_dict"])
    model.eval()
    model = fuse_for_inference(model).to(device)
    return model.to(memory_format=torch.channels_last), config  # type: ignore[call-overload]


def fuse_for_inference(model: torch.nn.Module) -> torch.nn.Module:
    """Fold each BatchNorm into the convolution before it (same output, one pass less over
    memory: with 8-16 channels a CPU convolution is bound by memory, not arithmetic)."""
    torch = _torch()
    for module in model.modules():
        if isinstance(module, torch.nn.Sequential):
            for index in range(len(module) - 1):
                conv, norm = module[index], module[index + 1]
                if isinstance(conv, torch.nn.Conv2d) and isinstance(norm, torch.nn.BatchNorm2d):
                    module[index] = torch.nn.utils.fusion.fuse_conv_bn_eval(conv, norm)
                    module[index + 1] = torch.nn.Identity()
    return model


def bfloat16_is_fast(device: str) -> bool:
    """bfloat16 halves memory traffic where the CPU has native bf16 (AVX512-BF16, AMX);
    elsewhere it would be emulated and slower, so it is used only there."""
    if not device.startswith("cpu"):
        return False
    try:
        return bool(_torch().ops.mkldnn._is_mkldnn_bf16_supported())
    except (AttributeError, RuntimeError):
        return False


def prepare(pixels: np.ndarray, valid: np.ndarray | None = None) -> np.ndarray:
    """(3, rows, cols) -> per-band standardised float32, so 8-bit and 16-bit sensors look alike.

    Statistics come from the whole image, not per tile, so tiles of one image agree.
    """
    if pixels.shape[0] == 1:
        pixels = np.repeat(pixels, 3, axis=0)
    mask = valid if valid is not None else np.isfinite(pixels).all(axis=0)
    out = np.empty(pixels.shape, np.float32)
    for index, band in enumerate(pixels):
        values = band[mask] if mask.any() else band.ravel()
        mean, std = float(np.nanmean(values)), float(np.nanstd(values))
        out[index] = (np.nan_to_num(band, nan=mean) - mean) / (std if std > 0 else 1.0)
    return out


def _ramp(size: int, overlap: int) -> np.ndarray:
    ramp = np.ones(size, np.float32)
    if overlap > 0:
        edge = np.linspace(0.05, 1.0, overlap, dtype=np.float32)
        ramp[:overlap], ramp[-overlap:] = edge, edge[::-1]
    return ramp


def _tile_weight(rows: int, cols: int, overlap: int) -> np.ndarray:
    """Weights that fall off over the overlap, so tile seams blend instead of showing."""
    return np.outer(_ramp(rows, overlap), _ramp(cols, overlap))


def _starts(length: int, tile: int, stride: int) -> list[int]:
    starts = list(range(0, max(length - tile, 0) + 1, stride))
    if starts[-1] + tile < length:
        starts.append(length - tile)
    return starts


def predict_probability(
    model: torch.nn.Module,
    before: np.ndarray,
    after: np.ndarray,
    *,
    tile: int = 256,
    overlap: int = 16,
    batch: int = 8,
    device: str = "cpu",
) -> np.ndarray:
    """Change probability (rows, cols) for two prepared (3, rows, cols) arrays, tile by tile.

    Memory stays bounded by the tile batch whatever the image size; images smaller than a
    tile are padded by reflection to a multiple of 8 (three poolings). 256-pixel tiles run
    faster on CPU than bigger ones (they stay in cache) and match the training crops' scale.
    Tensors are channels-last (oneDNN's fast layout) and, on CPUs with native bfloat16,
    computed in bfloat16 (probabilities move by about 0.002).
    """
    torch = _torch()
    rows, cols = before.shape[1:]
    tile_rows = min(tile, -(-rows // 8) * 8)
    tile_cols = min(tile, -(-cols // 8) * 8)
    pad_rows, pad_cols = max(tile_rows - rows, 0), max(tile_cols - cols, 0)
    if pad_rows or pad_cols:
        mode = "reflect" if pad_rows < rows and pad_cols < cols else "edge"
        padding = ((0, 0), (0, pad_rows), (0, pad_cols))
        before = np.pad(before, padding, mode=mode)  # type: ignore[call-overload]
        after = np.pad(after, padding, mode=mode)  # type: ignore[call-overload]
    full_rows, full_cols = before.shape[1:]
    step_overlap = min(overlap, tile_rows // 4, tile_cols // 4)
    weight = _tile_weight(tile_rows, tile_cols, step_overlap)
    total = np.zeros((full_rows, full_cols), np.float32)
    weights = np.zeros((full_rows, full_cols), np.float32)
    corners = [(r, c) for r in _starts(full_rows, tile_rows, tile_rows - step_overlap)
               for c in _starts(full_cols, tile_cols, tile_cols - step_overlap)]
    layout = torch.channels_last
    with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16,
                                                enabled=bfloat16_is_fast(device)):
        for first in range(0, len(corners), batch):
            group = corners[first : first + batch]
            a = np.stack([before[:, r : r + tile_rows, c : c + tile_cols] for r, c in group])
            b = np.stack([after[:, r : r + tile_rows, c : c + tile_cols] for r, c in group])
            logits = model(torch.from_numpy(a).to(device, memory_format=layout),
                           torch.from_numpy(b).to(device, memory_format=layout))
            probability = torch.sigmoid(logits)[:, 0].float().cpu().numpy()
            for (r, c), p in zip(group, probability, strict=True):
                total[r : r + tile_rows, c : c + tile_cols] += p * weight
                weights[r : r + tile_rows, c : c + tile_cols] += weight
    return (total / np.maximum(weights, 1e-6))[:rows, :cols]
