"""Options of "Projektsteckbrief…": the sheet's language (German, English, French) and whether the
office's letterhead from the settings heads it (shown here, edited in "Einstellungen…")."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QWidget

from partnerdesk.documents.letterhead import Letterhead
from partnerdesk.i18n import N_, _
from partnerdesk.ui.screen_fit import fit_to_content
from partnerdesk.ui.settings import Settings

#: (code, label) of the sheet languages.
SHEET_LANGUAGES = [("de", N_("German")), ("en", N_("English")), ("fr", N_("French"))]


@dataclass(frozen=True)
class SheetChoice:
    language: str = "de"
    letterhead: Letterhead = Letterhead()


def letterhead_from(settings: Settings | None) -> Letterhead:
    if settings is None:
        return Letterhead()
    return Letterhead.from_text(
        str(settings.get("letterhead_name")), str(settings.get("letterhead_address")), str(settings.get("letterhead_logo")))


class SheetOptionsDialog(QDialog):
    def __init__(self, what: str, settings: Settings | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.head = letterhead_from(settings)
        self.setWindowTitle(_("Project sheet"))
        self.setObjectName("sheet_options")
        form = QFormLayout(self)
        shown = QLabel(what, self)
        shown.setWordWrap(True)
        form.addRow(_("Projects:"), shown)

        self.language = QComboBox(self)
        self.language.setObjectName("sheet_language")
        for code, label in SHEET_LANGUAGES:
            self.language.addItem(_(label), code)
        default = str(settings.get("sheet_language")) if settings else "de"
        self.language.setCurrentIndex(max(0, self.language.findData(default)))
        form.addRow(_("&Language of the sheet:"), self.language)

        summary = ", ".join(part for part in (self.head.name, *self.head.address) if part)
        if self.head.logo:
            summary += (" · " if summary else "") + _("logo {name}").format(name=self.head.logo.name)
        self.use_letterhead = QCheckBox(summary or _("none set (Settings…)"), self)
        self.use_letterhead.setObjectName("sheet_letterhead")
        self.use_letterhead.setEnabled(not self.head.empty)
        self.use_letterhead.setChecked(not self.head.empty)
        form.addRow(_("Letter&head:"), self.use_letterhead)
        note = QLabel(_("Texts are printed as entered unless a translation into the sheet's language is recorded."), self)
        note.setWordWrap(True)
        form.addRow(note)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Create"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        form.addRow(buttons)
        fit_to_content(self)

    def accept(self) -> None:
        if self.settings is not None:  # the next sheet starts in the language chosen last
            self.settings.set("sheet_language", self.language.currentData())
        super().accept()

    def choice(self) -> SheetChoice:
        head = self.head if self.use_letterhead.isChecked() else Letterhead()
        return SheetChoice(str(self.language.currentData()), head)
