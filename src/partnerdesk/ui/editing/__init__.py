"""Editing records in the desktop window: detail forms, new/duplicate/delete, undo, conflicts.

``install(window)`` (listed in ``ui.extensions.UI_EXTENSIONS``) puts the editor panel beside
the registers and hands the window an ``EditController``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject

from partnerdesk.i18n import _
from partnerdesk.ui.editing.colleague_bar import on_colleague_changes
from partnerdesk.ui.editing.controller import EditController
from partnerdesk.ui.editing.editor_panel import RecordEditorPanel

__all__ = ["EditController", "RecordEditorPanel", "install"]


class _CloseGuard(QObject):
    """Asks about unsaved changes in the form before the window closes."""

    def __init__(self, panel: RecordEditorPanel) -> None:
        super().__init__(panel)
        self.panel = panel

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Close and not self.panel.maybe_leave():
            event.ignore()
            return True
        return False


def install(window: Any) -> EditController:
    panel = RecordEditorPanel(window.db, window.undo_stack, notify=window.records_changed.emit, parent=window)
    controller = EditController(panel, window)
    window.set_editor_panel(panel)
    window.set_edit_controller(controller)

    def on_selection(kind: str, ids: list[str]) -> None:
        if len(ids) == 1:
            if not controller.edit(kind, ids[0]) and panel.kind and panel.record_id:
                # The user chose to keep editing: select the record that is still in the form.
                window.open_record(panel.kind, panel.record_id)
        elif not panel.is_dirty():
            panel.show_nothing(_("{count} records selected.").format(count=len(ids)) if ids else None)

    def on_database_changed(*_args: object) -> None:
        if window.db is not panel.db:
            panel.set_database(window.db)
        else:
            panel.on_records_changed(None)

    def back_to_selection() -> None:
        # Esc on a new record used to leave an empty form beside a selected row and its
        # relationships, as if nothing were selected.
        ids = window.selected_ids()
        if len(ids) == 1:
            controller.edit(window.current_register(), ids[0])

    window.selection_changed.connect(on_selection)
    panel.new_discarded.connect(back_to_selection)
    panel.created.connect(window.open_record)
    window.records_changed.connect(panel.on_records_changed)
    window.database_changed.connect(on_database_changed)
    # F5 or the focus regained after another window or program wrote: a clean form shows the
    # stored record (an edit being typed stays; saving it then asks about the conflict).
    window.refreshed.connect(lambda: panel.on_records_changed(None))
    # Colleagues' saves shown without F5 (live refresh): a clean form follows, an edit stays with a bar.
    if hasattr(window, "colleague_changes"):
        window.colleague_changes.connect(lambda entries: on_colleague_changes(panel, panel.colleague_bar, entries))
    window.installEventFilter(_CloseGuard(panel))
    _give_the_form_room(window)
    return controller


def _give_the_form_room(window: Any) -> None:
    """First start (no remembered layout): the form gets most of the side column and about 40 % of the width
    (enough for a follow-up task, its date and "erledigt" side by side)."""
    settings = getattr(window, "settings", None)
    side, main = getattr(window, "side", None), getattr(window, "splitter", None)
    if settings is None or side is None or main is None:
        return
    # A narrow window (``window.narrow``) has the form below the table and remembers its
    # splitters under keys of their own; there the window's own shares stay.
    key = getattr(window, "splitter_state_key", lambda name: f"window/{name}")
    if settings.state_bytes(key("side_splitter")) is None:
        side.setStretchFactor(0, 3)
        side.setStretchFactor(1, 1)
        # Narrow, the form and the relationships stand side by side: the list needs a third.
        side.setSizes([650, 350] if getattr(window, "narrow", False) else [750, 250])
    if settings.state_bytes(key("main_splitter")) is None and not getattr(window, "narrow", False):
        main.setSizes([580, 420])
