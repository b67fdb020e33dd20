"""Every entry point writes with the settings that keep commits.

A tracer listens on every SQLAlchemy connection pool: each new DBAPI connection
records the SQL it runs, and before each write statement the connection's PRAGMAs
are read. Then, for each entry point (command line, the window's open path, travel
copy, JSON import, table import, travel merge, migration), every write must have
run with WAL, ``synchronous=FULL`` (2), foreign keys on (off only on the migration
connection, by design), a busy timeout, and inside a transaction begun with
``BEGIN IMMEDIATE``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import Pool

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER)\b", re.I)


@dataclass
class Traced:
    statements: list[str] = field(default_factory=list)
    writes: list[dict] = field(default_factory=list)


class Tracer:
    def __init__(self) -> None:
        self.connections: list[Traced] = []
        self._by_raw: dict[int, Traced] = {}

    def on_connect(self, dbapi_connection, _record) -> None:
        traced = Traced()
        self.connections.append(traced)
        self._by_raw[id(dbapi_connection)] = traced
        dbapi_connection.set_trace_callback(traced.statements.append)

    def before_execute(self, conn, _cursor, statement, _parameters, _context, _many) -> None:
        if not WRITE.match(statement):
            return
        raw = conn.connection.dbapi_connection
        traced = self._by_raw.get(id(raw))
        if traced is None:
            return
        pragma = {}
        for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout"):
            pragma[name] = raw.execute(f"PRAGMA {name}").fetchone()[0]
        begins = [s for s in traced.statements if s.upper().startswith("BEGIN")]
        ends = [i for i, s in enumerate(traced.statements) if s.upper() in ("COMMIT", "ROLLBACK") or s.upper().startswith("RELEASE")]
        last_begin = max((i for i, s in enumerate(traced.statements) if s.upper().startswith("BEGIN")), default=-1)
        pragma["begin"] = traced.statements[last_begin] if last_begin >= 0 and last_begin > max(ends, default=-1) else None
        pragma["in_transaction"] = raw.in_transaction
        pragma["statement"] = statement[:60]
        pragma["begins"] = len(begins)
        traced.writes.append(pragma)

    def writes(self) -> list[dict]:
        return [w for c in self.connections for w in c.writes]

    def reset(self) -> None:
        """Forget what was recorded so far (connections stay traced)."""
        for traced in self.connections:
            traced.statements.clear()
            traced.writes.clear()


@pytest.fixture
def tracer():
    t = Tracer()
    event.listen(Pool, "connect", t.on_connect)
    event.listen(Engine, "before_cursor_execute", t.before_execute)
    yield t
    event.remove(Engine, "before_cursor_execute", t.before_execute)
    event.remove(Pool, "connect", t.on_connect)


def assert_safe(tracer: Tracer, *, migration: bool = False) -> int:
    writes = tracer.writes()
    assert writes, "the entry point wrote nothing through a traced connection"
    for w in writes:
        assert str(w["journal_mode"]).lower() == "wal", w
        assert w["synchronous"] == 2, w
        assert w["busy_timeout"] >= 5000, w
        assert w["in_transaction"], w
        assert w["begin"] is not None and w["begin"].upper() == "BEGIN IMMEDIATE", w
        if not migration:
            assert w["foreign_keys"] == 1, w
    if migration:
        assert {w["foreign_keys"] for w in writes} == {0}
    return len(writes)


def test_command_line(office, tracer, tmp_path, capsys):
    from partnerdesk.cli.main import main

    assert main(["export", str(tmp_path / "all.json"), "--db", str(office)]) == 0
    tracer.reset()
    assert main(["remove-example-data", "--db", str(office)]) == 0
    assert_safe(tracer)
    tracer.reset()
    assert main(["import", str(tmp_path / "all.json"), "--db", str(office)]) == 0  # JSON import
    assert_safe(tracer)


def test_the_windows_open_path(office, tracer, qtbot):
    from partnerdesk.domain.records import Organisation
    from partnerdesk.services import OrganisationService

    database_actions = pytest.importorskip("partnerdesk.ui.database_actions")
    db = database_actions._open(office)
    try:
        OrganisationService(db).create(Organisation(name="Aus dem Fenster"))
    finally:
        db.close()
    assert_safe(tracer)


def test_table_import(office, tracer, tmp_path):
    table_import = pytest.importorskip("partnerdesk.exchange.table_import")
    from partnerdesk.persistence.database import open_database

    csv = tmp_path / "orgs.csv"
    csv.write_text("Name;Art;Land\nStadtwerke Kumasi;Städtisches Unternehmen;GH\nKumasi Water NGO;NGO oder Verein;GH\n", encoding="utf-8")
    with open_database(office, automatic_backup=False) as db:
        preview = table_import.preview_file(db, csv, "organisations")
        tracer.reset()
        assert not preview.has_errors
        table_import.apply_import(db, preview, remember=False)
    assert_safe(tracer)


def test_travel_copy_and_merge(office, tracer, tmp_path):
    travelfile = pytest.importorskip("partnerdesk.travel.travelfile")
    from partnerdesk.domain.records import Organisation
    from partnerdesk.persistence.database import open_database
    from partnerdesk.services import OrganisationService
    from partnerdesk.travel import apply

    trip = tmp_path / "reise.pdtravel"
    with open_database(office, automatic_backup=False) as db:
        travelfile.checkout(db, trip, "ein langes Reisepasswort 2026")
    tracer.reset()
    travel = travelfile.open_travel(trip, "ein langes Reisepasswort 2026")
    try:
        OrganisationService(travel).create(Organisation(name="Unterwegs angelegt"))
        assert_safe(tracer)  # the travel copy itself (SQLCipher)
        tracer.reset()
        with open_database(office, automatic_backup=False) as db:
            apply.merge(db, travel, prefer="office", keep_report=False)
    finally:
        travel.close()
    assert_safe(tracer)  # the merge into the office database


def test_migration_runs_with_foreign_keys_off_and_nothing_else_changed(tracer, tmp_path):
    import sqlite3

    from partnerdesk.persistence.database import _run_migrations
    from partnerdesk.persistence.engine import APPLICATION_ID

    path = tmp_path / "new.sqlite"
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA application_id={APPLICATION_ID}")
    raw.execute("PRAGMA journal_mode=WAL")
    raw.commit()
    raw.close()
    _run_migrations(path)
    assert assert_safe(tracer, migration=True) > 10


def test_the_tracer_notices_a_connection_without_the_settings(tracer, tmp_path):
    """So that the checks above could fail: a bare SQLAlchemy engine is caught."""
    from sqlalchemy import create_engine, text

    engine = create_engine(f"sqlite:///{tmp_path / 'bare.sqlite'}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (x)"))
        conn.execute(text("INSERT INTO t VALUES (1)"))
    engine.dispose()
    with pytest.raises(AssertionError):
        assert_safe(tracer)
