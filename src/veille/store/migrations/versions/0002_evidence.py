"""Evidence register: the hash-chained record table and the views replayed from it.

A trigger refuses UPDATE and DELETE on `evidence_records`, so the register cannot be changed by
mistake through the application; someone with direct database access can still drop the trigger,
which is why every record is also hash-chained and `veille evidence verify` checks the chain.

Revision ID: 0002_evidence
Revises: 0001_core
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_evidence"
down_revision = "0001_core"
branch_labels = None
depends_on = None

SQLITE_GUARDS = [
    ("CREATE TRIGGER evidence_records_no_update BEFORE UPDATE ON evidence_records "
    "BEGIN SELECT RAISE(ABORT, 'evidence_records is append-only'); END"),
    ("CREATE TRIGGER evidence_records_no_delete BEFORE DELETE ON evidence_records "
    "BEGIN SELECT RAISE(ABORT, 'evidence_records is append-only'); END"),
]
POSTGRES_GUARDS = [
    ("CREATE FUNCTION evidence_records_append_only() RETURNS trigger AS $$ "
    "BEGIN RAISE EXCEPTION 'evidence_records is append-only'; END; $$ LANGUAGE plpgsql"),
    ("CREATE TRIGGER evidence_records_no_change BEFORE UPDATE OR DELETE ON evidence_records "
    "FOR EACH ROW EXECUTE FUNCTION evidence_records_append_only()"),
]


def upgrade() -> None:
    op.create_table(
        "evidence_records",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("record_type", sa.String(length=20), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("seq"),
        sa.UniqueConstraint("hash"),
    )
    op.create_index("ix_evidence_records_record_type", "evidence_records", ["record_type"])
    op.create_table(
        "evidence_items",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("place_name", sa.Text(), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("found_on", sa.Date(), nullable=True),
        sa.Column("recovered_by", sa.Text(), nullable=False),
        sa.Column("holder", sa.Text(), nullable=False),
        sa.Column("record_seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("label"),
    )
    op.create_index("ix_evidence_items_found_on", "evidence_items", ["found_on"])
    op.create_table(
        "evidence_files",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("item_id", sa.String(length=64), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("taken_at", sa.DateTime(), nullable=True),
        sa.Column("meta", sa.JSON(), nullable=True),
        sa.Column("record_seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_evidence_files_item_id", "evidence_files", ["item_id"])
    op.create_index("ix_evidence_files_sha256", "evidence_files", ["sha256"])
    op.create_table(
        "evidence_custody",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("item_id", sa.String(length=64), nullable=False),
        sa.Column("from_party", sa.Text(), nullable=False),
        sa.Column("to_party", sa.Text(), nullable=False),
        sa.Column("handed_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("record_seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_evidence_custody_item_id", "evidence_custody", ["item_id"])
    op.create_table(
        "evidence_markings",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("item_id", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("script", sa.String(length=20), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=True),
        sa.Column("location", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("record_seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_evidence_markings_item_id", "evidence_markings", ["item_id"])
    op.create_table(
        "evidence_readings",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("item_id", sa.String(length=64), nullable=False),
        sa.Column("subject_kind", sa.String(length=20), nullable=False),
        sa.Column("subject_id", sa.String(length=64), nullable=False),
        sa.Column("interpreter", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("value", sa.JSON(), nullable=True),
        sa.Column("earliest", sa.Date(), nullable=True),
        sa.Column("latest", sa.Date(), nullable=True),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("support", sa.JSON(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("record_seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_evidence_readings_item_id", "evidence_readings", ["item_id"])
    op.create_index("ix_evidence_readings_subject_id", "evidence_readings", ["subject_id"])
    op.create_table(
        "evidence_decisions",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("subject_id", sa.String(length=64), nullable=False),
        sa.Column("reading_id", sa.String(length=64), nullable=False),
        sa.Column("why", sa.Text(), nullable=False),
        sa.Column("decided_by", sa.String(length=100), nullable=False),
        sa.Column("supersedes", sa.String(length=64), nullable=True),
        sa.Column("superseded_by", sa.String(length=64), nullable=True),
        sa.Column("record_seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_evidence_decisions_subject_id", "evidence_decisions", ["subject_id"])
    op.create_table(
        "evidence_components",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("item_id", sa.String(length=64), nullable=False),
        sa.Column("designator", sa.String(length=60), nullable=True),
        sa.Column("part_number", sa.String(length=120), nullable=False),
        sa.Column("maker_key", sa.String(length=60), nullable=True),
        sa.Column("maker_name", sa.Text(), nullable=True),
        sa.Column("country", sa.String(length=8), nullable=True),
        sa.Column("date_code", sa.String(length=30), nullable=True),
        sa.Column("earliest", sa.Date(), nullable=True),
        sa.Column("latest", sa.Date(), nullable=True),
        sa.Column("reasoning", sa.JSON(), nullable=True),
        sa.Column("record_seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_evidence_components_item_id", "evidence_components", ["item_id"])
    op.create_index("ix_evidence_components_maker_key", "evidence_components", ["maker_key"])
    op.create_index("ix_evidence_components_country", "evidence_components", ["country"])
    op.create_table(
        "evidence_links",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("item_id", sa.String(length=64), nullable=False),
        sa.Column("target_kind", sa.String(length=20), nullable=False),
        sa.Column("target", sa.Text(), nullable=False),
        sa.Column("stance", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("record_seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_evidence_links_item_id", "evidence_links", ["item_id"])
    guards = SQLITE_GUARDS if op.get_bind().dialect.name == "sqlite" else POSTGRES_GUARDS
    for statement in guards:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS evidence_records_no_update")
        op.execute("DROP TRIGGER IF EXISTS evidence_records_no_delete")
    else:
        op.execute("DROP TRIGGER IF EXISTS evidence_records_no_change ON evidence_records")
        op.execute("DROP FUNCTION IF EXISTS evidence_records_append_only()")
    for table in ("evidence_links", "evidence_components", "evidence_decisions",
                  "evidence_readings", "evidence_markings", "evidence_custody",
                  "evidence_files", "evidence_items", "evidence_records"):
        op.drop_table(table)
