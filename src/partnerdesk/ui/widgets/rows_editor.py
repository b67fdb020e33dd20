"""A vertical list of editable rows with add/remove buttons (participants, follow-up tasks)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QToolButton, QVBoxLayout, QWidget

from partnerdesk.i18n import _


class Row(QWidget):
    """One row; subclasses add their widgets with ``add`` and implement value/setValue/problem."""

    changed = Signal()
    remove_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layout_ = QHBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.remove_button = QToolButton(self)
        self.remove_button.setText("−")
        self.remove_button.setToolTip(_("Remove this row"))
        self.remove_button.setAccessibleName(_("Remove this row"))
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(self))

    def add(self, widget: QWidget, stretch: int = 0) -> None:
        self.layout_.addWidget(widget, stretch)

    def finish(self) -> None:
        self.layout_.addWidget(self.remove_button)

    def first_widget(self) -> QWidget:
        item = self.layout_.itemAt(0)
        widget = item.widget() if item is not None else None
        assert widget is not None, "a row holds its widgets before it is shown"
        return widget

    def value(self) -> Any:
        raise NotImplementedError

    def setValue(self, value: Any) -> None:  # noqa: N802 (Qt naming)
        raise NotImplementedError

    def problem(self) -> str | None:
        return None


def focus_chain(widget: QWidget) -> list[QWidget]:
    """The widgets Tab visits inside ``widget``, in order."""
    if hasattr(widget, "tab_widgets"):
        return widget.tab_widgets()  # type: ignore[no-any-return]
    return [widget.focusProxy() or widget]


class RowsEditor(QWidget):
    changed = Signal()

    def __init__(self, add_label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Row] = []
        self.rows_layout = QVBoxLayout()
        self.rows_layout.setContentsMargins(0, 0, 0, 0)
        self.rows_layout.setSpacing(2)
        self.add_button = QPushButton(add_label, self)
        self.add_button.clicked.connect(self._add_clicked)
        bottom = QHBoxLayout()
        bottom.setContentsMargins(0, 0, 0, 0)
        bottom.addWidget(self.add_button)
        bottom.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(self.rows_layout)
        layout.addLayout(bottom)

    def make_row(self) -> Row:
        raise NotImplementedError

    def _add_clicked(self) -> None:
        row = self.add_row()
        row.first_widget().setFocus()
        self.changed.emit()

    def add_row(self, value: Any = None) -> Row:
        row = self.make_row()
        row.finish()
        if value is not None:
            row.setValue(value)
        row.changed.connect(self.changed)
        row.remove_requested.connect(self._remove)
        self.rows.append(row)
        self.rows_layout.addWidget(row)
        row.show()  # at once, not on the next event loop turn (Tab and tests see it)
        return row

    def _remove(self, row: Row) -> None:
        self.rows.remove(row)
        self.rows_layout.removeWidget(row)
        row.hide()
        row.deleteLater()
        self.add_button.setFocus()
        self.changed.emit()

    def tab_widgets(self) -> list[QWidget]:
        widgets: list[QWidget] = []
        for row in self.rows:
            for i in range(row.layout_.count()):
                item = row.layout_.itemAt(i)
                widget = item.widget() if item is not None else None
                if widget is not None:  # a spacer or stretch has no widget
                    widgets += focus_chain(widget)
        return [*widgets, self.add_button]

    def value(self) -> list[Any]:
        return [row.value() for row in self.rows]

    def setValue(self, values: Sequence[Any]) -> None:  # noqa: N802 (Qt naming)
        for row in list(self.rows):
            self.rows_layout.removeWidget(row)
            row.hide()
            row.deleteLater()
        self.rows = []
        for value in values:
            self.add_row(value)

    def problem(self) -> str | None:
        for row in self.rows:
            if message := row.problem():
                return message
        return None
