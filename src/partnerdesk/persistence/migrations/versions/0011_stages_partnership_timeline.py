"""Where each partnership stands (lane "stages"): its dated stages, and CEMR's partnership types.

* ``partnership_stages(id PK, partnership_id FK -> partnerships ON DELETE CASCADE, kind, date,
  note, document, term_from, term_until, automatic_renewal, programme, phase, position)``: the
  timeline. ``kind`` is one of first_contact, letter_of_intent, mou_signed,
  project_partnership, council_decision, certificate, dormant, suspended, ended; a term's end
  never lies before its start.
* ``partnerships.current_stage`` / ``current_stage_on``: the latest dated stage, kept by the
  services beside the stages so the register filters and sorts by it with an index.
* Types as the German section of CEMR (RGRE) counts them: twinning (Partnerschaft),
  friendship, contact (new), project partnership. "climate_partnership" and
  "project_cooperation" become "project_partnership"; what they said moves into a
  "project or climate partnership" stage (programme "SKEW – Kommunale Klimapartnerschaften" for
  a climate partnership, a note naming the former type for a project cooperation).
* Data moved, nothing lost: every ``mou_signed_on`` becomes a "MoU signed" stage of that date
  (the field stays, derived from the timeline from now on). A stage made from a former type
  takes the start date, else the signing date, else 1 January of the start year, else the
  day the record was created; its note says which.

On a server, a trigger records a stage changed by another tool (psql) in its partnership's
history (field "stages"), as revision 0006 does for the record tables.

``partnerships`` is copied once on SQLite (batch) to change its CHECK on ``type``; ``env.py``
switches foreign keys off around it, so the child rows stay. The copy has new rowids and no
triggers: the journal's triggers are made again (its update trigger is off while types are
mapped: no user change, travel copies see nothing changed) and the text index is rebuilt.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 17:00:00
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

from partnerdesk.persistence import change_log, search_index

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

KINDS = ("first_contact", "letter_of_intent", "mou_signed", "project_partnership", "council_decision",
         "certificate", "dormant", "suspended", "ended")
OLD_TYPES = ("twinning", "project_partnership", "climate_partnership", "friendship", "project_cooperation")
NEW_TYPES = ("twinning", "friendship", "contact", "project_partnership")
SKEW = "SKEW – Kommunale Klimapartnerschaften"
#: The record tables of this revision: their journal triggers and text indexes are the ones it
#: restores (``change_log``/``search_index`` name later registers too, which do not exist yet here).
REGISTERS = ("organisations", "partnerships", "contacts", "projects", "activities")
#: Stable ids for the stages made here (the same database migrated twice gets the same ids).
NAMESPACE = uuid.UUID("5b0c2f7e-3d1a-4c7b-9a51-0f9e2b8d7c09")


#: On a server: a stage changed by another tool (psql, a report tool) becomes an entry of its
#: partnership's history, field "stages" with the stage before and after (PartnerDesk's own
#: saves record the whole partnership, stages included, and set partnerdesk.writer).
STAGE_AUDIT = """
CREATE OR REPLACE FUNCTION partnerdesk_history_audit_stage() RETURNS trigger
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
            jsonb_build_object('stages', jsonb_build_array(before, after))::text);
    RETURN NULL;
END $fn$
"""


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _as_date(value: object) -> date | None:
    if value is None or isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, datetime):
        return value.date()
    text = str(value)
    return date.fromisoformat(text[:10]) if len(text) >= 10 else None


def _former_type_stage(row: sa.Row[Any]) -> tuple[date, str]:
    """The date of a stage made from a former type, and the note saying where it came from."""
    start, signed, year = _as_date(row.start_date), _as_date(row.mou_signed_on), row.start_year
    if start is not None:
        return start, "Datum: Beginn der Partnerschaft."
    if signed is not None:
        return signed, "Datum: Unterzeichnung des MoU."
    if year is not None:
        return date(int(year), 1, 1), f"Datum: nur das Jahr {int(year)} war bekannt."
    created = _as_date(row.created_at) or date.today()
    return created, "Datum unbekannt: Tag der Erfassung in PartnerDesk, bitte prüfen."


def _responsible() -> tuple[sa.Column[Any], ...]:
    """Revision 0010's reference to the responsible contact, for SQLite's copy of ``partnerships``:
    written inline there, reflection reads it without its name and without ON DELETE SET NULL
    (deleting a responsible contact would then fail), so the copy states it as 0010 made it."""
    return (sa.Column('responsible_id', sa.String(length=36), sa.ForeignKey(
        'contacts.id', name='fk_partnerships_responsible_id_contacts', ondelete='SET NULL')),)


def upgrade() -> None:
    stages = op.create_table(
        'partnership_stages',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('partnership_id', sa.String(length=36), nullable=False),
        sa.Column('kind', sa.String(length=32), nullable=False),
        sa.Column('date', sa.Date(), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('document', sa.String(length=300), nullable=False),
        sa.Column('term_from', sa.Date(), nullable=True),
        sa.Column('term_until', sa.Date(), nullable=True),
        sa.Column('automatic_renewal', sa.Boolean(), nullable=False),
        sa.Column('programme', sa.String(length=300), nullable=False),
        sa.Column('phase', sa.String(length=100), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.CheckConstraint(_in("kind", KINDS), name=op.f('ck_partnership_stages_kind')),
        sa.CheckConstraint("term_until IS NULL OR term_from IS NULL OR term_until >= term_from",
                           name=op.f('ck_partnership_stages_term')),
        sa.ForeignKeyConstraint(['partnership_id'], ['partnerships.id'],
                                name=op.f('fk_partnership_stages_partnership_id_partnerships'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_partnership_stages')),
    )
    op.create_index(op.f('ix_partnership_stages_partnership_id'), 'partnership_stages', ['partnership_id'])
    op.create_index(op.f('ix_partnership_stages_term_until'), 'partnership_stages', ['term_until'])

    bind = op.get_bind()
    rows = bind.execute(sa.text(
        "SELECT id, type, start_year, start_date, mou_signed_on, created_at FROM partnerships ORDER BY id"
    )).all()
    new_stages: list[dict[str, object]] = []
    current: dict[str, tuple[str, date]] = {}
    for row in rows:
        made: list[tuple[str, date, str, str]] = []  # kind, date, note, programme
        signed = _as_date(row.mou_signed_on)
        if signed is not None:
            made.append(("mou_signed", signed, "Übernommen aus „MoU unterzeichnet am“.", ""))
        if row.type in ("climate_partnership", "project_cooperation"):
            day, why = _former_type_stage(row)
            if row.type == "climate_partnership":
                made.append(("project_partnership", day, f"Früherer Typ: Klimapartnerschaft. {why}", SKEW))
            else:
                made.append(("project_partnership", day, f"Früherer Typ: Projektbezogene Zusammenarbeit. {why}", ""))
        made.sort(key=lambda m: (m[1], KINDS.index(m[0])))
        for position, (kind, day, note, programme) in enumerate(made):
            new_stages.append({
                "id": str(uuid.uuid5(NAMESPACE, f"{row.id}/{kind}")), "partnership_id": row.id, "kind": kind,
                "date": day, "note": note, "document": "", "term_from": None, "term_until": None,
                "automatic_renewal": False, "programme": programme, "phase": "", "position": position,
            })
        if made:
            current[row.id] = (made[-1][0], made[-1][1])
    if new_stages:
        op.bulk_insert(stages, new_stages)

    sqlite = bind.dialect.name == "sqlite"
    if sqlite:
        op.execute("DROP TRIGGER IF EXISTS trg_partnerships_journal_update")  # the mapping is no user change
    # The former types are allowed by the old CHECK, the new one no longer allows them.
    op.execute(
        "UPDATE partnerships SET type = 'project_partnership' WHERE type IN ('climate_partnership', 'project_cooperation')"
    )
    with op.batch_alter_table('partnerships', reflect_args=_responsible()) as batch_op:  # SQLite copies the table once; PostgreSQL alters it
        batch_op.add_column(sa.Column('current_stage', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('current_stage_on', sa.Date(), nullable=True))
        batch_op.drop_constraint(op.f('ck_partnerships_type'), type_='check')
        batch_op.create_check_constraint('type', _in("type", NEW_TYPES))
    op.create_index(op.f('ix_partnerships_current_stage'), 'partnerships', ['current_stage'])
    for partnership_id, (kind, day) in current.items():
        bind.execute(sa.text("UPDATE partnerships SET current_stage = :kind, current_stage_on = :day WHERE id = :id"),
                     {"kind": kind, "day": day, "id": partnership_id})
    if sqlite:
        _restore_triggers(bind)
    elif bind.dialect.name == "postgresql":
        op.execute(STAGE_AUDIT)
        op.execute(
            "CREATE TRIGGER trg_partnership_stages_history_audit AFTER INSERT OR UPDATE OR DELETE ON partnership_stages "
            "FOR EACH ROW WHEN (current_setting('partnerdesk.writer', true) IS DISTINCT FROM 'on') "
            "EXECUTE FUNCTION partnerdesk_history_audit_stage()"
        )


def _restore_triggers(bind: sa.Connection) -> None:
    """SQLite copied ``partnerships`` (new rowids, no triggers): the journal's triggers come back
    and the text index is made again from the table."""
    change_log.create_triggers(op.execute, REGISTERS)
    if search_index.present(bind, REGISTERS):
        for sql in search_index.trigger_sql("partnerships").values():
            op.execute(sql)
        index = search_index.index_table("partnerships")
        op.execute(f"INSERT INTO {index} ({index}) VALUES ('rebuild')")


def downgrade() -> None:
    # The former types come back only where a stage says so; "contact" becomes a twinning.
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS trg_partnerships_journal_update")
    with op.batch_alter_table('partnerships', reflect_args=_responsible()) as batch_op:
        batch_op.drop_constraint(op.f('ck_partnerships_type'), type_='check')
        batch_op.create_check_constraint('type', _in("type", NEW_TYPES + OLD_TYPES))
    bind.execute(sa.text(
        "UPDATE partnerships SET type = 'climate_partnership' WHERE type = 'project_partnership' AND id IN "
        "(SELECT partnership_id FROM partnership_stages WHERE kind = 'project_partnership' AND programme = :skew)"
    ), {"skew": SKEW})
    bind.execute(sa.text("UPDATE partnerships SET type = 'twinning' WHERE type = 'contact'"))
    op.drop_index(op.f('ix_partnerships_current_stage'), table_name='partnerships')
    with op.batch_alter_table('partnerships', reflect_args=_responsible()) as batch_op:
        batch_op.drop_column('current_stage_on')
        batch_op.drop_column('current_stage')
        batch_op.drop_constraint(op.f('ck_partnerships_type'), type_='check')
        batch_op.create_check_constraint('type', _in("type", OLD_TYPES))
    if bind.dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS trg_partnership_stages_history_audit ON partnership_stages")
        op.execute("DROP FUNCTION IF EXISTS partnerdesk_history_audit_stage()")
    op.drop_index(op.f('ix_partnership_stages_term_until'), table_name='partnership_stages')
    op.drop_index(op.f('ix_partnership_stages_partnership_id'), table_name='partnership_stages')
    op.drop_table('partnership_stages')
    if bind.dialect.name == "sqlite":
        _restore_triggers(bind)
