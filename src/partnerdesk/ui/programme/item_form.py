"""The form beside the programme's tree: the selected item's fields, with German messages at
the field for what cannot be taken (a value that is not a number, a target year before the
baseline year, an indicator without unit).

``read()`` gives the item as typed and the problems by field; the dialog stores the item (one
undo step) only when every typed value could be read.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from partnerdesk.domain import programme, translations
from partnerdesk.domain.countries import language_name
from partnerdesk.domain.programme import ItemKind, MeasuredValue, MeasureStatus, ProgrammeItem
from partnerdesk.domain.programme_edit import EntryError, parse_day, parse_number, parse_year, with_translation
from partnerdesk.i18n import _, current_language
from partnerdesk.ui.programme.tree_model import number_text

ERROR_STYLE = "color: #b00020;"
#: The measured values' columns.
VALUE_COLUMNS = 4


def _day_text(value: Any) -> str:
    return value.strftime("%d.%m.%Y") if value is not None else ""


class ItemForm(QWidget):
    """Fields of one item; ``changed`` when the user typed something."""

    changed = Signal()

    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language = language
        self.base: ProgrammeItem | None = None
        self._loading = False
        self.errors: dict[str, QLabel] = {}
        self.rows: dict[str, QWidget] = {}
        outer = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setObjectName("programme_item_heading")
        outer.addWidget(self.heading)
        self.layout_ = QFormLayout()
        outer.addLayout(self.layout_)
        outer.addStretch(1)
        self.title = self._line("title", _("Title (German)"))
        named = language_name(language, current_language())  # "Englisch", not "en"
        self.title_partner = self._line("title_translations", _("Title ({language})").format(language=named))
        self.description = self._text("description", _("Description (German)"))
        self.description_partner = self._text(
            "description_translations", _("Description ({language})").format(language=named))
        self.unit = self._line("unit", _("Unit"))
        self.baseline_value = self._line("baseline_value", _("Baseline value"))
        self.baseline_year = self._line("baseline_year", _("Baseline year"))
        self.target_value = self._line("target_value", _("Target value"))
        self.target_year = self._line("target_year", _("Target year"))
        self.measured = self._values_table()
        self.responsible_city = self._text("responsible_city", _("Responsible in our city"))
        self.responsible_partner = self._text("responsible_partner", _("Responsible in the partner city"))
        self.period_from = self._line("period_from", _("Period from (year)"))
        self.period_until = self._line("period_until", _("Period until (year)"))
        self.status = QComboBox(self)
        for status in MeasureStatus:
            self.status.addItem(status.label, status.value)
        self.status.currentIndexChanged.connect(self._typed)
        self._row("status", _("Status"), self.status)
        self.projects = QListWidget(self)
        self.projects.setMaximumHeight(110)
        self.projects.itemChanged.connect(self._typed)
        self._row("project_ids", _("Linked projects"), self.projects)
        self.grants = QListWidget(self)
        self.grants.setMaximumHeight(90)
        self.grants.itemChanged.connect(self._typed)
        self._row("grant_ids", _("Funded by grants"), self.grants)
        self.setEnabled(False)

    # Building ------------------------------------------------------------------------------

    def _row(self, name: str, label: str, widget: QWidget) -> None:
        holder = QWidget(self)
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(widget)
        error = QLabel(holder)
        error.setObjectName(f"error_{name}")
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.hide()
        box.addWidget(error)
        widget.setObjectName(f"field_{name}")
        self.layout_.addRow(label, holder)
        self.errors[name], self.rows[name] = error, holder

    def _line(self, name: str, label: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.textEdited.connect(self._typed)
        self._row(name, label, edit)
        return edit

    def _text(self, name: str, label: str) -> QPlainTextEdit:
        edit = QPlainTextEdit(self)
        edit.setTabChangesFocus(True)
        edit.setMaximumHeight(70)
        edit.textChanged.connect(self._typed)
        self._row(name, label, edit)
        return edit

    def _values_table(self) -> QTableWidget:
        holder = QWidget(self)
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        table = QTableWidget(0, VALUE_COLUMNS, holder)
        table.setHorizontalHeaderLabels([_("Year"), _("Date"), _("Value"), _("Source")])
        table.setMaximumHeight(140)
        table.itemChanged.connect(self._typed)
        box.addWidget(table)
        buttons = QHBoxLayout()
        add = QPushButton(_("Add value"), holder)
        add.clicked.connect(self._add_value)
        remove = QPushButton(_("Remove value"), holder)
        remove.clicked.connect(self._remove_value)
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        box.addLayout(buttons)
        self._row("measured", _("Measured values"), holder)
        return table

    def _add_value(self) -> None:
        self.measured.insertRow(self.measured.rowCount())
        self.measured.setCurrentCell(self.measured.rowCount() - 1, 0)

    def _remove_value(self) -> None:
        row = self.measured.currentRow()
        if row >= 0:
            self.measured.removeRow(row)
            self._typed()

    def _typed(self, *_args: object) -> None:
        if not self._loading and self.base is not None:
            self.changed.emit()

    # Loading and reading -------------------------------------------------------------------

    def load(self, item: ProgrammeItem | None, projects: dict[str, str], grants: dict[str, str] | None = None) -> None:
        self._loading = True
        try:
            self.base = item
            self.setEnabled(item is not None)
            if item is None:
                self.heading.setText(_("Select an item in the tree, or add a field of action."))
                return
            kind = ItemKind(item.kind)
            self.heading.setText(f"<b>{kind.label}</b>")
            self.title.setText(item.title)
            self.title_partner.setText(translations.parse(item.title_translations).get(self.language, "")
                                       if _parses(item.title_translations) else "")
            self.description.setPlainText(item.description)
            self.description_partner.setPlainText(translations.parse(item.description_translations).get(self.language, "")
                                                  if _parses(item.description_translations) else "")
            self.unit.setText(item.unit)
            self.baseline_value.setText(number_text(item.baseline_value))
            self.baseline_year.setText(str(item.baseline_year or ""))
            self.target_value.setText(number_text(item.target_value))
            self.target_year.setText(str(item.target_year or ""))
            self.measured.setRowCount(0)
            for value in item.measured:
                row = self.measured.rowCount()
                self.measured.insertRow(row)
                for column, text in enumerate((str(value.year or ""), _day_text(value.on), number_text(value.value),
                                               value.source)):
                    cell = QTableWidgetItem(text)
                    if column == 0:
                        cell.setData(Qt.ItemDataRole.UserRole, value.id)
                    self.measured.setItem(row, column, cell)
            self.responsible_city.setPlainText(item.responsible_city)
            self.responsible_partner.setPlainText(item.responsible_partner)
            self.period_from.setText(str(item.period_from or ""))
            self.period_until.setText(str(item.period_until or ""))
            self.status.setCurrentIndex(max(0, self.status.findData(str(item.status or MeasureStatus.PLANNED))))
            _checklist(self.projects, projects, item.project_ids)
            _checklist(self.grants, grants or {}, item.grant_ids)
            indicator, measure = kind is ItemKind.INDICATOR, kind is ItemKind.MEASURE
            for name in ("unit", "baseline_value", "baseline_year", "target_value", "target_year", "measured"):
                self.rows[name].setVisible(indicator)
                self.layout_.labelForField(self.rows[name]).setVisible(indicator)
            for name in ("responsible_city", "responsible_partner", "period_from", "period_until", "status", "project_ids",
                         "grant_ids"):
                self.rows[name].setVisible(measure)
                self.layout_.labelForField(self.rows[name]).setVisible(measure)
            self.show_problems({})
        finally:
            self._loading = False

    def read(self) -> tuple[ProgrammeItem | None, dict[str, str]]:
        """The item as typed, and the values that could not be read by field (item ``None`` then)."""
        if self.base is None:
            return None, {}
        problems: dict[str, str] = {}

        def take(name: str, reader: Any, text: str, fallback: Any) -> Any:
            try:
                return reader(text)
            except EntryError as exc:
                problems[name] = str(exc)
                return fallback

        base = self.base
        changes: dict[str, Any] = {
            "title": self.title.text(), "description": self.description.toPlainText(),
            "unit": self.unit.text(),
            "baseline_value": take("baseline_value", parse_number, self.baseline_value.text(), base.baseline_value),
            "baseline_year": take("baseline_year", parse_year, self.baseline_year.text(), base.baseline_year),
            "target_value": take("target_value", parse_number, self.target_value.text(), base.target_value),
            "target_year": take("target_year", parse_year, self.target_year.text(), base.target_year),
            "responsible_city": self.responsible_city.toPlainText(),
            "responsible_partner": self.responsible_partner.toPlainText(),
            "period_from": take("period_from", parse_year, self.period_from.text(), base.period_from),
            "period_until": take("period_until", parse_year, self.period_until.text(), base.period_until),
        }
        for name, edit, current in (("title_translations", self.title_partner.text(), base.title_translations),
                                    ("description_translations", self.description_partner.toPlainText(),
                                     base.description_translations)):
            try:
                changes[name] = with_translation(current, self.language, edit)
            except ValueError as exc:
                problems[name] = str(exc)
        if base.kind == ItemKind.MEASURE:
            changes["status"] = MeasureStatus(self.status.currentData())
            changes["project_ids"], changes["grant_ids"] = _checked(self.projects), _checked(self.grants)
        changes["measured"] = self._read_values(problems)
        return (None if problems else dataclasses.replace(base, **changes)), problems

    def _read_values(self, problems: dict[str, str]) -> list[MeasuredValue]:
        values = []
        for row in range(self.measured.rowCount()):
            cells = [self.measured.item(row, c) for c in range(VALUE_COLUMNS)]
            texts = [cell.text() if cell is not None else "" for cell in cells]
            if not any(t.strip() for t in texts):
                continue
            first = self.measured.item(row, 0)
            ident = first.data(Qt.ItemDataRole.UserRole) if first is not None else None
            try:
                values.append(MeasuredValue(id=str(ident) if ident else MeasuredValue().id, year=parse_year(texts[0]),
                                            on=parse_day(texts[1]), value=parse_number(texts[2]), source=texts[3].strip()))
            except EntryError as exc:
                problems["measured"] = _("Row {row}: {problem}").format(row=row + 1, problem=exc)
        return values

    def show_problems(self, problems: dict[str, str]) -> None:
        for name, label in self.errors.items():
            label.setText(problems.get(name, ""))
            label.setVisible(name in problems)

    def problems_of(self, item: ProgrammeItem, parent: ProgrammeItem | None) -> dict[str, str]:
        """The programme's own checks for ``item`` by field (the first message per field)."""
        found: dict[str, str] = {}
        for name, message in programme.item_problems(item, parent):
            found.setdefault(name if name in self.errors else "title", message)
        return found


def _checklist(widget: QListWidget, choices: dict[str, str], chosen: list[str]) -> None:
    widget.clear()
    for ident, title in choices.items():
        entry = QListWidgetItem(title, widget)
        entry.setData(Qt.ItemDataRole.UserRole, ident)
        entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        entry.setCheckState(Qt.CheckState.Checked if ident in chosen else Qt.CheckState.Unchecked)


def _checked(widget: QListWidget) -> list[str]:
    return [str(widget.item(row).data(Qt.ItemDataRole.UserRole)) for row in range(widget.count())
            if widget.item(row).checkState() == Qt.CheckState.Checked]


def _parses(text: str) -> bool:
    try:
        translations.parse(text)
    except ValueError:
        return False
    return True
