"""Somebody else saved the record while it was being edited here: show what, let the user choose."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from partnerdesk.domain import validation
from partnerdesk.domain.records import Participant, Record
from partnerdesk.i18n import _
from partnerdesk.ui.screen_fit import fit_dialog
from partnerdesk.ui.widgets.date_fields import format_date
from partnerdesk.ui.widgets.money_field import format_amount

#: Bookkeeping fields that are never shown as a difference.
META = {"id", "version", "created_at", "updated_at", "is_example"}

OVERWRITE = 1
TAKE_THEIRS = 2
KEEP_EDITING = 0


def show_value(value: Any) -> str:
    """A field value as a person reads it (dates German, amounts with comma, lists joined)."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, Enum):
        return getattr(value, "label", str(value))
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, Decimal):
        return format_amount(value)
    if isinstance(value, list):
        return ", ".join(show_value(v) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        parts = [show_value(v) for k, v in dataclasses.asdict(value).items() if k != "id" and v not in (None, "", False)]
        return " / ".join(parts)
    return str(value)


#: Fields that hold links: the register whose names the dialog shows instead of the ids.
LINK_FIELDS = {
    "partner_id": "organisations",
    "organisation_id": "organisations",
    "coordinator_ids": "organisations",
    "organisation_ids": "organisations",
    "participants": "organisations",
    "partnership_id": "partnerships",
    "project_id": "projects",
    "contact_ids": "contacts",
}

#: ``names(kind, ids)`` -> {id: name} for the ids that exist.
Names = Callable[[str, list[str]], dict[str, str]]


def linked_ids(*records: Record) -> dict[str, list[str]]:
    """{register: ids} of the linked records whose names ``show_field`` shows for these records."""
    wanted: dict[str, list[str]] = {}
    for record in records:
        for field, kind in LINK_FIELDS.items():
            value = getattr(record, field, None)
            if isinstance(value, str) and value:
                wanted.setdefault(kind, []).append(value)
            elif isinstance(value, list):
                wanted.setdefault(kind, []).extend(
                    v.organisation_id if isinstance(v, Participant) else str(v) for v in value
                )
    return wanted


def show_field(field: str, value: Any, names: Names | None) -> str:
    """``show_value``, with the names of linked records instead of their ids when ``names`` is given."""
    kind = LINK_FIELDS.get(field)
    if names is None or kind is None or value in (None, "", []):
        return show_value(value)
    if isinstance(value, str):
        return names(kind, [value]).get(value, value)
    if isinstance(value, list) and all(isinstance(v, Participant) for v in value):
        known = names(kind, [p.organisation_id for p in value])
        return ", ".join(f"{known.get(p.organisation_id, p.organisation_id)} ({p.role.label})" for p in value)
    if isinstance(value, list):
        known = names(kind, [str(v) for v in value])
        return ", ".join(known.get(str(v), str(v)) for v in value)
    return show_value(value)


def differences(base: Record, mine: Record, theirs: Record) -> list[tuple[str, Any, Any, Any]]:
    """(field, base, mine, theirs) for every field where mine and theirs differ or they changed it."""
    rows = []
    for f in dataclasses.fields(base):
        if f.name in META:
            continue
        b, m, t = getattr(base, f.name), getattr(mine, f.name), getattr(theirs, f.name)
        if m != t or b != t:
            rows.append((f.name, b, m, t))
    return rows


class ConflictDialog(QDialog):
    """Lists the fields that differ; ``exec()`` returns OVERWRITE, TAKE_THEIRS or KEEP_EDITING."""

    def __init__(
        self,
        labels: dict[str, str],
        base: Record,
        mine: Record,
        theirs: Record,
        parent: QWidget | None = None,
        names: Names | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Changed by somebody else"))
        self.rows = differences(base, mine, theirs)
        intro = QLabel(
            _(
                "{label} was changed by somebody else (another window or program) while you were editing it. "
                "Nothing has been saved yet. These fields differ:"
            ).format(label=validation.record_label(theirs)),
            self,
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(len(self.rows), 3, self)
        self.table.setHorizontalHeaderLabels([_("Field"), _("Your entry"), _("Saved meanwhile")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        for row, (name, b, m, t) in enumerate(self.rows):
            self.table.setItem(row, 0, QTableWidgetItem(labels.get(name, name)))
            mine_item = QTableWidgetItem(show_field(name, m, names))
            theirs_item = QTableWidgetItem(show_field(name, t, names))
            if b != t:
                theirs_item.setToolTip(_("Before: {value}").format(value=show_field(name, b, names)))
                font = theirs_item.font()
                font.setBold(True)
                theirs_item.setFont(font)
            self.table.setItem(row, 1, mine_item)
            self.table.setItem(row, 2, theirs_item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()
        self.overwrite_button = QPushButton(_("Save my changes (overwrite)"), self)
        self.theirs_button = QPushButton(_("Take the other changes (discard mine)"), self)
        self.cancel_button = QPushButton(_("Cancel (keep editing)"), self)
        self.cancel_button.setDefault(True)
        self.overwrite_button.clicked.connect(lambda: self.done(OVERWRITE))
        self.theirs_button.clicked.connect(lambda: self.done(TAKE_THEIRS))
        self.cancel_button.clicked.connect(lambda: self.done(KEEP_EDITING))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        for button in (self.overwrite_button, self.theirs_button, self.cancel_button):
            layout.addWidget(button)
        fit_dialog(self, self.fontMetrics().averageCharWidth() * 90, self.fontMetrics().height() * 24)

    def reject(self) -> None:
        """Esc or closing the window: keep editing, nothing is lost."""
        self.done(KEEP_EDITING)

    def changed_fields(self) -> list[str]:
        return [item.text() for r in range(self.table.rowCount()) if (item := self.table.item(r, 0)) is not None]
