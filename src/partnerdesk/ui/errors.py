"""Showing problems to the user, in three tiers.

* ``UserError`` (invalid input, a name that matches nothing): a warning naming the problem.
* ``EnvironmentProblem`` (database locked, read-only, disk full, damaged, not a PartnerDesk
  file, from a newer version): a message saying what to do. The window stays alive.
* Anything else is a bug: the global exception hook (``install_exception_hook``) writes a
  crash log and shows a dialog with the details instead of letting the program vanish.

Use ``user_errors(parent)`` around any call into the services from a slot::

    with user_errors(self):
        service.update(record)
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from partnerdesk import APP_NAME, paths
from partnerdesk.domain.errors import EnvironmentProblem, PartnerDeskError
from partnerdesk.i18n import _
from partnerdesk.log_privacy import describe
from partnerdesk.services.progress import Cancelled
from partnerdesk.services.server_login import ServerLoginError

log = logging.getLogger(__name__)


def show_problem(parent: QWidget | None, exc: BaseException) -> None:
    """Tell the user about a ``PartnerDeskError`` (user mistake or environment problem)."""
    if isinstance(exc, Cancelled):
        return
    message = exc.message if isinstance(exc, PartnerDeskError) else str(exc)
    # The log names the error's kind, register, record id and fields: never what was typed (``log_privacy``).
    if isinstance(exc, ServerLoginError):  # the server, not a file: the message says what to do
        log.warning("server login: %s", describe(exc))
        QMessageBox.critical(parent, _("Problem with the office database"), message)
    elif isinstance(exc, EnvironmentProblem):
        log.warning("environment problem: %s", describe(exc))
        QMessageBox.critical(parent, _("Problem with the database file"), message)
    else:
        log.info("user error: %s", describe(exc))
        QMessageBox.warning(parent, APP_NAME, message)


@contextmanager
def user_errors(parent: QWidget | None) -> Iterator[None]:
    """Show ``PartnerDeskError``s as messages and carry on; let bugs reach the crash hook."""
    try:
        yield
    except (PartnerDeskError, Cancelled) as exc:
        show_problem(parent, exc)


# The crash handler ---------------------------------------------------------------------------


def crash_log_dir() -> Path:
    return paths.log_dir() / "crashes"


def write_crash_log(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> Path | None:
    text = "".join(traceback.format_exception(exc_type, exc, tb))
    try:
        folder = crash_log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"crash-{datetime.now():%Y%m%d-%H%M%S-%f}.txt"
        path.write_text(text, "utf-8")
        return path
    except OSError:
        log.exception("could not write the crash log")
        return None


class _CrashDialogs(QObject):
    """Brings reports from any thread to the main thread, one dialog at a time."""

    report = Signal(str, str)

    def __init__(self) -> None:
        super().__init__()
        self.report.connect(self._show, Qt.ConnectionType.QueuedConnection)
        self._showing = False

    def _show(self, summary: str, details: str) -> None:
        if self._showing:
            return
        self._showing = True
        try:
            box = QMessageBox(QApplication.activeWindow())
            box.setIcon(QMessageBox.Icon.Critical)
            box.setWindowTitle(_("Unexpected error"))
            box.setText(_("PartnerDesk ran into an unexpected error. Your saved records are safe."))
            box.setInformativeText(summary)
            box.setDetailedText(details)
            box.setStandardButtons(QMessageBox.StandardButton.Ok)
            box.exec()
        finally:
            self._showing = False


_dialogs: _CrashDialogs | None = None


def _handle(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        QTimer.singleShot(0, QApplication.quit)
        return
    if isinstance(exc, PartnerDeskError) and _dialogs is not None:
        # A user or environment problem that a slot did not catch: still only a message.
        QTimer.singleShot(0, lambda: show_problem(QApplication.activeWindow(), exc))
        return
    log.critical("unexpected error", exc_info=(exc_type, exc, tb))
    path = write_crash_log(exc_type, exc, tb)
    details = "".join(traceback.format_exception(exc_type, exc, tb))
    summary = f"{exc_type.__name__}: {exc}"
    if path is not None:
        summary += "\n\n" + _("The details were saved in {path}.").format(path=path)
    if _dialogs is not None:
        _dialogs.report.emit(summary, details)


def install_exception_hook() -> None:
    """Route uncaught exceptions (main and worker threads) to the crash log and dialog."""
    global _dialogs
    _dialogs = _CrashDialogs()
    sys.excepthook = _handle

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            _handle(args.exc_type, args.exc_value, args.exc_traceback)

    threading.excepthook = thread_hook


def uninstall_exception_hook() -> None:
    global _dialogs
    sys.excepthook = sys.__excepthook__
    threading.excepthook = threading.__excepthook__
    _dialogs = None
