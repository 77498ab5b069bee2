"""Queries of the imagery area: sites, images of them, observations and their claim stances."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from veille.ids import stable_id
from veille.store.imagery_models import Observation, SiteImage, WatchedSite
from veille.store.models import Claim, Entity, Slot


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def find_entity_id(session: Session, name: str | None) -> str | None:
    """An entity by gazetteer key or exact name (case-insensitive), or None."""
    if not name:
        return None
    row = session.scalars(
        select(Entity.id)
        .where(or_(Entity.gazetteer_key == name, Entity.name.ilike(name)))
        .where(Entity.merged_into.is_(None))
        .limit(1)
    ).first()
    return row


def upsert_site(session: Session, *, site_id: str, name: str, entity_name: str | None,
                geometry: dict[str, Any], radius_m: float | None,
                properties: dict[str, Any]) -> tuple[WatchedSite, bool]:
    """Insert or update a site by id; True when it was new."""
    site = session.get(WatchedSite, site_id)
    created = site is None
    if site is None:
        site = WatchedSite(id=site_id, name=name, created_at=_now(), geometry=geometry)
        session.add(site)
    site.name = name
    site.entity_name = entity_name
    site.entity_id = find_entity_id(session, entity_name)
    site.geometry = geometry
    site.radius_m = radius_m
    site.properties = properties or None
    session.flush()
    return site, created


def list_sites(session: Session) -> list[tuple[WatchedSite, int, int]]:
    """Every site with its number of images and observations, by name."""
    sites = session.scalars(select(WatchedSite).order_by(WatchedSite.name)).all()
    result = []
    for site in sites:
        images = len(session.scalars(select(SiteImage.id).where(SiteImage.site_id == site.id)).all())
        observations = len(session.scalars(
            select(Observation.id).where(Observation.site_id == site.id)).all())
        result.append((site, images, observations))
    return result


def site_by_name(session: Session, name: str) -> WatchedSite | None:
    return session.scalars(
        select(WatchedSite).where(WatchedSite.name.ilike(name.strip()))
    ).first()


def add_image(session: Session, *, site: WatchedSite, path: str, sha256: str,
              acquired: date | None, sensor: str | None, resolution_m: float | None,
              crs: str | None, transform: list[float] | None, width: int, height: int,
              bands: int, footprint: dict[str, Any] | None) -> tuple[SiteImage, bool]:
    """Record an image of a site; the same file (by SHA-256) is recorded once."""
    image = session.scalars(select(SiteImage).where(SiteImage.sha256 == sha256)).first()
    if image is not None:
        return image, False
    image = SiteImage(
        id=stable_id("img", sha256), site_id=site.id, path=path, sha256=sha256,
        acquired=acquired, sensor=sensor, resolution_m=resolution_m, crs=crs,
        transform=transform, width=width, height=height, bands=bands, footprint=footprint,
        added_at=_now(),
    )
    session.add(image)
    session.flush()
    return image, True


def image_by_sha(session: Session, sha256: str) -> SiteImage | None:
    return session.scalars(select(SiteImage).where(SiteImage.sha256 == sha256)).first()


def save_observation(session: Session, **fields: Any) -> Observation:
    """Insert or replace an observation; its id comes from site, images, method and shape."""
    observation_id = stable_id(
        "obs", fields["site_id"], fields.get("before_image_id"), fields.get("after_image_id"),
        fields["method"], fields["geometry"],
    )
    observation = session.get(Observation, observation_id)
    if observation is None:
        observation = Observation(id=observation_id, created_at=_now(), **fields)
        session.add(observation)
    else:
        for key, value in fields.items():
            setattr(observation, key, value)
    session.flush()
    return observation


def observation_by_id(session: Session, observation_id: str) -> Observation | None:
    return session.get(Observation, observation_id)


def list_observations(session: Session, site_id: str | None = None) -> list[Observation]:
    query = select(Observation).order_by(Observation.observed_on, Observation.id)
    if site_id:
        query = query.where(Observation.site_id == site_id)
    return list(session.scalars(query).all())


def slot_claim_values(session: Session, slot_id: str) -> tuple[Slot | None, list[Claim]]:
    """A slot and the claims that answer it."""
    slot = session.get(Slot, slot_id)
    if slot is None:
        return None, []
    claims = session.scalars(select(Claim).where(Claim.slot_id == slot_id)).all()
    return slot, list(claims)


def set_stance(session: Session, observation: Observation, slot_id: str, stance: str,
               detail: dict[str, Any]) -> None:
    observation.slot_id = slot_id
    observation.stance = stance
    observation.stance_detail = detail
    session.flush()


def observations_for_slot(session: Session, slot_id: str) -> list[Observation]:
    return list(session.scalars(
        select(Observation).where(Observation.slot_id == slot_id).order_by(Observation.observed_on)
    ).all())
