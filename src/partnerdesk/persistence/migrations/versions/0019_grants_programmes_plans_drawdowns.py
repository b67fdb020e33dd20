"""Funding programmes and the grants the city receives (registers "Förderprogramme" and
"Zuwendungen"; lane "grants-register", issue 23).

* ``programmes(id, name, name_key, funder, typical_rate, min_amount, max_amount, currency, link,
  notes, search_text, created_at, updated_at, version, is_example)``.
* ``grants(…)``: the grant decision with its approved period, amount, funding rate and kind,
  own share and third-party funds, conditions (ANBest-Gk/ANBest-P and special conditions),
  status, the tolerance per plan line (default 20 %), the limit on passing money on and the
  due dates the decision sets itself; ``grant_projects`` links the projects it funds.
* A grant's parts, each cascading with it and kept in order by ``position``:
  ``grant_plan_lines`` (the funding plan), ``grant_drawdowns``, ``grant_expenses`` (the receipts)
  and ``grant_transfers`` (money passed on to the partner).
* Amounts are integers of ten-thousandths (``persistence.types.Amount``), as elsewhere.
* The journal triggers (SQLite), the text index (FTS5, where the SQLite has trigrams) and on a
  server the history's audit trigger of revision 0006 and the ``pg_trgm`` index are made for the
  two record tables like for the others. No data is carried over: the projects'
  ``funding_sources`` rows stay as they are.

The SQL is written out here, so this revision never changes with the application.
Downgrading drops the tables (and with them every programme and grant).

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07 19:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None

#: The two record tables and the column that names a record (the audit trigger's label).
TABLES = {"programmes": "name", "grants": "title"}
PARTS = ("grant_plan_lines", "grant_drawdowns", "grant_expenses", "grant_transfers")
TRIGRAM = "trigram case_sensitive 1"


def _journal_trigger(table: str, event: str) -> str:
    row = "OLD" if event == "delete" else "NEW"
    return (
        f"CREATE TRIGGER IF NOT EXISTS trg_{table}_journal_{event} AFTER {event.upper()} ON {table} "
        f"BEGIN INSERT INTO record_changes (kind, record_id, seq) VALUES ('{table}', {row}.id, "
        "(SELECT COALESCE(MAX(seq), 0) + 1 FROM record_changes)) "
        "ON CONFLICT (kind, record_id) DO UPDATE SET seq = excluded.seq; END"
    )


def _search_index_sql(table: str) -> list[str]:
    idx = f"{table}_search"
    add = f"INSERT INTO {idx} (rowid, search_text) VALUES (new.rowid, new.search_text);"
    remove = f"INSERT INTO {idx} ({idx}, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);"
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {idx} USING fts5(search_text, content='{table}', tokenize='{TRIGRAM}')",
        f"CREATE TRIGGER IF NOT EXISTS trg_{table}_search_insert AFTER INSERT ON {table} BEGIN {add} END",
        f"CREATE TRIGGER IF NOT EXISTS trg_{table}_search_delete AFTER DELETE ON {table} BEGIN {remove} END",
        f"CREATE TRIGGER IF NOT EXISTS trg_{table}_search_update AFTER UPDATE OF search_text ON {table} "
        f"BEGIN {remove} {add} END",
        f"INSERT INTO {idx} ({idx}) VALUES ('rebuild')",
    ]


def _record_columns() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('is_example', sa.Boolean(), nullable=False),
        sa.Column('search_text', sa.Text(), nullable=False),
    ]


def _create_tables(key_type: sa.Text) -> None:
    op.create_table(
        'programmes', *_record_columns(),
        sa.Column('name', sa.String(length=300), nullable=False),
        sa.Column('name_key', key_type, server_default='', nullable=False),
        sa.Column('funder', sa.String(length=300), nullable=False),
        sa.Column('typical_rate', sa.BigInteger(), nullable=True),
        sa.Column('min_amount', sa.BigInteger(), nullable=True),
        sa.Column('max_amount', sa.BigInteger(), nullable=True),
        sa.Column('currency', sa.String(length=3), nullable=False),
        sa.Column('link', sa.String(length=500), nullable=False),
        sa.Column('notes', sa.Text(), nullable=False),
        sa.CheckConstraint('typical_rate IS NULL OR typical_rate BETWEEN 0 AND 1000000',
                           name=op.f('ck_programmes_typical_rate')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_programmes')),
    )
    op.create_index(op.f('ix_programmes_name_key'), 'programmes', ['name_key'], unique=False)
    op.create_index(op.f('ix_programmes_funder'), 'programmes', ['funder'], unique=False)
    op.create_table(
        'grants', *_record_columns(),
        sa.Column('title', sa.String(length=300), nullable=False),
        sa.Column('title_key', key_type, server_default='', nullable=False),
        sa.Column('programme_id', sa.String(length=36), nullable=True),
        sa.Column('file_reference', sa.String(length=100), nullable=False),
        sa.Column('decision_date', sa.Date(), nullable=True),
        sa.Column('period_from', sa.Date(), nullable=True),
        sa.Column('period_until', sa.Date(), nullable=True),
        sa.Column('approved_amount', sa.BigInteger(), nullable=True),
        sa.Column('currency', sa.String(length=3), nullable=False),
        sa.Column('funding_rate', sa.BigInteger(), nullable=True),
        sa.Column('financing_kind', sa.String(length=16), nullable=False),
        sa.Column('own_share', sa.BigInteger(), nullable=True),
        sa.Column('third_party_funds', sa.BigInteger(), nullable=True),
        sa.Column('min_own_share_rate', sa.BigInteger(), nullable=True),
        sa.Column('conditions', sa.String(length=16), nullable=False),
        sa.Column('special_conditions', sa.Text(), nullable=False),
        sa.Column('status', sa.String(length=32), nullable=False),
        sa.Column('tolerance', sa.BigInteger(), nullable=False),
        sa.Column('passed_on_limit', sa.BigInteger(), nullable=True),
        sa.Column('interim_proof_due', sa.Date(), nullable=True),
        sa.Column('final_proof_due', sa.Date(), nullable=True),
        sa.Column('receipts_kept_until', sa.Date(), nullable=True),
        sa.Column('notes', sa.Text(), nullable=False),
        sa.CheckConstraint("status IN ('idea', 'outline', 'application', 'approved', 'running', 'proof_submitted', "
                           "'closed', 'rejected', 'withdrawn')", name=op.f('ck_grants_status')),
        sa.CheckConstraint("financing_kind IN ('share', 'deficit', 'fixed')", name=op.f('ck_grants_financing_kind')),
        sa.CheckConstraint("conditions IN ('anbest_gk', 'anbest_p', 'other')", name=op.f('ck_grants_conditions')),
        sa.CheckConstraint('period_until IS NULL OR period_from IS NULL OR period_until >= period_from',
                           name=op.f('ck_grants_period')),
        sa.CheckConstraint('approved_amount IS NULL OR approved_amount >= 0', name=op.f('ck_grants_approved_amount')),
        sa.ForeignKeyConstraint(['programme_id'], ['programmes.id'], name=op.f('fk_grants_programme_id_programmes'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_grants')),
    )
    for column in ('title_key', 'programme_id', 'file_reference', 'period_from', 'period_until', 'status'):
        op.create_index(op.f(f'ix_grants_{column}'), 'grants', [column], unique=False)
    op.create_table(
        'grant_projects',
        sa.Column('grant_id', sa.String(length=36), nullable=False),
        sa.Column('project_id', sa.String(length=36), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['grant_id'], ['grants.id'], name=op.f('fk_grant_projects_grant_id_grants'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_grant_projects_project_id_projects'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('grant_id', 'project_id', name=op.f('pk_grant_projects')),
    )
    op.create_index(op.f('ix_grant_projects_project_id'), 'grant_projects', ['project_id'], unique=False)
    parts: dict[str, list[sa.Column]] = {  # type: ignore[type-arg]
        'grant_plan_lines': [sa.Column('name', sa.String(length=300), nullable=False),
                             sa.Column('planned', sa.BigInteger(), nullable=True)],
        'grant_drawdowns': [sa.Column('requested_on', sa.Date(), nullable=True),
                            sa.Column('amount', sa.BigInteger(), nullable=True),
                            sa.Column('received_on', sa.Date(), nullable=True),
                            sa.Column('spent', sa.BigInteger(), nullable=True),
                            sa.Column('spent_on', sa.Date(), nullable=True)],
        'grant_expenses': [sa.Column('date', sa.Date(), nullable=True),
                           sa.Column('payee', sa.String(length=300), nullable=False),
                           sa.Column('purpose', sa.Text(), nullable=False),
                           sa.Column('amount', sa.BigInteger(), nullable=True),
                           sa.Column('plan_line_id', sa.String(length=36), nullable=True),
                           sa.Column('receipt', sa.String(length=100), nullable=False)],
        'grant_transfers': [sa.Column('contract', sa.String(length=300), nullable=False),
                            sa.Column('amount', sa.BigInteger(), nullable=True),
                            sa.Column('transferred_on', sa.Date(), nullable=True),
                            sa.Column('proof_due', sa.Date(), nullable=True),
                            sa.Column('proof_received_on', sa.Date(), nullable=True)],
    }
    for part, columns in parts.items():
        checks = ([sa.CheckConstraint('amount IS NULL OR amount >= 0', name=op.f(f'ck_{part}_amount'))]
                  if part in ('grant_drawdowns', 'grant_transfers') else [])
        op.create_table(
            part,
            sa.Column('id', sa.String(length=36), nullable=False),
            sa.Column('grant_id', sa.String(length=36), nullable=False),
            *columns,
            sa.Column('position', sa.Integer(), nullable=False),
            *checks,
            sa.ForeignKeyConstraint(['grant_id'], ['grants.id'], name=op.f(f'fk_{part}_grant_id_grants'),
                                    ondelete='CASCADE'),
            sa.PrimaryKeyConstraint('id', name=op.f(f'pk_{part}')),
        )
        op.create_index(op.f(f'ix_{part}_grant_id'), part, ['grant_id'], unique=False)


def upgrade() -> None:
    bind = op.get_bind()
    # Sort keys compare by code point on a server whatever its collation (as in revision 0003).
    _create_tables(sa.Text(collation="C") if bind.dialect.name == "postgresql" else sa.Text())
    if bind.dialect.name == "sqlite":
        searchable = bind.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'activities_search'").first()
        for table in TABLES:
            for event in ("insert", "update", "delete"):
                op.execute(_journal_trigger(table, event))
            if searchable:
                for sql in _search_index_sql(table):
                    op.execute(sql)
    elif bind.dialect.name == "postgresql":
        trigram = bind.exec_driver_sql("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'").first()
        for table, label in TABLES.items():
            if trigram:
                op.execute(f"CREATE INDEX IF NOT EXISTS ix_{table}_search_trgm ON {table} "
                           "USING gin (search_text gin_trgm_ops)")
            op.execute(
                f"CREATE TRIGGER trg_{table}_history_audit AFTER INSERT OR UPDATE OR DELETE ON {table} FOR EACH ROW "
                "WHEN (current_setting('partnerdesk.writer', true) IS DISTINCT FROM 'on') "
                f"EXECUTE FUNCTION partnerdesk_history_audit('{table}', 'id', '{label}')"
            )


def downgrade() -> None:
    bind = op.get_bind()
    for table in TABLES:
        if bind.dialect.name == "sqlite":
            for event in ("insert", "delete", "update"):
                op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_search_{event}")
                op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_journal_{event}")
            op.execute(f"DROP TABLE IF EXISTS {table}_search")
            op.execute(f"DELETE FROM record_changes WHERE kind = '{table}'")
        elif bind.dialect.name == "postgresql":
            op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_history_audit ON {table}")
    for part in (*PARTS, 'grant_projects', 'grants', 'programmes'):
        op.drop_table(part)
