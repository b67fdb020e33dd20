"""The documents registry: every MoU draft and final version written, with its partnership.

* ``generated_documents(id PK, partnership_id FK -> partnerships ON DELETE CASCADE, kind, format,
  draft, languages, document_date, created_at, created_by, file_name)``; ``kind`` is "mou",
  ``format`` "pdf" or "docx", ``draft`` NULL for a final version. Written by
  ``services.generated_documents`` in the transaction that renames the finished file to its name.
* A new table only: no data to move, nothing rewritten (the fixture of 0007 upgrades unchanged).

Written by the issue-20 "docx" work after 0006; re-chained after the signatories' revision 0007
on merging the two.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 14:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'generated_documents',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('partnership_id', sa.String(length=36), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('format', sa.String(length=8), nullable=False),
        sa.Column('draft', sa.Integer(), nullable=True),
        sa.Column('languages', sa.String(length=64), nullable=False),
        sa.Column('document_date', sa.Date(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('created_by', sa.String(length=200), nullable=False),
        sa.Column('file_name', sa.Text(), nullable=False),
        sa.CheckConstraint("kind IN ('mou')", name=op.f('ck_generated_documents_kind')),
        sa.CheckConstraint("format IN ('pdf', 'docx')", name=op.f('ck_generated_documents_format')),
        sa.CheckConstraint("draft IS NULL OR draft >= 1", name=op.f('ck_generated_documents_draft')),
        sa.ForeignKeyConstraint(
            ['partnership_id'], ['partnerships.id'], name=op.f('fk_generated_documents_partnership_id_partnerships'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_generated_documents')),
    )
    op.create_index('ix_generated_documents_partnership', 'generated_documents', ['partnership_id', 'created_at'],
                    unique=False)


def downgrade() -> None:
    op.drop_index('ix_generated_documents_partnership', table_name='generated_documents')
    op.drop_table('generated_documents')
