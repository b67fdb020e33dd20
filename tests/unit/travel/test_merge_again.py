"""Merging the same travel copy again: only what was changed on the trip since the last merge.

On an office file and on an office database on a server (the PostgreSQL lane).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from partnerdesk.domain.errors import UserError
from partnerdesk.services import service_for
from partnerdesk.travel import apply, travelfile
from partnerdesk.travel.apply import UnresolvedConflictsError

pytestmark = pytest.mark.postgresql


def bondo(db):
    return next(o for o in service_for(db, "organisations").list() if o.name == "Bondo")


def edit(db, record, **changes):
    service = service_for(db, record.KIND)
    current = service.get(record.id)
    for name, value in changes.items():
        setattr(current, name, value)
    return service.update(current)


def file_bytes(path: Path) -> bytes:
    """The file and its write-ahead log, as they lie on the disk."""
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


@pytest.fixture
def copy(example_db, trip_path):
    travelfile.checkout(example_db, trip_path, None)
    travel = travelfile.open_travel(trip_path, None)
    yield travel
    travel.close()


def test_an_edit_after_the_merge_arrives_with_the_next_and_a_third_changes_nothing(
    example_db, copy, trip_path, content_of, where, database_kind
):
    edit(copy, bondo(copy), city="Bondo Town")
    first = apply.merge(example_db, copy)
    assert [(e.name, e.fields) for e in first.entries] == [("Bondo", ["city"])]
    edit(copy, bondo(copy), notes="nach der ersten Zusammenführung")
    second = apply.merge(example_db, copy)
    assert not second.already_merged
    assert [(e.name, e.action, e.fields) for e in second.entries] == [("Bondo", "update", ["notes"])]
    assert second.travel_changes == 1 and second.conflicts == []
    merged = bondo(example_db)
    assert (merged.city, merged.notes) == ("Bondo Town", "nach der ersten Zusammenführung")
    # A third time: nothing new, nothing written anywhere.
    office_before = content_of(where(example_db))
    office_file = None if database_kind == "postgresql" else file_bytes(example_db.path)
    travel_file = file_bytes(trip_path)
    third = apply.merge(example_db, copy)
    assert third.already_merged and third.entries == [] and third.backup is None
    assert "nichts neu" in third.text()
    assert content_of(where(example_db)) == office_before
    if office_file is not None:
        assert file_bytes(example_db.path) == office_file
    assert file_bytes(trip_path) == travel_file


def test_a_conflict_decided_once_is_not_asked_again(example_db, copy):
    edit(example_db, bondo(example_db), notes="im Büro")
    edit(copy, bondo(copy), notes="auf Reisen")
    apply.merge(example_db, copy, prefer="office")
    edit(copy, bondo(copy), city="Bondo Town")  # another field: no conflict
    again = apply.merge(example_db, copy)
    assert again.conflicts == [] and [(e.name, e.fields) for e in again.entries] == [("Bondo", ["city"])]
    assert (bondo(example_db).notes, bondo(example_db).city) == ("im Büro", "Bondo Town")


def test_the_same_field_changed_again_on_both_sides_is_a_new_conflict(example_db, copy, content_of, where):
    apply.merge(example_db, copy)  # nothing changed yet: the first merge only counts
    edit(example_db, bondo(example_db), notes="im Büro, später")
    edit(copy, bondo(copy), notes="auf Reisen, später")
    before = content_of(where(example_db))
    with pytest.raises(UnresolvedConflictsError) as raised:
        apply.merge(example_db, copy)
    [conflict] = raised.value.conflicts
    assert (conflict.office, conflict.travel) == ("im Büro, später", "auf Reisen, später")
    assert content_of(where(example_db)) == before
    apply.merge(example_db, copy, prefer="travel")
    assert bondo(example_db).notes == "auf Reisen, später"


def test_a_deletion_and_a_creation_after_the_merge_arrive(example_db, copy):
    from partnerdesk.domain.records import Organisation

    apply.merge(example_db, copy)
    activity = service_for(copy, "activities").list()[0]
    service_for(copy, "activities").delete(activity.id)
    made = service_for(copy, "organisations").create(Organisation(name="Nach der Zusammenführung"))
    report = apply.merge(example_db, copy)
    assert sorted(e.action for e in report.entries) == ["create", "delete"]
    assert not service_for(example_db, "activities").exists(activity.id)
    assert service_for(example_db, "organisations").exists(made.id)


def test_an_older_copy_of_the_travel_file_is_refused(example_db, copy, trip_path, content_of, where):
    copy.close()
    older = trip_path.with_name("aelter.pdtravel")
    shutil.copy(trip_path, older)  # closed: the whole copy is in the file
    with travelfile.open_travel(trip_path, None) as travel:
        edit(travel, bondo(travel), city="Bondo Town")
        apply.merge(example_db, travel)
    with travelfile.open_travel(older, None) as stale:
        edit(stale, bondo(stale), notes="alt")
        before = content_of(where(example_db))
        with pytest.raises(UserError, match="älter als die am .* zusammengeführte \\(Organisation „Bondo“"):
            apply.merge(example_db, stale)
    assert content_of(where(example_db)) == before


def test_a_copy_merged_by_an_older_partdesk_stays_merged(example_db, copy, content_of, where):
    """Merged before copies remembered their merges: merging it again changes nothing, as it always did."""
    edit(copy, bondo(copy), city="Bondo Town")
    apply.merge(example_db, copy)
    info = travelfile.read_info(copy)
    key = apply.MERGED_KEY.format(checkout_id=info.checkout_id)
    summary = json.loads(example_db.info(key))
    del summary["merges"]
    example_db.set_info(key, json.dumps(summary))
    edit(copy, bondo(copy), notes="zu spät")
    before = content_of(where(example_db))
    report = apply.merge(example_db, copy, prefer="travel")
    assert report.already_merged and "bereits am" in report.text()
    assert content_of(where(example_db)) == before


def test_personal_fields_merge_again_like_every_other(example_db, copy):
    contact = next(c for c in service_for(example_db, "contacts").list() if c.phone)
    edit(example_db, contact, phone="+49 231 1")
    edit(copy, contact, phone="+254 1")
    apply.merge(example_db, copy, prefer="office")
    edit(copy, contact, function="später ergänzt")
    again = apply.merge(example_db, copy)  # the phone conflict was decided: not asked again
    assert again.conflicts == []
    merged = service_for(example_db, "contacts").get(contact.id)
    assert (merged.phone, merged.function) == ("+49 231 1", "später ergänzt")
