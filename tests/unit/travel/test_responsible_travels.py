"""The responsible person travels: a partial copy carries the city staff its records and their
follow-ups name, a merge brings changed responsibles home, and a responsible contact deleted in
the office meanwhile leaves the follow-up unassigned instead of breaking the merge.
Also: the JSON archive carries responsible persons there and back."""

from __future__ import annotations

import pytest

from partnerdesk.domain.enums import OrganisationKind
from partnerdesk.domain.records import Contact, Organisation
from partnerdesk.exchange import json_archive
from partnerdesk.services import service_for
from partnerdesk.travel import apply, travelfile

pytestmark = pytest.mark.postgresql

KUMASI = "Klimapartnerschaft Dortmund – Kumasi"


@pytest.fixture
def staffed(example_db):
    db = example_db
    unit = service_for(db, "organisations").create(Organisation(name="Amt ohne Bezug", kind=OrganisationKind.CITY_UNIT))
    nora = service_for(db, "contacts").create(Contact(name="Nora Nirgends", organisation_id=unit.id))
    olaf = service_for(db, "contacts").create(Contact(name="Olaf Offen", organisation_id=unit.id))
    activities = service_for(db, "activities")
    activity = next(a for a in activities.list() if a.partnership_id == service_for(db, "partnerships").find(KUMASI).id and a.follow_ups)
    activity.follow_ups[0].responsible_id = nora.id
    activities.update(activity)
    return db, nora, olaf, activity


def test_a_partial_copy_carries_and_merges_responsible_persons(staffed, trip_path):
    db, nora, olaf, activity = staffed
    travelfile.checkout(db, trip_path, None, partnerships=[KUMASI])
    travel = travelfile.open_travel(trip_path, None)
    try:
        assert service_for(travel, "contacts").get(nora.id).name == "Nora Nirgends"  # reached only through a follow-up
        partnership = service_for(travel, "partnerships").find(KUMASI)
        partnership.responsible_id = nora.id
        service_for(travel, "partnerships").update(partnership)
        apply.merge(db, travel)
    finally:
        travel.close()
    assert service_for(db, "partnerships").find(KUMASI).responsible_id == nora.id
    assert olaf.id  # not part of the trip: unchanged


def test_a_responsible_deleted_in_the_office_leaves_the_follow_up_unassigned(staffed, trip_path):
    db, nora, _olaf, activity = staffed
    travelfile.checkout(db, trip_path, None, partnerships=[KUMASI])
    travel = travelfile.open_travel(trip_path, None)
    try:
        on_trip = service_for(travel, "activities").get(activity.id)
        on_trip.follow_ups[0].text = "Unterwegs geändert"
        service_for(travel, "activities").update(on_trip)
        service_for(db, "contacts").delete(nora.id)  # unlinks her in the office too: both sides changed the list
        report = apply.merge(db, travel, prefer="travel")
    finally:
        travel.close()
    merged = service_for(db, "activities").get(activity.id)
    assert merged.follow_ups[0].text == "Unterwegs geändert"
    assert merged.follow_ups[0].responsible_id is None
    assert any("Wiedervorlagen" in note for note in report.notes)


def test_the_json_archive_carries_responsible_persons(staffed, tmp_path, open_again):
    db, nora, _olaf, activity = staffed
    out = tmp_path / "alles.json"
    json_archive.export_archive(db, out)
    records = json_archive.read_archive(out)
    [again] = [a for a in records["activities"] if a.id == activity.id]
    assert again.follow_ups[0].responsible_id == nora.id
    service_for(db, "activities").delete(activity.id)
    json_archive.import_archive(db, out)
    assert service_for(db, "activities").get(activity.id).follow_ups[0].responsible_id == nora.id
