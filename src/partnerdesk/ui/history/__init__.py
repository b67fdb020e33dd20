"""The history in the window: the "Verlauf" tab beside "Beziehungen" for the selected record,
and *Bearbeiten → Verlauf der Datenbank…* (search, open, restore a deleted record)."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QAction

from partnerdesk.i18n import _
from partnerdesk.ui.errors import user_errors
from partnerdesk.ui.history.panel import HistoryPanel


def install(window: Any) -> HistoryPanel:
    panel = HistoryPanel(window.db, window)
    index = window.add_side_tab(panel, _("History"))
    tabs = window.side_tabs

    def on_tab(current: int) -> None:
        window.settings.set_state("window/side_tab", "history" if current == index else "relations")
        with user_errors(window):
            panel.set_active(current == index)

    def on_selection(kind: str, ids: list[str]) -> None:
        with user_errors(window):
            panel.show_record(kind, ids[0] if len(ids) == 1 else None)

    def on_database_changed() -> None:
        panel.db = window.db
        panel.show_record(None, None)
        on_selection(window.current_register(), window.selected_ids())

    def refresh(*_args: object) -> None:
        with user_errors(window):
            panel.refresh()

    tabs.currentChanged.connect(on_tab)
    window.selection_changed.connect(on_selection)
    window.records_changed.connect(refresh)
    window.refreshed.connect(refresh)
    window.database_changed.connect(on_database_changed)
    on_selection(window.current_register(), window.selected_ids())
    if window.settings.state_value("window/side_tab") == "history":  # as the user left it
        tabs.setCurrentIndex(index)

    action = QAction(_("Database &history…"), window)
    action.setObjectName("action_database_history")
    action.triggered.connect(lambda _checked=False: show_database_history(window))
    edit = window.menu("edit")
    edit.addSeparator()
    edit.addAction(action)
    window.history_panel = panel
    return panel


def show_database_history(window: Any) -> Any:
    from partnerdesk.ui.history.dialog import DatabaseHistoryDialog

    dialog = DatabaseHistoryDialog(window)
    dialog.show()
    dialog.search()
    return dialog
