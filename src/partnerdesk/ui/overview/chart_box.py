"""A titled place for one of the overview's charts: the chart, or a text when there is nothing
to show (a year without data), and "Export" as PNG or SVG. Qt Charts is imported only when the
first chart comes (``charts``), so building the window does not wait for it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QStackedWidget, QToolButton, QVBoxLayout, QWidget

from partnerdesk.i18n import _
from partnerdesk.ui.file_dialogs import save_file_name

if TYPE_CHECKING:
    from PySide6.QtCharts import QChart, QChartView


class ChartBox(QWidget):
    """A titled chart, or the text ``empty`` when it has nothing to show; "Exportieren" saves it."""

    def __init__(self, title: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.title = title
        self.heading = QLabel(f"<b>{title}</b>", self)
        self.view: QChartView | None = None  # made with the first chart
        self.empty = QLabel(self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setObjectName(f"{name}_empty")
        self.stack = QStackedWidget(self)
        self.stack.setMinimumSize(360, 220)  # room for the axes' labels, none elided
        self.stack.addWidget(self.empty)
        self.export_button = QToolButton(self)
        self.export_button.setText(_("Export"))
        self.export_button.setToolTip(_("Save the chart as PNG or SVG (for slides)"))
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.export_button)
        menu.addAction(_("As PNG image…"), lambda: self.ask_and_export("png"))
        menu.addAction(_("As SVG drawing…"), lambda: self.ask_and_export("svg"))
        self.export_button.setMenu(menu)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)
        self.chart: QChart | None = None

    def show_chart(self, chart: QChart | None, empty_text: str = "") -> None:
        """Show ``chart``, or ``empty_text`` when it is None."""
        old = self.chart
        if chart is None:
            self.chart = None
            self.empty.setText(empty_text)
            self.stack.setCurrentWidget(self.empty)
            self.export_button.setEnabled(False)
        else:
            self.chart = chart
            if self.view is None:
                from PySide6.QtCharts import QChartView

                self.view = QChartView(self)
                self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
                self.stack.addWidget(self.view)
            self.view.setChart(chart)
            self.stack.setCurrentWidget(self.view)
            self.export_button.setEnabled(True)
        if old is not None and old is not self.chart:
            old.deleteLater()

    def is_empty(self) -> bool:
        return self.stack.currentWidget() is self.empty

    def ask_and_export(self, kind: str) -> Path | None:
        if self.chart is None:
            return None
        filters = _("PNG image (*.png)") if kind == "png" else _("SVG drawing (*.svg)")
        path = save_file_name(self, "overview", _("Export chart"), f"{self.objectName()}.{kind}", filters)
        if path is None:
            return None
        from partnerdesk.ui.overview.charts import export_chart

        return export_chart(self.chart, self.title, path.with_suffix(f".{kind}"))
