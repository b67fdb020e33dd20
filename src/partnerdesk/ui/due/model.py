"""The table model of the "Anstehend" tab: one row per ``DueItem``, overdue rows in red."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from partnerdesk.domain.due import DueItem
from partnerdesk.i18n import _
from partnerdesk.services.due import overdue_text

#: The item of a row (``DueItem``), for the panel.
ITEM_ROLE = Qt.ItemDataRole.UserRole + 1
OVERDUE_COLOUR = QColor(176, 0, 32)

COLUMNS = (
    ("due_on", lambda: _("Due on")),
    ("state", lambda: _("Status")),
    ("source", lambda: _("What")),
    ("text", lambda: _("Text")),
    ("record", lambda: _("Record")),
    ("responsible", lambda: _("Responsible")),
)

_Index = QModelIndex | QPersistentModelIndex


class DueModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.items: list[DueItem] = []
        self.today = date.today()
        self.names: dict[str, str] = {}

    def set_items(self, items: list[DueItem], today: date, names: dict[str, str]) -> None:
        self.beginResetModel()
        self.items, self.today, self.names = list(items), today, dict(names)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt's signature
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt's signature
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(COLUMNS):
            return COLUMNS[section][1]()
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.items) or not 0 <= index.column() < len(COLUMNS):
            return None
        item = self.items[index.row()]
        column = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(item, column)
        if role == Qt.ItemDataRole.ForegroundRole and item.is_overdue(self.today):
            return OVERDUE_COLOUR
        if role == Qt.ItemDataRole.ToolTipRole and column == "record":
            return f"{item.record_title}\n{_('Enter or double-click opens the record')}"
        if role == Qt.ItemDataRole.ToolTipRole and column in ("text", "source"):
            return self._text(item, column)  # the whole text where the column cuts it
        if role == ITEM_ROLE:
            return item
        return None

    def _text(self, item: DueItem, column: str) -> str:
        if column == "due_on":
            return f"{item.due_on:%d.%m.%Y}"
        if column == "state":
            return overdue_text(item, self.today)
        if column == "source":
            return item.source.label
        if column == "text":
            return item.text
        if column == "record":
            return item.record_title
        return self.names.get(item.responsible_id or "", "")
