"""The window's document actions on the real main window: they write a PDF and the preview opens it."""

from __future__ import annotations

import unicodedata
from datetime import date

import pypdf
import pytest
from PySide6.QtPdf import QPdfDocument

from partnerdesk.services.records import PartnershipService, ProjectService
from partnerdesk.ui.documents.options_dialog import MouChoice


@pytest.fixture(autouse=True)
def _sheet_options_accepted(monkeypatch):
    """The sheet's options dialog answered with its defaults (tests/unit/ui/documents/test_sheet_dialog.py
    drives it through its widgets)."""
    from PySide6.QtWidgets import QDialog

    from partnerdesk.ui.documents.sheet_dialog import SheetOptionsDialog

    monkeypatch.setattr(SheetOptionsDialog, "exec", lambda self: QDialog.DialogCode.Accepted)


def _select(window, kind, ids):
    panel = window.panels[kind]
    window.tabs.setCurrentWidget(panel)
    panel.select_ids(ids)
    assert window.current_register() == kind and sorted(window.selected_ids()) == sorted(ids)


def _text(path):
    return unicodedata.normalize("NFC", "\n".join(p.extract_text() for p in pypdf.PdfReader(str(path)).pages))


def test_menu_entries(window):
    entries = [a.text() for a in window.menu("documents").actions() if not a.isSeparator()]
    # With accelerators (Alt+D, then M, P or A), like the other menus.
    assert entries[:3] == ["&MoU-Entwurf erstellen…", "&Projektsteckbrief…", "Projektsteckbriefe &aller Projekte…"]
    travel = [a.text() for a in window.menu("travel").actions() if not a.isSeparator()]
    # the register of travel copies (issue 22) beside making and merging them
    assert travel == ["Reisekopie &erstellen…", "Reisekopie &zusammenführen…", "Reise&kopien…"]
    assert window.menu("documents").menuAction().isVisible()


def test_mou_for_the_selected_partnership(window, example_db, settings):
    settings.set("author_name", "Erika Beispiel")
    partnership = PartnershipService(example_db).find("Kumasi")
    _select(window, "partnerships", [partnership.id])
    dialog = window.document_actions.create_mou(MouChoice("en", 2, date(2026, 11, 25)))
    assert dialog is not None and dialog.isVisible()
    assert dialog.document.status() == QPdfDocument.Status.Ready
    assert dialog.document.pageCount() == len(pypdf.PdfReader(str(dialog.path)).pages) >= 2
    text = _text(dialog.path)
    assert "Absichtserklärung" in text and "Memorandum of Understanding" in text and "Entwurf Nr. 2" in text
    assert pypdf.PdfReader(str(dialog.path)).metadata.author == "Erika Beispiel"
    assert dialog.path.name == "MoU-Entwurf-2-Kumasi.pdf"
    path = dialog.path
    dialog.reject()
    assert not path.exists()  # the temporary preview file is cleaned up


def test_mou_in_english_and_arabic_with_arabic_indic_digits(window, example_db):
    _select(window, "partnerships", [PartnershipService(example_db).find("Dura").id])
    dialog = window.document_actions.create_mou(MouChoice("ar", 3, date(2026, 11, 25), first_language="en",
                                                          digits="arabic"))
    assert dialog is not None and dialog.document.status() == QPdfDocument.Status.Ready
    text = _text(dialog.path)
    assert "Memorandum of Understanding" in text and "مذكرة" in text and "Absichtserklärung" not in text
    assert "Draft no. 3" in text and "٣" in text  # the Arabic footer's draft number in Arabic-Indic digits
    assert dialog.path.name == "MoU-Entwurf-3-Dura.pdf"
    dialog.reject()


def test_mou_needs_one_partnership(window, example_db, messages):
    _select(window, "projects", [ProjectService(example_db).find("Tropfen").id])
    assert window.document_actions.create_mou(MouChoice("en", 1, date.today())) is None
    assert messages[-1][0] == "warning" and "genau eine Partnerschaft" in messages[-1][2]


def test_sheets_for_the_selected_projects(window, example_db):
    ids = [ProjectService(example_db).find(name).id for name in ("Tropfen", "Müllfahrzeug")]
    _select(window, "projects", ids)
    window.document_actions.sheet_action.trigger()
    dialog = window.document_actions.previews[-1]
    assert dialog.document.status() == QPdfDocument.Status.Ready
    assert dialog.document.pageCount() == 2
    assert "Jeder Tropfen zählt" in _text(dialog.path)
    dialog.close()


def test_sheets_for_a_selected_partnership_are_those_of_its_projects(window, example_db, messages):
    kumasi = PartnershipService(example_db).find("Kumasi")
    _select(window, "partnerships", [kumasi.id])
    window.document_actions.sheet_action.trigger()
    assert not messages, "no question whether all projects are meant"
    dialog = window.document_actions.previews[-1]
    own = ProjectService(example_db).for_partnership(kumasi.id)
    assert dialog.document.pageCount() == len(own) == 1
    assert "Masterpläne Klimaanpassung" in _text(dialog.path)
    dialog.close()

    empty = PartnershipService(example_db).create(type(kumasi)(title="Partnerschaft ohne Projekte", partner_id=kumasi.partner_id))
    window.refresh()
    _select(window, "partnerships", [empty.id])
    assert window.document_actions.create_sheets() is None
    assert messages[-1][0] == "warning" and messages[-1][2] == "Zur gewählten Partnerschaft gehört noch kein Projekt."


def test_sheets_without_selection_ask_first(window, example_db, messages):
    _select(window, "projects", [])
    assert window.document_actions.create_sheets() is None  # the question was answered "No"
    assert messages[-1][0] == "question"
    dialog = window.document_actions.create_sheets(all_projects=True)
    assert dialog.document.pageCount() == ProjectService(example_db).count() == 6
    dialog.close()


def test_sheet_with_a_character_no_font_has_opens_and_names_record_and_field(window, example_db, messages):
    """The preview opens (the PDF is written, "�" in place of the emoji), then a message names
    the record and the field; Hebrew and Chinese print without a message."""
    service = ProjectService(example_db)
    project = service.find("Tropfen")
    project.title = "Tropfen 💧 für נתניה und 西安"
    service.update(project)
    window.refresh()
    _select(window, "projects", [project.id])
    window.document_actions.sheet_action.trigger()
    dialog = window.document_actions.previews[-1]
    assert dialog.document.status() == QPdfDocument.Status.Ready
    text = _text(dialog.path)
    assert "\ufffd" in text and "西安" in text
    kind, _title, message = messages[-1]
    assert kind == "warning"
    assert "Projekt „Tropfen 💧 für נתניה und 西安“, Feld „Titel“: keine Schrift hat 💧 (U+1F4A7)" in message
    dialog.close()


@pytest.mark.postgresql
def test_on_a_server_the_documents_read_off_the_gui_thread(window, example_db, messages, gui_thread_calls):
    from partnerdesk.ui import background

    kumasi = PartnershipService(example_db).find("Kumasi")
    own = ProjectService(example_db).for_partnership(kumasi.id)
    _select(window, "partnerships", [kumasi.id])
    on_gui_thread = gui_thread_calls(window.db)
    mou = window.document_actions.create_mou(MouChoice("en", 2, date(2026, 11, 25)))
    sheets = window.document_actions.create_sheets()  # the partnership's projects looked up first
    assert mou is not None and sheets is not None and not messages
    assert sheets.document.pageCount() == len(own) == 1
    mou.close()
    sheets.close()
    if background.is_remote(window.db):
        assert not on_gui_thread, f"database work on the GUI thread: {on_gui_thread}"
    else:
        assert on_gui_thread  # a file answers at once: there it runs where it is asked (the watch sees it)
