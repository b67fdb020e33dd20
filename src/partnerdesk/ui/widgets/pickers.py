"""Combo boxes you can type into to search a short fixed list: countries, languages.

Links to records search the database instead: see ``reference_picker``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import QComboBox, QCompleter, QLineEdit, QWidget

from partnerdesk.domain import countries
from partnerdesk.domain.text import begins_with, contains, fold, search_forms
from partnerdesk.i18n import _, current_language

#: Item role holding a choice's other names (a country's names in other languages, ISO's forms).
ALSO_ROLE = Qt.ItemDataRole.UserRole + 1


class _BeginningsFirst(QSortFilterProxyModel):
    """The choices that contain the typed text, folded as the register search folds it
    (``domain.text``: "cote d'ivoire" finds Côte d’Ivoire, "oesterreich" Österreich), with the
    names that begin with it first ("serb": Serbien before Aserbaidschan), the rest in their
    own order. Qt's own matching knows neither accents nor apostrophes, so the completer
    shows this model unfiltered."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.needle = ""

    def set_needle(self, text: str) -> None:
        self.needle = fold(text.strip())
        self.invalidate()
        self.sort(0)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802 (Qt override)
        if not self.needle:
            return True
        index = self.sourceModel().index(source_row, 0, source_parent)
        label = str(index.data() or "")
        also = index.data(ALSO_ROLE) or ()
        return bool(label) and (contains(label, self.needle) or any(contains(name, self.needle) for name in also))

    def lessThan(self, left: QModelIndex | QPersistentModelIndex, right: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802 (Qt override)
        def key(index: QModelIndex | QPersistentModelIndex) -> tuple[bool, int]:
            begins = bool(self.needle) and begins_with(str(index.data() or ""), self.needle)
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
        # Qt's own completion knows no accents or apostrophes: the combo gets none, and this
        # completer shows what ``_order`` found, driven by the typing below (as the record pickers).
        self.setCompleter(None)  # type: ignore[arg-type]  # Qt takes None (no completer); the stubs do not say so
        self._completer = QCompleter(self._order, self)
        self._completer.setWidget(self.lineEdit())
        self._completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self._completer.setMaxVisibleItems(15)
        # PySide6's stubs do not model overloaded signals (activated(QString) / activated(QModelIndex)).
        self._completer.activated[QModelIndex].connect(self._completion_chosen)  # type: ignore[index]
        self._last = self.value()
        self.currentIndexChanged.connect(lambda _i: self._maybe_changed())
        self.lineEdit().editingFinished.connect(self._on_editing_finished)
        self.lineEdit().textEdited.connect(self._order.set_needle)
        self.lineEdit().textEdited.connect(self._offer)
        self.lineEdit().textEdited.connect(lambda _t: self.changed.emit())

    def completer(self) -> QCompleter:
        """The folding completer that offers the choices while typing (not Qt's own, which the combo has not)."""
        return self._completer

    def _offer(self, text: str) -> None:
        """Show the names that contain the typed text, none highlighted: Enter must not take the first."""
        popup = self._completer.popup()
        assert popup is not None  # QCompleter makes its list view on first ask
        if not text.strip() or not self._order.rowCount():
            popup.hide()
            return
        self._completer.complete()
        popup.setCurrentIndex(QModelIndex())

    def _completion_chosen(self, index: QModelIndex) -> None:
        row = self.findText(str(index.data() or ""), Qt.MatchFlag.MatchExactly)
        if row >= 0:
            self.setCurrentIndex(row)
            self._maybe_changed()

    def lineEdit(self) -> QLineEdit:  # noqa: N802 (Qt naming)
        """The line edit; never None, the combo is editable from its constructor on."""
        edit = super().lineEdit()
        assert edit is not None
        return edit

    def set_choices(self, choices: Sequence[tuple[str, str]], also: Mapping[str, Sequence[str]] | None = None) -> None:
        """Replace the choices, keeping the current value when it is still offered.

        ``also``: code -> other names the choice is found by (shown is the label only).
        """
        current = self.value()
        self.blockSignals(True)
        self.clear()
        if self.allow_empty:
            self.addItem("", "")
        for code, label in choices:
            self.addItem(label, code)
            if also and also.get(code):
                self.setItemData(self.count() - 1, list(also[code]), ALSO_ROLE)
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

        Folded as the register search folds (``domain.text``). Beginnings first, as in the
        record pickers: "serb" is Serbien, although "Aserbaidschan" contains it too (both
        together used to be "not in the list"); a name typed whole ("guinea", "cote d'ivoire")
        is that entry.
        """
        needle = fold(text)
        starting: list[int] = []
        containing: list[int] = []
        for i in range(self.count()):
            label = self.itemText(i)
            if needle in search_forms(label):
                return i
            if begins_with(label, needle):
                starting.append(i)
            elif contains(label, needle) or any(contains(name, needle) for name in self.itemData(i, ALSO_ROLE) or ()):
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
    """Countries by their German name, found also by their other names ("Palästina", "Russia");
    the ISO 3166 code is stored."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lang = current_language()
        choices = countries.countries(lang)
        self.set_choices(choices, {code: countries.other_names(code, lang) for code, _name in choices})
        self.setAccessibleName(_("Country"))


class LanguagePicker(SearchCombo):
    """One language by its German name; the ISO 639-1 code is stored."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.set_choices(countries.languages(current_language()))
        self.setAccessibleName(_("Language"))
