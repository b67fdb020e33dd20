"""The "Wiedervorlagen" tab: every follow-up as a row of its own (filter offen/überfällig/
erledigt), its activity one Enter away, ticked done or opened again (undo puts it back)."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from partnerdesk.domain.errors import PartnerDeskError
from partnerdesk.i18n import _, ngettext
from partnerdesk.services import follow_ups, responsible
from partnerdesk.services.follow_ups import FollowUpLine, FollowUpState
from partnerdesk.ui import background
from partnerdesk.ui.due.model import OVERDUE_COLOUR, DatedRowsModel, OpenOnEnterTable
from partnerdesk.ui.errors import show_problem, user_errors

LINE_ROLE = Qt.ItemDataRole.UserRole + 1
COLUMNS = (
    ("due", lambda: _("Due on")),
    ("state", lambda: _("Status")),
    ("text", lambda: _("Follow-up")),
    ("activity", lambda: _("Activity")),
    ("responsible", lambda: _("Responsible")),
)
_Index = QModelIndex | QPersistentModelIndex


class FollowUpsModel(DatedRowsModel):
    columns = COLUMNS

    @property
    def lines(self) -> list[FollowUpLine]:
        return self.rows

    def set_lines(self, lines: list[FollowUpLine], today: date, names: dict[str, str]) -> None:
        self.set_rows(lines, today, names)

    def cell(self, line: FollowUpLine, column: str, role: int) -> Any:
        state = line.state(self.today)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == "due":
                return f"{line.due_date:%d.%m.%Y}" if line.due_date else ""
            if column == "state":
                return state.label
            if column == "text":
                return line.text
            if column == "activity":
                return line.activity_title
            return self.names.get(line.responsible_id or "", "")
        if role == Qt.ItemDataRole.ForegroundRole and state is FollowUpState.OVERDUE:
            return OVERDUE_COLOUR
        if role == LINE_ROLE:
            return line
        return None


class DoneToggled(QUndoCommand):
    """A follow-up ticked done (or opened again) from a list; undo sets it back."""

    def __init__(self, main: Any, activity_id: str, follow_up_id: str, done: bool, text: str) -> None:
        label = _("Tick follow-up done: {text}") if done else _("Open follow-up again: {text}")
        super().__init__(label.format(text=text[:40]))
        self.main, self.activity_id, self.follow_up_id, self.done, self._first = main, activity_id, follow_up_id, done, True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._set(self.done)

    def undo(self) -> None:
        self._set(not self.done)

    def _set(self, done: bool) -> None:
        try:
            background.call(self.main.db, follow_ups.set_done, self.main.db, self.activity_id, self.follow_up_id, done)
        except PartnerDeskError as exc:
            self.setObsolete(True)
            show_problem(self.main, exc)
        self.main.records_changed.emit("activities")


def toggle_done(main: Any, activity_id: str, follow_up_id: str, done: bool, text: str) -> None:
    """Tick done (or open again) now, with an undo step; the window reloads what shows it."""
    background.call(main.db, follow_ups.set_done, main.db, activity_id, follow_up_id, done)
    main.undo_stack.push(DoneToggled(main, activity_id, follow_up_id, done, text))
    main.records_changed.emit("activities")


class FollowUpsView(QWidget):
    def __init__(self, main: Any) -> None:
        super().__init__(main.tabs)
        self.main = main
        self.setObjectName("follow_ups_view")
        self.loaded = False
        self.model = FollowUpsModel(self)
        self.state = QComboBox(self)
        self.state.setObjectName("follow_ups_state")
        self.state.addItem(_("all"), "")
        for state in FollowUpState:
            self.state.addItem(state.label, state.value)
        self.state.setCurrentIndex(self.state.findData(FollowUpState.OPEN.value))
        self.toggle_button = QPushButton(_("Tick done"), self)
        self.toggle_button.setObjectName("follow_ups_toggle")
        self.summary = QLabel(self)
        self.summary.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.state.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.state.setMinimumContentsLength(8)
        self.table = OpenOnEnterTable(self, self.model, self.open_current, "follow_ups_table")
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("Show:"), self))
        bar.addWidget(self.state)
        bar.addWidget(self.summary)
        bar.addStretch(1)
        bar.addWidget(self.toggle_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table)
        self.state.currentIndexChanged.connect(lambda _i: self.refresh())
        self.toggle_button.clicked.connect(self.toggle_current)
        self.table.doubleClicked.connect(lambda _index: self.open_current())
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._update_button())

    def refresh(self) -> None:
        db = self.main.db
        today = date.today()
        value = self.state.currentData()
        with user_errors(self):
            lines = background.call(db, follow_ups.follow_up_lines, db, today, FollowUpState(value) if value else None)
            names = {c.id: c.name for c in background.call(db, responsible.city_staff, db)}
            self.model.set_lines(lines, today, names)
        self.loaded = True
        self.summary.setText(ngettext("{n} follow-up", "{n} follow-ups", len(lines)).format(n=len(lines)))
        self.table.resizeColumnsToContents()
        self._update_button()

    def current_line(self) -> FollowUpLine | None:
        line = self.table.current_row(LINE_ROLE)
        return line if isinstance(line, FollowUpLine) else None

    def open_current(self) -> None:
        line = self.current_line()
        if line is not None:
            self.main.open_record("activities", line.activity_id)

    def toggle_current(self) -> None:
        line = self.current_line()
        if line is not None:
            with user_errors(self):
                toggle_done(self.main, line.activity_id, line.id, not line.done, line.text)

    def _update_button(self) -> None:
        line = self.current_line()
        self.toggle_button.setEnabled(line is not None)
        self.toggle_button.setText(_("Open again") if line is not None and line.done else _("Tick done"))
