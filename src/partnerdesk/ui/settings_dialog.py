"""The "Einstellungen…" dialog, built from the declared options (``ui/settings.py``)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from partnerdesk.i18n import _
from partnerdesk.ui.screen_fit import fit_to_content
from partnerdesk.ui.settings import OPTIONS, Option, Settings


class SettingsDialog(QDialog):
    """Edits every declared option; OK saves, Cancel leaves everything as it was."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle(_("Settings"))
        self.setObjectName("settings_dialog")
        self.editors: dict[str, QWidget] = {}
        form = QFormLayout(self)
        for key, option in OPTIONS.items():
            if option.group:  # edited in a dialog of its own
                continue
            editor = self._editor(option, settings.get(key))
            editor.setObjectName(f"option_{key}")
            self.editors[key] = editor
            label = QLabel(_("{label}:").format(label=_(option.label)), self)
            label.setBuddy(editor)
            form.addRow(label, editor)
        note = QLabel(_("A changed language takes effect when PartnerDesk is started again."), self)
        note.setWordWrap(True)
        form.addRow(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        fit_to_content(self)

    def _editor(self, option: Option, value: Any) -> QWidget:
        if option.choices:
            combo = QComboBox(self)
            for code, label in option.choices:
                combo.addItem(_(label), code)
            combo.setCurrentIndex(max(combo.findData(value), 0))
            return combo
        if option.type is int:
            spin = QSpinBox(self)
            spin.setRange(option.minimum, option.maximum)
            if option.minimum == 0:
                spin.setSpecialValueText(_("none (switched off)"))
            spin.setValue(int(value))
            return spin
        if option.multiline:
            text = QPlainTextEdit(str(value), self)
            text.setTabChangesFocus(True)
            text.setMaximumHeight(text.fontMetrics().lineSpacing() * 4 + 12)
            return text
        edit = QLineEdit(str(value), self)
        return edit

    def value(self, key: str) -> Any:
        editor = self.editors[key]
        if isinstance(editor, QComboBox):
            return editor.currentData()
        if isinstance(editor, QSpinBox):
            return editor.value()
        if isinstance(editor, QPlainTextEdit):
            return "\n".join(line.strip() for line in editor.toPlainText().splitlines() if line.strip())
        assert isinstance(editor, QLineEdit)
        return editor.text().strip()

    def accept(self) -> None:
        server = self.value("default_server") if "default_server" in self.editors else ""
        if server:  # a mistyped default would stop the next start: say so now, save nothing
            from partnerdesk.domain.errors import PartnerDeskError
            from partnerdesk.services.workspace import Source
            from partnerdesk.ui.errors import show_problem

            try:
                Source.server(server)
            except PartnerDeskError as exc:
                show_problem(self, exc)
                self.editors["default_server"].setFocus()
                return
        if not self._letterhead_usable():
            return
        for key in self.editors:
            self.settings.set(key, self.value(key))
        super().accept()

    def _letterhead_usable(self) -> bool:
        """A logo that is no image (or overlong lines) is said now; nothing is saved."""
        if "letterhead_name" not in self.editors:
            return True
        from partnerdesk.documents.letterhead import Letterhead, LetterheadError
        from partnerdesk.ui.errors import show_problem

        head = Letterhead.from_text(
            self.value("letterhead_name"), self.value("letterhead_address"), self.value("letterhead_logo"))
        try:
            head.check()
        except LetterheadError as exc:
            show_problem(self, exc)
            self.editors["letterhead_logo" if head.logo and "Logo" in exc.message else "letterhead_name"].setFocus()
            return False
        return True
