"""Consistent copies of a database that another process may be writing.

SQLite's online backup in one step (never a copy of the file or its WAL by hand),
written under a temporary name, checked with ``integrity_check`` and then renamed
into place, so a backup file is either whole or not there.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

from partnerdesk.domain.errors import CorruptDatabaseError, DatabaseFileError
from partnerdesk.i18n import _
from partnerdesk.paths import backups_dir
from partnerdesk.persistence.engine import BUSY_TIMEOUT_MS
from partnerdesk.persistence.errors import translate


def backup_database(source: Path, target: Path) -> Path:
    """Write a consistent copy of ``source`` to ``target``; return ``target``."""
    if not source.exists():
        raise DatabaseFileError(_("The file {name} does not exist.").format(name=source))
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.partial")
    temporary.unlink(missing_ok=True)
    try:
        src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            dst = sqlite3.connect(temporary)
            try:
                src.backup(dst)  # pages=-1: one step, so foreign writes cannot restart it
                dst.execute("PRAGMA journal_mode=DELETE")
                result = dst.execute("PRAGMA integrity_check").fetchone()[0]
                dst.commit()
            finally:
                dst.close()
        finally:
            src.close()
        if result != "ok":
            raise CorruptDatabaseError(
                _("The backup of {name} failed its integrity check ({detail}).").format(name=source, detail=result)
            )
        with temporary.open("rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(temporary, target)
    except (sqlite3.Error, OSError) as exc:
        temporary.unlink(missing_ok=True)
        problem = translate(exc, target)
        if problem is not None:
            raise problem from exc
        raise
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return target


def timestamped_name(database: Path, label: str) -> str:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return f"{database.stem}-{stamp}-{label}{database.suffix or '.sqlite'}"


def backup_before_migration(database: Path, revision: str, *, cipher: object | None = None) -> Path:
    target = backups_dir(database) / timestamped_name(database, f"before-migration-from-{revision}")
    if cipher is not None:  # a travel copy: an equally encrypted copy, through SQLCipher
        from partnerdesk.persistence import encrypted

        return encrypted.backup_to(database, target, cipher)  # type: ignore[arg-type]
    return backup_database(database, target)
