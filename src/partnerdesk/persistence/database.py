"""Opening, creating and checking a PartnerDesk database file.

A file is checked before anything writes to it: a file that is not a PartnerDesk
database, one from a newer PartnerDesk or a damaged one is refused and left
untouched. Pending migrations run after a backup copy has been written beside it.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import stat
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from partnerdesk.domain import search_version
from partnerdesk.domain.errors import (
    CorruptDatabaseError,
    DatabaseFileError,
    NewerDatabaseError,
    NotAPartnerDeskFile,
    PartnerDeskError,
    WriteNotPermittedError,
)
from partnerdesk.i18n import _
from partnerdesk.persistence import leftovers, location, migrate, open_files, personal_data
from partnerdesk.persistence.engine import APPLICATION_ID, BUSY_TIMEOUT_MS, ONE_PASS_CACHE_KIB, make_engine
from partnerdesk.persistence.errors import translate
from partnerdesk.persistence.tables import DatabaseInfo

if TYPE_CHECKING:
    from partnerdesk.persistence.encrypted import Cipher

log = logging.getLogger(__name__)

@dataclass(frozen=True)
class FileState:
    """What a look at an existing file (read-only) found."""

    revision: str | None
    application_id: int


def inspect_file(path: Path, *, quick_check: bool = True) -> FileState:
    """Look at ``path`` without changing it; raise if it is no usable PartnerDesk database.

    ``quick_check=False`` skips SQLite's page check, which reads the whole file (seconds for
    a database of hundreds of megabytes); the window runs ``check_pages`` in the background instead.
    """
    # Never read the file with Python's own file functions: closing that descriptor would drop
    # every lock this process's open connections hold on the file (POSIX locks belong to the
    # process), and another process could then reset the WAL under them. SQLite reads the
    # header itself: a file that does not start like a SQLite database is "not a database".
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise DatabaseFileError(_("The file {name} does not exist.").format(name=path)) from None
    except OSError as exc:
        raise DatabaseFileError(_("The file {name} cannot be read: {reason}").format(name=path, reason=exc.strerror)) from exc
    if not stat.S_ISREG(st.st_mode) or st.st_size == 0:
        raise NotAPartnerDeskFile(_("{name} is not a PartnerDesk database.").format(name=path))
    sides_before = leftovers.has_side_files(path)
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise DatabaseFileError(_("The file {name} cannot be opened: {reason}").format(name=path, reason=exc)) from exc
    try:
        application_id = conn.execute("PRAGMA application_id").fetchone()[0]
        if application_id != APPLICATION_ID:
            raise NotAPartnerDeskFile(_("{name} is not a PartnerDesk database.").format(name=path))
        if quick_check:
            # The check reads every page once: SQLite's default 2 MB page cache would only fill
            # up without making it faster (0.57 s for a file of 542 MB either way).
            conn.execute(f"PRAGMA cache_size=-{ONE_PASS_CACHE_KIB}")
        quick = conn.execute("PRAGMA quick_check").fetchone()[0] if quick_check else "ok"
        if quick != "ok":
            raise CorruptDatabaseError(
                _("The database {name} is damaged ({detail}). Restore it from a backup (partnerdesk restore).").format(
                    name=path, detail=quick
                )
            )
        try:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.OperationalError:
            row = None
        revision = row[0] if row else None
    except sqlite3.DatabaseError as exc:
        if getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_NOTADB:
            raise NotAPartnerDeskFile(_("{name} is not a PartnerDesk database.").format(name=path)) from exc
        problem = translate(exc, path)
        raise (problem or CorruptDatabaseError(str(exc))) from exc
    finally:
        conn.close()
        if not sides_before:  # a look leaves no -wal/-shm behind (a refused file least of all)
            leftovers.tidy_side_files(path, lambda: sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000))
    if revision is not None and revision not in migrate.known_revisions():
        raise NewerDatabaseError(
            _(
                "{name} was written by a newer PartnerDesk (schema {revision}). "
                "Install the newer PartnerDesk to open it; this file was not changed."
            ).format(name=path, revision=revision)
        )
    return FileState(revision=revision, application_id=application_id)


class Database:
    """An open PartnerDesk database: a write engine (BEGIN IMMEDIATE) and a read engine."""

    #: Set when this login may only read (a reader on a server): ``write()`` refuses at once,
    #: and the window and the command line offer no changes. ``read_only_reason`` says why.
    read_only: bool = False
    read_only_reason: str | None = None

    #: Whether this user sees contacts' personal data: always on a file; a server asks once
    #: when it is opened (``persistence.personal_data``) and calls ``hide_personal_data``.
    personal_data_visible: bool = True

    def __init__(
        self,
        path: Path,
        *,
        single_user: bool = False,
        cipher: Cipher | None = None,
        placement: location.Placement | None = None,
    ) -> None:
        self.path = path
        self.single_user = single_user
        #: Set for travel copies: the file is opened through SQLCipher (see ``encrypted``).
        self.cipher = cipher
        #: Where the file lies: a warning to show (removable drive) or the refused place
        #: that the expert override opened anyway (``single_user`` is then on).
        self.placement = placement or location.Placement(single_user=single_user)
        #: Things the user should be told after opening (a failed automatic backup).
        self.notices: list[str] = []
        self._file_id = _file_identity(path)
        #: Office files are registered: SQLCipher (another SQLite library) must not open them meanwhile.
        self._registered = self._file_id if cipher is None else None
        open_files.opened(self._registered)
        self.engine: Engine = make_engine(path, immediate=True, single_user=single_user, cipher=cipher)
        self.read_engine: Engine = (
            self.engine if single_user else make_engine(path, immediate=False, cipher=cipher)
        )
        self._write_sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._read_sessions = sessionmaker(self.read_engine, expire_on_commit=False)

    #: A database on a server (``ServerDatabase``): each query costs a network round trip.
    remote = False

    #: Per thread: the read session of ``one_read()`` that every ``read()`` inside it shares.
    _shared = threading.local()

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction: committed at the end, rolled back on any error."""
        self.refuse_if_read_only()
        self.check_file_is_there()
        committing = False  # an error before COMMIT was sent left the database untouched
        try:
            with self._write_sessions() as session, session.begin():
                session.connection()  # BEGIN IMMEDIATE now: take the write lock before any work
                yield session
                session.flush()
                committing = True
        except DBAPIError as exc:
            problem = self._translate(exc, committing=committing)
            if problem is not None:
                raise problem from exc
            raise

    @contextmanager
    def read(self) -> Iterator[Session]:
        shared = getattr(self._shared, "sessions", {}).get(id(self))
        if shared is not None:  # inside one_read(): the same transaction, the same snapshot
            yield shared
            return
        with self.translating_errors(), self._read_sessions() as session, session.begin():
            yield session

    @contextmanager
    def translating_errors(self) -> Iterator[None]:
        """A driver error inside becomes the PartnerDesk problem it means (``_translate``), if any."""
        try:
            yield
        except DBAPIError as exc:
            problem = self._translate(exc)
            if problem is not None:
                raise problem from exc
            raise

    @contextmanager
    def read_one_statement(self) -> Iterator[Session]:
        """A read that sends ONE statement: ``read()`` here; on a server (``ServerDatabase``) no
        transaction of its own, since a single statement sees one snapshot anyway (neither BEGIN
        nor COMMIT costs a round trip). Inside ``one_read()`` it shares that transaction."""
        with self.read() as session:
            yield session

    def refuse_if_read_only(self) -> None:
        """Raise ``WriteNotPermittedError`` (nothing is sent to the database) if this login may only read."""
        if self.read_only:
            raise WriteNotPermittedError(
                _("Nothing was changed: {reason}").format(reason=self.read_only_reason or _("read permission only."))
            )

    def hide_personal_data(self) -> None:
        """Mark every session of this database: contacts' personal data is hidden from this user
        (mapped as "vertraulich", never written; see ``persistence.personal_data``)."""
        self.personal_data_visible = False
        for sessions in (self._write_sessions, self._read_sessions):
            sessions.configure(info={personal_data.HIDDEN: True})

    @contextmanager
    def one_read(self) -> Iterator[None]:
        """Every ``read()`` of this thread inside the block shares one read transaction.

        One user action (refreshing a register, opening a form) then costs one BEGIN and one
        COMMIT however many queries it makes: on a database server each of them is a round trip.
        """
        sessions = getattr(self._shared, "sessions", None)
        if sessions is None:
            sessions = self._shared.sessions = {}
        if id(self) in sessions:
            yield
            return
        with self.read() as session:
            sessions[id(self)] = session
            try:
                yield
            finally:
                del sessions[id(self)]

    def _translate(self, exc: DBAPIError, *, committing: bool = False) -> PartnerDeskError | None:
        """The user-facing problem behind a driver's error (``None``: a bug, raised as it is)."""
        return translate(exc, self.path)

    def check_file_is_there(self) -> None:
        """Refuse to write if the file was deleted, moved or replaced since it was opened.

        On Linux and macOS an open connection keeps writing into a deleted file, and every
        change would vanish with it; on Windows a removed drive shows up here too.
        """
        if self._file_id is not None and _file_identity(self.path) != self._file_id:
            raise DatabaseFileError(
                _(
                    "The database {name} is no longer there (deleted, moved or its drive removed). "
                    "Nothing was saved. Put the file back and try again."
                ).format(name=self.path)
            )

    def info(self, key: str) -> str | None:
        with self.read_one_statement() as session:
            return session.scalar(select(DatabaseInfo.value).where(DatabaseInfo.key == key))

    def set_info(self, key: str, value: str, session: Session | None = None) -> None:
        if session is None:
            with self.write() as own:
                own.merge(DatabaseInfo(key=key, value=value))
        else:
            session.merge(DatabaseInfo(key=key, value=value))

    @property
    def identity(self) -> str:
        """The UUID this database file was given at creation (travel copies refer to it)."""
        return self.info("database_id") or ""

    def close(self) -> None:
        self.engine.dispose()
        if self.read_engine is not self.engine:
            self.read_engine.dispose()
        open_files.closed(self._registered)
        self._registered = None

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _file_identity(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def _run_migrations(path: Path, *, single_user: bool = False, cipher: Cipher | None = None) -> None:
    engine = make_engine(path, foreign_keys=False, single_user=single_user, cipher=cipher)
    try:
        with engine.connect() as connection:
            migrate.upgrade(connection)
    finally:
        engine.dispose()


def create_database(path: Path, *, single_user: bool = False, allow_unsafe_location: bool | None = None) -> Database:
    """Create a new, empty PartnerDesk database at ``path`` (which must not exist).

    A place that cannot keep it safe (network share, synchronised folder) is refused
    unless the expert override is given; see ``persistence.location``.
    """
    placement = location.check_place(path, allow_unsafe=allow_unsafe_location)
    single_user = single_user or placement.single_user
    if path.exists():
        raise DatabaseFileError(_("{name} exists already; choose another name.").format(name=path))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseFileError(_("The folder {name} cannot be created: {reason}").format(name=path.parent, reason=exc.strerror)) from exc
    try:
        raw = sqlite3.connect(path)
        try:
            raw.execute(f"PRAGMA application_id={APPLICATION_ID}")
            if not single_user:
                raw.execute("PRAGMA journal_mode=WAL")
            raw.commit()
        finally:
            raw.close()
        _run_migrations(path, single_user=single_user)
    except Exception as exc:
        # Leave nothing half-made behind.
        for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            leftover.unlink(missing_ok=True)
        problem = translate(exc, path)
        if problem is not None:
            raise problem from exc
        raise
    db = Database(path, single_user=single_user, placement=placement)
    with db.write() as session:
        db.set_info("database_id", str(uuid.uuid4()), session)
        db.set_info("created_at", datetime.now(UTC).isoformat(timespec="seconds"), session)
        db.set_info(search_version.INFO_KEY, search_version.VERSION, session)  # texts follow this version's rules
    log.info("created database %s", path)
    return db


def inspect_cipher_file(path: Path, cipher: Cipher) -> FileState:
    """Like ``inspect_file`` for a file opened through SQLCipher (a travel copy)."""
    from partnerdesk.persistence import encrypted

    application_id, revision = encrypted.check_file(path, cipher)
    if application_id != APPLICATION_ID:
        raise NotAPartnerDeskFile(_("{name} is not a PartnerDesk database.").format(name=path))
    if revision is not None and revision not in migrate.known_revisions():
        raise NewerDatabaseError(
            _(
                "{name} was written by a newer PartnerDesk (schema {revision}). "
                "Install the newer PartnerDesk to open it; this file was not changed."
            ).format(name=path, revision=revision)
        )
    return FileState(revision=revision, application_id=application_id)


def open_database(
    path: Path,
    *,
    single_user: bool = False,
    backup_before_migration: bool = True,
    cipher: Cipher | None = None,
    quick_check: bool = True,
    allow_unsafe_location: bool | None = None,
    automatic_backup: bool = True,
    before_migration: Callable[[], None] | None = None,
) -> Database:
    """Open an existing PartnerDesk database, migrating it to the current schema if needed.

    ``cipher`` opens a travel copy through SQLCipher (encrypted or not). ``quick_check=False``:
    see ``inspect_file``; a file that needs migrating is checked all the same. The file's
    place is checked first (``persistence.location``); once a day a rotating backup of
    an office database is written into ``backups/`` beside it (``persistence.backup``).
    Leftovers of a killed PartnerDesk (half-written backups and travel copies wherever they
    were written, plaintext check-out snapshots of older versions) are removed first.
    ``before_migration`` is called just before a schema update starts (backup included),
    so the caller can say why this open takes longer.
    """
    placement = location.check_place(path, allow_unsafe=allow_unsafe_location)
    single_user = single_user or placement.single_user
    # Half-written backups and travel copies of a PartnerDesk that was killed (see ``leftovers``).
    leftovers.clean_leftovers()
    if cipher is None:
        leftovers.remove_plaintext_snapshots(path.parent)
    state = inspect_file(path, quick_check=quick_check) if cipher is None else inspect_cipher_file(path, cipher)
    head = migrate.head_revision()
    if cipher is None and not quick_check and state.revision != head:
        state = inspect_file(path)
    if state.revision != head:
        if before_migration is not None:
            before_migration()
        if backup_before_migration:
            from partnerdesk.persistence.backup import backup_before_migration as make_backup

            copy = make_backup(path, state.revision or "empty", cipher=cipher)
            log.info("backup before migration: %s", copy)
        try:
            _run_migrations(path, single_user=single_user, cipher=cipher)
        except DatabaseFileError:
            raise
        except Exception as exc:
            problem = translate(exc, path)
            if problem is not None:
                raise problem from exc
            raise
    db = Database(path, single_user=single_user, cipher=cipher, placement=placement)
    if automatic_backup and cipher is None:  # a travel copy is backed up by its check-in
        from partnerdesk.persistence.backup import automatic_backup as make_daily_backup

        try:
            make_daily_backup(path)
        except DatabaseFileError as exc:
            log.warning("automatic backup of %s failed: %s", path, exc)
            db.notices.append(_("The daily backup could not be written: {reason}").format(reason=exc.message))
    return db


def migration_pending(path: Path) -> bool:
    """Whether opening the office file ``path`` will update its schema (reads the revision only).

    A file that cannot be inspected gives ``False``: opening it says what is wrong.
    """
    try:
        return inspect_file(path, quick_check=False).revision != migrate.head_revision()
    except PartnerDeskError:
        return False


def check_pages(path: Path) -> CorruptDatabaseError | None:
    """SQLite's ``quick_check`` of a file (read-only, may run in any thread); the problem or ``None``."""
    try:
        inspect_file(path)
    except CorruptDatabaseError as exc:
        return exc
    except DatabaseFileError:
        return None  # other problems show up on the next read or write with their own message
    return None


def schema_revision(db: Database) -> str | None:
    with db.read() as session:
        return session.connection().exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
