"""Revision 0019 (written as 0017 by the lane grants-register): the tables of funding programmes and
grants, on the filled database of the revision before it and back; the registers searchable and journalled."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from grant_helpers import add_grant
from partnerdesk.persistence import change_log, migrate, search_index
from partnerdesk.persistence.database import open_database
from partnerdesk.persistence.engine import make_engine
from partnerdesk.services import service_for
from partnerdesk.services.registers import RegisterQuery, RegisterService

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "schemas"
TABLES = {"programmes", "grants", "grant_projects", "grant_plan_lines", "grant_drawdowns", "grant_expenses",
          "grant_transfers"}


def _tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def test_the_grants_tables_come_on_a_filled_database_and_work(tmp_path):
    path = tmp_path / "0018.sqlite"
    shutil.copyfile(FIXTURES / "0018.sqlite", path)
    assert not TABLES & _tables(path)
    with open_database(path, automatic_backup=False) as db:
        project = service_for(db, "projects").list()[0]
        _programme, grant = add_grant(db, project_ids=[project.id])
        with db.read() as session:
            connection = session.connection()
            assert change_log.is_complete(connection)
            assert search_index.is_complete(connection) and search_index.agrees_with_tables(connection)
        assert RegisterService(db, "grants").ids(RegisterQuery("grants", search="4711")) == [grant.id]
    assert TABLES <= _tables(path)
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM record_changes WHERE kind = 'grants'").fetchone()[0] == 1


def test_a_downgrade_drops_them_and_leaves_the_rest(tmp_path):
    path = tmp_path / "0019.sqlite"
    shutil.copyfile(FIXTURES / "0019.sqlite", path)
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM grant_expenses").fetchone()[0] > 0  # the fixture is filled
        projects = conn.execute("SELECT count(*) FROM projects").fetchone()[0]
    engine = make_engine(path)
    try:
        with engine.begin() as connection:
            from alembic import command

            command.downgrade(migrate.alembic_config(connection), "0018")
    finally:
        engine.dispose()
    assert not TABLES & _tables(path)
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM projects").fetchone()[0] == projects
        assert not conn.execute("SELECT name FROM sqlite_master WHERE name LIKE 'trg_grants_%'").fetchall()
