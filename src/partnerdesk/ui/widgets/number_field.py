"""Whole numbers (population, years) typed the German way: "42.000" or "42000"."""

from __future__ import annotations

import re

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QWidget

from partnerdesk.i18n import _

_INT = re.compile(r"^-?(\d{1,3}(\.\d{3})+|\d+)$")


class IntField(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, placeholder: str = "") -> None:
        super().__init__(parent)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(placeholder)
        self.edit.textEdited.connect(lambda _t: self.changed.emit())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        self.setFocusProxy(self.edit)

    def _parse(self) -> int | None:
        text = self.edit.text().strip().replace(" ", "")
        if not text:
            return None
        if not _INT.match(text):
            raise ValueError(_("“{text}” is not a whole number").format(text=text))
        return int(text.replace(".", ""))

    def value(self) -> int | None:
        try:
            return self._parse()
        except ValueError:
            return None

    def setValue(self, value: int | None) -> None:  # noqa: N802 (Qt naming)
        self.edit.setText("" if value is None else str(value))

    def problem(self) -> str | None:
        try:
            self._parse()
        except ValueError as exc:
            return str(exc)
        return None
