"""Core tables: sources, documents, stories, entities, mentions, claims, slots, flags.

Also the full-text index over documents: FTS5 on SQLite, a GIN tsvector index on PostgreSQL.

Revision ID: 0001_core
Revises: 
"""

import sqlalchemy as sa
from alembic import op

revision = "0001_core"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('corpus_runs',
    sa.Column('stage', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('documents', sa.Integer(), nullable=False),
    sa.Column('done_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('stage')
    )
    op.create_table('entities',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('type', sa.String(length=40), nullable=False),
    sa.Column('gazetteer_key', sa.String(length=120), nullable=True),
    sa.Column('wikidata', sa.String(length=20), nullable=True),
    sa.Column('latitude', sa.Float(), nullable=True),
    sa.Column('longitude', sa.Float(), nullable=True),
    sa.Column('country', sa.String(length=8), nullable=True),
    sa.Column('merged_into', sa.String(length=64), nullable=True),
    sa.Column('attributes', sa.JSON(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('gazetteer_key')
    )
    with op.batch_alter_table('entities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_entities_merged_into'), ['merged_into'], unique=False)
        batch_op.create_index(batch_op.f('ix_entities_type'), ['type'], unique=False)

    op.create_table('slots',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('key', sa.Text(), nullable=False),
    sa.Column('subject', sa.Text(), nullable=False),
    sa.Column('property', sa.String(length=60), nullable=False),
    sa.Column('reference', sa.Text(), nullable=True),
    sa.Column('story_id', sa.String(length=64), nullable=True),
    sa.Column('independent_origins', sa.Integer(), nullable=False),
    sa.Column('origin_claim_id', sa.String(length=64), nullable=True),
    sa.Column('primary_source', sa.Text(), nullable=True),
    sa.Column('credibility', sa.Integer(), nullable=True),
    sa.Column('credibility_reasons', sa.JSON(), nullable=True),
    sa.Column('summary', sa.JSON(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('slots', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_slots_property'), ['property'], unique=False)
        batch_op.create_index(batch_op.f('ix_slots_story_id'), ['story_id'], unique=False)

    op.create_table('sources',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('domain', sa.String(length=300), nullable=True),
    sa.Column('reliability', sa.String(length=1), nullable=True),
    sa.Column('reliability_reasons', sa.JSON(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )
    op.create_table('stories',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('first_published', sa.DateTime(), nullable=True),
    sa.Column('last_published', sa.DateTime(), nullable=True),
    sa.Column('origin_document_id', sa.String(length=64), nullable=True),
    sa.Column('centroid', sa.LargeBinary(), nullable=True),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('aliases',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('entity_id', sa.String(length=64), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('normalized', sa.Text(), nullable=False),
    sa.Column('script', sa.String(length=20), nullable=True),
    sa.Column('origin', sa.String(length=20), nullable=False),
    sa.Column('document_id', sa.String(length=64), nullable=True),
    sa.Column('score', sa.Float(), nullable=True),
    sa.ForeignKeyConstraint(['entity_id'], ['entities.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('entity_id', 'text')
    )
    with op.batch_alter_table('aliases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_aliases_entity_id'), ['entity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_aliases_normalized'), ['normalized'], unique=False)

    op.create_table('documents',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('external_id', sa.String(length=300), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('source_id', sa.String(length=64), nullable=True),
    sa.Column('path', sa.Text(), nullable=True),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('language', sa.String(length=16), nullable=True),
    sa.Column('language_score', sa.Float(), nullable=True),
    sa.Column('published', sa.DateTime(), nullable=True),
    sa.Column('ingested_at', sa.DateTime(), nullable=False),
    sa.Column('word_count', sa.Integer(), nullable=False),
    sa.Column('story_id', sa.String(length=64), nullable=True),
    sa.Column('copy_of', sa.String(length=64), nullable=True),
    sa.Column('copy_kind', sa.String(length=20), nullable=True),
    sa.Column('meta', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['source_id'], ['sources.id'], ),
    sa.ForeignKeyConstraint(['story_id'], ['stories.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('external_id'),
    sa.UniqueConstraint('sha256')
    )
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_documents_language'), ['language'], unique=False)
        batch_op.create_index(batch_op.f('ix_documents_published'), ['published'], unique=False)
        batch_op.create_index(batch_op.f('ix_documents_source_id'), ['source_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_documents_story_id'), ['story_id'], unique=False)

    op.create_table('entity_merges',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('source_entity_id', sa.String(length=64), nullable=False),
    sa.Column('target_entity_id', sa.String(length=64), nullable=False),
    sa.Column('decided_by', sa.String(length=100), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('undone_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['source_entity_id'], ['entities.id'], ),
    sa.ForeignKeyConstraint(['target_entity_id'], ['entities.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('citations',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('document_id', sa.String(length=64), nullable=False),
    sa.Column('story_id', sa.String(length=64), nullable=True),
    sa.Column('entity_id', sa.String(length=64), nullable=True),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('cue', sa.String(length=100), nullable=True),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ),
    sa.ForeignKeyConstraint(['entity_id'], ['entities.id'], ),
    sa.ForeignKeyConstraint(['story_id'], ['stories.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('citations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_citations_document_id'), ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_citations_story_id'), ['story_id'], unique=False)

    op.create_table('claims',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('document_id', sa.String(length=64), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('quote', sa.Text(), nullable=False),
    sa.Column('subject', sa.Text(), nullable=False),
    sa.Column('subject_entity_id', sa.String(length=64), nullable=True),
    sa.Column('property', sa.String(length=60), nullable=False),
    sa.Column('value', sa.JSON(), nullable=True),
    sa.Column('unit', sa.String(length=60), nullable=True),
    sa.Column('reference', sa.Text(), nullable=True),
    sa.Column('qualifiers', sa.JSON(), nullable=True),
    sa.Column('attribution', sa.JSON(), nullable=True),
    sa.Column('modality', sa.String(length=20), nullable=False),
    sa.Column('estimative_level', sa.String(length=40), nullable=True),
    sa.Column('confidence', sa.Float(), nullable=False),
    sa.Column('slot_id', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['slot_id'], ['slots.id'], ),
    sa.ForeignKeyConstraint(['subject_entity_id'], ['entities.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claims_document_id'), ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_claims_property'), ['property'], unique=False)
        batch_op.create_index(batch_op.f('ix_claims_slot_id'), ['slot_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_claims_subject_entity_id'), ['subject_entity_id'], unique=False)

    op.create_table('copy_edges',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('story_id', sa.String(length=64), nullable=True),
    sa.Column('source_document_id', sa.String(length=64), nullable=False),
    sa.Column('target_document_id', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('direction_from', sa.String(length=20), nullable=False),
    sa.Column('evidence', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['source_document_id'], ['documents.id'], ),
    sa.ForeignKeyConstraint(['story_id'], ['stories.id'], ),
    sa.ForeignKeyConstraint(['target_document_id'], ['documents.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('copy_edges', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_copy_edges_source_document_id'), ['source_document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_copy_edges_story_id'), ['story_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_copy_edges_target_document_id'), ['target_document_id'], unique=False)

    op.create_table('flags',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('document_id', sa.String(length=64), nullable=False),
    sa.Column('claim_id', sa.String(length=64), nullable=True),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('reference_document_id', sa.String(length=64), nullable=True),
    sa.Column('reference_claim_id', sa.String(length=64), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('decided_by', sa.String(length=100), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('flags', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_flags_claim_id'), ['claim_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_flags_document_id'), ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_flags_kind'), ['kind'], unique=False)

    op.create_table('mentions',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('document_id', sa.String(length=64), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('label', sa.String(length=20), nullable=False),
    sa.Column('stage', sa.String(length=64), nullable=False),
    sa.Column('entity_id', sa.String(length=64), nullable=True),
    sa.Column('link_score', sa.Float(), nullable=True),
    sa.Column('value', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['entity_id'], ['entities.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('mentions', schema=None) as batch_op:
        batch_op.create_index('ix_mentions_doc_span', ['document_id', 'start'], unique=False)
        batch_op.create_index(batch_op.f('ix_mentions_document_id'), ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mentions_entity_id'), ['entity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mentions_label'), ['label'], unique=False)

    op.create_table('stage_runs',
    sa.Column('document_id', sa.String(length=64), nullable=False),
    sa.Column('stage', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('done_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('document_id', 'stage')
    )
    _create_full_text_index()


SQLITE_FTS = [
    ("CREATE VIRTUAL TABLE documents_fts USING fts5("
     "title, text, content='documents', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')"),
    ("CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN "
     "INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text); END"),
    ("CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN "
     "INSERT INTO documents_fts(documents_fts, rowid, title, text) "
     "VALUES ('delete', old.rowid, old.title, old.text); END"),
    ("CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, text ON documents BEGIN "
     "INSERT INTO documents_fts(documents_fts, rowid, title, text) "
     "VALUES ('delete', old.rowid, old.title, old.text); "
     "INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text); END"),
]
POSTGRES_FTS = [
    ("CREATE INDEX ix_documents_fulltext ON documents USING GIN "
     "(to_tsvector('simple', coalesce(title, '') || ' ' || text))"),
]


def _create_full_text_index() -> None:
    statements = SQLITE_FTS if op.get_bind().dialect.name == "sqlite" else POSTGRES_FTS
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS documents_fts")
    else:
        op.execute("DROP INDEX IF EXISTS ix_documents_fulltext")
    op.drop_table('stage_runs')
    with op.batch_alter_table('mentions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mentions_label'))
        batch_op.drop_index(batch_op.f('ix_mentions_entity_id'))
        batch_op.drop_index(batch_op.f('ix_mentions_document_id'))
        batch_op.drop_index('ix_mentions_doc_span')

    op.drop_table('mentions')
    with op.batch_alter_table('flags', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_flags_kind'))
        batch_op.drop_index(batch_op.f('ix_flags_document_id'))
        batch_op.drop_index(batch_op.f('ix_flags_claim_id'))

    op.drop_table('flags')
    with op.batch_alter_table('copy_edges', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_copy_edges_target_document_id'))
        batch_op.drop_index(batch_op.f('ix_copy_edges_story_id'))
        batch_op.drop_index(batch_op.f('ix_copy_edges_source_document_id'))

    op.drop_table('copy_edges')
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claims_subject_entity_id'))
        batch_op.drop_index(batch_op.f('ix_claims_slot_id'))
        batch_op.drop_index(batch_op.f('ix_claims_property'))
        batch_op.drop_index(batch_op.f('ix_claims_document_id'))

    op.drop_table('claims')
    with op.batch_alter_table('citations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_citations_story_id'))
        batch_op.drop_index(batch_op.f('ix_citations_document_id'))

    op.drop_table('citations')
    op.drop_table('entity_merges')
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_documents_story_id'))
        batch_op.drop_index(batch_op.f('ix_documents_source_id'))
        batch_op.drop_index(batch_op.f('ix_documents_published'))
        batch_op.drop_index(batch_op.f('ix_documents_language'))

    op.drop_table('documents')
    with op.batch_alter_table('aliases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_aliases_normalized'))
        batch_op.drop_index(batch_op.f('ix_aliases_entity_id'))

    op.drop_table('aliases')
    op.drop_table('stories')
    op.drop_table('sources')
    with op.batch_alter_table('slots', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_slots_story_id'))
        batch_op.drop_index(batch_op.f('ix_slots_property'))

    op.drop_table('slots')
    with op.batch_alter_table('entities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_entities_type'))
        batch_op.drop_index(batch_op.f('ix_entities_merged_into'))

    op.drop_table('entities')
    op.drop_table('corpus_runs')
