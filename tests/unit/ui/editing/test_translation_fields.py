"""Translations of organisation names, project titles and summaries in the forms, and the theme
glossary dialog (*Bearbeiten → Themen übersetzen…*), through the real widgets (issue 20)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from partnerdesk.services import theme_glossary
from partnerdesk.services.records import OrganisationService, ProjectService
from partnerdesk.ui.editing.theme_glossary import ThemeGlossaryDialog

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (raise\(\)|grabbing the keyboard|propagateSizeHints\(\))")


def test_organisation_name_translations_round_trip_through_the_form(qtbot, panel, example_db, content_of, db_path):
    unit = OrganisationService(example_db).find("Umweltamt")
    panel.show_record("organisations", unit.id)
    form = panel.form
    assert form.fields["name_translations"].label == "Name in anderen Sprachen"
    field = form.fields["name_translations"].widget
    assert "fr: Service de l’environnement" in field.toPlainText()
    field.setPlainText("en: Environment Department\nfrançais: Service")
    before = content_of(db_path)
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert form.error_of("name_translations").startswith("Name in anderen Sprachen, Zeile 2:")
    assert content_of(db_path) == before  # nothing written
    field.setPlainText("en: Environment Department\nro: Direcția de Mediu")
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert OrganisationService(example_db).get(unit.id).name_translations == (
        "en: Environment Department\nro: Direcția de Mediu")
    panel.show_record("organisations", unit.id)
    assert panel.form.fields["name_translations"].widget.toPlainText() == "en: Environment Department\nro: Direcția de Mediu"


def test_project_title_and_summary_translations_round_trip_through_the_form(qtbot, panel, example_db):
    truck = ProjectService(example_db).find("Müllfahrzeug")
    panel.show_record("projects", truck.id)
    form = panel.form
    assert (form.fields["title_translations"].label, form.fields["summary_translations"].label) == (
        "Titel in anderen Sprachen", "Zusammenfassung in anderen Sprachen")
    assert "ar: مركبة لجمع النفايات لمدينة دورا" in form.fields["title_translations"].widget.toPlainText()
    form.fields["title_translations"].widget.setPlainText("en: Refuse truck for Dura\nar: شاحنة نفايات لمدينة دورا")
    form.fields["summary_translations"].widget.setPlainText("fr: Don d’un camion-benne")
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    saved = ProjectService(example_db).get(truck.id)
    assert saved.title_translations == "en: Refuse truck for Dura\nar: شاحنة نفايات لمدينة دورا"
    assert saved.summary_translations == "fr: Don d’un camion-benne"


def _cell(dialog, theme, code):
    row = dialog.themes.index(theme)
    return dialog.table.item(row, 1 + dialog.languages.index(code))


def test_theme_glossary_dialog_saves_one_undoable_step(window, example_db, qtbot, monkeypatch):
    def interact(dialog):
        headers = [dialog.table.horizontalHeaderItem(i).text() for i in range(dialog.table.columnCount())]
        assert headers == ["Thema (deutsch)", "Englisch (en)", "Französisch (fr)", "Rumänisch (ro)", "Arabisch (ar)"]
        assert _cell(dialog, "Abfall", "fr").text() == "Gestion des déchets"
        # Keyboard: the table starts in the first translation cell, typing there edits it.
        assert dialog.table.currentColumn() == 1
        _cell(dialog, "Abfall", "fr").setText("Déchets")
        _cell(dialog, "Gesundheit", "ro").setText("")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ThemeGlossaryDialog, "exec", interact)
    window.findChild(type(window.action("undo")), "action_translate_themes").trigger()
    glossary = theme_glossary.load(example_db)
    assert "fr: Déchets" in glossary["Abfall"] and "ro:" not in glossary["Gesundheit"]
    assert "en: Waste management" in glossary["Abfall"]  # the other languages stay
    assert window.undo_stack.undoText() == "Themen übersetzen"
    window.undo_stack.undo()
    glossary = theme_glossary.load(example_db)
    assert "fr: Gestion des déchets" in glossary["Abfall"] and "ro: Sănătate" in glossary["Gesundheit"]
    window.undo_stack.redo()
    assert "fr: Déchets" in theme_glossary.load(example_db)["Abfall"]


def test_a_bad_cell_is_refused_and_the_dialog_stays_open(window, example_db, messages, monkeypatch):
    calls = []

    def interact(dialog):
        calls.append(1)
        if len(calls) == 1:
            _cell(dialog, "Abfall", "fr").setText("x" * 201)  # longer than a theme may be
        return QDialog.DialogCode.Accepted if len(calls) == 1 else QDialog.DialogCode.Rejected

    monkeypatch.setattr(ThemeGlossaryDialog, "exec", interact)
    before = dict(theme_glossary.load(example_db))
    window.findChild(type(window.action("undo")), "action_translate_themes").trigger()
    assert len(calls) == 2  # shown again after the refusal
    assert any("„Abfall“" in text and "Zeile 2" in text for _kind, _title, text in messages)
    assert dict(theme_glossary.load(example_db)) == before
    assert window.undo_stack.undoText() != "Themen übersetzen"
