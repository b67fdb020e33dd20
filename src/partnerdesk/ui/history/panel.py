"""The Verlauf tab: who changed the selected record when, field by field, newest first.

It reads only while it is the shown tab (a selection in another tab costs nothing) and again
when the record is saved (``records_changed``) or the window refreshes. On a server the read
runs off the GUI thread (``background.call``).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from partnerdesk.i18n import _, ngettext
from partnerdesk.services.workspace import Database
from partnerdesk.ui import background
from partnerdesk.ui.history import loading
from partnerdesk.ui.models.history_model import RECORD_COLUMNS, HistoryTableModel

log = logging.getLogger(__name__)

#: What the narrow columns must show in full; "before" and "after" share the rest.
#: The side is narrow: the long ones ("wiederhergestellt") are elided, whole in the tooltip.
_SAMPLES = {"when": "00.00.0000 00:00", "who": "mmuster", "what": "geändert", "field": "Partnerschaft"}


class HistoryPanel(QWidget):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("history_panel")
        self.db = db
        self._shown: tuple[str, str] | None = None
        self._loaded: tuple[str, str] | None = None
        self.active = False
        self.note = QLabel(self)
        self.note.setObjectName("history_note")
        self.note.setWordWrap(True)
        self.model = HistoryTableModel(RECORD_COLUMNS, self)
        self.table = QTableView(self)
        self.table.setObjectName("history_table")
        self.table.setAccessibleName(_("History of the selected record"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        metrics = self.table.fontMetrics()
        for column, key in enumerate(RECORD_COLUMNS):
            if key in _SAMPLES:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
                self.table.setColumnWidth(column, metrics.horizontalAdvance(_SAMPLES[key]) + metrics.height() // 2 + 4)
            else:  # before, after: the rest of the width, half each (the full text in the tooltip)
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.note)
        layout.addWidget(self.table)
        self.show_record(None, None)

    def show_record(self, kind: str | None, record_id: str | None) -> None:
        """Show this record's history (when the tab is shown; until then it is only noted)."""
        self._shown = (kind, record_id) if kind and record_id else None
        if self._shown is None:
            self._loaded = None
            self.model.set_entries([])
            self.note.setText(_("Select a record to see who changed what and when."))
            return
        if self.active and self._loaded != self._shown:
            self.reload()

    def set_active(self, active: bool) -> None:
        """The tab became visible (load what is selected) or hidden."""
        self.active = active
        if active and self._shown is not None and self._loaded != self._shown:
            self.reload()

    def refresh(self) -> None:
        """Read again (the record was saved, the window refreshed); later if the tab is hidden."""
        self._loaded = None
        if self.active and self._shown is not None:
            self.reload()

    def reload(self) -> None:
        if self._shown is None:
            return
        kind, record_id = self._shown
        loaded = background.call(self.db, loading.for_record, self.db, kind, record_id)
        self._loaded = self._shown
        self.model.set_entries(loaded.entries, loaded.names)
        count = len(loaded.entries)
        self.note.setText(
            ngettext("{count} change recorded, newest first.", "{count} changes recorded, newest first.", count).format(count=count)
            if count else _("No changes recorded for this record.")
        )
