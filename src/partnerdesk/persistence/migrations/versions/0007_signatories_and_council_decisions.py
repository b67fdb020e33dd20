"""Who signs an MoU and the council decisions behind it.

* ``organisations``: the body's legal name ("Kumasi Metropolitan Assembly", "Stadt
  Dortmund") with its wording in other document languages, the representative who signs
  for it and their function (also per language). Until now the MoU guessed the signatory
  from contacts' job titles.
* ``partnerships``: the city council's decision (date, Drucksache number) and the
  partner's own decision where its law needs one (a Romanian HCL).

Columns are added with ALTER TABLE and empty defaults, so no table is copied and every
existing row keeps its content (and its rowid); nothing is a user change.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 14:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

ORGANISATION_COLUMNS = (
    ("legal_name", sa.String(length=300)),
    ("legal_name_translations", sa.Text()),
    ("representative", sa.String(length=300)),
    ("representative_function", sa.String(length=300)),
    ("representative_function_translations", sa.Text()),
)
PARTNERSHIP_TEXT_COLUMNS = (("council_decision_number", sa.String(length=100)), ("partner_decision_number", sa.String(length=100)))


def upgrade() -> None:
    for name, type_ in ORGANISATION_COLUMNS:
        op.add_column('organisations', sa.Column(name, type_, nullable=False, server_default=''))
    op.add_column('partnerships', sa.Column('council_decision_on', sa.Date(), nullable=True))
    op.add_column('partnerships', sa.Column('partner_decision_on', sa.Date(), nullable=True))
    for name, type_ in PARTNERSHIP_TEXT_COLUMNS:
        op.add_column('partnerships', sa.Column(name, type_, nullable=False, server_default=''))
    op.add_column(
        'partnerships',
        sa.Column('partner_decision_required', sa.Boolean(), nullable=False, server_default=sa.text('false')),
    )


def downgrade() -> None:
    with op.batch_alter_table('partnerships', schema=None) as batch_op:
        for name in ('partner_decision_required', 'partner_decision_number', 'partner_decision_on',
                     'council_decision_number', 'council_decision_on'):
            batch_op.drop_column(name)
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        for name, _type in reversed(ORGANISATION_COLUMNS):
            batch_op.drop_column(name)
