"""Erasure with proof (lane "privacy-erase", issue 22): the deletion log, and participants' health
data out of the public participant row.

* ``deletion_log(id, erased_at, erased_by, kind, record_id, legal_reason, summary)``: one entry per
  person erased (``services.privacy_erase``): who, when, which record id, on which legal ground,
  and counts of what was done; no name and no value of the person. On a server it is append-only
  like the history (``server_roles.APPEND_ONLY_TABLES``).
* ``activity_attendee_private(attendee_id PK/FK -> activity_attendees ON DELETE CASCADE, dietary,
  accessibility)``: a participant's dietary and accessibility notes are health data (GDPR Art. 9);
  they move here from ``activity_attendees`` (one row per line that has either), and the two
  columns are dropped (SQLite ``ALTER TABLE … DROP COLUMN``: no copy of the table, its rowids and
  indexes stay). On PostgreSQL the table is under the row-level security of ``contact_private``
  (revision 0004): only members of the personal-data role read or write its rows.

Downgrading puts the notes back into the participant rows and drops both tables.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07 19:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None

FUNCTION = "partnerdesk_personal_data_visible"
POLICY = "activity_attendee_private_personal_data"


def upgrade() -> None:
    bind = op.get_bind()
    op.create_table(
        'deletion_log',
        sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), sa.Identity(), nullable=False),
        sa.Column('erased_at', sa.DateTime(), nullable=False),
        sa.Column('erased_by', sa.String(length=200), nullable=False),
        sa.Column('kind', sa.String(length=32), nullable=False),
        sa.Column('record_id', sa.String(length=36), nullable=False),
        sa.Column('legal_reason', sa.Text(), nullable=False),
        sa.Column('summary', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_deletion_log')),
        sqlite_autoincrement=True,
    )
    op.create_index('ix_deletion_log_record', 'deletion_log', ['kind', 'record_id'], unique=False)
    op.create_table(
        'activity_attendee_private',
        sa.Column('attendee_id', sa.String(length=36), nullable=False),
        sa.Column('dietary', sa.Text(), nullable=False),
        sa.Column('accessibility', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ['attendee_id'], ['activity_attendees.id'],
            name=op.f('fk_activity_attendee_private_attendee_id_activity_attendees'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('attendee_id', name=op.f('pk_activity_attendee_private')),
    )
    op.execute(
        "INSERT INTO activity_attendee_private (attendee_id, dietary, accessibility) "
        "SELECT id, dietary, accessibility FROM activity_attendees WHERE dietary <> '' OR accessibility <> ''"
    )
    if bind.dialect.name == "sqlite":
        op.execute("ALTER TABLE activity_attendees DROP COLUMN dietary")
        op.execute("ALTER TABLE activity_attendees DROP COLUMN accessibility")
    else:
        op.drop_column('activity_attendees', 'dietary')
        op.drop_column('activity_attendees', 'accessibility')
    if bind.dialect.name == "postgresql":
        op.execute("ALTER TABLE activity_attendee_private ENABLE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY {POLICY} ON activity_attendee_private FOR ALL "
            f"USING ({FUNCTION}()) WITH CHECK ({FUNCTION}())"
        )


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute(f"DROP POLICY IF EXISTS {POLICY} ON activity_attendee_private")
    for column in ("dietary", "accessibility"):
        op.add_column('activity_attendees', sa.Column(column, sa.Text(), server_default='', nullable=False))
    op.execute(
        "UPDATE activity_attendees SET "
        "dietary = COALESCE((SELECT p.dietary FROM activity_attendee_private p WHERE p.attendee_id = activity_attendees.id), ''), "
        "accessibility = COALESCE((SELECT p.accessibility FROM activity_attendee_private p "
        "WHERE p.attendee_id = activity_attendees.id), '')"
    )
    op.drop_table('activity_attendee_private')
    op.drop_index('ix_deletion_log_record', table_name='deletion_log')
    op.drop_table('deletion_log')
