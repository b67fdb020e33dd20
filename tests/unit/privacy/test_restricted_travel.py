"""Art. 18: a contact whose processing is restricted goes into no travel copy (whole or partial),
and merging the copy back leaves the contact and every link to it in the office as they were.
Each check is also run with the exclusion broken, to show it can fail."""

from __future__ import annotations

from dataclasses import replace

import pytest

from partnerdesk.services import service_for
from partnerdesk.travel import apply, restricted, travelfile
from restricted_person import EMAIL, NAME_PART, place_restricted_person


def _leaks(path) -> list[str]:
    """What of the person an unencrypted copy holds anywhere in its bytes (free pages included)."""
    raw = path.read_bytes()
    return [word for word in (NAME_PART, EMAIL, "Restricta-Weg") if word.encode() in raw]


def _check_out(example_db, tmp_path, partial: bool):
    placed = place_restricted_person(example_db)
    out = tmp_path / "trip.pdtravel"
    travelfile.checkout(example_db, out, None, partnerships=[placed.partnership.title] if partial else None)
    return placed, out


@pytest.mark.postgresql
@pytest.mark.parametrize("partial", [False, True], ids=["whole", "partial"])
def test_a_restricted_contact_travels_nowhere_and_comes_back_untouched(example_db, tmp_path, partial):
    placed, out = _check_out(example_db, tmp_path, partial)
    assert _leaks(out) == []
    trip = travelfile.open_travel(out, None)
    try:
        assert not service_for(trip, "contacts").exists(placed.contact.id)
        project = service_for(trip, "projects").get(placed.project.id)  # the project travels, without her
        assert placed.contact.id not in project.contact_ids and project.responsible_id is None
        activity = service_for(trip, "activities").get(placed.activity.id)
        assert [a.name for a in activity.attendees] == ["Gast Ohne Kontakt"]
        assert activity.follow_ups[0].responsible_id is None
        service_for(trip, "projects").update(replace(project, title=project.title + " (unterwegs)"))
        activities = service_for(trip, "activities")
        activities.update(replace(activity, notes="Notiz von unterwegs"))
        report = apply.merge(example_db, trip)
    finally:
        trip.close()
    assert report.conflicts == []
    office = service_for(example_db, "projects").get(placed.project.id)
    assert office.title.endswith("(unterwegs)")
    assert placed.contact.id in office.contact_ids and office.responsible_id == placed.contact.id
    activity = service_for(example_db, "activities").get(placed.activity.id)
    assert activity.notes == "Notiz von unterwegs" and activity.contact_ids == [placed.contact.id]
    assert [a.contact_id for a in activity.attendees][0] == placed.contact.id
    assert activity.follow_ups[0].responsible_id == placed.contact.id
    assert service_for(example_db, "partnerships").get(placed.partnership.id).responsible_id == placed.contact.id
    assert service_for(example_db, "contacts").get(placed.contact.id).processing_restricted


@pytest.mark.parametrize("partial", [False, True], ids=["whole", "partial"])
def test_the_check_fails_when_the_exclusion_is_broken(example_db, tmp_path, partial, monkeypatch):
    monkeypatch.setattr(restricted, "restricted_ids", lambda session: frozenset())
    _placed, out = _check_out(example_db, tmp_path, partial)
    assert NAME_PART in _leaks(out)


def test_an_unrestricted_contact_still_travels(example_db, tmp_path):
    placed = place_restricted_person(example_db, restricted=False)
    out = tmp_path / "trip.pdtravel"
    travelfile.checkout(example_db, out, None)
    trip = travelfile.open_travel(out, None)
    try:
        assert service_for(trip, "contacts").exists(placed.contact.id)
    finally:
        trip.close()
