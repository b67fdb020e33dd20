"""Dialogs of the office database on a server: "Bürodatenbank verbinden…" and the password.

The password dialog appears only when the server asks for a password (single sign-on
needs none); "Passwort merken" keeps it in the operating system's credential store,
never in the settings.
"""

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

from partnerdesk.i18n import _
from partnerdesk.services.workspace import AskPassword, Login


class ConnectDialog(QDialog):
    """Where the office database is: a service name (from the IT) or a postgresql:// address."""

    def __init__(self, parent: QWidget | None, suggestion: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("connect_dialog")
        self.setWindowTitle(_("Connect to the office database"))
        layout = QVBoxLayout(self)
        explanation = QLabel(
            _(
                "The name of the service the IT set up (for example partnerdesk), or the address of the "
                "database (postgresql://db.stadt.example/partnerdesk). With single sign-on no password is asked."
            )
        )
        explanation.setWordWrap(True)
        layout.addWidget(explanation)
        form = QFormLayout()
        self.address = QLineEdit(suggestion)
        self.address.setObjectName("server_address")
        self.address.setPlaceholderText("partnerdesk")
        form.addRow(_("Service name or address:"), self.address)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Connect"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.buttons = buttons

    def text(self) -> str:
        return self.address.text().strip()


class PasswordDialog(QDialog):
    """The password the server asks for; ``problem`` says why it is asked again."""

    def __init__(self, parent: QWidget | None, where: str, user: str, problem: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("password_dialog")
        self.setWindowTitle(_("Password for the office database"))
        layout = QVBoxLayout(self)
        if problem:
            warning = QLabel(problem)
            warning.setObjectName("password_problem")
            warning.setWordWrap(True)
            warning.setStyleSheet("QLabel { color: #a00; }")
            layout.addWidget(warning)
        question = QLabel(_("The office database {where} asks for the password of {user}.").format(where=where, user=user))
        question.setWordWrap(True)
        layout.addWidget(question)
        form = QFormLayout()
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(_("Password:"), self.password)
        layout.addLayout(form)
        self.remember = QCheckBox(_("Remember the password in the system's credential store"))
        self.remember.setObjectName("remember_password")
        layout.addWidget(self.remember)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Log in"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def login(self) -> Login:
        return Login(self.password.text(), self.remember.isChecked())


def ask_password(parent: QWidget | None) -> AskPassword:
    """The ``Questions.password`` callback of the window: the dialog, ``None`` if cancelled."""

    def ask(where: str, user: str, problem: str) -> Login | None:
        dialog = PasswordDialog(parent, where, user, problem)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.login()

    return ask
