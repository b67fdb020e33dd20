"""*Datenschutz → Speicherfristen und Rotation…*: the retention rule of each legal basis, the
rotation rule of each kind of backup, and after how many days a travel copy is overdue.

Stored in ``settings.ini`` like every option (declared here with ``group="retention"``, so the
general settings dialog leaves them to this one); read without Qt by ``services.retention``,
``persistence.rotation`` and ``travel.register``. README "Datenschutz" lists the defaults.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from partnerdesk.domain.enums import LegalBasis
from partnerdesk.domain.retention import DEFAULT_ROTATION, DEFAULT_YEARS, BackupKind, rotation_key
from partnerdesk.i18n import N_, _
from partnerdesk.services.retention import rule_key
from partnerdesk.travel.register import DEFAULT_WARN_DAYS, WARN_DAYS_KEY
from partnerdesk.ui.screen_fit import fit_to_content
from partnerdesk.ui.settings import Option, Settings, declare_option

GROUP = "retention"
_BASIS_LABELS: dict[LegalBasis | None, str] = {
    LegalBasis.CONSENT: N_("Consent: years after the withdrawal"),
    LegalBasis.CONTRACT: N_("Contract: years after the last activity"),
    LegalBasis.PUBLIC_TASK: N_("Public task: years after the last activity"),
    LegalBasis.LEGITIMATE_INTEREST: N_("Legitimate interest: years after the last activity"),
    None: N_("No legal basis: years after the contact was entered"),
}
for _basis, _label in _BASIS_LABELS.items():
    declare_option(Option(rule_key(_basis), int, DEFAULT_YEARS[_basis], _label, minimum=0, maximum=100, group=GROUP))
for _kind, _rule in DEFAULT_ROTATION.items():
    if _kind is not BackupKind.DAILY:  # their number is "Automatic backups to keep" of the settings
        declare_option(Option(rotation_key(_kind, "newest"), int, _rule.keep_newest, N_("Keep at least the newest"),
                              minimum=0, maximum=365, group=GROUP))
    declare_option(Option(rotation_key(_kind, "days"), int, _rule.keep_days, N_("Keep every one younger than (days)"),
                          minimum=0, maximum=3650, group=GROUP))
declare_option(Option(WARN_DAYS_KEY, int, DEFAULT_WARN_DAYS, N_("Travel copy overdue after (days)"), minimum=1,
                      maximum=3650, group=GROUP))


class RetentionSettingsDialog(QDialog):
    """Edits the retention, rotation and travel-copy options; OK saves, Cancel leaves them."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle(_("Retention periods and rotation"))
        self.setObjectName("retention_settings_dialog")
        self.editors: dict[str, QSpinBox] = {}
        layout = QVBoxLayout(self)
        contacts = QGroupBox(_("Contacts: review after (by legal basis)"), self)
        form = QFormLayout(contacts)
        for basis, label in _BASIS_LABELS.items():
            form.addRow(_(label), self._spin(rule_key(basis), _("at once")))
        layout.addWidget(contacts)
        backups = QGroupBox(_("Backups and merge reports: keep"), self)
        grid = QGridLayout(backups)
        grid.addWidget(QLabel(_("at least the newest"), backups), 0, 1)
        grid.addWidget(QLabel(_("every one younger than (days)"), backups), 0, 2)
        for row, kind in enumerate(BackupKind, start=1):
            grid.addWidget(QLabel(kind.label, backups), row, 0)
            if kind is not BackupKind.DAILY:
                grid.addWidget(self._spin(rotation_key(kind, "newest"), _("none")), row, 1)
            grid.addWidget(self._spin(rotation_key(kind, "days"), _("only the newest")), row, 2)
        layout.addWidget(backups)
        travel = QGroupBox(_("Travel copies"), self)
        QFormLayout(travel).addRow(_("Overdue after (days)"), self._spin(WARN_DAYS_KEY, ""))
        layout.addWidget(travel)
        note = QLabel(_("The number of daily backups is set under File → Settings (“Automatic backups to keep”)."), self)
        note.setWordWrap(True)
        layout.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        fit_to_content(self)

    def _spin(self, key: str, zero_text: str) -> QSpinBox:
        from partnerdesk.ui.settings import OPTIONS

        option = OPTIONS[key]
        spin = QSpinBox(self)
        spin.setObjectName(f"option_{key}")
        spin.setRange(option.minimum, option.maximum)
        if zero_text and option.minimum == 0:
            spin.setSpecialValueText(zero_text)
        spin.setValue(int(self.settings.get(key)))
        self.editors[key] = spin
        return spin

    def accept(self) -> None:
        for key, spin in self.editors.items():
            self.settings.set(key, spin.value())
        super().accept()
