"""Every kind of backup and the merge reports are rotated by their rules (README "Datenschutz")."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

from partnerdesk.domain.retention import DEFAULT_ROTATION, BackupKind, RotationRule
from partnerdesk.paths import settings_file
from partnerdesk.persistence import backup, rotation

NOW = datetime(2026, 12, 7, 12, 0, 0)


def stamp(days: float, seconds: int = 0) -> str:
    return (NOW - timedelta(days=days, seconds=seconds)).strftime("%Y%m%d-%H%M%S")


def touch(folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(b"x")
    return path


def names(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


def test_each_kind_keeps_its_days_and_its_newest(tmp_path):
    folder = tmp_path / "backups"
    rules = {kind: RotationRule(keep_newest=1, keep_days=30) for kind in BackupKind}
    made = {}
    for kind, label, suffix in [
        (BackupKind.BEFORE_MERGE, "before-travel-merge-1a2b3c4d", ".sqlite"),
        (BackupKind.BEFORE_RESTORE, "before-restore", ".sqlite"),
        (BackupKind.BEFORE_MIGRATION, "before-migration-from-0012", ".sqlite"),
        (BackupKind.DAILY, "auto", ".sqlite"),
    ]:
        made[kind] = [
            touch(folder, f"office-{stamp(1)}-{label}{suffix}"),                  # the newest: kept
            touch(folder, f"office-{stamp(30)}-{label}{suffix}"),                 # exactly 30 days: kept
            touch(folder, f"office-{stamp(30, 1)}-{label}{suffix}"),              # a second older: goes
            touch(folder, f"office-{stamp(400)}-{label}{suffix}"),                # long expired: goes
        ]
    removed = rotation.rotate(folder, NOW, rules)
    for paths in made.values():
        assert paths[0].exists() and paths[1].exists()
        assert not paths[2].exists() and not paths[3].exists()
    assert len(removed) == 8


def test_a_merge_report_goes_with_both_its_files(tmp_path):
    folder = tmp_path / "backups"
    old = [touch(folder, f"office-{stamp(366)}-travel-merge-0badcafe{s}") for s in (".txt", ".json")]
    new = [touch(folder, f"office-{stamp(364)}-travel-merge-0badcafe{s}") for s in (".txt", ".json")]
    rotation.rotate(folder, NOW, {**DEFAULT_ROTATION})
    assert [p.exists() for p in old + new] == [False, False, True, True]


def test_damaged_copies_before_a_restore_go_with_their_wal(tmp_path):
    folder = tmp_path / "backups"
    files = [touch(folder, f"office-{stamp(31)}-before-restore-damaged.sqlite{s}") for s in ("", "-wal")]
    keep = touch(folder, f"office-{stamp(2)}-before-restore.sqlite")
    rotation.rotate(folder, NOW, {**DEFAULT_ROTATION, BackupKind.BEFORE_RESTORE: RotationRule(1, 30)})
    assert not any(p.exists() for p in files)
    assert keep.exists()


def test_hand_made_backups_and_other_files_are_never_touched(tmp_path):
    folder = tmp_path / "backups"
    kept = [touch(folder, f"office-{stamp(5000)}-backup.sqlite"), touch(folder, "Notizen.txt"),
            touch(folder, f"office-{stamp(5000)}-mein-stand.sqlite")]
    rotation.rotate(folder, NOW, {kind: RotationRule(0, 1) for kind in BackupKind})
    assert all(p.exists() for p in kept)


def test_each_database_in_the_folder_keeps_its_own_newest(tmp_path):
    folder = tmp_path / "backups"
    a = touch(folder, f"office-{stamp(100)}-before-restore.sqlite")
    b = touch(folder, f"test-{stamp(200)}-before-restore.sqlite")
    rotation.rotate(folder, NOW, {**DEFAULT_ROTATION, BackupKind.BEFORE_RESTORE: RotationRule(1, 30)})
    assert a.exists() and b.exists()


def test_the_rules_come_from_the_settings(tmp_path):
    settings_file().parent.mkdir(parents=True, exist_ok=True)
    settings_file().write_text("[options]\nrotation_before_merge_days=7\nrotation_before_merge_newest=0\n"
                               "rotation_merge_report_days=abc\nbackups_to_keep=4\n", encoding="utf-8")
    rules = rotation.rules()
    assert rules[BackupKind.BEFORE_MERGE] == RotationRule(0, 7)
    assert rules[BackupKind.MERGE_REPORT] == DEFAULT_ROTATION[BackupKind.MERGE_REPORT]  # unreadable: the default
    assert rules[BackupKind.DAILY].keep_newest == 4


def test_opening_a_database_rotates_every_kind(tmp_path):
    database = tmp_path / "office.sqlite"
    sqlite3.connect(database).close()
    folder = tmp_path / "backups"
    expired = [touch(folder, f"office-{stamp(400)}-before-migration-from-0003.sqlite"),
               touch(folder, f"office-{stamp(100)}-before-travel-merge-1a2b3c4d.sqlite"),
               touch(folder, f"office-{stamp(400)}-travel-merge-1a2b3c4d.txt")]
    newest = [touch(folder, f"office-{stamp(300)}-before-migration-from-0004.sqlite"),
              touch(folder, f"office-{stamp(300)}-before-migration-from-0005.sqlite")]
    for n in range(4):  # the newest three before-merge backups stay however old
        newest.append(touch(folder, f"office-{stamp(95 + n)}-before-travel-merge-0000000{n}.sqlite"))
    backup.automatic_backup(database, keep=5, now=NOW)
    assert not any(p.exists() for p in expired)
    assert [p.exists() for p in newest] == [True, True, True, True, True, False]


def test_daily_backups_switched_off_are_not_removed_but_the_others_are_rotated(tmp_path):
    database = tmp_path / "office.sqlite"
    sqlite3.connect(database).close()
    folder = tmp_path / "backups"
    daily = touch(folder, f"office-{stamp(900)}-auto.sqlite")
    report = touch(folder, f"office-{stamp(900)}-travel-merge-1a2b3c4d.json")
    assert backup.automatic_backup(database, keep=0, now=NOW) is None
    assert daily.exists() and not report.exists()


def test_when_a_copy_expires_by_rotation(tmp_path):
    """What the erasure's preview says of a backup that still holds a person."""
    folder = tmp_path / "backups"
    merge = touch(folder, "office-20261207-120000-before-travel-merge-1a2b3c4d.sqlite")
    own = touch(folder, "office-20261207-120000-backup.sqlite")
    daily = touch(folder, "office-20261207-120000-auto.sqlite")
    assert rotation.expires_on(merge, dict(DEFAULT_ROTATION)) == datetime(2027, 3, 7, 12, 0, 0)
    assert rotation.expires_on(own) is None and rotation.expires_on(daily, dict(DEFAULT_ROTATION)) is None
