"""A combo box over one of the domain's enumerations, showing the translated labels."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QWidget

from partnerdesk.domain.enums import LabelledEnum


class EnumCombo(QComboBox):
    changed = Signal()

    def __init__(self, enum: type[LabelledEnum], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.enum = enum
        for member in enum:
            self.addItem(member.label, member.value)
        self.currentIndexChanged.connect(lambda _i: self.changed.emit())

    def value(self) -> LabelledEnum:
        return self.enum(self.currentData())

    def setValue(self, value: object) -> None:  # noqa: N802 (Qt naming)
        self.setCurrentIndex(max(0, self.findData(str(value))))

    def problem(self) -> str | None:
        return None


class OptionalEnumCombo(EnumCombo):
    """An ``EnumCombo`` whose first entry means "none chosen" (value None)."""

    def __init__(self, enum: type[LabelledEnum], empty_label: str, parent: QWidget | None = None) -> None:
        super().__init__(enum, parent)
        self.insertItem(0, empty_label, "")
        self.setCurrentIndex(0)

    def value(self) -> LabelledEnum | None:  # type: ignore[override]
        data = self.currentData()
        return self.enum(data) if data else None

    def setValue(self, value: object) -> None:  # noqa: N802 (Qt naming)
        self.setCurrentIndex(max(0, self.findData("" if value is None else str(value))))
