"""One door to every kind of database: a file, a travel copy or an office database on a server.

The window and the command line only choose *where* (a ``Source``); opening, creating,
checking and backing up happen here, and every kind gives the same ``Database`` object.
A passphrase (travel copy) or a password (server) is asked for through the callbacks in
``Questions``: a dialog in the window, the terminal on the command line.

Which database is the default: ``PARTNERDESK_DB`` (a file), else ``PARTNERDESK_SERVER``,
else the setting "Office database on a server" (``default_server`` in settings.ini), else
the per-user file.

``ui/`` and ``cli/`` do not import ``partnerdesk.persistence``; what they need of it (the
``Database`` type, the change watch, the wrong-passphrase error) is named here.
"""

from __future__ import annotations

import configparser
import os
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from partnerdesk import paths
from partnerdesk.domain.errors import DatabaseFileError, UserError
from partnerdesk.i18n import _
from partnerdesk.persistence.database import Database
from partnerdesk.persistence.encrypted import WrongKeyError
from partnerdesk.persistence.watch import ChangeWatch
from partnerdesk.services.server_login import AskPassword, Login, PasswordNeeded, ServerLoginError, libpq_target

if TYPE_CHECKING:
    from partnerdesk.persistence.restore import RestoreResult

__all__ = [
    "AskPassword",
    "ChangeWatch",
    "Database",
    "Login",
    "PasswordNeeded",
    "Questions",
    "ServerLoginError",
    "Source",
    "WrongKeyError",
    "once_more_if_dropped",
]

T = TypeVar("T")

SERVER_ENV = "PARTNERDESK_SERVER"
#: The settings key (settings.ini, section ``options``) of the default office database on a server.
DEFAULT_SERVER_OPTION = "default_server"
#: How often a wrong passphrase may be typed for a travel copy.
PASSPHRASE_TRIES = 5
_RECENT_SERVER = "server:"


def once_more_if_dropped(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``fn(*args, **kwargs)``, once more if a dropped server connection stopped it where that is
    safe (``persistence.server.once_more_if_dropped``; a file database never drops)."""
    from partnerdesk.persistence.server import once_more_if_dropped as again

    return again(fn, *args, **kwargs)


class FileOnlyError(UserError):
    """A file-only feature was asked of an office database on a server (the message says what instead)."""


@dataclass(frozen=True)
class Source:
    """Where a database is: ``kind`` "file", "travel" or "server"; ``where`` the path or the server's
    service name or address as the user gave it."""

    kind: str
    where: str

    @classmethod
    def file(cls, path: Path | str) -> Source:
        """A database file; a ``.pdtravel`` file is a travel copy."""
        path = Path(path)
        return cls("travel" if path.suffix.lower() == ".pdtravel" else "file", str(path))

    @classmethod
    def server(cls, text: str) -> Source:
        """An office database on a server: a service name from pg_service.conf or a postgresql:// address."""
        from partnerdesk.services.server_login import server_address

        server_address(text)  # refused here, with a German line, if it is neither
        return cls("server", text.strip())

    @classmethod
    def from_recent(cls, key: str) -> Source:
        """The inverse of ``recent_key``."""
        if key.startswith(_RECENT_SERVER):
            return cls("server", key[len(_RECENT_SERVER):])
        return cls.file(key)

    @property
    def is_server(self) -> bool:
        return self.kind == "server"

    @property
    def path(self) -> Path:
        if self.is_server:
            raise FileOnlyError(_("{name} is an office database on a server, not a file.").format(name=self.where))
        return Path(self.where)

    def recent_key(self) -> str:
        """How the list of recently opened databases keeps it (a file's full path)."""
        if self.is_server:
            return _RECENT_SERVER + self.where
        return str(Path(self.where).resolve())

    def short_name(self) -> str:
        """The file's name, or the server's service name or address (without a password)."""
        if self.is_server:
            return libpq_target(self.where).removeprefix("service=")
        return Path(self.where).name

    def label(self) -> str:
        """For menus: the file's name, or "Bürodatenbank partnerdesk" for a server."""
        if self.is_server:
            return _("Office database {name}").format(name=self.short_name())
        return self.short_name()


@dataclass
class Questions:
    """How to ask the user: ``passphrase(path, problem)`` for a travel copy, ``password(where, user,
    problem)`` for a server; ``problem`` says why it is asked again. ``None`` answers: cancelled."""

    passphrase: Callable[[Path, str], str | None] | None = None
    password: AskPassword | None = None


@dataclass(frozen=True)
class ServerIdentity:
    database: str
    host: str
    user: str


_sources: weakref.WeakKeyDictionary[Database, Source] = weakref.WeakKeyDictionary()
#: Who is logged in where, read once when a server database is opened (the title bar asks often).
_identities: weakref.WeakKeyDictionary[Database, ServerIdentity] = weakref.WeakKeyDictionary()


# Which database ----------------------------------------------------------------------------------


def configured_server() -> str:
    """The setting "office database on a server" (read from settings.ini without Qt); "" if none."""
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(paths.data_dir() / "settings.ini", encoding="utf-8")
    except (configparser.Error, OSError, UnicodeDecodeError):
        return ""
    value = parser.get("options", DEFAULT_SERVER_OPTION, fallback="").strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':  # QSettings quotes some values
        value = value[1:-1]
    return value.strip()


def default_source() -> Source:
    """The database to use when none is named: see the module docstring."""
    if os.environ.get("PARTNERDESK_DB"):
        return Source.file(paths.default_database_path())
    server = os.environ.get(SERVER_ENV, "").strip() or configured_server()
    if server:
        return Source.server(server)
    return Source.file(paths.default_database_path())


def chosen_source(db: Path | str | None, server: str | None) -> Source:
    """What the user named (``--db FILE`` or ``--server NAME_OR_URL``), else the default."""
    if db is not None and server is not None:
        raise UserError(_("Name either a database file (--db) or a server (--server), not both."))
    if db is not None:
        return Source.file(db)
    if server is not None:
        return Source.server(server)
    return default_source()


def is_default_file(source: Source) -> bool:
    return not source.is_server and Path(source.where) == paths.default_database_path()


# Opening ---------------------------------------------------------------------------------------


def open_source(
    source: Source,
    questions: Questions | None = None,
    *,
    quick_check: bool = True,
    allow_unsafe_location: bool | None = None,
    automatic_backup: bool = True,
    before_migration: Callable[[], None] | None = None,
    create_default: bool = False,
) -> Database:
    """Open ``source`` and return its database (the caller closes it).

    ``create_default``: a missing file is created with the example data (the per-user
    database on first use); otherwise a missing file is an error naming ``partnerdesk init``.
    """
    questions = questions or Questions()
    if source.is_server:
        db = _open_server(source, questions)
    elif source.kind == "travel":
        db = _open_travel(source.path, questions)
    else:
        path = source.path
        if not path.exists():
            if not create_default:
                raise DatabaseFileError(
                    _("The database {name} does not exist. Create it with “partnerdesk init {name}”.").format(name=path)
                )
            db = create_file(path, allow_unsafe_location=allow_unsafe_location, example_data=True)
        else:
            from partnerdesk.persistence.database import open_database

            db = open_database(
                path,
                quick_check=quick_check,
                allow_unsafe_location=allow_unsafe_location,
                automatic_backup=automatic_backup,
                before_migration=before_migration,
            )
    _sources[db] = source
    return db


def _open_server(source: Source, questions: Questions) -> Database:
    from partnerdesk.persistence.server import open_server_database
    from partnerdesk.services.server_login import log_in

    db = log_in(source.where, open_server_database, questions.password, source.short_name())
    identity = _read_identity(db)
    if identity is not None:
        _identities[db] = identity
    return db


def _open_travel(path: Path, questions: Questions) -> Database:
    from partnerdesk.travel import travelfile

    if not path.exists():
        raise UserError(_("The travel copy {name} does not exist.").format(name=path))
    if not travelfile.needs_passphrase(path):
        return travelfile.open_travel(path, None)
    problem = ""
    for _attempt in range(PASSPHRASE_TRIES):
        if questions.passphrase is None:
            raise UserError(_("The travel copy {name} needs its passphrase.").format(name=path))
        passphrase = questions.passphrase(path, problem)
        if passphrase is None:
            raise Cancelled()
        try:
            return travelfile.open_travel(path, passphrase)
        except WrongKeyError as exc:
            problem = exc.message
    raise WrongKeyError(problem)


class Cancelled(UserError):
    """The user cancelled a question (passphrase); nothing was opened."""

    def __init__(self) -> None:
        super().__init__(_("Cancelled."))


def create_file(path: Path, *, allow_unsafe_location: bool | None = None, example_data: bool = False) -> Database:
    """A new database file at ``path`` (which must not exist), with the example data if asked."""
    from partnerdesk.persistence.database import create_database

    db = create_database(path, allow_unsafe_location=allow_unsafe_location)
    if example_data:
        from partnerdesk.services.example_data import add_example_data

        add_example_data(db)
    _sources[db] = Source.file(path)
    return db


def migration_pending(source: Source) -> bool:
    """Whether opening the office file will update its schema first (never for a server or travel copy)."""
    if source.kind != "file" or not source.path.exists():
        return False
    from partnerdesk.persistence.database import migration_pending as pending

    return pending(source.path)


# What is open ------------------------------------------------------------------------------------


def is_server(db: Database) -> bool:
    from partnerdesk.persistence.server import ServerDatabase

    return isinstance(db, ServerDatabase)


def source_of(db: Database) -> Source:
    known = _sources.get(db)
    if known is not None:
        return known
    if is_server(db):
        return Source("server", str(db.name))  # type: ignore[attr-defined]
    return Source("travel" if db.cipher is not None else "file", str(db.path))


def server_identity(db: Database) -> ServerIdentity | None:
    """Database, host and login of a server database, as libpq connected; ``None`` for a file."""
    if not is_server(db):
        return None
    known = _identities.get(db)
    if known is None:
        known = _read_identity(db)
        if known is not None:
            _identities[db] = known
    return known


def _read_identity(db: Database) -> ServerIdentity | None:
    # The read engine's pool holds the connection the open just used (it reads the schema and the
    # permissions there): libpq's own record, no query and no new connection -- over a slow link a
    # new one costs several round trips on the window's thread.
    with db.read_engine.connect() as connection:
        info = getattr(connection.connection.dbapi_connection, "info", None)
        if info is None:
            return None
        return ServerIdentity(database=str(info.dbname), host=str(info.host), user=str(info.user))


def title(db: Database) -> str:
    """The title bar's name of the database: the file's name, or
    "Bürodatenbank partnerdesk auf db.stadt.example – angemeldet als mmuster"."""
    who = server_identity(db)
    if who is not None:
        return _("Office database {database} on {host} – logged in as {user}").format(
            database=who.database, host=who.host, user=who.user
        )
    return source_of(db).path.name


def full_name(db: Database) -> str:
    """For the status bar and "Über": the file's full path, or the server's address."""
    source = source_of(db)
    if source.is_server:
        return libpq_target(source.where)
    return str(source.path)


# File-only work: backups, restore, page check ------------------------------------------------------


def file_only(source: Source, what: str) -> FileOnlyError:
    return FileOnlyError(
        _("{what} works only with a database file; {name} is an office database on a server.").format(
            what=what, name=source.where
        )
    )


def pg_dump_command(source: Source, out: Path | str) -> str:
    return f'pg_dump --format=custom --file="{out}" "{libpq_target(source.where)}"'


def pg_restore_command(source: Source, backup: Path | str) -> str:
    return f'pg_restore --clean --if-exists --single-transaction --dbname="{libpq_target(source.where)}" "{backup}"'


def refuse_backup_on_server(source: Source, out: Path | str) -> None:
    if source.is_server:
        raise FileOnlyError(
            _(
                "An office database on a server is backed up with the server's tools, not by PartnerDesk. "
                "The IT backs it up regularly; a copy of your own: {command}"
            ).format(command=pg_dump_command(source, out))
        )


def refuse_restore_on_server(source: Source, backup: Path | str) -> None:
    if source.is_server:
        raise FileOnlyError(
            _(
                "An office database on a server is restored by the IT with the server's tools, not by "
                "PartnerDesk (all users must close it first): {command}"
            ).format(command=pg_restore_command(source, backup))
        )


def backup(db: Database, target: Path) -> Path:
    """A consistent copy of the open database (a travel copy's stays equally encrypted)."""
    source = source_of(db)
    refuse_backup_on_server(source, target)
    if target.resolve() == source.path.resolve():
        raise DatabaseFileError(_("The backup must not overwrite the database itself."))
    if db.cipher is not None:
        from partnerdesk.persistence import encrypted

        return encrypted.backup_to(source.path, target, db.cipher)
    from partnerdesk.persistence.backup import backup_database

    return backup_database(source.path, target)


def backup_file(source: Path, target: Path) -> Path:
    """A consistent copy of the database file ``source`` (which need not be open)."""
    from partnerdesk.persistence.backup import backup_database

    return backup_database(source, target)


def suggested_backup(db: Database) -> Path:
    from partnerdesk.persistence.backup import timestamped_name

    path = source_of(db).path
    return paths.backups_dir(path) / timestamped_name(path, "backup")


def restore(source: Source, backup_path: Path) -> RestoreResult:
    refuse_restore_on_server(source, backup_path)
    from partnerdesk.persistence.restore import restore_database

    return restore_database(backup_path, source.path)


def page_check(db: Database) -> Callable[[], DatabaseFileError | None] | None:
    """The page check of an office file, to run in a worker; ``None`` where there is none
    (a travel copy: SQLCipher checks every page itself; a server keeps its own pages)."""
    if db.cipher is not None or is_server(db):
        return None
    from partnerdesk.persistence.database import check_pages

    path = db.path
    return lambda: check_pages(path)


def daily_backup(db: Database, keep: int | None) -> Callable[[], object] | None:
    """Today's automatic backup of an office file, to run in a worker (``keep``: ``None`` takes
    ``PARTNERDESK_BACKUP_KEEP`` or the default); ``None`` for a travel copy or a server."""
    if db.cipher is not None or is_server(db):
        return None
    from partnerdesk.persistence import backup as backups
    from partnerdesk.persistence.auto_backup import automatic_backup

    count = backups.backup_keep_count() if keep is None or os.environ.get(backups.KEEP_ENV) is not None else keep
    path = db.path
    return lambda: automatic_backup(path, count)


def prepare_mappings() -> None:
    """Configure the ORM mappings now (else the first record the user opens waits for it)."""
    from partnerdesk.persistence.tables import configure_mappings

    configure_mappings()


# Checking ---------------------------------------------------------------------------------------------


@dataclass
class CheckReport:
    name: str
    identity: str
    revision: str | None
    integrity: str
    broken: list[Any]
    counts: dict[str, int]
    search_index: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.integrity == "ok" and not self.broken


def check(db: Database, kinds: list[str]) -> CheckReport:
    """Integrity (every page of a file; a server keeps its own), references, counts, and the search
    index, rebuilt if it is out of step (derived data; never in a damaged file)."""
    from sqlalchemy import func, select

    from partnerdesk.persistence import portable_sql
    from partnerdesk.persistence.database import schema_revision
    from partnerdesk.services.records import ROW_TYPES

    with db.read() as session:
        conn = session.connection()
        integrity = portable_sql.integrity(conn)
        broken = list(portable_sql.broken_references(conn))
        counts = {kind: int(session.scalar(select(func.count()).select_from(ROW_TYPES[kind])) or 0) for kind in kinds}
    report = CheckReport(
        name=full_name(db), identity=db.identity, revision=schema_revision(db), integrity=integrity,
        broken=broken, counts=counts,
    )
    if report.ok and not is_server(db):  # the text-search index is the file's (FTS5); a server searches without it
        report.search_index = _check_search_index(db)
    return report


def _check_search_index(db: Database) -> str:
    from partnerdesk.persistence import search_index

    with db.read() as session:
        conn = session.connection()
        if not search_index.present(conn):
            return _("not present (the search works without it, more slowly)")
        if search_index.is_complete(conn) and search_index.agrees_with_tables(conn):
            return "ok"
    with db.write() as session:
        search_index.restore(session.connection().exec_driver_sql)
    return _("out of step with the records; rebuilt")
