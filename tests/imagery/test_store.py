"""Sites, images and observations in the store, and an observation held against a claim slot."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from shapely.geometry import box, mapping
from typer.testing import CliRunner

from veille.cli import app
from veille.imagery.catalog import CatalogError, link_to_slot, store_detection, store_sites
from veille.imagery.detect import detect_changes
from veille.imagery.rasters import read_raster
from veille.imagery.sites import Site
from veille.store import Store
from veille.store.imagery import list_observations, list_sites
from veille.store.models import Claim, Document, Slot

runner = CliRunner()


def _site_over_pair(path: Path) -> Site:
    """A polygon site covering the synthetic images (UTM 52N near 129° E, 39.9° N)."""
    raster = read_raster(path)
    from veille.imagery.catalog import image_footprint

    return Site("Test works", image_footprint(raster).buffer(0.001), entity="Test works")


def _slot_with_claims(store: Store) -> None:
    with store.session() as session:
        session.add(Document(id="d1", external_id="doc-1", sha256="0" * 64, text="t",
                             ingested_at=datetime(2024, 1, 1)))
        session.add(Slot(id="slot1", key="k", subject="new assembly building",
                         property="size_ratio", reference="existing building"))
        session.flush()
        for index, (low, high) in enumerate([(0.6, 0.7), (0.6, 0.7), (1.6, 1.7)]):
            session.add(Claim(id=f"c{index}", document_id="d1", start=0, end=1, quote="q",
                              subject="new assembly building", property="size_ratio",
                              value={"low": low, "high": high, "bound": "="},
                              modality="estimated", slot_id="slot1"))


def test_detection_recorded_and_linked_to_slot(
    store: Store, georeferenced_pair: tuple[Path, Path],
) -> None:
    before_path, after_path = georeferenced_pair
    site = _site_over_pair(before_path)
    before, after = read_raster(before_path), read_raster(after_path)
    reference = box(500_000, 4_419_970, 500_030, 4_420_000)  # 900 m²: building = 0.67 of it
    detection = detect_changes(before, after, reference=reference)
    _slot_with_claims(store)
    with store.session() as session:
        assert store_sites(session, [site]) == (1, 0)
        assert store_sites(session, [site]) == (0, 1)
        watched = list_sites(session)[0][0]
        observations = store_detection(session, watched, detection, after)
        again = store_detection(session, watched, detection, after)
        assert [o.id for o in again] == [o.id for o in observations]  # idempotent
        observation_id = observations[0].id
    with store.session() as session:
        (observation,) = list_observations(session)
        assert observation.observed_on.isoformat() == "2024-06-02"
        assert observation.before_date.isoformat() == "2023-05-01"
        assert observation.ratio == pytest.approx(600 / 900, rel=0.1)
        assert list_sites(session)[0][1:] == (2, 1)  # two images, one observation
        detail = link_to_slot(session, observation_id, "slot1")
    assert detail["stance"] == "supports"
    stances = sorted(claim["stance"] for claim in detail["claims"])
    assert stances == ["contradicts", "supports", "supports"]
    with store.session() as session, pytest.raises(CatalogError, match="no claim slot"):
        link_to_slot(session, observation_id, "nope")


def test_cli_sites_and_add(tmp_path: Path, georeferenced_pair: tuple[Path, Path]) -> None:
    db = f"sqlite:///{tmp_path / 'v.db'}"
    site = _site_over_pair(georeferenced_pair[0])
    sites_file = tmp_path / "sites.geojson"
    sites_file.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": site.name}, "geometry": mapping(site.geometry)},
        {"type": "Feature", "properties": {"name": "Far", "radius_m": 100},
         "geometry": {"type": "Point", "coordinates": [2.35, 48.85]}},
    ]}))
    result = runner.invoke(app, ["imagery", "sites", "load", str(sites_file), "--db", db])
    assert result.exit_code == 0 and "2 sites added" in result.output
    result = runner.invoke(app, ["imagery", "add", str(georeferenced_pair[0]), "--site",
                                 "Test works", "--sensor", "synthetic", "--db", db])
    assert result.exit_code == 0, result.output
    assert "2023-05-01" in result.output and "0.50 m" in result.output
    result = runner.invoke(app, ["imagery", "add", str(georeferenced_pair[1]), "--site", "Far",
                                 "--db", db])
    assert result.exit_code == 0 and "does not cover" in " ".join(result.output.split())
    result = runner.invoke(app, ["imagery", "add", str(georeferenced_pair[1]), "--site", "Nowhere",
                                 "--db", db])
    assert result.exit_code == 1 and "no site named" in result.output
    listing = runner.invoke(app, ["imagery", "sites", "list", "--db", db])
    assert "Test works" in listing.output and "1 images" in listing.output
