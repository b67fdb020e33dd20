"""Visits: an activity's last day, its direction, the new kinds, and its participant list.

* ``activities``: ``end_date`` (the last day of a visit of several days, NULL for one day),
  ``direction`` ('' not recorded, 'incoming', 'outgoing', 'at_home', 'online'); the kind
  check allows the new kinds (incoming/outgoing delegation, expert and school exchange,
  conference, council or committee meeting, online meeting). Every old kind stays valid, so
  no value is rewritten and old archives, travel copies and history versions still read; only
  a 'call' gets the direction 'online' (it was never a journey).
* ``activity_attendees(id PK, activity_id FK -> activities ON DELETE CASCADE, contact_id FK ->
  contacts ON DELETE SET NULL, name, organisation_id FK -> organisations ON DELETE SET NULL,
  organisation, role, dietary, accessibility, position)``: the participant list. Each contact
  linked to an activity (``activity_contacts``) becomes one participant, with the contact's
  name and organisation as they are now, in the links' order; the links stay as they were
  (they still say whom the activity concerns), so nothing is lost and counts add up.
  Their search text gains the participants' names (organisations, roles).
* On SQLite the new check copies ``activities`` (a batch migration), which loses its
  triggers and rowids: the journal triggers and the text index of ``activities`` are made
  again and the index is refilled (``rebuild``), as revision 0004 did for contacts. Nothing
  here is a user change: the journal is told nothing, and on a server the audit trigger
  looks away (``partnerdesk.writer``). The SQL is written out here, so this revision never
  changes with the application.

Written by the issue-21 "visits" lane (as 0009; re-chained after 0014 on merge).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 16:45:00
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

from partnerdesk.domain.text import search_blob

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

OLD_KINDS = ('meeting', 'delegation_trip', 'workshop', 'donation', 'call', 'other')
NEW_KINDS = ('meeting', 'incoming_delegation', 'outgoing_delegation', 'expert_exchange', 'school_exchange',
             'conference', 'council_meeting', 'online_meeting', 'delegation_trip', 'workshop', 'donation', 'call',
             'other')
DIRECTIONS = ('', 'incoming', 'outgoing', 'at_home', 'online')


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _journal_trigger(event: str) -> str:
    row = "OLD" if event == "delete" else "NEW"
    return (
        f"CREATE TRIGGER IF NOT EXISTS trg_activities_journal_{event} AFTER {event.upper()} ON activities "
        f"BEGIN INSERT INTO record_changes (kind, record_id, seq) VALUES ('activities', {row}.id, "
        "(SELECT COALESCE(MAX(seq), 0) + 1 FROM record_changes)) "
        "ON CONFLICT (kind, record_id) DO UPDATE SET seq = excluded.seq; END"
    )


def _index_sql() -> list[str]:
    idx = "activities_search"
    add = f"INSERT INTO {idx} (rowid, search_text) VALUES (new.rowid, new.search_text);"
    remove = f"INSERT INTO {idx} ({idx}, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);"
    return [
        f"CREATE TRIGGER IF NOT EXISTS trg_activities_search_insert AFTER INSERT ON activities BEGIN {add} END",
        f"CREATE TRIGGER IF NOT EXISTS trg_activities_search_delete AFTER DELETE ON activities BEGIN {remove} END",
        "CREATE TRIGGER IF NOT EXISTS trg_activities_search_update AFTER UPDATE OF search_text ON activities "
        f"BEGIN {remove} {add} END",
        f"INSERT INTO {idx} ({idx}) VALUES ('rebuild')",
    ]


def _activity_text(bind: sa.engine.Connection, ids: list[str]) -> list[dict[str, str]]:
    """The search text of these activities: title, place, notes, follow-ups, participants."""
    values = []
    for aid in ids:
        row = bind.execute(sa.text("SELECT title, place, notes FROM activities WHERE id = :id"), {"id": aid}).one()
        follow_ups = bind.execute(sa.text(
            "SELECT text FROM follow_ups WHERE activity_id = :id ORDER BY position"), {"id": aid}).scalars().all()
        people = bind.execute(sa.text(
            "SELECT name, organisation, role FROM activity_attendees WHERE activity_id = :id ORDER BY position"),
            {"id": aid}).all()
        words = " ".join(" ".join(p for p in (r.name, r.organisation, r.role) if p) for r in people)
        values.append({"id": aid, "text": search_blob(row.title, row.place, row.notes, " ".join(follow_ups), words)})
    return values


def upgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    if bind.dialect.name == "postgresql":
        op.execute("SET LOCAL partnerdesk.writer = 'on'")  # no user change: the audit trigger looks away
    op.create_table(
        'activity_attendees',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('activity_id', sa.String(length=36), nullable=False),
        sa.Column('contact_id', sa.String(length=36), nullable=True),
        sa.Column('name', sa.String(length=300), nullable=False),
        sa.Column('organisation_id', sa.String(length=36), nullable=True),
        sa.Column('organisation', sa.String(length=300), nullable=False),
        sa.Column('role', sa.String(length=300), nullable=False),
        sa.Column('dietary', sa.Text(), nullable=False),
        sa.Column('accessibility', sa.Text(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['activity_id'], ['activities.id'],
                                name=op.f('fk_activity_attendees_activity_id_activities'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['contact_id'], ['contacts.id'],
                                name=op.f('fk_activity_attendees_contact_id_contacts'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'],
                                name=op.f('fk_activity_attendees_organisation_id_organisations'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_activity_attendees')),
    )
    for column in ('activity_id', 'contact_id', 'organisation_id'):
        op.create_index(op.f(f'ix_activity_attendees_{column}'), 'activity_attendees', [column], unique=False)

    links = bind.execute(sa.text(
        "SELECT l.activity_id, l.contact_id, l.position, c.name, c.organisation_id, coalesce(o.name, '') AS org "
        "FROM activity_contacts l JOIN contacts c ON c.id = l.contact_id "
        "LEFT JOIN organisations o ON o.id = c.organisation_id ORDER BY l.activity_id, l.position, l.contact_id"
    )).all()
    if links:
        # Ids made from activity and contact (uuid5): the same database always migrates the same way.
        namespace = uuid.UUID("6f1f5b0e-7a4e-4a55-9a43-0ad0e2f0c9a1")
        rows: list[dict[str, object]] = []
        positions: dict[str, int] = {}
        for link in links:
            n = positions.get(link.activity_id, 0)
            positions[link.activity_id] = n + 1
            rows.append({
                "id": str(uuid.uuid5(namespace, f"{link.activity_id}/{link.contact_id}")),
                "activity_id": link.activity_id, "contact_id": link.contact_id, "name": link.name,
                "organisation_id": link.organisation_id, "organisation": link.org, "position": n,
            })
        bind.execute(sa.text(
            "INSERT INTO activity_attendees (id, activity_id, contact_id, name, organisation_id, organisation, role, "
            "dietary, accessibility, position) VALUES (:id, :activity_id, :contact_id, :name, :organisation_id, "
            ":organisation, '', '', '', :position)"), rows)

    with op.batch_alter_table('activities', schema=None) as batch_op:
        batch_op.add_column(sa.Column('end_date', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('direction', sa.String(length=16), nullable=False, server_default=''))
        batch_op.drop_constraint(op.f('ck_activities_kind'), type_='check')
        batch_op.create_check_constraint('kind', _in('kind', NEW_KINDS))
        batch_op.create_check_constraint('direction', _in('direction', DIRECTIONS))

    op.execute("UPDATE activities SET direction = 'online' WHERE kind = 'call'")
    texts = _activity_text(bind, sorted({link.activity_id for link in links}))
    if texts:
        bind.execute(sa.text("UPDATE activities SET search_text = :text WHERE id = :id"), texts)
    if sqlite:
        for event in ("insert", "update", "delete"):
            op.execute(_journal_trigger(event))
        if bind.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'activities_search'").first():
            for sql in _index_sql():
                op.execute(sql)


def downgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    if bind.dialect.name == "postgresql":
        op.execute("SET LOCAL partnerdesk.writer = 'on'")
    # Kinds the old schema does not know become the nearest old one; one day instead of several.
    for new, old in (('incoming_delegation', 'delegation_trip'), ('outgoing_delegation', 'delegation_trip'),
                     ('online_meeting', 'call'), ('expert_exchange', 'workshop'), ('school_exchange', 'other'),
                     ('conference', 'meeting'), ('council_meeting', 'meeting')):
        op.execute(f"UPDATE activities SET kind = '{old}' WHERE kind = '{new}'")
    with op.batch_alter_table('activities', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_activities_direction'), type_='check')
        batch_op.drop_constraint(op.f('ck_activities_kind'), type_='check')
        batch_op.create_check_constraint('kind', _in('kind', OLD_KINDS))
        batch_op.drop_column('direction')
        batch_op.drop_column('end_date')
    op.drop_table('activity_attendees')
    if sqlite:
        for event in ("insert", "update", "delete"):
            op.execute(_journal_trigger(event))
        if bind.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'activities_search'").first():
            for sql in _index_sql():
                op.execute(sql)
