"""The action programme's files in the window (*Dokumente → Handlungsprogramm…*): "Als Excel
exportieren…", "Aus Excel importieren…" (a preview, then one undo step; a wrong cell named by row
and column in German and nothing changed) and "Drucken (PDF/DOCX)…", through the code the
commands 'programme export/import/print' use. The file dialogs are answered by patching
QFileDialog as the other window tests do."""

from __future__ import annotations

from decimal import Decimal

import docx
import openpyxl
import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from partnerdesk.domain.programme import ItemKind
from partnerdesk.domain.programme_sample import sample_programme
from partnerdesk.exchange.programme_table import read_programme
from partnerdesk.services import programme
from partnerdesk.ui.programme.dialog import ProgrammeDialog
from partnerdesk.ui.programme.import_preview import ProgrammeImportPreview
from programme_sheets import edit_sheet as _edit_sheet


@pytest.fixture
def files(tmp_path, monkeypatch):
    """Every file dialog: (title, where it starts, filters); it answers with ``files.answer``."""
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.delenv("XDG_DOCUMENTS_DIR", raising=False)

    class Asked(list):
        answer = ""

    asked = Asked()

    def dialog(parent, title, start, filters, *args, **kwargs):
        asked.append((title, start, filters))
        return asked.answer, ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(dialog))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(dialog))
    asked.documents = home / "Documents"
    return asked


@pytest.fixture
def previews(monkeypatch):
    """The import previews shown; each is answered with ``previews.answer(preview)`` (accept: True)."""

    class Shown(list):
        answer = staticmethod(lambda preview: True)

    shown = Shown()

    def exec_(preview):
        shown.append(preview)
        return QDialog.DialogCode.Accepted if shown.answer(preview) else QDialog.DialogCode.Rejected

    monkeypatch.setattr(ProgrammeImportPreview, "exec", exec_)
    return shown


def _dialog(db, qtbot) -> ProgrammeDialog:
    view = programme.load(db, "Kumasi")
    programme.save(db, view.partnership, sample_programme())
    dialog = ProgrammeDialog(db, view.partnership.id)
    qtbot.addWidget(dialog)
    return dialog


def _select(dialog: ProgrammeDialog, title: str) -> None:
    (item,) = [i for i in dialog.model.items() if i.title == title]
    dialog.tree.setCurrentIndex(dialog.model.index_of(item.id))


def _type(edit, text: str) -> None:
    edit.setText(text)
    edit.textEdited.emit(text)


def _row(sheet, columns, title: str) -> int:
    return next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, columns["Indikator"]).value == title)


def _stored(db) -> dict[str, object]:
    return {i.title: i for i in programme.load(db, "Kumasi").items}


def test_the_dialog_offers_the_three_file_buttons_in_german(example_db, qtbot):
    dialog = _dialog(example_db, qtbot)
    assert [b.text() for b in (dialog.export_button, dialog.import_button, dialog.print_button)] == [
        "Als Excel exportieren…", "Aus Excel importieren…", "Drucken (PDF/DOCX)…"]


def test_export_writes_the_sheet_the_command_writes(example_db, qtbot, files):
    dialog = _dialog(example_db, qtbot)
    files.answer = ""
    dialog.export_button.click()  # cancelled: nothing written, nothing said
    assert files[-1][1] == str(files.documents / "Handlungsprogramm-Kumasi.xlsx")
    target = files.documents / "programm.xlsx"
    files.answer = str(target)
    dialog.export_button.click()
    assert target.exists()
    assert dialog.message.text() == f"Geschrieben: {target} (9 Zeilen)."
    sheet = openpyxl.load_workbook(target).active
    assert [c.value for c in sheet[1]][:4] == ["Kennung", "Ebene", "Handlungsfeld", "Handlungsfeld (en)"]
    items, report = read_programme(target, programme.load(example_db, "Kumasi"))
    assert (report.created, report.changed, report.unchanged) == ([], [], 9)


def test_export_with_unsaved_changes_saves_them_first_or_writes_nothing(example_db, qtbot, files, monkeypatch):
    dialog = _dialog(example_db, qtbot)
    _select(dialog, "Begrünte Schulhöfe")
    _type(dialog.form.unit, "Schulhöfe")
    target = files.documents / "programm.xlsx"
    files.answer = str(target)
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.No)
    dialog.export_button.click()
    assert not target.exists() and len(asked) == 1
    assert "nicht gespeichert" in asked[0]
    assert _stored(example_db)["Begrünte Schulhöfe"].unit == "Anzahl"
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    dialog.export_button.click()
    assert target.exists() and dialog.undo_stack.isClean()
    assert _stored(example_db)["Begrünte Schulhöfe"].unit == "Schulhöfe"
    sheet = openpyxl.load_workbook(target).active
    columns = {cell.value: cell.column for cell in sheet[1]}
    assert sheet.cell(_row(sheet, columns, "Begrünte Schulhöfe"), columns["Einheit"]).value == "Schulhöfe"


def test_import_shows_a_preview_then_is_one_undo_step_saved_with_speichern(example_db, qtbot, files, previews):
    dialog = _dialog(example_db, qtbot)
    sheet_path = files.documents / "programm.xlsx"
    files.answer = str(sheet_path)
    dialog.export_button.click()

    def change(sheet, columns):
        sheet.cell(_row(sheet, columns, "Begrünte Schulhöfe"), columns["Zielwert"]).value = 15
        new = sheet.max_row + 1
        for header, value in (("Ebene", "Indikator"), ("Handlungsfeld", "Abfallwirtschaft"),
                              ("Ziel", "Weniger Abfall auf Deponien"), ("Maßnahme", "Kompostanlage am Markt"),
                              ("Indikator", "Verkaufter Kompost"), ("Indikator (en)", "Compost sold"),
                              ("Einheit", "t pro Jahr"), ("Ausgangswert", 0), ("Ausgangsjahr", 2024),
                              ("Zielwert", 100), ("Zieljahr", 2028)):
            sheet.cell(new, columns[header]).value = value

    _edit_sheet(sheet_path, change)
    before = dialog.model.items()
    steps = dialog.undo_stack.count()
    dialog.import_button.click()
    (preview,) = previews
    assert preview.windowTitle() == "Aus Excel importieren – programm.xlsx"
    assert preview.summary.text() == "1 Element hinzugefügt, 1 Element geändert, 0 Elemente entfernt, 8 unverändert."
    assert preview.changes.toPlainText() == "hinzugefügt: Indikator „Verkaufter Kompost“\ngeändert: Indikator „Begrünte Schulhöfe“"
    titles = {i.title: i for i in dialog.model.items()}
    assert titles["Begrünte Schulhöfe"].target_value == Decimal("15")
    new = titles["Verkaufter Kompost"]
    assert (new.kind, new.parent_id, new.title_translations) == (
        ItemKind.INDICATOR, titles["Kompostanlage am Markt"].id, "en: Compost sold")
    assert dialog.undo_stack.count() == steps + 1
    assert dialog.undo_stack.undoText() == "Aus Excel importieren"
    assert "Verkaufter Kompost" not in _stored(example_db), "not saved before Speichern"
    assert "noch nicht gespeichert" in dialog.message.text()
    dialog.undo_stack.undo()
    assert dialog.model.items() == before
    dialog.undo_stack.redo()
    assert dialog.save()
    stored = _stored(example_db)
    assert stored["Begrünte Schulhöfe"].target_value == Decimal("15") and "Verkaufter Kompost" in stored


def test_a_preview_cancelled_changes_nothing_and_missing_rows_are_removed_only_when_asked(
        example_db, qtbot, files, previews):
    dialog = _dialog(example_db, qtbot)
    sheet_path = files.documents / "programm.xlsx"
    files.answer = str(sheet_path)
    dialog.export_button.click()
    _edit_sheet(sheet_path, lambda sheet, columns: sheet.delete_rows(_row(sheet, columns, "Kompostierte Menge")))
    before = dialog.model.items()
    previews.answer = staticmethod(lambda preview: False)
    dialog.import_button.click()
    assert dialog.model.items() == before and dialog.undo_stack.isClean()
    assert previews[-1].summary.text() == "0 Elemente hinzugefügt, 0 Elemente geändert, 0 Elemente entfernt, 8 unverändert."

    def remove_missing(preview):
        preview.remove_missing.setChecked(True)
        assert preview.changes.toPlainText() == "entfernt: Indikator „Kompostierte Menge“"
        return True

    previews.answer = staticmethod(remove_missing)
    dialog.import_button.click()
    assert "Kompostierte Menge" not in [i.title for i in dialog.model.items()]
    assert dialog.save() and "Kompostierte Menge" not in _stored(example_db)


def test_a_wrong_cell_is_named_in_german_and_nothing_changes(example_db, qtbot, files, previews):
    dialog = _dialog(example_db, qtbot)
    sheet_path = files.documents / "programm.xlsx"
    files.answer = str(sheet_path)
    dialog.export_button.click()
    _edit_sheet(sheet_path, lambda sheet, columns: setattr(
        sheet.cell(_row(sheet, columns, "Begrünte Schulhöfe"), columns["Zielwert"]), "value", "zwölf"))
    before = dialog.model.items()
    dialog.import_button.click()
    assert previews == [], "no preview of a sheet that cannot be read"
    assert dialog.message.text() == "programm.xlsx, Zeile 5, Spalte „Zielwert“: „zwölf“ ist keine Zahl"
    assert dialog.model.items() == before and dialog.undo_stack.isClean()
    not_a_sheet = files.documents / "notizen.xlsx"
    not_a_sheet.write_text("keine Tabelle", "utf-8")
    files.answer = str(not_a_sheet)
    dialog.import_button.click()
    assert "notizen.xlsx" in dialog.message.text() and dialog.model.items() == before


def test_print_writes_the_bilingual_pdf_and_word_document_of_what_the_dialog_shows(example_db, qtbot, files):
    dialog = _dialog(example_db, qtbot)
    _select(dialog, "Begrünte Schulhöfe")
    _type(dialog.form.title, "Begrünte und entsiegelte Schulhöfe")  # not saved yet: the draft is printed
    files.answer = ""
    dialog.print_button.click()
    assert files[-1][1] == str(files.documents / "Handlungsprogramm-Kumasi.pdf")
    assert "*.docx" in files[-1][2]
    pdf = files.documents / "programm.pdf"
    files.answer = str(pdf)
    dialog.print_button.click()
    text = " ".join("\n".join(page.extract_text() for page in PdfReader(pdf).pages).split())
    assert text.startswith("Gemeinsames Handlungsprogramm Joint action programme")
    assert "Begrünte und entsiegelte Schulhöfe Greened schoolyards" in text
    assert dialog.message.text() == f"Geschrieben: {pdf}"
    word = files.documents / "programm.docx"
    files.answer = str(word)
    dialog.print_button.click()
    cells = [cell.text for table in docx.Document(str(word)).tables for row in table.rows for cell in row.cells]
    assert "Begrünte und entsiegelte Schulhöfe\nGreened schoolyards" in cells
    files.answer = str(files.documents / "entwurf")  # no ending: a PDF
    dialog.print_button.click()
    assert (files.documents / "entwurf.pdf").read_bytes().startswith(b"%PDF")
    assert not dialog.undo_stack.isClean(), "printing saves nothing"


def test_a_sheet_without_changes_takes_nothing_over(example_db, qtbot, files, previews):
    dialog = _dialog(example_db, qtbot)
    files.answer = str(files.documents / "programm.xlsx")
    dialog.export_button.click()
    dialog.import_button.click()
    assert previews[-1].changes.toPlainText() == "Die Tabelle ändert nichts."
    assert dialog.message.text() == "Nichts zu übernehmen: Die Tabelle programm.xlsx enthält keine Änderung."
    assert dialog.undo_stack.count() == 0
