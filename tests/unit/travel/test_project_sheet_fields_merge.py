"""The project facts added for the project sheet merge field by field like every other."""

from __future__ import annotations

import pytest

from partnerdesk.services import service_for
from partnerdesk.travel import apply

pytestmark = pytest.mark.postgresql


def _edit(db, record_id, **changes):
    service = service_for(db, "projects")
    record = service.get(record_id)
    for name, value in changes.items():
        setattr(record, name, value)
    return service.update(record)


def test_results_and_programme_from_the_trip_file_reference_from_the_office(example_db, trip):
    water = service_for(example_db, "projects").find("Jeder Tropfen")
    _edit(example_db, water.id, file_reference="32/4-IB-2008-01")
    _edit(trip, water.id, results="12 Brunnen in Bondo", funding_programme="Nakopa")
    report = apply.merge(example_db, trip)
    merged = service_for(example_db, "projects").get(water.id)
    assert (merged.results, merged.funding_programme, merged.file_reference, merged.start_year) == (
        "12 Brunnen in Bondo", "Nakopa", "32/4-IB-2008-01", 2008)
    assert report.conflicts == []


def test_the_same_results_changed_differently_is_a_conflict(example_db, trip):
    water = service_for(example_db, "projects").find("Jeder Tropfen")
    _edit(example_db, water.id, results="im Büro")
    _edit(trip, water.id, results="auf Reisen")
    _info, plan = apply.diff(example_db, trip)
    assert [(c.field, c.office, c.travel) for c in plan.conflicts] == [("results", "im Büro", "auf Reisen")]
