"""An exact amount or percentage without a currency ("90", "1.234,56"), as ``Decimal`` only."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QWidget

from partnerdesk.i18n import _
from partnerdesk.ui.widgets.money_field import AmountInputError, format_amount, parse_amount


def _plain(value: Decimal | None) -> str:
    """A percentage as it is written: "90", "12,5" (no trailing zeros)."""
    if value is None:
        return ""
    return f"{value.normalize():f}".replace(".", ",")


class AmountField(QWidget):
    """``value()`` is ``Decimal | None``; ``suffix`` ("%") is shown after the field, and a field
    with a suffix shows its number as written ("90 %"), not as money ("90,00")."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, suffix: str = "", placeholder: str = "") -> None:
        super().__init__(parent)
        self.suffix = suffix
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(placeholder or (_("e.g. 90") if suffix else _("e.g. 1.234,56")))
        self.edit.textEdited.connect(lambda _t: self.changed.emit())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        if suffix:
            layout.addWidget(QLabel(suffix, self))
        self.setFocusProxy(self.edit)

    def value(self) -> Decimal | None:
        try:
            return parse_amount(self.edit.text())
        except AmountInputError:
            return None

    def setValue(self, value: Decimal | None) -> None:  # noqa: N802 (Qt naming)
        self.edit.setText(_plain(value) if self.suffix else format_amount(value))

    def problem(self) -> str | None:
        try:
            parse_amount(self.edit.text())
        except AmountInputError as exc:
            return str(exc)
        return None
