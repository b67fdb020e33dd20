"""SQLite engines with the settings that keep every acknowledged commit.

Every connection runs with WAL journaling (stored in the file), ``synchronous=FULL``,
foreign keys on and a busy timeout; write transactions start with ``BEGIN IMMEDIATE``
so they take the write lock up front instead of failing halfway. These settings lost
no acknowledged commit in simulated power losses (see README, "Datensicherheit").
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import URL, Engine, create_engine, event

if TYPE_CHECKING:
    from partnerdesk.persistence.encrypted import Cipher

#: ``PRAGMA application_id`` of every PartnerDesk database ("PDsk").
APPLICATION_ID = 0x5044736B
BUSY_TIMEOUT_MS = 10_000
#: The shipped settings, named so the power-loss harness (tests/reliability) drives exactly these.
JOURNAL_MODE = "WAL"
SYNCHRONOUS = "FULL"
WRITE_BEGIN = "BEGIN IMMEDIATE"
#: ``PRAGMA secure_delete`` on every connection (a module setting, so a test can prove that its
#: raw-bytes check of the file fails without it).
SECURE_DELETE = True
READ_BEGIN = "BEGIN"
#: Page cache (KiB) of the short-lived connections that read each page once (the page check,
#: the source of a backup): SQLite's default 2 MB would only fill up without helping them.
ONE_PASS_CACHE_KIB = 256


def sqlite_url(path: Path) -> URL:
    """The engine URL of ``path``, built, not parsed: a file named "Partner?2024.sqlite" or
    "50%20.sqlite" is that file (a URL string would end the name at "?" and decode "%20")."""
    return URL.create("sqlite+pysqlite", database=str(path))


def apply_connection_settings(
    dbapi_connection: Any, *, foreign_keys: bool = True, single_user: bool = False
) -> None:
    """The per-connection PRAGMAs. ``single_user`` is the expert mode for unsafe places."""
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        # Deleted and overwritten values are zeroed, not left in free pages (an erased person,
        # GDPR Art. 17, must not linger in the file: README "Datenschutz").
        cursor.execute(f"PRAGMA secure_delete={'ON' if SECURE_DELETE else 'OFF'}")
        if single_user:
            # A rollback journal and an exclusive lock work where WAL's shared memory does not.
            cursor.execute("PRAGMA locking_mode=EXCLUSIVE")
            cursor.execute("PRAGMA journal_mode=DELETE")
        else:
            mode = cursor.execute(f"PRAGMA journal_mode={JOURNAL_MODE}").fetchone()[0]
            if str(mode).lower() != JOURNAL_MODE.lower():
                from partnerdesk.persistence.errors import unsafe_wal_error

                raise unsafe_wal_error(str(mode))
        cursor.execute(f"PRAGMA synchronous={SYNCHRONOUS}")
    finally:
        cursor.close()


def make_engine(
    path: Path,
    *,
    immediate: bool = True,
    foreign_keys: bool = True,
    single_user: bool = False,
    url: str | None = None,
    cipher: Cipher | None = None,
    **kwargs: Any,
) -> Engine:
    """An engine on the SQLite file ``path``.

    ``immediate`` makes every transaction take the write lock at BEGIN (for writes);
    a read engine uses a deferred BEGIN so readers never wait for writers in WAL mode.
    ``cipher`` opens the file through SQLCipher (travel copies, see ``encrypted``):
    the key is applied as each connection is made, before anything reads the file;
    every other setting is the same.
    """
    if cipher is not None:
        from partnerdesk.persistence import encrypted

        kwargs.setdefault("module", encrypted.dbapi())
        kwargs.setdefault("creator", lambda: encrypted.connect(path, cipher))
    if single_user:
        # An exclusive lock belongs to one connection: a second one would wait for it until
        # its busy timeout. One pooled connection makes threads take turns instead.
        from sqlalchemy.pool import QueuePool

        kwargs.setdefault("poolclass", QueuePool)
        kwargs.setdefault("pool_size", 1)
        kwargs.setdefault("max_overflow", 0)
    engine = create_engine(url or sqlite_url(path), **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        # Let SQLAlchemy, not the driver, emit BEGIN (needed for BEGIN IMMEDIATE and SAVEPOINTs).
        dbapi_connection.isolation_level = None
        apply_connection_settings(dbapi_connection, foreign_keys=foreign_keys, single_user=single_user)

    begin = WRITE_BEGIN if immediate else READ_BEGIN

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql(begin)

    @event.listens_for(engine, "handle_error")
    def _on_error(context: Any) -> None:
        if _opened_read_only(context.original_exception):
            # A connection made while the file could not be written (a share mounted read-only,
            # a virus scanner's hold) stays read-only for good, even once the file is writable
            # again. Treating it as lost makes the pool open fresh connections next time.
            context.is_disconnect = True

    return engine


#: SQLITE_READONLY (primary result code); its extended codes share the low byte.
_SQLITE_READONLY = 8


def _opened_read_only(exc: BaseException | None) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    return isinstance(code, int) and code & 0xFF == _SQLITE_READONLY
