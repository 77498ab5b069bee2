"""Change-detection throughput in km² per second, at 10 m and at 0.5 m ground resolution.

    .venv/bin/python benchmarks/imagery_speed.py [--side 2048] [--weights models/imagery_unet.pt]

Times the whole `detect_changes` pipeline (co-registration, change map, polygons and areas)
on a synthetic textured pair with a sub-pixel shift and a few hundred new buildings, for the
baseline and for the siamese U-Net (random weights of the shipped architecture when no
weights file is given: speed does not depend on the weight values). Targets on a 2-core CPU:
>= 5 km²/s at 10 m and >= 0.05 km²/s at 0.5 m. Wall time and process CPU time are both shown,
with the load average, because a shared machine slows wall time down. A last table times the
network alone, side by side in this run: as trained (float32, BatchNorm separate, contiguous
tensors) and as `load_checkpoint` serves it (BatchNorm folded, channels-last, bfloat16 where
the CPU has it).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from rasterio.crs import CRS
from rasterio.transform import from_origin
from scipy import ndimage

from veille.imagery.detect import detect_changes
from veille.imagery.rasters import Raster

REPO = Path(__file__).resolve().parents[1]
TARGETS = {10.0: 5.0, 0.5: 0.05}


def synthetic_pair(side: int, bands: int, resolution: float, seed: int = 0) -> tuple[Raster, Raster]:
    rng = np.random.default_rng(seed)
    ground = (1000 + 300 * ndimage.gaussian_filter(rng.normal(size=(bands, side + 8, side + 8)),
                                                   (0, 2, 2))).astype(np.float32)
    later = ground.copy()
    for _ in range(side // 8):  # new buildings of 6-30 px a side
        row, col = rng.integers(8, side - 40, 2)
        height, width = rng.integers(6, 30, 2)
        later[:, row : row + height, col : col + width] = 1600
    later = ndimage.shift(later, (0, 0.6, -0.4), order=1)
    transform = from_origin(500_000, 4_420_000, resolution, resolution)
    crs = CRS.from_epsg(32652)
    return (Raster(ground[:, 4:-4, 4:-4].copy(), transform, crs, roles={"red": 0, "green": 1, "blue": 2}),
            Raster(later[:, 4:-4, 4:-4].copy(), transform, crs, roles={"red": 0, "green": 1, "blue": 2}))


def random_weights(path: Path) -> Path:
    from veille.imagery.model import ModelConfig, build_model, save_checkpoint

    save_checkpoint(path, build_model(ModelConfig()), ModelConfig())
    return path


def measure(side: int, resolution: float, method: str, weights: Path | None) -> dict[str, float]:
    before, after = synthetic_pair(side, 4 if resolution >= 10 else 3, resolution)
    detect_changes(before, after, method=method,  # type: ignore[arg-type]
                   weights=weights)  # warm-up: imports, model load
    wall, cpu = time.perf_counter(), time.process_time()
    detection = detect_changes(before, after, method=method, weights=weights)  # type: ignore[arg-type]
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    km2 = side * side * resolution * resolution / 1e6
    return {"km2": km2, "wall_s": wall, "cpu_s": cpu, "km2_per_s": km2 / wall,
            "km2_per_cpu_s_per_core": km2 / cpu * 2 if cpu else float("nan"),
            "objects": float(len(detection.objects))}


def inference_paths(weights: Path, rounds: int = 3) -> list[tuple[str, float, float]]:
    """(path, best wall s, CPU s) of the network on one batch of 8 tiles of 256 px."""
    import torch

    from veille.imagery.model import bfloat16_is_fast, build_model, load_checkpoint

    served, config = load_checkpoint(str(weights))
    plain = build_model(config)
    plain.load_state_dict(torch.load(weights, map_location="cpu", weights_only=True)["state_dict"])
    plain.eval()
    generator = torch.Generator().manual_seed(0)
    before, after = (torch.randn(8, 3, 256, 256, generator=generator) for _ in range(2))
    fast = bfloat16_is_fast("cpu")
    cases = [("float32, as trained", plain, before, after, False),
             (f"folded, channels-last{', bfloat16' if fast else ''}", served,
              before.contiguous(memory_format=torch.channels_last),
              after.contiguous(memory_format=torch.channels_last), fast)]
    rows = []
    with torch.inference_mode():
        for name, model, a, b, bf16 in cases:
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
                model(a, b)
                best_wall, best_cpu = float("inf"), float("inf")
                for _ in range(rounds):
                    wall, cpu = time.perf_counter(), time.process_time()
                    model(a, b)
                    best_wall = min(best_wall, time.perf_counter() - wall)
                    best_cpu = min(best_cpu, time.process_time() - cpu)
            rows.append((name, best_wall, best_cpu))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--side", type=int, default=2048, help="image side in pixels")
    parser.add_argument("--weights", type=Path, default=REPO / "models" / "imagery_unet.pt")
    parser.add_argument("--methods", default="baseline,model")
    args = parser.parse_args(argv)
    methods = args.methods.split(",")
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs; "
          f"image {args.side} x {args.side} px")
    with tempfile.TemporaryDirectory() as scratch:
        weights = args.weights
        if "model" in methods and not weights.is_file():
            print(f"{weights}: absent, timing random weights of the same architecture")
            weights = random_weights(Path(scratch) / "random.pt")
        print("| resolution | method | area km² | wall s | km²/s | target km²/s | meets | CPU s |")
        print("|---|---|---|---|---|---|---|---|")
        for resolution, target in TARGETS.items():
            for method in methods:
                figures = measure(args.side, resolution, method,
                                  weights if method == "model" else None)
                meets = "yes" if figures["km2_per_s"] >= target else "NO"
                print(f"| {resolution:g} m | {method} | {figures['km2']:.2f} | "
                      f"{figures['wall_s']:.2f} | {figures['km2_per_s']:.3g} | {target:g} | {meets} "
                      f"| {figures['cpu_s']:.2f} |", flush=True)
        if "model" in methods:
            print("\n| network alone, 8 tiles of 256 px | best wall s | best CPU s |")
            print("|---|---|---|")
            for name, wall, cpu in inference_paths(weights):
                print(f"| {name} | {wall:.2f} | {cpu:.2f} |", flush=True)
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
