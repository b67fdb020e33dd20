"""Project sheet facts: a start known only as a year, results, funding programme, file reference.

* ``projects.start_year`` (nullable): "seit 2008" for a project whose start day nobody knows;
  like ``partnerships.start_year`` it sits beside ``start_date``, which stays as it is (nothing
  is moved from the date to the year).
* ``projects.results`` (text): results and indicators, free text until the grants issue brings
  structured ones.
* ``projects.funding_programme`` (text): the funding programme (e.g. "Nakopa", "FKKP"), free
  text until issue 23 brings programme records.
* ``projects.file_reference``: the office's file reference ("Aktenzeichen") of the project.

Columns are added with ALTER TABLE and empty defaults, so no table is copied and every
existing row keeps its content (and its rowid); nothing is a user change.

Written by the "sheet" lane of wave 4 (issue 20); the lead re-chains it on merge.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 16:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

TEXT_COLUMNS = (
    ("results", sa.Text()),
    ("funding_programme", sa.String(length=300)),
    ("file_reference", sa.String(length=100)),
)


def upgrade() -> None:
    op.add_column('projects', sa.Column('start_year', sa.Integer(), nullable=True))
    for name, type_ in TEXT_COLUMNS:
        op.add_column('projects', sa.Column(name, type_, nullable=False, server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('projects', schema=None) as batch_op:
        for name, _type in reversed(TEXT_COLUMNS):
            batch_op.drop_column(name)
        batch_op.drop_column('start_year')
