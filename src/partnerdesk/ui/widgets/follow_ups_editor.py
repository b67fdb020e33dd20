"""Follow-up tasks of an activity: what, due when, done or not."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QCheckBox, QLineEdit, QWidget

from partnerdesk.domain.records import FollowUp
from partnerdesk.i18n import _
from partnerdesk.ui.widgets.date_fields import DateField
from partnerdesk.ui.widgets.reference_picker import NameLookup, ReferencePicker
from partnerdesk.ui.widgets.rows_editor import Row, RowsEditor


class _FollowUpRow(Row):
    def __init__(self, parent: QWidget | None = None, lookup: NameLookup | None = None) -> None:
        super().__init__(parent)
        self._original = FollowUp()
        self.text = QLineEdit(self)
        self.text.setPlaceholderText(_("Task"))
        self.text.setAccessibleName(_("Follow-up task"))
        self.due = DateField(self)
        self.due.edit.setPlaceholderText(_("due DD.MM.YYYY"))
        self.due.setAccessibleName(_("Due date"))
        self.done = QCheckBox(_("done"), self)
        self.who = ReferencePicker(self)
        self.who.set_lookup(lookup)
        self.who.setPlaceholderText(_("responsible"))
        self.who.setAccessibleName(_("Responsible"))
        self.who.changed.connect(self.changed)
        self.text.textEdited.connect(lambda _t: self.changed.emit())
        self.due.changed.connect(self.changed)
        self.done.toggled.connect(lambda _b: self.changed.emit())
        # The date needs no more than its own width; the task text gets the rest of the row.
        self.due.setMaximumWidth(self.due.minimumSizeHint().width())
        self.text.textChanged.connect(self.text.setToolTip)  # a long task stays readable
        self.add(self.text, 1)
        self.add(self.due)
        self.add(self.who)
        self.add(self.done)

    def value(self) -> FollowUp:
        return dataclasses.replace(
            self._original, text=self.text.text().strip(), due_date=self.due.value(), done=self.done.isChecked(),
            responsible_id=self.who.value() or None,
        )

    def setValue(self, value: FollowUp) -> None:  # noqa: N802 (Qt naming)
        self._original = value
        self.text.setText(value.text)
        self.text.setCursorPosition(0)
        self.due.setValue(value.due_date)
        self.done.setChecked(value.done)
        self.who.setValue(value.responsible_id)

    def problem(self) -> str | None:
        if message := self.due.problem():
            return message
        return self.who.problem()


class FollowUpsEditor(RowsEditor):
    """``value()`` is a list of ``FollowUp`` (ids kept, so edits stay the same task)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.lookup: NameLookup | None = None
        #: Who a new task names as responsible: "me" (``services.me``) where the form sets it.
        self.default_responsible: Callable[[], str | None] = lambda: None
        super().__init__(_("Add follow-up task"), parent)

    def add_row(self, value: Any = None) -> Row:
        """A row for ``value``; a new task (``None``) names "me" as responsible, if chosen."""
        return super().add_row(FollowUp(responsible_id=self.default_responsible()) if value is None else value)

    def set_lookup(self, lookup: NameLookup | None) -> None:
        """Where the responsible persons' names come from (city staff)."""
        self.lookup = lookup
        for row in self.rows:
            if isinstance(row, _FollowUpRow):
                row.who.set_lookup(lookup)

    def make_row(self) -> Row:
        return _FollowUpRow(self, self.lookup)
