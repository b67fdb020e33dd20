"""Who is responsible, and what the "Anstehend" list reads (lane "due", issue 21).

* ``partnerships``, ``projects``, ``follow_ups``: ``responsible_id`` -> ``contacts.id``
  (ON DELETE SET NULL, indexed): the staff member responsible, a contact of one of the city's
  own units (the services check the unit; the database only that the contact exists).
* ``ix_follow_ups_open_due (due_date, activity_id, responsible_id, id, text) WHERE done = false``:
  the open follow-ups only (a partial index: small however many are done), in date order, with
  every column the due list reads (the table is not read);
  ``ix_activities_partnership_date (partnership_id, date)``: each partnership's latest activity
  from the index (partnerships without activity for 12 months).

Columns are added with ALTER TABLE (a NULL default, the reference written inline), so no table
is copied, no trigger is lost and every row keeps its content; nothing is a user change.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 16:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

TABLES = ('partnerships', 'projects', 'follow_ups')


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == 'sqlite'
    for table in TABLES:
        fk = f'fk_{table}_responsible_id_contacts'
        if sqlite:  # SQLite adds a column with its reference inline (Alembic would copy the table)
            op.execute(f'ALTER TABLE {table} ADD COLUMN responsible_id VARCHAR(36) '
                       f'CONSTRAINT {fk} REFERENCES contacts (id) ON DELETE SET NULL')
        else:
            op.add_column(table, sa.Column('responsible_id', sa.String(length=36), nullable=True))
            op.create_foreign_key(fk, table, 'contacts', ['responsible_id'], ['id'], ondelete='SET NULL')
        op.create_index(f'ix_{table}_responsible_id', table, ['responsible_id'], unique=False)
    op.create_index('ix_follow_ups_open_due', 'follow_ups', ['due_date', 'activity_id', 'responsible_id', 'id', 'text'],
                    unique=False, sqlite_where=sa.text('done = 0'), postgresql_where=sa.text('done = false'))
    op.create_index('ix_activities_partnership_date', 'activities', ['partnership_id', 'date'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_activities_partnership_date', table_name='activities')
    op.drop_index('ix_follow_ups_open_due', table_name='follow_ups')
    for table in reversed(TABLES):
        op.drop_index(f'ix_{table}_responsible_id', table_name=table)
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(f'fk_{table}_responsible_id_contacts', type_='foreignkey')
            batch_op.drop_column('responsible_id')
