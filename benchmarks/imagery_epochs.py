"""Choose the imagery model's number of epochs on validation sites, never on the test sites.

    .venv/bin/python benchmarks/imagery_epochs.py --data ../shared/imagery --epochs 30 60 90

For each number of epochs, the siamese U-Net is trained with the recipe of
`python -m veille.imagery.train` on the training pairs less the validation sites of
src/veille/imagery/split.yaml (`--validate`), and scored on those sites: pooled pixel F1 at
the thresholds chosen on its own training pairs. The checkpoints go to a temporary folder and
are dropped (they are trained on non-commercial data). The held-out test sites are not read.
"""

from __future__ import annotations

import argparse
import json
import platform
import tempfile
import time
from datetime import date
from pathlib import Path

from veille.imagery.model import DEFAULT_WIDTHS, _torch, load_checkpoint
from veille.imagery.train import train


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--epochs", type=int, nargs="+", default=[30, 60, 90])
    parser.add_argument("--threads", type=int, default=1)
    arguments = parser.parse_args()
    _torch().set_num_threads(arguments.threads)
    with tempfile.TemporaryDirectory() as workdir:
        for epochs in arguments.epochs:
            out = Path(workdir) / f"unet_{epochs}.pt"
            started = time.perf_counter()
            train(arguments.data, out, epochs=epochs, steps_per_epoch=20, batch=8, crop=128,
                  device="cpu", seed=0, widths=DEFAULT_WIDTHS, validate=True)
            _, config = load_checkpoint(str(out), "cpu")
            print(json.dumps({
                "epochs": epochs, "validation_pixel_f1": config.meta.get("validation_f1"),
                "validation_groups": config.meta.get("validation_groups"),
                "thresholds": [config.threshold, config.coarse_threshold],
                "seconds": round(time.perf_counter() - started),
                "machine": f"{platform.machine()}, {arguments.threads} thread(s)",
                "date": date.today().isoformat()}), flush=True)
            load_checkpoint.cache_clear()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
