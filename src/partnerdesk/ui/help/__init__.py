"""The user guide inside the program: *Hilfe → Handbuch* and F1 for the register or dialog in front.

F1 in the main window opens the page of the current register; in a dialog, the dialog's page
(``pages.DIALOG_PAGES`` by class name, or the dialog's ``help_page`` property). Dialogs get
their F1 key when they first take the focus (``QGuiApplication.focusWindowChanged``), so no
dialog needs to know about the guide and no filter sees every event.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QShortcut, QWindow
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from partnerdesk.i18n import _
from partnerdesk.ui.help import pages
from partnerdesk.ui.icons import icon

if TYPE_CHECKING:
    from partnerdesk.ui.help.browser import HelpWindow

_HAS_F1 = "partnerdesk_help_key"


def open_help(page: str, parent: QWidget | None) -> HelpWindow:
    """Show ``page`` in the guide window belonging to ``parent`` (made once, then raised)."""
    from partnerdesk.ui.help.browser import HelpWindow  # the window's start does not pay for the guide

    window = (parent.findChild(HelpWindow, "help_window", Qt.FindChildOption.FindDirectChildrenOnly)
              if parent is not None else None)
    if window is None:
        window = HelpWindow(parent)
    window.show_page(page)
    window.show()
    window.raise_()
    window.activateWindow()
    return window


def page_for(widget: QWidget, main_window: Any) -> str:
    if widget is main_window:
        window = cast(Any, widget)
        tab = window.tabs.currentWidget()
        return pages.page_for_tab(tab.objectName() if tab is not None else "", str(window.current_register()))
    return pages.page_for_dialog(type(widget).__name__, widget.property("help_page"))


class _DialogKeys(QObject):
    """Gives each dialog an F1 key the first time it takes the focus (a child of the main window:
    its connection to the application ends with the window)."""

    def __init__(self, main_window: Any) -> None:
        super().__init__(main_window)
        self.main_window = main_window
        app = QApplication.instance()
        if isinstance(app, QGuiApplication):
            app.focusWindowChanged.connect(self.focus_moved)

    def focus_moved(self, window: QWindow | None) -> None:
        if window is None:
            return
        for widget in QApplication.topLevelWidgets():
            if widget.windowHandle() is window:
                self.add_key(widget)
                return

    def add_key(self, widget: QWidget) -> None:
        if not isinstance(widget, QDialog) or widget.property(_HAS_F1):
            return  # a main window has its own F1 (two on one window would cancel each other)
        widget.setProperty(_HAS_F1, True)
        key = QShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents), widget)
        key.activated.connect(lambda: open_help(page_for(widget, self.main_window), widget))


def install(window: Any) -> QAction:
    """*Hilfe → Handbuch* (the contents) and F1 (the page of the register in front)."""
    action = QAction(icon("help"), _("&Manual"), window)
    action.setObjectName("action_manual")
    action.triggered.connect(lambda: open_help(pages.HOME, window))
    menu = window.menu("help")
    first = menu.actions()[0] if menu.actions() else None
    menu.insertAction(first, action)
    if first is not None:
        menu.insertSeparator(first)
    f1 = QShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents), window)
    f1.setObjectName("help_key")
    f1.activated.connect(lambda: open_help(page_for(window, window), window))
    window.help_keys = _DialogKeys(window)
    return action
