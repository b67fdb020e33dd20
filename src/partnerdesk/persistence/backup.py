"""Consistent copies of a database that another process may be writing.

SQLite's online backup in one step (never a copy of the file or its WAL by hand),
written under a temporary name, checked with ``integrity_check`` and then renamed
into place, so a backup file is either whole or not there.

``automatic_backup`` writes a rotating daily copy into ``backups/`` beside the
database when it is opened (at most once a day; how many are kept is
``backup_keep_count()``: ``PARTNERDESK_BACKUP_KEEP`` or the window's setting
``[options] backups_to_keep`` in ``settings.ini``; 0 switches the daily copies off).
"""

from __future__ import annotations

import configparser
import logging
import os
import re
import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

from partnerdesk.domain.errors import CorruptDatabaseError, DatabaseFileError, DiskIOError
from partnerdesk.i18n import _
from partnerdesk.paths import backups_dir, settings_file
from partnerdesk.persistence import leftovers
from partnerdesk.persistence.engine import BUSY_TIMEOUT_MS, ONE_PASS_CACHE_KIB
from partnerdesk.persistence.errors import target_write_problem, translate

log = logging.getLogger(__name__)

DEFAULT_KEEP = 10
KEEP_ENV = "PARTNERDESK_BACKUP_KEEP"
DAILY_LABEL = "auto"
#: Where the window's settings dialog stores the number (ui/settings.py, QSettings INI format).
SETTINGS_SECTION = "options"
SETTINGS_KEY = "backups_to_keep"


def backup_database(source: Path, target: Path) -> Path:
    """Write a consistent copy of ``source`` to ``target``; return ``target``.

    A failure names the file it is about: writing the copy (full disk, no permission, the
    drive's input/output error) names ``target``; "damaged" is said of ``source`` only after
    SQLite's page check of ``source`` found damage. The temporary file is remembered
    (``leftovers``) so that a crash leaves nothing behind once PartnerDesk starts again.
    """
    if not source.exists():
        raise DatabaseFileError(_("The file {name} does not exist.").format(name=source))
    temporary = target.with_name(f".{target.name}.{os.getpid()}.partial")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise target_write_problem(exc, target.parent) from exc
    with leftovers.pending(temporary):
        try:
            temporary.unlink(missing_ok=True)
            result = _copy(source, temporary)
            if result != "ok":
                raise _damaged_source_or_bad_copy(source, target, result)
            fsync_new_file(temporary)
            os.replace(temporary, target)
            sync_folder(target.parent)
        except _SourceError as exc:
            cause = exc.__cause__
            assert isinstance(cause, sqlite3.Error)
            problem = translate(cause, source)
            raise (problem or DatabaseFileError(str(cause))) from cause
        except (sqlite3.Error, OSError) as exc:
            raise _damaged_source_or_bad_copy(source, target, exc) from exc
    return target


class _SourceError(Exception):
    """Opening or reading the source failed (wraps the driver's error)."""


def _copy(source: Path, temporary: Path) -> str:
    """SQLite's backup of ``source`` into the new file ``temporary``; its ``integrity_check`` result."""
    try:
        src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        # Copied page by page: a 2 MB cache of the source only added to the peak (5.5 -> 3.9 MB
        # for a 542 MB file, as fast); the copy's integrity check keeps SQLite's default cache.
        src.execute(f"PRAGMA cache_size=-{ONE_PASS_CACHE_KIB}")
    except sqlite3.Error as exc:
        raise _SourceError(str(exc)) from exc
    try:
        dst = sqlite3.connect(temporary)
        try:
            src.backup(dst)  # pages=-1: one step, so foreign writes cannot restart it
            dst.execute("PRAGMA journal_mode=DELETE")
            try:
                result = str(dst.execute("PRAGMA integrity_check").fetchone()[0])
            except sqlite3.DatabaseError as exc:
                result = str(exc)
            dst.commit()
        finally:
            dst.close()
    finally:
        src.close()
    return result


def _damaged_source_or_bad_copy(source: Path, target: Path, cause: BaseException | str) -> DatabaseFileError:
    """Blame ``source`` only if its page check finds damage; otherwise writing ``target`` failed."""
    damage = source_damage(source)
    if damage is not None:
        return damage
    if isinstance(cause, str):  # the copy failed its check although the source is whole
        return DatabaseFileError(
            _("The backup {name} was not written correctly ({detail}). Check the drive and try again.").format(
                name=target, detail=cause
            )
        )
    return target_write_problem(cause, target)


def source_damage(source: Path) -> DatabaseFileError | None:
    """SQLite's full page check (``integrity_check``) of ``source``: its damage, a read failure, or ``None``."""
    try:
        conn = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:
        return translate(exc, source)
    try:
        result = str(conn.execute("PRAGMA integrity_check(1)").fetchone()[0])
    except sqlite3.DatabaseError as exc:
        problem = translate(exc, source)
        if isinstance(problem, (CorruptDatabaseError, DiskIOError)):
            return problem
        return None
    finally:
        conn.close()
    if result == "ok":
        return None
    lines = [line.strip() for line in result.splitlines() if line.strip() and not line.startswith("***")]
    result = "; ".join(lines)[:200]
    return CorruptDatabaseError(
        _("The database {name} is damaged ({detail}). Restore it from a backup (partnerdesk restore).").format(
            name=source, detail=result
        )
    )


def fsync_new_file(path: Path) -> None:
    """Flush a file this process has just written and closed (never a database anyone has open)."""
    fd = os.open(path, os.O_RDWR)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX; Windows has no directory handles to sync)."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def timestamped_name(database: Path, label: str, now: datetime | None = None) -> str:
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    return f"{database.stem}-{stamp}-{label}{database.suffix or '.sqlite'}"


def backup_before_migration(database: Path, revision: str, *, cipher: object | None = None) -> Path:
    target = backups_dir(database) / timestamped_name(database, f"before-migration-from-{revision}")
    if cipher is not None:  # a travel copy: an equally encrypted copy, through SQLCipher
        from partnerdesk.persistence import encrypted

        return encrypted.backup_to(database, target, cipher)  # type: ignore[arg-type]
    return backup_database(database, target)


# Rotating daily backups --------------------------------------------------------------------


def backup_keep_count() -> int:
    """How many daily backups to keep (0: none are written).

    ``PARTNERDESK_BACKUP_KEEP``, else the window's setting "Automatic backups to keep"
    (``[options] backups_to_keep`` in ``settings.ini``), else ``DEFAULT_KEEP``.
    """
    raw = os.environ.get(KEEP_ENV)
    if raw is None:
        parser = configparser.RawConfigParser()
        try:
            parser.read(settings_file(), encoding="utf-8")
        except (OSError, configparser.Error):
            return DEFAULT_KEEP
        raw = parser.get(SETTINGS_SECTION, SETTINGS_KEY, fallback=None)
    try:
        return max(0, int(str(raw).strip())) if raw is not None else DEFAULT_KEEP
    except ValueError:
        log.warning("ignoring invalid number of backups to keep: %r", raw)
        return DEFAULT_KEEP


def set_backup_keep_count(count: int) -> None:
    """Store how many daily backups to keep in ``settings.ini`` (where the settings dialog keeps it)."""
    path = settings_file()
    parser = configparser.RawConfigParser()
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keep Qt's key spelling
    parser.read(path, encoding="utf-8")
    if not parser.has_section(SETTINGS_SECTION):
        parser.add_section(SETTINGS_SECTION)
    parser.set(SETTINGS_SECTION, SETTINGS_KEY, str(max(0, int(count))))
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".partial")
    with temporary.open("w", encoding="utf-8") as fh:
        parser.write(fh)
    os.replace(temporary, path)


def daily_backups(database: Path) -> list[Path]:
    """The daily backups of ``database``, oldest first (their names sort by time)."""
    folder = backups_dir(database)
    suffix = database.suffix or ".sqlite"
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{database.stem}-????????-??????-{DAILY_LABEL}{suffix}"))


def _backup_day(path: Path) -> date | None:
    match = re.search(rf"-(\d{{8}})-\d{{6}}-{DAILY_LABEL}", path.name)
    try:
        return datetime.strptime(match.group(1), "%Y%m%d").date() if match else None
    except ValueError:
        return None


def automatic_backup(database: Path, *, keep: int | None = None, now: datetime | None = None) -> Path | None:
    """Write today's backup of ``database`` unless there is one; drop the oldest beyond ``keep``."""
    keep = backup_keep_count() if keep is None else keep
    if keep <= 0:
        _rotate(database, now, 0)
        return None
    now = now or datetime.now()
    existing = daily_backups(database)
    written = None
    if not existing or _backup_day(existing[-1]) != now.date():
        target = backups_dir(database) / timestamped_name(database, DAILY_LABEL, now)
        written = backup_database(database, target)
        existing = daily_backups(database)
    remove_stale_partials(backups_dir(database), now)
    _rotate(database, now, keep)
    return written


def _rotate(database: Path, now: datetime | None, keep: int) -> None:
    """Every kind of file in ``backups/`` by its rule (``rotation``): the daily backups keep the
    newest ``keep`` (and, if the settings say so, every one younger than some days); ``keep`` 0
    removes none of them."""
    from partnerdesk.domain.retention import BackupKind, RotationRule
    from partnerdesk.persistence import rotation

    rules = rotation.rules()
    rules[BackupKind.DAILY] = RotationRule(keep_newest=keep, keep_days=rules[BackupKind.DAILY].keep_days)
    rotation.rotate(backups_dir(database), now, rules)


#: A backup takes seconds; a temporary file this old was left by a program that was killed.
STALE_PARTIAL_AGE = timedelta(days=1)


def remove_stale_partials(folder: Path, now: datetime | None = None) -> list[Path]:
    """Delete half-written backups (``.NAME.PID.partial``) that a crash left in ``folder``.

    Only files older than ``STALE_PARTIAL_AGE`` go, so a backup another program is writing
    right now is never touched (a process-id check cannot be used: on Windows
    ``os.kill(pid, 0)`` would end that process).
    """
    limit = (now or datetime.now()).timestamp() - STALE_PARTIAL_AGE.total_seconds()
    removed = []
    for path in folder.glob(".*.partial") if folder.is_dir() else []:
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
                removed.append(path)
        except OSError as exc:
            log.warning("could not remove the half-written backup %s: %s", path, exc)
    return removed
