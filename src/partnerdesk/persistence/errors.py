"""Turning SQLite's and the operating system's failures into messages for the user."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from partnerdesk.domain.errors import (
    CorruptDatabaseError,
    DatabaseFileError,
    DatabaseLockedError,
    DiskFullError,
    DiskIOError,
    ReadOnlyDatabaseError,
    UnsafeLocationError,
)
from partnerdesk.i18n import _


def unsafe_wal_error(mode: str) -> UnsafeLocationError:
    return UnsafeLocationError(
        _(
            "The database file cannot be used safely here: its folder does not support "
            "the write-ahead log (journal mode “{mode}”). This usually means a network share or "
            "a synchronised cloud folder. Copy the file to a local folder and open it there."
        ).format(mode=mode)
    )


def _is_sqlcipher_error(exc: BaseException) -> bool:
    """Errors of SQLCipher's bundled SQLite (travel copies) are not ``sqlite3.Error``s."""
    return type(exc).__module__.startswith("sqlcipher3")


def translate(exc: BaseException, path: Path | None = None) -> DatabaseFileError | None:
    """The user-facing problem behind a low-level error, or ``None`` if it is a bug."""
    original = exc.orig if isinstance(exc, DBAPIError) else exc
    name = str(path) if path else _("the database")
    if isinstance(original, OSError):
        if original.errno == errno.ENOSPC:
            return DiskFullError(_("The disk is full: {name} could not be written. Free some space and try again.").format(name=name))
        if original.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return ReadOnlyDatabaseError(
                _("No permission to write {name}. Check the file's and folder's permissions.").format(name=name)
            )
        if original.errno == errno.ENOENT:
            return DatabaseFileError(_("The file {name} does not exist (any more).").format(name=name))
        return None
    if original is None or (not isinstance(original, sqlite3.Error) and not _is_sqlcipher_error(original)):
        return None
    text = str(original).lower()
    if "locked" in text or "busy" in text:
        return DatabaseLockedError(
            _(
                "The database {name} is locked by another program (another PartnerDesk window, a backup "
                "or a virus scanner). Wait a moment and try again."
            ).format(name=name)
        )
    if "readonly" in text or "read-only" in text or "attempt to write a readonly" in text:
        return ReadOnlyDatabaseError(
            _("The database {name} is read-only. Check the file's and folder's permissions.").format(name=name)
        )
    if "disk is full" in text or "database or disk is full" in text:
        return DiskFullError(_("The disk is full: {name} could not be written. Free some space and try again.").format(name=name))
    if "disk i/o error" in text:
        # The drive failed (removed, failing, a file size limit): the file is not known to be damaged.
        return DiskIOError(
            _(
                "{name} could not be read or written: the drive reported an input/output error (drive removed "
                "or failing, or a file size limit reached). Check the drive and try again."
            ).format(name=name)
        )
    if "malformed" in text or "not a database" in text:
        return CorruptDatabaseError(
            _("The database {name} is damaged or unreadable. Restore it from a backup (partnerdesk restore).").format(
                name=name
            )
        )
    if "unable to open" in text:
        return DatabaseFileError(_("The database {name} cannot be opened. Check that the folder exists and is writable.").format(name=name))
    return None


def target_write_problem(exc: BaseException, target: Path) -> DatabaseFileError:
    """A failed write of a new file (a backup, a travel copy): named after ``target``, never "damaged".

    The new file is only written, so SQLite's "disk I/O error" or "malformed" there is the
    drive's failure (full, removed, a size limit), not damage of the database being copied.
    """
    problem = translate(exc, target)
    if isinstance(problem, (DiskFullError, ReadOnlyDatabaseError, DiskIOError)):
        return problem
    original = exc.orig if isinstance(exc, DBAPIError) else exc
    reason = original.strerror if isinstance(original, OSError) and original.strerror else str(original)
    return DatabaseFileError(
        _("{name} could not be written ({reason}). Check the drive (removed, full or failing) and try again.").format(
            name=target, reason=reason
        )
    )
