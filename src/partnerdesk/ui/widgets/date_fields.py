"""Date entry as German office workers type it: dd.MM.yyyy, empty allowed."""

from __future__ import annotations

import calendar
import re
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QWidget

from partnerdesk.domain.dates import full_year
from partnerdesk.i18n import _

_GERMAN = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_YEAR = re.compile(r"^\s*(\d{4})\s*$")


class DateInputError(ValueError):
    pass


class ImpossibleDateError(DateInputError):
    """Typed in the right form, but no such day exists (31.02., month 13)."""


def format_date(value: date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def parse_date(text: str) -> date | None:
    """``"5.3.2025"``, ``"05.03.25"`` or ``"2025-03-05"``; empty gives ``None``."""
    if not text.strip():
        return None
    if m := _GERMAN.match(text):
        day, month, year = int(m[1]), int(m[2]), int(m[3])
        if len(m[3]) == 2:
            year = full_year(year)  # "1.1.29" is 2029, "1.1.30" is 1930, as in Excel
    elif m := _ISO.match(text):
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    else:
        raise DateInputError(_("“{text}” is not a date (DD.MM.YYYY)").format(text=text.strip()))
    try:
        return date(year, month, day)
    except ValueError:
        pass
    # The form was right, so "is not a date (DD.MM.YYYY)" would send the user hunting for a
    # typing mistake: say what is wrong with the day itself.
    if 1 <= year <= 9999 and day >= 1:
        if not 1 <= month <= 12:
            raise ImpossibleDateError(_("“{text}”: there is no month {month}").format(text=text.strip(), month=month))
        days = calendar.monthrange(year, month)[1]
        raise ImpossibleDateError(
            _("“{text}” does not exist: that month has only {days} days").format(text=text.strip(), days=days)
        )
    raise DateInputError(_("“{text}” is not a date (DD.MM.YYYY)").format(text=text.strip()))


class _DateLineEdit(QLineEdit):
    """Up/Down change the day by one, like a spin box, without hiding the empty state."""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        step = {Qt.Key.Key_Up: 1, Qt.Key.Key_Down: -1}.get(Qt.Key(event.key()))
        if step is not None:
            try:
                current = parse_date(self.text()) or date.today()
            except DateInputError:
                return super().keyPressEvent(event)
            self.setText(format_date(date.fromordinal(current.toordinal() + step)))
            return None
        return super().keyPressEvent(event)


class DateField(QWidget):
    """A date or nothing. ``value()`` is ``None`` for empty and for unreadable input."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = _DateLineEdit(self)
        self.edit.setPlaceholderText(_("DD.MM.YYYY"))
        self.edit.setClearButtonEnabled(True)
        self.edit.textEdited.connect(lambda _t: self.changed.emit())
        self.edit.editingFinished.connect(self._tidy)
        metrics = self.edit.fontMetrics()
        # Room for "00.00.0000" plus the clear button, in font units so it scales with the display.
        self.edit.setMinimumWidth(metrics.horizontalAdvance("00.00.00000") + 3 * metrics.height())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        self.setFocusProxy(self.edit)

    def _tidy(self) -> None:
        try:
            value = parse_date(self.edit.text())
        except DateInputError:
            return
        if self.edit.text() and format_date(value) != self.edit.text():
            self.edit.setText(format_date(value))

    def value(self) -> date | None:
        try:
            return parse_date(self.edit.text())
        except DateInputError:
            return None

    def setValue(self, value: date | None) -> None:  # noqa: N802 (Qt naming)
        self.edit.setText(format_date(value))

    def text(self) -> str:
        return self.edit.text()

    def problem(self) -> str | None:
        try:
            parse_date(self.edit.text())
        except DateInputError as exc:
            return str(exc)
        return None


class YearOrDateField(DateField):
    """The start of a partnership: a full date, or only the year when the day is unknown."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit.setPlaceholderText(_("YYYY or DD.MM.YYYY"))

    def _parse(self) -> tuple[int | None, date | None]:
        text = self.edit.text()
        if m := _YEAR.match(text):
            return int(m[1]), None
        try:
            day = parse_date(text)
        except ImpossibleDateError:
            raise
        except DateInputError:
            raise DateInputError(_("“{text}” is neither a year nor a date (DD.MM.YYYY)").format(text=text.strip())) from None
        return (day.year if day else None), day

    def _tidy(self) -> None:
        if not _YEAR.match(self.edit.text()):
            super()._tidy()

    def value(self) -> tuple[int | None, date | None]:  # type: ignore[override]
        """``(year, date)``; the year alone when only a year was typed."""
        try:
            return self._parse()
        except DateInputError:
            return None, None

    def setValue(self, value: tuple[int | None, date | None] | date | int | None) -> None:  # noqa: N802
        if isinstance(value, tuple):
            year, day = value
        elif isinstance(value, date):
            year, day = value.year, value
        else:
            year, day = value, None
        self.edit.setText(format_date(day) if day else (str(year) if year else ""))

    def problem(self) -> str | None:
        try:
            self._parse()
        except DateInputError as exc:
            return str(exc)
        return None
