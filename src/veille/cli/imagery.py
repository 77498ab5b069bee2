"""`veille imagery ...`: watched sites, images of them, change detection and measurement.

`veille imagery detect BEFORE AFTER --out DIR` needs no database; the other commands use it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.orm import Session

from veille.cli.app import DbOption, app, console, fail, open_or_fail

imagery_app = typer.Typer(name="imagery", no_args_is_help=True,
                          help="Satellite imagery: watched sites, change detection, measurement.")
sites_app = typer.Typer(name="sites", no_args_is_help=True, help="Watched sites.")
imagery_app.add_typer(sites_app)
app.add_typer(imagery_app)

DEFAULT_WEIGHTS = Path("models/imagery_unet.pt")


def _errors() -> tuple[type[Exception], ...]:
    """Errors of the imagery area that end a command with a one-line message."""
    from veille.imagery.catalog import CatalogError
    from veille.imagery.model import ModelUnavailable
    from veille.imagery.objects import ObjectError
    from veille.imagery.rasters import RasterError
    from veille.imagery.sites import SiteError

    return (CatalogError, ModelUnavailable, ObjectError, RasterError, SiteError)


@contextmanager
def _session(db: str | None) -> Iterator[Session]:
    store = open_or_fail(db)
    try:
        with store.session() as session:
            yield session
    except _errors() as error:
        fail(str(error))
    finally:
        store.close()


@sites_app.command("load")
def sites_load(
    file: Annotated[Path, typer.Argument(help="GeoJSON FeatureCollection of sites.")],
    db: DbOption = None,
) -> None:
    """Load or update watched sites from GeoJSON (features need a `name`; points a `radius_m`)."""
    from veille.imagery.catalog import store_sites
    from veille.imagery.sites import SiteError, load_sites

    try:
        sites, errors = load_sites(file)
    except SiteError as error:
        fail(str(error))
        return
    for problem in errors:
        console.print(f"[yellow]skipped:[/yellow] {problem}", highlight=False)
    with _session(db) as session:
        created, updated = store_sites(session, sites)
    print(f"{created} sites added, {updated} updated, {len(errors)} skipped")


@sites_app.command("list")
def sites_list(db: DbOption = None) -> None:
    """List watched sites with their entity and how many images and observations each has."""
    from veille.store.imagery import list_sites

    with _session(db) as session:
        for site, images, observations in list_sites(session):
            linked = "linked" if site.entity_id else "unlinked"
            where = f"r={site.radius_m:g} m" if site.radius_m else site.geometry.get("type", "")
            print(f"{site.name}\t{site.entity_name or '-'} ({linked})\t{where}\t"
                  f"{images} images\t{observations} observations")


@imagery_app.command("add")
def add(
    file: Annotated[Path, typer.Argument(help="GeoTIFF, or PNG/JPEG with a world file.")],
    site: Annotated[str, typer.Option("--site", help="Name of a loaded site.")],
    date: Annotated[str | None, typer.Option("--date", help="Acquisition date YYYY-MM-DD "
                                             "(default: from the file's tags).")] = None,
    sensor: Annotated[str | None, typer.Option("--sensor", help="e.g. Sentinel-2, WV3.")] = None,
    crs: Annotated[str | None, typer.Option("--crs", help="CRS for a world file without .prj, "
                                            "e.g. EPSG:32652.")] = None,
    db: DbOption = None,
) -> None:
    """Record an image of a site, with its date, sensor and resolution."""
    from veille.imagery.catalog import site_named, store_image
    from veille.imagery.rasters import read_raster

    try:
        raster = read_raster(file, acquired=date, sensor=sensor, crs=crs)
    except _errors() as error:
        fail(str(error))
        return
    if raster.acquired is None:
        fail(f"{file}: no acquisition date in the file; give --date YYYY-MM-DD")
    with _session(db) as session:
        added = store_image(session, site_named(session, site), raster)
        resolution = f"{raster.resolution_m:.2f} m" if raster.resolution_m else "unknown resolution"
        state = "added" if added.created else "already recorded"
        print(f"{added.image.id}\t{state}\t{raster.acquired}\t{raster.sensor or '-'}\t{resolution}")
        if added.overlaps_site is False:
            console.print(f"[yellow]warning:[/yellow] {file} does not cover the site {site!r}",
                          highlight=False)


@imagery_app.command("detect")
def detect(
    before: Annotated[Path, typer.Argument(help="Earlier image (its grid is the output grid).")],
    after: Annotated[Path, typer.Argument(help="Later image of the same place.")],
    out: Annotated[Path, typer.Option("--out", help="Folder for the four output files.")],
    method: Annotated[str, typer.Option("--method", help="baseline (no training) or model.")]
    = "baseline",
    weights: Annotated[Path | None, typer.Option(
        "--weights", help="Model weights (default: $VEILLE_IMAGERY_WEIGHTS or "
        "models/imagery_unet.pt).")] = None,
    reference_polygon: Annotated[str | None, typer.Option(
        "--reference-polygon", help="Reference building: .geojson file (lon/lat) or WKT in the "
        "image's coordinates; areas are then also given as ratios to it.")] = None,
    before_date: Annotated[str | None, typer.Option("--before-date")] = None,
    after_date: Annotated[str | None, typer.Option("--after-date")] = None,
    crs: Annotated[str | None, typer.Option("--crs", help="CRS for world files without .prj.")]
    = None,
    min_pixels: Annotated[int, typer.Option("--min-pixels", help="Smallest region kept.")] = 4,
    site: Annotated[str | None, typer.Option("--site", help="Also record the measured "
                                             "structures as observations of this site.")] = None,
    device: Annotated[str, typer.Option("--device", help="cpu or cuda (model only).")] = "cpu",
    db: DbOption = None,
) -> None:
    """Find and measure what changed between two co-located images; writes change_mask.png,
    change_mask.tif (georeferenced input), changes.geojson and overlay.png."""
    from veille.imagery.detect import detect_changes, write_outputs
    from veille.imagery.objects import read_reference
    from veille.imagery.rasters import read_raster

    if method not in ("baseline", "model"):
        fail(f"--method {method!r}: baseline or model")
    chosen_weights = weights or Path(os.environ.get("VEILLE_IMAGERY_WEIGHTS", DEFAULT_WEIGHTS))
    try:
        before_raster = read_raster(before, acquired=before_date, crs=crs)
        after_raster = read_raster(after, acquired=after_date, crs=crs)
        reference = read_reference(reference_polygon, before_raster) if reference_polygon else None
        detection = detect_changes(
            before_raster, after_raster, method=method,  # type: ignore[arg-type]
            weights=chosen_weights if method == "model" else None, reference=reference,
            min_object_px=min_pixels, device=device,
        )
        written = write_outputs(detection, out)
    except _errors() as error:
        fail(str(error))
        return
    summary = detection.summary()
    registration = detection.registration
    print(f"registration: shift applied ({registration.shift_rows:+.2f}, "
          f"{registration.shift_cols:+.2f}) px, residual {registration.residual_px:.2f} px"
          + ("" if registration.reliable else " (scene changed too much to measure alignment)"))
    print(f"changed: {summary['changed_fraction']:.2%} of pixels, {len(detection.objects)} regions")
    for item in detection.objects[:5]:
        area = f"{item.area_m2:,.0f} m²" if item.area_m2 is not None else f"{item.area_px} px"
        ratio = (f", {item.ratio_to_reference:.2f} x reference"
                 if item.ratio_to_reference is not None else "")
        print(f"  {item.kind}\t{area}{ratio}")
    for path in written.values():
        print(path)
    if site:
        from veille.imagery.catalog import store_detection

        with _session(db) as session:
            from veille.imagery.catalog import site_named

            stored = store_detection(session, site_named(session, site), detection, after_raster)
        print(f"{len(stored)} observations recorded for {site}")


@imagery_app.command("observations")
def observations(
    site: Annotated[str | None, typer.Option("--site", help="Only this site.")] = None,
    db: DbOption = None,
) -> None:
    """List observations (one measured structure each) as JSON lines."""
    from veille.imagery.catalog import site_named
    from veille.store.imagery import list_observations

    with _session(db) as session:
        site_id = site_named(session, site).id if site else None
        for item in list_observations(session, site_id):
            print(json.dumps({
                "id": item.id, "site_id": item.site_id, "observed_on": str(item.observed_on),
                "before_date": str(item.before_date), "method": item.method, "kind": item.kind,
                "area_m2": item.area_m2, "ratio": item.ratio, "slot_id": item.slot_id,
                "stance": item.stance,
            }, ensure_ascii=False))


@imagery_app.command("link")
def link(
    observation: Annotated[str, typer.Argument(help="Observation id.")],
    slot: Annotated[str, typer.Argument(help="Claim slot id (e.g. a size_ratio slot).")],
    relative_error: Annotated[float, typer.Option(
        "--relative-error", help="Uncertainty of the measured ratio (fraction).")] = 0.10,
    db: DbOption = None,
) -> None:
    """Link an observation to a claim slot: does the measured ratio support the claims?"""
    from veille.imagery.catalog import link_to_slot

    with _session(db) as session:
        detail = link_to_slot(session, observation, slot, relative_error)
    print(f"{detail['stance']}: {detail['reason']}")
    for claim in detail["claims"]:
        print(f"  {claim['claim_id']}\t{claim['stance']}\t{claim['reason']}")
