"""Colleagues' changes at once: what an open window learns of other people's saves, without F5.

``ChangeFeed(db)`` is driven by one worker thread (never the GUI thread)::

    feed = ChangeFeed(db)          # remembers the newest history entry
    while running:
        if feed.wait(1.0):         # something may have changed
            changes = feed.fetch() # the new entries of others, with their registers' fresh rows

How it notices:

* On a server: a connection of its own LISTENs on ``partnerdesk_changes``, which the history
  trigger notifies in the writing transaction (``persistence.live_server``), so a colleague's
  commit arrives within milliseconds and nothing is asked of the server meanwhile. If LISTEN is
  refused or the connection breaks, the feed polls instead (``polling`` is True, ``note`` says
  so) and tries to listen again now and then; after listening again it looks once, so nothing
  that happened in between is missed.
* On a file: every second SQLite's data version (``persistence.watch``: microseconds, no
  query) and, only when it moved, the history after the newest entry seen (one indexed query).
  A change that wrote no history entry at all makes ``fetch`` ask for a full reload.

Entries written by this ``Database`` itself (the window's own saves) are left out by their
batch: the window has shown them already.
"""

from __future__ import annotations

import logging
import threading
import time
import weakref
from collections import deque
from dataclasses import dataclass, field

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session

from partnerdesk.domain.history import HistoryEntry
from partnerdesk.i18n import _
from partnerdesk.persistence.database import Database
from partnerdesk.persistence.live_server import (
    ChangeListener,
    ListenUnavailable,
    connected_colleagues,
    track_own_connections,
)
from partnerdesk.persistence.watch import ChangeWatch
from partnerdesk.services.history import History
from partnerdesk.services.history_writer import batch_id
from partnerdesk.services.registers import RegisterRow, RegisterService

__all__ = ["ChangeFeed", "Changes", "connected_colleagues", "others"]

log = logging.getLogger(__name__)

#: More new entries than this at once: the window reloads what it shows instead of row by row.
MOST_ENTRIES = 500
#: Seconds between two attempts to listen again after LISTEN failed.
LISTEN_AGAIN_S = 60.0

# The batches this process wrote, per write engine (a window's own saves are not news to it).
_own_batches: weakref.WeakKeyDictionary[Engine, deque[str]] = weakref.WeakKeyDictionary()
_own_lock = threading.Lock()


@event.listens_for(Session, "before_commit", insert=True)
def _remember_own_batch(session: Session) -> None:
    """Before the history writer's own ``before_commit``: the batch its entries will carry."""
    if not session.info.get("partnerdesk_history_pending"):
        return
    bind = session.get_bind()
    engine = bind if isinstance(bind, Engine) else getattr(bind, "engine", None)
    if engine is None:
        return
    with _own_lock:
        batches = _own_batches.get(engine)
        if batches is not None:
            batches.append(batch_id(session))


def _watch_own_batches(db: Database) -> deque[str]:
    with _own_lock:
        batches = _own_batches.get(db.engine)
        if batches is None:
            batches = _own_batches[db.engine] = deque(maxlen=5_000)
        return batches


@dataclass(frozen=True)
class Changes:
    """What colleagues changed since the last look."""

    #: The new entries of others, oldest first.
    entries: tuple[HistoryEntry, ...] = ()
    #: Fresh display rows of the records changed, created or restored, per register.
    rows: dict[str, list[RegisterRow]] = field(default_factory=dict)
    #: Reload everything shown (too many entries, or a change that left no history entry).
    everything: bool = False

    def kinds(self) -> set[str]:
        return {e.kind for e in self.entries if e.kind}

    def __bool__(self) -> bool:
        return bool(self.entries) or self.everything


def others(entries: list[HistoryEntry], own: set[str]) -> list[HistoryEntry]:
    """``entries`` without those of the batches in ``own`` and without the "history started" marker."""
    return [e for e in entries if e.batch_id not in own and e.kind]


class ChangeFeed:
    """See the module docstring. Build it, use it and close it in one worker thread."""

    def __init__(self, db: Database, *, listen: bool = True) -> None:
        self.db = db
        self.remote = bool(getattr(db, "remote", False))
        self._own = _watch_own_batches(db)
        self._history = History(db)
        self.last_id = self._history.latest_id()
        self._listener: ChangeListener | None = None
        self._watch: ChangeWatch | None = None
        self._next_listen = 0.0
        #: A quiet note for the status bar ("" while all is well).
        self.note = ""
        if self.remote:
            track_own_connections(db)
            if listen:
                self._listen()
            else:
                self._fall_back("notifications switched off")
        else:
            self._watch = ChangeWatch(db)

    @property
    def polling(self) -> bool:
        return self.remote and self._listener is None

    def _listen(self) -> bool:
        try:
            self._listener = ChangeListener(self.db)
        except ListenUnavailable as exc:
            self._fall_back(str(exc))
            return False
        self.note = ""
        return True

    def _fall_back(self, reason: str) -> None:
        log.info("no notifications from %s (%s): polling", getattr(self.db, "name", "?"), reason)
        if self._listener is not None:
            self._listener.close()
        self._listener = None
        self._next_listen = time.monotonic() + LISTEN_AGAIN_S
        self.note = _("Colleagues' changes are looked for every second (the server sends no notifications).")

    def wait(self, timeout: float, stop: threading.Event | None = None, slice_s: float = 0.25) -> bool:
        """Block up to ``timeout`` seconds (less once ``stop`` is set; checked every ``slice_s``):
        True if something may have changed (then ``fetch``)."""
        stop = stop or threading.Event()
        deadline = time.monotonic() + timeout
        if self.remote and self._listener is None and time.monotonic() >= self._next_listen:
            if self._listen():
                return True  # listening again: look once for what came meanwhile
        while not stop.is_set():
            left = deadline - time.monotonic()
            if left <= 0:
                break
            if self._listener is None:
                stop.wait(min(slice_s, left))
                continue
            try:
                if self._listener.wait(min(slice_s, left)):
                    return True
            except ListenUnavailable as exc:
                self._fall_back(str(exc))
                return True  # look now: the connection may have broken over a change
        if stop.is_set():
            return False
        if self._watch is not None:
            return self._watch.changed()
        return self._listener is None  # polling: one indexed query per interval

    def fetch(self) -> Changes:
        """The changes of others since the last fetch (``Changes()`` if none); one read transaction."""
        with self.db.one_read():
            return self._fetch()

    def _fetch(self) -> Changes:
        found = self._history.since(self.last_id, limit=MOST_ENTRIES + 1)
        if not found:
            # A file whose data version moved with no history entry at all: something wrote
            # around the history (an older program, a repair): reload what is shown.
            return Changes(everything=self._watch is not None)
        self.last_id = found[-1].id
        if len(found) > MOST_ENTRIES:
            self.last_id = self._history.latest_id()
            return Changes(everything=True)
        with _own_lock:
            own = set(self._own)
        news = others(found, own)
        if not news:
            return Changes()
        wanted: dict[str, list[str]] = {}
        for entry in news:
            if entry.operation != "deleted":
                ids = wanted.setdefault(entry.kind, [])
                if entry.record_id not in ids:
                    ids.append(entry.record_id)
        rows: dict[str, list[RegisterRow]] = {}
        for kind, ids in wanted.items():
            try:
                rows[kind] = RegisterService(self.db, kind).rows(ids)
            except KeyError:  # a register this version does not know
                continue
        return Changes(tuple(news), rows)

    def close(self) -> None:
        if self._listener is not None:
            self._listener.close()
            self._listener = None
        if self._watch is not None:
            self._watch.close()
            self._watch = None
