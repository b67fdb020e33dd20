"""Attachments in the window: the "Anhänge" tab beside "Beziehungen" and "Verlauf" for the
selected record (add by button or by dropping files, open with the system's program, save as,
rename, remove; each change one step on the window's undo stack)."""

from __future__ import annotations

from typing import Any

from partnerdesk.i18n import _
from partnerdesk.ui.attachments.panel import AttachmentsPanel
from partnerdesk.ui.errors import user_errors


def install(window: Any) -> AttachmentsPanel:
    panel = AttachmentsPanel(window)
    index = window.add_side_tab(panel, _("Attachments"))

    def on_selection(kind: str, ids: list[str]) -> None:
        with user_errors(window):
            panel.show_record(kind, ids[0] if len(ids) == 1 else None)

    def on_database_changed() -> None:
        panel.show_record(None, None)
        on_selection(window.current_register(), window.selected_ids())

    def refresh(*_args: object) -> None:
        with user_errors(window):
            panel.reload()

    def on_colleague_changes(entries: list[Any]) -> None:  # a colleague attached or removed a file here
        if any((e.kind, e.record_id) == (panel.kind, panel.record_id) for e in entries):
            refresh()

    if hasattr(window, "colleague_changes"):
        window.colleague_changes.connect(on_colleague_changes)
    window.selection_changed.connect(on_selection)
    window.records_changed.connect(refresh)
    window.refreshed.connect(refresh)
    window.database_changed.connect(on_database_changed)
    window.side_tabs.currentChanged.connect(lambda current: panel.set_active(current == index))
    on_selection(window.current_register(), window.selected_ids())
    window.attachments_panel = panel
    return panel
