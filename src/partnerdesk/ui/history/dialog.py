"""*Bearbeiten → Verlauf der Datenbank…*: who changed what, filtered by user, period, register
and name; a double-click (or Enter) opens the record, or offers to restore it if it is deleted.

Everything works from the keyboard: each filter has its Alt letter, Enter in a filter
searches, Enter in the list opens, Alt+W restores, Esc closes.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from partnerdesk.domain.errors import NotFoundError, PartnerDeskError
from partnerdesk.domain.history import HistoryEntry, HistoryFilter
from partnerdesk.i18n import _, ngettext
from partnerdesk.services import history_text
from partnerdesk.services.history_restore import deletion_entry, restore_deleted, why_not_restorable
from partnerdesk.services.records import service_for
from partnerdesk.services.registers import KINDS, register_label
from partnerdesk.ui import background, read_only
from partnerdesk.ui.errors import show_problem, user_errors
from partnerdesk.ui.history import loading
from partnerdesk.ui.models.history_model import DATABASE_COLUMNS, HistoryTableModel
from partnerdesk.ui.widgets.date_fields import DateField

#: The most entries one search shows.
LIMIT = 1_000
_WIDTHS = {"when": 17, "who": 10, "what": 13, "register": 13, "record": 26}


class _ResultTable(QTableView):
    """Enter opens the current entry (as a double-click does)."""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.doubleClicked.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


class DatabaseHistoryDialog(QDialog):
    def __init__(self, window: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self.window_ = window
        self.setObjectName("database_history_dialog")
        self.setWindowTitle(_("Database history"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        self.user = QComboBox(self)
        self.user.setObjectName("history_user")
        self.user.setEditable(True)
        self.user.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.user.addItem("")
        line = self.user.lineEdit()
        assert line is not None  # editable
        line.setPlaceholderText(_("all users"))
        self.since = DateField(self)
        self.since.setObjectName("history_since")
        self.until = DateField(self)
        self.until.setObjectName("history_until")
        self.register = QComboBox(self)
        self.register.setObjectName("history_register")
        self.register.addItem(_("all registers"), "")
        for kind in KINDS:
            self.register.addItem(register_label(kind), kind)
        self.text = QLineEdit(self)
        self.text.setObjectName("history_text")
        self.text.setPlaceholderText(_("part of the record's name"))
        self.text.setClearButtonEnabled(True)
        self.search_button = QPushButton(_("&Search"), self)
        self.search_button.setObjectName("history_search")
        self.search_button.setDefault(True)
        self.search_button.clicked.connect(self.search)

        # Two rows: who and where; when and which name. Each label is the field's Alt letter.
        grid = QGridLayout()
        for row, column, text, field in (
            (0, 0, _("&User:"), self.user), (0, 3, _("Re&gister:"), self.register),
            (1, 0, _("&From:"), self.since), (1, 3, _("&Name:"), self.text),
        ):
            label = QLabel(text, self)
            label.setBuddy(field.focusProxy() or field)
            grid.addWidget(label, row, column)
            grid.addWidget(field, row, column + 1, 1, 1 if field is self.since else 2)
        until_label = QLabel(_("un&til"), self)
        until_label.setBuddy(self.until.edit)
        period = QHBoxLayout()
        period.setContentsMargins(0, 0, 0, 0)
        period.addWidget(until_label)
        period.addWidget(self.until)
        grid.addLayout(period, 1, 2)
        grid.addWidget(self.search_button, 1, 6)
        grid.setColumnStretch(4, 1)
        grid.setColumnStretch(5, 1)
        chars = self.fontMetrics().averageCharWidth()
        self.user.setMinimumWidth(24 * chars)
        self.register.setMinimumWidth(20 * chars)
        top = QHBoxLayout()
        top.addLayout(grid, 1)

        self.note = QLabel(self)
        self.note.setObjectName("history_dialog_note")
        self.note.setWordWrap(True)
        self.model = HistoryTableModel(DATABASE_COLUMNS, self)
        self.table = _ResultTable(self)
        self.table.setObjectName("history_results")
        self.table.setAccessibleName(_("Changes found"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        width = self.fontMetrics().averageCharWidth()
        for column, key in enumerate(DATABASE_COLUMNS):
            if key in _WIDTHS:
                self.table.setColumnWidth(column, _WIDTHS[key] * width)
        self.table.doubleClicked.connect(self._activated)
        selection = self.table.selectionModel()
        selection.currentRowChanged.connect(lambda _now, _before: self._update_buttons())

        buttons = QDialogButtonBox(self)
        self.open_button = buttons.addButton(_("&Open record"), QDialogButtonBox.ButtonRole.ActionRole)
        self.open_button.setObjectName("history_open")
        self.restore_button = buttons.addButton(_("&Restore…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.restore_button.setObjectName("history_restore")
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText(_("Close"))
        buttons.rejected.connect(self.reject)
        self.open_button.clicked.connect(self._open_current)
        self.restore_button.clicked.connect(self._restore_current)
        for button in (self.open_button, self.restore_button, close):
            button.setAutoDefault(False)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        # Enter in any filter presses "Suchen" (the default button); in the list it opens.
        self.setTabOrder(self.user, self.since.edit)
        self.setTabOrder(self.since.edit, self.until.edit)
        self.setTabOrder(self.until.edit, self.register)
        self.setTabOrder(self.register, self.text)
        self.setTabOrder(self.text, self.search_button)
        self.setTabOrder(self.search_button, self.table)
        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 150, metrics.height() * 34)
        self._update_buttons()

    # Searching ---------------------------------------------------------------------------------

    def wanted(self) -> HistoryFilter | str:
        """The filter the fields say, or what is wrong with them (a German sentence)."""
        for field, name in ((self.since, _("From")), (self.until, _("until"))):
            problem = field.problem()
            if problem:
                return _("{field}: {problem}").format(field=name, problem=problem)
        since_day, until_day = self.since.value(), self.until.value()
        if since_day is not None and until_day is not None and until_day < since_day:
            return _("The period is impossible: “until” ({until}) is before “from” ({since}). Nothing was searched.").format(
                since=since_day.strftime("%d.%m.%Y"), until=until_day.strftime("%d.%m.%Y")
            )
        kind = self.register.currentData()
        return HistoryFilter(
            user=self.user.currentText().strip() or None,
            since=_start(since_day) if since_day else None,
            until=_start(until_day + timedelta(days=1)) if until_day else None,
            kinds=(kind,) if kind else (),
            text=self.text.text().strip() or None,
        )

    def search(self) -> bool:
        """Search with the filters; an impossible filter is said in the note (the list stays)."""
        wanted = self.wanted()
        if isinstance(wanted, str):
            self._say(wanted, problem=True)
            return False
        self._say("")
        db = self.window_.db
        try:
            loaded = background.call(db, loading.search, db, wanted, LIMIT)
        except PartnerDeskError as exc:  # the database said no: a message, the list stays
            show_problem(self, exc)
            return False
        self.model.set_entries(loaded.entries, loaded.names)
        self._remember_users(loaded.entries)
        count = len(loaded.entries)
        if not count:
            self._say(_("No changes recorded that match."))
        elif count >= LIMIT:
            self._say(ngettext(
                "The newest {count} change is shown; narrow the search to see older ones.",
                "The newest {count} changes are shown; narrow the search to see older ones.", count,
            ).format(count=count))
        else:
            self._say(ngettext("{count} change found, newest first.", "{count} changes found, newest first.", count).format(count=count))
        if count:
            self.table.selectRow(0)
        self._update_buttons()
        return True

    def _say(self, text: str, *, problem: bool = False) -> None:
        """The line above the list: the count, or (in the error colour) what is wrong with the filters."""
        self.note.setText(text)
        self.note.setProperty("problem", problem)
        self.note.setStyleSheet("color: #b3261e; font-weight: bold;" if problem else "")

    def _remember_users(self, entries: list[HistoryEntry]) -> None:
        known = {self.user.itemText(i) for i in range(self.user.count())}
        for actor in sorted({e.actor for e in entries} - known):
            self.user.addItem(actor)

    # Opening and restoring --------------------------------------------------------------------

    def current_entry(self) -> HistoryEntry | None:
        index = self.table.currentIndex()
        return self.model.entry(index.row()) if index.isValid() else None

    def _update_buttons(self) -> None:
        entry = self.current_entry()
        self.open_button.setEnabled(entry is not None and bool(entry.kind))
        why = read_only.reason(self.window_.db)  # a read-only database: restoring would be refused
        self.restore_button.setEnabled(entry is not None and bool(entry.kind) and why is None)
        self.restore_button.setToolTip(read_only.tooltip(why) if why else "")

    def _activated(self, index: QModelIndex) -> None:
        entry = self.model.entry(index.row())
        if entry is None or not entry.kind:
            return
        with user_errors(self):
            if self._exists(entry):
                self._open(entry)
            else:
                self._offer_restore(entry)

    def _open_current(self) -> None:
        entry = self.current_entry()
        if entry is None or not entry.kind:
            return
        with user_errors(self):
            if self._exists(entry):
                self._open(entry)
            else:
                QMessageBox.information(
                    self, _("Database history"),
                    _("{kind} “{name}” is deleted. Use “Restore…” to bring it back.").format(
                        kind=history_text.kind_label(entry.kind), name=entry.label),
                )

    def _restore_current(self) -> None:
        entry = self.current_entry()
        if entry is not None and entry.kind:
            with user_errors(self):
                if self._exists(entry):
                    QMessageBox.information(
                        self, _("Database history"),
                        _("{kind} “{name}” exists; there is nothing to restore.").format(
                            kind=history_text.kind_label(entry.kind), name=entry.label),
                    )
                else:
                    self._offer_restore(entry)

    def _exists(self, entry: HistoryEntry) -> bool:
        db = self.window_.db
        return bool(background.call(db, service_for(db, entry.kind).exists, entry.record_id))

    def _open(self, entry: HistoryEntry) -> None:
        self.window_.open_record(entry.kind, entry.record_id)
        self.window_.activateWindow()

    def _offer_restore(self, entry: HistoryEntry) -> bool:
        """Ask, then restore the record from its latest deletion; say why not if it cannot be."""
        db = self.window_.db
        try:
            deletion = entry if entry.operation == "deleted" else background.call(db, deletion_entry, db, entry.record_id, entry.kind)
        except NotFoundError:
            deletion = None
        title = _("Restore from the history")
        if deletion is None:
            QMessageBox.information(self, title, _("{kind} “{name}” no longer exists, and the history holds no deletion to restore it from.").format(
                kind=history_text.kind_label(entry.kind), name=entry.label))
            return False
        problem = background.call(db, why_not_restorable, db, deletion)
        if problem:
            QMessageBox.warning(self, title, problem)
            return False
        question = _("{kind} “{name}” was deleted on {when} by {who}. Restore it with its links?").format(
            kind=history_text.kind_label(deletion.kind), name=deletion.label,
            when=history_text.moment(deletion.at), who=deletion.actor,
        )
        answer = QMessageBox.question(self, title, question, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.Yes)
        if answer != QMessageBox.StandardButton.Yes:
            return False
        restored = background.call(db, restore_deleted, db, deletion)
        self.window_.records_changed.emit(deletion.kind)
        self.window_.open_record(deletion.kind, restored.record.id)
        self.search()
        return True


def _start(day: date) -> datetime:
    """The first moment of ``day`` in this computer's time zone."""
    return datetime.combine(day, time.min).astimezone()
