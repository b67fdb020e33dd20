"""Running long work in a background thread with a progress dialog.

The one helper every part of the window uses for work that may take more than a
moment (imports, exports, document batches, merges, backups)::

    result = run_with_progress(window, _("Importing…"), import_archive, db, path)

``fn(*args, progress=callback, **kwargs)`` runs in a worker thread while the window
stays responsive behind a window-modal ``QProgressDialog``. ``callback(done, total,
text="")`` may be called from the worker at any rate (updates are coalesced); it raises
``Cancelled`` once the user pressed "Abbrechen". The worker's result is returned, or its
exception re-raised here, on the main thread.

Threads and sessions: never pass a SQLAlchemy session or ORM object to ``fn``. Pass the
``Database`` (its engines are thread-safe) and let the worker open its own sessions with
``db.read()`` / ``db.write()``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from partnerdesk.i18n import _
from partnerdesk.services.progress import Cancelled

__all__ = ["Cancelled", "run_with_progress"]

T = TypeVar("T")

#: Show the dialog only if the work takes longer than this (no flashing for quick work).
SHOW_AFTER_MS = 400
_POLL_MS = 50


class _State(QObject):
    finished = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.lock = threading.Lock()
        self.done = 0
        self.total = 0
        self.text = ""
        self.cancelled = threading.Event()
        self.result: Any = None
        self.error: BaseException | None = None

    def progress(self, done: int, total: int, text: str = "") -> None:
        """Called in the worker thread: remember the latest figures, stop if cancelled."""
        if self.cancelled.is_set():
            raise Cancelled()
        with self.lock:
            self.done, self.total = int(done), int(total)
            if text:
                self.text = text


def run_with_progress(
    parent: QWidget | None, title: str, fn: Callable[..., T], *args: Any, cancellable: bool = True, **kwargs: Any
) -> T:
    """Run ``fn(*args, progress=..., **kwargs)`` in a worker thread; see the module docstring.

    ``cancellable=False``: work that cannot stop halfway (a schema update) shows no
    "Abbrechen" button and ignores Escape.
    """
    state = _State()

    def work() -> None:
        try:
            state.result = fn(*args, progress=state.progress, **kwargs)
        except BaseException as exc:  # noqa: BLE001 - handed to the main thread
            state.error = exc
        finally:
            state.finished.emit()

    dialog = QProgressDialog(title, _("Cancel"), 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(SHOW_AFTER_MS)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    if cancellable:
        dialog.canceled.connect(state.cancelled.set)
    else:
        dialog.setCancelButton(None)
    dialog.setValue(0)

    loop = QEventLoop()
    state.finished.connect(loop.quit, Qt.ConnectionType.QueuedConnection)

    def refresh() -> None:
        with state.lock:
            done, total, text = state.done, state.total, state.text
        if dialog.wasCanceled() and not cancellable:  # Escape hid it: the work goes on, so show it again
            dialog.reset()
            dialog.show()
        elif dialog.wasCanceled():  # cancel() (Escape, closing) does not emit ``canceled``
            state.cancelled.set()
        if state.cancelled.is_set():
            dialog.setLabelText(_("Cancelling…"))
            return
        if total > 0:
            dialog.setMaximum(total)
            dialog.setValue(min(done, total))
        if text:
            dialog.setLabelText(text)

    timer = QTimer()
    timer.setInterval(_POLL_MS)
    timer.timeout.connect(refresh)
    timer.start()
    worker = threading.Thread(target=work, name=f"task: {title}", daemon=True)
    worker.start()
    # The finished signal is queued to this thread, so even a worker that is already done
    # ends the loop as soon as it runs.
    loop.exec()
    worker.join()
    timer.stop()
    if cancellable:
        dialog.canceled.disconnect(state.cancelled.set)
    dialog.reset()
    dialog.close()
    dialog.deleteLater()
    if state.error is not None:
        raise state.error
    return state.result  # type: ignore[no-any-return]
