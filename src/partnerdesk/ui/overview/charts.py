"""The overview's charts with Qt Charts (``PySide6.QtCharts``, from the PySide6-Addons wheel):
SDG coverage (projects and budget per goal, each goal in its official colour), partnerships per
type and status, activities per year, and their export as PNG or SVG for slides. Each is shown
in a ``chart_box.ChartBox``. Imported when the tab first shows its charts, not when the window
is built (importing Qt Charts takes some 70 ms the window's start must not wait for).

Why Qt Charts rather than matplotlib: it is the same Qt the window draws with (fonts, German
number format, high-DPI, the window's palette), imports in about 70 ms (matplotlib with numpy
takes several times that, on the tab's 500 ms budget), adds a few megabytes to the frozen build
(PyInstaller collects only QtCharts from the Addons wheel), and QSvgGenerator writes its SVG.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QCategoryAxis,
    QChart,
    QHorizontalStackedBarSeries,
    QStackedBarSeries,
)
from PySide6.QtCore import QLocale, QMargins, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QApplication, QGraphicsSimpleTextItem, QGraphicsTextItem

from partnerdesk.domain import sdg
from partnerdesk.domain.chart_colours import STATUS_COLOURS
from partnerdesk.domain.enums import PartnershipStatus, PartnershipType
from partnerdesk.domain.errors import EnvironmentProblem
from partnerdesk.i18n import _
from partnerdesk.services.overview import GoalCoverage

#: The size a chart is exported in (pixels; SVG in the same units), a slide's half.
EXPORT_SIZE = QSize(1200, 700)


def _chart() -> QChart:
    chart = QChart()
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.setBackgroundRoundness(0)
    chart.setLocale(QLocale())
    chart.setLocalizeNumbers(True)
    return chart


def _step(top: float, ticks: int = 4) -> float:
    """A round step (1, 2 or 5 times a power of ten, at least 1) that divides 0..``top`` in at most
    ``ticks`` parts."""
    raw = max(top, 1.0) / ticks
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    return max(step, 1.0)


def money(amount: float) -> str:
    """A short money label for an axis: "0 €", "500 €", "50 Tsd. €", "1,5 Mio. €"."""
    locale = QLocale()
    if abs(amount) >= 1_000_000:
        return _("{amount} m €").format(amount=locale.toString(round(amount / 1_000_000, 1), "g", 3))
    if abs(amount) >= 1_000:
        return _("{amount} k €").format(amount=locale.toString(round(amount / 1_000, 1), "g", 4))
    return _("{amount} €").format(amount=locale.toString(round(amount)))


def _small_font(size: float = 0.85) -> QFont:
    font = QFont(QApplication.font())
    font.setPointSizeF(max(font.pointSizeF() * size, 7.0))
    return font


def _axes(chart: QChart, series: QAbstractBarSeries, categories: list[str], top: float,
          money_axis: bool = False) -> None:
    """A category axis below and a value axis on the left from 0 to a round number above ``top``:
    whole numbers with a tick per round step for counts, short money labels ("50 Tsd. €") for
    amounts. Labels in a smaller font, so that 17 goals fit in a narrow window. A horizontal series
    gets its categories on the left (room for long names) and its values below."""
    horizontal = isinstance(series, QHorizontalStackedBarSeries)
    chart.addSeries(series)
    x_axis = QBarCategoryAxis()
    x_axis.append(categories)
    x_axis.setLabelsFont(_small_font())
    chart.addAxis(x_axis, Qt.AlignmentFlag.AlignLeft if horizontal else Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(x_axis)
    step = _step(top)
    end = step * (math.floor(max(top, 1.0) / step) + 1)  # a step above the highest bar
    # Labels written out (a QCategoryAxis on the values): "%d" as a QValueAxis' label format drew no
    # numbers at all with localised numbers, and money reads shorter in thousands.
    y_axis = QCategoryAxis()
    y_axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
    value = 0.0
    while value <= end + step / 2:
        y_axis.append(money(value) if money_axis else QLocale().toString(round(value)), value)
        value += step
    y_axis.setRange(0, end)
    y_axis.setLabelsFont(_small_font())
    chart.addAxis(y_axis, Qt.AlignmentFlag.AlignBottom if horizontal else Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(y_axis)


def sdg_chart(goals: Sequence[GoalCoverage], value: Callable[[GoalCoverage], float], money_axis: bool = False) -> QChart:
    """One bar per goal 1–17 in the goal's official colour (a stacked series of one set per goal:
    Qt Charts colours sets, not single bars)."""
    chart = _chart()
    series = QStackedBarSeries()
    for g in goals:
        values = [0.0] * 17
        values[g.goal - 1] = value(g)
        bar = QBarSet(f"{g.goal} {sdg.goal(g.goal).short()}")
        bar.append(values)
        bar.setColor(QColor(sdg.goal(g.goal).colour))
        bar.setBorderColor(QColor(sdg.goal(g.goal).colour))
        series.append(bar)
    _axes(chart, series, [str(n) for n in range(1, 18)], max((value(g) for g in goals), default=0.0), money_axis)
    chart.legend().hide()
    return chart


def types_chart(counts: dict[tuple[PartnershipType, PartnershipStatus], int]) -> QChart:
    """Partnerships per type (bars), stacked by status; lying, so that "Projektpartnerschaft" is
    not elided below a bar a quarter of a narrow window wide."""
    chart = _chart()
    series = QHorizontalStackedBarSeries()
    types = list(PartnershipType)
    for status in PartnershipStatus:
        bar = QBarSet(status.label)
        bar.append([float(counts.get((t, status), 0)) for t in types])
        bar.setColor(QColor(STATUS_COLOURS[status]))
        series.append(bar)
    totals = [sum(counts.get((t, s), 0) for s in PartnershipStatus) for t in types]
    _axes(chart, series, [t.label for t in types], float(max(totals, default=0)))
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    return chart


def years_chart(per_year: Sequence[tuple[int, int]]) -> QChart:
    chart = _chart()
    series = QBarSeries()
    bar = QBarSet(_("Activities"))
    bar.append([float(n) for _y, n in per_year])
    bar.setColor(QColor("#0072B2"))
    series.append(bar)
    _axes(chart, series, [str(y) for y, _n in per_year], float(max((n for _y, n in per_year), default=0)))
    chart.legend().hide()
    return chart


def warm_up() -> None:
    """Make and paint one small chart with both kinds of axes, then drop it: Qt Charts' first
    chart, axis and label layout and the small font's glyphs cost the tab's first show some tens
    of milliseconds that the window, idle after its start, pays here instead (``panel.warm_up``)."""
    from PySide6.QtWidgets import QGraphicsScene

    scene = QGraphicsScene()
    chart = sdg_chart([GoalCoverage(goal=n, projects=n, budget=Decimal(n)) for n in range(1, 18)],
                      lambda g: float(g.budget), money_axis=True)
    scene.addItem(chart)
    chart.resize(360, 220)
    image = QImage(360, 220, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    scene.render(painter)
    painter.end()
    scene.removeItem(chart)
    chart.deleteLater()


def bar_values(chart: QChart) -> dict[str, list[float]]:
    """What a chart draws: each bar set's label and values (the tests compare them with SQL)."""
    found: dict[str, list[float]] = {}
    for series in chart.series():
        if isinstance(series, QAbstractBarSeries):
            for bar in series.barSets():
                found[bar.label()] = [bar.at(i) for i in range(bar.count())]
    return found


def categories(chart: QChart) -> list[str]:
    axes = [axis for axis in chart.axes() if isinstance(axis, QBarCategoryAxis)]
    return list(axes[0].categories()) if axes else []


def value_axis(chart: QChart) -> QCategoryAxis | None:
    """The axis of the values (counts or money), with its labels written out."""
    return next((axis for axis in chart.axes() if isinstance(axis, QCategoryAxis)), None)


def axis_labels(chart: QChart) -> list[str]:
    """Every label text the chart draws (axes and legend), as shown: an elided label ends in "…"."""
    return [item.toPlainText() if isinstance(item, QGraphicsTextItem) else item.text()
            for item in chart.scene().items() if isinstance(item, QGraphicsTextItem | QGraphicsSimpleTextItem)
            and item.isVisible()] if chart.scene() is not None else []


def euros(amount: Decimal) -> float:
    return float(amount)


# Export ------------------------------------------------------------------------------------------


def export_chart(chart: QChart, title: str, path: Path) -> Path:
    """Write ``chart`` as PNG or SVG (by the suffix; anything else becomes .png) in ``EXPORT_SIZE``."""
    if path.suffix.lower() not in (".png", ".svg"):
        path = path.with_suffix(".png")
    old_size, old_title = chart.size(), chart.title()
    chart.setTitle(title)
    chart.resize(EXPORT_SIZE.width(), EXPORT_SIZE.height())
    try:
        if path.suffix.lower() == ".svg":
            generator = QSvgGenerator()
            generator.setFileName(str(path))
            generator.setSize(EXPORT_SIZE)
            generator.setViewBox(QRect(0, 0, EXPORT_SIZE.width(), EXPORT_SIZE.height()))
            generator.setTitle(title)
            generator.setDescription(_("PartnerDesk overview"))
            painter = QPainter(generator)
            _paint(chart, painter)
            painter.end()
        else:
            image = QImage(EXPORT_SIZE, QImage.Format.Format_ARGB32)
            image.fill(QColor("white"))
            painter = QPainter(image)
            _paint(chart, painter)
            painter.end()
            image.save(str(path))  # PNG by the suffix
    finally:
        chart.setTitle(old_title)
        chart.resize(old_size)
    if not path.is_file() or path.stat().st_size == 0:
        raise EnvironmentProblem(_("The chart could not be saved as “{path}”: the folder is missing or not writable.").format(path=path))
    return path


def _paint(chart: QChart, painter: QPainter) -> None:
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    target = QRectF(0, 0, EXPORT_SIZE.width(), EXPORT_SIZE.height())
    chart.scene().render(painter, target, chart.geometry())
