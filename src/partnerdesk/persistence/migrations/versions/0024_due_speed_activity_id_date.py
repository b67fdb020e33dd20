"""The activities naming a contact, and their dates, from indexes alone (lane "due-speed", issue 21).

The contacts due for review ("Anstehend", *Datenschutz → Fällige Prüfungen*) look at every
activity naming a contact (``activity_contacts``, ``activity_attendees``) and at its date;
``bench/due_bench.py`` spent most of that time reading rows only to find an id or a date:

* ``ix_activities_id_date (id, date)``, unique: an activity's date by its id (on SQLite the id's
  own index leads only to the activity's row, with title, notes and search text);
* ``ix_activity_contacts_contact_activity (contact_id, activity_id)`` and
  ``ix_activity_attendees_contact_activity (contact_id, activity_id)`` replace the indexes on
  ``contact_id`` alone: a contact's activities from the index (serving whatever the old ones did).

Indexes only: no table is copied, no row changes.

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

LINKS = ('activity_contacts', 'activity_attendees')


def upgrade() -> None:
    op.create_index('ix_activities_id_date', 'activities', ['id', 'date'], unique=True)
    for table in LINKS:
        op.create_index(f'ix_{table}_contact_activity', table, ['contact_id', 'activity_id'], unique=False)
        op.drop_index(f'ix_{table}_contact_id', table_name=table)


def downgrade() -> None:
    for table in reversed(LINKS):
        op.create_index(f'ix_{table}_contact_id', table, ['contact_id'], unique=False)
        op.drop_index(f'ix_{table}_contact_activity', table_name=table)
    op.drop_index('ix_activities_id_date', table_name='activities')
