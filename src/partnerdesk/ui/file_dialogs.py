"""File dialogs that start where the user keeps files, with a German default name.

Qt's dialogs start in the program's working directory when given a bare name, and the program
used to offer its own hidden data folder: neither is where a user looks for an export. A dialog
here starts in the folder the user chose last time for the same kind of file ("export",
"calendar", "pdf", …; remembered in ``state.ini`` under ``folders/<kind>``), else in the
user's documents folder (``QStandardPaths``); never in the data folder.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from partnerdesk import paths
from partnerdesk.ui.settings import Settings


def documents_folder() -> Path:
    """The user's documents folder (Windows: "Dokumente"), the home folder if there is none."""
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(location) if location else Path.home()
    return folder if folder.is_dir() else Path.home()


def _settings_of(parent: QWidget | None) -> Settings:
    """The main window's settings (a dialog's or wizard page's parents lead there)."""
    widget = parent
    while widget is not None:
        settings = getattr(widget, "settings", None)
        if isinstance(settings, Settings):
            return settings
        widget = widget.parentWidget()
    return Settings()


def _inside_data_folder(folder: Path) -> bool:
    try:
        data = paths.data_dir().resolve()
        return folder.resolve() == data or data in folder.resolve().parents
    except OSError:
        return False


def start_folder(parent: QWidget | None, kind: str) -> Path:
    """Where a dialog for ``kind`` of file starts: last time's folder, else the documents folder."""
    last = _settings_of(parent).state_value(f"folders/{kind}")
    if last:
        folder = Path(str(last))
        if folder.is_dir() and not _inside_data_folder(folder):
            return folder
    return documents_folder()


def remember_folder(parent: QWidget | None, kind: str, chosen: Path) -> None:
    settings = _settings_of(parent)
    settings.set_state(f"folders/{kind}", str(chosen.parent))
    settings.sync()


def save_file_name(parent: QWidget | None, kind: str, title: str, name: str, filters: str) -> Path | None:
    """Ask where to save ``name`` (a default file name); ``None`` if the user cancelled."""
    chosen, _filter = QFileDialog.getSaveFileName(parent, title, str(start_folder(parent, kind) / name), filters)
    if not chosen:
        return None
    path = Path(chosen)
    remember_folder(parent, kind, path)
    return path


def open_file_name(parent: QWidget | None, kind: str, title: str, filters: str, current: str = "") -> Path | None:
    """Ask for a file to open (``current``: a path already typed in, the dialog starts there)."""
    start = current if current and Path(current).parent.is_dir() else str(start_folder(parent, kind))
    chosen, _filter = QFileDialog.getOpenFileName(parent, title, start, filters)
    if not chosen:
        return None
    path = Path(chosen)
    remember_folder(parent, kind, path)
    return path
