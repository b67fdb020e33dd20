"""Printing a PDF through Qt: Qt cannot send a PDF to a printer, so every page is
rendered at the printer's resolution and painted onto the printer's pages."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from partnerdesk.domain.errors import EnvironmentProblem
from partnerdesk.i18n import _

#: Upper bound for the rendering resolution; plenty for text, keeps memory per page bounded.
MAX_DPI = 600


def page_range(document: QPdfDocument, printer: QPrinter) -> range:
    """Page numbers (1-based) to print: all, or the range chosen in the print dialog."""
    count = document.pageCount()
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        return range(max(1, printer.fromPage()), min(count, printer.toPage() or count) + 1)
    return range(1, count + 1)


def print_document(
    document: QPdfDocument, printer: QPrinter, progress: Callable[[int, int], None] | None = None
) -> int:
    """Paint the pages of ``document`` onto ``printer``; returns how many were printed."""
    pages = page_range(document, printer)
    painter = QPainter()
    if not painter.begin(printer):
        raise EnvironmentProblem(_("The printer could not be started."))
    printed = 0
    try:
        dpi = min(printer.resolution(), MAX_DPI)
        for number in pages:
            if printed:
                printer.newPage()
            points = document.pagePointSize(number - 1)
            size = QSize(max(1, round(points.width() * dpi / 72)), max(1, round(points.height() * dpi / 72)))
            image = document.render(number - 1, size)
            area = painter.viewport()
            fitted = size.scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            x = area.x() + (area.width() - fitted.width()) // 2
            y = area.y() + (area.height() - fitted.height()) // 2
            painter.drawImage(QRect(x, y, fitted.width(), fitted.height()), image)
            printed += 1
            if progress:
                progress(printed, len(pages))
    finally:
        painter.end()
    return printed
