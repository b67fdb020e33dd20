"""Editing a list of values chosen from a short list or typed freely: languages, themes (tags).

Lists of linked records are ``ReferenceListPicker`` (reference_list_picker.py): they search
the database as you type instead of holding every name.

The chosen values are shown as chips in a wrapping list; a search field below adds one
(Enter or the "+" button; for themes a comma separates several). Del or "−" removes
the selected chips.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListView,
    QListWidget,
    QListWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from partnerdesk.domain import countries
from partnerdesk.i18n import _, current_language
from partnerdesk.ui.widgets.pickers import SearchCombo

CODE_ROLE = Qt.ItemDataRole.UserRole


class _ChipList(QListWidget):
    delete_pressed = Signal()

    def event(self, event: QEvent) -> bool:
        # Del removes a chip here; it must not reach the window's "delete record" action.
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                event.accept()
                return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.matches(QKeySequence.StandardKey.Delete) or event.key() == Qt.Key.Key_Backspace:
            self.delete_pressed.emit()
            event.accept()
            return
        super().keyPressEvent(event)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        # About two rows of chips; grows with the font, so it scales with the display.
        line = self.fontMetrics().height() + 10
        return QSize(super().sizeHint().width(), line * 2 + 2 * self.frameWidth() + 4)


def make_chip_list(parent: QWidget) -> _ChipList:
    """The wrapping list of chosen values (chips) that list fields share."""
    chips = _ChipList(parent)
    chips.setFlow(QListView.Flow.LeftToRight)
    chips.setWrapping(True)
    chips.setResizeMode(QListView.ResizeMode.Adjust)
    chips.setSpacing(3)
    chips.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
    chips.setStyleSheet(
        "QListWidget::item { border: 1px solid palette(mid); border-radius: 4px; padding: 1px 4px; }"
        "QListWidget::item:selected { border-color: palette(highlight); }"
    )
    return chips


def lay_out_chip_editor(owner: QWidget, chips: QWidget, field: QWidget, add: object, remove: object) -> tuple[QToolButton, QToolButton]:
    """Chips above, the input ``field`` with "+" (calls ``add``) and "−" (calls ``remove``) below.

    Returns the two buttons; ``owner`` passes its focus to ``field``.
    """
    add_button = QToolButton(owner)
    add_button.setText("+")
    add_button.setToolTip(_("Add"))
    add_button.setAccessibleName(_("Add"))
    add_button.clicked.connect(add)
    remove_button = QToolButton(owner)
    remove_button.setText("−")
    remove_button.setToolTip(_("Remove selected (Del)"))
    remove_button.setAccessibleName(_("Remove"))
    remove_button.clicked.connect(remove)
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(field, 1)
    row.addWidget(add_button)
    row.addWidget(remove_button)
    layout = QVBoxLayout(owner)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(chips)
    layout.addLayout(row)
    owner.setFocusProxy(field)
    return add_button, remove_button


class ListEditor(QWidget):
    """A list of codes chosen from ``set_choices``; ``free_text`` also accepts new entries."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, free_text: bool = False, separators: str = "") -> None:
        super().__init__(parent)
        self.free_text = free_text
        self.separators = separators
        self._labels: dict[str, str] = {}
        self.chips = make_chip_list(self)
        self.chips.delete_pressed.connect(self.remove_selected)
        self.input = SearchCombo(self)
        self.input.lineEdit().setPlaceholderText(
            _("Type to search, Enter adds") if not free_text else _("Type, Enter or comma adds")
        )
        self.input.lineEdit().returnPressed.connect(self.add_current)
        if separators:
            self.input.lineEdit().textEdited.connect(self._split_on_separator)
        self.add_button, self.remove_button = lay_out_chip_editor(
            self, self.chips, self.input, self.add_current, self.remove_selected
        )

    def tab_widgets(self) -> list[QWidget]:
        return [self.input, self.add_button, self.remove_button, self.chips]

    # Choices -------------------------------------------------------------------------------

    def set_choices(self, choices: Sequence[tuple[str, str]]) -> None:
        self._labels.update(dict(choices))
        self.input.set_choices(choices)
        self.input.setEditText("")
        for i in range(self.chips.count()):
            item = self.chips.item(i)
            item.setText(self._label(item.data(CODE_ROLE)))

    def _label(self, code: str) -> str:
        return self._labels.get(code, code)

    # Editing -------------------------------------------------------------------------------

    def _split_on_separator(self, text: str) -> None:
        if any(sep in text for sep in self.separators):
            parts = text
            for sep in self.separators:
                parts = parts.replace(sep, "\x00")
            *done, rest = parts.split("\x00")
            for part in done:
                self._add_text(part)
            self.input.setEditText(rest.lstrip())

    def _add_text(self, text: str) -> bool:
        text = text.strip()
        if not text:
            return False
        index = self.input._index_for_text(text)
        code = str(self.input.itemData(index) or "") if index >= 0 else ""
        if not code:
            if not self.free_text:
                return False
            code = text
        if code in self.value():
            return True
        self._append(code)
        self.changed.emit()
        return True

    def add_current(self) -> None:
        if self._add_text(self.input.currentText()):
            self.input.setCurrentIndex(-1)
            self.input.setEditText("")

    def remove_selected(self) -> None:
        rows = sorted((self.chips.row(i) for i in self.chips.selectedItems()), reverse=True)
        for row in rows:
            self.chips.takeItem(row)
        if rows:
            self.changed.emit()

    def _append(self, code: str) -> None:
        item = QListWidgetItem(self._label(code))
        item.setData(CODE_ROLE, code)
        self.chips.addItem(item)

    # Value ---------------------------------------------------------------------------------

    def value(self) -> list[str]:
        return [str(self.chips.item(i).data(CODE_ROLE)) for i in range(self.chips.count())]

    def setValue(self, codes: Sequence[str]) -> None:  # noqa: N802 (Qt naming)
        self.chips.clear()
        for code in codes:
            self._append(code)
        self.input.setCurrentIndex(-1)
        self.input.setEditText("")

    def problem(self) -> str | None:
        text = self.input.currentText().strip()
        if text and not self.free_text and self.input._index_for_text(text) < 0:
            return _("“{text}” is not in the list; choose an entry").format(text=text)
        return None

    def commit_pending(self) -> None:
        """Add what was typed but not yet added (a form calls this on save rather than lose it)."""
        if self.input.currentText().strip():
            self.add_current()


class LanguageListPicker(ListEditor):
    """Several languages by German name; ISO 639-1 codes are stored."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.set_choices(countries.languages(current_language()))
        self.input.setAccessibleName(_("Add language"))


class TagsEditor(ListEditor):
    """Free themes (tags) with completion from the themes used so far."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, free_text=True, separators=",;")
        self.input.setAccessibleName(_("Add theme"))

    def set_known_tags(self, tags: Sequence[str]) -> None:
        self.set_choices([(t, t) for t in tags])
