"""*Dokumente → Jahresbericht…* in the real window: the year, format, type, unit and file
chosen in the dialog reach the report, which is written with progress; a template mistake is
said in German and nothing is written."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from partnerdesk.paths import data_dir
from partnerdesk.ui.documents.annual_report_dialog import AnnualReportDialog, annual_report

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (raise\(\)|grabbing the keyboard|propagateSizeHints\(\))")


def test_the_action_is_in_the_documents_menu(window):
    texts = [a.text().replace("&", "") for a in window.menu("documents").actions()]
    assert "Jahresbericht…" in texts


def test_the_report_as_word_for_the_year_chosen(window, tmp_path):
    out = tmp_path / "bericht.pdf"

    def answer(dialog: AnnualReportDialog) -> bool:
        assert dialog.unit.count() > 1  # "Alle Dienststellen" and the example's city units
        assert dialog.file.text().endswith(".pdf")
        dialog.year.setValue(2025)
        dialog.file.setText(str(out))
        dialog.docx.setChecked(True)  # the name follows the format
        return True

    written = annual_report(window, answer=answer)
    assert written == str(out.with_suffix(".docx"))
    document = docx.Document(written)
    assert document.paragraphs[0].text == "Jahresbericht 2025"
    assert "bericht.docx" in window.statusBar().currentMessage()


def test_a_type_filter_reaches_the_report(window, tmp_path):
    out = tmp_path / "nur.docx"

    def answer(dialog: AnnualReportDialog) -> bool:
        dialog.year.setValue(2025)
        dialog.docx.setChecked(True)
        dialog.type.setCurrentIndex(dialog.type.findData("twinning"))
        dialog.file.setText(str(out))
        return True

    written = annual_report(window, answer=answer)
    text = " ".join(p.text for p in docx.Document(written).paragraphs)
    assert "Auswahl: Partnerschaft" in text
    # The example has no twinning: the selection has none, not the year.
    assert "Für 2025 ist in der Auswahl (Partnerschaft) keine Partnerschaft erfasst." in text
    assert "Für 2025 ist keine Partnerschaft erfasst." not in text


def test_a_mistake_in_the_office_template_is_said_and_nothing_is_written(window, tmp_path, messages):
    folder = data_dir() / "templates" / "annual_report" / "de"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "texts.txt").write_text("title = {jahr}\n", "utf-8")
    out = tmp_path / "kaputt.pdf"

    def answer(dialog: AnnualReportDialog) -> bool:
        dialog.file.setText(str(out))
        return True

    assert annual_report(window, answer=answer) is None
    assert not out.exists() and not list(Path(tmp_path).glob("*.pdf"))
    assert any("Vorlage des Jahresberichts" in text and "Zeile 1" in text for _kind, _title, text in messages)
