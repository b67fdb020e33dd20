"""The window's action programme (issue 24): *Dokumente → Handlungsprogramm…* opens
``ProgrammeDialog`` for the partnership selected in the register."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox

from partnerdesk.i18n import _


def install(window: Any) -> None:
    action = QAction(_("Action &programme…"), window)
    action.setObjectName("action_programme")
    action.setStatusTip(_("The joint action programme of the selected partnership: fields of action, goals, measures, indicators"))
    action.triggered.connect(lambda _checked=False: open_programme(window))
    window.menu("documents").addAction(action)
    window.programme_action = action


def open_programme(window: Any, *, show: bool = True) -> Any:
    """The dialog for the one selected partnership (shown unless ``show`` is false), or ``None``."""
    from partnerdesk.ui.programme.dialog import ProgrammeDialog

    if window.current_register() != "partnerships" or len(window.selected_ids()) != 1:
        QMessageBox.information(window, _("Action programme"), _("Please select one partnership in the register “Partnerships”."))
        return None
    dialog = ProgrammeDialog(window.db, window.selected_ids()[0], window)
    if show:
        dialog.show()
    window.programme_dialog = dialog
    return dialog
