"""Retention reviews and the register of travel copies (issue 22, lane "privacy-keep").

* ``contact_reviews(id PK, contact_id FK contacts ON DELETE CASCADE, decided_on, decided_by,
  decision, reason, legal_basis)``: each "behalten (Begründung)" decision on a contact due for
  review; the contact leaves *Fällige Prüfungen* until its next period.
* ``travel_copies(checkout_id PK, file_name, checked_out_by, checked_out_at, encrypted,
  personal_data, partnerships, merged_at, merged_by, ended_how, ended_at, ended_by, ended_note)``:
  every travel copy checked out from now on; ``ended_how`` is "destroyed" or "lost".
* ``travel_copy_records(checkout_id FK travel_copies ON DELETE CASCADE, kind, record_id)``: the
  records a copy held (what a lost copy exposed).
* Copies merged before this revision are entered from ``database_info`` (``travel_merged:<id>``,
  which names who checked out when and the merge): the register starts with what is known.
* New tables only: no data of the registers moves.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-07 19:40:00
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'contact_reviews',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('contact_id', sa.String(length=36), nullable=False),
        sa.Column('decided_on', sa.Date(), nullable=False),
        sa.Column('decided_by', sa.String(length=200), nullable=False),
        sa.Column('decision', sa.String(length=16), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('legal_basis', sa.String(length=32), nullable=False, server_default=''),
        sa.ForeignKeyConstraint(['contact_id'], ['contacts.id'], name=op.f('fk_contact_reviews_contact_id_contacts'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_contact_reviews')),
    )
    op.create_index('ix_contact_reviews_contact_decided', 'contact_reviews', ['contact_id', 'decided_on'], unique=False)
    op.create_table(
        'travel_copies',
        sa.Column('checkout_id', sa.String(length=36), nullable=False),
        sa.Column('file_name', sa.Text(), nullable=False),
        sa.Column('checked_out_by', sa.String(length=200), nullable=False),
        sa.Column('checked_out_at', sa.DateTime(), nullable=False),
        sa.Column('encrypted', sa.Boolean(), nullable=True),
        sa.Column('personal_data', sa.Boolean(), nullable=False),
        sa.Column('partnerships', sa.Text(), nullable=False, server_default=''),
        sa.Column('merged_at', sa.DateTime(), nullable=True),
        sa.Column('merged_by', sa.String(length=200), nullable=False, server_default=''),
        sa.Column('ended_how', sa.String(length=16), nullable=False, server_default=''),
        sa.Column('ended_at', sa.DateTime(), nullable=True),
        sa.Column('ended_by', sa.String(length=200), nullable=False, server_default=''),
        sa.Column('ended_note', sa.Text(), nullable=False, server_default=''),
        sa.PrimaryKeyConstraint('checkout_id', name=op.f('pk_travel_copies')),
    )
    op.create_table(
        'travel_copy_records',
        sa.Column('checkout_id', sa.String(length=36), nullable=False),
        sa.Column('kind', sa.String(length=32), nullable=False),
        sa.Column('record_id', sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(['checkout_id'], ['travel_copies.checkout_id'],
                                name=op.f('fk_travel_copy_records_checkout_id_travel_copies'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('checkout_id', 'kind', 'record_id', name=op.f('pk_travel_copy_records')),
    )
    _enter_merged_copies()


def _stamp(value: object) -> datetime | None:
    try:
        stamp = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return (stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)).astimezone(UTC).replace(tzinfo=None)


def _enter_merged_copies() -> None:
    """Copies merged before the register existed, from their ``travel_merged:<id>`` summaries."""
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT key, value FROM database_info WHERE key LIKE 'travel_merged:%'")).all()
    table = sa.table(
        'travel_copies', sa.column('checkout_id'), sa.column('file_name'), sa.column('checked_out_by'),
        sa.column('checked_out_at'), sa.column('encrypted'), sa.column('personal_data'), sa.column('partnerships'),
        sa.column('merged_at'), sa.column('merged_by'), sa.column('ended_how'), sa.column('ended_by'),
        sa.column('ended_note'),
    )
    for key, value in rows:
        try:
            summary = json.loads(value)
        except ValueError:
            continue
        if not isinstance(summary, dict):
            continue
        merged = _stamp(summary.get("merged_at", ""))
        checked_out = _stamp(summary.get("checked_out_at", "")) or merged
        if checked_out is None:
            continue
        bind.execute(table.insert().values(
            checkout_id=key.split(":", 1)[1][:36], file_name=str(summary.get("travel_file", "")),
            checked_out_by=str(summary.get("checked_out_by", ""))[:200], checked_out_at=checked_out,
            encrypted=None, personal_data=True, partnerships='', merged_at=merged,
            merged_by=str(summary.get("merged_by", ""))[:200], ended_how='', ended_by='', ended_note='',
        ))


def downgrade() -> None:
    op.drop_table('travel_copy_records')
    op.drop_table('travel_copies')
    op.drop_index('ix_contact_reviews_contact_decided', table_name='contact_reviews')
    op.drop_table('contact_reviews')
