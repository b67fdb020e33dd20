"""A journal of record changes (``record_changes``), kept by triggers.

Travel copies find what changed since their check-out with one indexed query on
each side instead of comparing every record (see ``persistence/change_log.py``).
No existing row changes; records written before this revision count as unchanged
since "sequence number 0".

The triggers are SQLite's: only travel copies (always SQLite files) read the journal.
On PostgreSQL the table is made but stays empty, and ``change_log.is_complete`` says so,
so a reader falls back to comparing every record.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 18:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

TABLES = ("organisations", "partnerships", "contacts", "projects", "activities")
EVENTS = {"insert": "NEW", "update": "NEW", "delete": "OLD"}


def upgrade() -> None:
    op.create_table(
        'record_changes',
        sa.Column('kind', sa.String(length=32), nullable=False),
        sa.Column('record_id', sa.String(length=36), nullable=False),
        sa.Column('seq', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('kind', 'record_id', name=op.f('pk_record_changes')),
    )
    with op.batch_alter_table('record_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_record_changes_seq'), ['seq'], unique=False)
    if op.get_bind().dialect.name != "sqlite":
        return
    # Written out here (not imported) so this revision never changes with the application.
    for table in TABLES:
        for event, row in EVENTS.items():
            op.execute(
                f"CREATE TRIGGER IF NOT EXISTS trg_{table}_journal_{event} AFTER {event.upper()} ON {table} "
                f"BEGIN INSERT INTO record_changes (kind, record_id, seq) VALUES ('{table}', {row}.id, "
                f"(SELECT COALESCE(MAX(seq), 0) + 1 FROM record_changes)) "
                "ON CONFLICT (kind, record_id) DO UPDATE SET seq = excluded.seq; END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in TABLES:
            for event in EVENTS:
                op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_journal_{event}")
    with op.batch_alter_table('record_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_record_changes_seq'))
    op.drop_table('record_changes')
