"""Council decisions travel: entered on the laptop and merged, changed on both sides, in a partial
copy with their partnership; and they come back whole from a JSON archive, older ones included."""

from __future__ import annotations

import json
from datetime import date

import pytest

from decision_helpers import council_approval
from partnerdesk.domain.enums import DecisionResult
from partnerdesk.domain.records import carried_decision_id
from partnerdesk.exchange import json_archive
from partnerdesk.services import decisions, service_for
from partnerdesk.travel import apply, travelfile

pytestmark = pytest.mark.postgresql

KUMASI = "Klimapartnerschaft Dortmund – Kumasi"


def test_a_decision_entered_on_the_laptop_is_merged_with_its_links(example_db, trip):
    kumasi = service_for(trip, "partnerships").find("Kumasi")
    made = council_approval(trip, kumasi.id, on=date(2026, 3, 12), number="12345-26")
    report = apply.merge(example_db, trip)
    assert [(e.name, e.action) for e in report.entries] == [(made.title, "create")]
    assert decisions.council_approval(example_db, kumasi.id) == service_for(example_db, "decisions").get(made.id)


def test_a_result_entered_on_the_laptop_and_notes_in_the_office_both_stay(example_db, trip):
    kumasi = service_for(example_db, "partnerships").find("Kumasi")
    scheduled = council_approval(example_db, kumasi.id, result=DecisionResult.SCHEDULED)
    travelfile.checkout(example_db, trip.path.parent / "zwei.pdtravel", None)
    laptop = travelfile.open_travel(trip.path.parent / "zwei.pdtravel", None)
    try:
        on_trip = service_for(laptop, "decisions").get(scheduled.id)
        on_trip.result = DecisionResult.APPROVED
        service_for(laptop, "decisions").update(on_trip)
        in_office = service_for(example_db, "decisions").get(scheduled.id)
        in_office.notes = "Vorlage im Ältestenrat besprochen"
        service_for(example_db, "decisions").update(in_office)
        report = apply.merge(example_db, laptop)
    finally:
        laptop.close()
    assert report.conflicts == []
    merged = service_for(example_db, "decisions").get(scheduled.id)
    assert (merged.result, merged.notes) == (DecisionResult.APPROVED, "Vorlage im Ältestenrat besprochen")


def test_a_partial_copy_carries_the_decisions_of_its_partnership(example_db, trip_path):
    kumasi = service_for(example_db, "partnerships").find("Kumasi")
    ours = council_approval(example_db, kumasi.id)
    travelfile.checkout(example_db, trip_path, None, partnerships=[KUMASI])
    part = travelfile.open_travel(trip_path, None)
    try:
        carried = {d.id for d in service_for(part, "decisions").list()}
    finally:
        part.close()
    cluj_committee = next(d for d in service_for(example_db, "decisions").list() if d.is_example)
    assert ours.id in carried and cluj_committee.id not in carried


def test_the_archive_brings_decisions_back_whole(example_db, second_db, tmp_path):
    kumasi = service_for(example_db, "partnerships").find("Kumasi")
    made = council_approval(example_db, kumasi.id, notes="zwei\nZeilen; „Zitat“")
    archive = tmp_path / "archiv.json"
    counts = json_archive.export_archive(example_db, archive)
    assert counts["decisions"] == 2
    json_archive.import_records(second_db, json_archive.read_archive(archive))
    assert service_for(second_db, "decisions").get(made.id) == service_for(example_db, "decisions").get(made.id)


def test_an_older_archive_with_the_council_decision_in_the_partnership(example_db, second_db, tmp_path):
    """An archive written before revision 0016 holds ``council_decision_on``/``_number`` in the
    partnership: it becomes the approved decision the database migration would have made."""
    archive = tmp_path / "archiv.json"
    json_archive.export_archive(example_db, archive)
    data = json.loads(archive.read_text("utf-8"))
    data["records"].pop("decisions")
    kumasi = next(p for p in data["records"]["partnerships"] if p["title"] == KUMASI)
    kumasi.update(council_decision_on="2026-03-12", council_decision_number="12345-26")
    for other in data["records"]["partnerships"]:
        other.setdefault("council_decision_on", None)
        other.setdefault("council_decision_number", "")
    archive.write_text(json.dumps(data), "utf-8")
    json_archive.import_records(second_db, json_archive.read_archive(archive))
    (decision,) = service_for(second_db, "decisions").list()
    assert decision.id == carried_decision_id(kumasi["id"])
    assert (decision.date, decision.number, decision.result, decision.partnership_ids) == (
        date(2026, 3, 12), "12345-26", DecisionResult.APPROVED, [kumasi["id"]])
    assert decisions.council_approval(second_db, kumasi["id"]) == decision
