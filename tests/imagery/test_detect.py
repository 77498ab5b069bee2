"""End to end: a new building in a shifted pair is found, measured and written out."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from imagery_synthetic import BUILDING, PIXEL_M, make_pair
from PIL import Image
from typer.testing import CliRunner

from veille.cli import app
from veille.imagery.detect import detect_changes
from veille.imagery.rasters import read_raster
from veille.imagery.structures import subpixel_polygons

runner = CliRunner()
TRUE_AREA = (BUILDING[0].stop - BUILDING[0].start) * (BUILDING[1].stop - BUILDING[1].start) \
    * PIXEL_M**2


def test_new_building_detected_with_area_within_tolerance(
    georeferenced_pair: tuple[Path, Path],
) -> None:
    before, after = (read_raster(path) for path in georeferenced_pair)
    detection = detect_changes(before, after, method="baseline")
    assert abs(detection.registration.shift_rows + 1.4) < 0.2
    assert abs(detection.registration.shift_cols - 0.7) < 0.2
    assert len(detection.objects) == 1
    building = detection.objects[0]
    assert building.area_m2 == pytest.approx(TRUE_AREA, rel=0.10)
    truth = np.zeros(detection.mask.shape, bool)
    truth[BUILDING] = True
    iou = (detection.mask & truth).sum() / (detection.mask | truth).sum()
    assert iou > 0.85
    # the score crosses the decision level on the mask's border: a sub-pixel outline of
    # the building measures about the same area as its pixels
    assert detection.labels is not None
    outline = subpixel_polygons(detection.labels, detection.score, detection.decision_level,
                                before.transform)[1]
    assert outline.area == pytest.approx(building.area_m2, rel=0.10)


def test_cli_detect_writes_the_four_files(georeferenced_pair: tuple[Path, Path],
                                          tmp_path: Path) -> None:
    before, after = georeferenced_pair
    reference = "POLYGON((500000 4420000, 500030 4420000, 500030 4419980, 500000 4419980, " \
                "500000 4420000))"  # 30 m x 20 m = 600 m², the size of the new building
    out = tmp_path / "out"
    result = runner.invoke(app, ["imagery", "detect", str(before), str(after), "--out", str(out),
                                 "--reference-polygon", reference])
    assert result.exit_code == 0, result.output
    for name in ("change_mask.png", "change_mask.tif", "changes.geojson", "overlay.png"):
        assert (out / name).is_file(), name
    mask = np.asarray(Image.open(out / "change_mask.png"))
    assert mask.shape == (300, 300) and set(np.unique(mask)) == {0, 255}
    tif = read_raster(out / "change_mask.tif")
    assert tif.transform == read_raster(before).transform
    changes = json.loads((out / "changes.geojson").read_text())
    change = next(f for f in changes["features"] if f["properties"]["role"] == "change")
    assert change["properties"]["ratio_to_reference"] == pytest.approx(1.0, abs=0.1)
    assert changes["properties"]["registration"]["residual_px"] < 0.2
    assert Image.open(out / "overlay.png").size == (300, 300)


def test_cli_detect_plain_png_pair_writes_no_tif(tmp_path: Path) -> None:
    before, after = make_pair(shift=(0.0, 0.0))
    for name, pixels in (("b.png", before), ("a.png", after)):
        image = np.clip(np.moveaxis(pixels, 0, -1) / 4, 0, 255).astype(np.uint8)
        Image.fromarray(image).save(tmp_path / name)
    out = tmp_path / "out"
    result = runner.invoke(app, ["imagery", "detect", str(tmp_path / "b.png"),
                                 str(tmp_path / "a.png"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["change_mask.png", "changes.geojson",
                                                     "overlay.png"]
    changes = json.loads((out / "changes.geojson").read_text())
    assert changes["features"][0]["properties"]["area_px"] == pytest.approx(2400, rel=0.1)


def test_cli_detect_model_without_weights_is_one_line_error(
    georeferenced_pair: tuple[Path, Path], tmp_path: Path,
) -> None:
    before, after = georeferenced_pair
    result = runner.invoke(app, ["imagery", "detect", str(before), str(after), "--out",
                                 str(tmp_path / "o"), "--method", "model",
                                 "--weights", str(tmp_path / "none.pt")])
    assert result.exit_code == 1
    message = " ".join(result.output.split())  # the console may wrap long lines
    assert "none.pt: no model weights" in message and "Traceback" not in message
