"""Deciding the conflicts of a merge: one row per conflict, office / travel copy / at check-out.

Every row needs a decision ("keep office" or "take travel copy"), one by one or all at once;
"Merge" is enabled only when all are decided. "Cancel" leaves both databases as they were.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from partnerdesk.i18n import _, ngettext, quoted
from partnerdesk.travel import labels
from partnerdesk.travel.plan import Conflict
from partnerdesk.ui.screen_fit import fit_dialog

CHOICES = ("", "office", "travel")
COLUMNS = ("record", "field", "office", "travel", "base", "decision")


def choice_label(choice: str) -> str:
    return {"": _("— please choose —"), "office": _("Keep office"), "travel": _("Take travel copy")}[choice]


class ConflictDialog(QDialog):
    def __init__(
        self, conflicts: list[Conflict], parent: QWidget | None = None, names: Callable[[str], str] | None = None
    ) -> None:
        super().__init__(parent)
        self.conflicts = conflicts
        self.setObjectName("travel_conflict_dialog")
        self.setWindowTitle(_("Merge travel copy: conflicts"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            ngettext(
                "{count} change was made differently in the office and on the travel copy. Decide which "
                "version the office database keeps. Nothing is changed until you press “Merge”.",
                "{count} changes were made differently in the office and on the travel copy. Decide for each "
                "which version the office database keeps. Nothing is changed until you press “Merge”.",
                len(conflicts),
            ).format(count=len(conflicts)),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        headers = [_("Record"), _("Field"), _("Office"), _("Travel copy"), _("At check-out"), _("Decision")]
        self.table = QTableWidget(len(conflicts), len(headers), self)
        self.table.setObjectName("conflicts")
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for column in range(len(headers)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        self.combos: list[QComboBox] = []
        for row, conflict in enumerate(conflicts):
            cells = [
                f"{labels.kind_label(conflict.kind)} {quoted(conflict.name)}",
                labels.field_label(conflict.field),
                labels.describe(conflict.kind, conflict.field, conflict.office, names),
                labels.describe(conflict.kind, conflict.field, conflict.travel, names),
                labels.describe(conflict.kind, conflict.field, conflict.base, names)
                if conflict.field is not None else "",
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(f"{labels.situation_label(conflict.situation)}\n{text}")
                self.table.setItem(row, column, item)
            combo = QComboBox(self.table)
            combo.setObjectName(f"decision_{row}")
            for choice in CHOICES:
                combo.addItem(choice_label(choice), choice)
            combo.currentIndexChanged.connect(self._update_buttons)
            self.table.setCellWidget(row, len(cells), combo)
            self.combos.append(combo)
        self.table.resizeColumnsToContents()
        # The record and the field are what a decision is about: they must be in view when the
        # dialog opens, so no column may be so wide that it pushes the next ones out of sight.
        char = self.fontMetrics().averageCharWidth()
        for column, chars in ((0, 32), (1, 20), (2, 26), (3, 26), (4, 26)):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), char * chars))
        self.table.resizeRowsToContents()
        layout.addWidget(self.table)

        all_row = QHBoxLayout()
        self.all_office = QPushButton(_("All: keep &office"), self)
        self.all_office.setObjectName("all_office")
        self.all_travel = QPushButton(_("All: take &travel copy"), self)
        self.all_travel.setObjectName("all_travel")
        self.all_office.clicked.connect(lambda: self.decide_all("office"))
        self.all_travel.clicked.connect(lambda: self.decide_all("travel"))
        all_row.addWidget(self.all_office)
        all_row.addWidget(self.all_travel)
        all_row.addStretch(1)
        layout.addLayout(all_row)

        self.buttons = QDialogButtonBox(self)
        self.merge_button = self.buttons.addButton(_("&Merge"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.merge_button.setObjectName("merge")
        cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(_("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._update_buttons()
        fit_dialog(self, char * 150, self.fontMetrics().height() * 28)
        if self.combos:
            self.combos[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        # Start at the left, at the record and field columns: the focus on the first decision
        # (the last column) scrolls the table right on a narrow screen.
        QTimer.singleShot(0, self, self._scroll_home)

    def _scroll_home(self) -> None:
        self.table.horizontalScrollBar().setValue(0)

    def decide(self, row: int, choice: str) -> None:
        self.combos[row].setCurrentIndex(CHOICES.index(choice))

    def decide_all(self, choice: str) -> None:
        for row in range(len(self.combos)):
            self.decide(row, choice)

    def decisions(self) -> dict[str, str]:
        """``Conflict.key`` -> "office"/"travel" for every decided row."""
        return {
            conflict.key: combo.currentData()
            for conflict, combo in zip(self.conflicts, self.combos, strict=True)
            if combo.currentData()
        }

    def _update_buttons(self) -> None:
        self.merge_button.setEnabled(len(self.decisions()) == len(self.conflicts))
