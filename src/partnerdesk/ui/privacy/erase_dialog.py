"""*Datenschutz → Löschen mit Nachweis…*: erasing a person (GDPR Art. 17), preview first.

The dialog looks the person up (id, e-mail or an unambiguous part of the name), shows what will
happen - the links removed, the partnerships left without a contact, how many history entries
will read "Datensatz gelöscht am … von …" - and lists, one by one with a checkbox each, the
free-text mentions (guesses: none is blanked unless ticked) and the backups and merge reports
that still hold the person (kept, rewritten without the person, or deleted). The legal reason is
required. "Löschen" erases in one transaction (``services.privacy_erase``); a person who is the
only contact of a partnership is named first and the user goes on or cancels.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from partnerdesk.domain.errors import PartnerDeskError
from partnerdesk.i18n import _, ngettext
from partnerdesk.services import privacy_backups
from partnerdesk.services import privacy_erase as pe
from partnerdesk.services.erasure_mentions import Person
from partnerdesk.services.privacy_texts import mention_text, unlink_text
from partnerdesk.ui import background
from partnerdesk.ui.errors import show_problem, user_errors

#: What happens to the backups and merge reports holding the person: (key, label).
BACKUP_CHOICES: list[tuple[str, Callable[[], str]]] = [
    ("keep", lambda: _("Keep them (they expire by rotation)")),
    ("rewrite", lambda: _("Rewrite them without the person")),
    ("delete", lambda: _("Delete them")),
]


class ErasureDialog(QDialog):
    """Erase one person with proof. ``ask(question) -> bool`` answers the only-contact question
    (a message box by default; tests pass their own)."""

    def __init__(self, db: Any, parent: QWidget | None = None, text: str = "",
                 ask: Callable[[str], bool] | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.ask = ask or self._ask
        self.plan: pe.ErasurePlan | None = None
        self.person_data: Person | None = None
        self.copies: list[privacy_backups.HeldCopy] = []
        self.result_: pe.ErasureResult | None = None
        self.setWindowTitle(_("Erasure with proof"))
        self.setObjectName("erasure_dialog")
        self.person = QLineEdit(text)
        self.person.setPlaceholderText(_("Name, e-mail or id of the contact"))
        self.look = QPushButton(_("&Show what will happen"))
        self.look.clicked.connect(self.show_plan)
        self.person.returnPressed.connect(self.show_plan)
        row = QHBoxLayout()
        row.addWidget(self.person, 1)
        row.addWidget(self.look)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.links = QListWidget()
        self.mentions = QListWidget()
        self.mentions.setObjectName("erasure_mentions")
        self.backups = QListWidget()
        self.backup_choice = QComboBox()
        for key, label in BACKUP_CHOICES:
            self.backup_choice.addItem(label(), key)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(_("for example “Art. 17 Abs. 1 lit. a DSGVO”, “Widerruf der Einwilligung”"))
        form = QFormLayout()
        form.addRow(_("&Person:"), row)
        form.addRow(self.summary)
        form.addRow(_("Links removed:"), self.links)
        form.addRow(_("Mentions in free text (guesses; tick those to blank):"), self.mentions)
        form.addRow(_("Backups and merge reports holding the person:"), self.backups)
        form.addRow(_("&Backups:"), self.backup_choice)
        form.addRow(_("&Legal reason:"), self.reason)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.erase_button = self.buttons.addButton(_("&Erase"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.erase_button.setEnabled(False)
        self.buttons.accepted.connect(self.erase)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.resize(720, 640)
        if text:
            self.show_plan()

    # The preview ------------------------------------------------------------------------------

    def show_plan(self) -> None:
        """Look the person up and show what erasing them would do (nothing is written)."""
        self.plan, self.person_data, self.copies = None, None, []
        for widget in (self.links, self.mentions, self.backups):
            widget.clear()
        self.summary.clear()
        self.erase_button.setEnabled(False)
        try:
            contact_id = background.call(self.db, pe.find_person, self.db, self.person.text())
            plan = background.call(self.db, pe.plan_erasure, self.db, contact_id)
            self.person_data = background.call(self.db, pe.person_of, self.db, contact_id)
            self.copies = privacy_backups.copies_holding(self.db, self.person_data)
        except PartnerDeskError as exc:  # unknown, ambiguous (the candidates named), a vanished database
            show_problem(self, exc)
            return
        self.plan = plan
        lines = [_("Erasure with proof: {name} ({id})").format(name=plan.label, id=plan.contact_id)]
        if plan.only_contact_of:
            lines.append(ngettext("The person is the only contact of this partnership:",
                                  "The person is the only contact of these partnerships:", len(plan.only_contact_of))
                         + " " + "; ".join(plan.only_contact_of))
        lines.append(ngettext("{count} history entry of the person will read “Record erased on … by …”.",
                              "{count} history entries of the person will read “Record erased on … by …”.",
                              plan.history_entries).format(count=plan.history_entries))
        self.summary.setText("\n".join(lines))
        for u in plan.unlinks:
            self.links.addItem(unlink_text(u))
        for m in plan.mentions:
            item = QListWidgetItem(mention_text(m))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, m.key)
            self.mentions.addItem(item)
        for c in self.copies:
            state = "" if c.readable else " " + _("(encrypted: can only be deleted)")
            self.backups.addItem(f"{c.written:%d.%m.%Y %H:%M}  {c.path}{state} ({c.expiry_text()})")
        self.backup_choice.setEnabled(bool(self.copies))
        self.erase_button.setEnabled(True)

    def chosen_mentions(self) -> list[str]:
        return [str(self.mentions.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.mentions.count())
                if self.mentions.item(i).checkState() == Qt.CheckState.Checked]

    # The erasure ------------------------------------------------------------------------------

    def erase(self) -> None:
        """Erase (after the only-contact question, if any); the dialog closes when it is done."""
        plan, person = self.plan, self.person_data
        if plan is None or person is None:
            return
        proceed = False
        if plan.only_contact_of:
            question = ngettext(
                "{name} is the only contact of the partnership {names}. Erase anyway?",
                "{name} is the only contact of {count} partnerships: {names}. Erase anyway?",
                len(plan.only_contact_of),
            ).format(name=plan.label, count=len(plan.only_contact_of), names="; ".join(plan.only_contact_of))
            if not self.ask(question):
                return
            proceed = True
        with user_errors(self):
            self.result_ = background.call(
                self.db, pe.erase_person, self.db, plan.contact_id, reason=self.reason.text(),
                blank=self.chosen_mentions(), proceed_if_only_contact=proceed, backups_holding=len(self.copies))
            mode = str(self.backup_choice.currentData())
            if self.copies and mode != "keep":
                from partnerdesk.services.history_writer import system_user

                privacy_backups.purge(self.copies, person, mode, pe.value_erasure_text(system_user()))
            self.accept()

    def _ask(self, question: str) -> bool:
        answer = QMessageBox.question(self, _("Erasure with proof"), question,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                                      QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Yes


def erase_with_proof(window: Any, text: str = "", *, ask: Callable[[str], bool] | None = None,
                     run: Callable[[ErasureDialog], None] | None = None) -> pe.ErasureResult | None:
    """Open the dialog (``run`` drives it in tests instead of ``exec``); refresh the window after an erasure."""
    dialog = ErasureDialog(window.db, window, text, ask)
    if run is not None:
        run(dialog)
    else:
        dialog.exec()
    result = dialog.result_
    if result is not None:
        for kind in ("contacts", "projects", "activities", "partnerships", "organisations", "decisions"):
            window.records_changed.emit(kind)
        window.statusBar().showMessage(
            _("Erased. Deletion log entry no. {number}.").format(number=result.log_id), 10_000)
    return result
