"""The merge rules of issue 5, one scenario each, through the services."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from partnerdesk.domain.enums import ParticipantRole
from partnerdesk.domain.records import Contact, FollowUp, Organisation, Partnership
from partnerdesk.services import service_for
from partnerdesk.travel import apply, travelfile
from partnerdesk.travel.apply import UnresolvedConflictsError

# Run on an office file and on an office database on a server (the PostgreSQL lane).
pytestmark = pytest.mark.postgresql

PASSPHRASE = "Reise-Passwort-2026"  # the same as in conftest.py


def first(db, kind, **where):
    for record in service_for(db, kind).list():
        if all(getattr(record, k) == v for k, v in where.items()):
            return record
    raise AssertionError(f"no {kind} with {where}")


def edit(db, kind, record_id, **changes):
    service = service_for(db, kind)
    record = service.get(record_id)
    for name, value in changes.items():
        setattr(record, name, value)
    return service.update(record)


def journal_of(db):
    with db.read() as session:
        return session.connection().exec_driver_sql("SELECT * FROM record_changes ORDER BY seq").all()


def get(db, kind, record_id):
    return service_for(db, kind).get(record_id)


@pytest.fixture
def org(example_db):
    return first(example_db, "organisations", name="Bondo")


def test_a_field_changed_on_one_side_takes_that_change(example_db, trip, org):
    edit(example_db, "organisations", org.id, notes="im Büro")
    edit(trip, "organisations", org.id, city="Bondo Town")
    report = apply.merge(example_db, trip)
    merged = get(example_db, "organisations", org.id)
    assert (merged.notes, merged.city) == ("im Büro", "Bondo Town")
    assert report.conflicts == []
    assert [(e.name, e.action, e.fields) for e in report.entries] == [("Bondo", "update", ["city"])]


def test_the_same_change_on_both_sides_is_no_conflict(example_db, trip, org):
    edit(example_db, "organisations", org.id, city="Bondo Town")
    edit(trip, "organisations", org.id, city="Bondo Town")
    report = apply.merge(example_db, trip)
    assert report.conflicts == [] and report.entries == []


@pytest.mark.parametrize("side, expected", [("office", "im Büro"), ("travel", "auf Reisen")])
def test_same_field_changed_differently_is_a_conflict(example_db, trip, org, content_of, side, expected, where):
    edit(example_db, "organisations", org.id, notes="im Büro", city="Bondo-Stadt")
    edit(trip, "organisations", org.id, notes="auf Reisen")
    info, plan = apply.diff(example_db, trip)
    [conflict] = plan.conflicts
    assert (conflict.field, conflict.base, conflict.office, conflict.travel) == ("notes", "", "im Büro", "auf Reisen")
    before = content_of(where(example_db))
    with pytest.raises(UnresolvedConflictsError) as raised:
        apply.merge(example_db, trip)
    assert [c.key for c in raised.value.conflicts] == [conflict.key]
    assert content_of(where(example_db)) == before
    report = apply.merge(example_db, trip, decisions={conflict.key: side})
    merged = get(example_db, "organisations", org.id)
    assert (merged.notes, merged.city) == (expected, "Bondo-Stadt")
    assert [(d.conflict.field, d.decision) for d in report.conflicts] == [("notes", side)]


def test_edit_in_office_and_delete_on_travel_is_a_conflict(example_db, trip):
    contact = first(example_db, "contacts")
    edit(example_db, "contacts", contact.id, phone="+49 231 1")
    service_for(trip, "contacts").delete(contact.id)
    info, plan = apply.diff(example_db, trip)
    [conflict] = plan.conflicts
    assert (conflict.field, conflict.situation) == (None, "deleted_in_travel")
    apply.merge(example_db, trip, prefer="office")
    assert get(example_db, "contacts", contact.id).phone == "+49 231 1"


def test_delete_in_office_and_edit_on_travel_is_a_conflict(example_db, trip_path):
    contact = first(example_db, "contacts")
    travelfile.checkout(example_db, trip_path, PASSPHRASE)
    with travelfile.open_travel(trip_path, PASSPHRASE) as travel:
        edit(travel, "contacts", contact.id, phone="+254 1")
        service_for(example_db, "contacts").delete(contact.id)
        [conflict] = apply.diff(example_db, travel)[1].conflicts
        assert conflict.situation == "deleted_in_office"
        report = apply.merge(example_db, travel, prefer="travel")
    restored = get(example_db, "contacts", contact.id)
    assert restored.phone == "+254 1"
    assert [e.action for e in report.entries] == ["restore"]


def test_deletion_on_one_side_only_is_taken(example_db, trip):
    activity = first(example_db, "activities")
    service_for(trip, "activities").delete(activity.id)
    report = apply.merge(example_db, trip)
    assert not service_for(example_db, "activities").exists(activity.id)
    assert [(e.action, e.record_id) for e in report.entries] == [("delete", activity.id)]


def test_creations_on_both_sides_are_kept_and_duplicates_pointed_out(example_db, trip):
    office_contact = service_for(example_db, "contacts").create(Contact(name="Amina Mwangi"))
    travel_contact = service_for(trip, "contacts").create(Contact(name="amina  mwangi".replace("  ", " ").title()))
    other = service_for(trip, "organisations").create(Organisation(name="Neue Partnerstadt"))
    report = apply.merge(example_db, trip)
    for record_id in (office_contact.id, travel_contact.id):
        assert service_for(example_db, "contacts").exists(record_id)
    assert service_for(example_db, "organisations").exists(other.id)
    assert [(d.kind, d.office_id, d.travel_id) for d in report.duplicates] == [
        ("contacts", office_contact.id, travel_contact.id)
    ]
    assert "Mögliche Doppelungen" in report.text()


def test_list_fields_merge_by_element(example_db, trip):
    partnership = first(example_db, "partnerships", title="Klimapartnerschaft Dortmund – Kumasi")
    edit(example_db, "partnerships", partnership.id, sdg_goals=[11, 13, 17, 6], themes=["Klimaanpassung"])
    edit(trip, "partnerships", partnership.id, sdg_goals=[13, 17, 4], themes=["Klimaanpassung", "Klimaschutz", "Wasser"])
    report = apply.merge(example_db, trip)
    merged = get(example_db, "partnerships", partnership.id)
    assert sorted(merged.sdg_goals) == [4, 6, 13, 17]
    assert sorted(merged.themes) == ["Klimaanpassung", "Wasser"]
    assert report.conflicts == []


def test_participant_role_changed_differently_is_a_conflict_but_new_ones_merge(example_db, trip):
    project = first(example_db, "projects", title="Masterpläne Klimaanpassung Dortmund und Kumasi")
    lead = project.participants[0]
    office_version = get(example_db, "projects", project.id)
    office_version.participants[0].role = ParticipantRole.ADVISOR
    service_for(example_db, "projects").update(office_version)
    travel_version = get(trip, "projects", project.id)
    travel_version.participants[0].role = ParticipantRole.FUNDER
    service_for(trip, "projects").update(travel_version)
    [conflict] = apply.diff(example_db, trip)[1].conflicts
    assert conflict.field == "participants"
    apply.merge(example_db, trip, prefer="travel")
    merged = get(example_db, "projects", project.id)
    assert merged.participants[0].organisation_id == lead.organisation_id
    assert merged.participants[0].role == ParticipantRole.FUNDER


def test_follow_ups_merge_by_element(example_db, trip):
    activity = first(example_db, "activities")
    office_version = get(example_db, "activities", activity.id)
    office_version.follow_ups.append(FollowUp(text="Protokoll verschicken"))
    service_for(example_db, "activities").update(office_version)
    travel_version = get(trip, "activities", activity.id)
    travel_version.follow_ups.append(FollowUp(text="Fotos sortieren"))
    service_for(trip, "activities").update(travel_version)
    apply.merge(example_db, trip)
    texts = [f.text for f in get(example_db, "activities", activity.id).follow_ups]
    assert "Protokoll verschicken" in texts and "Fotos sortieren" in texts


def test_merging_twice_changes_nothing(example_db, trip, org, content_of, where):
    edit(example_db, "organisations", org.id, notes="im Büro")
    edit(trip, "organisations", org.id, notes="auf Reisen", city="X")
    first_report = apply.merge(example_db, trip, prefer="office")
    assert first_report.report_file and Path(first_report.report_file).exists()
    kept = json.loads(Path(first_report.report_file).with_suffix(".json").read_text(encoding="utf-8"))
    assert kept["conflicts"][0]["decision"] == "office"
    before = content_of(where(example_db))
    again = apply.merge(example_db, trip, prefer="travel")
    assert again.already_merged and again.entries == []
    assert content_of(where(example_db)) == before
    assert get(example_db, "organisations", org.id).notes == "im Büro"


def test_several_travel_copies_merge_independently(example_db, tmp_path, org):
    paths = [tmp_path / "a.pdtravel", tmp_path / "b.pdtravel"]
    for path in paths:
        travelfile.checkout(example_db, path, PASSPHRASE)
    with travelfile.open_travel(paths[0], PASSPHRASE) as a, travelfile.open_travel(paths[1], PASSPHRASE) as b:
        edit(a, "organisations", org.id, city="Stadt A")
        edit(b, "organisations", org.id, notes="Notiz B")
        service_for(b, "contacts").create(Contact(name="Kontakt B"))
        apply.merge(example_db, a)
        report_b = apply.merge(example_db, b)
    merged = get(example_db, "organisations", org.id)
    assert (merged.city, merged.notes) == ("Stadt A", "Notiz B")
    assert report_b.conflicts == []
    assert first(example_db, "contacts", name="Kontakt B")


def test_a_merge_that_fails_in_its_last_step_leaves_the_office_unchanged(example_db, trip, org, content_of, monkeypatch, where):
    edit(trip, "organisations", org.id, city="Neu")
    service_for(trip, "contacts").create(Contact(name="Neu auf Reisen"))
    service_for(trip, "activities").delete(first(example_db, "activities").id)
    before = content_of(where(example_db))
    journal = journal_of(example_db)

    def broken(*args, **kwargs):
        raise OSError("disk gone")

    monkeypatch.setattr(apply, "record_merge", broken)
    with pytest.raises(OSError):
        apply.merge(example_db, trip)
    assert content_of(where(example_db)) == before
    assert journal_of(example_db) == journal  # content_of leaves the journal out; it rolled back too
    monkeypatch.undo()
    apply.merge(example_db, trip)  # and it still merges afterwards
    assert get(example_db, "organisations", org.id).city == "Neu"


def test_travel_records_referring_to_records_deleted_in_the_office(example_db, trip_path):
    needed = service_for(example_db, "organisations").create(Organisation(name="Gebraucht"))
    optional = service_for(example_db, "organisations").create(Organisation(name="Verlinkt"))
    travelfile.checkout(example_db, trip_path, PASSPHRASE)
    with travelfile.open_travel(trip_path, PASSPHRASE) as travel:
        made = service_for(travel, "partnerships").create(Partnership(title="Neue Partnerschaft", partner_id=needed.id))
        person = service_for(travel, "contacts").create(Contact(name="Neue Person", organisation_id=optional.id))
        service_for(example_db, "organisations").delete(needed.id)
        service_for(example_db, "organisations").delete(optional.id)
        report = apply.merge(example_db, travel)
    # The required partner comes back (from the travel copy); the optional link is dropped; both said.
    assert get(example_db, "partnerships", made.id).partner_id == needed.id
    assert get(example_db, "organisations", needed.id).name == "Gebraucht"
    assert get(example_db, "contacts", person.id).organisation_id is None
    assert any("wiederhergestellt" in note for note in report.notes)
    assert any("Neue Person" in note for note in report.notes)


def test_travel_deletion_unlinks_the_same_way_as_in_the_window(example_db, trip):
    contact = first(example_db, "contacts")
    linked = [p.id for p in service_for(example_db, "projects").list() if contact.id in p.contact_ids]
    assert linked
    service_for(trip, "contacts").delete(contact.id)
    report = apply.merge(example_db, trip)
    assert not service_for(example_db, "contacts").exists(contact.id)
    for project_id in linked:
        assert contact.id not in get(example_db, "projects", project_id).contact_ids
    assert report.conflicts == []


def test_travel_deletion_of_a_record_the_office_now_depends_on_is_kept(example_db, trip_path):
    lonely = service_for(example_db, "organisations").create(Organisation(name="Einsame Stadt"))
    travelfile.checkout(example_db, trip_path, PASSPHRASE)
    with travelfile.open_travel(trip_path, PASSPHRASE) as travel:
        service_for(travel, "organisations").delete(lonely.id)
        service_for(example_db, "partnerships").create(Partnership(title="Neu im Büro", partner_id=lonely.id))
        report = apply.merge(example_db, travel)
    assert service_for(example_db, "organisations").exists(lonely.id)
    assert any("Einsame Stadt" in note and "behalten" in note for note in report.notes)


def test_checkout_remembers_the_journal_position_without_adding_to_it(example_db, trip, database_kind):
    from partnerdesk.persistence import change_log

    info = travelfile.read_info(trip)
    with example_db.read() as office, trip.read() as travel:
        if database_kind == "postgresql":  # no journal on a server: the copy remembers its own position
            assert info.change_seq is None
            assert info.travel_seq == change_log.last_seq(travel.connection()) > 0
            return
        assert info.change_seq == change_log.last_seq(office.connection()) > 0
        assert change_log.last_seq(travel.connection()) == info.change_seq


def test_without_a_complete_journal_the_merge_compares_stamps(example_db, trip, org):
    edit(example_db, "organisations", org.id, notes="im Büro")
    edit(trip, "organisations", org.id, city="Bondo Town")
    with trip.write() as session:
        session.connection().exec_driver_sql("DROP TRIGGER trg_contacts_journal_insert")
    contact = service_for(trip, "contacts").create(Contact(name="Ohne Journal"))
    report = apply.merge(example_db, trip)
    merged = get(example_db, "organisations", org.id)
    assert (merged.notes, merged.city) == ("im Büro", "Bondo Town")
    assert service_for(example_db, "contacts").exists(contact.id)
    assert report.conflicts == []
