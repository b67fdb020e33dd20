"""The table model of a register: ordered row ids plus a lazy cache of plain display rows.

Filtering, searching and sorting happen in SQL (``RegisterService.ids``). The ids come a
page at a time (``canFetchMore``/``fetchMore``, asked by the view when it scrolls near
the end) and display values only for the rows a view paints, a block at a time. So a
register of 500,000 activities opens with one page, and the total is counted in a
background thread (``count_changed``) without holding up the window.
A row that cannot be loaded (deleted meanwhile) is shown greyed out and disabled instead
of raising inside ``data()``.
"""

from __future__ import annotations

import logging
import threading
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
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
PAGE = 500
CACHE_LIMIT = 5_000

_Index = QModelIndex | QPersistentModelIndex

#: A count that finishes while the program is closing must not post its result: Qt's
#: objects are being destroyed then, and a queued signal from another thread crashed
#: the program (seen when the window was closed right after opening a huge register).
_delivery = threading.Lock()
_application_closing = False


def stop_delivering_counts() -> None:
    """From now on background counts are dropped (call it when the application closes)."""
    global _application_closing
    with _delivery:
        _application_closing = True


class RegisterTableModel(QAbstractTableModel):
    """One register's rows. ``set_query`` re-runs the SQL; ``refresh`` reloads what is loaded."""

    #: The number of records the query selects, once the background count is done.
    count_changed = Signal(int)
    _counted = Signal(int, int)  # generation, count (from the counting thread)

    def __init__(self, service: RegisterService, parent: Any = None) -> None:
        super().__init__(parent)
        self.service = service
        self.columns: list[ColumnSpec] = service.columns()
        self.query: RegisterQuery = service.default_query()
        self._ids: list[str] = []
        self._positions: dict[str, int] = {}
        self._exhausted = True
        self._cache: dict[str, RegisterRow | None] = {}
        self._locale = ui_locale()
        self._generation = 0
        self.total: int | None = None
        self.loaded = False
        self._counted.connect(self._take_count, Qt.ConnectionType.QueuedConnection)

    @property
    def kind(self) -> str:
        return self.service.kind

    # Loading -------------------------------------------------------------------------------

    def set_query(self, query: RegisterQuery, *, rows: int = 0) -> None:
        """Show ``query``'s records, loading the first ``rows`` (at least a page) of them now."""
        limit = max(rows, PAGE)
        ids = self.service.ids(query, 0, limit)  # before the reset: an error leaves the model as it was
        self.beginResetModel()
        self.query = query
        self._set_ids(ids)
        self._exhausted = len(ids) < limit
        self._cache.clear()
        self.loaded = True
        self.endResetModel()
        self._count()

    def refresh(self) -> None:
        """Reload with the same query, as many rows as were loaded (so the selection stays)."""
        self.set_query(self.query, rows=len(self._ids))

    def _set_ids(self, ids: list[str]) -> None:
        self._ids = ids
        self._positions = {record_id: row for row, record_id in enumerate(ids)}

    def _count(self) -> None:
        self._generation += 1
        self.total = len(self._ids) if self._exhausted else None
        if self.total is not None:
            self.count_changed.emit(self.total)
            return
        generation, service, query = self._generation, self.service, self.query

        def work() -> None:
            try:
                count = service.count(query)
                with _delivery:
                    if not _application_closing:
                        self._counted.emit(generation, count)
            except Exception:  # noqa: BLE001 - the count is a nicety; the rows are already shown
                log.warning("counting %s failed", service.kind, exc_info=True)

        threading.Thread(target=work, name=f"count {self.kind}", daemon=True).start()

    def _take_count(self, generation: int, count: int) -> None:
        if generation == self._generation:
            self.total = count
            self.count_changed.emit(count)

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008, N802 - Qt override
        return not parent.isValid() and self.loaded and not self._exhausted

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008, N802 - Qt override
        if parent.isValid() or self._exhausted:
            return
        self._append(self.service.ids(self.query, len(self._ids), PAGE), PAGE)

    def fetch_all(self) -> None:
        """Load every remaining id (to reach a record far down the list)."""
        if not self._exhausted:
            self._append(self.service.ids(self.query, len(self._ids)), None)

    def _append(self, more: list[str], limit: int | None) -> None:
        self._exhausted = limit is None or len(more) < limit
        more = [record_id for record_id in more if record_id not in self._positions]
        if more:
            start = len(self._ids)
            self.beginInsertRows(QModelIndex(), start, start + len(more) - 1)
            for offset, record_id in enumerate(more):
                self._positions[record_id] = start + offset
            self._ids.extend(more)
            self.endInsertRows()

    def ids(self) -> list[str]:
        """The ids loaded so far, in order."""
        return list(self._ids)

    def id_at(self, row: int) -> str | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, record_id: str, *, load: bool = False) -> int:
        """The row of ``record_id``, -1 if not (yet) loaded; ``load`` fetches the rest to find it."""
        row = self._positions.get(record_id, -1)
        if row < 0 and load and not self._exhausted:
            self.fetch_all()
            row = self._positions.get(record_id, -1)
        return row

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
        self.set_query(query)

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
