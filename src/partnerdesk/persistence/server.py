"""A PartnerDesk database on a PostgreSQL server, opened by URL (``postgresql+psycopg://...``).

The same tables, migrations and services as the SQLite file; what differs lives here:

* Per connection: ``lock_timeout`` (the file's busy timeout), time zone UTC, an
  ``application_name``; no PRAGMAs.
* Write transactions take one transaction-level advisory lock first, so writers take
  turns exactly as with SQLite's ``BEGIN IMMEDIATE``: the services read a row's version
  and write it in one transaction, and under READ COMMITTED two writers could otherwise
  both pass the version check (a lost update). Readers never wait (REPEATABLE READ: each
  read transaction sees one snapshot, like a WAL reader).
* Write transactions also say ``SET LOCAL partnerdesk.writer = 'on'`` in that round trip:
  they write their own history entries, and the server's triggers (migration 0006) record
  only changes made by other tools, with ``session_user``.
* Opening never changes the database: an empty or older schema is refused with a task for
  IT (``partnerdesk server init`` / ``upgrade``, see ``server_admin``, run as the owner
  role), a newer or foreign one as a file's would be. Opening asks once whether the login
  may write (``read_only``: a reader's login); ``write()`` then refuses before any SQL.
* No ping before each use of a pooled connection (it would cost a round trip per query):
  a connection found broken (server restarted, network cut) raises ``ConnectionLostError``
  and the pool starts afresh; ``once_more_if_dropped`` runs the work again once where that
  cannot apply it twice (a read; a write whose COMMIT was never sent).

File-only features have no server counterpart and refuse clearly (``db.path`` raises
``ServerDatabaseError``): backups with SQLite's online backup, the page check, the
place check and SQLCipher. A server is backed up with its own tools (``pg_dump``).
Travel copies of a server are SQLite files filled row by row (``travel.copy_rows``). The
change journal's triggers are SQLite-only (a merge into a server compares every record's
stamps instead); see migration 0002 and ``change_log.is_complete``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.orm import Session, sessionmaker

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
    ReadPermissionError,
    UserError,
)
from partnerdesk.i18n import _
from partnerdesk.persistence import location, migrate, personal_data
from partnerdesk.persistence.database import Database
from partnerdesk.persistence.engine import APPLICATION_ID, BUSY_TIMEOUT_MS

log = logging.getLogger(__name__)

#: The key of the advisory lock every write transaction holds ("PDsk", like the file's application id).
WRITE_LOCK_KEY = APPLICATION_ID
WRITE_ISOLATION = "READ COMMITTED"
#: Set (transaction-locally) by every write transaction of the program: the server's history
#: triggers record only changes made without it (psql, a report tool; see migration 0006).
WRITER_SETTING = "partnerdesk.writer"
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
            # Writers: the driver does not send BEGIN itself; the "begin" listener below sends it
            # together with the write lock (psycopg commits and rolls back by the server's state).
            isolation_level="AUTOCOMMIT" if write else READ_ISOLATION,
            pool_pre_ping=False,  # a round trip before every query; a broken connection is retried instead
            pool_recycle=POOL_RECYCLE_S,
            connect_args=connect_args,
            use_native_hstore=False,  # no hstore columns: not three round trips to look its type up
            **kwargs,
        )
    except ModuleNotFoundError as exc:
        raise EnvironmentProblem(
            _("PostgreSQL needs the Python package psycopg: pip install \"partnerdesk[postgresql]\".")
        ) from exc
    _first_connect_in_one_question(engine)
    if write:

        # ``partnerdesk.writer``: this transaction writes its own history entries, so the server's
        # audit triggers (migration 0006) look away; it expires with the transaction.
        begin_and_lock = (
            f"BEGIN ISOLATION LEVEL {WRITE_ISOLATION}; SELECT pg_advisory_xact_lock({int(WRITE_LOCK_KEY)}); "
            f"SET LOCAL {WRITER_SETTING} = 'on'"
        )

        @event.listens_for(engine, "begin")
        def _take_write_lock(connection: Any) -> None:
            # Held until commit or rollback; waits at most lock_timeout, then DatabaseLockedError.
            # Without parameters psycopg sends both statements as one simple query: one round
            # trip for BEGIN and the lock instead of two.
            connection.exec_driver_sql(begin_and_lock)

    return engine


def _first_connect_in_one_question(engine: Engine) -> None:
    """SQLAlchemy's questions at an engine's first connection in one round trip instead of six.

    The dialect asks, each in a query of its own and inside a transaction of the driver's
    (BEGIN ... ROLLBACK), for the server's version, the current schema, the default isolation
    level and ``standard_conforming_strings``. The version and that setting came with the
    connection already (libpq keeps what the server reported at startup); the other two are
    asked together, outside a transaction. The dialect ends up exactly as it would have
    (tests/postgresql/test_server_database.py compares it with a plain engine's).
    """
    dialect: Any = engine.dialect
    initialize = dialect.initialize
    answers: dict[str, str] = {}

    def ask(connection: Any) -> dict[str, str]:
        if not answers:
            row = connection.exec_driver_sql(
                "SELECT current_schema(), upper(current_setting('transaction_isolation'))"
            ).one()
            answers.update(schema=row[0], isolation=row[1])
        return answers

    def version(connection: Any) -> tuple[int, ...]:
        number = int(connection.connection.dbapi_connection.info.server_version)  # e.g. 170004
        return (number // 10000, number % 10000) if number >= 100000 else (number // 10000, number // 100 % 100, number % 100)

    def backslash_escapes(connection: Any) -> None:
        reported = connection.connection.dbapi_connection.info.parameter_status("standard_conforming_strings")
        dialect._backslash_escapes = reported == "off"

    def initialize_in_autocommit(connection: Any) -> None:
        raw = connection.connection.dbapi_connection
        was = raw.autocommit
        raw.autocommit = True  # no BEGIN and ROLLBACK around the questions
        try:
            initialize(connection)
        finally:
            raw.autocommit = was

    current_connection: list[Any] = []

    def initialize_remembering(connection: Any) -> None:
        current_connection[:] = [connection]
        try:
            initialize_in_autocommit(connection)
        finally:
            current_connection.clear()

    dialect._get_server_version_info = version
    dialect._get_default_schema_name = lambda connection: ask(connection)["schema"]
    def default_isolation(_dbapi: Any) -> str:
        # Asked inside the driver's transaction, which starts at the engine's own level, SQLAlchemy
        # heard that level (and insists on it); an autocommit engine heard the server's default.
        configured = dialect._on_connect_isolation_level
        return str(configured) if configured not in (None, "AUTOCOMMIT") else ask(current_connection[0])["isolation"]

    dialect.get_default_isolation_level = default_isolation
    dialect._set_backslash_escapes = backslash_escapes
    dialect.initialize = initialize_remembering


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
    if state == "42501" and _is_read(exc):
        what = re.search(r"permission denied for (?:table|relation|sequence|schema|view) (\S+)", str(original))
        return ReadPermissionError(
            _(
                "No permission to read {what} in {name} on the database server: ask IT for the role "
                "your work needs. Nothing was changed."
            ).format(what=what.group(1) if what else "?", name=name)
        )
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


def _is_read(exc: BaseException) -> bool:
    """Whether the failed statement only reads (a SELECT, possibly with a WITH clause)."""
    statement = str(getattr(exc, "statement", None) or "").lstrip().upper()
    return statement.startswith(("SELECT", "WITH")) and " FOR UPDATE" not in statement


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
        #: The login role the server knows us by (asked at open).
        self.user = self.url.username or ""
        self.read_only = False
        self.read_only_reason: str | None = None
        self.engine = make_server_engine(self.url, write=True, lock_timeout_ms=lock_timeout_ms)
        self.read_engine = make_server_engine(self.url, write=False, lock_timeout_ms=lock_timeout_ms)
        self._write_sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._read_sessions = sessionmaker(self.read_engine, expire_on_commit=False)
        #: ``database_info`` values read when the database was opened (``info`` answers from here
        #: until this program writes).
        self.known_info: dict[str, str] = {}
        # Reads of one statement: the read engine's connections in autocommit (no BEGIN, no COMMIT).
        self._statement_sessions = sessionmaker(
            self.read_engine.execution_options(isolation_level="AUTOCOMMIT"), expire_on_commit=False
        )

    # Deliberately read-only here (a file database's path is a plain attribute): mypy is right
    # that this breaks substitutability, and that is the point of the error it raises.
    @property
    def path(self) -> Any:  # type: ignore[override]
        """A server database has no file: every file-only feature stops here with a clear message."""
        raise ServerDatabaseError(
            _(
                "{name} is a database on a PostgreSQL server: backups, page checks and "
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

    def info(self, key: str) -> str | None:
        known = self.known_info.get(key)
        return known if known is not None else super().info(key)

    @contextmanager
    def write(self) -> Iterator[Session]:
        self.known_info.clear()  # what it read at opening may change now
        with super().write() as session:
            yield session

    @contextmanager
    def read_one_statement(self) -> Iterator[Session]:
        if getattr(self._shared, "sessions", {}).get(id(self)) is not None:
            with self.read() as shared:  # inside one_read(): its transaction
                yield shared
            return
        with self.translating_errors(), self._statement_sessions() as session, session.begin():
            yield session

    def hide_personal_data(self) -> None:
        super().hide_personal_data()
        self._statement_sessions.configure(info={personal_data.HIDDEN: True})

    def __repr__(self) -> str:
        return f"ServerDatabase({self.name!r})"


def open_server_database(url: str | URL, *, lock_timeout_ms: int = BUSY_TIMEOUT_MS) -> ServerDatabase:
    """Open the PartnerDesk database at ``url``; it is never changed by opening.

    Refuses (and changes nothing) a database that holds no PartnerDesk schema yet (IT sets it
    up with ``partnerdesk server init``), an older one (``partnerdesk server upgrade``), one that
    holds other tables, or one written by a newer PartnerDesk: migrations run only as the
    owner role, by IT (``server_admin``). Finds out once whether the login may write
    (``db.read_only``); a login that may not even read is refused with that reason.
    ``lock_timeout_ms``: how long a write waits for another program's write before giving up.
    """
    db = ServerDatabase(url, lock_timeout_ms=lock_timeout_ms)
    try:
        if not _open_in_one_question(db):  # something unusual: asked step by step, to say what
            with db.read_engine.connect() as connection, connection.begin():
                _find_out_permissions(connection, db)  # first: a login that may not read is told so
                check_schema(connection, db.name)
                if not personal_data.may_see(connection):  # asked once: "vertraulich" from here on
                    db.hide_personal_data()
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


def _open_in_one_question(db: ServerDatabase) -> bool:
    """The usual case in one statement (one round trip, no transaction): a login that may read, a
    database at this PartnerDesk's schema. Also reads the search texts' version (``db.info``).

    False when anything is unusual (no or another schema, a missing permission, a newer or older
    revision, a login that may not read): the step-by-step questions then find out what to say.
    """
    from partnerdesk.domain.search_version import INFO_KEY
    from partnerdesk.persistence.server_roles import PROBE_TABLE

    question = (
        "SELECT current_user, has_table_privilege(%(t)s, 'SELECT'),"
        " has_table_privilege(%(t)s, 'INSERT') AND has_table_privilege(%(t)s, 'UPDATE')"
        " AND has_table_privilege(%(t)s, 'DELETE'),"
        " pg_is_in_recovery() OR current_setting('default_transaction_read_only') = 'on',"
        " (SELECT version_num FROM alembic_version),"
        f" {personal_data.VISIBLE_FUNCTION}(),"
        " (SELECT value FROM database_info WHERE key = %(k)s)"
    )
    try:
        with db.read_engine.connect() as connection:
            connection = connection.execution_options(isolation_level="AUTOCOMMIT")
            row = connection.exec_driver_sql(question, {"t": PROBE_TABLE, "k": INFO_KEY}).one()
    except DBAPIError as exc:
        state = getattr(exc.orig, "sqlstate", None) or ""
        if state.startswith("42") and not exc.connection_invalidated:  # a table, function or permission missing
            return False
        raise
    user, may_read, may_write, server_read_only, revision, sees_personal_data, search_version = row
    if not may_read or revision != migrate.head_revision():
        return False
    db.user = str(user)
    _set_read_only(db, may_write=bool(may_write), server_read_only=bool(server_read_only))
    if not sees_personal_data:
        db.hide_personal_data()
    if search_version is not None:
        db.known_info[INFO_KEY] = str(search_version)
    return True


class ServerNotSetUpError(DatabaseFileError):
    """The server database has no PartnerDesk schema yet, or an older one: a task for IT."""


def schema_state(connection: Any, name: str) -> str | None:
    """The schema revision of the server database (``None``: empty); refuses a foreign or newer one."""
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
    return str(revision) if revision is not None else None


def check_schema(connection: Any, name: str) -> None:
    """Refuse, unchanged, a server database that is not at this PartnerDesk's schema."""
    revision = schema_state(connection, name)
    if revision is None:
        raise ServerNotSetUpError(
            _(
                "The office database must be set up by IT (partnerdesk server init): {name} holds no "
                "PartnerDesk tables yet."
            ).format(name=name)
        )
    if revision != migrate.head_revision():
        raise ServerNotSetUpError(
            _(
                "The office database must be updated by IT (partnerdesk server upgrade): {name} has schema "
                "{found}, this PartnerDesk needs {needed}. Nothing was changed."
            ).format(name=name, found=revision, needed=migrate.head_revision())
        )


def _find_out_permissions(connection: Any, db: ServerDatabase) -> None:
    """Ask the server once whether this login may read and write the registers (``db.read_only``)."""
    from partnerdesk.persistence.server_roles import PROBE_TABLE, READER

    user = str(connection.exec_driver_sql("SELECT current_user").scalar())
    db.user = user
    if connection.exec_driver_sql("SELECT to_regclass(%(t)s)", {"t": PROBE_TABLE}).scalar() is None:
        return  # no PartnerDesk tables yet: check_schema says what IT has to do
    row = connection.exec_driver_sql(
        "SELECT current_user, has_table_privilege(%(t)s, 'SELECT'),"
        " has_table_privilege(%(t)s, 'INSERT') AND has_table_privilege(%(t)s, 'UPDATE')"
        " AND has_table_privilege(%(t)s, 'DELETE'),"
        " pg_is_in_recovery() OR current_setting('default_transaction_read_only') = 'on'",
        {"t": PROBE_TABLE},
    ).one()
    may_read, may_write, server_read_only = bool(row[1]), bool(row[2]), bool(row[3])
    if not may_read:
        raise ReadPermissionError(
            _(
                "The login {user} has no permission to read the office database {name}. Ask IT to make it a "
                "member of {reader} (read) or an editor role."
            ).format(user=user, name=db.name, reader=READER)
        )
    _set_read_only(db, may_write=may_write, server_read_only=server_read_only)


def _set_read_only(db: ServerDatabase, *, may_write: bool, server_read_only: bool) -> None:
    if server_read_only:
        db.read_only_reason = _("The database server {name} accepts no changes at the moment (read-only).").format(
            name=db.name
        )
    elif not may_write:
        db.read_only_reason = _("You are logged in as {user} with read permission only: changes are not possible.").format(
            user=db.user
        )
    db.read_only = db.read_only_reason is not None
