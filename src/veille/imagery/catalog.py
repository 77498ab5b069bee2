"""The imagery area's use of the store: sites in, images in, observations in, stances out.

Kept apart from the measuring modules so that detection runs with no database at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rasterio.warp import transform_geom
from shapely.geometry import box, mapping, shape
from sqlalchemy.orm import Session

from veille.ids import sha256_hex
from veille.imagery.detect import Detection
from veille.imagery.objects import WGS84
from veille.imagery.observations import (
    DEFAULT_RELATIVE_ERROR,
    claimed_interval,
    consensus_interval,
    judge_ratio,
)
from veille.imagery.rasters import Raster
from veille.imagery.sites import Site
from veille.store import imagery as queries
from veille.store.imagery_models import Observation, SiteImage, WatchedSite


class CatalogError(ValueError):
    """A store operation of the imagery area cannot proceed; one line for the user."""


def store_sites(session: Session, sites: list[Site]) -> tuple[int, int]:
    """(created, updated) counts; sites are keyed by their name."""
    created = updated = 0
    for site in sites:
        _, is_new = queries.upsert_site(
            session, site_id=site.id, name=site.name, entity_name=site.entity,
            geometry=mapping(site.geometry), radius_m=site.radius_m, properties=site.properties,
        )
        created += is_new
        updated += not is_new
    return created, updated


def site_named(session: Session, name: str) -> WatchedSite:
    site = queries.site_by_name(session, name)
    if site is None:
        raise CatalogError(f"no site named {name!r}: load it with `veille imagery sites load`")
    return site


def site_footprint(site: WatchedSite) -> Any:
    return Site(site.name, shape(site.geometry), site.entity_name, site.radius_m).footprint()


def image_footprint(raster: Raster) -> Any | None:
    """The image outline in lon/lat, None without georeferencing."""
    transform = raster.transform
    if transform is None or raster.crs is None:
        return None
    corners = [transform @ xy for xy in
               ((0, 0), (raster.width, 0), (raster.width, raster.height), (0, raster.height))]
    xs, ys = [x for x, _ in corners], [y for _, y in corners]
    outline = box(min(xs), min(ys), max(xs), max(ys))
    return shape(transform_geom(raster.crs, WGS84, mapping(outline)))


@dataclass
class AddedImage:
    image: SiteImage
    created: bool
    overlaps_site: bool | None  # None when the image has no georeferencing to check


def store_image(session: Session, site: WatchedSite, raster: Raster) -> AddedImage:
    """Record `raster` (read from a file) as an image of `site`."""
    if raster.path is None:
        raise CatalogError("an image must come from a file to be recorded")
    footprint = image_footprint(raster)
    overlaps = None if footprint is None else footprint.intersects(site_footprint(site))
    image, created = queries.add_image(
        session, site=site, path=str(Path(raster.path).resolve()),
        sha256=sha256_hex(Path(raster.path).read_bytes()), acquired=raster.acquired,
        sensor=raster.sensor, resolution_m=raster.resolution_m,
        crs=raster.crs.to_string() if raster.crs else None,
        transform=list(raster.transform)[:6] if raster.transform else None,
        width=raster.width, height=raster.height, bands=int(raster.pixels.shape[0]),
        footprint=mapping(footprint) if footprint is not None else None,
    )
    return AddedImage(image, created, overlaps)


def store_detection(session: Session, site: WatchedSite, detection: Detection,
                    after_as_read: Raster) -> list[Observation]:
    """Record each measured structure of `detection` as a dated observation on `site`.

    `after_as_read` is AFTER as the file holds it (the detection keeps it resampled onto
    BEFORE's grid), so the image record carries its own grid.
    """
    before = store_image(session, site, detection.before).image
    after = store_image(session, site, after_as_read).image
    crs = detection.before.crs if detection.before.georeferenced else None
    observations = []
    for item in detection.objects:
        geometry = mapping(item.geometry) if crs is None else transform_geom(
            crs, WGS84, mapping(item.geometry))
        observations.append(queries.save_observation(
            session, site_id=site.id, before_image_id=before.id, after_image_id=after.id,
            before_date=detection.before.acquired, observed_on=detection.after.acquired,
            method=detection.method, kind=item.kind, geometry=geometry, area_m2=item.area_m2,
            reference_area_m2=detection.reference_area_m2, ratio=item.ratio_to_reference,
            registration=detection.registration.as_dict(),
        ))
    return observations


def link_to_slot(session: Session, observation_id: str, slot_id: str,
                 relative_error: float = DEFAULT_RELATIVE_ERROR) -> dict[str, Any]:
    """Link an observation to a claim slot and record whether its ratio supports it.

    The slot's value is the median interval of its claims; each claim also gets its own
    verdict in the detail, so a garbled retelling ("60-70 % larger") shows as contradicted.
    """
    observation = queries.observation_by_id(session, observation_id)
    if observation is None:
        raise CatalogError(f"no observation {observation_id!r}")
    if observation.ratio is None:
        raise CatalogError(f"observation {observation_id} has no ratio: detect it again with "
                           "--reference-polygon")
    slot, claims = queries.slot_claim_values(session, slot_id)
    if slot is None:
        raise CatalogError(f"no claim slot {slot_id!r}")
    per_claim = []
    intervals = []
    for claim in claims:
        interval = claimed_interval(claim.value)
        if interval is None:
            continue
        intervals.append(interval)
        verdict = judge_ratio(observation.ratio, interval, relative_error)
        per_claim.append({"claim_id": claim.id, "document_id": claim.document_id,
                          **verdict.as_dict()})
    consensus = consensus_interval(intervals)
    if consensus is None:
        raise CatalogError(f"slot {slot_id} has no numeric claim to compare a ratio with")
    stance = judge_ratio(observation.ratio, consensus, relative_error)
    detail = {**stance.as_dict(), "relative_error": relative_error, "claims": per_claim}
    queries.set_stance(session, observation, slot_id, stance.stance, detail)
    return detail
