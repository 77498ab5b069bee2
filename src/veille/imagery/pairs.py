"""Labelled image pairs from the shared research datasets, grouped by site for honest splits.

A group is a site (an OSCD city) or one source scene of a crop dataset: tiles of one scene
never land on both sides of a train/test split. The held-out groups are fixed in
`split.yaml`, chosen before any result was seen, so training and benchmarks agree on them.
The data itself is never copied into the repository (see ../shared/imagery/README.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image

from veille.datafiles import read_yaml
from veille.imagery.rasters import Raster, read_raster


@dataclass
class LabelledPair:
    """Two dates of one place and the true change mask on the BEFORE grid."""

    group: str  # "<dataset>:<site or scene>"
    before_path: Path
    after_path: Path
    label_path: Path

    @property
    def dataset(self) -> str:
        return self.group.split(":", 1)[0]

    def load(self) -> tuple[Raster, Raster, np.ndarray]:
        before, after = read_raster(self.before_path), read_raster(self.after_path)
        with Image.open(self.label_path) as label:
            mask = np.asarray(label.convert("L")) > 127
        return before, after, mask


@lru_cache(maxsize=1)
def held_out(part: str = "test") -> frozenset[str]:
    """The sites and scenes of one part of split.yaml: "test" (never trained on) or
    "validation" (training pairs set aside to choose the recipe)."""
    data = read_yaml((Path(__file__).parent / "split.yaml").read_text(encoding="utf-8"))
    return frozenset(data[part])


def _crop_pairs(root: Path, dataset: str, prefix: str = "") -> Iterator[LabelledPair]:
    for before in sorted((root / "A").glob("*.png")):
        after, label = root / "B" / before.name, root / "label" / before.name
        if after.is_file() and label.is_file():
            yield LabelledPair(f"{dataset}:{prefix}{before.stem}", before, after, label)


def find_pairs(data_dir: Path) -> list[LabelledPair]:
    """Every labelled pair under the shared imagery folder, in a stable order."""
    pairs: list[LabelledPair] = []
    for city in sorted((data_dir / "oscd").glob("*/")):
        before, after = city / "t1_B02_B03_B04_B08.tif", city / "t2_B02_B03_B04_B08.tif"
        label = city / "change_mask.png"
        if before.is_file() and after.is_file() and label.is_file():
            pairs.append(LabelledPair(f"oscd:{city.name}", before, after, label))
    pairs.extend(_crop_pairs(data_dir / "levir_cd_samples", "levir"))
    pairs.extend(_crop_pairs(data_dir / "dsifn_samples", "dsifn"))
    for split in ("train", "val", "test"):
        pairs.extend(_crop_pairs(data_dir / "egy_bcd_samples" / split, "egy"))
    return pairs


def split_pairs(pairs: list[LabelledPair]) -> tuple[list[LabelledPair], list[LabelledPair]]:
    """(train, test) by the fixed list of held-out sites and scenes."""
    test_groups = held_out()
    train = [pair for pair in pairs if pair.group not in test_groups]
    test = [pair for pair in pairs if pair.group in test_groups]
    return train, test
