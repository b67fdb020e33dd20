"""Preview of a generated PDF inside the program (Qt's PDF viewer), with
"Speichern unter…", "Im PDF-Programm öffnen" and "Drucken…"."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from partnerdesk.domain.errors import PartnerDeskError
from partnerdesk.i18n import _, ngettext
from partnerdesk.ui.documents.printing import print_document
from partnerdesk.ui.file_dialogs import save_file_name
from partnerdesk.ui.screen_fit import fit_dialog, room

log = logging.getLogger(__name__)


#: Writes a file atomically from ``build(stream)`` (``layout.write_pdf``'s signature).
Writer = Callable[[Path, Callable[[BinaryIO], object]], Path]


class PdfPreviewDialog(QDialog):
    """Shows ``path``; ``suggested_name`` is offered when saving.

    With ``owns_file`` the PDF is a temporary file that the dialog deletes (with its
    folder, if that is empty) when it closes, unless it was opened in another program.
    """

    def __init__(
        self, path: Path, title: str, suggested_name: str, parent: QWidget | None = None, *, owns_file: bool = False,
        writer: Writer | None = None,
    ) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self.suggested_name = suggested_name
        self.owns_file = owns_file
        #: Saves the PDF under its name (the MoU's records it in the documents registry too).
        self.writer = writer
        self.saved_to: Path | None = None
        self.setWindowTitle(title)

        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.status = QLabel(self)

        buttons = QDialogButtonBox(self)
        self.save_button = QPushButton(_("Save as…"), self)
        self.save_button.setShortcut(QKeySequence.StandardKey.Save)
        self.open_button = QPushButton(_("Open in PDF program"), self)
        self.print_button = QPushButton(_("Print…"), self)
        self.print_button.setShortcut(QKeySequence.StandardKey.Print)
        for button in (self.save_button, self.open_button, self.print_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText(_("Close"))
        buttons.rejected.connect(self.reject)
        self.save_button.clicked.connect(self.save_as)
        self.open_button.clicked.connect(self.open_externally)
        self.print_button.clicked.connect(self.print_pdf)

        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)

        error = self.document.load(str(self.path))
        if error != QPdfDocument.Error.None_:
            self.status.setText(_("The PDF could not be shown ({error}).").format(error=error.name))
        else:
            self.status.setText(
                ngettext("{pages} page · {name}", "{pages} pages · {name}", self.document.pageCount()).format(
                    pages=self.document.pageCount(), name=self.suggested_name
                )
            )
        self._opened_externally = False
        # As tall as the screen allows (a page shown at its width), about as wide as a page
        # for that height; never the fixed 820×960 that reached past every laptop screen.
        height = room(self).height()
        fit_dialog(self, max(self.fontMetrics().averageCharWidth() * 90, height * 17 // 20), height)

    # Actions ------------------------------------------------------------------------------

    def save_as(self, target: str | None = None) -> Path | None:
        """Copy the PDF to a place the user chooses (``target`` skips the file dialog)."""
        if not target:
            chosen = save_file_name(self, "pdf", _("Save PDF as"), self.suggested_name, _("PDF files (*.pdf)"))
            if chosen is None:
                return None
            target = str(chosen)
        path = Path(target)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        from partnerdesk.documents.layout import write_pdf  # ReportLab: loaded only when saving

        data = self.path.read_bytes()
        try:
            (self.writer or write_pdf)(path, lambda stream: stream.write(data))
        except PartnerDeskError as exc:
            QMessageBox.warning(self, _("Save PDF as"), exc.message)
            return None
        self.saved_to = path
        self.status.setText(_("Saved as {path}").format(path=path))
        return path

    def open_externally(self) -> bool:
        self._opened_externally = True
        ok = QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.path)))
        if not ok:
            QMessageBox.warning(
                self, _("Open in PDF program"),
                _("No program for PDF files is set up on this computer. Save the PDF and open it from there."),
            )
        return ok

    def print_pdf(self, printer: QPrinter | None = None) -> int:
        """Print through the print dialog (``printer`` given: print without asking)."""
        if printer is None:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            printer.setDocName(self.suggested_name)
            dialog = QPrintDialog(printer, self)
            dialog.setMinMax(1, max(1, self.document.pageCount()))
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return 0
        try:
            count = print_document(self.document, printer)
        except PartnerDeskError as exc:
            QMessageBox.warning(self, _("Print…"), exc.message)
            return 0
        self.status.setText(ngettext("{pages} page sent to the printer.", "{pages} pages sent to the printer.", count).format(pages=count))
        return count

    # Clean-up -----------------------------------------------------------------------------

    def done(self, result: int) -> None:
        self.document.close()
        if self.owns_file and not self._opened_externally:
            try:
                self.path.unlink(missing_ok=True)
                if not any(self.path.parent.iterdir()):
                    shutil.rmtree(self.path.parent, ignore_errors=True)
            except OSError:
                log.warning("could not remove the preview file %s", self.path, exc_info=True)
        super().done(result)
