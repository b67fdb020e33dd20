"""The table model of the "Anstehend" tab: one row per ``DueItem``, overdue rows in red; and what
it shares with the "Wiedervorlagen" tab (``DatedRowsModel``, ``OpenOnEnterTable``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget

from partnerdesk.domain.due import DueItem
from partnerdesk.i18n import _
from partnerdesk.services.due import overdue_text
from partnerdesk.ui.errors import user_errors

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


class OpenOnEnterTable(QTableView):
    """A read-only list of ``model``, one row selected at a time, whose Enter (or Return) opens the
    current row's record via ``open_current``."""

    def __init__(self, parent: QWidget, model: QAbstractTableModel, open_current: Callable[[], None], name: str) -> None:
        super().__init__(parent)
        self._open_current = open_current
        self.setObjectName(name)
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().hide()

    def current_row(self, role: int) -> Any:
        """What the model gives for ``role`` on the current row (the item or line it shows), or None."""
        index = self.currentIndex()
        return self.model().data(index.siblingAtColumn(0), role) if index.isValid() else None

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._open_current()
            return
        super().keyPressEvent(event)


def show_beside(main: Any, kind: str, record_id: str) -> None:
    """Show a record in the form and the relationships beside the list, as selecting it in its
    register does, without leaving the list: its form, relationships, history and attachments
    follow the window's ``selection_changed``. Nothing is hidden or resized, so the splitters keep
    the positions the user gave them."""
    relations, selection_changed = getattr(main, "relations", None), getattr(main, "selection_changed", None)
    if relations is None or selection_changed is None:
        return  # a window without the side (the benchmark's stand-in)
    with user_errors(main):
        relations.show_record(kind, record_id)
    selection_changed.emit(kind, [record_id])


class DatedRowsModel(QAbstractTableModel):
    """A list of rows due on a date, with the names of those responsible: what the "Anstehend" and
    "Wiedervorlagen" tables share. ``columns`` are (key, header) pairs; ``cell`` gives a row's value."""

    columns: tuple[tuple[str, Callable[[], str]], ...] = ()
    #: The roles ``cell`` answers: the view asks each visible cell for a dozen roles at every paint,
    #: and the others are answered at once (a thousand calls per paint of the list).
    roles: frozenset[int] = frozenset()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[Any] = []
        self.today = date.today()
        self.names: dict[str, str] = {}

    def set_rows(self, rows: Sequence[Any], today: date, names: dict[str, str]) -> None:
        self.beginResetModel()
        self.rows, self.today, self.names = list(rows), today, dict(names)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt's signature
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.columns):
            return self.columns[section][1]()
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in self.roles or not index.isValid() or not 0 <= index.row() < len(self.rows) or not 0 <= index.column() < len(self.columns):
            return None
        return self.cell(self.rows[index.row()], self.columns[index.column()][0], role)

    def cell(self, row: Any, column: str, role: int) -> Any:
        raise NotImplementedError


class DueModel(DatedRowsModel):
    columns = COLUMNS
    roles = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole, ITEM_ROLE})

    @property
    def items(self) -> list[DueItem]:
        return self.rows

    def set_items(self, items: list[DueItem], today: date, names: dict[str, str]) -> None:
        self.set_rows(items, today, names)

    def cell(self, item: DueItem, column: str, role: int) -> Any:
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
