"""The history of every change: ``record_history``.

* One row per created, changed, deleted or restored record, written by the services in the
  same transaction as the change (``services/history.py``): when (UTC), who (the login role
  on a server, the system user on a file), the batch id of the action, the register and id,
  the operation, the record's name at that time, and the changes as JSON text.
* ``id`` counts up and is never reused (AUTOINCREMENT on SQLite, a bigint identity on
  PostgreSQL), so "entries after N" is what a window polls for colleagues' changes.
* Indexed by (kind, record_id, id) for one record's history, by ``at`` for periods, and the
  deletions alone (a partial index) for "what was deleted".
* Contacts' personal data (e-mail, phone, notes) in an entry's changes lives in
  ``record_history_personal`` (one row per entry that has any), as ``contact_private`` keeps
  it apart from ``contacts``; on PostgreSQL under the same row-level security (the function
  of migration 0004): a reader without the personal-data role reads the entries without it.
* Existing databases start with an empty history and one "started" entry.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 14:00:00
"""

from __future__ import annotations

import getpass
import json
import uuid
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

OPERATIONS = ("created", "changed", "deleted", "restored", "started")
#: The row-level policy of the personal part, asking migration 0004's function.
FUNCTION = "partnerdesk_personal_data_visible"
POLICY = "record_history_personal_data"


def _system_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):  # no user name in the environment (a service account)
        return ""


def upgrade() -> None:
    bind = op.get_bind()
    op.create_table(
        'record_history',
        sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), sa.Identity(), nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.Column('actor', sa.String(length=200), nullable=False),
        sa.Column('batch_id', sa.String(length=36), nullable=False),
        sa.Column('kind', sa.String(length=32), nullable=False),
        sa.Column('record_id', sa.String(length=36), nullable=False),
        sa.Column('operation', sa.String(length=16), nullable=False),
        sa.Column('label', sa.Text(), nullable=False),
        sa.Column('changes', sa.Text(), nullable=False),
        sa.CheckConstraint(
            "operation IN (" + ", ".join(f"'{o}'" for o in OPERATIONS) + ")",
            name=op.f('ck_record_history_operation'),
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_record_history')),
        sqlite_autoincrement=True,
    )
    op.create_index('ix_record_history_record', 'record_history', ['kind', 'record_id', 'id'], unique=False)
    op.create_index('ix_record_history_at', 'record_history', ['at'], unique=False)
    deleted = sa.text("operation = 'deleted'")
    op.create_index('ix_record_history_deleted', 'record_history', ['id'], unique=False,
                    sqlite_where=deleted, postgresql_where=deleted)
    op.create_table(
        'record_history_personal',
        sa.Column('entry_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=False, nullable=False),
        sa.Column('changes', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ['entry_id'], ['record_history.id'], name=op.f('fk_record_history_personal_entry_id_record_history'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('entry_id', name=op.f('pk_record_history_personal')),
    )
    if bind.dialect.name == "postgresql":
        op.execute("ALTER TABLE record_history_personal ENABLE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY {POLICY} ON record_history_personal FOR ALL "
            f"USING ({FUNCTION}()) WITH CHECK ({FUNCTION}())"
        )
    actor: sa.ColumnElement[str] = (
        sa.literal(_system_user()) if bind.dialect.name == "sqlite" else sa.literal_column("session_user")
    )
    table = sa.table(
        'record_history', sa.column('at', sa.DateTime()), sa.column('actor'), sa.column('batch_id'),
        sa.column('kind'), sa.column('record_id'), sa.column('operation'), sa.column('label'), sa.column('changes'),
    )
    bind.execute(table.insert().values(
        at=datetime.now(UTC).replace(tzinfo=None), actor=actor, batch_id=str(uuid.uuid4()), kind='',
        record_id='', operation='started', label='history started', changes=json.dumps({}),
    ))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP POLICY IF EXISTS {POLICY} ON record_history_personal")
    op.drop_table('record_history_personal')
    op.drop_index('ix_record_history_deleted', table_name='record_history')
    op.drop_index('ix_record_history_at', table_name='record_history')
    op.drop_index('ix_record_history_record', table_name='record_history')
    op.drop_table('record_history')
