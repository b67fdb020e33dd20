"""*Handlungsprogramm…*: a partnership's joint action programme as a tree beside a form.

Fields of action, goals, measures and indicators are added under the selected item, removed
(with everything under them) and moved up or down among their siblings; every change, an edit
in the form included, is one step of the dialog's undo stack. *Speichern* writes the programme
with its partnership in one transaction (``services.programme.save``): refused whole, with the
reason, when an item is wrong or somebody saved the partnership meanwhile. Reads and writes go
through ``ui.background.call`` (a server answers in a worker thread). The buttons at the bottom
left export the programme as the partners' .xlsx sheet, import such a sheet (one undo step) and
print it as PDF or Word (``ui.programme.files``).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from partnerdesk.domain import programme
from partnerdesk.domain.errors import PartnerDeskError
from partnerdesk.domain.programme import ItemKind, ProgrammeItem
from partnerdesk.domain.programme_edit import added, moved, removed, replaced
from partnerdesk.i18n import _
from partnerdesk.services import programme as service
from partnerdesk.services.workspace import Database
from partnerdesk.ui import background
from partnerdesk.ui.programme import files
from partnerdesk.ui.programme.item_form import ItemForm
from partnerdesk.ui.programme.tree_model import ProgrammeTreeModel


class ProgrammeStep(QUndoCommand):
    """One change of the programme: the items before and after, and the item to select after."""

    def __init__(self, dialog: ProgrammeDialog, text: str, before: list[ProgrammeItem], after: list[ProgrammeItem],
                 select: str | None, *, merge_id: int = -1) -> None:
        super().__init__(text)
        self.dialog, self.before, self.after, self.select, self.merge = dialog, before, after, select, merge_id

    def redo(self) -> None:
        self.dialog.show_items(self.after, self.select)

    def undo(self) -> None:
        self.dialog.show_items(self.before, self.select if any(i.id == self.select for i in self.before) else None)

    def id(self) -> int:
        return self.merge

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802  # Qt's name
        if not isinstance(other, ProgrammeStep) or other.select != self.select or other.merge != self.merge:
            return False
        self.after = other.after  # typing in one item's form is one step
        return True


class ProgrammeDialog(QDialog):
    help_page = "handlungsprogramm"
    EDIT = 2400  # merge id of form edits

    def __init__(self, db: Database, partnership_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("programme_dialog")
        self.db = db
        self.view = background.call(db, service.load, db, partnership_id)
        self.setWindowTitle(_("Action programme – {title}").format(title=self.view.partnership.title))
        self.undo_stack = QUndoStack(self)
        self.model = ProgrammeTreeModel(self.view.language, self)
        self.tree = QTreeView(self)
        self.tree.setObjectName("programme_tree")
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.form = ItemForm(self.view.language, self)
        self.form.changed.connect(self._form_edited)
        self._editing: str | None = None

        buttons = QHBoxLayout()
        self.add_field_button = self._button(_("New field of action"), self.add_field, buttons)
        self.add_child_button = self._button(_("Add below"), self.add_child, buttons)
        self.remove_button = self._button(_("Remove"), self.remove_selected, buttons)
        self.up_button = self._button(_("Move up"), lambda: self.move_selected(-1), buttons)
        self.down_button = self._button(_("Move down"), lambda: self.move_selected(1), buttons)
        buttons.addStretch(1)
        undo = self.undo_stack.createUndoAction(self, _("Undo"))
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.undo_stack.createRedoAction(self, _("Redo"))
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        self.addActions([undo, redo])
        self.undo_button = self._button(_("Undo"), self.undo_stack.undo, buttons)
        self.undo_stack.canUndoChanged.connect(self.undo_button.setEnabled)
        self.undo_button.setEnabled(False)

        left = QWidget(self)
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(0, 0, 0, 0)
        left_box.addLayout(buttons)
        left_box.addWidget(self.tree)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self.message = QLabel(self)
        self.message.setObjectName("programme_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close, self)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()  # the files on the left, saving and closing on the right
        self.export_button = self._file_button(_("Export to Excel…"), files.export_sheet, bottom)
        self.import_button = self._file_button(_("Import from Excel…"), files.import_sheet, bottom)
        self.print_button = self._file_button(_("Print (PDF/DOCX)…"), files.print_programme, bottom)
        bottom.addStretch(1)
        bottom.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Partner: {partner} · second language: {language}").format(
            partner=self.view.partner_name, language=self.view.language), self))
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message)
        layout.addLayout(bottom)
        self.resize(1100, 680)
        self.show_items(self.view.items, None)
        self.tree.selectionModel().currentChanged.connect(lambda *_a: self._selected())

    def _button(self, text: str, slot: Any, box: QHBoxLayout) -> QPushButton:
        button = QPushButton(text, self)
        button.clicked.connect(lambda _checked=False: slot())
        box.addWidget(button)
        return button

    def _file_button(self, text: str, action: Any, box: QHBoxLayout) -> QPushButton:
        button = QPushButton(text, self)
        button.setAutoDefault(False)  # Enter in the form never opens a file dialog
        button.clicked.connect(lambda _checked=False: action(self))
        box.addWidget(button)
        return button

    def say(self, text: str, *, problem: bool = False) -> None:
        """A line under the tree: a problem in red, else a plain note (a file written)."""
        self.message.setStyleSheet("color: #b00020;" if problem else "")
        self.message.setText(text)

    def current_view(self) -> service.ProgrammeView:
        """The programme as the dialog holds it (unsaved changes included), for a file."""
        return dataclasses.replace(
            self.view, partnership=dataclasses.replace(self.view.partnership, programme=self.model.items()))

    # Showing -------------------------------------------------------------------------------

    def show_items(self, items: list[ProgrammeItem], select: str | None) -> None:
        self.model.set_items(items)
        self.tree.expandAll()
        for column in range(self.model.COLUMNS):
            self.tree.resizeColumnToContents(column)
        index = self.model.index_of(select)
        self._editing = None
        if index.isValid():
            self.tree.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self._selected()

    def current(self) -> ProgrammeItem | None:
        return self.model.item(self.tree.currentIndex())

    def _selected(self) -> None:
        item = self.current()
        if item is not None and item.id == self._editing:
            return
        self._editing = item.id if item is not None else None
        self.form.load(item, self.view.projects, self.view.grants)
        if item is not None:
            self.form.show_problems(self.form.problems_of(item, self._parent_of(item)))
        self.add_child_button.setEnabled(item is not None and item.kind != ItemKind.INDICATOR)
        for button in (self.remove_button, self.up_button, self.down_button):
            button.setEnabled(item is not None)

    def _parent_of(self, item: ProgrammeItem) -> ProgrammeItem | None:
        return next((i for i in self.model.items() if i.id == item.parent_id), None)

    # Changes (each one undo step) ----------------------------------------------------------

    def _push(self, text: str, after: list[ProgrammeItem], select: str | None, merge_id: int = -1) -> None:
        self.undo_stack.push(ProgrammeStep(self, text, self.model.items(), after, select, merge_id=merge_id))

    def add_field(self) -> ProgrammeItem:
        items, new = added(self.model.items(), None)
        self._push(_("Add field of action"), items, new.id)
        return new

    def add_child(self) -> ProgrammeItem | None:
        parent = self.current()
        if parent is None or parent.kind == ItemKind.INDICATOR:
            return None
        items, new = added(self.model.items(), parent.id)
        self._push(_("Add {kind}").format(kind=new.kind.label), items, new.id)
        return new

    def remove_selected(self) -> None:
        item = self.current()
        if item is not None:
            self._push(_("Remove {item}").format(item=programme.label(item)), removed(self.model.items(), item.id),
                       item.parent_id)

    def move_selected(self, step: int) -> None:
        item = self.current()
        if item is not None:
            self._push(_("Move {item}").format(item=programme.label(item)), moved(self.model.items(), item.id, step),
                       item.id)

    def apply_import(self, items: list[ProgrammeItem], select: str | None) -> None:
        """The programme read from a sheet, as one undo step (saved with *Speichern*)."""
        self._push(_("Import from Excel"), items, select)

    def _form_edited(self) -> None:
        item, unreadable = self.form.read()
        base = self.form.base
        if base is None:
            return
        if item is None:  # a value that is not a number or a year: said at the field, nothing stored
            self.form.show_problems(unreadable)
            return
        self.form.show_problems(self.form.problems_of(item, self._parent_of(item)))
        if item != base:
            self.form.base = item
            self.undo_stack.push(ProgrammeStep(self, _("Edit {item}").format(item=programme.label(base)),
                                               self.model.items(), replaced(self.model.items(), item), item.id,
                                               merge_id=self.EDIT))
            self._editing = item.id

    # Saving --------------------------------------------------------------------------------

    def save(self) -> bool:
        """Write the programme; ``True`` when saved (the dialog stays open for more work)."""
        _item, unreadable = self.form.read()
        if unreadable:
            self.say(_("Please correct the marked fields first."), problem=True)
            return False
        try:
            saved = background.call(self.db, service.save, self.db, self.view.partnership, self.model.items())
        except PartnerDeskError as exc:
            self.say(exc.message, problem=True)
            return False
        self.view = service.ProgrammeView(partnership=saved, partner_name=self.view.partner_name,
                                          language=self.view.language, projects=self.view.projects,
                                          grants=self.view.grants)
        self.undo_stack.setClean()
        self.say("")
        return True

    def reject(self) -> None:
        if not self.undo_stack.isClean() and QMessageBox.question(
            self, _("Action programme"), _("Close without saving the changes?"),
        ) != QMessageBox.StandardButton.Yes:
            return
        super().reject()
