"""The "Wiedervorlagen" tab: every follow-up as a row of its own (filter offen/überfällig/
erledigt), its activity one Enter away, ticked done or opened again (undo puts it back)."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import (
    QCheckBox,
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
from partnerdesk.domain.text import sort_key
from partnerdesk.i18n import _, ngettext
from partnerdesk.services import follow_ups, me, responsible
from partnerdesk.services.follow_ups import FollowUpLine, FollowUpState
from partnerdesk.ui import background
from partnerdesk.ui.due.model import OVERDUE_COLOUR, DatedRowsModel, OpenOnEnterTable, show_beside
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
    roles = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole, LINE_ROLE})

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        #: The header's sort (column, order), kept when the list is read again.
        self._sorted_by: tuple[int, Qt.SortOrder] | None = None

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
            return self.names.get(line.responsible or "", "")
        if role == Qt.ItemDataRole.ForegroundRole and state is FollowUpState.OVERDUE:
            return OVERDUE_COLOUR
        if role == Qt.ItemDataRole.ToolTipRole and column in ("text", "activity"):
            return line.text if column == "text" else line.activity_title  # the whole text where the column cuts it
        if role == LINE_ROLE:
            return line
        return None

    def set_rows(self, rows: Any, today: date, names: dict[str, str]) -> None:
        super().set_rows(rows, today, names)
        if self._sorted_by is not None:
            self.sort(*self._sorted_by)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """By the column's values (a click on its header), ties in the list's own order (by date)."""
        if not 0 <= column < len(self.columns):
            return
        self._sorted_by = (column, order)
        key, today = self.columns[column][0], self.today
        states = {FollowUpState.OVERDUE: 0, FollowUpState.OPEN: 1, FollowUpState.DONE: 2}

        def value(line: FollowUpLine) -> Any:
            if key == "due":
                return (line.due_date is None, line.due_date or date.min)
            if key == "state":
                return states[line.state(today)]
            if key == "text":
                return sort_key(line.text)
            if key == "activity":
                return sort_key(line.activity_title)
            return sort_key(self.names.get(line.responsible or "", ""))

        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        ids = [self.rows[i.row()].id if 0 <= i.row() < len(self.rows) else None for i in before]
        self.rows.sort(key=value, reverse=order == Qt.SortOrder.DescendingOrder)
        where = {line.id: n for n, line in enumerate(self.rows)}
        self.changePersistentIndexList(before, [
            self.index(where[i], index.column()) if i in where else QModelIndex() for i, index in zip(ids, before, strict=True)
        ])
        self.layoutChanged.emit()


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


def _read(db: Any, today: date, state: FollowUpState | None, mine: bool,
          ) -> tuple[list[FollowUpLine], dict[str, str], str | None]:
    """The lines, the names of the city's staff and who "I" am, in one call (one read on a server)."""
    me_id = me.me(db) if mine else None
    lines = [] if mine and me_id is None else follow_ups.follow_up_lines(db, today, state, responsible_id=me_id)
    return lines, {c.id: c.name for c in responsible.city_staff(db)}, me_id


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
        self.mine = QCheckBox(_("only mine"), self)
        self.mine.setObjectName("follow_ups_mine")
        self.mine.setToolTip(_("Only the follow-ups you are responsible for (yourself, or through the project or "
                               "partnership); who you are is chosen under “I am” on the tab “Due”"))
        self.table = OpenOnEnterTable(self, self.model, self.open_current, "follow_ups_table")
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        # The columns fit the rows in view (the whole texts are in the tooltips): sizing them to a
        # thousand rows' texts at each refresh cost as much as reading the list (bench/due_bench.py data).
        self.table.horizontalHeader().setResizeContentsPrecision(0)
        # A click on a column's header sorts by it (again: the other way round); by date at first.
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("Show:"), self))
        bar.addWidget(self.state)
        bar.addWidget(self.mine)
        bar.addWidget(self.summary)
        bar.addStretch(1)
        bar.addWidget(self.toggle_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table)
        self.state.currentIndexChanged.connect(lambda _i: self.refresh())
        self.mine.toggled.connect(lambda _on: self.refresh())
        self.toggle_button.clicked.connect(self.toggle_current)
        self.table.doubleClicked.connect(lambda _index: self.open_current())
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._current_changed())

    def refresh(self) -> None:
        db = self.main.db
        today = date.today()
        value = self.state.currentData()
        mine = self.mine.isChecked()
        with user_errors(self):
            lines, names, me_id = background.call(db, _read, db, today, FollowUpState(value) if value else None, mine)
            self.model.set_lines(lines, today, names)
        self.loaded = True
        if mine and me_id is None:
            self.summary.setText(_("Choose who you are under “I am” on the tab “Due” to see only yours."))
        else:
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

    def _current_changed(self) -> None:
        self._update_button()
        self.show_current_beside()

    def show_current_beside(self) -> None:
        """The selected follow-up's activity in the form and relationships (while this tab is in front)."""
        line = self.current_line()
        if line is not None and self.main.tabs.currentWidget() is self:
            show_beside(self.main, "activities", line.activity_id)

    def _update_button(self) -> None:
        line = self.current_line()
        self.toggle_button.setEnabled(line is not None)
        self.toggle_button.setText(_("Open again") if line is not None and line.done else _("Tick done"))
