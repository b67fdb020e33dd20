"""Options of "MoU-Entwurf erstellen…": languages, digits in Arabic, draft number or final version, date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QSpinBox,
    QWidget,
)

from partnerdesk.i18n import N_, _
from partnerdesk.ui.screen_fit import fit_to_content

#: (key, label) of the choices: the partner's language beside German, or "first+language"
#: for another left column (English and Arabic, for a partner who reads no German).
LANGUAGE_CHOICES = [
    ("en", N_("German and English")),
    ("fr", N_("German and French")),
    ("ro", N_("German and Romanian")),
    ("ar", N_("German and Arabic")),
    ("en+ar", N_("English and Arabic")),
    ("de", N_("German only")),
]
#: (value, label) of the digits in the Arabic column.
DIGIT_CHOICES = [
    ("latin", N_("Latin (0 1 2 3)")),
    ("arabic", N_("Arabic-Indic (٠ ١ ٢ ٣)")),
]


@dataclass
class MouChoice:
    language: str
    draft: int | None  # None: final version
    on: date
    first_language: str = "de"
    digits: str = "latin"  # numbers in Arabic text: "latin" or "arabic"


class MouOptionsDialog(QDialog):
    def __init__(self, partnership_title: str, default_language: str = "en", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Create MoU draft"))
        form = QFormLayout(self)
        title = QLabel(partnership_title, self)
        title.setWordWrap(True)
        form.addRow(_("Partnership:"), title)

        self.language = QComboBox(self)
        for code, label in LANGUAGE_CHOICES:
            self.language.addItem(_(label), code)
        self.language.setCurrentIndex(max(0, self.language.findData(default_language)))
        form.addRow(_("&Languages:"), self.language)

        self.digits = QComboBox(self)
        for value, label in DIGIT_CHOICES:
            self.digits.addItem(_(label), value)
        self.digits.setToolTip(_("How numbers are written in the Arabic text"))
        form.addRow(_("D&igits in Arabic:"), self.digits)
        self.language.currentIndexChanged.connect(self._language_changed)
        self._language_changed()

        self.draft_radio = QRadioButton(_("&Draft no."), self)
        self.draft_number = QSpinBox(self)
        self.draft_number.setRange(1, 999)
        self.final_radio = QRadioButton(_("&Final version (without watermark)"), self)
        group = QButtonGroup(self)
        group.addButton(self.draft_radio)
        group.addButton(self.final_radio)
        self.draft_radio.setChecked(True)
        self.final_radio.toggled.connect(lambda final: self.draft_number.setEnabled(not final))
        row = QHBoxLayout()
        row.addWidget(self.draft_radio)
        row.addWidget(self.draft_number)
        row.addStretch(1)
        form.addRow(_("Version:"), row)
        form.addRow("", self.final_radio)

        self.date = QDateEdit(QDate.currentDate(), self)
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd.MM.yyyy")
        form.addRow(_("D&ate:"), self.date)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Create"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        fit_to_content(self)

    def _languages(self) -> tuple[str, str]:
        first, _plus, language = str(self.language.currentData()).rpartition("+")
        return first or "de", language

    def _language_changed(self) -> None:
        self.digits.setEnabled(self._languages()[1] == "ar")

    def choice(self) -> MouChoice:
        qdate = self.date.date()
        first, language = self._languages()
        return MouChoice(
            language=language,
            draft=None if self.final_radio.isChecked() else self.draft_number.value(),
            on=date(qdate.year(), qdate.month(), qdate.day()),
            first_language=first,
            digits=self.digits.currentData() if language == "ar" else "latin",
        )
