"""Putting a backup back in place of the live database, never leaving half of either.

The backup is checked first (a PartnerDesk database, not from a newer PartnerDesk,
``integrity_check`` and ``foreign_key_check`` clean). A copy of the current file goes
into ``backups/`` before anything changes. Then SQLite's backup API copies the
backup INTO the live file in one write transaction: the file keeps its identity, a
crash leaves either the old or the restored content (the WAL makes it atomic), and
another program that has the file open sees one or the other, never a mixture.
Only a live file too damaged for SQLite to open is replaced by renaming a checked
copy over it (its stale ``-wal``/``-shm`` are moved aside first, or SQLite would
replay them onto the restored file).
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from partnerdesk.domain.errors import CorruptDatabaseError, DatabaseFileError, PartnerDeskError
from partnerdesk.i18n import _
from partnerdesk.paths import backups_dir
from partnerdesk.persistence.backup import backup_database, sync_folder, timestamped_name
from partnerdesk.persistence.database import inspect_file
from partnerdesk.persistence.engine import apply_connection_settings
from partnerdesk.persistence.errors import translate

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RestoreResult:
    target: Path
    kept_copy: Path | None  # the previous content of the live file
    previous_was_damaged: bool = False


def check_backup(backup: Path) -> None:
    """Raise unless ``backup`` is a whole PartnerDesk database this version can open."""
    inspect_file(backup)  # PartnerDesk file, quick_check, not from a newer version
    conn = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)
    try:
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        broken = conn.execute("PRAGMA foreign_key_check").fetchall()
    except sqlite3.DatabaseError as exc:
        raise translate(exc, backup) or CorruptDatabaseError(str(exc)) from exc
    finally:
        conn.close()
    if integrity != "ok" or broken:
        raise CorruptDatabaseError(
            _("The backup {name} is damaged ({detail}); choose another one.").format(
                name=backup, detail=integrity if integrity != "ok" else _("broken references")
            )
        )


def _keep_current(target: Path) -> tuple[Path, bool]:
    """Save the live file's content into ``backups/``; return the copy and whether it was damaged."""
    folder = backups_dir(target)
    try:
        return backup_database(target, folder / timestamped_name(target, "before-restore")), False
    except CorruptDatabaseError:
        pass
    # Too damaged for SQLite's backup: keep the raw files (main file and its WAL), as they are.
    # A plain copy is safe only because no connection of this process has the file open here
    # (restore runs before anything opens it; closing a copied descriptor would drop the locks).
    keep = folder / timestamped_name(target, "before-restore-damaged")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy2(target, keep)
        for extra in ("-wal",):
            side = target.with_name(target.name + extra)
            if side.exists():
                shutil.copy2(side, keep.with_name(keep.name + extra))
    except OSError as exc:
        raise translate(exc, keep) or DatabaseFileError(str(exc)) from exc
    return keep, True


def _copy_into(backup: Path, target: Path) -> None:
    """Copy ``backup`` into the live file ``target`` in one transaction of SQLite's backup API."""
    src = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(target, isolation_level=None)
        try:
            apply_connection_settings(dst)  # busy timeout, WAL, synchronous=FULL like every writer
            src.backup(dst)
            result = dst.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            dst.close()
    finally:
        src.close()
    if result != "ok":  # pragma: no cover - the checked backup was whole; this would be a SQLite bug
        raise CorruptDatabaseError(_("The restored database failed its integrity check ({detail}).").format(detail=result))


def _replace_damaged(backup: Path, target: Path) -> None:
    """Rename a checked copy over a file SQLite cannot open; move its stale WAL aside first."""
    fresh = backup_database(backup, target.with_name(f".{target.name}.restoring"))
    for extra in ("-wal", "-shm"):
        side = target.with_name(target.name + extra)
        if side.exists():
            os.replace(side, backups_dir(target) / (side.name + ".stale"))
    os.replace(fresh, target)
    sync_folder(target.parent)


def restore_database(backup: Path, target: Path) -> RestoreResult:
    """Replace the content of ``target`` with the checked ``backup``; keep the old content."""
    from partnerdesk.persistence import location

    if backup.resolve() == target.resolve():
        raise DatabaseFileError(_("The backup and the database are the same file."))
    check_backup(backup)
    location.check_place(target)
    if not target.exists():
        backup_database(backup, target)
        conn = sqlite3.connect(target, isolation_level=None)
        try:
            apply_connection_settings(conn)
        finally:
            conn.close()
        return RestoreResult(target, None)
    kept, damaged = _keep_current(target)
    log.info("kept the current %s as %s", target, kept)
    try:
        if damaged:
            _replace_damaged(backup, target)
        else:
            _copy_into(backup, target)
    except PartnerDeskError:
        raise
    except (sqlite3.Error, OSError) as exc:
        problem = translate(exc, target)
        if problem is not None:
            raise problem from exc
        raise
    return RestoreResult(target, kept, damaged)
