"""*Datenschutz → Fällige Prüfungen*: the contacts whose retention period has run out (or who have
no legal basis), with "behalten (Begründung)" and "löschen".

"Behalten" asks for a reason and records it with the day and the user (``services.retention``);
the contact leaves the list until its next period. "Löschen" deletes the contact through the
window's delete, which first shows what the deletion touches (and can be undone).
"""

from __future__ import annotations

import importlib
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from partnerdesk.i18n import N_, _, ngettext
from partnerdesk.services import retention
from partnerdesk.services.retention import ReviewDue
from partnerdesk.ui import background
from partnerdesk.ui.errors import user_errors
from partnerdesk.ui.screen_fit import fit_to_content
from partnerdesk.ui.widgets.record_list_table import record_list_table

COLUMNS = [N_("Due on"), N_("Contact"), N_("Why"), N_("Last kept")]


class ContactReviewsDialog(QDialog):
    """The contacts due for review; ``window`` is the main window (opening and deleting)."""

    def __init__(self, window: Any, parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(parent or window)
        self.window_ = window
        self.today = today or date.today()
        self.setWindowTitle(_("Reviews due"))
        self.setObjectName("contact_reviews_dialog")
        self.items: list[ReviewDue] = []
        layout = QVBoxLayout(self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = record_list_table(self, COLUMNS)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _index: self.open_contact())
        layout.addWidget(self.table)
        buttons = QHBoxLayout()
        self.open_button = QPushButton(_("&Open contact"), self)
        self.keep_button = QPushButton(_("&Keep (reason)…"), self)
        self.erase_button = QPushButton(_("&Delete…"), self)
        self.keep_button.setToolTip(_("Keep the contact: the reason is recorded with the date and your name, and the "
                                      "contact is listed again after its next period."))
        self.erase_button.setToolTip(_("Delete the contact; what the deletion touches is shown first."))
        self.open_button.clicked.connect(self.open_contact)
        self.keep_button.clicked.connect(self.keep_current)
        self.erase_button.clicked.connect(self.erase_current)
        close = QPushButton(_("Close"), self)
        close.clicked.connect(self.accept)
        for button in (self.open_button, self.keep_button, self.erase_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.refresh()
        self.resize(max(self.width(), 820), max(self.height(), 420))
        fit_to_content(self)

    @property
    def db(self) -> Any:
        return self.window_.db

    def refresh(self) -> None:
        with user_errors(self):
            self.items = background.call(self.db, retention.reviews_due, self.db, self.today)
        self.table.setRowCount(len(self.items))
        for row, item in enumerate(self.items):
            kept = (_("{date} by {user}: {reason}").format(date=item.last_kept_on.strftime("%d.%m.%Y"),
                                                          user=item.last_kept_by, reason=item.last_reason)
                    if item.last_kept_on else "")
            for column, text in enumerate((item.due_on.strftime("%d.%m.%Y"), item.name, item.why(), kept)):
                cell = QTableWidgetItem(text)
                cell.setData(Qt.ItemDataRole.UserRole, item.contact_id)
                self.table.setItem(row, column, cell)
        self.table.resizeColumnsToContents()
        self.summary.setText(
            ngettext("{n} contact is due for review by the retention rule of its legal basis (settings).",
                     "{n} contacts are due for review by the retention rule of their legal basis (settings).",
                     len(self.items)).format(n=len(self.items))
            if self.items else _("No contact is due for review."))
        self._update_buttons()

    def current(self) -> ReviewDue | None:
        row = self.table.currentRow()
        return self.items[row] if 0 <= row < len(self.items) and self.table.selectedItems() else None

    def _update_buttons(self) -> None:
        chosen = self.current() is not None
        writable = not self.db.read_only
        self.open_button.setEnabled(chosen)
        self.keep_button.setEnabled(chosen and writable)
        self.erase_button.setEnabled(chosen and writable)

    def open_contact(self) -> None:
        item = self.current()
        if item is not None:
            self.window_.open_record("contacts", item.contact_id)

    def keep_current(self, reason: str | None = None) -> bool:
        """Ask for the reason (``reason`` given: tests) and record "behalten"."""
        item = self.current()
        if item is None:
            return False
        if reason is None:
            reason, ok = QInputDialog.getMultiLineText(
                self, _("Keep contact"), _("Why is {name} still needed? (recorded with the date and your name)").format(
                    name=item.name))
            if not ok:
                return False
        kept = False
        with user_errors(self):
            background.call(self.db, retention.keep, self.db, item.contact_id, reason)
            kept = True
        self.refresh()
        return kept

    def erase_current(self) -> bool:
        """The erasure with proof (*Löschen mit Nachweis*, its preview first) where it is installed;
        else the window's delete of the contact (which also shows what the deletion touches first)."""
        item = self.current()
        if item is None:
            return False
        try:  # the erasure lane's dialog (issue 22), where it is installed
            erasure: Any = importlib.import_module("partnerdesk.ui.privacy.erase_dialog")
        except ImportError:
            erasure = None
        if erasure is not None:
            done = erasure.erase_with_proof(self.window_, item.contact_id) is not None
        else:
            controller = self.window_.edit_controller
            done = controller is not None and bool(controller.delete("contacts", [item.contact_id]))
        self.refresh()
        return done
