"""Train the siamese U-Net on the shared labelled pairs, holding out whole sites for testing.

    python -m veille.imagery.train --data ../shared/imagery --out models/imagery_unet.pt \\
        --epochs 30 --device cpu      # or --device cuda on a GPU machine

The held-out sites and scenes (split.yaml) are never read here. The weights come from
research datasets under non-commercial or academic-use licences: they stay out of git
(`/models/*.pt` is ignored) and every feature of veille works without them.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from veille.imagery.coregister import coregister
from veille.imagery.model import (
    COARSE_FROM_M,
    DEFAULT_WIDTHS,
    ModelConfig,
    _torch,
    build_model,
    load_checkpoint,
    predict_probability,
    prepare,
    save_checkpoint,
)
from veille.imagery.pairs import LabelledPair, find_pairs, held_out, split_pairs

LICENCE_NOTE = (
    "trained on OSCD (change maps CC BY-NC-SA), LEVIR-CD, DSIFN-CD and EGY-BCD (academic/"
    "research use): do not commit or redistribute these weights"
)


@dataclass
class TrainingPair:
    group: str
    before: np.ndarray  # prepared (3, rows, cols)
    after: np.ndarray
    label: np.ndarray  # (rows, cols) float32 0/1
    changed: np.ndarray  # (n, 2) row/col of changed pixels, to centre some crops on change
    resolution_m: float | None = None


def load_training_pairs(pairs: list[LabelledPair]) -> list[TrainingPair]:
    """Co-register each pair the way inference does, then standardise its RGB bands."""
    loaded = []
    for pair in pairs:
        before, after, label = pair.load()
        aligned, valid, _ = coregister(before, after)
        loaded.append(TrainingPair(
            pair.group,
            prepare(before.rgb(), valid),
            prepare(aligned.rgb(), valid),
            (label & valid).astype(np.float32),
            np.argwhere(label & valid),
            before.resolution_m,
        ))
    return loaded


def sample_crop(pair: TrainingPair, size: int, rng: random.Random,
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A random crop (half of them centred on a changed pixel) with flips, turns, date swap
    and radiometric jitter, so a few dozen pairs go further."""
    rows, cols = pair.label.shape
    if pair.changed.size and rng.random() < 0.5:
        centre_row, centre_col = pair.changed[rng.randrange(len(pair.changed))]
        top = int(np.clip(centre_row - size // 2 + rng.randint(-size // 4, size // 4), 0,
                          max(rows - size, 0)))
        left = int(np.clip(centre_col - size // 2 + rng.randint(-size // 4, size // 4), 0,
                           max(cols - size, 0)))
    else:
        top, left = rng.randint(0, max(rows - size, 0)), rng.randint(0, max(cols - size, 0))
    window = (slice(None), slice(top, top + size), slice(left, left + size))
    before, after = pair.before[window], pair.after[window]
    label = pair.label[top : top + size, left : left + size][None]
    turns, flip = rng.randrange(4), rng.random() < 0.5
    arrays = []
    for array in (before, after, label):
        array = np.rot90(array, turns, axes=(1, 2))
        arrays.append(np.ascontiguousarray(array[:, :, ::-1] if flip else array))
    before, after, label = arrays
    if rng.random() < 0.5:
        before, after = after, before
    before = before * rng.uniform(0.8, 1.2) + rng.uniform(-0.2, 0.2)
    after = after * rng.uniform(0.8, 1.2) + rng.uniform(-0.2, 0.2)
    return before.astype(np.float32), after.astype(np.float32), label.astype(np.float32)


def make_batch(by_dataset: dict[str, list[TrainingPair]], size: int, count: int,
               rng: random.Random) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Datasets are drawn evenly, so the many-pixel OSCD cities do not drown the crops."""
    crops = []
    names = sorted(by_dataset)
    for _ in range(count):
        pool = by_dataset[rng.choice(names)]
        crop = sample_crop(rng.choice(pool), size, rng)
        if crop[0].shape[1:] != (size, size):  # a scene smaller than the crop: pad it
            crop = tuple(_pad_to(a, size) for a in crop)  # type: ignore[assignment]
        crops.append(crop)
    return tuple(np.stack(parts) for parts in zip(*crops, strict=True))  # type: ignore[return-value]


def _pad_to(array: np.ndarray, size: int) -> np.ndarray:
    rows, cols = array.shape[1:]
    return np.pad(array, ((0, 0), (0, size - rows), (0, size - cols)), mode="constant")


def choose_thresholds(model: Any, pairs: list[TrainingPair], device: str,
                      ) -> tuple[float, float | None]:
    """(fine, coarse) probability cuts, each maximising pooled F1 on the TRAINING pairs of
    its resolution band (coarse: ground resolution of COARSE_FROM_M metres or more)."""
    coarse = [pair for pair in pairs if pair.resolution_m and pair.resolution_m >= COARSE_FROM_M]
    fine = [pair for pair in pairs if pair not in coarse]
    fine_cut = choose_threshold(model, fine or pairs, device)
    return fine_cut, choose_threshold(model, coarse, device) if coarse else None


def choose_threshold(model: Any, pairs: list[TrainingPair], device: str) -> float:
    """The probability cut that maximises pooled F1 on the TRAINING pairs (never the test)."""
    probabilities, labels = [], []
    for pair in pairs:
        probabilities.append(predict_probability(model, pair.before, pair.after, device=device)
                             .ravel())
        labels.append(pair.label.ravel() > 0.5)
    probability, label = np.concatenate(probabilities), np.concatenate(labels)
    best, best_f1 = 0.5, -1.0
    for threshold in np.arange(0.05, 0.96, 0.05):
        predicted = probability > threshold
        true_positive = float((predicted & label).sum())
        f1 = 2 * true_positive / max(float(predicted.sum() + label.sum()), 1.0)
        if f1 > best_f1:
            best, best_f1 = float(threshold), f1
    return round(best, 2)


def validation_f1(model: Any, pairs: list[TrainingPair], config: ModelConfig,
                  device: str) -> float:
    """Pooled pixel F1 on `pairs` at the checkpoint's thresholds (each pair's band)."""
    true_positive = predicted_total = label_total = 0.0
    for pair in pairs:
        predicted = predict_probability(model, pair.before, pair.after, device=device) > \
            config.threshold_for(pair.resolution_m)
        label = pair.label > 0.5
        true_positive += float((predicted & label).sum())
        predicted_total += float(predicted.sum())
        label_total += float(label.sum())
    return 2 * true_positive / max(predicted_total + label_total, 1.0)


def train(data: Path, out: Path, *, epochs: int, steps_per_epoch: int, batch: int,
          crop: int, device: str, seed: int, widths: tuple[int, ...],
          validate: bool = False) -> Path:
    """Train and save a checkpoint. With `validate`, the validation sites of split.yaml are
    left out of training and scored at the end (pooled pixel F1, printed and kept in the
    checkpoint's metadata): the way to choose the recipe without the test sites."""
    torch = _torch()
    torch.manual_seed(seed)
    rng = random.Random(seed)
    train_pairs, test_pairs = split_pairs(find_pairs(data))
    if not train_pairs:
        raise SystemExit(f"{data}: no labelled pairs found (see ../shared/imagery/README.md)")
    validation_pairs: list[LabelledPair] = []
    if validate:
        kept = held_out("validation")
        validation_pairs = [pair for pair in train_pairs if pair.group in kept]
        train_pairs = [pair for pair in train_pairs if pair.group not in kept]
    print(f"training on {len(train_pairs)} pairs; {len(validation_pairs)} validation pairs; "
          f"{len(test_pairs)} held-out pairs not read", flush=True)
    loaded = load_training_pairs(train_pairs)
    by_dataset: dict[str, list[TrainingPair]] = {}
    for pair in loaded:
        by_dataset.setdefault(pair.group.split(":")[0], []).append(pair)
    config = ModelConfig(in_channels=3, widths=widths)
    model = build_model(config).to(device)
    optimiser = torch.optim.AdamW(model.parameters(), lr=2e-3, weight_decay=1e-4)
    total_steps = epochs * steps_per_epoch
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, max_lr=2e-3, total_steps=total_steps)
    bce = torch.nn.BCEWithLogitsLoss(pos_weight=torch.tensor(3.0, device=device))
    started = time.time()
    for epoch in range(epochs):
        model.train()
        losses = []
        for _ in range(steps_per_epoch):
            before, after, label = (torch.from_numpy(a).to(device)
                                    for a in make_batch(by_dataset, crop, batch, rng))
            logits = model(before, after)
            probability = torch.sigmoid(logits)
            dice = 1 - (2 * (probability * label).sum() + 1) / (probability.sum() + label.sum() + 1)
            loss = bce(logits, label) + dice
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            losses.append(float(loss.detach()))
        print(f"epoch {epoch + 1}/{epochs} loss {np.mean(losses):.4f} "
              f"({time.time() - started:.0f} s)", flush=True)
    model.eval()
    config.threshold, config.coarse_threshold = choose_thresholds(model, loaded, device)
    validation = round(validation_f1(model, load_training_pairs(validation_pairs), config,
                                     device), 4) if validation_pairs else None
    if validation is not None:
        print(f"validation pixel F1 {validation:.4f} on {len(validation_pairs)} pairs "
              f"after {epochs} epochs", flush=True)
    config.meta = {
        "trained": date.today().isoformat(),
        "epochs": epochs,
        "steps_per_epoch": steps_per_epoch,
        "batch": batch,
        "crop": crop,
        "seed": seed,
        "train_groups": [pair.group for pair in train_pairs],
        "held_out_groups": [pair.group for pair in test_pairs],
        "validation_groups": [pair.group for pair in validation_pairs],
        "validation_f1": validation,
        "seconds": round(time.time() - started),
        "licence": LICENCE_NOTE,
    }
    save_checkpoint(out, model.cpu(), config)
    print(f"saved {out} (thresholds {config.threshold}, coarse {config.coarse_threshold}); "
          f"{LICENCE_NOTE}", flush=True)
    return out


def recalibrate(data: Path, checkpoint: Path, device: str) -> Path:
    """Choose the thresholds of an already trained checkpoint again, on its training pairs
    (for checkpoints saved before per-resolution thresholds existed); weights are untouched."""
    torch = _torch()
    model, config = load_checkpoint(str(checkpoint), device)
    train_pairs, _ = split_pairs(find_pairs(data))
    config.threshold, config.coarse_threshold = choose_thresholds(
        model, load_training_pairs(train_pairs), device)
    raw = torch.load(checkpoint, map_location="cpu", weights_only=True)
    raw["threshold"], raw["coarse_threshold"] = config.threshold, config.coarse_threshold
    torch.save(raw, checkpoint)
    load_checkpoint.cache_clear()
    print(f"{checkpoint}: thresholds {config.threshold}, coarse {config.coarse_threshold}",
          flush=True)
    return checkpoint


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m veille.imagery.train", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="the shared imagery folder")
    parser.add_argument("--out", type=Path, default=Path("models/imagery_unet.pt"))
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--steps-per-epoch", type=int, default=20)
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--crop", type=int, default=128)
    parser.add_argument("--device", default="cpu", help="cpu, cuda or cuda:N")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=0,
                        help="CPU threads for torch (0: torch's default)")
    parser.add_argument("--widths", default=",".join(map(str, DEFAULT_WIDTHS)),
                        help="encoder channels per level, comma-separated")
    parser.add_argument("--recalibrate", action="store_true",
                        help="only choose the thresholds of the --out checkpoint again")
    parser.add_argument("--validate", action="store_true",
                        help="leave split.yaml's validation sites out and score them at the end")
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        parser.error(f"{args.data}: not a folder")
    if args.crop % 8 or args.crop < 32:
        parser.error("--crop must be a multiple of 8, at least 32")
    widths = tuple(int(w) for w in args.widths.split(","))
    if args.threads > 0:
        _torch().set_num_threads(args.threads)
    if args.device.startswith("cuda") and not _torch().cuda.is_available():
        parser.error("--device cuda: no CUDA device visible to torch")
    if args.recalibrate:
        recalibrate(args.data, args.out, args.device)
        return 0
    train(args.data, args.out, epochs=args.epochs, steps_per_epoch=args.steps_per_epoch,
          batch=args.batch, crop=args.crop, device=args.device, seed=args.seed, widths=widths,
          validate=args.validate)
    return 0


if __name__ == "__main__":
    sys.exit(main())
