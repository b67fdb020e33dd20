"""Icons of the main actions: Qt's standard icons (they scale with the display and follow the style)."""

from __future__ import annotations

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle

SP = QStyle.StandardPixmap

_ICONS = {
    "new_database": SP.SP_FileDialogNewFolder,
    "open_database": SP.SP_DialogOpenButton,
    "backup": SP.SP_DialogSaveButton,
    "quit": SP.SP_DialogCloseButton,
    "undo": SP.SP_ArrowBack,
    "redo": SP.SP_ArrowForward,
    "new": SP.SP_FileIcon,
    "duplicate": SP.SP_FileLinkIcon,
    "delete": SP.SP_TrashIcon,
    "edit": SP.SP_FileDialogDetailedView,
    "refresh": SP.SP_BrowserReload,
    "settings": SP.SP_FileDialogListView,
    "help": SP.SP_DialogHelpButton,
    "about": SP.SP_MessageBoxInformation,
    "partnerships": SP.SP_DirLinkIcon,
    "projects": SP.SP_DirIcon,
    "organisations": SP.SP_ComputerIcon,
    "contacts": SP.SP_FileDialogInfoView,
    "activities": SP.SP_FileDialogContentsView,
    "decisions": SP.SP_FileDialogEnd,
    "programmes": SP.SP_DirLinkIcon,
    "grants": SP.SP_DialogApplyButton,
}


def icon(name: str) -> QIcon:
    """The icon for an action name (an empty icon for unknown names)."""
    pixmap = _ICONS.get(name)
    if pixmap is None:
        return QIcon()
    return QApplication.style().standardIcon(pixmap)
