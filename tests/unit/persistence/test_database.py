"""Opening files: settings on every connection, refusing foreign/newer/corrupt files untouched, migrations."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from partnerdesk.domain.errors import CorruptDatabaseError, DatabaseFileError, NewerDatabaseError, NotAPartnerDeskFile
from partnerdesk.persistence import migrate
from partnerdesk.persistence.backup import backup_database
from partnerdesk.persistence.database import create_database, open_database
from partnerdesk.persistence.engine import APPLICATION_ID


def digest(path: Path) -> str:
    """The bytes of the file AND its write-ahead log: a write that sits in the log changes it too
    (the main file alone stays the same until a checkpoint, so comparing it proved nothing)."""
    wal = Path(f"{path}-wal")
    return hashlib.sha256(path.read_bytes() + b"|wal|" + (wal.read_bytes() if wal.exists() else b"")).hexdigest()


def test_connection_settings(db):
    with db.write() as session:
        conn = session.connection()
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
        assert conn.exec_driver_sql("PRAGMA application_id").scalar() == APPLICATION_ID


def test_write_takes_the_lock_at_begin(db, db_path):
    other = sqlite3.connect(db_path, timeout=0.1)
    with db.write():
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
    other.close()


def test_new_database_is_at_head(db):
    with db.read() as session:
        assert session.connection().exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == migrate.head_revision()
    assert len(db.identity) == 36


def test_foreign_file_is_refused_and_untouched(tmp_path):
    other = tmp_path / "other.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    before = digest(other)
    with pytest.raises(NotAPartnerDeskFile):
        open_database(other)
    assert digest(other) == before
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    with pytest.raises(NotAPartnerDeskFile):
        open_database(text)
    assert text.read_text() == "hello"


def test_newer_file_is_refused_and_untouched(db, db_path):
    with db.write() as session:
        session.connection().exec_driver_sql("UPDATE alembic_version SET version_num='9999_future'")
    db.close()
    before = digest(db_path)
    with pytest.raises(NewerDatabaseError, match="neueren"):
        open_database(db_path)
    assert digest(db_path) == before


def test_corrupt_file_is_reported_and_untouched(example_db, db_path):
    example_db.close()
    with sqlite3.connect(db_path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(db_path.read_bytes())
    page = 4096
    for i in range(page * 2, min(len(data), page * 6)):
        data[i] = 0xA5
    db_path.write_bytes(bytes(data))
    before = digest(db_path)
    with pytest.raises((CorruptDatabaseError, NotAPartnerDeskFile)):
        open_database(db_path)
    assert digest(db_path) == before


def test_missing_file(tmp_path):
    with pytest.raises(DatabaseFileError):
        open_database(tmp_path / "missing.sqlite")


def test_migration_from_first_revision_keeps_data(tmp_path):
    """An unmigrated file (only the first revision) is backed up, then upgraded."""
    from partnerdesk.persistence.engine import make_engine

    path = tmp_path / "old.sqlite"
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA application_id={APPLICATION_ID}")
    raw.commit()
    raw.close()
    engine = make_engine(path, foreign_keys=False)
    with engine.connect() as conn:
        migrate.upgrade(conn, "0001")
    engine.dispose()
    db = open_database(path)
    db.close()
    backups = list((tmp_path / "backups").glob("*.sqlite")) if migrate.head_revision() != "0001" else []
    assert migrate.head_revision() == "0001" or backups


def test_backup_is_a_valid_database(example_db, db_path, tmp_path):
    target = backup_database(db_path, tmp_path / "copy.sqlite")
    copy = open_database(target)
    from partnerdesk.services import ProjectService

    assert ProjectService(copy).count() == ProjectService(example_db).count() == 6
    copy.close()
    assert not list(tmp_path.glob(".*partial"))


def test_create_refuses_existing_file(db_path, db):
    with pytest.raises(DatabaseFileError):
        create_database(db_path)


def test_the_orm_mappings_can_be_finished_before_the_first_query():
    from partnerdesk.persistence.tables import Base, configure_mappings

    configure_mappings()
    assert Base.registry.mappers and all(mapper.configured for mapper in Base.registry.mappers)
