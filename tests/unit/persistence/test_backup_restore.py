"""Daily rotating backups and ``partnerdesk restore``."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime, timedelta

import pytest

from partnerdesk.cli.main import main
from partnerdesk.domain.enums import OrganisationKind
from partnerdesk.domain.errors import CorruptDatabaseError, NewerDatabaseError, NotAPartnerDeskFile
from partnerdesk.domain.records import Organisation
from partnerdesk.persistence import backup as backup_module
from partnerdesk.persistence.backup import automatic_backup, backup_database, backup_keep_count, daily_backups
from partnerdesk.persistence.database import open_database
from partnerdesk.persistence.restore import restore_database
from partnerdesk.services import OrganisationService


def add_org(db, name):
    return OrganisationService(db).create(Organisation(name=name, kind=OrganisationKind.NGO))


def names(path):
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM organisations")}
    finally:
        conn.close()


def test_daily_backup_once_a_day_and_rotation(example_db, db_path):
    day = datetime(2026, 11, 1, 8, 30)
    first = automatic_backup(db_path, keep=3, now=day)
    assert first is not None and first.parent == db_path.parent / "backups"
    assert automatic_backup(db_path, keep=3, now=day + timedelta(hours=9)) is None  # once a day
    written = [first]
    for n in range(1, 6):
        written.append(automatic_backup(db_path, keep=3, now=day + timedelta(days=n)))
    kept = daily_backups(db_path)
    assert kept == written[-3:]
    assert not any(path.exists() for path in written[:-3])
    for path in kept:
        with sqlite3.connect(path) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert automatic_backup(db_path, keep=0, now=day + timedelta(days=30)) is None
    assert daily_backups(db_path) == kept


def test_keep_count_from_environment_and_settings_file(monkeypatch, private_data_dir):
    monkeypatch.delenv(backup_module.KEEP_ENV, raising=False)
    assert backup_keep_count() == backup_module.DEFAULT_KEEP
    backup_module.set_backup_keep_count(4)
    assert "backups_to_keep = 4" in (private_data_dir / "settings.ini").read_text()
    assert backup_keep_count() == 4
    monkeypatch.setenv(backup_module.KEEP_ENV, "2")
    assert backup_keep_count() == 2
    monkeypatch.setenv(backup_module.KEEP_ENV, "viele")
    assert backup_keep_count() == backup_module.DEFAULT_KEEP


def test_opening_writes_todays_backup(example_db, db_path):
    example_db.close()
    with open_database(db_path):
        pass
    with open_database(db_path):
        pass
    assert len(daily_backups(db_path)) == 1


def test_restore_puts_the_backup_back_and_keeps_the_current_file(example_db, db_path, tmp_path):
    add_org(example_db, "Vor der Sicherung")
    saved = backup_database(db_path, tmp_path / "saved.sqlite")
    add_org(example_db, "Nach der Sicherung")
    inode = os.stat(db_path).st_ino
    # A window that keeps the database open while the restore runs.
    reader = sqlite3.connect(db_path)
    result = restore_database(saved, db_path)
    assert "Nach der Sicherung" not in names(db_path) and "Vor der Sicherung" in names(db_path)
    assert "Nach der Sicherung" in names(result.kept_copy)
    assert os.stat(db_path).st_ino == inode  # copied into the live file, not renamed over it
    assert {r[0] for r in reader.execute("SELECT name FROM organisations")} == names(db_path)
    reader.close()
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    example_db.close()


def test_restore_refuses_bad_backups_and_leaves_the_database_unchanged(example_db, db_path, tmp_path, content_of):
    example_db.close()
    before = content_of(db_path)
    foreign = tmp_path / "foreign.sqlite"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE t (x)")
    with pytest.raises(NotAPartnerDeskFile):
        restore_database(foreign, db_path)
    newer = backup_database(db_path, tmp_path / "newer.sqlite")
    with sqlite3.connect(newer) as conn:
        conn.execute("UPDATE alembic_version SET version_num='9999_future'")
    with pytest.raises(NewerDatabaseError):
        restore_database(newer, db_path)
    damaged = backup_database(db_path, tmp_path / "damaged.sqlite")
    data = bytearray(damaged.read_bytes())
    for i in range(4096 * 2, min(len(data), 4096 * 5)):
        data[i] = 0x5A
    damaged.write_bytes(bytes(data))
    with pytest.raises((CorruptDatabaseError, NotAPartnerDeskFile)):
        restore_database(damaged, db_path)
    assert content_of(db_path) == before
    assert not (db_path.parent / "backups").exists() or not list((db_path.parent / "backups").glob("*before-restore*"))


def test_restore_over_a_damaged_database(example_db, db_path, tmp_path):
    add_org(example_db, "Gesichert")
    saved = backup_database(db_path, tmp_path / "saved.sqlite")
    example_db.close()
    with sqlite3.connect(db_path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db_path.write_bytes(b"\x00" * 8192)  # overwritten by something else entirely
    result = restore_database(saved, db_path)
    assert result.previous_was_damaged and result.kept_copy.read_bytes() == b"\x00" * 8192
    assert "Gesichert" in names(db_path)
    with open_database(db_path) as db:
        assert OrganisationService(db).count() > 0


def test_cli_restore(example_db, db_path, tmp_path, capsys, content_of):
    saved = backup_database(db_path, tmp_path / "saved.sqlite")
    add_org(example_db, "Später")
    example_db.close()
    assert main(["restore", str(saved), "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert "wiederhergestellt" in out and "aufbewahrt" in out
    assert "Später" not in names(db_path)
    before = content_of(db_path)
    assert main(["restore", str(tmp_path / "fehlt.sqlite"), "--db", str(db_path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "partnerdesk:" in err
    assert content_of(db_path) == before
    assert main(["backups", "--db", str(db_path)]) == 0
    assert "before-restore" in capsys.readouterr().out
