"""The naming column of a register table takes the spare width, not the last column.

With Qt's "stretch last section" the last column (a date, a status) grew over half the table
while titles were cut off ("Klimapartnersc…"). Here the naming column (title or name) gets
whatever width the other visible columns leave, but never less than its own width: the width
the user gave it by dragging, or the default. The user's widths of all columns are remembered
as before (the header's saved state holds the naming column's own width, not the filled one).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QHeaderView, QTableView


class NameColumnFill(QObject):
    """Keeps ``section`` of ``table`` as wide as the viewport allows, at least its own width."""

    def __init__(self, table: QTableView, section: int = 0) -> None:
        super().__init__(table)
        self.table = table
        self.section = section
        self.header: QHeaderView = table.horizontalHeader()
        self.header.setStretchLastSection(False)
        self.own_width = self.header.sectionSize(section)
        self._adjusting = False
        self.header.sectionResized.connect(self._resized)
        self.header.sectionCountChanged.connect(lambda _old, _new: self.fill())
        table.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Resize:
            self.fill()
        return False

    def _resized(self, logical: int, _old: int, new: int) -> None:
        if self._adjusting:
            return
        if logical == self.section and new > 0:  # 0: being hidden
            self.own_width = new  # the user dragged it (or a layout was applied or restored)
        self.fill()

    def set_own_width(self, width: int) -> None:
        """A new width of its own (default layout, restored state); then fill again."""
        self.own_width = width
        self.fill()

    def spare(self) -> int:
        """The width the other visible columns leave in the viewport."""
        others = sum(
            self.header.sectionSize(i)
            for i in range(self.header.count())
            if i != self.section and not self.header.isSectionHidden(i)
        )
        return self.table.viewport().width() - others

    def fill(self) -> None:
        if self.header.isSectionHidden(self.section):
            self.header.setStretchLastSection(True)  # then the old way: no gap at the right
            return
        self.header.setStretchLastSection(False)
        width = max(self.own_width, self.spare())
        if width != self.header.sectionSize(self.section):
            self._adjusting = True
            try:
                self.header.resizeSection(self.section, width)
            finally:
                self._adjusting = False

    def save_state(self) -> bytes:
        """The header's state with the naming column at its own width (not the filled one)."""
        self._adjusting = True
        try:
            filled = self.header.sectionSize(self.section)
            self.header.resizeSection(self.section, self.own_width)
            state = bytes(self.header.saveState().data())
            self.header.resizeSection(self.section, filled)
        finally:
            self._adjusting = False
        return state
