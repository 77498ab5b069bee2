"""Sentence-encoder vectors per document, written by the `vectors` document stage.

Revision ID: 0006_document_vectors
Revises: 0005_mentions_label_index
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_document_vectors"
down_revision = "0005_mentions_label_index"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "document_vectors",
        sa.Column("document_id", sa.String(length=64), nullable=False),
        sa.Column("lead", sa.LargeBinary(), nullable=False),
        sa.Column("sentences", sa.LargeBinary(), nullable=False),
        sa.Column("sentence_count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("document_id"),
    )


def downgrade() -> None:
    op.drop_table("document_vectors")
