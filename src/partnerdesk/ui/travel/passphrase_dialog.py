"""Asking for a travel copy's passphrase: once to open, twice (or "unencrypted") to create."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from partnerdesk.i18n import _, ngettext
from partnerdesk.travel.travelfile import MIN_PASSPHRASE
from partnerdesk.ui.screen_fit import fit_to_content, room


class PassphraseDialog(QDialog):
    """``create=False``: one field. ``create=True``: two fields and the (warned) unencrypted option.

    After ``exec()`` returned ``Accepted``, ``passphrase()`` is the text, or ``None`` when the
    user chose no encryption.
    """

    def __init__(self, parent: QWidget | None, *, create: bool, file_name: str = "", problem: str = "") -> None:
        super().__init__(parent)
        self.creating = create  # not "create": that would hide QWidget.create()
        self.setObjectName("travel_passphrase_dialog")
        self.setWindowTitle(_("Create travel copy") if create else _("Open travel copy"))
        layout = QVBoxLayout(self)
        intro = (
            _("The travel copy is encrypted with this passphrase. Without it nobody can read the file — "
              "nor can you: keep the passphrase safe, but not with the laptop.")
            if create
            else _("{name} is an encrypted travel copy (Reisekopie). Enter its passphrase.").format(name=file_name)
        )
        text = QLabel(intro, self)
        text.setWordWrap(True)
        layout.addWidget(text)
        self.problem = QLabel(problem, self)
        self.problem.setObjectName("passphrase_problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.setVisible(bool(problem))
        form = QFormLayout()
        self.first = QLineEdit(self)
        self.first.setObjectName("passphrase")
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(_("&Passphrase:"), self.first)
        # Said before the first try, not only in the error after it.
        self.rule = QLabel(
            ngettext("At least {count} character.", "At least {count} characters.", MIN_PASSPHRASE).format(
                count=MIN_PASSPHRASE), self)
        self.rule.setObjectName("passphrase_rule")
        self.rule.setWordWrap(True)
        if create:
            form.addRow("", self.rule)
        else:
            self.rule.hide()
        self.second = QLineEdit(self)
        self.second.setObjectName("passphrase_repeat")
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        self.unencrypted = QCheckBox(_("Write &without encryption (not recommended)"), self)
        self.unencrypted.setObjectName("unencrypted")
        self.warning = QLabel(
            _("Warning: an unencrypted travel copy can be read by anyone who finds the laptop or the "
              "USB stick — including all contacts' personal data."), self)
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #b00020;")
        self.warning.hide()
        if create:
            form.addRow(_("&Repeat:"), self.second)
        else:
            self.second.hide()
            self.unencrypted.hide()
        layout.addLayout(form)
        if create:
            layout.addWidget(self.unencrypted)
            layout.addWidget(self.warning)
        layout.addWidget(self.problem)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, parent=self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self._check)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.unencrypted.toggled.connect(self._toggle_encryption)
        # Wide enough that the explanations wrap into a few lines rather than a narrow column.
        self.setMinimumWidth(min(self.fontMetrics().averageCharWidth() * 60, room(self).width()))
        fit_to_content(self)

    def _toggle_encryption(self, unencrypted: bool) -> None:
        self.first.setEnabled(not unencrypted)
        self.second.setEnabled(not unencrypted)
        self.warning.setVisible(unencrypted)
        self._grow()

    def _say(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(True)
        self._grow()

    def _grow(self) -> None:
        """Make room for a message that appeared: a top-level dialog does not grow by itself,
        and a wrapped message was cut off after its first line."""
        layout = self.layout()
        assert layout is not None
        layout.activate()
        width = self.width()
        needed = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else layout.totalSizeHint().height()
        if needed > self.height():
            self.resize(width, min(needed, room(self).height()))

    def _check(self) -> None:
        if self.creating and not self.unencrypted.isChecked():
            if len(self.first.text()) < MIN_PASSPHRASE:
                self._say(ngettext("The passphrase must have at least {count} character.",
                                   "The passphrase must have at least {count} characters.", MIN_PASSPHRASE
                                   ).format(count=MIN_PASSPHRASE))
                return
            if self.first.text() != self.second.text():
                self._say(_("The two passphrases differ."))
                return
        elif not self.creating and not self.first.text():
            self._say(_("Please enter the passphrase."))
            return
        self.accept()

    def passphrase(self) -> str | None:
        if self.creating and self.unencrypted.isChecked():
            return None
        return self.first.text()
