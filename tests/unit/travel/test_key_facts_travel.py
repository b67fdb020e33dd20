"""A municipality's key facts travel with it: copied out whole, merged value by value, one value
changed differently on both sides is a conflict, and the shown value follows the merge."""

from __future__ import annotations

import dataclasses

import pytest

from partnerdesk.domain.enums import KeyFactKind
from partnerdesk.domain.records import KeyFact
from partnerdesk.services import service_for
from partnerdesk.travel import apply
from partnerdesk.travel.apply import UnresolvedConflictsError

pytestmark = pytest.mark.postgresql  # an office file and an office database on a server


def _dabola(db):
    return service_for(db, "organisations").find("Dabola")


def _save(db, org, facts):
    service_for(db, "organisations").update(dataclasses.replace(org, key_facts=facts))


def test_the_travel_copy_holds_the_key_facts(example_db, trip):
    assert _dabola(trip).key_facts == _dabola(example_db).key_facts
    assert len(_dabola(trip).key_facts) == 4


def test_values_added_on_both_sides_stand_side_by_side_after_the_merge(example_db, trip):
    office = _dabola(example_db)
    _save(example_db, office, [*office.key_facts, KeyFact(kind=KeyFactKind.AREA, value="3200", source="Katasteramt")])
    travel = _dabola(trip)
    _save(trip, travel, [*travel.key_facts, KeyFact(
        kind=KeyFactKind.INHABITANTS, value="45000", source="Bürgermeister beim Besuch", as_of="2026-11-30")])
    apply.merge(example_db, trip)
    merged = _dabola(example_db)
    assert sorted(f.value for f in merged.key_facts if f.kind == KeyFactKind.INHABITANTS) == [
        "21000", "40000", "42000", "45000"]
    assert [f.value for f in merged.key_facts if f.kind == KeyFactKind.AREA] == ["3200"]
    assert merged.population == 45000 and merged.population_year == 2026  # the newest is shown


def test_one_value_changed_differently_on_both_sides_is_a_conflict(example_db, trip):
    for db, source in ((example_db, "Zensus 2014 (Büro)"), (trip, "Zensus 2014 (unterwegs)")):
        org = _dabola(db)
        _save(db, org, [dataclasses.replace(f, source=source) if f.value == "21000" else f for f in org.key_facts])
    with pytest.raises(UnresolvedConflictsError):
        apply.merge(example_db, trip)
    apply.merge(example_db, trip, prefer="travel")
    (census,) = [f for f in _dabola(example_db).key_facts if f.value == "21000"]
    assert census.source == "Zensus 2014 (unterwegs)"


def test_a_value_chosen_on_the_trip_is_shown_in_the_office_after_the_merge(example_db, trip):
    travel = _dabola(trip)
    _save(trip, travel, [dataclasses.replace(f, chosen=f.value == "42000") for f in travel.key_facts])
    apply.merge(example_db, trip)
    assert _dabola(example_db).population == 42000
