"""The relationship panel: what the selected record is connected to, one click away.

Groups (partner, projects, activities, contacts, ...) with their records; a double-click
or Enter on a record opens it in its register (``open_requested(kind, id)``).
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHeaderView, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from partnerdesk.i18n import _
from partnerdesk.services.relations import RelatedGroup, related
from partnerdesk.services.workspace import Database
from partnerdesk.ui import background
from partnerdesk.ui.bidi import BidiDelegate
from partnerdesk.ui.icons import icon

log = logging.getLogger(__name__)

KIND_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2


class RelationsTree(QTreeWidget):
    open_requested = Signal(str, str)

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        item = self.currentItem()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and item is not None:
            self._open(item)
            return
        super().keyPressEvent(event)

    def _open(self, item: QTreeWidgetItem) -> None:
        kind, record_id = item.data(0, KIND_ROLE), item.data(0, ID_ROLE)
        if kind and record_id:
            self.open_requested.emit(kind, record_id)


class RelationsPanel(QWidget):
    """Shows ``related(db, kind, id)``; ``open_requested(kind, id)`` when the user opens an entry."""

    open_requested = Signal(str, str)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self._shown: tuple[str, str] | None = None
        self.title = QLabel(_("Relationships"), self)
        self.title.setObjectName("relations_title")
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.tree = RelationsTree(self)
        self.tree.setObjectName("relations_tree")
        self.tree.setItemDelegate(BidiDelegate(self.tree))  # Arabic and Hebrew names as in the table
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels([_("Record"), _("Details")])
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setAccessibleName(_("Relationships"))
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.itemDoubleClicked.connect(lambda item, _col: self.tree._open(item))
        self.tree.open_requested.connect(self.open_requested)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.tree)
        self.show_record(None, None)

    #: How many times the panel read what a record is connected to (the window's F5 reads it once).
    reads = 0

    def show_record(self, kind: str | None, record_id: str | None) -> None:
        self.tree.clear()
        self._shown = (kind, record_id) if kind and record_id else None
        if not self._shown:
            self.title.setText(_("Relationships"))
            placeholder = QTreeWidgetItem([_("Select a record to see what it is connected to.")])
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.tree.addTopLevelItem(placeholder)
            return
        self.reads += 1
        # One request on a server (every group's query in one text, no transaction of its own).
        groups = background.call_one_statement(self.db, related, self.db, kind, record_id)
        self.title.setText(_("Relationships"))
        if not groups:
            empty = QTreeWidgetItem([_("No related records.")])
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.tree.addTopLevelItem(empty)
        for group in groups:
            self.tree.addTopLevelItem(self._group_item(group))
        self.tree.expandAll()

    def refresh(self) -> None:
        if self._shown:
            self.show_record(*self._shown)

    def _group_item(self, group: RelatedGroup) -> QTreeWidgetItem:
        label = f"{group.title} ({group.total})"
        top = QTreeWidgetItem([label])
        top.setIcon(0, icon(group.kind))
        top.setFlags(Qt.ItemFlag.ItemIsEnabled)
        for item in group.items:
            child = QTreeWidgetItem([item.name, item.detail])
            child.setData(0, KIND_ROLE, item.kind)
            child.setData(0, ID_ROLE, item.id)
            child.setToolTip(0, _("Double-click or Enter opens the record."))
            top.addChild(child)
        if group.total > len(group.items):
            more = QTreeWidgetItem([_("… and {count} more").format(count=group.total - len(group.items))])
            more.setFlags(Qt.ItemFlag.ItemIsEnabled)
            top.addChild(more)
        return top

    def items(self) -> list[tuple[str, str, str]]:
        """(group title, kind, name) of every shown record (for tests and accessibility)."""
        found = []
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            assert top is not None  # i < topLevelItemCount()
            for j in range(top.childCount()):
                child = top.child(j)
                if child is not None and child.data(0, ID_ROLE):
                    found.append((top.text(0), child.data(0, KIND_ROLE), child.text(0)))
        return found
