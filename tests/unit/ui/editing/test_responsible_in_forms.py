"""The "Verantwortlich" pickers: city staff picked and saved, "me" for new records, and a
responsible person outside the city's units refused with a German message, nothing saved."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from partnerdesk.services import me
from partnerdesk.services.records import ActivityService, ContactService, PartnershipService

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (raise\(\)|grabbing the keyboard|propagateSizeHints\(\))")


@pytest.fixture
def shown(qtbot, panel):
    panel.resize(700, 900)
    with qtbot.waitActive(panel):
        panel.show()
        panel.activateWindow()
    return panel


def save(qtbot, panel):
    qtbot.keyClick(QApplication.focusWidget() or panel, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def test_the_picker_offers_city_staff_only_and_saves_the_pick(qtbot, shown, example_db):
    partnership = PartnershipService(example_db).find("Kumasi")
    shown.show_record("partnerships", partnership.id)
    picker = shown.form.fields["responsible_id"].widget
    offered = [name for _i, name in picker.lookup.search("")]
    assert "Erika Beispiel" in offered and "Kwame Example" not in offered
    assert picker.lookup.search("kwame") == []
    picker.setFocus()
    qtbot.keyClicks(picker, "erika")
    popup = picker.completer_.popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    save(qtbot, shown)
    erika = ContactService(example_db).find("Erika Beispiel")
    assert PartnershipService(example_db).get(partnership.id).responsible_id == erika.id


def test_a_new_record_names_me(qtbot, shown, example_db):
    erika = ContactService(example_db).find("Erika Beispiel")
    me.choose(example_db, erika.id)
    form = shown.start_new("projects")
    assert form.fields["responsible_id"].widget.text() == "Erika Beispiel"
    assert form.collect().responsible_id == erika.id


def test_a_partner_contact_as_responsible_gives_a_german_message_and_saves_nothing(qtbot, shown, example_db, db_path, content_of):
    activity = ActivityService(example_db).find("Delegationsreise nach Dabola")
    shown.show_record("activities", activity.id)
    before = content_of(db_path)
    kwame = ContactService(example_db).find("Kwame Example")
    row = shown.form.fields["follow_ups"].widget.rows[0]
    row.who.setValue(kwame.id)  # as a stale pick would hold him (his name shows, as for any contact)
    assert row.who.text() == "Kwame Example"
    assert shown.save() is False
    assert "Kwame Example kann nicht verantwortlich sein" in shown.banner.text()
    assert not shown.banner.isHidden()
    assert content_of(db_path) == before


def test_a_new_follow_up_row_names_me_and_existing_rows_keep_theirs(qtbot, shown, example_db):
    """Issue 21: a follow-up task added in the form names "me" as responsible (chosen under "Ich bin");
    without "me" it stays empty; loading an activity leaves its tasks' own persons alone."""
    activity = ActivityService(example_db).find("Delegationsreise nach Dabola")
    shown.show_record("activities", activity.id)
    editor = shown.form.fields["follow_ups"].widget
    before = [row.value().responsible_id for row in editor.rows]
    assert [f.responsible_id for f in activity.follow_ups] == before
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    assert editor.rows[-1].who.value() in (None, "")  # nobody chosen as "me" yet

    erika = ContactService(example_db).find("Erika Beispiel")
    me.choose(example_db, erika.id)
    shown.show_record("activities", activity.id)
    editor = shown.form.fields["follow_ups"].widget
    assert [row.value().responsible_id for row in editor.rows] == before
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    new = editor.rows[-1]
    assert new.who.text() == "Erika Beispiel"
    qtbot.keyClicks(new.text, "Protokoll verschicken")
    save(qtbot, shown)
    saved = ActivityService(example_db).get(activity.id)
    assert [(f.text, f.responsible_id) for f in saved.follow_ups][-1] == ("Protokoll verschicken", erika.id)
