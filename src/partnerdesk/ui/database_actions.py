"""The "Datei" menu's work: new and open database, recent files, backups; plus "Hilfe"."""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox

from partnerdesk import APP_NAME, __version__, paths
from partnerdesk.domain.errors import DatabaseFileError, UnsafeLocationError
from partnerdesk.i18n import _
from partnerdesk.persistence import backup
from partnerdesk.persistence.backup import backup_database, timestamped_name
from partnerdesk.persistence.database import Database, create_database, open_database
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
        window.switch_database(create_database(path))


def open_database_dialog(window: MainWindow) -> None:
    from partnerdesk.ui.travel.actions import FILTER as TRAVEL_FILTER

    chosen = open_file_name(window, "database", _("Open database"), f"{_filter()};;{TRAVEL_FILTER}")
    if chosen is not None:
        open_path(window, chosen)


def open_path(window: MainWindow, path: Path) -> bool:
    """Open ``path`` in the window; on a problem say so and keep the current database."""
    if path.resolve() == window.db.path.resolve():
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
    return open_database(path)


def fill_recent_menu(window: MainWindow) -> None:
    menu = window.recent_menu
    menu.clear()
    current = str(window.db.path.resolve())
    files = [f for f in window.settings.recent_files() if f != current]
    if not files:
        menu.addAction(_("(none)")).setEnabled(False)
        return
    for number, name in enumerate(files, start=1):
        action = menu.addAction(f"&{number} {Path(name).name}")
        action.setToolTip(name)
        action.setStatusTip(name)
        action.triggered.connect(lambda _checked=False, n=name: _open_recent(window, n))


def _open_recent(window: MainWindow, name: str) -> None:
    path = Path(name)
    if not path.exists():
        window.settings.remove_recent_file(name)
        QMessageBox.warning(window, APP_NAME, _("The file {name} does not exist (any more).").format(name=path))
        return
    open_path(window, path)


def create_backup(window: MainWindow) -> None:
    database = window.db.path
    suggestion = paths.backups_dir(database) / timestamped_name(database, "backup")
    name, _selected = QFileDialog.getSaveFileName(window, _("Create backup"), str(suggestion), _filter())
    if not name:
        return
    target = Path(name)
    if target.resolve() == database.resolve():
        QMessageBox.warning(window, APP_NAME, _("A backup cannot overwrite the open database."))
        return
    with user_errors(window):
        run_with_progress(window, _("Creating backup…"), _backup, database, target, window.db.cipher)
        window.statusBar().showMessage(_("Backup written to {path}").format(path=target), 10_000)


def _backup(source: Path, target: Path, cipher: object = None, *, progress: object = None) -> Path:
    if cipher is not None:  # a travel copy: an equally encrypted copy through SQLCipher
        from partnerdesk.persistence import encrypted

        return encrypted.backup_to(source, target, cipher)  # type: ignore[arg-type]
    return backup_database(source, target)


def show_about(window: MainWindow) -> None:
    QMessageBox.about(
        window,
        _("About PartnerDesk"),
        _("PartnerDesk {version}\n\nRegisters of the city's partnerships, projects and SDGs.\n\nDatabase: {path}").format(
            version=__version__, path=window.db.path
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
    if getattr(window.db, "cipher", None) is not None:
        return _nothing_to_do()  # a travel copy: SQLCipher checks every page itself; no office backups
    from partnerdesk.persistence.database import check_pages

    reporter = _PageCheck(window)
    reporter.found.connect(lambda problem: show_problem(window, problem), Qt.ConnectionType.QueuedConnection)
    path = window.db.path

    def work() -> None:
        problem = check_pages(path)
        if problem is not None:
            log.error("page check of %s failed: %s", path, problem)
            try:
                reporter.found.emit(problem)
            except RuntimeError:  # the window was closed meanwhile
                pass

    thread = threading.Thread(target=work, name="page check", daemon=True)
    thread.start()
    return thread


def automatic_backup_in_background(window: MainWindow) -> threading.Thread:
    """Today's automatic backup (see ``persistence/auto_backup.py``) without holding up the window."""
    if getattr(window.db, "cipher", None) is not None:
        return _nothing_to_do()  # a travel copy: SQLCipher checks every page itself; no office backups
    from partnerdesk.persistence.auto_backup import automatic_backup

    # PARTNERDESK_BACKUP_KEEP overrides the setting, as when the database is opened.
    override = os.environ.get(backup.KEEP_ENV) is not None
    path = window.db.path
    keep = backup.backup_keep_count() if override else int(window.settings.get("backups_to_keep"))

    def work() -> None:
        try:
            automatic_backup(path, keep)
        except Exception:  # a failed automatic backup must not disturb the work
            log.warning("automatic backup of %s failed", path, exc_info=True)

    thread = threading.Thread(target=work, name="automatic backup", daemon=True)
    thread.start()
    return thread
