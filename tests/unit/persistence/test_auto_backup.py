"""The automatic daily backup: one a day, the newest N kept, hand-made backups untouched."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

from partnerdesk.paths import backups_dir
from partnerdesk.persistence.auto_backup import automatic_backup, automatic_backups


def test_one_backup_a_day_and_only_the_newest_are_kept(example_db):
    path = example_db.path
    manual = backups_dir(path) / "handmade.sqlite"
    manual.parent.mkdir(parents=True, exist_ok=True)
    manual.write_bytes(b"keep me")
    day = datetime(2026, 3, 1, 9, 0)
    first = automatic_backup(path, keep=2, now=day)
    assert first is not None and first.exists()
    assert automatic_backup(path, keep=2, now=day + timedelta(hours=5)) is None  # same day: nothing new
    for n in range(1, 4):
        automatic_backup(path, keep=2, now=day + timedelta(days=n))
    kept = automatic_backups(path)
    assert [p.name.split("-")[1] for p in kept] == ["20260303", "20260304"]
    assert manual.read_bytes() == b"keep me"
    conn = sqlite3.connect(kept[-1])
    try:
        assert conn.execute("SELECT count(*) FROM partnerships").fetchone()[0] > 0
    finally:
        conn.close()


def test_half_written_backups_left_by_a_crash_are_removed_after_a_day(example_db):
    """A backup killed halfway leaves ``.NAME.PID.partial``; the daily backup clears old ones."""
    import os

    path = example_db.path
    folder = backups_dir(path)
    folder.mkdir(parents=True, exist_ok=True)
    day = datetime(2026, 3, 1, 9, 0)
    dead = folder / f".{path.stem}-20260227-090000-auto.sqlite.4242.partial"
    dead.write_bytes(b"half a database")
    os.utime(dead, (day.timestamp() - 2 * 86400,) * 2)
    busy = folder / f".{path.stem}-20260301-085959-auto.sqlite.4343.partial"  # another program, right now
    busy.write_bytes(b"being written")
    os.utime(busy, (day.timestamp() - 60,) * 2)
    handmade = folder / "handmade.sqlite"
    handmade.write_bytes(b"keep me")

    automatic_backup(path, keep=2, now=day)

    assert not dead.exists()
    assert busy.read_bytes() == b"being written"
    assert handmade.read_bytes() == b"keep me"
    assert len(automatic_backups(path)) == 1
