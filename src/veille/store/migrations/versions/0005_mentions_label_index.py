"""Drop the index on mentions.label.

With a handful of labels it looks as selective as the document index to SQLite's planner,
which then chose it for "these documents' names" once four or more documents were asked
for: a scan of every name in the store per story, quadratic over a corpus. No query needs it.

Revision ID: 0005_mentions_label_index
Revises: 0004_accounts
"""

from alembic import op

revision = "0005_mentions_label_index"
down_revision = "0004_accounts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_mentions_label", table_name="mentions")


def downgrade() -> None:
    op.create_index("ix_mentions_label", "mentions", ["label"], unique=False)
