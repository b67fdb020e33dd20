"""The table model of a register: ordered row ids plus a lazy cache of plain display rows.

Filtering, searching and sorting happen in SQL (``RegisterService.ids``); the model asks
for display values only of the rows a view paints, a block at a time. So a register of
500,000 activities costs one list of ids, and scrolling loads a few hundred rows.
A row that cannot be loaded (deleted meanwhile) is shown greyed out and disabled instead
of raising inside ``data()``.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from partnerdesk.domain import sdg
from partnerdesk.i18n import current_language
from partnerdesk.ui.formatting import format_date, format_money, ui_locale
from partnerdesk.services.registers import ColumnSpec, Money, RegisterQuery, RegisterRow, RegisterService

log = logging.getLogger(__name__)

#: Custom roles, in one place.
ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the record id (str)
VALUE_ROLE = Qt.ItemDataRole.UserRole + 2  # the plain value (date, int, Money, tuple of goals)

BLOCK = 200
CACHE_LIMIT = 5_000

_Index = QModelIndex | QPersistentModelIndex


class RegisterTableModel(QAbstractTableModel):
    """One register's rows. ``set_query`` re-runs the SQL; ``refresh`` reloads keeping nothing stale."""

    def __init__(self, service: RegisterService, parent: Any = None) -> None:
        super().__init__(parent)
        self.service = service
        self.columns: list[ColumnSpec] = service.columns()
        self.query: RegisterQuery = service.default_query()
        self._ids: list[str] = []
        self._cache: dict[str, RegisterRow | None] = {}
        self._locale = ui_locale()
        self.loaded = False

    @property
    def kind(self) -> str:
        return self.service.kind

    # Loading -------------------------------------------------------------------------------

    def set_query(self, query: RegisterQuery) -> None:
        ids = self.service.ids(query)  # before the reset: an error leaves the model as it was
        self.beginResetModel()
        self.query = query
        self._ids = ids
        self._cache.clear()
        self.loaded = True
        self.endResetModel()

    def refresh(self) -> None:
        self.set_query(self.query)

    def ids(self) -> list[str]:
        return list(self._ids)

    def id_at(self, row: int) -> str | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, record_id: str) -> int:
        try:
            return self._ids.index(record_id)
        except ValueError:
            return -1

    def record_row(self, row: int) -> RegisterRow | None:
        """The plain display row at ``row`` (loaded on demand), ``None`` if it is gone."""
        record_id = self.id_at(row)
        if record_id is None:
            return None
        if record_id not in self._cache:
            self._load_block(row)
        return self._cache.get(record_id)

    def _load_block(self, row: int) -> None:
        if len(self._cache) > CACHE_LIMIT:
            self._cache.clear()
        start = max(0, row - row % BLOCK)
        wanted = [i for i in self._ids[start : start + BLOCK] if i not in self._cache]
        try:
            found = {r.id: r for r in self.service.rows(wanted)}
        except Exception:  # noqa: BLE001 - never raise inside data(); show the rows as unavailable
            log.exception("loading rows of %s failed", self.kind)
            found = {}
        for record_id in wanted:
            self._cache[record_id] = found.get(record_id)

    # Qt model interface ------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        column = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.label
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(_alignment(column))
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self.record_row(index.row()) is None:
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids) or not 0 <= index.column() < len(self.columns):
            return None
        column = self.columns[index.column()]
        if role == ID_ROLE:
            return self._ids[index.row()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(_alignment(column))
        record = self.record_row(index.row())
        if record is None:
            if role == Qt.ItemDataRole.DisplayRole:
                return "—" if index.column() == 0 else ""
            if role == Qt.ItemDataRole.ForegroundRole:
                return QApplication.palette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
            return None
        value = record.values.get(column.key)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._format(column, value)
        if role == VALUE_ROLE:
            return value
        if role == Qt.ItemDataRole.ToolTipRole:
            if column.type == "goals" and value:
                lang = current_language()
                return "\n".join(f"{g} – {sdg.goal(g).short(lang)}" for g in value)
            text = self._format(column, value)
            return text if len(text) > 40 else None
        if role == Qt.ItemDataRole.DecorationRole and column.type == "goals" and value:
            return QColor(sdg.goal(value[0]).colour)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns) or not self.columns[column].sortable:
            return
        query = RegisterQuery(
            self.query.kind,
            self.query.search,
            dict(self.query.filters),
            self.columns[column].key,
            order == Qt.SortOrder.DescendingOrder,
            self.query.search_columns,
        )
        ids = self.service.ids(query)  # before any change: an error leaves the model as it was
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        old_ids = [(self.id_at(i.row()), i.column()) for i in old]
        self._ids = ids
        self.query = query
        positions = {record_id: row for row, record_id in enumerate(self._ids)}
        new = [
            self.index(positions[rid], col) if rid in positions else QModelIndex() for rid, col in old_ids
        ]
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    # Formatting ------------------------------------------------------------------------------

    def _format(self, column: ColumnSpec, value: Any) -> str:
        if value is None or value == "":
            return ""
        if isinstance(value, date):
            return format_date(value, self._locale)
        if isinstance(value, Money):
            return format_money(value.amount, value.currency, self._locale)
        if column.type == "int" and isinstance(value, int):
            # Years are numbers but read without a thousands separator.
            return str(value) if column.key.endswith("year") else self._locale.toString(value)
        if column.type == "goals":
            return ", ".join(str(g) for g in value)
        return str(value)


def _alignment(column: ColumnSpec) -> Qt.AlignmentFlag:
    horizontal = Qt.AlignmentFlag.AlignRight if column.align_right else Qt.AlignmentFlag.AlignLeft
    return horizontal | Qt.AlignmentFlag.AlignVCenter
