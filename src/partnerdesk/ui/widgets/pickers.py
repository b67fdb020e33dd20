"""Combo boxes you can type into to search a short fixed list: countries, languages.

Links to records search the database instead: see ``reference_picker``.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import QComboBox, QCompleter, QLineEdit, QWidget

from partnerdesk.domain import countries
from partnerdesk.domain.text import fold
from partnerdesk.i18n import _, current_language


class _BeginningsFirst(QSortFilterProxyModel):
    """The choices with the names that begin with the typed text first ("serb": Serbien before
    Aserbaidschan), the rest in their own order; the completer shows what contains the text."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.needle = ""

    def set_needle(self, text: str) -> None:
        self.needle = fold(text.strip())
        self.invalidate()
        self.sort(0)

    def lessThan(self, left: QModelIndex | QPersistentModelIndex, right: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802 (Qt override)
        def key(index: QModelIndex | QPersistentModelIndex) -> tuple[bool, int]:
            begins = bool(self.needle) and fold(str(index.data() or "")).startswith(self.needle)
            return (not begins, index.row())

        return key(left) < key(right)


class SearchCombo(QComboBox):
    """An editable combo of (code, label) choices; typing any part of a label finds it.

    ``value()`` is the chosen code ("" when nothing is chosen). Free text that matches no
    choice is reported by ``problem()`` instead of being stored.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, allow_empty: bool = True) -> None:
        super().__init__(parent)
        self.allow_empty = allow_empty
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(15)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(12)
        self._order = _BeginningsFirst(self)
        self._order.setSourceModel(self.model())
        completer = QCompleter(self._order, self)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompleter(completer)
        self._last = self.value()
        self.currentIndexChanged.connect(lambda _i: self._maybe_changed())
        self.lineEdit().editingFinished.connect(self._on_editing_finished)
        self.lineEdit().textEdited.connect(self._order.set_needle)
        self.lineEdit().textEdited.connect(lambda _t: self.changed.emit())

    def lineEdit(self) -> QLineEdit:  # noqa: N802 (Qt naming)
        """The line edit; never None, the combo is editable from its constructor on."""
        edit = super().lineEdit()
        assert edit is not None
        return edit

    def set_choices(self, choices: Sequence[tuple[str, str]]) -> None:
        """Replace the choices, keeping the current value when it is still offered."""
        current = self.value()
        self.blockSignals(True)
        self.clear()
        if self.allow_empty:
            self.addItem("", "")
        for code, label in choices:
            self.addItem(label, code)
        self.blockSignals(False)
        self.setValue(current)

    def _on_editing_finished(self) -> None:
        index = self._index_for_text(self.currentText())
        if index >= 0 and index != self.currentIndex():
            self.setCurrentIndex(index)
        self._maybe_changed()

    def _maybe_changed(self) -> None:
        value = self.value()
        if value != self._last:
            self._last = value
            self.changed.emit()

    def _index_for_text(self, text: str) -> int:
        text = text.strip()
        if not text:
            return 0 if self.allow_empty and self.count() else -1
        index = self.findText(text, Qt.MatchFlag.MatchFixedString)
        if index < 0:
            index = self.findData(text)  # a code typed directly ("DE")
        if index < 0:
            index = self._unique_partial_match(text)
        return index

    def _unique_partial_match(self, text: str) -> int:
        """The one entry whose label begins with ``text``, else the one that contains it; -1 if none or several.

        Accent-insensitive. Beginnings first, as in the record pickers: "serb" is Serbien,
        although "Aserbaidschan" contains it too (both together used to be "not in the list").
        """
        needle = fold(text)
        starting: list[int] = []
        containing: list[int] = []
        for i in range(self.count()):
            label = fold(self.itemText(i))
            if label.startswith(needle):
                starting.append(i)
            elif needle in label:
                containing.append(i)
        for found in (starting, containing):
            if found:
                return found[0] if len(found) == 1 else -1
        return -1

    def value(self) -> str:
        index = self._index_for_text(self.currentText())
        return str(self.itemData(index) or "") if index >= 0 else ""

    def setValue(self, code: str | None) -> None:  # noqa: N802 (Qt naming)
        index = self.findData(code or "")
        if index < 0 and code:
            # A stored code that is not offered (any more) stays visible and intact.
            self.addItem(code, code)
            index = self.count() - 1
        self.setCurrentIndex(index if index >= 0 else -1)
        if index < 0:
            self.setEditText("")
        self.lineEdit().setCursorPosition(0)  # show the start of a long name
        self._last = self.value()

    def problem(self) -> str | None:
        text = self.currentText().strip()
        if text and self._index_for_text(text) < 0:
            return _("“{text}” is not in the list; choose an entry").format(text=text)
        if not text and not self.allow_empty:
            return _("Please choose an entry")
        return None


class CountryPicker(SearchCombo):
    """Countries by their German name; the ISO 3166 code is stored."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.set_choices(countries.countries(current_language()))
        self.setAccessibleName(_("Country"))


class LanguagePicker(SearchCombo):
    """One language by its German name; the ISO 639-1 code is stored."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.set_choices(countries.languages(current_language()))
        self.setAccessibleName(_("Language"))
