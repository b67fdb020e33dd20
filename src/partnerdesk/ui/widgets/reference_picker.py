"""Picking a linked record (a partnership, an organisation, a project …) by typing part of its name.

The picker never loads a whole register: as you type it asks a ``NameLookup`` (in the
window: a small query through the services, at most 50 names) and offers the answers in a
drop-down list. Keyboard: type, ↓ into the list, Enter picks; Alt+↓ or F4 opens the list;
Enter or Tab on a typed name that matches exactly one record (or one exactly) picks it.
The clear button (or deleting the text) removes an optional link.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QIcon, QKeyEvent, QPainter, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QCompleter, QLineEdit, QStyle, QStyleOption, QWidget

from partnerdesk.domain.errors import PartnerDeskError
from partnerdesk.domain.text import begins_with, contains, fold, search_forms
from partnerdesk.i18n import _
from partnerdesk.log_privacy import describe

log = logging.getLogger(__name__)

ID_ROLE = Qt.ItemDataRole.UserRole
#: Pause after the last key before the picker asks the database (typing fast asks once).
DEBOUNCE_MS = 150

Index = QModelIndex | QPersistentModelIndex


def _arrow_icon(widget: QWidget) -> QIcon:
    """The small down arrow of the style's combo boxes, so the picker looks like one."""
    size = widget.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize, None, widget)
    ratio = widget.devicePixelRatioF()
    pixmap = QPixmap(round(size * ratio), round(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    option = QStyleOption()
    option.initFrom(widget)
    inset = size // 4
    option.rect = QRect(inset, inset, size - 2 * inset, size - 2 * inset)
    painter = QPainter(pixmap)
    try:
        widget.style().drawPrimitive(QStyle.PrimitiveElement.PE_IndicatorArrowDown, option, painter, widget)
    finally:
        painter.end()
    return QIcon(pixmap)


class NameLookup(Protocol):
    """Where a picker finds names: ``search`` for what was typed, ``names`` for stored ids."""

    def search(self, text: str) -> list[tuple[str, str]]: ...

    def names(self, ids: Iterable[str]) -> dict[str, str]: ...


class ListLookup:
    """A ``NameLookup`` over a short list held in memory (tests, small fixed lists), folded as
    the register search and ``services.choices.matching_names`` fold (``domain.text``)."""

    def __init__(self, pairs: Sequence[tuple[str, str]], limit: int = 50) -> None:
        self.pairs = list(pairs)
        self.limit = limit

    def search(self, text: str) -> list[tuple[str, str]]:
        needle = fold(text)
        found = [p for p in self.pairs if contains(p[1], needle)]
        found.sort(key=lambda p: (not begins_with(p[1], needle), fold(p[1])))
        return found[: self.limit]

    def names(self, ids: Iterable[str]) -> dict[str, str]:
        wanted = set(ids)
        return {i: n for i, n in self.pairs if i in wanted}


class NameMatchesModel(QAbstractListModel):
    """The names a picker currently offers: (id, name) rows, replaced after every search."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.matches: list[tuple[str, str]] = []

    def set_matches(self, matches: Sequence[tuple[str, str]]) -> None:
        self.beginResetModel()
        self.matches = list(matches)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt naming)
        return 0 if parent.isValid() else len(self.matches)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.matches) or index.column() != 0:
            return None
        record_id, name = self.matches[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.ToolTipRole):
            return name
        if role == ID_ROLE:
            return record_id
        return None


class ReferencePicker(QLineEdit):
    """One link to another record; ``value()`` is its id or "" (no link).

    ``set_lookup`` says where names come from. A typed text that matches no single record
    is not stored: ``problem()`` names it, so the form shows it at the field.
    """

    changed = Signal()
    #: The user chose a record (from the list, or by typing its name and Enter): id, name.
    picked = Signal(str, str)

    def __init__(self, parent: QWidget | None = None, *, allow_empty: bool = True) -> None:
        super().__init__(parent)
        self.allow_empty = allow_empty
        self.lookup: NameLookup | None = None
        self._id = ""
        self._name = ""
        self._searched: str | None = None
        self.matches = NameMatchesModel(self)
        self.completer_ = QCompleter(self.matches, self)
        self.completer_.setWidget(self)
        self.completer_.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer_.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer_.setMaxVisibleItems(12)
        # PySide6's stubs do not model overloaded signals (activated(QString) / activated(QModelIndex)).
        self.completer_.activated[QModelIndex].connect(self._activated)  # type: ignore[index]
        self._popup().installEventFilter(self)  # runs before the completer's own filter
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self._search_typed)
        self.list_action = QAction(_arrow_icon(self), _("Show list (Alt+Down)"), self)
        self.list_action.triggered.connect(self.open_list)
        self.addAction(self.list_action, QLineEdit.ActionPosition.TrailingPosition)
        self.setClearButtonEnabled(allow_empty)
        self.setPlaceholderText(_("Type to search"))
        self.setToolTip(_("Type part of the name; ↓ and Enter choose from the list, Alt+Down shows it."))
        self._setting = False
        self.textEdited.connect(self._on_text_edited)
        self.textChanged.connect(self._on_text_changed)
        self.returnPressed.connect(self._on_return)
        self.editingFinished.connect(self.commit_pending)

    # Where the names come from --------------------------------------------------------------

    def set_lookup(self, lookup: NameLookup | None) -> None:
        """Where names come from; also called when records changed, so a renamed link shows its new name."""
        self.lookup = lookup
        self._searched = None
        if self._id and lookup is not None and self.text() == self._name:  # not while the user edits it
            try:
                name = lookup.names([self._id]).get(self._id)
            except PartnerDeskError:
                name = None
            if name is not None and name != self._name:
                self._name = name
                self._show_text(name)

    def set_choices(self, choices: Sequence[tuple[str, str]]) -> None:
        """A fixed list of (id, name) instead of a database lookup."""
        self.set_lookup(ListLookup(choices))

    def run_search(self, text: str) -> list[tuple[str, str]]:
        """Ask the lookup for ``text`` now and offer the answers (the debounce timer calls this)."""
        self.timer.stop()
        matches: list[tuple[str, str]] = []
        if self.lookup is not None:
            try:
                matches = self.lookup.search(text)
            except PartnerDeskError as exc:  # a locked or vanished database: offer nothing, say nothing
                log.warning("picker search failed: %s", describe(exc))  # not what was typed
        self.matches.set_matches(matches)
        self._searched = text
        return matches

    # Typing and picking --------------------------------------------------------------------

    def _on_text_edited(self, _text: str) -> None:
        self.timer.start()
        self.changed.emit()

    def _on_text_changed(self, text: str) -> None:
        if self._setting:
            return
        if not text and self._id and self.allow_empty:
            # The clear button (or everything deleted): no link any more.
            self._set_current("", "")
            self._popup().hide()
            self.changed.emit()

    def _search_typed(self) -> None:
        text = self.text()
        if not text.strip() or (self._id and text == self._name):
            self._popup().hide()
            return
        if self.run_search(text) and self.hasFocus():
            self._show_popup()
        else:
            self._popup().hide()

    def open_list(self) -> None:
        """Show the list: matches of the typed text, or the first names in order."""
        text = self.text()
        self.run_search("" if self._id and text == self._name else text)
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        if self.matches.rowCount():
            self._show_popup()

    def _popup(self) -> QAbstractItemView:
        popup = self.completer_.popup()
        assert popup is not None  # QCompleter makes its list view on first ask; never None
        return popup

    def _show_popup(self) -> None:
        self.completer_.complete()
        # Nothing highlighted until the user arrows into the list: Enter on a typed text must
        # not silently take the first of several matches.
        self._popup().setCurrentIndex(QModelIndex())

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        alt = event.modifiers() & Qt.KeyboardModifier.AltModifier
        if (event.key() == Qt.Key.Key_Down or (event.key() == Qt.Key.Key_F4 and not alt)) and not self._popup().isVisible():
            self.open_list()
            if event.key() == Qt.Key.Key_Down and not alt and self.matches.rowCount():
                popup = self._popup()
                popup.setCurrentIndex(self.completer_.completionModel().index(0, 0))
            event.accept()
            return
        super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        # Tab with the list open: take the highlighted entry (or the typed name) and move on,
        # as in a combo box; the completer alone would only close the list.
        if (
            watched is self._popup()
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
        ):
            popup = self._popup()
            current = popup.currentIndex()
            popup.hide()
            if current.isValid():
                self._activated(current)
            self.focusNextPrevChild(event.key() == Qt.Key.Key_Tab)
            return True
        return super().eventFilter(watched, event)

    def _activated(self, index: QModelIndex) -> None:
        record_id, name = str(index.data(ID_ROLE) or ""), str(index.data() or "")
        if record_id:
            self._choose(record_id, name)

    def _on_return(self) -> None:
        popup = self._popup()
        if popup.isVisible() and popup.currentIndex().isValid():
            return  # the completer picks the highlighted entry right after this
        self.commit_pending(announce=True)

    def commit_pending(self, announce: bool = False) -> None:
        """Turn a typed name into a link if it names one record (Enter, Tab away, saving)."""
        self.timer.stop()
        text = self.text().strip()
        if not text:
            if self._id:
                self._set_current("", "")
                self.changed.emit()
            return
        if self._id and text == self._name.strip():
            if announce:
                self.picked.emit(self._id, self._name)
            return
        matches = self.matches.matches if self._searched == self.text() else self.run_search(text)
        needle = fold(text)
        exact = [m for m in matches if needle in search_forms(m[1])]
        found = exact if exact else matches
        if len(found) == 1:
            self._choose(*found[0])
        elif self._id:
            self._set_current("", "")  # the text no longer names the linked record
            self.changed.emit()

    def _choose(self, record_id: str, name: str) -> None:
        self.timer.stop()
        changed = record_id != self._id
        self._set_current(record_id, name)
        self._popup().hide()
        if changed:
            self.changed.emit()
        self.picked.emit(record_id, name)

    def _set_current(self, record_id: str, name: str) -> None:
        self._id, self._name = record_id, name
        if record_id and self.text() != name:
            self._show_text(name)

    # Value ---------------------------------------------------------------------------------

    def lineEdit(self) -> QLineEdit:  # noqa: N802 (Qt naming, as QComboBox)
        return self

    def currentText(self) -> str:  # noqa: N802 (Qt naming, as QComboBox)
        return self.text()

    def value(self) -> str:
        return self._id if self._id and self.text().strip() == self._name.strip() else ""

    def setValue(self, record_id: str | None) -> None:  # noqa: N802 (Qt naming)
        self.timer.stop()
        self._popup().hide()
        record_id = record_id or ""
        name = ""
        if record_id:
            try:
                names = self.lookup.names([record_id]) if self.lookup is not None else {}
            except PartnerDeskError:
                names = {}
            # A link to a record that is gone (or not readable now) stays visible and intact.
            name = names.get(record_id, record_id)
        self._id, self._name = record_id, name
        self._show_text(name)

    def _show_text(self, text: str) -> None:
        """Show ``text`` without it counting as typing (the clear button still follows it)."""
        self._setting = True
        try:
            self.setText(text)
        finally:
            self._setting = False
        self.setCursorPosition(0)  # the start of a long name

    def problem(self) -> str | None:
        text = self.text().strip()
        if text and not self.value():
            return _("“{text}” names no single record; choose one from the list (Alt+Down)").format(text=text)
        if not text and not self.allow_empty:
            return _("Please choose an entry")
        return None
