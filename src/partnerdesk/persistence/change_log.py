"""Which records changed, and in what order: a journal kept by SQLite triggers.

Every insert, update or delete of a record row (the five registers) writes
``(kind, record_id, seq)`` into ``record_changes``, one row per record holding the
sequence number of its latest change (an upsert; the numbers only grow,
``seq`` is indexed). So "what changed since sequence number S" is one indexed range
query, however large the database is -- travel copies use it to merge in time
proportional to the number of changes. The triggers run inside the writing
transaction, so the journal can never disagree with the data.

Writes count, not clocks: the sequence number is a counter, never a timestamp.

Batch migrations (copy, drop, rename a table) drop that table's triggers; a
migration that rebuilds a record table must call ``create_triggers`` again (the test
``test_change_log_triggers_exist_at_head`` fails otherwise), and readers check
``is_complete`` and fall back to a full comparison if a trigger is missing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import text

#: The register tables whose rows are journalled (table name = register name).
RECORD_TABLES = ("organisations", "partnerships", "contacts", "projects", "activities", "decisions", "programmes",
                 "grants")
TABLE = "record_changes"
EVENTS = {"insert": "NEW", "update": "NEW", "delete": "OLD"}


def trigger_names() -> list[str]:
    return [f"trg_{table}_journal_{event}" for table in RECORD_TABLES for event in EVENTS]


def trigger_sql(table: str, event: str) -> str:
    row = EVENTS[event]
    return (
        f"CREATE TRIGGER IF NOT EXISTS trg_{table}_journal_{event} AFTER {event.upper()} ON {table} "
        f"BEGIN INSERT INTO {TABLE} (kind, record_id, seq) VALUES ('{table}', {row}.id, "
        f"(SELECT COALESCE(MAX(seq), 0) + 1 FROM {TABLE})) "
        "ON CONFLICT (kind, record_id) DO UPDATE SET seq = excluded.seq; END"
    )


def create_triggers(execute: Any, tables: tuple[str, ...] = RECORD_TABLES) -> None:
    """(Re)create the journal triggers of ``tables`` (all record tables unless a migration names
    the ones its revision knows); ``execute`` runs one SQL statement (idempotent)."""
    for table in tables:
        for event in EVENTS:
            execute(trigger_sql(table, event))


@contextmanager
def paused(connection: Any) -> Iterator[None]:
    """Updates made inside are no user change (derived text made again): the journal's update
    triggers are dropped and made again inside the caller's transaction (``connection``:
    SQLAlchemy). Other databases have no journal triggers; nothing to do there."""
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        for table in RECORD_TABLES:
            connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS trg_{table}_journal_update")
    yield
    if sqlite:
        for table in RECORD_TABLES:
            connection.exec_driver_sql(trigger_sql(table, "update"))


def is_complete(connection: Any) -> bool:
    """True if the journal table and all its triggers exist (``connection``: SQLAlchemy)."""
    if connection.dialect.name != "sqlite":
        return False  # the triggers are SQLite's (migration 0002); readers compare every record
    names = {
        row[0]
        for row in connection.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')"
        )
    }
    return TABLE in names and set(trigger_names()) <= names


def last_seq(connection: Any) -> int:
    return int(connection.exec_driver_sql(f"SELECT COALESCE(MAX(seq), 0) FROM {TABLE}").scalar() or 0)


def changed_since(connection: Any, kind: str, seq: int) -> set[str]:
    """Ids of records of ``kind`` created, changed or deleted after sequence number ``seq``."""
    rows = connection.exec_driver_sql(
        f"SELECT record_id FROM {TABLE} WHERE seq > ? AND +kind = ?", (seq, kind)  # walk the seq index
    )
    return {r[0] for r in rows}


#: The server's audit triggers (revision 0006): with them the record history misses no change
#: of a record row, whoever made it, so "what changed since entry N" can be asked of it.
AUDIT_TRIGGERS = tuple(f"trg_{table}_history_audit" for table in RECORD_TABLES)


def history_is_complete(connection: Any) -> bool:
    """True on a server whose record history has every audit trigger (``connection``: SQLAlchemy).
    A file has the trigger journal above instead; its history covers PartnerDesk's writes only."""
    if connection.dialect.name != "postgresql":
        return False
    found = {
        row[0]
        for row in connection.execute(
            text("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgname = ANY(:names)"),
            {"names": list(AUDIT_TRIGGERS)},
        )
    }
    return found == set(AUDIT_TRIGGERS)


def history_position(connection: Any) -> int:
    """The id of the newest history entry this transaction sees (0 if none)."""
    return int(connection.execute(text("SELECT COALESCE(MAX(id), 0) FROM record_history")).scalar() or 0)


def history_changed_since(connection: Any, kind: str, position: int) -> set[str]:
    """Ids of records of ``kind`` with a history entry after ``position`` (created, changed,
    deleted or restored since), by the history's primary key."""
    rows = connection.execute(
        text("SELECT DISTINCT record_id FROM record_history WHERE id > :position AND kind = :kind"),
        {"position": position, "kind": kind},
    )
    return {r[0] for r in rows}
