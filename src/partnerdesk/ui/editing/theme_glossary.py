"""*Bearbeiten → Themen übersetzen…*: the office's theme glossary as one table.

One row per theme the partnerships use, one column per document language (the MoU languages
and any other language the glossary already holds). A cell is the theme's text in that
language; an empty cell leaves the MoU to mark the theme as untranslated there. Saving writes
every changed theme in one transaction and puts one step on the window's undo stack
("Themen übersetzen"), which Ctrl+Z takes back. The table is driven by the keyboard as any
table: arrows or Tab to move, typing or F2 to edit, Ctrl+Return to save, Esc to cancel.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut, QUndoCommand
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from partnerdesk.domain import translations
from partnerdesk.domain.errors import PartnerDeskError
from partnerdesk.i18n import _
from partnerdesk.services import choices, theme_glossary
from partnerdesk.services.workspace import Database
from partnerdesk.ui import background
from partnerdesk.ui.errors import show_problem

#: The document languages an MoU can have besides German: always a column.
DOCUMENT_LANGUAGES = ("en", "fr", "ro", "ar")
LANGUAGE_LABELS: dict[str, Callable[[], str]] = {
    "en": lambda: _("English"), "fr": lambda: _("French"), "ro": lambda: _("Romanian"), "ar": lambda: _("Arabic"),
}


def glossary_languages(glossary: Mapping[str, str]) -> list[str]:
    """The columns: the MoU languages, then every other language the glossary holds."""
    found: dict[str, None] = dict.fromkeys(DOCUMENT_LANGUAGES)
    for text in glossary.values():
        try:
            found.update(dict.fromkeys(translations.parse(text)))
        except ValueError:
            continue
    found.pop(translations.BASE_LANGUAGE, None)
    return list(found)


class ThemeGlossaryDialog(QDialog):
    """The table of themes and their translations; ``entries()`` is what the user made of it."""

    def __init__(self, themes: list[str], glossary: theme_glossary.Glossary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Translate themes"))
        self.setObjectName("theme_glossary_dialog")
        self.glossary = glossary
        self.languages = glossary_languages(glossary)
        self.themes = themes
        layout = QVBoxLayout(self)
        hint = QLabel(_("The MoU prints each theme in the language of its column. A theme without a translation "
                        "there is marked in a draft and refuses the final version."), self)
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.table = QTableWidget(len(themes), 1 + len(self.languages), self)
        self.table.setObjectName("theme_glossary_table")
        headers = [_("Theme (German)"), *(f"{LANGUAGE_LABELS[c]()} ({c})" if c in LANGUAGE_LABELS else c
                                         for c in self.languages)]
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.table.setTabKeyNavigation(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        for row, theme in enumerate(themes):
            name = QTableWidgetItem(theme)
            name.setFlags(name.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(row, 0, name)
            found = _parsed(glossary.of(theme))
            for column, code in enumerate(self.languages, start=1):
                self.table.setItem(row, column, QTableWidgetItem(found.get(code, "")))
        if themes:
            self.table.setCurrentCell(0, 1)
        else:
            layout.addWidget(QLabel(_("No partnership has a theme yet."), self))
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("Save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.accept)
        self.resize(760, 420)

    def entries(self) -> dict[str, str]:
        """theme → its translations text, for every theme whose translations the user changed."""
        changed: dict[str, str] = {}
        for row, theme in enumerate(self.themes):
            before = _parsed(self.glossary.of(theme))
            after = dict(before)  # languages without a column (none today) stay as they were
            for column, code in enumerate(self.languages, start=1):
                item = self.table.item(row, column)
                value = " ".join(item.text().split()) if item is not None else ""
                if value:
                    after[code] = value
                else:
                    after.pop(code, None)
            if after != before:
                changed[theme] = translations.join(after)
        return changed


def _parsed(text: str) -> dict[str, str]:
    try:
        return translations.parse(text)
    except ValueError:  # stored before a check existed: shown empty, written anew on save
        return {}


class GlossaryCommand(QUndoCommand):
    """One save of the glossary: undo writes the entries as they were, redo as they were saved."""

    def __init__(self, db: Database, before: dict[str, str], after: dict[str, str], report: Callable[[str], None]) -> None:
        super().__init__(_("Translate themes"))
        self.db, self.before, self.after, self.report = db, before, after, report
        self._first = True

    def redo(self) -> None:
        if self._first:  # the dialog wrote it already
            self._first = False
            return
        self._write(self.after, _("Redo is not possible: {reason}"))

    def undo(self) -> None:
        self._write(self.before, _("Undo is not possible: {reason}"))

    def _write(self, entries: dict[str, str], message: str) -> None:
        try:
            background.call(self.db, theme_glossary.save, self.db, entries)
        except PartnerDeskError as exc:
            self.setObsolete(True)
            self.report(message.format(reason=exc.message))


def edit_glossary(window: Any) -> bool:
    """Show the dialog for ``window``'s database; save what changed (True when something was saved)."""
    db = window.db
    if db is None:
        return False
    try:
        themes = background.call(db, choices.themes, db)
        glossary = background.call(db, theme_glossary.load, db)
    except PartnerDeskError as exc:
        show_problem(window, exc)
        return False
    dialog = ThemeGlossaryDialog(themes, glossary, window)
    while dialog.exec() == QDialog.DialogCode.Accepted:
        after = dialog.entries()
        if not after:
            return False
        before = {theme: glossary.of(theme) for theme in after}
        try:
            background.call(db, theme_glossary.save, db, after)
        except PartnerDeskError as exc:
            show_problem(dialog, exc)  # the dialog stays open with what was typed
            continue
        window.undo_stack.push(GlossaryCommand(db, before, after, lambda text: window.statusBar().showMessage(text)))
        window.statusBar().showMessage(_("Theme translations saved."), 5000)
        return True
    return False


def install(window: Any) -> QAction:
    """Add *Bearbeiten → Themen übersetzen…* (changes the database: off while it is read-only)."""
    action = QAction(_("&Translate themes…"), window)
    action.setObjectName("action_translate_themes")
    action.triggered.connect(lambda _checked=False: edit_glossary(window))
    window.menu("edit").addSeparator()
    window.menu("edit").addAction(action)
    window.mark_writing(action)
    return action
