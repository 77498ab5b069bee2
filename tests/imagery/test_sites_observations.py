"""Site files and the judgement of a measured ratio against claimed intervals."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from rasterio.crs import CRS
from rasterio.warp import transform_geom
from shapely.geometry import mapping

from veille.imagery.observations import claimed_interval, consensus_interval, judge_ratio
from veille.imagery.sites import DEMO_SITES, SiteError, load_sites


def test_demo_sites_load_with_footprints() -> None:
    sites, errors = load_sites(DEMO_SITES)
    assert errors == []
    names = {site.name for site in sites}
    assert {"February 11 Plant", "Ryongsong Machine Complex", "8 February Vinalon Complex"} <= names
    plant = next(site for site in sites if site.name == "February 11 Plant")
    assert 39.8 < plant.geometry.y < 40.1 and 127.4 < plant.geometry.x < 127.7
    laea = CRS.from_proj4(f"+proj=laea +lat_0={plant.geometry.y} +lon_0={plant.geometry.x}")
    disc = transform_geom(CRS.from_epsg(4326), laea, mapping(plant.footprint()))
    from shapely.geometry import shape

    assert shape(disc).area == pytest.approx(math.pi * plant.radius_m**2, rel=0.01)


def test_bad_features_are_reported_and_the_rest_load(tmp_path: Path) -> None:
    features = [
        {"type": "Feature", "properties": {"name": "Good", "entity": "X"},
         "geometry": {"type": "Polygon", "coordinates": [[[1, 1], [1, 2], [2, 2], [1, 1]]]}},
        {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [1, 1]}},
        {"type": "Feature", "properties": {"name": "NoRadius"},
         "geometry": {"type": "Point", "coordinates": [1, 1]}},
        {"type": "Feature", "properties": {"name": "Metres", "radius_m": 5},
         "geometry": {"type": "Point", "coordinates": [500000, 4400000]}},
        {"type": "Feature", "properties": {"name": "good", "radius_m": 10},
         "geometry": {"type": "Point", "coordinates": [1, 1]}},
    ]
    path = tmp_path / "s.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    sites, errors = load_sites(path)
    assert [site.name for site in sites] == ["Good"]
    assert any("feature 1" in e and "name" in e for e in errors)
    assert any("NoRadius" in e and "radius_m" in e for e in errors)
    assert any("Metres" in e and "lon/lat" in e for e in errors)
    assert any("duplicate" in e for e in errors)
    (tmp_path / "x.geojson").write_text("[]")
    with pytest.raises(SiteError, match="x.geojson"):
        load_sites(tmp_path / "x.geojson")


def test_measured_ratio_against_claims() -> None:
    same_size = claimed_interval({"low": 0.6, "high": 0.7, "bound": "="})
    larger = claimed_interval({"low": 1.6, "high": 1.7})
    assert judge_ratio(0.65, same_size).stance == "supports"
    verdict = judge_ratio(0.65, larger)
    assert verdict.stance == "contradicts" and "below" in verdict.reason
    assert judge_ratio(0.77, same_size).stance == "supports"  # 0.77 - 10 % = 0.69
    assert judge_ratio(0.80, same_size).stance == "contradicts"
    assert claimed_interval({"low": 10000, "bound": ">="}) == (10000, math.inf)
    assert claimed_interval({"text": "large"}) is None
    assert consensus_interval([(0.6, 0.7), (0.6, 0.7), (1.6, 1.7)]) == (0.6, 0.7)
