"""Colleagues' changes at once: the window shows what others saved, without F5.

A worker thread drives a ``services.live.ChangeFeed`` (LISTEN/NOTIFY on a server, the data
version and the history on a file, polling where notifications are refused) and hands each
batch of changes to the GUI thread, which only applies them:

* registers: the changed rows get their fresh values in place (no reset: the selection and the
  scroll position stay); a deleted record's row is greyed out where it is (until the next
  reload); a created or restored record reloads that register as F5 would, the scroll position
  kept; a register not shown reloads when it is shown next;
* the relationship panel is read again; the window's ``colleague_changes`` signal tells the
  form (``ui.editing.colleague_bar``), which keeps an edit being typed and offers a reload.

On a server the status bar also says who else is connected (asked every ``WHO_EVERY_MS`` in a
worker thread; nothing is shown where the server does not let the login see other sessions),
and a quiet note if the server sends no notifications (the window then polls every second).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel
from shiboken6 import isValid

from partnerdesk.domain.errors import PartnerDeskError
from partnerdesk.i18n import _
from partnerdesk.log_privacy import describe
from partnerdesk.services import live
from partnerdesk.services.workspace import Database
from partnerdesk.ui import background

log = logging.getLogger(__name__)

#: Seconds between two looks on a file, or while polling a server (each look is one indexed query).
INTERVAL_S = 1.0
#: Longest single wait, so that closing the window never waits for the worker.
_SLICE_S = 0.25
#: How often the status bar asks the server who else is connected (ms).
WHO_EVERY_MS = 30_000
#: Tests of round-trip counts switch live refresh off (its traffic is measured by bench/live_bench.py).
ENABLED = True
#: False: do not LISTEN (tests of the polling fallback).
LISTEN = True


class _Post(QObject):
    """Carries a worker's result to the GUI thread for a ``LiveRefresh`` that may be gone by then
    (lives as long as the program, like the register model's)."""

    posted = Signal(object, object)

    def __init__(self) -> None:
        super().__init__()
        self.posted.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @staticmethod
    def _deliver(target: Any, hand_over: Any) -> None:
        if isValid(target) and not target.stopped:
            hand_over(target)


_post: _Post | None = None


class LiveRefresh(QObject):
    """Live refresh of one window on one database; ``stop()`` before the database is closed."""

    def __init__(self, window: Any, db: Database) -> None:
        super().__init__(window)
        global _post
        if _post is None:
            _post = _Post()
        self._poster = _post
        self.window = window
        self.db = db
        self.stopped = False
        self._stop = threading.Event()
        self.note_label, self.who_label = _labels(window)
        self.note_label.clear()
        self.who_label.clear()
        self.note_label.hide()
        self.who_label.hide()
        #: Applied batches so far and the last one (tests and the benchmark wait on them).
        self.applied = 0
        self.last_changes: live.Changes | None = None
        #: The worker's feed once it is made (its ``last_id`` says how far it has looked).
        self.feed: live.ChangeFeed | None = None
        self._thread = threading.Thread(target=self._run, name="live refresh", daemon=True)
        self._thread.start()
        self._who_timer: QTimer | None = None
        self._asking = False
        #: Answers to "who else is connected" so far.
        self.asked = 0
        if background.is_remote(db):
            self._who_timer = QTimer(self)
            self._who_timer.setInterval(WHO_EVERY_MS)
            self._who_timer.timeout.connect(self.ask_who)
            self._who_timer.start()
            QTimer.singleShot(0, self, self.ask_who)

    # The worker ----------------------------------------------------------------------------------

    def _hand(self, fn: Callable[[LiveRefresh], None]) -> None:
        if not self._stop.is_set():
            self._poster.posted.emit(self, fn)

    def _run(self) -> None:
        try:
            feed = live.ChangeFeed(self.db, listen=LISTEN)
        except Exception:
            log.warning("no live refresh for %s", getattr(self.db, "name", "?"), exc_info=True)
            return
        self.feed = feed
        note = ""
        try:
            while not self._stop.is_set():
                try:
                    if feed.wait(INTERVAL_S, self._stop, _SLICE_S) and not self._stop.is_set():
                        changes = feed.fetch()
                        if changes:
                            self._hand(partial(LiveRefresh.apply, changes=changes))
                except Exception:
                    log.info("live refresh: looking for changes failed", exc_info=True)
                    self._stop.wait(INTERVAL_S)
                if feed.note != note:
                    note = feed.note
                    self._hand(partial(LiveRefresh.show_note, note=note))
        finally:
            feed.close()

    def ask_who(self) -> None:
        """Ask (in a worker) who else is connected; the answer shows in the status bar."""
        if self._asking or self.stopped:
            return
        self._asking = True
        db = self.db

        def work() -> None:
            names: list[str] | None = None
            try:
                names = live.connected_colleagues(db)
            finally:
                self._hand(partial(LiveRefresh.show_who, names=names))

        threading.Thread(target=work, name="who is connected", daemon=True).start()

    def stop(self) -> None:
        """Stop the worker (it ends within a fraction of a second) and close its connection."""
        self.stopped = True
        self._stop.set()
        for label in (self.note_label, self.who_label):  # nothing stale beside another database
            if isValid(label):
                label.clear()
                label.hide()
        if self._who_timer is not None:
            self._who_timer.stop()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout=2 * _SLICE_S + 1.0)

    # The GUI thread ------------------------------------------------------------------------------

    def show_note(self, note: str) -> None:
        self.note_label.setText(_("Updates by polling") if note else "")
        self.note_label.setToolTip(note)
        self.note_label.setVisible(bool(note))

    def show_who(self, names: list[str] | None) -> None:
        self._asking = False
        self.asked += 1
        if not names:  # nobody else, or not allowed to see: nothing rather than an error
            self.who_label.clear()
            self.who_label.hide()
            return
        self.who_label.setText(_("Also connected: {names}").format(names=", ".join(names)))
        self.who_label.setToolTip(_("Colleagues connected to the office database right now."))
        self.who_label.show()

    def apply(self, changes: live.Changes) -> None:
        """Show ``changes`` (GUI thread): changed and deleted rows in place, new ones by a reload."""
        window = self.window
        if self.stopped or window.db is not self.db:
            return
        if changes.everything:  # refresh() reports its own problems, as F5 does
            keep_scroll(window.current_panel(), window.refresh)
            self.applied += 1
            return
        try:
            for kind, rows in changes.rows.items():
                panel = window.panels.get(kind)
                if panel is not None and panel.model.loaded:
                    panel.model.replace_rows(rows)
            final = {(e.kind, e.record_id): e.operation for e in changes.entries}  # the last word per record
            for kind in {k for (k, _i), op in final.items() if op == "deleted"}:
                panel = window.panels.get(kind)
                if panel is not None and panel.model.loaded:
                    panel.model.mark_gone([i for (k, i), op in final.items() if k == kind and op == "deleted"])
            for kind in {k for (k, _i), op in final.items() if op in ("created", "restored")}:
                panel = window.panels.get(kind)
                if panel is None or not panel.model.loaded:
                    continue
                if panel is window.current_panel():
                    keep_scroll(panel, panel.refresh)
                else:
                    panel.model.loaded = False  # read again when shown
            window.relations.refresh()
        except PartnerDeskError as exc:  # a broken connection: the window's next action says so, not this
            log.info("showing colleagues' changes: %s", describe(exc))
        window.colleague_changes.emit(list(changes.entries))
        self.last_changes = changes
        self.applied += 1


def keep_scroll(panel: Any, reload: Callable[[], None]) -> None:
    """``reload()`` the register ``panel`` with its table scrolled where it was."""
    bar = panel.table.verticalScrollBar()
    value = bar.value()
    reload()

    def back() -> None:
        if isValid(bar):
            bar.setValue(min(value, bar.maximum()))

    back()
    if panel.model.busy:  # a slow query finishes in the background: scroll back when it is in
        panel.model.query_applied.connect(back, Qt.ConnectionType.SingleShotConnection)


def _labels(window: Any) -> tuple[QLabel, QLabel]:
    """The status bar's two labels for live refresh (made once per window)."""
    found = getattr(window, "_live_labels", None)
    if found is None:
        note, who = QLabel(window), QLabel(window)
        note.setObjectName("live_note_label")
        who.setObjectName("connected_label")
        window.statusBar().addPermanentWidget(who)
        window.statusBar().addPermanentWidget(note)
        found = window._live_labels = (note, who)
    return found


def start(window: Any, db: Database) -> LiveRefresh | None:
    """Live refresh for ``window`` on ``db``; ``None`` where it makes no sense (single-user mode:
    nobody else can write, and a second long-lived connection would lock the window out)."""
    if not ENABLED or db.single_user:
        return None
    try:
        return LiveRefresh(window, db)
    except Exception:
        log.warning("no live refresh", exc_info=True)
        return None
