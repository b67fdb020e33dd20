"""The open follow-ups of "Anstehend" with their activity and responsible persons from indexes alone
(lane "due-fast", issue 21).

``bench/due_bench.py``: the follow-ups' statement (about 3,800 rows on the benchmark's data) read
each follow-up's row although its partial index held every column but ``done`` (SQLite uses a
partial index as covering only when it holds every column the statement names, ``done`` too),
then each activity's row for its title, project and partnership, then the project's and the
partnership's rows for their responsible person. With these indexes each step is one index
(``EXPLAIN QUERY PLAN``: ``COVERING INDEX`` four times):

* ``ix_follow_ups_open_due`` gets ``done`` as its last column (same rows: the open ones only);
* ``ix_activities_id_follow_up (id, title, project_id, partnership_id)``, unique;
* ``ix_projects_id_responsible (id, responsible_id)`` and
  ``ix_partnerships_id_responsible (id, responsible_id)``, unique.

Indexes only: no table is copied, no row changes. The same on SQLite and PostgreSQL.

Revision ID: 0026
Revises: 0025
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0026'
down_revision = '0025'
branch_labels = None
depends_on = None

FOLLOW_UP_COLUMNS = ['due_date', 'activity_id', 'responsible_id', 'id', 'text']
RESPONSIBLE = ('projects', 'partnerships')


def _open_due(columns: list[str]) -> None:
    op.create_index('ix_follow_ups_open_due', 'follow_ups', columns, unique=False,
                    sqlite_where=sa.text('done = 0'), postgresql_where=sa.text('done = false'))


def upgrade() -> None:
    op.drop_index('ix_follow_ups_open_due', table_name='follow_ups')
    _open_due([*FOLLOW_UP_COLUMNS, 'done'])
    op.create_index('ix_activities_id_follow_up', 'activities', ['id', 'title', 'project_id', 'partnership_id'], unique=True)
    for table in RESPONSIBLE:
        op.create_index(f'ix_{table}_id_responsible', table, ['id', 'responsible_id'], unique=True)


def downgrade() -> None:
    for table in reversed(RESPONSIBLE):
        op.drop_index(f'ix_{table}_id_responsible', table_name=table)
    op.drop_index('ix_activities_id_follow_up', table_name='activities')
    op.drop_index('ix_follow_ups_open_due', table_name='follow_ups')
    _open_due(FOLLOW_UP_COLUMNS)
