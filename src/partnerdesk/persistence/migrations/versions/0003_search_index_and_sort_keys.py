"""Text-search index (FTS5 trigram) and German sort keys of the registers.

* ``<title|name>_key`` on the five record tables: ``domain.text.sort_key`` of the title
  or name (case- and accent-free, "Ökostrom" among the O's), indexed, so a register
  sorts in German order and still walks an index. Filled here from the existing rows
  (with the application's ``sort_key``: the services write the same value on every save).
  The fill is no user change: the journal's update triggers are off while it runs and
  ``change_log.create_triggers`` puts them back, so travel copies see nothing changed.
* ``<table>_search``: an external-content FTS5 index over ``search_text`` with the
  trigram tokenizer, kept by triggers and filled with ``rebuild`` (see
  ``persistence/search_index.py``; the SQL is written out here so this revision never
  changes with the application; a test checks both agree). Only if this SQLite has FTS5
  with trigrams (3.34+); without, the search keeps working through ``instr``.
  On PostgreSQL a pg_trgm GIN index is made instead, if that extension is installed.
* On PostgreSQL the key columns compare with the "C" collation (code points, like
  SQLite's BINARY): the keys are made for that order, and a server's linguistic default
  collation would put "a b" after "ab" and break the pickers' "starts with" range.

No table is copied (columns are added with ALTER TABLE), so rowids stay as they were.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 20:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from partnerdesk.domain.text import sort_key
from partnerdesk.persistence import change_log

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

#: table -> the column its register sorts by
KEYED = {"organisations": "name", "partnerships": "title", "contacts": "name", "projects": "title", "activities": "title"}
TOKENIZER = "trigram case_sensitive 1"


def _has_trigram(bind: sa.Connection) -> bool:
    try:
        bind.exec_driver_sql(f"CREATE VIRTUAL TABLE temp.pd_trigram_probe USING fts5(x, tokenize='{TOKENIZER}')")
    except Exception:  # noqa: BLE001 - no FTS5 or no trigram tokenizer in this SQLite
        return False
    bind.exec_driver_sql("DROP TABLE temp.pd_trigram_probe")
    return True


def _fill_keys(bind: sa.Connection, table: str, source: str) -> None:
    if bind.dialect.name == "sqlite":
        driver = bind.connection.driver_connection
        assert driver is not None  # the migration runs on an open connection
        driver.create_function("pd_sort_key", 1, sort_key, deterministic=True)
        bind.exec_driver_sql(f"UPDATE {table} SET {source}_key = pd_sort_key({source})")
        return
    rows = bind.execute(sa.text(f"SELECT id, {source} FROM {table}")).all()
    if rows:
        bind.execute(
            sa.text(f"UPDATE {table} SET {source}_key = :key WHERE id = :id"),
            [{"id": rid, "key": sort_key(value or "")} for rid, value in rows],
        )


def _search_index_sql(table: str) -> list[str]:
    idx = f"{table}_search"
    add = f"INSERT INTO {idx} (rowid, search_text) VALUES (new.rowid, new.search_text);"
    remove = f"INSERT INTO {idx} ({idx}, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);"
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {idx} USING fts5(search_text, content='{table}', tokenize='{TOKENIZER}')",
        f"CREATE TRIGGER IF NOT EXISTS trg_{table}_search_insert AFTER INSERT ON {table} BEGIN {add} END",
        f"CREATE TRIGGER IF NOT EXISTS trg_{table}_search_delete AFTER DELETE ON {table} BEGIN {remove} END",
        f"CREATE TRIGGER IF NOT EXISTS trg_{table}_search_update AFTER UPDATE OF search_text ON {table} "
        f"BEGIN {remove} {add} END",
        f"INSERT INTO {idx} ({idx}) VALUES ('rebuild')",
    ]


def upgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    key_type = sa.Text(collation="C") if bind.dialect.name == "postgresql" else sa.Text()
    for table, source in KEYED.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column(f'{source}_key', key_type, server_default='', nullable=False))
        if sqlite:
            op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_journal_update")  # the fill is no user change
        _fill_keys(bind, table, source)
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(batch_op.f(f'ix_{table}_{source}_key'), [f'{source}_key'], unique=False)
    if sqlite:
        change_log.create_triggers(op.execute, tuple(KEYED))
        if _has_trigram(bind):
            for table in KEYED:
                for sql in _search_index_sql(table):
                    op.execute(sql)
    elif bind.dialect.name == "postgresql":
        if bind.exec_driver_sql("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'").first():
            for table in KEYED:
                op.execute(
                    f"CREATE INDEX IF NOT EXISTS ix_{table}_search_trgm ON {table} USING gin (search_text gin_trgm_ops)"
                )


def downgrade() -> None:
    bind = op.get_bind()
    for table, source in KEYED.items():
        if bind.dialect.name == "sqlite":
            for event in ("insert", "delete", "update"):
                op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_search_{event}")
            op.execute(f"DROP TABLE IF EXISTS {table}_search")
        else:
            op.execute(f"DROP INDEX IF EXISTS ix_{table}_search_trgm")
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f'ix_{table}_{source}_key'))
            batch_op.drop_column(f'{source}_key')
    if bind.dialect.name == "sqlite":
        change_log.create_triggers(op.execute, tuple(KEYED))  # dropping a column copied the tables
