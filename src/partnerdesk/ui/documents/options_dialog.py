"""Options of "MoU-Entwurf erstellen…": language, format (PDF or Word), draft number or final version, date."""

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

#: (code, label) of the choices; Arabic is not offered (no right-to-left layout in ReportLab).
LANGUAGE_CHOICES = [
    ("en", N_("German and English")),
    ("fr", N_("German and French")),
    ("ro", N_("German and Romanian")),
    ("de", N_("German only")),
]


#: (code, label) of the formats.
FORMAT_CHOICES = [
    ("pdf", N_("PDF (preview, then save or print)")),
    ("docx", N_("Word document (.docx) with tracked changes")),
]


@dataclass
class MouChoice:
    language: str
    draft: int | None  # None: final version
    on: date
    format: str = "pdf"


class MouOptionsDialog(QDialog):
    def __init__(
        self, partnership_title: str, default_language: str = "en", parent: QWidget | None = None, *, next_draft: int = 1
    ) -> None:
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

        self.format = QComboBox(self)
        for code, label in FORMAT_CHOICES:
            self.format.addItem(_(label), code)
        form.addRow(_("F&ormat:"), self.format)

        self.draft_radio = QRadioButton(_("&Draft no."), self)
        self.draft_number = QSpinBox(self)
        self.draft_number.setRange(1, 999)
        self.draft_number.setValue(max(1, min(999, next_draft)))  # continues from the documents written
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

    def choice(self) -> MouChoice:
        qdate = self.date.date()
        return MouChoice(
            language=self.language.currentData(),
            draft=None if self.final_radio.isChecked() else self.draft_number.value(),
            on=date(qdate.year(), qdate.month(), qdate.day()),
            format=self.format.currentData(),
        )
