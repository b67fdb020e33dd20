"""New, duplicate and delete through the edit controller: deletion asks first and names what
depends on the record; everything can be undone in the database."""

from __future__ import annotations

import pytest

from partnerdesk.services.records import (
    ActivityService,
    ContactService,
    OrganisationService,
    PartnershipService,
    ProjectService,
)

# The editor panel and its undo steps on a PostgreSQL server too (the panel takes any database).
pytestmark = pytest.mark.postgresql


def test_delete_names_the_dependents_and_can_be_undone(controller, panel, example_db, answer_message_boxes):
    orgs = OrganisationService(example_db)
    edg = orgs.find("EDG Entsorgung Dortmund GmbH")
    projects_before = ProjectService(example_db).for_organisation(edg.id)
    contact = ContactService(example_db).find("Jonas Muster")
    said = answer_message_boxes("Löschen")

    assert controller.delete("organisations", [edg.id]) is True

    (question,) = said
    assert question["text"] == "Organisation „EDG Entsorgung Dortmund GmbH“ löschen?"
    assert "Diese Organisation nimmt an 2 Projekten teil: " in question["details"]
    assert "Die Beteiligungen werden entfernt." in question["details"]
    assert "Ein Kontakt gehört zu dieser Organisation: „Jonas Muster“. Er bleibt erhalten, aber ohne Organisation." in question["details"]
    points = [line for line in question["details"].splitlines() if line.startswith("• ")]
    assert len(points) == 3, "activities, contact and projects each on a line of their own"
    assert points[1] == "• Ein Kontakt gehört zu dieser Organisation: „Jonas Muster“. Er bleibt erhalten, aber ohne Organisation."
    assert question["details"].endswith("\n\nSie können das Löschen mit Strg+Z rückgängig machen.")
    assert not orgs.exists(edg.id)
    assert ContactService(example_db).get(contact.id).organisation_id is None

    panel.undo_stack.undo()
    assert orgs.get(edg.id).name == edg.name
    assert ContactService(example_db).get(contact.id).organisation_id == edg.id
    assert [p.id for p in ProjectService(example_db).for_organisation(edg.id)] == [p.id for p in projects_before]

    panel.undo_stack.redo()
    assert not orgs.exists(edg.id)


def test_delete_answered_with_cancel_changes_nothing(controller, example_db, db_path, content_of, answer_message_boxes):
    before = content_of(db_path)
    project = ProjectService(example_db).find("Jeder Tropfen")
    said = answer_message_boxes("Abbrechen")
    assert controller.delete("projects", [project.id]) is False
    assert sorted(said[0]["buttons"]) == ["Abbrechen", "Löschen"]
    assert content_of(db_path) == before


def test_a_blocking_dependent_is_explained_and_nothing_is_deleted(controller, example_db, db_path, content_of, answer_message_boxes):
    before = content_of(db_path)
    kumasi = OrganisationService(example_db).find("Kumasi")
    said = answer_message_boxes("Löschen")
    assert controller.delete("organisations", [kumasi.id]) is False
    (message,) = said
    assert message["text"] == "Organisation „Kumasi“ kann nicht gelöscht werden."
    assert "Partner der Partnerschaft „Klimapartnerschaft Dortmund – Kumasi“" in message["details"]
    assert "Es wurde nichts gelöscht." in message["details"]
    assert "Löschen" not in message["buttons"]
    assert content_of(db_path) == before


def test_deleting_several_records_is_one_transaction_and_one_undo_step(controller, panel, example_db, answer_message_boxes):
    service = ProjectService(example_db)
    activities = ActivityService(example_db)
    ids = [service.find("Müllfahrzeug für Dura").id, service.find("Masterpläne Klimaanpassung").id, service.find("Jeder Tropfen").id]
    linked = {a.id: a.project_id for a in activities.list() if a.project_id in ids}
    said = answer_message_boxes("Löschen")
    assert controller.delete("projects", ids) is True
    (question,) = said
    assert question["text"] == "3 Datensätze löschen?"
    assert "Eine Aktivität gehört zu diesem Projekt: „Übergabe des Müllfahrzeugs in Dura“. Sie bleibt erhalten, aber ohne Projekt." in question["details"]
    assert not any(service.exists(i) for i in ids)
    assert all(activities.get(a).project_id is None for a in linked)
    assert panel.undo_stack.count() == 1 and panel.undo_stack.undoText() == "3 Datensätze löschen"

    panel.undo_stack.undo()
    assert all(service.exists(i) for i in ids), "one undo restores all of them"
    assert {a: activities.get(a).project_id for a in linked} == linked
    panel.undo_stack.redo()
    assert not any(service.exists(i) for i in ids), "one redo deletes them all again"
    assert all(activities.get(a).project_id is None for a in linked)
    panel.undo_stack.undo()
    assert all(service.exists(i) for i in ids)


def test_a_failure_in_one_of_several_deletes_none_and_names_it(
    controller, panel, example_db, open_again, answer_message_boxes, monkeypatch
):
    from PySide6.QtWidgets import QMessageBox

    from partnerdesk.domain.records import Partnership

    orgs = OrganisationService(example_db)
    weltladen, klinikum = orgs.find("Weltladen Aplerbeck"), orgs.find("Klinikum Dortmund")
    said = answer_message_boxes("Löschen")
    confirm_exec = QMessageBox.exec

    def confirm_then_somebody_else_links(box):
        # Between the question and the deletion another program makes the Klinikum a partner.
        if box.text() == "2 Datensätze löschen?":
            other = open_again()
            try:
                PartnershipService(other).create(Partnership(title="Klinikpartnerschaft", partner_id=klinikum.id))
            finally:
                other.close()
        return confirm_exec(box)

    monkeypatch.setattr(QMessageBox, "exec", confirm_then_somebody_else_links)
    assert controller.delete("organisations", [weltladen.id, klinikum.id]) is False
    question, failure = said
    assert question["text"] == "2 Datensätze löschen?"
    assert "Organisation „Klinikum Dortmund“ kann nicht gelöscht werden" in failure["text"]
    assert "Klinikpartnerschaft" in failure["text"]
    assert failure["text"].endswith("Keiner der 2 Datensätze wurde gelöscht.")
    assert orgs.exists(weltladen.id) and orgs.exists(klinikum.id), "all or nothing"
    assert panel.undo_stack.count() == 0


def test_a_record_deleted_meanwhile_is_named(controller, panel, example_db, open_again, answer_message_boxes, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    service = ProjectService(example_db)
    first, second = service.find("Jeder Tropfen"), service.find("Praktikumsaustausch")
    said = answer_message_boxes("Löschen")
    confirm_exec = QMessageBox.exec

    def confirm_then_somebody_else_deletes(box):
        if box.text() == "2 Datensätze löschen?":
            other = open_again()
            try:
                ProjectService(other).delete(second.id)
            finally:
                other.close()
        return confirm_exec(box)

    monkeypatch.setattr(QMessageBox, "exec", confirm_then_somebody_else_deletes)
    assert controller.delete("projects", [first.id, second.id]) is False
    assert said[1]["text"] == (
        "Projekt „Praktikumsaustausch Dura – Klinikum Dortmund“ gibt es nicht mehr; jemand hat den Datensatz gelöscht. "
        "Keiner der 2 Datensätze wurde gelöscht."
    )
    assert service.exists(first.id)


def test_duplicate_saves_a_copy_that_undo_removes(controller, panel, example_db):
    service = PartnershipService(example_db)
    original = service.find("Dortmund – Dura")
    copy_id = controller.duplicate("partnerships", original.id)
    copy = service.get(copy_id)
    assert copy.title == "Projektpartnerschaft Dortmund – Dura (Kopie)"
    assert (copy.partner_id, copy.themes, copy.sdg_goals) == (original.partner_id, original.themes, original.sdg_goals)
    assert panel.record_id == copy_id and panel.form.fields["title"].widget.text() == copy.title
    panel.undo_stack.undo()
    assert not service.exists(copy_id)
    assert panel.kind is None, "the form of the removed copy is closed"
    panel.undo_stack.redo()
    assert service.get(copy_id).title == copy.title


def test_new_record_asks_before_leaving_unsaved_changes(controller, panel, example_db, answer_message_boxes):
    org = OrganisationService(example_db).find("Umweltamt")
    controller.edit("organisations", org.id)
    panel.form.fields["city"].widget.setText("Dortmund-Hörde")
    panel.form.fields["city"].widget.textEdited.emit("Dortmund-Hörde")
    said = answer_message_boxes("Abbrechen")
    assert controller.new_record("projects") is False
    assert said[0]["text"] == "Änderungen an Organisation „Umweltamt“ speichern?"
    assert panel.kind == "organisations"
    answer_message_boxes("Speichern")
    assert controller.new_record("projects") is True
    assert OrganisationService(example_db).get(org.id).city == "Dortmund-Hörde"
    assert panel.kind == "projects" and panel.is_new


@pytest.mark.parametrize("kind", ["organisations", "partnerships", "projects", "contacts", "activities"])
def test_every_register_form_round_trips_its_records_unchanged(panel, example_db, kind):
    from partnerdesk.services.records import service_for

    for record in service_for(example_db, kind).list():
        panel.show_record(kind, record.id)
        assert panel.form.collect() == record


def test_many_records_are_deleted_behind_a_progress_dialog_and_one_undo_brings_all_back(
    controller, panel, example_db, answer_message_boxes
):
    from partnerdesk.domain.records import Contact, Organisation
    from partnerdesk.services.upserts import upsert_record
    from partnerdesk.ui.editing.controller import MANY

    orgs = [Organisation(name=f"Verein {i:03d}") for i in range(MANY + 10)]
    with example_db.write() as session:
        for org in orgs:
            upsert_record(session, org)
        for org in orgs[:12]:
            upsert_record(session, Contact(name=f"Kontakt bei {org.name}", organisation_id=org.id))
    ids = [o.id for o in orgs]
    said = answer_message_boxes("Löschen")
    assert controller.delete("organisations", ids) is True
    (question,) = said
    assert question["text"] == f"{len(ids)} Datensätze löschen?"
    assert question["details"].count("Er bleibt erhalten, aber ohne Organisation.") == 8, "the first few are named"
    assert "… und 4 weitere Datensätze, mit denen dasselbe geschieht (verknüpfte Datensätze, die sich mit ändern: 4)." in question["details"]
    service = OrganisationService(example_db)
    assert not any(service.exists(i) for i in ids)
    assert panel.undo_stack.count() == 1
    panel.undo_stack.undo()
    assert all(service.exists(i) for i in ids)
    assert sum(c.organisation_id in ids for c in ContactService(example_db).list()) == 12
