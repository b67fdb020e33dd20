"""Choosing SDG goals (number, German title, official colour) and their targets."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from partnerdesk.domain import sdg
from partnerdesk.i18n import _, current_language

VALUE_ROLE = Qt.ItemDataRole.UserRole


@cache
def _swatch(colour: str, label: str, size: int) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(colour))
    if label:
        painter = QPainter(pixmap)
        font = QFont()
        font.setBold(True)
        font.setPixelSize(max(6, int(size * 0.55)))
        painter.setFont(font)
        painter.setPen(QColor("white"))
        painter.drawText(QRect(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, label)
        painter.end()
    return pixmap


def goal_icon(number: int, size: int = 32, with_number: bool = True) -> QIcon:
    """The goal's official colour as a square, with its number in white."""
    return QIcon(_swatch(sdg.goal(number).colour, str(number) if with_number else "", size))


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class _CheckList(QListWidget):
    """A list of checkable items whose checked values are the widget's value."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, rows: int = 6) -> None:
        super().__init__(parent)
        self._rows = rows
        self.setUniformItemSizes(True)
        self.itemChanged.connect(lambda _item: self.changed.emit())
        icon = self.fontMetrics().height() + 4
        self.setIconSize(QSize(icon, icon))

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        row = max(self.sizeHintForRow(0), self.fontMetrics().height() + 6) if self.count() else self.fontMetrics().height() + 6
        return QSize(super().sizeHint().width(), row * self._rows + 2 * self.frameWidth())

    def _checked(self) -> list[Any]:
        return [
            self.item(i).data(VALUE_ROLE)
            for i in range(self.count())
            if self.item(i).checkState() == Qt.CheckState.Checked
        ]

    def _set_checked(self, values: Iterable[object]) -> None:
        wanted = set(values)
        self.blockSignals(True)
        for i in range(self.count()):
            item = self.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.data(VALUE_ROLE) in wanted else Qt.CheckState.Unchecked)
        self.blockSignals(False)


class SdgGoalPicker(_CheckList):
    """The 17 goals as a checkable list: coloured number, German short title; Space toggles."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, rows=17)  # all goals at once: the chosen ones must be visible
        # In a narrow form a long title ends in "…" (the tooltip has it whole): a horizontal
        # scroll bar would cover goal 17 and cut the titles off without any sign.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        lang = current_language()
        self.setAccessibleName(_("SDG goals"))
        size = self.iconSize().height() * 2  # drawn sharp at 200 % too
        for goal in sdg.goals():
            item = QListWidgetItem(goal_icon(goal.number, size), f"{goal.number}  {goal.short(lang)}")
            item.setData(VALUE_ROLE, goal.number)
            item.setToolTip(goal.title(lang))
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.addItem(item)

    def value(self) -> list[int]:
        return sorted(int(v) for v in self._checked())

    def setValue(self, goals: Sequence[int]) -> None:  # noqa: N802 (Qt naming)
        self._set_checked(goals)

    def colour_of_row(self, row: int) -> QColor:
        """The colour shown for the goal in ``row`` (read from the drawn swatch)."""
        icon = self.item(row).icon()
        return icon.pixmap(self.iconSize()).toImage().pixelColor(1, 1)

    def problem(self) -> str | None:
        return None


class SdgTargetPicker(_CheckList):
    """The targets of the chosen goals ("11.6 …"); targets already chosen always stay listed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, rows=5)
        self.setAccessibleName(_("SDG targets"))
        self._goals: list[int] = []
        self.painted_hint = ""  # what the last paint said over the empty list (tests)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def paintEvent(self, event: object) -> None:  # noqa: N802 (Qt override)
        super().paintEvent(event)  # type: ignore[arg-type]
        # Empty, the box looked broken; it says where its entries come from.
        self.painted_hint = "" if self.count() else _("Choose goals above; their targets appear here.")
        if self.painted_hint:
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            margin = self.fontMetrics().height() // 2
            painter.drawText(
                self.viewport().rect().adjusted(margin, margin, -margin, -margin),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap),
                self.painted_hint,
            )
            painter.end()

    def set_goals(self, goals: Sequence[int]) -> None:
        chosen = self.value()
        self._goals = list(goals)
        self._rebuild(chosen)

    def _rebuild(self, chosen: Sequence[str]) -> None:
        lang = current_language()
        codes = {t.code for g in self._goals if sdg.is_goal(g) for t in sdg.targets(g)} | set(chosen)
        self.blockSignals(True)
        self.clear()
        size = self.iconSize().height() * 2
        for code in sorted(codes, key=sdg.target_sort_key):
            if not sdg.is_target(code):
                continue
            target = sdg.target(code)
            item = QListWidgetItem(goal_icon(target.goal, size, with_number=False), f"{code}  {_shorten(target.title(lang))}")
            item.setData(VALUE_ROLE, code)
            item.setToolTip(target.title(lang))
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if code in chosen else Qt.CheckState.Unchecked)
            self.addItem(item)
        self.blockSignals(False)

    def value(self) -> list[str]:
        return sorted((str(v) for v in self._checked()), key=sdg.target_sort_key)

    def setValue(self, codes: Sequence[str]) -> None:  # noqa: N802 (Qt naming)
        self._rebuild(list(codes))

    def problem(self) -> str | None:
        return None
