"""Council decisions as records of their own (the register "Ratsbeschlüsse"; lane "council").

* ``decisions(id, title, title_key, body, committee, date, number, result, notes, search_text,
  created_at, updated_at, version, is_example)``: a decision of the city council or one of its
  committees; ``body`` is "council" or "committee", ``result`` one of "scheduled", "approved",
  "rejected", "deferred", "noted"; ``number`` the Drucksache number.
* ``decision_partnerships`` and ``decision_projects``: the records a decision concerns
  (both keys cascade on delete; ``position`` keeps the order).
* The city council's decision of revision 0007 (``partnerships.council_decision_on`` and
  ``council_decision_number``) becomes a decision record of its own, "approved" by the
  council and linked to its partnership, wherever either was filled; then both columns go.
  Its id is derived from the partnership's id (UUID 5), and its timestamps are the
  partnership's, so the same partnership upgraded in a travel copy and in the office
  database yields the same record (a merge sees nothing new). Its title is the partnership's.
* The journal triggers (SQLite), the text index (FTS5, where the SQLite has trigrams) and on a
  server the history's audit trigger of revision 0006 and the ``pg_trgm`` index are made for
  ``decisions`` like for the other record tables, after the carried-over rows are in: carrying
  them over is no user change (no journal entry, no history entry).
* SQLite drops the two columns in place (``ALTER TABLE … DROP COLUMN``, SQLite 3.35 and newer):
  no copy of ``partnerships``, so its rowids, triggers and text index stay.

The SQL is written out here (only the folding of ``domain.text`` is imported, as in 0004), so
this revision never changes with the application. Downgrading puts the newest approved council
decision of each partnership back into the two columns and drops the tables.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07 16:50:00
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

from partnerdesk.domain.text import search_blob, sort_key

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None

TABLE = "decisions"
#: Names the carried-over decisions' ids (uuid5 of the partnership's id).
NAMESPACE = uuid.UUID("5b0f2c1e-7a43-4c59-9d6e-0c0b1d2e9a09")
TRIGRAM = "trigram case_sensitive 1"


def _journal_trigger(event: str) -> str:
    row = "OLD" if event == "delete" else "NEW"
    return (
        f"CREATE TRIGGER IF NOT EXISTS trg_{TABLE}_journal_{event} AFTER {event.upper()} ON {TABLE} "
        f"BEGIN INSERT INTO record_changes (kind, record_id, seq) VALUES ('{TABLE}', {row}.id, "
        "(SELECT COALESCE(MAX(seq), 0) + 1 FROM record_changes)) "
        "ON CONFLICT (kind, record_id) DO UPDATE SET seq = excluded.seq; END"
    )


def _search_index_sql() -> list[str]:
    idx = f"{TABLE}_search"
    add = f"INSERT INTO {idx} (rowid, search_text) VALUES (new.rowid, new.search_text);"
    remove = f"INSERT INTO {idx} ({idx}, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);"
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {idx} USING fts5(search_text, content='{TABLE}', tokenize='{TRIGRAM}')",
        f"CREATE TRIGGER IF NOT EXISTS trg_{TABLE}_search_insert AFTER INSERT ON {TABLE} BEGIN {add} END",
        f"CREATE TRIGGER IF NOT EXISTS trg_{TABLE}_search_delete AFTER DELETE ON {TABLE} BEGIN {remove} END",
        f"CREATE TRIGGER IF NOT EXISTS trg_{TABLE}_search_update AFTER UPDATE OF search_text ON {TABLE} "
        f"BEGIN {remove} {add} END",
        f"INSERT INTO {idx} ({idx}) VALUES ('rebuild')",
    ]


def _create_tables(key_type: sa.Text) -> None:
    op.create_table(
        TABLE,
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('is_example', sa.Boolean(), nullable=False),
        sa.Column('search_text', sa.Text(), nullable=False),
        sa.Column('title', sa.String(length=300), nullable=False),
        sa.Column('title_key', key_type, server_default='', nullable=False),
        sa.Column('body', sa.String(length=32), nullable=False),
        sa.Column('committee', sa.String(length=300), nullable=False),
        sa.Column('date', sa.Date(), nullable=True),
        sa.Column('number', sa.String(length=100), nullable=False),
        sa.Column('result', sa.String(length=32), nullable=False),
        sa.Column('notes', sa.Text(), nullable=False),
        sa.CheckConstraint("body IN ('council', 'committee')", name=op.f('ck_decisions_body')),
        sa.CheckConstraint("result IN ('scheduled', 'approved', 'rejected', 'deferred', 'noted')",
                           name=op.f('ck_decisions_result')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_decisions')),
    )
    for column in ('title_key', 'body', 'date', 'number', 'result'):
        op.create_index(op.f(f'ix_decisions_{column}'), TABLE, [column], unique=False)
    for link, column, target in (('decision_partnerships', 'partnership_id', 'partnerships'),
                                 ('decision_projects', 'project_id', 'projects')):
        op.create_table(
            link,
            sa.Column('decision_id', sa.String(length=36), nullable=False),
            sa.Column(column, sa.String(length=36), nullable=False),
            sa.Column('position', sa.Integer(), nullable=False),
            sa.ForeignKeyConstraint(['decision_id'], ['decisions.id'], name=op.f(f'fk_{link}_decision_id_decisions'),
                                    ondelete='CASCADE'),
            sa.ForeignKeyConstraint([column], [f'{target}.id'], name=op.f(f'fk_{link}_{column}_{target}'),
                                    ondelete='CASCADE'),
            sa.PrimaryKeyConstraint('decision_id', column, name=op.f(f'pk_{link}')),
        )
        op.create_index(op.f(f'ix_{link}_{column}'), link, [column], unique=False)


def _carry_over(bind: sa.Connection) -> None:
    """Each partnership's council decision of revision 0007 as an approved decision record."""
    rows = bind.execute(sa.text(
        "SELECT id, title, council_decision_on, council_decision_number, is_example, created_at, updated_at "
        "FROM partnerships WHERE council_decision_on IS NOT NULL OR council_decision_number <> ''"
    )).all()
    decisions, links = [], []
    for pid, title, on, number, is_example, created, updated in rows:
        did = str(uuid.uuid5(NAMESPACE, pid))
        number = (number or "").strip()
        decisions.append({
            "id": did, "created_at": created, "updated_at": updated or created, "version": 1,
            "is_example": bool(is_example), "search_text": search_blob(title, number), "title": title,
            "title_key": sort_key(title or ""), "body": "council", "committee": "", "date": on, "number": number,
            "result": "approved", "notes": "",
        })
        links.append({"decision_id": did, "partnership_id": pid, "position": 0})
    if decisions:
        columns = list(decisions[0])
        bind.execute(sa.text(f"INSERT INTO {TABLE} ({', '.join(columns)}) VALUES ({', '.join(':' + c for c in columns)})"),
                     decisions)
        bind.execute(sa.text("INSERT INTO decision_partnerships (decision_id, partnership_id, position) "
                             "VALUES (:decision_id, :partnership_id, :position)"), links)


def _drop_partnership_columns(sqlite: bool) -> None:
    for column in ('council_decision_on', 'council_decision_number'):
        if sqlite:
            op.execute(f"ALTER TABLE partnerships DROP COLUMN {column}")
        else:
            op.drop_column('partnerships', column)


def upgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    # Sort keys compare by code point on a server whatever its collation (as in revision 0003).
    _create_tables(sa.Text(collation="C") if bind.dialect.name == "postgresql" else sa.Text())
    _carry_over(bind)
    _drop_partnership_columns(sqlite)
    if sqlite:
        for event in ("insert", "update", "delete"):
            op.execute(_journal_trigger(event))
        if bind.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'activities_search'").first():
            for sql in _search_index_sql():
                op.execute(sql)
    elif bind.dialect.name == "postgresql":
        if bind.exec_driver_sql("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'").first():
            op.execute(f"CREATE INDEX IF NOT EXISTS ix_{TABLE}_search_trgm ON {TABLE} USING gin (search_text gin_trgm_ops)")
        op.execute(
            f"CREATE TRIGGER trg_{TABLE}_history_audit AFTER INSERT OR UPDATE OR DELETE ON {TABLE} FOR EACH ROW "
            "WHEN (current_setting('partnerdesk.writer', true) IS DISTINCT FROM 'on') "
            f"EXECUTE FUNCTION partnerdesk_history_audit('{TABLE}', 'id', 'title')"
        )


def downgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    op.add_column('partnerships', sa.Column('council_decision_on', sa.Date(), nullable=True))
    op.add_column('partnerships', sa.Column('council_decision_number', sa.String(length=100), nullable=False,
                                            server_default=''))
    newest = bind.execute(sa.text(
        "SELECT l.partnership_id, d.date, d.number FROM decisions d "
        "JOIN decision_partnerships l ON l.decision_id = d.id "
        "WHERE d.body = 'council' AND d.result = 'approved' ORDER BY d.date, d.number"
    )).all()
    values = {pid: {"pid": pid, "on": on, "number": number} for pid, on, number in newest}
    if values:
        bind.execute(sa.text("UPDATE partnerships SET council_decision_on = :on, council_decision_number = :number "
                             "WHERE id = :pid"), list(values.values()))
    if sqlite:
        for event in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS trg_{TABLE}_search_{event}")
            op.execute(f"DROP TRIGGER IF EXISTS trg_{TABLE}_journal_{event}")
        op.execute(f"DROP TABLE IF EXISTS {TABLE}_search")
        op.execute(f"DELETE FROM record_changes WHERE kind = '{TABLE}'")
    elif bind.dialect.name == "postgresql":
        op.execute(f"DROP TRIGGER IF EXISTS trg_{TABLE}_history_audit ON {TABLE}")
    op.drop_table('decision_projects')
    op.drop_table('decision_partnerships')
    op.drop_table(TABLE)
