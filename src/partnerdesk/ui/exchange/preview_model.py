"""The import preview as a table: every row with its action, every problem marked in its cell."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from partnerdesk.exchange.table_import import ImportPreview, PreviewRow
from partnerdesk.exchange.table_values import text_of
from partnerdesk.i18n import _

ERROR_BACKGROUND = QColor("#f8d7da")
NOTE_BACKGROUND = QColor("#fff3cd")
Index = QModelIndex | QPersistentModelIndex


def action_label(action: str) -> str:
    return {
        "create": _("new"),
        "update": _("update"),
        "unchanged": _("unchanged"),
        "error": _("error"),
    }[action]


class PreviewModel(QAbstractTableModel):
    """Columns: row number, action, then the table's mapped columns."""

    def __init__(self, preview: ImportPreview, parent: Any = None) -> None:
        super().__init__(parent)
        self.preview = preview
        self.columns = [i for i, key in enumerate(preview.mapping) if key]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else len(self.preview.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else 2 + len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if section == 0:
            return _("Row")
        if section == 1:
            return _("Action")
        return self.preview.headers[self.columns[section - 2]]

    def _problems(self, row: PreviewRow, column: int) -> list[Any]:
        if column == 1:
            return [p for p in row.problems if p.column is None or p.column not in self.columns]
        if column >= 2:
            return [p for p in row.problems if p.column == self.columns[column - 2]]
        return []

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.preview.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return str(row.number)
            if column == 1:
                return action_label(row.action)
            return text_of(row.values[self.columns[column - 2]]).replace("\n", " ⏎ ")
        problems = self._problems(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and problems:
            return "\n".join(p.message for p in problems)
        if role == Qt.ItemDataRole.BackgroundRole and problems:
            severe = any(p.severity == "error" for p in problems)
            return QBrush(ERROR_BACKGROUND if severe else NOTE_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole and problems:
            return QBrush(QColor("#000000"))
        if role == Qt.ItemDataRole.AccessibleDescriptionRole and problems:
            return "; ".join(p.message for p in problems)
        return None
