"""Errors that reach the user, in three kinds (see README, "Fehlermeldungen").

``UserError``: the user asked for something that cannot be done (invalid input, a
name that matches nothing); ``EnvironmentProblem``: the computer is in the way
(file missing, locked, read-only, disk full, not a PartnerDesk file). Everything
else is a bug and goes to the crash handler.
"""

from __future__ import annotations

from dataclasses import dataclass


class PartnerDeskError(Exception):
    """Base of every error with a message meant for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UserError(PartnerDeskError):
    pass


class EnvironmentProblem(PartnerDeskError):
    pass


@dataclass
class FieldError:
    field: str
    message: str


class ValidationError(UserError):
    """One or more fields of a record are invalid; ``errors`` names them."""

    def __init__(
        self, record_label: str, errors: list[FieldError], *, kind: str | None = None, record_id: str | None = None
    ) -> None:
        self.record_label = record_label
        self.errors = errors
        #: The record's register and id: what the log names instead of the label (``log_privacy``).
        self.kind, self.record_id = kind, record_id
        text = "; ".join(e.message for e in errors)
        super().__init__(f"{record_label}: {text}")


class NotFoundError(UserError):
    pass


class AmbiguousNameError(UserError):
    def __init__(self, message: str, candidates: list[str]) -> None:
        super().__init__(message)
        self.candidates = candidates


class StaleRecordError(UserError):
    """Somebody else saved the record after it was loaded for editing."""

    def __init__(self, message: str, current: object | None = None) -> None:
        super().__init__(message)
        self.current = current


class DependentsError(UserError):
    """The record cannot be deleted while others depend on it."""


# Environment problems of the database file -------------------------------------------------


class DatabaseFileError(EnvironmentProblem):
    pass


class NotAPartnerDeskFile(DatabaseFileError):
    pass


class NewerDatabaseError(DatabaseFileError):
    pass


class CorruptDatabaseError(DatabaseFileError):
    pass


class DatabaseLockedError(DatabaseFileError):
    pass


class ReadOnlyDatabaseError(DatabaseFileError):
    pass


class WriteNotPermittedError(UserError):
    """The database is open for reading only (a reader's login on a server): refused before any write."""


class ReadPermissionError(DatabaseFileError):
    """The server refused to let this login read something (SQLSTATE 42501 on a read)."""


class DiskFullError(DatabaseFileError):
    pass


class DiskIOError(DatabaseFileError):
    """The drive failed a read or write (removed, failing, a size limit): not a damaged file."""


class UnsafeLocationError(DatabaseFileError):
    """The file lies where SQLite cannot keep it safe (network share, cloud sync)."""


class ConnectionLostError(DatabaseFileError):
    """The connection to a database server broke (server restarted, network cut).

    ``retry_safe``: the work certainly did not reach the database (a read, or a write
    whose commit was never sent), so running it once more cannot apply it twice. The
    next connection is made afresh either way.
    """

    def __init__(self, message: str, *, retry_safe: bool) -> None:
        super().__init__(message)
        self.retry_safe = retry_safe
