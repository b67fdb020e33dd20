"""Restoring a deleted record from the history: with its links, also after a restart, refused
with a German message naming what is missing when it would break a reference."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from partnerdesk.domain.errors import NotFoundError, UserError
from partnerdesk.domain.records import Activity, Contact, Organisation, Partnership, Project
from partnerdesk.services import (
    ActivityService,
    ContactService,
    OrganisationService,
    PartnershipService,
    ProjectService,
)
from partnerdesk.services.history import History
from partnerdesk.services.history_restore import RestoreRefused, deletion_entry, restore_deleted, why_not_restorable
from partnerdesk.services.row_batches import same_content

#: Every test here runs on a SQLite file and on a PostgreSQL server (tests/conftest.py).
pytestmark = pytest.mark.postgresql


def _world(db):
    partner = OrganisationService(db).create(Organisation(name="Kumasi Metropolitan", country="GH"))
    other = OrganisationService(db).create(Organisation(name="Stadtwerke", country="DE"))
    ship = PartnershipService(db).create(Partnership(title="Kumasi", partner_id=partner.id))
    contact = ContactService(db).create(Contact(name="Ama Mensah", organisation_id=partner.id))
    project = ProjectService(db).create(Project(
        title="Tropfen für Kumasi", partnership_id=ship.id, contact_ids=[contact.id],
        sdg_goals=[6, 11], budget_amount=Decimal("12500.00"), budget_currency="EUR",
    ))
    activity = ActivityService(db).create(Activity(
        title="Besuch", date=date(2026, 5, 4), project_id=project.id, organisation_ids=[other.id], contact_ids=[contact.id],
    ))
    return partner, other, ship, contact, project, activity


def _history_rows(db) -> int:
    from partnerdesk.persistence.tables_beside import RecordHistoryRow

    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(RecordHistoryRow)))


def test_a_deleted_project_comes_back_with_its_links_and_a_restored_entry(db):
    *_rest, project, activity = _world(db)
    ActivityService(db).delete(activity.id)
    ProjectService(db).delete(project.id)
    deleted = deletion_entry(db, "Tropfen")
    assert deleted.operation == "deleted" and deleted.record_id == project.id

    restored = restore_deleted(db, deleted.id)

    back = ProjectService(db).get(project.id)
    assert same_content(back, project) and back.contact_ids == project.contact_ids and back.sdg_goals == [6, 11]
    assert restored.record.id == project.id
    newest = History(db).for_record("projects", project.id)[0]
    assert newest.operation == "restored" and newest.label == "Tropfen für Kumasi"
    assert not [e for e in History(db).deleted("projects") if e.record_id == project.id]


def test_restore_works_after_a_restart(db, open_again):
    *_rest, activity = _world(db)
    ActivityService(db).delete(activity.id)
    db.close()
    later = open_again()  # a new session of the program: no undo stack
    try:
        restore_deleted(later, deletion_entry(later, activity.id))
        assert ActivityService(later).get(activity.id).organisation_ids == activity.organisation_ids
    finally:
        later.close()


def test_refused_naming_the_deleted_partnership_and_nothing_written(db):
    _partner, _other, ship, _contact, project, activity = _world(db)
    ActivityService(db).delete(activity.id)
    ProjectService(db).delete(project.id)
    entry = deletion_entry(db, project.id)
    PartnershipService(db).delete(ship.id)
    before = _history_rows(db)

    with pytest.raises(RestoreRefused) as caught:
        restore_deleted(db, entry)

    message = str(caught.value)
    assert "Tropfen für Kumasi" in message and "Partnerschaft „Kumasi“" in message and "zuerst" in message
    assert not ProjectService(db).exists(project.id)
    assert _history_rows(db) == before
    assert why_not_restorable(db, entry) == message


def test_refused_when_the_record_exists_again(db):
    *_rest, activity = _world(db)
    ActivityService(db).delete(activity.id)
    entry = deletion_entry(db, "Besuch")
    restore_deleted(db, entry)
    with pytest.raises(RestoreRefused, match="existiert wieder"):
        restore_deleted(db, entry)
    assert len([e for e in History(db).for_record("activities", activity.id) if e.operation == "restored"]) == 1


def test_a_name_of_a_record_that_is_not_deleted_says_so(db):
    _world(db)
    with pytest.raises(RestoreRefused, match="nicht gelöscht"):
        deletion_entry(db, "Stadtwerke")


def test_an_entry_that_is_no_deletion_or_not_there(db):
    partner, *_rest = _world(db)
    created = History(db).for_record("organisations", partner.id)[-1]
    with pytest.raises(RestoreRefused, match="keine Löschung"):
        deletion_entry(db, str(created.id))
    with pytest.raises(RestoreRefused, match="keine Löschung"):
        restore_deleted(db, created.id)
    with pytest.raises(NotFoundError):
        restore_deleted(db, 987654321)
    with pytest.raises(UserError):
        deletion_entry(db, "gibt es nirgends")


def test_an_old_deletion_after_a_later_one_points_to_the_latest(db):
    *_rest, activity = _world(db)
    ActivityService(db).delete(activity.id)
    first = deletion_entry(db, activity.id)
    restore_deleted(db, first)
    ActivityService(db).delete(activity.id)
    with pytest.raises(RestoreRefused, match="zuletzt gelöscht|letzten Löschung"):
        restore_deleted(db, first)
    restore_deleted(db, deletion_entry(db, activity.id))
    assert ActivityService(db).exists(activity.id)


def test_an_organisation_whose_unlinked_contacts_stay_as_they_are(db):
    partner, _other, ship, contact, project, activity = _world(db)
    ActivityService(db).delete(activity.id)
    ProjectService(db).delete(project.id)
    PartnershipService(db).delete(ship.id)
    OrganisationService(db).delete(partner.id)  # unlinks the contact
    restore_deleted(db, deletion_entry(db, "Kumasi Metropolitan"))
    assert OrganisationService(db).get(partner.id).name == "Kumasi Metropolitan"
    assert ContactService(db).get(contact.id).organisation_id is None
