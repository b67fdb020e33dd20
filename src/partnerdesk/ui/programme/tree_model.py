"""The action programme as a tree for a ``QTreeView``: fields of action, goals, measures, indicators.

The model holds plain items (``domain.programme.ProgrammeItem``), never database rows. Columns:
the German title, the title in the partner's language, and for an indicator its target (for a
measure its status). ``set_items`` replaces the whole tree (an undo step does that);
``replace_item`` changes one item in place (an edit in the form).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt

from partnerdesk.domain import programme
from partnerdesk.domain.countries import language_name
from partnerdesk.domain.programme import ItemKind, ProgrammeItem
from partnerdesk.i18n import _, current_language

Index = QModelIndex | QPersistentModelIndex


def number_text(value: Any) -> str:
    """A programme number as the office writes it: German decimal comma, no trailing zeros."""
    plain = programme.plain(value)
    return "" if plain is None else f"{plain:f}".replace(".", ",")


class ProgrammeTreeModel(QAbstractItemModel):
    COLUMNS = 3

    def __init__(self, language: str = "en", parent: Any = None) -> None:
        super().__init__(parent)
        self.language = language
        self._items: list[ProgrammeItem] = []
        self._children: dict[str | None, list[str]] = {None: []}
        self._by_id: dict[str, ProgrammeItem] = {}

    # Content -------------------------------------------------------------------------------

    def items(self) -> list[ProgrammeItem]:
        return list(self._items)

    def set_items(self, items: list[ProgrammeItem]) -> None:
        self.beginResetModel()
        self._items = programme.ordered(list(items))
        self._by_id = {item.id: item for item in self._items}
        self._children = {None: []}
        for item in self._items:
            parent = item.parent_id if item.parent_id in self._by_id else None
            self._children.setdefault(parent, []).append(item.id)
            self._children.setdefault(item.id, [])
        self.endResetModel()

    def replace_item(self, item: ProgrammeItem) -> None:
        """``item`` (same id, same place) with new content."""
        self._items = [item if i.id == item.id else i for i in self._items]
        self._by_id[item.id] = item
        index = self.index_of(item.id)
        self.dataChanged.emit(index, index.siblingAtColumn(self.COLUMNS - 1))

    def item(self, index: Index) -> ProgrammeItem | None:
        if not index.isValid():
            return None
        return self._by_id.get(index.internalPointer()) if isinstance(index.internalPointer(), str) else None

    def index_of(self, item_id: str | None, column: int = 0) -> QModelIndex:
        item = self._by_id.get(item_id or "")
        if item is None:
            return QModelIndex()
        parent = item.parent_id if item.parent_id in self._by_id else None
        return self.createIndex(self._children[parent].index(item.id), column, item.id)

    # QAbstractItemModel --------------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        key = self._key(parent)
        siblings = self._children.get(key, [])
        if not (0 <= row < len(siblings) and 0 <= column < self.COLUMNS) or (parent.isValid() and parent.column() != 0):
            return QModelIndex()
        return self.createIndex(row, column, siblings[row])

    def parent(self, child: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        item = self.item(child)
        if item is None or item.parent_id not in self._by_id:
            return QModelIndex()
        return self.index_of(item.parent_id)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._children.get(self._key(parent), []))

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return self.COLUMNS

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item = self.item(index)
        if item is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if index.column() == 0:
                kind = item.kind.label if isinstance(item.kind, ItemKind) else str(item.kind)
                return f"{kind}: {item.title}" if role == Qt.ItemDataRole.ToolTipRole else item.title or f"({kind})"
            if index.column() == 1:
                return item.text_in(self.language) if item.title_translations else ""
            return self._summary(item)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole or not 0 <= section < self.COLUMNS:
            return None
        return (_("German"), language_name(self.language, current_language()), _("Target or status"))[section]

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    # ---------------------------------------------------------------------------------------

    def _key(self, parent: Index) -> str | None:
        item = self.item(parent)
        return item.id if item is not None else None

    @staticmethod
    def _summary(item: ProgrammeItem) -> str:
        if item.kind == ItemKind.INDICATOR and item.target_value is not None:
            year = f" ({item.target_year})" if item.target_year else ""
            return f"{number_text(item.target_value)} {item.unit}{year}".strip()
        if item.kind == ItemKind.MEASURE and item.status is not None:
            return item.status.label
        return ""
