"""A travel copy taken before a person's erasure and merged back afterwards must not bring them
back (issue 22): not as a contact, not as a participant line with their name, not by name in a
text changed on the trip, not in the carried history. The deletion log tells the merge."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from partnerdesk.services import privacy_erase as pe
from partnerdesk.services import service_for
from partnerdesk.travel import apply, travelfile

NAME, EMAIL = "Kwame Example", "k.example@example.org"


def _all_text(db) -> str:
    with db.read() as session:
        tables = [r[0] for r in session.execute(text(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND sql NOT LIKE 'CREATE VIRTUAL%' AND name NOT LIKE '%_search_%'")).all()]
        return "\n".join(" ".join(str(v) for v in row)
                         for table in tables for row in session.execute(text(f'SELECT * FROM "{table}"')).all())


def _first(db, kind, **where):
    return next(r for r in service_for(db, kind).list() if all(getattr(r, k) == v for k, v in where.items()))


@pytest.mark.parametrize("prefer", ["travel", "office"])
def test_a_copy_merged_after_the_erasure_does_not_bring_the_person_back(example_db, trip_path, prefer):
    travelfile.checkout(example_db, trip_path, None)
    trip = travelfile.open_travel(trip_path, None)
    try:
        # On the trip: Kwame's record is edited, he is named in a visit's notes and stays on its list.
        kwame = _first(trip, "contacts", name=NAME)
        kwame.function = "Leiter Klimabüro"
        service_for(trip, "contacts").update(kwame)
        visit = _first(trip, "activities", title="Besuch der Delegation aus Kumasi")
        visit.notes += f"\nNachgespräch mit {NAME} ({EMAIL}) vereinbart."
        service_for(trip, "activities").update(visit)
        # In the office meanwhile: Kwame is erased.
        office_id = pe.find_person(example_db, NAME)
        pe.erase_person(example_db, office_id, reason="Art. 17 Abs. 1 lit. a DSGVO", proceed_if_only_contact=True)
        assert NAME not in _all_text(example_db)

        report = apply.merge(example_db, trip, prefer=prefer)
    finally:
        trip.close()

    assert not service_for(example_db, "contacts").exists(office_id)
    merged = _first(example_db, "activities", title="Besuch der Delegation aus Kumasi")
    assert all(a.contact_id != office_id and a.name != NAME for a in merged.attendees)
    assert "Nachgespräch mit [Name gelöscht] ([Name gelöscht]) vereinbart." in merged.notes
    everything = _all_text(example_db)
    assert NAME not in everything and EMAIL not in everything
    assert any("gelöscht" in note and "Löschprotokoll" in note for note in report.notes), report.notes
