"""The preview dialog shows a generated PDF and saves, prints and cleans up."""

from __future__ import annotations

from datetime import date

import pypdf
import pytest
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from partnerdesk.documents.mou.builder import MouOptions, build_mou
from partnerdesk.documents.mou.data import load_mou_data
from partnerdesk.services.records import PartnershipService
from partnerdesk.ui.documents.options_dialog import MouOptionsDialog
from partnerdesk.ui.documents.preview import PdfPreviewDialog


@pytest.fixture
def mou_pdf(example_db, tmp_path):
    folder = tmp_path / "preview"
    folder.mkdir()
    path = folder / "mou.pdf"
    partnership = PartnershipService(example_db).find("Kumasi")
    build_mou(load_mou_data(example_db, partnership), path, MouOptions(language="en", on=date(2026, 11, 25)))
    return path


def test_preview_loads_the_pdf(qtbot, mou_pdf):
    dialog = PdfPreviewDialog(mou_pdf, "MoU", "MoU-Kumasi.pdf")
    qtbot.addWidget(dialog)
    assert dialog.document.status() == QPdfDocument.Status.Ready
    assert dialog.document.pageCount() == len(pypdf.PdfReader(str(mou_pdf)).pages) >= 2
    assert dialog.view.document() is dialog.document
    assert dialog.status.text() == f"{dialog.document.pageCount()} Seiten · MoU-Kumasi.pdf"
    assert [b.text() for b in (dialog.save_button, dialog.open_button, dialog.print_button)] == [
        "Speichern unter…", "Im PDF-Programm öffnen", "Drucken…"
    ]


def test_save_as_copies_the_pdf(qtbot, mou_pdf, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: warnings.append(text))
    dialog = PdfPreviewDialog(mou_pdf, "MoU", "MoU-Kumasi.pdf")
    qtbot.addWidget(dialog)
    assert dialog.save_as(str(tmp_path / "Ablage" / "Entwurf")) is None  # folder missing
    assert len(warnings) == 1 and "kann nicht geschrieben werden" in warnings[0]
    target = tmp_path / "Entwurf"
    saved = dialog.save_as(str(target))
    assert saved == tmp_path / "Entwurf.pdf"
    assert saved.read_bytes() == mou_pdf.read_bytes()


def test_printing_renders_every_page(qtbot, mou_pdf, tmp_path):
    dialog = PdfPreviewDialog(mou_pdf, "MoU", "MoU-Kumasi.pdf")
    qtbot.addWidget(dialog)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setResolution(150)
    printed = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(printed))
    assert dialog.print_pdf(printer) == dialog.document.pageCount()
    assert len(pypdf.PdfReader(str(printed)).pages) == dialog.document.pageCount()


def test_closing_removes_a_temporary_preview_file(qtbot, mou_pdf):
    dialog = PdfPreviewDialog(mou_pdf, "MoU", "MoU-Kumasi.pdf", owns_file=True)
    qtbot.addWidget(dialog)
    dialog.reject()
    assert not mou_pdf.exists()
    assert not mou_pdf.parent.exists()


def test_mou_options_dialog(qtbot):
    before = date.today()
    dialog = MouOptionsDialog("Partnerschaft Dortmund – Dabola", "fr")
    qtbot.addWidget(dialog)
    choice = dialog.choice()
    # Today, as the dialog read the clock (a run that passes midnight here sees either day).
    assert choice.language == "fr" and choice.draft == 1 and choice.on in (before, date.today())
    assert [dialog.language.itemData(i) for i in range(dialog.language.count())] == ["en", "fr", "ro", "ar", "en+ar", "de"]
    assert not dialog.digits.isEnabled()  # digits matter for Arabic only
    dialog.draft_number.setValue(3)
    assert dialog.choice().draft == 3
    dialog.final_radio.setChecked(True)
    assert dialog.choice().draft is None
    assert not dialog.draft_number.isEnabled()


def test_a_one_page_pdf_says_one_page(qtbot, example_db, tmp_path):
    from partnerdesk.documents.project_sheet import SheetOptions, build_sheets
    from partnerdesk.documents.project_sheet_data import load_sheet_data
    from partnerdesk.services.records import ProjectService

    path = tmp_path / "steckbrief.pdf"
    build_sheets(load_sheet_data(example_db, [ProjectService(example_db).find("Müllfahrzeug").id]), path, SheetOptions())
    dialog = PdfPreviewDialog(path, "Projektsteckbrief", "Projektsteckbrief.pdf")
    qtbot.addWidget(dialog)
    assert dialog.status.text() == "1 Seite · Projektsteckbrief.pdf"


def test_mou_options_dialog_offers_arabic_with_its_digits(qtbot):
    dialog = MouOptionsDialog("Projektpartnerschaft Dortmund – Dura", "ar")
    qtbot.addWidget(dialog)
    assert dialog.language.currentText() == "Deutsch und Arabisch"
    assert dialog.digits.isEnabled()
    assert (dialog.choice().first_language, dialog.choice().language, dialog.choice().digits) == ("de", "ar", "latin")
    dialog.language.setCurrentIndex(dialog.language.findData("en+ar"))
    dialog.digits.setCurrentIndex(dialog.digits.findData("arabic"))
    choice = dialog.choice()
    assert (choice.first_language, choice.language, choice.digits) == ("en", "ar", "arabic")
    dialog.language.setCurrentIndex(dialog.language.findData("fr"))
    assert not dialog.digits.isEnabled()
    assert dialog.choice().digits == "latin"
