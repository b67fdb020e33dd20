"""A grant's parts (funding plan lines, draw-downs, expenses, transfers) as an editable table.

A table, not a widget per row: a grant may hold thousands of receipts. Each column is a field
of the part (text, date, amount, or the plan line an expense is booked on); ids are kept in the
first cell, so a part edited keeps its id (and the expenses booked on a plan line stay on it).
Cells are read German style ("1.234,56", "31.12.2026"); ``problem`` names the first cell that
cannot be read ("Ausgabe 3: „12,3x“ ist kein Betrag"), so nothing is saved half.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from partnerdesk.i18n import _
from partnerdesk.ui.widgets.date_fields import DateInputError, format_date, parse_date
from partnerdesk.ui.widgets.money_field import AmountInputError, format_amount, parse_amount

ID_ROLE = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class PartColumn:
    attr: str
    title: str
    #: "text", "date", "amount" or "line" (a plan line, chosen from the grant's funding plan)
    kind: str = "text"


class PartsTable(QWidget):
    """``value()`` is a list of ``make`` instances (ids kept); ``row_label(n)`` names row n in messages."""

    changed = Signal()

    def __init__(self, columns: Sequence[PartColumn], make: Callable[..., Any], row_label: Callable[[int], str],
                 add_label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.make = make
        self.row_label = row_label
        self.lines: list[tuple[str, str]] = []  # (id, name) of the plan lines, for "line" columns
        self._filling = False
        self.table = QTableWidget(0, len(self.columns), self)
        self.table.setHorizontalHeaderLabels([c.title for c in self.columns])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setMinimumHeight(self.table.fontMetrics().lineSpacing() * 7)
        self.table.itemChanged.connect(self._item_changed)
        self.add_button = QPushButton(add_label, self)
        self.add_button.clicked.connect(self._add_clicked)
        self.remove_button = QPushButton(_("Remove selected rows"), self)
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)

    # Qt's focus chain and the form's Tab order.
    def tab_widgets(self) -> list[QWidget]:
        return [self.table, self.add_button, self.remove_button]

    def set_lines(self, lines: Sequence[tuple[str, str]]) -> None:
        """The plan lines a "line" column offers (the grant's funding plan as it is in the form)."""
        self.lines = list(lines)
        for row in range(self.table.rowCount()):
            for col, spec in enumerate(self.columns):
                if spec.kind == "line":
                    combo = self.table.cellWidget(row, col)
                    if isinstance(combo, QComboBox):
                        self._fill_lines(combo, combo.currentData())

    def _fill_lines(self, combo: QComboBox, chosen: object) -> None:
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(_("— no plan line —"), None)
        for ident, name in self.lines:
            combo.addItem(name, ident)
        if chosen and combo.findData(chosen) < 0:  # a line removed from the plan: kept until chosen again
            combo.addItem(_("(line no longer in the plan)"), chosen)
        combo.setCurrentIndex(max(combo.findData(chosen), 0) if chosen else 0)
        combo.blockSignals(False)

    # Rows ------------------------------------------------------------------------------------

    def _add_clicked(self) -> None:
        self.add_part(self.make())
        self.table.setCurrentCell(self.table.rowCount() - 1, 0)
        self.table.setFocus()
        self.changed.emit()

    def add_part(self, part: Any) -> None:
        self._filling = True
        try:
            row = self.table.rowCount()
            self.table.insertRow(row)
            for col, spec in enumerate(self.columns):
                value = getattr(part, spec.attr)
                if spec.kind == "line":
                    combo = QComboBox(self.table)
                    self._fill_lines(combo, value)
                    combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
                    self.table.setCellWidget(row, col, combo)
                    item = QTableWidgetItem("")
                else:
                    item = QTableWidgetItem(self._shown(spec, value))
                if col == 0:
                    item.setData(ID_ROLE, part)
                self.table.setItem(row, col, item)
        finally:
            self._filling = False

    def remove_selected(self) -> None:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()}, reverse=True)
        if not rows and self.table.currentRow() >= 0:
            rows = [self.table.currentRow()]
        for row in rows:
            self.table.removeRow(row)
        if rows:
            self.changed.emit()

    def _item_changed(self, _item: QTableWidgetItem) -> None:
        if not self._filling:
            self.changed.emit()

    @staticmethod
    def _shown(spec: PartColumn, value: Any) -> str:
        if value is None:
            return ""
        if spec.kind == "date":
            return format_date(value)
        if spec.kind == "amount":
            return format_amount(value)
        return str(value)

    # Values ----------------------------------------------------------------------------------

    def _cell(self, row: int, col: int) -> Any:
        spec = self.columns[col]
        if spec.kind == "line":
            combo = self.table.cellWidget(row, col)
            return combo.currentData() if isinstance(combo, QComboBox) else None
        item = self.table.item(row, col)
        text = item.text().strip() if item is not None else ""
        if spec.kind == "date":
            return parse_date(text)
        if spec.kind == "amount":
            return parse_amount(text)
        return text

    def _part(self, row: int) -> Any:
        first = self.table.item(row, 0)
        original = first.data(ID_ROLE) if first is not None else None
        values = {spec.attr: self._cell(row, col) for col, spec in enumerate(self.columns)}
        return dataclasses.replace(original, **values) if original is not None else self.make(**values)

    def value(self) -> list[Any]:
        parts = []
        for row in range(self.table.rowCount()):
            try:
                parts.append(self._part(row))
            except (DateInputError, AmountInputError):
                continue  # ``problem`` names it; the form refuses to save
        return parts

    def setValue(self, values: Sequence[Any]) -> None:  # noqa: N802 (Qt naming)
        self.table.setRowCount(0)
        self.table.setUpdatesEnabled(False)
        try:
            for part in values:
                self.add_part(part)
        finally:
            self.table.setUpdatesEnabled(True)

    def problem(self) -> str | None:
        for row in range(self.table.rowCount()):
            for col in range(len(self.columns)):
                try:
                    self._cell(row, col)
                except (DateInputError, AmountInputError) as exc:
                    return f"{self.row_label(row + 1)}: {exc}"
        return None
