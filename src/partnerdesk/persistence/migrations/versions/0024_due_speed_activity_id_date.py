"""Each activity's date beside its id in one index (lane "due-speed", issue 21).

* ``ix_activities_id_date (id, date)``, unique: the contacts due for review ("Anstehend",
  *Datenschutz → Fällige Prüfungen*) look up the date of every activity naming a contact, by the
  activity's id (``activity_contacts``, ``activity_attendees``). From this index the date is read
  without the activity's row (title, notes, search text): on SQLite the id's own index only leads
  to the row, and ``bench/due_bench.py`` spent half of the reviews' time there.

An index only: no table is copied, no row changes.

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-07 22:45:00
"""

from __future__ import annotations

from alembic import op

revision = '0024'
down_revision = '0023'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_activities_id_date', 'activities', ['id', 'date'], unique=True)


def downgrade() -> None:
    op.drop_index('ix_activities_id_date', table_name='activities')
