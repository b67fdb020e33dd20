"""Several linked records (coordinating units, contacts, organisations of an activity) as chips.

Below the chips a ``ReferencePicker`` searches the database as you type; picking an entry
(Enter on it, or Enter on a name that matches one record) adds it as a chip. Del or "−"
removes the selected chips. Only the names of the linked records are read, never a whole
register.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QListWidgetItem, QWidget

from partnerdesk.domain.errors import PartnerDeskError
from partnerdesk.i18n import _
from partnerdesk.ui.widgets.list_editor import CODE_ROLE, lay_out_chip_editor, make_chip_list
from partnerdesk.ui.widgets.reference_picker import NameLookup, ReferencePicker


class ReferenceListPicker(QWidget):
    """``value()`` is the list of linked ids, in the order they were added."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chips = make_chip_list(self)
        self.chips.delete_pressed.connect(self.remove_selected)
        self.input = ReferencePicker(self)
        self.input.setPlaceholderText(_("Type to search, Enter adds"))
        self.input.picked.connect(self._add)
        self.add_button, self.remove_button = lay_out_chip_editor(
            self, self.chips, self.input, self.commit_pending, self.remove_selected
        )

    def tab_widgets(self) -> list[QWidget]:
        return [self.input, self.add_button, self.remove_button, self.chips]

    def set_lookup(self, lookup: NameLookup | None) -> None:
        self.input.set_lookup(lookup)
        self._relabel()

    def set_choices(self, choices: Sequence[tuple[str, str]]) -> None:
        """A fixed list of (id, name) instead of a database lookup."""
        self.input.set_choices(choices)
        self._relabel()

    # Editing -------------------------------------------------------------------------------

    def _add(self, record_id: str, name: str) -> None:
        if record_id and record_id not in self.value():
            self._append(record_id, name)
            self.changed.emit()
        self.input.setValue("")

    def commit_pending(self) -> None:
        """Add what was typed but not yet added (the "+" button; a form calls this on save)."""
        if self.input.text().strip():
            self.input.commit_pending(announce=True)

    def remove_selected(self) -> None:
        rows = sorted((self.chips.row(i) for i in self.chips.selectedItems()), reverse=True)
        for row in rows:
            self.chips.takeItem(row)
        if rows:
            self.changed.emit()

    def _append(self, record_id: str, name: str) -> None:
        item = QListWidgetItem(name)
        item.setData(CODE_ROLE, record_id)
        item.setToolTip(name)
        self.chips.addItem(item)

    def _names(self, ids: Sequence[str]) -> dict[str, str]:
        lookup = self.input.lookup
        if lookup is None or not ids:
            return {}
        try:
            return lookup.names(ids)
        except PartnerDeskError:
            return {}  # the ids stay visible instead

    def _relabel(self) -> None:
        names = self._names(self.value())
        for i in range(self.chips.count()):
            item = self.chips.item(i)
            code = str(item.data(CODE_ROLE))
            item.setText(names.get(code, code))

    # Value ---------------------------------------------------------------------------------

    def value(self) -> list[str]:
        return [str(self.chips.item(i).data(CODE_ROLE)) for i in range(self.chips.count())]

    def setValue(self, ids: Sequence[str]) -> None:  # noqa: N802 (Qt naming)
        self.chips.clear()
        names = self._names(list(ids))
        for record_id in ids:
            # A link to a record that is gone stays visible (as its id) and intact.
            self._append(record_id, names.get(record_id, record_id))
        self.input.setValue("")

    def problem(self) -> str | None:
        return self.input.problem()

    def chip_texts(self) -> list[str]:
        """The names shown, in order (for tests and screen readers)."""
        return [self.chips.item(i).text() for i in range(self.chips.count())]

