"""Translations for what an MoU prints in its other column (issue 20, lane "translations").

* ``organisations.name_translations``: the everyday name in other document languages
  ("en: Environmental Agency"), one ``code: text`` per line like ``legal_name_translations``.
* ``projects.title_translations`` and ``projects.summary_translations``: the same for a project.
* ``theme_translations(theme PK, translations)``: the office's theme glossary. Themes are free
  tags on partnerships; this table holds, per theme text, its ``code: text`` lines.

Columns are added with ALTER TABLE and empty defaults, so no table is copied and every existing
row keeps its content; the glossary starts empty. Nothing is a user change.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 16:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('organisations', sa.Column('name_translations', sa.Text(), nullable=False, server_default=''))
    op.add_column('projects', sa.Column('title_translations', sa.Text(), nullable=False, server_default=''))
    op.add_column('projects', sa.Column('summary_translations', sa.Text(), nullable=False, server_default=''))
    op.create_table(
        'theme_translations',
        sa.Column('theme', sa.String(length=200), nullable=False),
        sa.Column('translations', sa.Text(), nullable=False, server_default=''),
        sa.PrimaryKeyConstraint('theme', name=op.f('pk_theme_translations')),
    )


def downgrade() -> None:
    op.drop_table('theme_translations')
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.drop_column('summary_translations')
        batch_op.drop_column('title_translations')
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.drop_column('name_translations')
