"""The "Datei" menu's work: new and open database, connect to the office database on a server,
recent databases, backups; plus "Hilfe". What to open is chosen here; opening is
``services.workspace``'s."""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox

from partnerdesk import APP_NAME, __version__, paths
from partnerdesk.domain.errors import DatabaseFileError, PartnerDeskError, UnsafeLocationError
from partnerdesk.i18n import _
from partnerdesk.services import workspace
from partnerdesk.services.workspace import Database, Questions, Source
from partnerdesk.ui import safe_place
from partnerdesk.ui.errors import show_problem, user_errors
from partnerdesk.ui.file_dialogs import open_file_name, save_file_name
from partnerdesk.ui.tasks import run_with_progress

if TYPE_CHECKING:
    from partnerdesk.ui.main_window import MainWindow

log = logging.getLogger(__name__)

def _filter() -> str:
    return _("PartnerDesk databases (*.sqlite *.db);;All files (*)")


def _may_leave(window: MainWindow) -> bool:
    """Unsaved changes in the editor are saved or discarded first (the editor asks)."""
    maybe_leave = getattr(window.edit_controller, "maybe_leave", None)
    return bool(maybe_leave()) if maybe_leave is not None else True


def new_database(window: MainWindow) -> None:
    if not _may_leave(window):
        return
    chosen = save_file_name(window, "database", _("New database"), "partnerdesk-neu.sqlite", _filter())
    if chosen is None:
        return
    path = chosen
    if path.exists():
        QMessageBox.warning(window, APP_NAME, _("{name} exists already; choose another name.").format(name=path))
        return
    with user_errors(window):
        window.switch_database(workspace.create_file(path))


def open_database_dialog(window: MainWindow) -> None:
    from partnerdesk.ui.travel.actions import FILTER as TRAVEL_FILTER

    chosen = open_file_name(window, "database", _("Open database"), f"{_filter()};;{TRAVEL_FILTER}")
    if chosen is not None:
        open_path(window, chosen)


def open_path(window: MainWindow, path: Path) -> bool:
    """Open ``path`` in the window; on a problem say so and keep the current database."""
    current = workspace.source_of(window.db)
    if not current.is_server and path.resolve() == current.path.resolve():
        return True
    if not _may_leave(window):
        return False
    try:
        if path.suffix.lower() == ".pdtravel":  # a travel copy: asks for its passphrase
            from partnerdesk.ui.travel.actions import open_travel_interactive

            db = open_travel_interactive(window, path)
            if db is None:
                return False
        else:
            db = run_with_progress(window, _("Opening {name}…").format(name=path.name), _open, path)
    except UnsafeLocationError as exc:  # network share, synced folder: offer a local copy
        db = safe_place.offer_local_copy(window, path, exc)
        if db is None:
            return False
    except DatabaseFileError as exc:
        show_problem(window, exc)
        return False
    window.switch_database(db)
    return True


def _open(path: Path, *, progress: object = None) -> Database:
    return workspace.open_source(Source.file(path))


def connect_server_dialog(window: MainWindow) -> bool:
    """Datei → Bürodatenbank verbinden…: ask for the service name or address, then connect."""
    from partnerdesk.ui.server_dialogs import ConnectDialog

    current = workspace.source_of(window.db)
    dialog = ConnectDialog(window, current.where if current.is_server else str(window.settings.get("default_server")))
    if dialog.exec() != ConnectDialog.DialogCode.Accepted or not dialog.text():
        return False
    try:
        source = Source.server(dialog.text())
    except PartnerDeskError as exc:
        show_problem(window, exc)
        return False
    return open_server(window, source)


def open_server(window: MainWindow, source: Source) -> bool:
    """Connect the window to the office database ``source``; on a problem say what to do and keep
    the current database. A password is asked for only when the server wants one."""
    from PySide6.QtWidgets import QApplication

    from partnerdesk.ui.server_dialogs import ask_password

    if not _may_leave(window):
        return False
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        db = workspace.open_source(source, Questions(password=_restoring_cursor(ask_password(window))))
    except PartnerDeskError as exc:
        QApplication.restoreOverrideCursor()
        show_problem(window, exc)
        return False
    QApplication.restoreOverrideCursor()
    window.switch_database(db)
    return True


def _restoring_cursor(ask: workspace.AskPassword) -> workspace.AskPassword:
    """The password dialog with the ordinary cursor (the wait cursor is back after it)."""
    from PySide6.QtWidgets import QApplication

    def asking(where: str, user: str, problem: str) -> workspace.Login | None:
        QApplication.restoreOverrideCursor()
        try:
            return ask(where, user, problem)
        finally:
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)

    return asking


def fill_recent_menu(window: MainWindow) -> None:
    """Files and office databases on servers, the last opened first (the open one left out)."""
    menu = window.recent_menu
    menu.clear()
    current = workspace.source_of(window.db).recent_key()
    files = [f for f in window.settings.recent_files() if f != current]
    if not files:
        menu.addAction(_("(none)")).setEnabled(False)
        return
    for number, name in enumerate(files, start=1):
        source = Source.from_recent(name)
        action = menu.addAction(f"&{number} {source.label()}")
        action.setToolTip(source.where)
        action.setStatusTip(source.where)
        action.triggered.connect(lambda _checked=False, n=name: _open_recent(window, n))


def _open_recent(window: MainWindow, name: str) -> None:
    source = Source.from_recent(name)
    if source.is_server:
        with user_errors(window):
            open_server(window, source)
        return
    path = source.path
    if not path.exists():
        window.settings.remove_recent_file(name)
        QMessageBox.warning(window, APP_NAME, _("The file {name} does not exist (any more).").format(name=path))
        return
    open_path(window, path)


def create_backup(window: MainWindow) -> None:
    source = workspace.source_of(window.db)
    if source.is_server:  # the server's own tools: say which command
        with user_errors(window):
            workspace.refuse_backup_on_server(source, "partnerdesk.dump")
        return
    suggestion = workspace.suggested_backup(window.db)
    name, _selected = QFileDialog.getSaveFileName(window, _("Create backup"), str(suggestion), _filter())
    if not name:
        return
    target = Path(name)
    if target.resolve() == source.path.resolve():
        QMessageBox.warning(window, APP_NAME, _("A backup cannot overwrite the open database."))
        return
    with user_errors(window):
        run_with_progress(window, _("Creating backup…"), _backup, window.db, target)
        window.statusBar().showMessage(_("Backup written to {path}").format(path=target), 10_000)


def _backup(db: Database, target: Path, *, progress: object = None) -> Path:
    return workspace.backup(db, target)  # a travel copy's copy is equally encrypted


def show_about(window: MainWindow) -> None:
    QMessageBox.about(
        window,
        _("About PartnerDesk"),
        _("PartnerDesk {version}\n\nRegisters of the city's partnerships, projects and SDGs.\n\nDatabase: {path}").format(
            version=__version__, path=workspace.full_name(window.db)
        ),
    )


def open_log_folder(window: MainWindow) -> None:
    folder = paths.log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


class _PageCheck(QObject):
    found = Signal(object)


def _nothing_to_do() -> threading.Thread:
    thread = threading.Thread(target=lambda: None, daemon=True)
    thread.start()
    return thread


def check_pages_in_background(window: MainWindow) -> threading.Thread:
    """Run SQLite's page check of the open file in a worker; a damaged file is reported, not waited for."""
    check = workspace.page_check(window.db)
    if check is None:
        return _nothing_to_do()  # a travel copy (SQLCipher checks every page itself) or a server
    reporter = _PageCheck(window)
    reporter.found.connect(lambda problem: show_problem(window, problem), Qt.ConnectionType.QueuedConnection)
    name = workspace.full_name(window.db)

    def work() -> None:
        problem = check()
        if problem is not None:
            log.error("page check of %s failed: %s", name, problem)
            try:
                reporter.found.emit(problem)
            except RuntimeError:  # the window was closed meanwhile
                pass

    thread = threading.Thread(target=work, name="page check", daemon=True)
    thread.start()
    return thread


def automatic_backup_in_background(window: MainWindow) -> threading.Thread:
    """Today's automatic backup (see ``persistence/auto_backup.py``) without holding up the window."""
    # PARTNERDESK_BACKUP_KEEP overrides the setting, as when the database is opened.
    make = workspace.daily_backup(window.db, int(window.settings.get("backups_to_keep")))
    if make is None:
        return _nothing_to_do()  # a travel copy (backed up by its check-in) or a server (the IT's backups)
    name = workspace.full_name(window.db)

    def work() -> None:
        try:
            make()
        except Exception:  # a failed automatic backup must not disturb the work
            log.warning("automatic backup of %s failed", name, exc_info=True)

    thread = threading.Thread(target=work, name="automatic backup", daemon=True)
    thread.start()
    return thread
