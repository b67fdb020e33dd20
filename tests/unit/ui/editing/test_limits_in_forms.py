"""The window's forms show the domain limits as errors at their fields, and save nothing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from partnerdesk.services.records import OrganisationService
from partnerdesk.ui.widgets.date_fields import parse_date

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (raise\(\)|grabbing the keyboard|propagateSizeHints\(\))")


def _set_text(form, name, text):
    widget = form.fields[name].widget
    edit = getattr(widget, "edit", None) or widget
    if hasattr(edit, "setPlainText"):
        edit.setPlainText(text)
    else:
        edit.setText(text)
    form.dirty = True


def test_too_long_texts_and_too_large_numbers_are_shown_at_their_fields(qtbot, panel, example_db, content_of, db_path):
    kumasi = OrganisationService(example_db).find("Kumasi")
    before = content_of(db_path)
    panel.show_record("organisations", kumasi.id)
    form = panel.form
    _set_text(form, "city", "K" * 3000)
    facts = form.fields["key_facts"].widget
    qtbot.mouseClick(facts.add_button, Qt.MouseButton.LeftButton)
    facts.rows[-1].value_edit.setText("9223372036854775808")
    facts.rows[-1].source.setText("Zensus")
    _set_text(form, "notes", "n" * 100_001)
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert form.error_of("city") == "Ort ist länger als 200 Zeichen"
    assert form.error_of("key_facts") == "Einwohner (Wert 1): Einwohner sind eine ganze Zahl bis 2.147.483.647"
    assert form.error_of("notes") == "Notizen ist länger als 100.000 Zeichen"
    assert content_of(db_path) == before


def test_a_date_beyond_2200_is_shown_at_its_field(qtbot, panel, db_path, content_of):
    before = content_of(db_path)
    form = panel.start_new("activities")
    _set_text(form, "title", "Jahrtausendtreffen")
    _set_text(form, "date", "31.12.9999")
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert form.error_of("date") == "Datum muss zwischen 01.01.1900 und 31.12.2200 liegen"
    assert content_of(db_path) == before


@pytest.mark.parametrize(("text", "year"), [("1.1.00", 2000), ("1.1.29", 2029), ("1.1.30", 1930), ("31.12.99", 1999)])
def test_two_digit_years_are_read_as_excel_reads_them(text, year):
    assert parse_date(text).year == year


def test_old_data_beyond_a_limit_opens_and_asks_for_the_field_to_be_shortened(qtbot, panel, example_db, content_of, db_path):
    """A city saved before the limits: the form shows it; saving another change names the city."""
    from partnerdesk.services.upserts import upsert_record

    kumasi = OrganisationService(example_db).find("Kumasi")
    kumasi.city = "K" * 3000
    with example_db.write() as session:
        upsert_record(session, kumasi)
    panel.show_record("organisations", kumasi.id)
    form = panel.form
    assert form.fields["city"].widget.text() == "K" * 3000
    before = content_of(db_path)
    _set_text(form, "notes", "Neue Notiz")
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert form.error_of("city") == "Ort ist länger als 200 Zeichen"
    assert content_of(db_path) == before
    _set_text(form, "city", "Kumasi")
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert form.error_of("city") == ""
    assert OrganisationService(example_db).get(kumasi.id).city == "Kumasi"
