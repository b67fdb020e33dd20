"""A place's coordinates: latitude and longitude in decimal degrees, typed with a comma or a
point ("6,6885" or "6.6885"), or pasted together into the first box as a map shows them
("6.6885, -1.6244"). Out-of-range values are refused by the record's validation, at this field."""

from __future__ import annotations

import math
import re

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QWidget

from partnerdesk.i18n import _

_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")
#: Two numbers pasted together: "6.6885, -1.6244" or "6,6885; -1,6244".
_PAIR = re.compile(r"^\s*([+-]?\d+(?:[.,]\d+)?)\s*[,;\s]\s*([+-]?\d+(?:[.,]\d+)?)\s*$")


def _number(text: str, what: str) -> float | None:
    text = text.strip().replace(" ", "").replace("°", "")
    if not text:
        return None
    if not _NUMBER.match(text):
        raise ValueError(_("{what}: “{text}” is not a number of degrees (e.g. 51,5136)").format(what=what, text=text))
    value = float(text.replace(",", "."))
    if not math.isfinite(value):
        raise ValueError(_("{what}: “{text}” is not a number of degrees (e.g. 51,5136)").format(what=what, text=text))
    return value


class CoordinatesField(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.latitude = QLineEdit(self)
        self.latitude.setObjectName("latitude")
        self.latitude.setPlaceholderText(_("Latitude, e.g. 51,5136"))
        self.longitude = QLineEdit(self)
        self.longitude.setObjectName("longitude")
        self.longitude.setPlaceholderText(_("Longitude, e.g. 7,4653"))
        self.setToolTip(_("Decimal degrees (north and east positive); a pair copied from a map may be pasted into the first box"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.latitude, 1)
        layout.addWidget(QLabel("/", self))
        layout.addWidget(self.longitude, 1)
        self.setFocusProxy(self.latitude)
        self.latitude.textEdited.connect(self._latitude_edited)
        self.longitude.textEdited.connect(lambda _t: self.changed.emit())

    def _latitude_edited(self, text: str) -> None:
        pair = _PAIR.match(text)
        if pair and not _NUMBER.match(text.strip().replace(" ", "")):
            self.latitude.setText(pair.group(1))
            self.longitude.setText(pair.group(2))
            self.longitude.setFocus()  # typing on goes on in the longitude
            self.longitude.end(False)
        self.changed.emit()

    def _parse(self) -> tuple[float | None, float | None]:
        return _number(self.latitude.text(), _("Latitude")), _number(self.longitude.text(), _("Longitude"))

    def value(self) -> tuple[float | None, float | None]:
        try:
            return self._parse()
        except ValueError:
            return None, None

    def setValue(self, value: tuple[float | None, float | None]) -> None:  # noqa: N802 (Qt naming)
        lat, lon = value
        self.latitude.setText("" if lat is None else f"{lat:g}".replace(".", ","))
        self.longitude.setText("" if lon is None else f"{lon:g}".replace(".", ","))

    def problem(self) -> str | None:
        try:
            self._parse()
        except ValueError as exc:
            return str(exc)
        return None
