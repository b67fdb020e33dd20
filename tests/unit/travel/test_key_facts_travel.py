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


def _klinikum(db):
    return service_for(db, "organisations").find("Klinikum Dortmund")


def test_the_same_population_given_on_both_sides_is_one_value_after_the_merge(example_db, trip):
    # A population given without inhabitants values becomes one ("bisheriger Wert") on each side,
    # each with its own id: the same number must not stand twice side by side.
    for db in (example_db, trip):
        org = _klinikum(db)
        assert org.key_facts == []
        service_for(db, "organisations").update(dataclasses.replace(org, population=1200))
    report = apply.merge(example_db, trip)
    merged = _klinikum(example_db)
    assert [(f.value, f.source) for f in merged.key_facts] == [("1200", "bisheriger Wert")]
    assert merged.population == 1200 and report.conflicts == []


def test_different_values_shown_on_both_sides_are_a_conflict_decided_with_the_population(example_db, trip):
    # Keeping both values would show the one entered last, whichever side was chosen for the population.
    for db, number in ((example_db, 1200), (trip, 1300)):
        org = _klinikum(db)
        service_for(db, "organisations").update(dataclasses.replace(org, population=number))
    with pytest.raises(UnresolvedConflictsError):
        apply.merge(example_db, trip)
    report = apply.merge(example_db, trip, prefer="office")
    assert {d.conflict.field for d in report.conflicts} >= {"key_facts", "population"}
    merged = _klinikum(example_db)
    assert merged.population == 1200
    assert [f.value for f in merged.key_facts] == ["1200"]


def test_a_value_given_on_both_sides_and_changed_on_the_trip_later_reaches_the_office(example_db, trip):
    # After the first merge the office holds the value under its id, the copy under its own: the
    # next merge's base is the copy's. The trip's later change is a change of that value, not a conflict.
    for db in (example_db, trip):
        service_for(db, "organisations").update(dataclasses.replace(_klinikum(db), population=1200))
    apply.merge(example_db, trip)
    (office_value,) = _klinikum(example_db).key_facts
    travel = _klinikum(trip)
    _save(trip, travel, [dataclasses.replace(f, source="Klinikum, Jahresbericht", as_of="2025")
                         for f in travel.key_facts])
    report = apply.merge(example_db, trip)
    assert report.conflicts == []
    merged = _klinikum(example_db)
    assert merged.key_facts == [dataclasses.replace(office_value, source="Klinikum, Jahresbericht", as_of="2025")]
    assert merged.population == 1200 and merged.population_year == 2025
