"""A travel merge writes the history: its own changes as one batch, and the laptop's entries
carried over with their user and time, once."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import text

from partnerdesk.domain.records import Contact
from partnerdesk.services import service_for
from partnerdesk.services.history import History
from partnerdesk.travel import apply, history_carry

# On an office file and on an office database on a server (the PostgreSQL lane).
pytestmark = pytest.mark.postgresql


def first(db, kind, **where):
    return next(r for r in service_for(db, kind).list() if all(getattr(r, k) == v for k, v in where.items()))


def edit(db, kind, record_id, **changes):
    service = service_for(db, kind)
    return service.update(dataclasses.replace(service.get(record_id), **changes))


def test_the_merge_records_its_changes_as_one_batch_and_carries_the_laptop_history(example_db, trip):
    org = first(example_db, "organisations", name="Bondo")
    edit(trip, "organisations", org.id, city="Bondo Town")
    contact = service_for(trip, "contacts").create(Contact(name="Frau Reise", organisation_id=org.id))
    mark = History(example_db).latest_id()  # the office's history before the merge
    # The copy notes where its own history stood at check-out: the office's position for a copy of a
    # file (the whole history is copied), its own fresh start for a copy of a server or of a part.
    with trip.read() as session:
        copy_mark = int(session.execute(text("SELECT value FROM travel_meta WHERE key = :k"),
                                        {"k": history_carry.META_KEY}).scalar())
    laptop = History(trip).since(copy_mark)
    assert {e.record_id for e in laptop} == {org.id, contact.id}
    assert [(e.label, e.operation) for e in laptop] == [("Bondo", "changed"), ("Reise", "created")]  # "Frau": the salutation
    apply.merge(example_db, trip)
    entries = History(example_db).since(mark)
    carried = [e for e in entries if e.batch_id in {x.batch_id for x in laptop}]
    assert [(e.label, e.operation, e.actor, e.at) for e in carried] == [
        (e.label, e.operation, e.actor, e.at) for e in laptop
    ]
    merged = [e for e in entries if e not in carried]
    assert len({e.batch_id for e in merged}) == 1
    assert sorted((e.label, e.operation) for e in merged) == [("Bondo", "changed"), ("Reise", "created")]
    city = next(e for e in merged if e.label == "Bondo")
    assert [(c.field, c.old, c.new) for c in city.changes] == [("city", org.city, "Bondo Town")]


def test_a_second_merge_carries_no_entry_twice(example_db, trip):
    from partnerdesk.travel.history_carry import carry_history
    from partnerdesk.travel.travelfile import read_info

    org = first(example_db, "organisations", name="Bondo")
    edit(trip, "organisations", org.id, city="Bondo Town")
    apply.merge(example_db, trip)
    count = len(History(example_db).since(0))
    info = read_info(trip)
    with example_db.write() as session, trip.read() as tsession:  # as a merge of the same copy again would
        assert carry_history(session, tsession, info.checkout_id, info.checked_out_at) == 0
    assert len(History(example_db).since(0)) == count
    edit(trip, "organisations", org.id, notes="nach dem ersten Zusammenführen")
    with example_db.write() as session, trip.read() as tsession:
        assert carry_history(session, tsession, info.checkout_id, info.checked_out_at) == 1
    (new,) = History(example_db).since(History(example_db).latest_id() - 1)
    assert [(c.field, c.new) for c in new.changes] == [("notes", "nach dem ersten Zusammenführen")]


def test_a_deletion_merged_from_the_laptop_records_what_it_unlinked(example_db, trip):
    org = first(example_db, "organisations", name="Bondo")
    contact = service_for(example_db, "contacts").create(Contact(name="Büro-Kontakt", organisation_id=org.id))
    assert not service_for(example_db, "partnerships").for_partner(org.id) or pytest.skip("Bondo is a partner")
    service_for(trip, "organisations").delete(org.id)
    mark = History(example_db).latest_id()
    apply.merge(example_db, trip)
    merged = [e for e in History(example_db).since(mark) if e.actor and e.record_id in (org.id, contact.id)]
    ops = {(e.record_id, e.operation) for e in merged}
    assert (org.id, "deleted") in ops and (contact.id, "changed") in ops


def test_a_merge_refused_for_an_undecided_conflict_writes_no_history(example_db, trip):
    org = first(example_db, "organisations", name="Bondo")
    edit(example_db, "organisations", org.id, notes="im Büro")
    edit(trip, "organisations", org.id, notes="auf Reisen", city="Bondo Town")
    mark = History(example_db).latest_id()
    with pytest.raises(apply.UnresolvedConflictsError):
        apply.merge(example_db, trip)
    assert History(example_db).latest_id() == mark
