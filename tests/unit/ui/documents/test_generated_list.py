"""Word from the MoU dialog, saving records the MoU, and *Dokumente → Erstellte Dokumente*."""

from __future__ import annotations

from datetime import date

import docx
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtTest import QAbstractItemModelTester

from partnerdesk.services.generated_documents import list_documents, next_draft
from partnerdesk.services.records import PartnershipService
from partnerdesk.ui.documents.generated_list import GeneratedDocumentsDialog, GeneratedDocumentsModel
from partnerdesk.ui.documents.options_dialog import MouChoice, MouOptionsDialog


def _select_kumasi(window, example_db):
    partnership = PartnershipService(example_db).find("Kumasi")
    panel = window.panels["partnerships"]
    window.tabs.setCurrentWidget(panel)
    panel.select_ids([partnership.id])
    return partnership


def test_dialog_offers_word_and_the_next_draft_number(qtbot):
    dialog = MouOptionsDialog("Kumasi", "en", next_draft=4)
    qtbot.addWidget(dialog)
    assert dialog.draft_number.value() == 4
    dialog.format.setCurrentIndex(dialog.format.findData("docx"))
    assert dialog.choice().format == "docx" and dialog.choice().draft == 4


def test_word_mou_is_written_and_recorded(window, example_db, tmp_path, monkeypatch, messages):
    partnership = _select_kumasi(window, example_db)
    target = tmp_path / "Entwurf Kumasi"
    monkeypatch.setattr("partnerdesk.ui.file_dialogs.save_file_name", lambda *a, **k: target)
    assert window.document_actions.create_mou(MouChoice("en", 3, date(2026, 12, 7), format="docx")) is None
    written = target.with_name("Entwurf Kumasi.docx")
    assert window.document_actions.last_written == written and written.exists()
    assert "Entwurf Nr. 3" in docx.Document(str(written)).sections[0].footer.paragraphs[0].text
    assert messages[-1][0] == "information" and str(written) in messages[-1][2]
    [entry] = list_documents(example_db)
    assert (entry.partnership_id, entry.format, entry.draft, entry.languages) == (partnership.id, "docx", 3, ("de", "en"))
    assert next_draft(example_db, partnership.id) == 4


def test_saving_the_pdf_preview_records_it(window, example_db, tmp_path):
    _select_kumasi(window, example_db)
    dialog = window.document_actions.create_mou(MouChoice("en", 2, date(2026, 12, 7)))
    assert list_documents(example_db) == []  # a preview is no document yet
    saved = dialog.save_as(str(tmp_path / "mou.pdf"))
    assert saved is not None and saved.exists()
    [entry] = list_documents(example_db)
    assert entry.format == "pdf" and entry.draft == 2 and entry.path == saved.resolve()
    dialog.reject()


def test_generated_documents_list(window, example_db, tmp_path, monkeypatch, messages, qtbot):
    _select_kumasi(window, example_db)
    for n in (1, 2):
        monkeypatch.setattr("partnerdesk.ui.file_dialogs.save_file_name", lambda *a, n=n, **k: tmp_path / f"{n}.docx")
        window.document_actions.create_mou(MouChoice("fr", n, date(2026, 12, n), format="docx"))
    entries = [a for a in window.menu("documents").actions() if a is window.document_actions.generated_action]
    assert entries and entries[0].text() == "&Erstellte Dokumente…"
    dialog = window.document_actions.show_generated()
    assert isinstance(dialog, GeneratedDocumentsDialog)
    model = dialog.model
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    assert model.rowCount() == 2 and model.columnCount() == 8
    row = [model.data(model.index(0, c)) for c in range(model.columnCount())]
    assert row[0] == "Klimapartnerschaft Dortmund – Kumasi" and row[1] == "Entwurf 2" and row[3] == "DE, FR"
    assert row[4] == "Word" and row[7] == "2.docx"
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Fassung"
    assert model.rowCount(model.index(0, 0)) == 0 and model.data(QModelIndex()) is None

    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url.toLocalFile()) or True))
    assert dialog.open_entry(0) and opened == [str((tmp_path / "2.docx").resolve())]
    (tmp_path / "1.docx").unlink()
    assert not dialog.open_entry(1)
    assert messages[-1][0] == "warning" and "nicht mehr da" in messages[-1][2]
    again = GeneratedDocumentsModel(list_documents(example_db))
    assert again.data(again.index(1, 7)) == "1.docx (nicht mehr vorhanden)"
    dialog.close()


def test_the_dialog_s_clauses_and_format_together_reach_the_word_document(window, example_db, tmp_path, monkeypatch,
                                                                           messages):
    """Through "MoU-Entwurf erstellen…" itself: the dialog starts at the registry's next draft number,
    knows the kind of partnership (the climate clause ticked), and its clause list, language clause
    and format choice all reach the Word document."""
    from partnerdesk.ui.documents.options_dialog import MouOptionsDialog

    partnership = _select_kumasi(window, example_db)
    monkeypatch.setattr("partnerdesk.ui.file_dialogs.save_file_name", lambda *a, **k: tmp_path / "1.docx")
    window.document_actions.create_mou(MouChoice("en", 1, date(2026, 12, 7), format="docx"))
    seen = []

    def exec_(dialog):
        items = {dialog.clause_list.item(r).data(Qt.ItemDataRole.UserRole): dialog.clause_list.item(r)
                 for r in range(dialog.clause_list.count())}
        seen.append((dialog.draft_number.value(), items["climate_programme"].checkState()))
        items["contacts"].setCheckState(Qt.CheckState.Checked)
        items["data_protection"].setCheckState(Qt.CheckState.Unchecked)
        dialog.equal_versions.setChecked(True)
        dialog.format.setCurrentIndex(dialog.format.findData("docx"))
        # The signatories' choices beside them: a contact's personal data, a deputy "In Vertretung".
        next(c for c in dialog.contact_boxes.values() if c.text().startswith("Erika Beispiel")).setChecked(True)
        assert dialog.signer.count() > 1
        dialog.signer.setCurrentIndex(1)
        seen.append(dialog.signer.currentText().removeprefix("In Vertretung: ").split(" – ")[0])
        return MouOptionsDialog.DialogCode.Accepted

    monkeypatch.setattr(MouOptionsDialog, "exec", exec_)
    monkeypatch.setattr("partnerdesk.ui.file_dialogs.save_file_name", lambda *a, **k: tmp_path / "2.docx")
    assert window.document_actions.create_mou() is None
    assert seen[0] == (2, Qt.CheckState.Checked)  # draft 1 is recorded; a climate partnership
    document = docx.Document(str(tmp_path / "2.docx"))
    text = "\n".join(c.text for table in document.tables for row in table.rows for c in row.cells)
    assert "Ansprechpersonen" in text and "Erika Beispiel" in text and "Datenschutz" not in text
    assert "Beide Fassungen sind gleichermaßen maßgeblich." in text
    assert "Entwurf Nr. 2" in document.sections[0].footer.paragraphs[0].text
    ours = [p.text for p in document.tables[-1].rows[0].cells[0].paragraphs]
    assert "In Vertretung / On behalf of the Mayor" in ours and seen[1] in ours
    assert [e.draft for e in list_documents(example_db) if e.partnership_id == partnership.id] == [2, 1]
