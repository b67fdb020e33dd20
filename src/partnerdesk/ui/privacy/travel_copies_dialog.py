"""*Reise → Reisekopien*: the register of travel copies (``travel.register``).

Who checked out which copy when, of which partnerships, encrypted or not, and whether it was
merged back, destroyed or reported lost; copies out longer than the settings' days are marked
overdue. "Als verloren melden" records the loss and shows what the copy held, for the
data-protection officer (the text can be copied).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from partnerdesk.i18n import N_, _, ngettext
from partnerdesk.services import retention
from partnerdesk.travel import register
from partnerdesk.travel.register import TravelCopy
from partnerdesk.ui import background
from partnerdesk.ui.errors import user_errors
from partnerdesk.ui.screen_fit import fit_to_content
from partnerdesk.ui.widgets.record_list_table import record_list_table

COLUMNS = [N_("Checked out"), N_("By"), N_("Holds"), N_("Encryption"), N_("State"), N_("File")]
OVERDUE = QColor("#b3261e")


class TravelCopiesDialog(QDialog):
    def __init__(self, db: Any, parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.today = today or date.today()
        self.setWindowTitle(_("Travel copies"))
        self.setObjectName("travel_copies_dialog")
        self.copies: list[TravelCopy] = []
        self.days = register.warn_days()
        layout = QVBoxLayout(self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = record_list_table(self, COLUMNS)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        layout.addWidget(self.table)
        buttons = QHBoxLayout()
        self.destroyed_button = QPushButton(_("Declare &destroyed…"), self)
        self.lost_button = QPushButton(_("Report &lost…"), self)
        self.destroyed_button.clicked.connect(lambda: self.declare(register.DESTROYED))
        self.lost_button.clicked.connect(lambda: self.declare(register.LOST))
        close = QPushButton(_("Close"), self)
        close.clicked.connect(self.accept)
        buttons.addWidget(self.destroyed_button)
        buttons.addWidget(self.lost_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.refresh()
        self.resize(max(self.width(), 880), max(self.height(), 380))
        fit_to_content(self)

    def refresh(self) -> None:
        with user_errors(self):
            self.copies = background.call(self.db, register.copies, self.db)
        self.table.setRowCount(len(self.copies))
        overdue = 0
        for row, copy in enumerate(self.copies):
            late = copy.is_overdue(self.today, self.days)
            overdue += late
            state = copy.status_text() + (" – " + _("overdue") if late else "")
            texts = (copy.checked_out_at.astimezone().strftime("%d.%m.%Y %H:%M"), copy.checked_out_by, copy.scope_text(),
                     copy.encryption_text(), state, copy.file_name)
            for column, text in enumerate(texts):
                cell = QTableWidgetItem(text)
                cell.setData(Qt.ItemDataRole.UserRole, copy.checkout_id)
                if late or (column == 3 and copy.encrypted is False):
                    cell.setForeground(QBrush(OVERDUE))
                self.table.setItem(row, column, cell)
        self.table.resizeColumnsToContents()
        out = sum(1 for c in self.copies if c.out)
        self.summary.setText(
            ngettext("{n} copy is out", "{n} copies are out", out).format(n=out) + "; "
            + ngettext("{n} of them out for more than {days} (settings)", "{n} of them out for more than {days} (settings)",
                       overdue).format(n=overdue, days=ngettext("{n} day", "{n} days", self.days).format(n=self.days))
            if self.copies else _("No travel copy has been checked out since the register exists."))
        self._update_buttons()

    def current(self) -> TravelCopy | None:
        row = self.table.currentRow()
        return self.copies[row] if 0 <= row < len(self.copies) and self.table.selectedItems() else None

    def _update_buttons(self) -> None:
        copy = self.current()
        usable = copy is not None and not copy.ended_how and not self.db.read_only
        self.destroyed_button.setEnabled(usable)
        self.lost_button.setEnabled(usable)

    def declare(self, how: str, note: str | None = None) -> list[str] | None:
        """Declare the chosen copy destroyed or lost (``note`` given: tests); for a lost copy the
        lines of what it held, also shown in a message."""
        copy = self.current()
        if copy is None:
            return None
        if note is None:
            question = (_("What happened to the copy {name}? (optional)") if how == register.LOST
                        else _("How was the copy {name} destroyed? (optional)")).format(name=copy.file_name)
            note, ok = QInputDialog.getText(self, _("Travel copies"), question)
            if not ok:
                return None
        result: list[str] | None = None
        with user_errors(self):
            who = retention.user_name(self.db)
            declared = background.call(self.db, register.declare, self.db, copy.checkout_id, how, who, note)
            lines = None
            if how == register.LOST:
                held = background.call(self.db, register.contents, self.db, declared.checkout_id)
                lines = register.lost_report(declared, held)
                box = QMessageBox(QMessageBox.Icon.Warning, _("Travel copy reported lost"),
                                  _("The loss is recorded. Tell the data-protection officer (a breach may have to be "
                                    "reported within 72 hours, Art. 33 GDPR). What the copy held:"), parent=self)
                box.setDetailedText("\n".join(lines))
                box.setObjectName("lost_report")
                box.exec()
            result = lines or []
        self.refresh()
        return result
