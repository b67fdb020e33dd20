"""File dialogs start in the documents folder, then in last time's folder for that kind of file,
with a German default name; never in the working directory or the hidden data folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from partnerdesk import paths
from partnerdesk.ui import file_dialogs


@pytest.fixture
def documents(tmp_path, monkeypatch):
    """A home folder with a documents folder, independent of this machine's user folders."""
    home = tmp_path / "home"
    folder = home / "Documents"
    folder.mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.delenv("XDG_DOCUMENTS_DIR", raising=False)
    monkeypatch.chdir(tmp_path)  # the working directory is never offered
    assert file_dialogs.documents_folder() == folder
    return folder


@pytest.fixture
def asked(monkeypatch):
    """Every file dialog: (title, where it starts); it answers with ``asked.answer``."""

    class Asked(list):
        answer = ""

    calls = Asked()

    def dialog(parent, title, start, filters, *args, **kwargs):
        calls.append((title, start))
        return calls.answer, ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(dialog))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(dialog))
    return calls


def test_exports_start_in_documents_with_a_german_name_then_in_the_last_folder(window, documents, asked, tmp_path):
    from partnerdesk.ui.exchange import actions

    window.tabs.setCurrentWidget(window.panels["projects"])
    asked.answer = ""
    assert actions.export_register(window) is None  # cancelled
    assert asked[-1][1] == str(documents / "Projekte.xlsx")
    assert actions.export_calendar(window) is None
    assert asked[-1][1] == str(documents / "Aktivitäten.ics")

    elsewhere = tmp_path / "Ablage"
    elsewhere.mkdir()
    asked.answer = str(elsewhere / "Projekte Q4.xlsx")
    assert actions.export_register(window) == elsewhere / "Projekte Q4.xlsx"
    asked.answer = ""
    actions.export_register(window)
    assert asked[-1][1] == str(elsewhere / "Projekte.xlsx"), "last time's folder for exports"
    actions.export_calendar(window)
    assert asked[-1][1] == str(documents / "Aktivitäten.ics"), "each kind of file keeps its own folder"


def test_the_pdf_dialog_offers_the_name_derived_from_the_record(qtbot, documents, asked, tmp_path):
    from partnerdesk.ui.documents.preview import PdfPreviewDialog

    pdf = tmp_path / "preview.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    dialog = PdfPreviewDialog(pdf, "MoU", "MoU-Entwurf-3-Kumasi.pdf")
    qtbot.addWidget(dialog)
    assert dialog.save_as() is None
    assert asked[-1] == ("PDF speichern unter", str(documents / "MoU-Entwurf-3-Kumasi.pdf"))


def test_the_hidden_data_folder_and_vanished_folders_are_never_offered(qtbot, documents, asked, settings, tmp_path):
    settings.set_state("folders/pdf", str(paths.data_dir()))
    settings.set_state("folders/export", str(tmp_path / "gone"))
    settings.sync()
    assert file_dialogs.start_folder(None, "pdf") == documents
    assert file_dialogs.start_folder(None, "export") == documents
    assert Path.cwd() != documents


def test_travel_copies_and_imports_start_in_documents(window, documents, asked):
    from partnerdesk.ui.travel.actions import checkout_travel_copy, merge_travel_copy

    assert checkout_travel_copy(window) is None
    assert asked[-1][1] == str(documents / f"{window.db.path.stem}-reise.pdtravel")
    assert merge_travel_copy(window) is None
    assert asked[-1][1] == str(documents)
    assert window.db.path.parent != documents


def test_a_dialog_above_the_window_uses_the_windows_settings(qtbot, window, documents, asked, tmp_path):
    from partnerdesk.ui.documents.preview import PdfPreviewDialog

    pdf = tmp_path / "preview.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    dialog = PdfPreviewDialog(pdf, "MoU", "MoU-Kumasi.pdf", window)
    qtbot.addWidget(dialog)
    asked.answer = str(tmp_path / "MoU-Kumasi.pdf")
    dialog.save_as()
    assert window.settings.state_value("folders/pdf") == str(tmp_path)
