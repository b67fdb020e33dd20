"""Attachments: files (invitations, signed MoUs, photos) on any record, stored in the database.

* ``attachments(id PK, record_kind, record_id, name, description, size, media_type, sha256,
  added_at, added_by, record_deleted_at, content)``. ``record_kind`` is the register's name as a
  plain column ("partnerships", "contacts", ...; no foreign key), so a new register needs no
  schema change. ``content`` holds the file's bytes (BLOB on SQLite, BYTEA on PostgreSQL);
  the services load it only when a file is opened or saved, never with a list.
  ``record_deleted_at`` is set when the record is deleted (its attachments are hidden, and come
  back when the deletion is undone or the record restored from the history).
* A new table only: no data to move (the older fixtures upgrade unchanged).

Written by the issue-21 "attachments" lane after 0008 (the lead re-chains on merge).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 17:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'attachments',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('record_kind', sa.String(length=32), nullable=False),
        sa.Column('record_id', sa.String(length=36), nullable=False),
        sa.Column('name', sa.Text(), nullable=False),
        sa.Column('description', sa.Text(), nullable=False, server_default=''),
        sa.Column('size', sa.BigInteger(), nullable=False),
        sa.Column('media_type', sa.String(length=200), nullable=False, server_default=''),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('added_at', sa.DateTime(), nullable=False),
        sa.Column('added_by', sa.String(length=200), nullable=False),
        sa.Column('record_deleted_at', sa.DateTime(), nullable=True),
        sa.Column('content', sa.LargeBinary(), nullable=False),
        sa.CheckConstraint("size >= 0", name=op.f('ck_attachments_size')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_attachments')),
    )
    op.create_index('ix_attachments_record', 'attachments', ['record_kind', 'record_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_attachments_record', table_name='attachments')
    op.drop_table('attachments')
