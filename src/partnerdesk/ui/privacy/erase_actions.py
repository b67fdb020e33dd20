"""*Datenschutz → Löschen mit Nachweis…* in the window (the menu is shared with the other privacy work)."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QAction

from partnerdesk.i18n import _
from partnerdesk.ui.privacy.actions import selected_contact


def install(window: Any) -> None:
    menu = window.menu("privacy")
    action = QAction(_("&Erase with proof…"), window)
    action.setObjectName("action_privacy_erase")
    action.triggered.connect(lambda _checked=False: _open(window))
    menu.addAction(action)
    window.mark_writing(action)
    menu.menuAction().setVisible(True)


def _open(window: Any) -> None:
    from partnerdesk.ui.privacy.erase_dialog import erase_with_proof

    erase_with_proof(window, selected_contact(window))
