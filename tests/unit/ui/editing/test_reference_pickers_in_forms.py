"""The forms' pickers for linked records on a real database: typed, picked with the keys, saved;
they show the stored links, clear optional ones, and never hold more than a page of names."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from partnerdesk.domain.enums import ParticipantRole
from partnerdesk.domain.records import Organisation
from partnerdesk.services.records import (
    ActivityService,
    ContactService,
    OrganisationService,
    PartnershipService,
    ProjectService,
)
from partnerdesk.services.upserts import upsert_record

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (raise\(\)|grabbing the keyboard|propagateSizeHints\(\))")


@pytest.fixture
def shown(qtbot, panel):
    panel.resize(700, 900)
    with qtbot.waitActive(panel):
        panel.show()
        panel.activateWindow()
    return panel


def pick(qtbot, picker, text, *, downs=1):
    """Type ``text``, wait for the list, arrow down ``downs`` times, Enter."""
    picker.setFocus()
    qtbot.keyClicks(picker, text)
    popup = picker.completer_.popup()
    qtbot.waitUntil(popup.isVisible)
    for _ in range(downs):
        qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)


def save(qtbot, panel):
    focus = QApplication.focusWidget() or panel
    qtbot.keyClick(focus, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def test_opening_a_project_shows_its_links_by_name(shown, example_db):
    project = ProjectService(example_db).find("Müllfahrzeug für Dura")
    shown.show_record("projects", project.id)
    form = shown.form
    assert form.fields["partnership_id"].widget.text() == "Projektpartnerschaft Dortmund – Dura"
    rows = form.fields["participants"].widget.rows
    assert [(r.organisation.text(), r.role.currentText()) for r in rows] == [
        ("EDG Entsorgung Dortmund GmbH", ParticipantRole.FUNDER.label), ("Dura", ParticipantRole.PARTNER.label),
    ]
    assert form.fields["contact_ids"].widget.chip_texts() == [ContactService(example_db).get(project.contact_ids[0]).name]
    assert form.collect() == project and not form.dirty


def test_pick_partnership_and_a_participant_with_keys_then_save(qtbot, shown, example_db):
    service = ProjectService(example_db)
    project = service.find("Jeder Tropfen")
    shown.show_record("projects", project.id)
    form = shown.form
    pick(qtbot, form.fields["partnership_id"].widget, "cluj")
    assert form.fields["partnership_id"].widget.text() == "Partnerschaft Dortmund – Cluj-Napoca"
    participants = form.fields["participants"].widget
    participants.add_button.setFocus()
    qtbot.keyClick(participants.add_button, Qt.Key.Key_Space)
    row = participants.rows[-1]
    assert QApplication.focusWidget() is row.organisation, "a new row starts in its organisation picker"
    pick(qtbot, row.organisation, "klinik")
    row.role.setCurrentIndex(row.role.findData(ParticipantRole.IMPLEMENTER.value))
    assert form.dirty
    save(qtbot, shown)

    stored = service.get(project.id)
    cluj = PartnershipService(example_db).find("Cluj-Napoca")
    klinikum = OrganisationService(example_db).find("Klinikum Dortmund")
    assert stored.partnership_id == cluj.id
    assert (stored.participants[-1].organisation_id, stored.participants[-1].role) == (klinikum.id, ParticipantRole.IMPLEMENTER)
    assert stored.participants[:-1] == project.participants
    shown.undo_stack.undo()
    assert service.get(project.id).participants == project.participants and service.get(project.id).partnership_id is None


def test_clearing_an_optional_link_and_adding_a_contact_by_typing(qtbot, shown, example_db):
    service = ActivityService(example_db)
    activity = service.find("Delegationsreise nach Dabola")
    shown.show_record("activities", activity.id)
    form = shown.form
    project = form.fields["project_id"].widget
    project.setFocus()
    project.selectAll()
    qtbot.keyClick(project, Qt.Key.Key_Backspace)
    assert project.value() == "" and form.dirty
    contacts = form.fields["contact_ids"].widget
    contacts.input.setFocus()
    qtbot.keyClicks(contacts.input, "kwame")
    qtbot.keyClick(contacts.input, Qt.Key.Key_Return)
    kwame = ContactService(example_db).find("Kwame Example")
    assert contacts.value() == [*activity.contact_ids, kwame.id]
    save(qtbot, shown)
    stored = service.get(activity.id)
    assert stored.project_id is None and stored.contact_ids == [*activity.contact_ids, kwame.id]
    assert stored.partnership_id == activity.partnership_id


def test_a_name_that_fits_no_single_record_is_shown_at_the_field_and_not_saved(qtbot, shown, example_db, db_path, content_of):
    contact = ContactService(example_db).find("Jonas Muster")
    shown.show_record("contacts", contact.id)
    before = content_of(db_path)
    picker = shown.form.fields["organisation_id"].widget
    picker.setFocus()
    picker.selectAll()
    qtbot.keyClicks(picker, "Dortmund")  # two organisations have it in their name
    save(qtbot, shown)
    assert shown.form.error_of("organisation_id") == (
        "„Dortmund“ bezeichnet keinen einzelnen Datensatz; bitte aus der Liste wählen (Alt+↓)"
    )
    assert content_of(db_path) == before


def test_a_picker_holds_one_page_of_names_on_a_large_register(qtbot, shown, example_db, qtmodeltester):
    with example_db.write() as session:
        for i in range(400):
            upsert_record(session, Organisation(name=f"Verein Nummer {i:03d}"))
    shown.start_new("contacts")
    picker = shown.form.fields["organisation_id"].widget
    picker.setFocus()
    qtbot.keyClick(picker, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert picker.completer_.popup().isVisible()
    assert picker.matches.rowCount() == 50
    qtmodeltester.check(picker.matches)
    qtbot.keyClick(picker.completer_.popup(), Qt.Key.Key_Escape)
    qtbot.keyClicks(picker, "nummer 39")
    qtbot.waitUntil(lambda: picker.matches.rowCount() == 10)
    qtmodeltester.check(picker.matches)
    assert picker.matches.index(0, 0).data() == "Verein Nummer 390"


def test_a_link_renamed_elsewhere_shows_its_new_name_after_a_refresh(shown, example_db, db_path):
    from partnerdesk.persistence.database import open_database

    project = ProjectService(example_db).find("Müllfahrzeug für Dura")
    shown.show_record("projects", project.id)
    other = open_database(db_path)
    try:
        orgs = OrganisationService(other)
        edg = orgs.find("EDG Entsorgung")
        edg.name = "EDG Entsorgung Dortmund"
        orgs.update(edg)
        dura = PartnershipService(other).find("Projektpartnerschaft Dortmund – Dura")
        dura.title = "Partnerschaft Dortmund – Dura"
        PartnershipService(other).update(dura)
    finally:
        other.close()
    shown.on_records_changed(None)  # F5, or the window regaining focus
    form = shown.form
    assert form.fields["partnership_id"].widget.text() == "Partnerschaft Dortmund – Dura"
    assert form.fields["participants"].widget.rows[0].organisation.text() == "EDG Entsorgung Dortmund"
    assert not form.dirty and form.collect() == ProjectService(example_db).get(project.id)


@pytest.mark.parametrize("kind", ["organisations", "partnerships", "contacts", "activities"])
def test_tab_walks_every_form_top_to_bottom(shown, example_db, kind, tab_walk):
    from partnerdesk.services.records import service_for

    record = service_for(example_db, kind).list()[0]
    shown.show_record(kind, record.id)
    form = shown.form
    visited = tab_walk(shown, next(iter(form.fields.values())).widget)
    assert visited[: len(form.fields)] == [*form.fields]
    assert "save" not in visited and "discard" not in visited, "skipped while there is nothing to save"


def test_the_conflict_dialog_names_linked_records_not_their_ids(qtbot, shown, example_db, db_path, monkeypatch):
    from partnerdesk.persistence.database import open_database
    from partnerdesk.ui.editing.conflict_dialog import KEEP_EDITING, ConflictDialog

    project = ProjectService(example_db).find("Jeder Tropfen")
    shown.show_record("projects", project.id)
    other = open_database(db_path)
    try:
        theirs = ProjectService(other).get(project.id)
        theirs.partnership_id = PartnershipService(other).find("Dortmund – Dabola").id
        ProjectService(other).update(theirs)
    finally:
        other.close()
    pick(qtbot, shown.form.fields["partnership_id"].widget, "cluj")
    shown_rows = []

    def answer(dialog):
        shown_rows.extend(
            [dialog.table.item(r, c).text() for c in range(3)] for r in range(dialog.table.rowCount())
        )
        return KEEP_EDITING

    monkeypatch.setattr(ConflictDialog, "exec", answer)
    save(qtbot, shown)
    assert ["Partnerschaft", "Partnerschaft Dortmund – Cluj-Napoca", "Partnerschaft Dortmund – Dabola"] in shown_rows
