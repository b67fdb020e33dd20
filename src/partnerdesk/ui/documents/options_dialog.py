"""Options of "MoU-Entwurf erstellen…": languages (German, or English, beside the partner's,
Arabic included), format (PDF or Word), digits in Arabic, draft number (continuing from the
documents written) or final version ("Endfassung"), date, the clauses to include, the language
clause, the result of checking the office's templates, who signs for the city (the mayor or "In
Vertretung" a deputy) and whose personal data (name, e-mail, phone) the MoU prints: none unless
ticked, and only contacts with a legal basis."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from partnerdesk.documents.mou.clauses import ClauseEntry
from partnerdesk.i18n import N_, _, ngettext
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
    #: Clauses switched on (True) or off (False) against their defaults.
    clauses: dict[str, bool] = field(default_factory=dict)
    #: "Beide Fassungen sind gleichermaßen maßgeblich" in the language clause.
    equal_versions: bool = False
    #: Contact id of the deputy signing "In Vertretung"; None: the mayor signs.
    deputy_id: str | None = None
    #: Contacts whose name, e-mail and phone are printed.
    personal_contacts: frozenset[str] = field(default_factory=frozenset)
    #: "pdf" or "docx".
    format: str = "pdf"
    first_language: str = "de"
    digits: str = "latin"  # numbers in Arabic text: "latin" or "arabic"


def _clauses() -> tuple[list[ClauseEntry], dict[str, str], list[str]]:
    """The clauses with their German headings, and the findings of checking the templates."""
    from partnerdesk.documents.mou.check import check_templates
    from partnerdesk.documents.mou.clauses import clause_order
    from partnerdesk.documents.mou.content import fill
    from partnerdesk.documents.mou.templates import load_templates
    from partnerdesk.domain.errors import UserError

    findings = check_templates()
    try:
        order = clause_order()
    except UserError:
        return [], {}, findings
    try:
        german = load_templates("de")
        titles = {name: fill(clause.heading, {}, as_markup=False, blanks=True) or name
                  for name, clause in german.clauses.items()}
    except UserError:
        titles = {}
    return order, titles, findings


@dataclass
class ContactOption:
    """A contact offered in the dialog: id, what the list shows, whether it may be chosen."""

    id: str
    label: str
    permitted: bool = True


@dataclass
class SigningOptions:
    """What the dialog offers besides language and version."""

    mayor: str = ""
    deputies: list[ContactOption] = field(default_factory=list)
    contacts: list[ContactOption] = field(default_factory=list)
    #: What a final version still lacks (German phrases); empty when it can be written.
    missing_for_final: list[str] = field(default_factory=list)
    #: The same with the council-decision clause left out (the decision is still needed, and this says why).
    missing_without_council_clause: list[str] = field(default_factory=list)
    #: Per column language: each untranslated theme, unit or project title as (warning, what a
    #: final version lacks), e.g. ("Thema „Abfall“ hat keine französische Übersetzung", …).
    untranslated: dict[str, list[tuple[str, str]]] = field(default_factory=dict)


class MouOptionsDialog(QDialog):
    def __init__(
        self, partnership_title: str, default_language: str = "en", parent: QWidget | None = None,
        climate_partnership: bool = False,
        signing: SigningOptions | None = None, *, next_draft: int = 1,
    ) -> None:
        super().__init__(parent)
        self.signing = signing or SigningOptions()
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
        self.draft_number.setValue(max(1, min(999, next_draft)))  # continues from the documents written
        self.final_radio = QRadioButton(_("&Final version (without watermark)"), self)
        self.final_radio.setToolTip(_(
            "Written only when both sides' legal names, representatives and functions and the council "
            "decision are filled in."
        ))
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

        from partnerdesk.documents.mou.clauses import is_on_by_default

        order, titles, self.findings = _clauses()
        self.defaults: dict[str, bool] = {}
        self.clause_list = QListWidget(self)
        for entry in order:
            if entry.name == "signatures":
                continue
            item = QListWidgetItem(f"{titles.get(entry.name, entry.name)} ({entry.name}.txt)", self.clause_list)
            item.setData(Qt.ItemDataRole.UserRole, entry.name)
            on = entry.required or is_on_by_default(entry, climate_partnership)
            self.defaults[entry.name] = on
            flags = Qt.ItemFlag.ItemIsEnabled | (Qt.ItemFlag.NoItemFlags if entry.required else Qt.ItemFlag.ItemIsUserCheckable)
            item.setFlags(flags)
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.clause_list.setMaximumHeight(150)
        form.addRow(_("C&lauses:"), self.clause_list)

        self.equal_versions = QCheckBox(_("Both language versions &equally authoritative"), self)
        self.equal_versions.setToolTip(_("The language clause adds “Beide Fassungen sind gleichermaßen maßgeblich.”"))
        self.language.currentIndexChanged.connect(lambda _i: self.equal_versions.setEnabled(self.language.currentData() != "de"))
        self.equal_versions.setEnabled(self.language.currentData() != "de")
        form.addRow("", self.equal_versions)

        # The same check as "partnerdesk templates check": the office sees what differs before drafting.
        if self.findings:
            self.check_result = QLabel(ngettext(
                "The templates differ in {count} place:", "The templates differ in {count} places:", len(self.findings)
            ).format(count=len(self.findings)), self)
            details = QPlainTextEdit("\n".join(self.findings), self)
            details.setReadOnly(True)
            details.setMaximumHeight(90)
            form.addRow(_("Templates:"), self.check_result)
            form.addRow("", details)
            self.check_details: QPlainTextEdit | None = details
        else:
            self.check_result = QLabel(_("Checked: every clause matches in every language."), self)
            form.addRow(_("Templates:"), self.check_result)
            self.check_details = None

        # Themes, units and project titles without a translation in a chosen column language.
        self.translation_check = QLabel(self)
        self.translation_check.setObjectName("translation_check")
        self.translation_check.setWordWrap(True)
        self.translation_details = QPlainTextEdit(self)
        self.translation_details.setObjectName("translation_details")
        self.translation_details.setReadOnly(True)
        self.translation_details.setMaximumHeight(90)
        form.addRow(_("Translations:"), self.translation_check)
        form.addRow("", self.translation_details)
        self.language.currentIndexChanged.connect(lambda _i: self._show_untranslated())
        self._show_untranslated()

        # § 64 GO NRW: the mayor signs, or "In Vertretung" the deputy chosen here.
        self.signer = QComboBox(self)
        mayor = self.signing.mayor or _("the representative (not filled in yet)")
        self.signer.addItem(_("{name} (representative)").format(name=mayor), None)
        for option in self.signing.deputies:
            self.signer.addItem(_("In Vertretung: {name}").format(name=option.label), option.id)
        form.addRow(_("&Signs for the city:"), self.signer)

        # Personal data: none unless ticked; only contacts with a legal basis can be ticked.
        self.contact_boxes: dict[str, QCheckBox] = {}
        if self.signing.contacts:
            box = QWidget(self)
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            for option in self.signing.contacts:
                check = QCheckBox(option.label, box)
                check.setEnabled(option.permitted)
                if not option.permitted:
                    check.setToolTip(_("No legal basis or consent is recorded for this contact."))
                column.addWidget(check)
                self.contact_boxes[option.id] = check
            form.addRow(_("Print name, e-mail and phone of:"), box)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Create"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        fit_to_content(self)

    def untranslated(self) -> list[tuple[str, str]]:
        """The chosen columns' untranslated values: (warning, what a final version lacks)."""
        first, language = self._languages()
        return list(dict.fromkeys(gap for code in dict.fromkeys((first, language))
                                  for gap in self.signing.untranslated.get(code, [])))

    def _show_untranslated(self) -> None:
        gaps = self.untranslated()
        if gaps:
            self.translation_check.setText(ngettext(
                "{count} value has no translation: the draft prints it in German, marked; a final version is refused.",
                "{count} values have no translation: the draft prints them in German, marked; a final version is "
                "refused.", len(gaps)).format(count=len(gaps)))
        else:
            self.translation_check.setText(_("Every theme, unit and project title is translated."))
        self.translation_details.setPlainText("\n".join(warning for warning, _missing in gaps))
        self.translation_details.setVisible(bool(gaps))

    def accept(self) -> None:
        """A final version that lacks what it must name is refused here, saying what is missing."""
        council_clause = self.choice().clauses.get("council_decision", self.defaults.get("council_decision", True))
        missing = (self.signing.missing_for_final if council_clause
                   else self.signing.missing_without_council_clause or self.signing.missing_for_final)
        missing = [*missing, *(item for _warning, item in self.untranslated())]
        if self.final_radio.isChecked() and missing:
            QMessageBox.warning(
                self, _("Final version"),
                _("The final version cannot be written yet. Missing:") + "\n\n"
                + "\n".join(f"• {item}" for item in missing)
                + "\n\n" + _("Fill them in, or create a draft."),
            )
            return
        super().accept()

    def _languages(self) -> tuple[str, str]:
        first, _plus, language = str(self.language.currentData()).rpartition("+")
        return first or "de", language

    def _language_changed(self) -> None:
        self.digits.setEnabled(self._languages()[1] == "ar")

    def choice(self) -> MouChoice:
        qdate = self.date.date()
        first, language = self._languages()
        chosen = {}
        for row in range(self.clause_list.count()):
            item = self.clause_list.item(row)
            name = str(item.data(Qt.ItemDataRole.UserRole))
            on = item.checkState() == Qt.CheckState.Checked
            if on != self.defaults[name]:
                chosen[name] = on
        return MouChoice(
            language=language,
            draft=None if self.final_radio.isChecked() else self.draft_number.value(),
            on=date(qdate.year(), qdate.month(), qdate.day()),
            clauses=chosen,
            equal_versions=self.equal_versions.isEnabled() and self.equal_versions.isChecked(),
            deputy_id=self.signer.currentData(),
            personal_contacts=frozenset(i for i, check in self.contact_boxes.items() if check.isChecked()),
            format=self.format.currentData(),
            first_language=first,
            digits=self.digits.currentData() if language == "ar" else "latin",
        )
