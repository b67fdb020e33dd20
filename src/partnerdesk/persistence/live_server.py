"""Colleagues' changes on a PostgreSQL server: the notification trigger, the listening connection,
and who else is connected.

* ``install_change_notices``: a statement-level trigger on ``record_history`` calls
  ``pg_notify('partnerdesk_changes', '')``. Every write of the services adds its history entries
  in the writing transaction, so the notification is part of that transaction: PostgreSQL
  delivers it on COMMIT and drops it on ROLLBACK, at no extra round trip for the writer, and
  changes made by other tools that write the history (a psql session through the history
  trigger) notify too. ``server init`` and ``server upgrade`` (re)create it, so a database set
  up before it existed gets it with the next upgrade; without it the window simply polls.
* ``ChangeListener``: one connection of its own (taken out of the read pool, autocommit) that
  LISTENs on the channel. ``wait(timeout)`` answers whether a notification from *another*
  session arrived; the window's own writes are recognised by their backend pids (known without
  a round trip, ``track_own_connections``). A refused LISTEN (a pooler in transaction mode, a
  standby) or a connection that broke raises ``ListenUnavailable``: the caller polls instead.
* ``connected_colleagues``: the other logins connected to this database with PartnerDesk
  (``pg_stat_activity``); ``None`` where the server does not let this login see them.
"""

from __future__ import annotations

import logging
import threading
import time
import weakref
from typing import Any

from sqlalchemy import Engine, event, text
from sqlalchemy.exc import DBAPIError

from partnerdesk.persistence.database import Database

log = logging.getLogger(__name__)

CHANNEL = "partnerdesk_changes"
FUNCTION = "partnerdesk_notify_change"
TRIGGER = "record_history_notify"
#: The ``application_name`` every PartnerDesk connection sends (``server.make_server_engine``).
APPLICATION_NAME = "PartnerDesk"


def install_change_notices(connection: Any) -> None:
    """Create (or renew) the trigger that notifies ``CHANNEL`` when history entries are written.

    Run as the owner inside ``server init`` / ``upgrade``'s transaction; idempotent.
    """
    connection.exec_driver_sql(
        f"CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        f"BEGIN\n  PERFORM pg_notify('{CHANNEL}', '');\n  RETURN NULL;\nEND\n$$"
    )
    connection.exec_driver_sql(
        f"CREATE OR REPLACE TRIGGER {TRIGGER} AFTER INSERT ON record_history"
        f" FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()"
    )


def has_change_notices(connection: Any) -> bool:
    """Whether the notification trigger is installed (tests, and the note in the window)."""
    return bool(
        connection.exec_driver_sql(
            "SELECT count(*) FROM pg_trigger WHERE tgname = %(name)s AND NOT tgisinternal", {"name": TRIGGER}
        ).scalar()
    )


class ListenUnavailable(Exception):
    """The server refused LISTEN or the listening connection broke: poll instead."""


# The backend pids of each write engine's connections: a notification they caused is the window's own.
_own_pids: weakref.WeakKeyDictionary[Engine, set[int]] = weakref.WeakKeyDictionary()
_own_lock = threading.Lock()


def track_own_connections(db: Database) -> None:
    """From now on ``is_own(db, pid)`` knows the backend pids of ``db``'s write connections
    (psycopg knows its pid from the connection's start: no round trip)."""
    engine = db.engine
    with _own_lock:
        if engine in _own_pids:
            return
        pids = _own_pids[engine] = set()

    def remember(dbapi_connection: Any, _record: Any) -> None:
        pid = getattr(getattr(dbapi_connection, "info", None), "backend_pid", None)
        if isinstance(pid, int):
            with _own_lock:
                pids.add(pid)

    # Connections opened before this are not known: their notifications cost one look at the
    # history, whose entries the caller recognises as its own by their batch.
    event.listen(engine, "connect", remember)


def is_own(db: Database, pid: int) -> bool:
    with _own_lock:
        return pid in _own_pids.get(db.engine, set())


class ChangeListener:
    """A connection of its own that LISTENs on ``CHANNEL`` (used by one worker thread only)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._connection: Any = None
        try:
            raw = db.read_engine.raw_connection()
            connection = raw.driver_connection
            raw.detach()  # ours alone: never handed back to the pool
            if connection is None:
                raise ListenUnavailable("no driver connection")
            connection.rollback()
            connection.autocommit = True
            self._connection = connection
            connection.execute(f"LISTEN {CHANNEL}")
        except ListenUnavailable:
            raise
        except Exception as exc:  # refused (feature not supported, recovery), or no connection at all
            self.close()
            raise ListenUnavailable(str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__) from exc

    def wait(self, timeout: float) -> bool:
        """Up to ``timeout`` seconds: True as soon as another session's notification is there
        (all waiting ones are taken), False if none came. ``ListenUnavailable`` if the connection broke."""
        connection = self._connection
        if connection is None:
            raise ListenUnavailable("closed")
        try:
            foreign = False
            deadline = time.monotonic() + timeout
            while True:  # the window's own notifications do not end the wait: a colleague's may follow
                came = False
                for notify in connection.notifies(timeout=max(0.0, deadline - time.monotonic()), stop_after=1):
                    came = True
                    foreign = foreign or not is_own(self.db, notify.pid)
                for notify in connection.notifies(timeout=0.0):  # whatever else is waiting, without waiting
                    foreign = foreign or not is_own(self.db, notify.pid)
                if connection.closed or connection.broken:
                    raise ListenUnavailable("connection closed")
                if foreign or not came or time.monotonic() >= deadline:
                    return foreign
        except ListenUnavailable:
            raise
        except Exception as exc:  # the server was restarted, the network cut, the backend terminated
            raise ListenUnavailable(str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__) from exc

    def close(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            try:
                connection.close()
            except Exception:
                log.debug("closing the listening connection failed", exc_info=True)


def connected_colleagues(db: Database) -> list[str] | None:
    """The other logins connected to this database with PartnerDesk now, sorted; ``None`` if the
    server does not let this login see other sessions (nothing to show then, no error)."""
    try:
        with db.read() as session:
            names = session.execute(
                text(
                    "SELECT DISTINCT usename FROM pg_stat_activity WHERE datname = current_database()"
                    " AND application_name = :app AND usename IS NOT NULL AND usename <> session_user"
                    " ORDER BY usename"
                ),
                {"app": APPLICATION_NAME},
            ).scalars().all()
    except DBAPIError:
        log.info("the sessions of other logins cannot be seen", exc_info=True)
        return None
    except Exception:
        log.info("asking who else is connected failed", exc_info=True)
        return None
    return [str(n) for n in names]
