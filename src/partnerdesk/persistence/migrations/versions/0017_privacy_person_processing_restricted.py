"""Restriction of processing (Art. 18 GDPR) as a flag on contacts.

* ``contacts.processing_restricted`` (boolean, false): the record is kept, but left out of
  table exports, documents (MoU signatories, project sheets), mail merges and participant
  lists (``domain.consent.may_be_written_to`` is false for it) and travel copies. The JSON
  archive keeps it: an archive is a backup, and a backup holds everything.

Added with ALTER TABLE and a default, so no table is copied and every row keeps its content
(and its rowid); nothing is a user change.

Written by the "privacy-person" lane of wave 5 (issue 22).

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07 19:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        'contacts',
        sa.Column('processing_restricted', sa.Boolean(), nullable=False, server_default=sa.text('false')),
    )


def downgrade() -> None:
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.drop_column('processing_restricted')
