"""imagery: watched sites, their images, and observations measured on them

Revision ID: 0003_imagery
Revises: 0002_evidence
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_imagery"
down_revision = "0002_evidence"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sites",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("entity_name", sa.Text(), nullable=True),
        sa.Column("entity_id", sa.String(length=64), nullable=True),
        sa.Column("geometry", sa.JSON(), nullable=False),
        sa.Column("radius_m", sa.Float(), nullable=True),
        sa.Column("properties", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["entity_id"], ["entities.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_index("ix_sites_entity_id", "sites", ["entity_id"])
    op.create_table(
        "images",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("site_id", sa.String(length=64), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("acquired", sa.Date(), nullable=True),
        sa.Column("sensor", sa.String(length=100), nullable=True),
        sa.Column("resolution_m", sa.Float(), nullable=True),
        sa.Column("crs", sa.Text(), nullable=True),
        sa.Column("transform", sa.JSON(), nullable=True),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("bands", sa.Integer(), nullable=False),
        sa.Column("footprint", sa.JSON(), nullable=True),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("sha256"),
    )
    op.create_index("ix_images_site_id", "images", ["site_id"])
    op.create_index("ix_images_acquired", "images", ["acquired"])
    op.create_table(
        "observations",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("site_id", sa.String(length=64), nullable=False),
        sa.Column("before_image_id", sa.String(length=64), nullable=True),
        sa.Column("after_image_id", sa.String(length=64), nullable=True),
        sa.Column("before_date", sa.Date(), nullable=True),
        sa.Column("observed_on", sa.Date(), nullable=True),
        sa.Column("method", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("geometry", sa.JSON(), nullable=False),
        sa.Column("area_m2", sa.Float(), nullable=True),
        sa.Column("reference_area_m2", sa.Float(), nullable=True),
        sa.Column("ratio", sa.Float(), nullable=True),
        sa.Column("registration", sa.JSON(), nullable=True),
        sa.Column("slot_id", sa.String(length=64), nullable=True),
        sa.Column("stance", sa.String(length=20), nullable=True),
        sa.Column("stance_detail", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"]),
        sa.ForeignKeyConstraint(["before_image_id"], ["images.id"]),
        sa.ForeignKeyConstraint(["after_image_id"], ["images.id"]),
        sa.ForeignKeyConstraint(["slot_id"], ["slots.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_observations_site_id", "observations", ["site_id"])
    op.create_index("ix_observations_observed_on", "observations", ["observed_on"])
    op.create_index("ix_observations_slot_id", "observations", ["slot_id"])


def downgrade() -> None:
    op.drop_index("ix_observations_slot_id", table_name="observations")
    op.drop_index("ix_observations_observed_on", table_name="observations")
    op.drop_index("ix_observations_site_id", table_name="observations")
    op.drop_table("observations")
    op.drop_index("ix_images_acquired", table_name="images")
    op.drop_index("ix_images_site_id", table_name="images")
    op.drop_table("images")
    op.drop_index("ix_sites_entity_id", table_name="sites")
    op.drop_table("sites")
