"""Key facts of a municipality with their source and date (lane "keyfacts", issue 21).

* ``organisation_key_facts(id PK, organisation_id FK -> organisations ON DELETE CASCADE, kind,
  value, name, source, as_of, chosen, position)``: several values of inhabitants, area (km²),
  mayor since (with the name where the office records it) and website side by side, each with
  its source and its date ("Stand": a year "2014" or a day "2014-06-30", "" unknown); ``chosen``
  marks the one to show instead of the newest. ``kind`` is inhabitants, area, mayor or website.
  They belong to the organisation, not the partnership: a partner municipality is an
  organisation that several partnerships may name.
* ``organisations.key_facts_summary`` (JSON): the facts in short, newest first per kind, kept by
  the services beside the facts so a register shows them on hover without another query.
* Data carried, nothing lost: every stored ``population`` becomes an inhabitants value with the
  source "bisheriger Wert" and the ``population_year`` as its date; every stored ``website``
  becomes a website value with that source, "https://" put in front where it had no scheme
  (the key facts need one). The fields stay, derived from the shown values from now on.
  The values' ids are derived from the organisation's (UUID 5), so a travel copy upgraded
  beside the office database makes the same values and a merge sees nothing new. Carrying
  them over is no user change: no journal entry (SQLite), no history entry (server).
* On a server, a trigger records a value changed by another tool (psql) in its organisation's
  history (field "key_facts"), as revision 0011 does for a partnership's stages.

The SQL is written out here, so this revision never changes with the application.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07 19:40:00
"""

from __future__ import annotations

import json
import re
import uuid

import sqlalchemy as sa
from alembic import op

revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None

KINDS = ("inhabitants", "area", "mayor", "website")
FORMER = "bisheriger Wert"
#: Names the carried values' ids (uuid5 of "<organisation id>/<kind>").
NAMESPACE = uuid.UUID("8d3f6a2c-1b7e-4f05-a9c4-5e2d7b0c1f17")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)

FACT_AUDIT = """
CREATE OR REPLACE FUNCTION partnerdesk_history_audit_key_fact() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $fn$
DECLARE
    before jsonb := '[]'::jsonb;
    after jsonb := '[]'::jsonb;
    whole jsonb;
    label text;
BEGIN
    IF TG_OP <> 'INSERT' THEN before := jsonb_build_array(to_jsonb(OLD) - ARRAY['organisation_id', 'position']); END IF;
    IF TG_OP <> 'DELETE' THEN after := jsonb_build_array(to_jsonb(NEW) - ARRAY['organisation_id', 'position']); END IF;
    IF before = after THEN
        RETURN NULL;
    END IF;
    whole := CASE WHEN TG_OP = 'DELETE' THEN to_jsonb(OLD) ELSE to_jsonb(NEW) END;
    SELECT o.name INTO label FROM organisations o WHERE o.id = whole ->> 'organisation_id';
    IF NOT FOUND THEN  -- the organisation itself was deleted: its own entry holds it
        RETURN NULL;
    END IF;
    INSERT INTO record_history (at, actor, batch_id, kind, record_id, operation, label, changes)
    VALUES (now() AT TIME ZONE 'UTC', session_user::text,
            md5('partnerdesk-transaction-' || txid_current()::text)::uuid::text,
            'organisations', whole ->> 'organisation_id', 'changed', coalesce(label, ''),
            jsonb_build_object('key_facts', jsonb_build_array(before, after))::text);
    RETURN NULL;
END $fn$
"""


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _with_scheme(address: str) -> str:
    address = address.strip()
    if not address or _SCHEME.match(address) or len(address) + 8 > 500:  # the column's length
        return address
    return "https://" + address


def upgrade() -> None:
    facts = op.create_table(
        'organisation_key_facts',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('organisation_id', sa.String(length=36), nullable=False),
        sa.Column('kind', sa.String(length=32), nullable=False),
        sa.Column('value', sa.String(length=500), nullable=False),
        sa.Column('name', sa.String(length=300), nullable=False),
        sa.Column('source', sa.String(length=500), nullable=False),
        sa.Column('as_of', sa.String(length=10), nullable=False),
        sa.Column('chosen', sa.Boolean(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.CheckConstraint(_in("kind", KINDS), name=op.f('ck_organisation_key_facts_kind')),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'],
                                name=op.f('fk_organisation_key_facts_organisation_id_organisations'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_organisation_key_facts')),
    )
    op.create_index(op.f('ix_organisation_key_facts_organisation_id'), 'organisation_key_facts', ['organisation_id'])
    op.add_column('organisations', sa.Column('key_facts_summary', sa.JSON(), nullable=False, server_default='{}'))

    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    if sqlite:  # carrying the values over is no user change: no journal entry
        op.execute("DROP TRIGGER IF EXISTS trg_organisations_journal_update")
    elif bind.dialect.name == "postgresql":  # ... and no history entry (revision 0006's trigger)
        bind.execute(sa.text("SELECT set_config('partnerdesk.writer', 'on', true)"))
    rows = bind.execute(sa.text(
        "SELECT id, population, population_year, website FROM organisations "
        "WHERE population IS NOT NULL OR website <> '' ORDER BY id"
    )).all()
    new_facts: list[dict[str, object]] = []
    for row in rows:
        summary: dict[str, list[list[object]]] = {}
        position = 0
        if row.population is not None:
            as_of = str(int(row.population_year)) if row.population_year is not None else ""
            new_facts.append({
                "id": str(uuid.uuid5(NAMESPACE, f"{row.id}/inhabitants")), "organisation_id": row.id,
                "kind": "inhabitants", "value": str(int(row.population)), "name": "", "source": FORMER,
                "as_of": as_of, "chosen": False, "position": position,
            })
            summary["inhabitants"] = [[str(int(row.population)), "", FORMER, as_of, False]]
            position += 1
        address = _with_scheme(row.website or "")
        if address:
            new_facts.append({
                "id": str(uuid.uuid5(NAMESPACE, f"{row.id}/website")), "organisation_id": row.id,
                "kind": "website", "value": address, "name": "", "source": FORMER, "as_of": "", "chosen": False,
                "position": position,
            })
            summary["website"] = [[address, "", FORMER, "", False]]
        bind.execute(sa.text("UPDATE organisations SET key_facts_summary = :summary, website = :website WHERE id = :id"),
                     {"summary": json.dumps(summary, ensure_ascii=False), "website": address, "id": row.id})
    if new_facts:
        op.bulk_insert(facts, new_facts)
    if sqlite:
        op.execute(
            "CREATE TRIGGER IF NOT EXISTS trg_organisations_journal_update AFTER UPDATE ON organisations "
            "BEGIN INSERT INTO record_changes (kind, record_id, seq) VALUES ('organisations', NEW.id, "
            "(SELECT COALESCE(MAX(seq), 0) + 1 FROM record_changes)) "
            "ON CONFLICT (kind, record_id) DO UPDATE SET seq = excluded.seq; END"
        )
    elif bind.dialect.name == "postgresql":
        bind.execute(sa.text("SELECT set_config('partnerdesk.writer', '', true)"))
        op.execute(FACT_AUDIT)
        op.execute(
            "CREATE TRIGGER trg_organisation_key_facts_history_audit AFTER INSERT OR UPDATE OR DELETE "
            "ON organisation_key_facts FOR EACH ROW "
            "WHEN (current_setting('partnerdesk.writer', true) IS DISTINCT FROM 'on') "
            "EXECUTE FUNCTION partnerdesk_history_audit_key_fact()"
        )


def downgrade() -> None:
    # population and website hold the shown values all along: only the other values go.
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS trg_organisation_key_facts_history_audit ON organisation_key_facts")
        op.execute("DROP FUNCTION IF EXISTS partnerdesk_history_audit_key_fact()")
    if bind.dialect.name == "sqlite":  # in place (SQLite 3.35+): organisations keeps its rowids and triggers
        op.execute("ALTER TABLE organisations DROP COLUMN key_facts_summary")
    else:
        op.drop_column('organisations', 'key_facts_summary')
    op.drop_index(op.f('ix_organisation_key_facts_organisation_id'), table_name='organisation_key_facts')
    op.drop_table('organisation_key_facts')
