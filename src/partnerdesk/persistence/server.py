"""A PartnerDesk database on a PostgreSQL server, opened by URL (``postgresql+psycopg://...``).

The same tables, migrations and services as the SQLite file; what differs lives here:

* Per connection: ``lock_timeout`` (the file's busy timeout), time zone UTC, an
  ``application_name``; no PRAGMAs.
* Write transactions take one transaction-level advisory lock first, so writers take
  turns exactly as with SQLite's ``BEGIN IMMEDIATE``: the services read a row's version
  and write it in one transaction, and under READ COMMITTED two writers could otherwise
  both pass the version check (a lost update). Readers never wait (REPEATABLE READ: each
  read transaction sees one snapshot, like a WAL reader).
* Opening migrates an empty database to the current schema and gives it an identity,
  all in one transaction under the same lock (PostgreSQL rolls DDL back), so two
  programs opening a new server database at once cannot both set it up.
* No ping before each use of a pooled connection (it would cost a round trip per query):
  a connection found broken (server restarted, network cut) raises ``ConnectionLostError``
  and the pool starts afresh; ``once_more_if_dropped`` runs the work again once where that
  cannot apply it twice (a read; a write whose COMMIT was never sent).

File-only features have no server counterpart and refuse clearly (``db.path`` raises
``ServerDatabaseError``): backups with SQLite's online backup, the page check, the
place check, travel copies and SQLCipher. A server is backed up with its own tools
(``pg_dump``). The change journal's triggers are SQLite-only (only travel copies read
it); see migration 0002 and ``change_log.is_complete``.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine, event, insert, inspect, select, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.orm import sessionmaker

from partnerdesk.domain import search_version
from partnerdesk.domain.errors import (
    ConnectionLostError,
    DatabaseFileError,
    DatabaseLockedError,
    DiskFullError,
    EnvironmentProblem,
    NewerDatabaseError,
    NotAPartnerDeskFile,
    PartnerDeskError,
    ReadOnlyDatabaseError,
    UserError,
)
from partnerdesk.i18n import _
from partnerdesk.persistence import location, migrate
from partnerdesk.persistence.database import Database
from partnerdesk.persistence.engine import APPLICATION_ID, BUSY_TIMEOUT_MS
from partnerdesk.persistence.tables import DatabaseInfo

log = logging.getLogger(__name__)

#: The key of the advisory lock every write transaction holds ("PDsk", like the file's application id).
WRITE_LOCK_KEY = APPLICATION_ID
WRITE_ISOLATION = "READ COMMITTED"
READ_ISOLATION = "REPEATABLE READ"
#: Seconds after which a pooled connection is replaced (firewalls drop idle connections silently).
POOL_RECYCLE_S = 1800

T = TypeVar("T")


class ServerDatabaseError(DatabaseFileError):
    """A file-only feature was asked of a server database, or the server cannot be used."""


def server_url(url: str | URL) -> URL:
    """``url`` parsed; refused unless it names a PostgreSQL server."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise ServerDatabaseError(_("{url} is not a database address.").format(url=url)) from exc
    if parsed.get_backend_name() != "postgresql":
        raise ServerDatabaseError(
            _("{url}: only PostgreSQL servers are supported (postgresql+psycopg://…).").format(
                url=parsed.render_as_string(hide_password=True)
            )
        )
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def make_server_engine(url: str | URL, *, write: bool, lock_timeout_ms: int = BUSY_TIMEOUT_MS, **kwargs: Any) -> Engine:
    """An engine on the server ``url``: writers serialised by the advisory lock, readers on snapshots."""
    parsed = server_url(url)
    settings = f"-c lock_timeout={int(lock_timeout_ms)} -c TimeZone=UTC"
    options = " ".join(filter(None, [str(parsed.query.get("options", "")), settings]))
    connect_args = {"options": options, "application_name": "PartnerDesk", **kwargs.pop("connect_args", {})}
    try:
        engine = create_engine(
            parsed,
            isolation_level=WRITE_ISOLATION if write else READ_ISOLATION,
            pool_pre_ping=False,  # a round trip before every query; a broken connection is retried instead
            pool_recycle=POOL_RECYCLE_S,
            connect_args=connect_args,
            **kwargs,
        )
    except ModuleNotFoundError as exc:
        raise EnvironmentProblem(
            _("PostgreSQL needs the Python package psycopg: pip install \"partnerdesk[postgresql]\".")
        ) from exc
    if write:

        @event.listens_for(engine, "begin")
        def _take_write_lock(connection: Any) -> None:
            # Held until commit or rollback; waits at most lock_timeout, then DatabaseLockedError.
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK_KEY})

    return engine


def translate_server_error(exc: BaseException, name: str, *, committing: bool = False) -> PartnerDeskError | None:
    """The user-facing problem behind a PostgreSQL error, or ``None`` (a bug, or handled by the caller).

    ``committing``: the error came while COMMIT was on its way, so a broken connection leaves
    it unknown whether the change was stored (it was stored whole or not at all).
    """
    original = exc.orig if isinstance(exc, DBAPIError) else exc
    state = getattr(original, "sqlstate", None) or ""
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return connection_lost(name, committing=committing)
    if "NUL (0x00)" in str(original) or (state == "22021" and "0x00" in str(original)):
        # SQLite stores the invisible character NUL in text; PostgreSQL cannot (nothing is written).
        return UserError(
            _(
                "The text contains the invisible control character NUL (0x00), which a PostgreSQL "
                "server cannot store. Remove it (it often comes from copied text) and try again."
            )
        )
    if state in ("55P03", "40001", "40P01"):  # lock timeout, serialisation failure, deadlock
        return DatabaseLockedError(
            _("The database {name} is busy with another program's change. Wait a moment and try again.").format(
                name=name
            )
        )
    if state == "53100":
        return DiskFullError(_("The database server of {name} has no disk space left.").format(name=name))
    if state in ("25006", "42501"):
        return ReadOnlyDatabaseError(_("No permission to write {name} on the database server.").format(name=name))
    if state.startswith(("08", "57P", "28", "3D")) or (isinstance(exc, DBAPIError) and exc.connection_invalidated):
        return ServerDatabaseError(
            _("The database server {name} cannot be reached or refused the connection: {reason}").format(
                name=name, reason=str(original).strip().splitlines()[0] if str(original).strip() else state
            )
        )
    if type(original).__name__ == "OperationalError" and not state:  # no connection at all
        return ServerDatabaseError(
            _("The database server {name} cannot be reached or refused the connection: {reason}").format(
                name=name, reason=str(original).strip().splitlines()[0] if str(original).strip() else "?"
            )
        )
    return None


def connection_lost(name: str, *, committing: bool) -> ConnectionLostError:
    """The connection to ``name`` broke; a message for the work that was under way."""
    if committing:
        return ConnectionLostError(
            _(
                "The connection to the database server {name} broke while saving. The change was "
                "saved completely or not at all; reload the record (F5) to see which. The next action "
                "connects again."
            ).format(name=name),
            retry_safe=False,
        )
    return ConnectionLostError(
        _(
            "The connection to the database server {name} broke (the server was restarted or the "
            "network was interrupted). Nothing was saved. Try again: the next action connects again."
        ).format(name=name),
        retry_safe=True,
    )


def once_more_if_dropped(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``fn(*args, **kwargs)``, run a second time if a broken connection stopped it where that is safe.

    Safe: the database never saw the work (a read, or a write whose COMMIT was not sent), so
    it cannot be applied twice. The pool has replaced the broken connection by then. A second
    failure, or a break during COMMIT, is raised (``ConnectionLostError``) for the user.
    """
    try:
        return fn(*args, **kwargs)
    except ConnectionLostError as exc:
        if not exc.retry_safe:
            raise
        log.info("connection lost (%s); trying once more", exc.message)
        return fn(*args, **kwargs)


class ServerDatabase(Database):
    """An open PartnerDesk database on a PostgreSQL server: ``read()``/``write()`` like a file's."""

    def __init__(self, url: str | URL, *, lock_timeout_ms: int = BUSY_TIMEOUT_MS) -> None:
        # No file: Database.__init__ is not called.
        self.url = server_url(url)
        #: For messages: the address without its password.
        self.name = self.url.render_as_string(hide_password=True)
        self.single_user = False
        self.cipher = None
        self.placement = location.Placement()
        self.notices: list[str] = []
        self._file_id = None
        self._registered = None  # no file whose locks another open of it could drop (open_files)
        self.engine = make_server_engine(self.url, write=True, lock_timeout_ms=lock_timeout_ms)
        self.read_engine = make_server_engine(self.url, write=False, lock_timeout_ms=lock_timeout_ms)
        self._write_sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._read_sessions = sessionmaker(self.read_engine, expire_on_commit=False)

    # Deliberately read-only here (a file database's path is a plain attribute): mypy is right
    # that this breaks substitutability, and that is the point of the error it raises.
    @property
    def path(self) -> Any:  # type: ignore[override]
        """A server database has no file: every file-only feature stops here with a clear message."""
        raise ServerDatabaseError(
            _(
                "{name} is a database on a PostgreSQL server: backups, page checks, travel copies and "
                "encryption work only with a database file. Back up a server database with the server's "
                "tools (pg_dump)."
            ).format(name=self.name)
        )

    #: Every query is a round trip over the network: the window runs them off its GUI thread.
    remote = True

    def _translate(self, exc: DBAPIError, *, committing: bool = False) -> PartnerDeskError | None:
        return translate_server_error(exc, self.name, committing=committing)

    def check_file_is_there(self) -> None:
        """Nothing to check: the server keeps its own files."""

    def __repr__(self) -> str:
        return f"ServerDatabase({self.name!r})"


def open_server_database(url: str | URL, *, lock_timeout_ms: int = BUSY_TIMEOUT_MS) -> ServerDatabase:
    """Open the PartnerDesk database at ``url``; an empty database is set up, an older one migrated.

    Refuses (and changes nothing) a database that holds other tables, or one written by a
    newer PartnerDesk. There is no backup before a migration: the server's own backups
    (``pg_dump``) cover it, and the whole migration is one transaction that rolls back on error.
    ``lock_timeout_ms``: how long a write waits for another program's write before giving up.
    """
    db = ServerDatabase(url, lock_timeout_ms=lock_timeout_ms)
    try:
        with db.engine.connect() as connection, connection.begin():  # the write lock: one at a time
            _prepare(connection, db.name)
    except PartnerDeskError:
        db.close()
        raise
    except DBAPIError as exc:
        db.close()
        problem = translate_server_error(exc, db.name)
        if problem is not None:
            raise problem from exc
        raise
    except BaseException:
        db.close()
        raise
    return db


def _prepare(connection: Any, name: str) -> None:
    tables = set(inspect(connection).get_table_names())
    revision = None
    if "alembic_version" in tables:
        revision = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    elif tables:
        raise NotAPartnerDeskFile(
            _("The server database {name} holds other tables: it is not a PartnerDesk database.").format(name=name)
        )
    if revision is not None and revision not in migrate.known_revisions():
        raise NewerDatabaseError(
            _(
                "{name} was written by a newer PartnerDesk (schema {revision}). "
                "Install the newer PartnerDesk to open it; the database was not changed."
            ).format(name=name, revision=revision)
        )
    if revision != migrate.head_revision():
        log.info("migrating server database %s from %s", name, revision or "empty")
        migrate.upgrade(connection)  # inside this transaction: Alembic does not commit it
    info = DatabaseInfo.__table__
    if connection.execute(select(info.c.value).where(info.c.key == "database_id")).first() is None:
        connection.execute(
            insert(DatabaseInfo),
            [
                {"key": "database_id", "value": str(uuid.uuid4())},
                {"key": "created_at", "value": datetime.now(UTC).isoformat(timespec="seconds")},
                {"key": search_version.INFO_KEY, "value": search_version.VERSION},  # a new, empty database
            ],
        )
