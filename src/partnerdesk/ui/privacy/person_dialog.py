"""*Datenschutz → Auskunft zu einer Person…*: which person (name, e-mail or id), and in which format.

The person is looked up as the command line does (``services.privacy_people.find_people``):
an unknown person is said in the dialog; a name that fits several contacts lists them, with
what tells them apart, to choose from. Nothing is written until a person is chosen and the
user named a file.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from partnerdesk.domain.errors import PartnerDeskError
from partnerdesk.domain.records import Contact
from partnerdesk.i18n import _, ngettext
from partnerdesk.services.privacy_people import AmbiguousPersonError, Candidate, find_people
from partnerdesk.services.workspace import Database
from partnerdesk.ui.background import call

ERROR_STYLE = "color: #b3261e;"


class PersonDialog(QDialog):
    """Choose the person (and the format) for an Auskunft; ``people()`` after ``exec()``."""

    def __init__(self, db: Database, parent: QWidget | None = None, text: str = "", *, title: str = "") -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle(title or _("Information about a person"))
        self._found: list[Contact] = []
        layout = QVBoxLayout(self)
        intro = QLabel(_("Everything PartnerDesk holds about one person (Art. 15 GDPR): name them by name, e-mail "
                         "address or id."), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        row = QHBoxLayout()
        self.person = QLineEdit(text, self)
        self.person.setObjectName("person")
        self.person.setPlaceholderText(_("e.g. “Ama Mensah” or “ama.mensah@kumasi.example”"))
        self.search = QPushButton(_("&Look up"), self)
        self.search.setObjectName("look_up")
        row.addWidget(self.person, 1)
        row.addWidget(self.search)
        form.addRow(_("Person:"), row)
        formats = QHBoxLayout()
        self.pdf = QRadioButton(_("PDF for the person"), self)
        self.json = QRadioButton(_("JSON for the file"), self)
        self.pdf.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.pdf)
        group.addButton(self.json)
        formats.addWidget(self.pdf)
        formats.addWidget(self.json)
        formats.addStretch(1)
        form.addRow(_("Format:"), formats)
        layout.addLayout(form)
        self.message = QLabel(self)
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.matches = QListWidget(self)
        self.matches.setObjectName("matches")
        self.matches.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        layout.addWidget(self.matches, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(_("&Write…"))
        # Enter in the person field looks up; it must not write at once.
        self.ok.setAutoDefault(False)
        self.ok.setDefault(False)
        self.search.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.search.clicked.connect(self.look_up)
        self.person.returnPressed.connect(self.look_up)
        self.person.textEdited.connect(lambda _text: self._clear())
        self.matches.itemSelectionChanged.connect(self._update)
        self.resize(620, 360)
        self._clear()
        if text:
            self.look_up()

    def _clear(self) -> None:
        self._found = []
        self.matches.clear()
        self.message.setText("")
        self._update()

    def _show(self, people: list[Contact] | list[Candidate], *, select: bool) -> None:
        self.matches.clear()
        for entry in people:
            contact = entry.contact if isinstance(entry, Candidate) else entry
            label = entry.label if isinstance(entry, Candidate) else f"{contact.display_name} ({contact.id})"
            item = QListWidgetItem(label, self.matches)
            item.setData(Qt.ItemDataRole.UserRole, contact)
            item.setSelected(select)

    def look_up(self) -> None:
        """Find the person typed in; say what went wrong in the dialog (no message box)."""
        self._clear()
        try:
            found = call(self.db, find_people, self.db, self.person.text())
        except AmbiguousPersonError as exc:
            self._show(exc.people, select=False)
            self.message.setStyleSheet("")
            self.message.setText(ngettext(
                "“{text}” fits {count} contact: choose the one you mean.",
                "“{text}” fits {count} contacts: choose the one you mean (or several, if they are one person).",
                len(exc.people)).format(text=self.person.text().strip(), count=len(exc.people)))
        except PartnerDeskError as exc:
            self.message.setStyleSheet(ERROR_STYLE)
            self.message.setText(exc.message)
        else:
            self._show(found, select=True)
            self.message.setStyleSheet("")
            self.message.setText(ngettext("Found {count} contact record.", "Found {count} contact records (one e-mail "
                                          "address).", len(found)).format(count=len(found)))
        self._update()

    def _update(self) -> None:
        self.ok.setEnabled(bool(self.people()))

    def people(self) -> list[Contact]:
        """The contacts chosen (selected in the list)."""
        found = [item.data(Qt.ItemDataRole.UserRole) for item in self.matches.selectedItems()]
        return [c for c in found if isinstance(c, Contact)]

    def format(self) -> str:
        return "json" if self.json.isChecked() else "pdf"
