"""The joint action programme of a partnership (lane "programme", issue 24).

* ``programme_items(id PK, partnership_id FK -> partnerships ON DELETE CASCADE, parent_id, kind,
  position, title, title_translations, description, description_translations, unit,
  baseline_value, baseline_year, target_value, target_year, measured, responsible_city,
  responsible_partner, period_from, period_until, status, project_ids, grant_ids)``: fields of action, goals,
  measures and indicators (``domain.programme``), each naming the item it stands under. An
  indicator has a unit; a target year never lies before the baseline year, a measure's period
  never ends before it begins. Values are exact (ten-thousandths as integers, like amounts);
  measured values, linked projects and grants are JSON lists in the row.

A new table only: nothing existing is copied or changed, every partnership starts without a
programme. On a server, a trigger records an item changed by another tool (psql) in its
partnership's history (field "programme"), as revision 0011 does for the stages.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-07 20:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None

KINDS = ("field", "goal", "measure", "indicator")
STATUSES = ("planned", "running", "done", "delayed", "dropped")

#: On a server: an item changed by another tool becomes an entry of its partnership's history,
#: field "programme" with the item before and after (PartnerDesk's own saves set partnerdesk.writer).
PROGRAMME_AUDIT = """
CREATE OR REPLACE FUNCTION partnerdesk_history_audit_programme() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $fn$
DECLARE
    before jsonb := '[]'::jsonb;
    after jsonb := '[]'::jsonb;
    whole jsonb;
    label text;
BEGIN
    IF TG_OP <> 'INSERT' THEN before := jsonb_build_array(to_jsonb(OLD) - ARRAY['partnership_id', 'position']); END IF;
    IF TG_OP <> 'DELETE' THEN after := jsonb_build_array(to_jsonb(NEW) - ARRAY['partnership_id', 'position']); END IF;
    IF before = after THEN
        RETURN NULL;
    END IF;
    whole := CASE WHEN TG_OP = 'DELETE' THEN to_jsonb(OLD) ELSE to_jsonb(NEW) END;
    SELECT p.title INTO label FROM partnerships p WHERE p.id = whole ->> 'partnership_id';
    IF NOT FOUND THEN  -- the partnership itself was deleted: its own entry holds it
        RETURN NULL;
    END IF;
    INSERT INTO record_history (at, actor, batch_id, kind, record_id, operation, label, changes)
    VALUES (now() AT TIME ZONE 'UTC', session_user::text,
            md5('partnerdesk-transaction-' || txid_current()::text)::uuid::text,
            'partnerships', whole ->> 'partnership_id', 'changed', coalesce(label, ''),
            jsonb_build_object('programme', jsonb_build_array(before, after))::text);
    RETURN NULL;
END $fn$
"""


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def upgrade() -> None:
    op.create_table(
        'programme_items',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('partnership_id', sa.String(length=36), nullable=False),
        sa.Column('parent_id', sa.String(length=36), nullable=True),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=500), nullable=False),
        sa.Column('title_translations', sa.Text(), nullable=False),
        sa.Column('description', sa.Text(), nullable=False),
        sa.Column('description_translations', sa.Text(), nullable=False),
        sa.Column('unit', sa.String(length=100), nullable=False),
        sa.Column('baseline_value', sa.BigInteger(), nullable=True),
        sa.Column('baseline_year', sa.Integer(), nullable=True),
        sa.Column('target_value', sa.BigInteger(), nullable=True),
        sa.Column('target_year', sa.Integer(), nullable=True),
        sa.Column('measured', sa.JSON(), nullable=False),
        sa.Column('responsible_city', sa.Text(), nullable=False),
        sa.Column('responsible_partner', sa.Text(), nullable=False),
        sa.Column('period_from', sa.Integer(), nullable=True),
        sa.Column('period_until', sa.Integer(), nullable=True),
        sa.Column('status', sa.String(length=16), nullable=True),
        sa.Column('project_ids', sa.JSON(), nullable=False),
        sa.Column('grant_ids', sa.JSON(), nullable=False),
        sa.CheckConstraint(_in("kind", KINDS), name=op.f('ck_programme_items_kind')),
        sa.CheckConstraint(f"status IS NULL OR {_in('status', STATUSES)}", name=op.f('ck_programme_items_status')),
        sa.CheckConstraint("kind <> 'indicator' OR unit <> ''", name=op.f('ck_programme_items_unit')),
        sa.CheckConstraint("target_year IS NULL OR baseline_year IS NULL OR target_year >= baseline_year",
                           name=op.f('ck_programme_items_years')),
        sa.CheckConstraint("period_until IS NULL OR period_from IS NULL OR period_until >= period_from",
                           name=op.f('ck_programme_items_period')),
        sa.ForeignKeyConstraint(['partnership_id'], ['partnerships.id'],
                                name=op.f('fk_programme_items_partnership_id_partnerships'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_programme_items')),
    )
    op.create_index(op.f('ix_programme_items_partnership_id'), 'programme_items', ['partnership_id'])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PROGRAMME_AUDIT)
        op.execute(
            "CREATE TRIGGER trg_programme_items_history_audit AFTER INSERT OR UPDATE OR DELETE ON programme_items "
            "FOR EACH ROW WHEN (current_setting('partnerdesk.writer', true) IS DISTINCT FROM 'on') "
            "EXECUTE FUNCTION partnerdesk_history_audit_programme()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS trg_programme_items_history_audit ON programme_items")
        op.execute("DROP FUNCTION IF EXISTS partnerdesk_history_audit_programme()")
    op.drop_index(op.f('ix_programme_items_partnership_id'), table_name='programme_items')
    op.drop_table('programme_items')
