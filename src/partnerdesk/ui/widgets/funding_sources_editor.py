"""Where a project's money comes from: name, amount and currency per source."""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import QLineEdit, QWidget

from partnerdesk.domain.records import FundingSource
from partnerdesk.i18n import _
from partnerdesk.ui.widgets.money_field import MoneyField
from partnerdesk.ui.widgets.rows_editor import Row, RowsEditor


class _FundingRow(Row):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._original = FundingSource()
        self.name = QLineEdit(self)
        self.name.setPlaceholderText(_("Funding source"))
        self.name.setAccessibleName(_("Funding source"))
        self.money = MoneyField(self)
        self.name.textEdited.connect(lambda _t: self.changed.emit())
        self.money.changed.connect(self.changed)
        self.add(self.name, 2)
        self.add(self.money, 3)

    def value(self) -> FundingSource:
        amount, currency = self.money.value()
        return dataclasses.replace(self._original, name=self.name.text().strip(), amount=amount, currency=currency)

    def setValue(self, value: FundingSource) -> None:  # noqa: N802 (Qt naming)
        self._original = value
        self.name.setText(value.name)
        self.name.setCursorPosition(0)
        self.money.setValue((value.amount, value.currency))

    def problem(self) -> str | None:
        return self.money.problem()


class FundingSourcesEditor(RowsEditor):
    """``value()`` is a list of ``FundingSource`` (ids kept)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Add funding source"), parent)

    def make_row(self) -> Row:
        return _FundingRow(self)
