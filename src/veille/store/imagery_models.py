"""Tables of the imagery area: watched sites, the images taken of them, and what was measured.

An observation is dated evidence on a site (one measured structure of one image pair) and may
be linked to a claim slot, which it then supports or contradicts with its measured ratio.
Geometries are stored as GeoJSON (lon/lat WGS 84) in JSON columns, portable to PostgreSQL.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from veille.store.models import Base


class WatchedSite(Base):
    """A place under watch: a polygon, or a point with a radius, tied to an entity."""

    __tablename__ = "sites"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    entity_name: Mapped[str | None] = mapped_column(Text)
    entity_id: Mapped[str | None] = mapped_column(ForeignKey("entities.id"), index=True)
    geometry: Mapped[dict[str, Any]] = mapped_column(JSON)
    radius_m: Mapped[float | None] = mapped_column(Float)
    properties: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class SiteImage(Base):
    """One image of a site, with what a measurement needs: grid, date, sensor, resolution."""

    __tablename__ = "images"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    site_id: Mapped[str] = mapped_column(ForeignKey("sites.id"), index=True)
    path: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    acquired: Mapped[date | None] = mapped_column(Date, index=True)
    sensor: Mapped[str | None] = mapped_column(String(100))
    resolution_m: Mapped[float | None] = mapped_column(Float)
    crs: Mapped[str | None] = mapped_column(Text)
    transform: Mapped[list[Any] | None] = mapped_column(JSON)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    bands: Mapped[int] = mapped_column(Integer)
    footprint: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # GeoJSON lon/lat
    added_at: Mapped[datetime] = mapped_column(DateTime)


class Observation(Base):
    """A structure measured between two images of a site, and its stance on a claim slot."""

    __tablename__ = "observations"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    site_id: Mapped[str] = mapped_column(ForeignKey("sites.id"), index=True)
    before_image_id: Mapped[str | None] = mapped_column(ForeignKey("images.id"))
    after_image_id: Mapped[str | None] = mapped_column(ForeignKey("images.id"))
    before_date: Mapped[date | None] = mapped_column(Date)
    observed_on: Mapped[date | None] = mapped_column(Date, index=True)
    method: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(20))  # new, removed, changed
    geometry: Mapped[dict[str, Any]] = mapped_column(JSON)  # GeoJSON lon/lat
    area_m2: Mapped[float | None] = mapped_column(Float)
    reference_area_m2: Mapped[float | None] = mapped_column(Float)
    ratio: Mapped[float | None] = mapped_column(Float)
    registration: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    slot_id: Mapped[str | None] = mapped_column(ForeignKey("slots.id"), index=True)
    stance: Mapped[str | None] = mapped_column(String(20))  # supports, contradicts
    stance_detail: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime)
