"""Grants travel: a grant taken on a partial travel copy with its project, receipts entered on the
trip while the office changes its status, merged back with both; a grant and programme made on
the laptop merged; and both registers come back whole from a JSON archive (an archive written
before revision 0019, without them, still reads)."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from decimal import Decimal

import pytest

from grant_helpers import add_grant
from partnerdesk.domain.enums import GrantStatus
from partnerdesk.domain.grant_records import Expense
from partnerdesk.exchange import json_archive
from partnerdesk.services import service_for
from partnerdesk.travel import apply, travelfile

pytestmark = pytest.mark.postgresql

KUMASI = "Klimapartnerschaft Dortmund – Kumasi"


def _example_grant(db):
    return next(g for g in service_for(db, "grants").list() if g.is_example)


def test_a_grant_taken_on_a_partial_copy_and_merged_back_keeps_both_sides_changes(example_db, trip_path):
    grant = _example_grant(example_db)
    travelfile.checkout(example_db, trip_path, None, partnerships=[KUMASI])
    laptop = travelfile.open_travel(trip_path, None)
    try:
        on_trip = service_for(laptop, "grants").get(grant.id)  # carried with the Kumasi project
        assert service_for(laptop, "programmes").get(on_trip.programme_id or "").name.startswith("Nakopa")
        line = on_trip.plan_line_named("reisekosten")
        assert line is not None
        on_trip.expenses.append(Expense(date=date(2026, 1, 16), payee="Hotel Kumasi", purpose="Unterkunft",
                                        amount=Decimal("612.35"), plan_line_id=line.id, receipt="B-2026-007"))
        service_for(laptop, "grants").update(on_trip)
        in_office = service_for(example_db, "grants").get(grant.id)
        service_for(example_db, "grants").update(dataclasses.replace(in_office, status=GrantStatus.PROOF_SUBMITTED))
        report = apply.merge(example_db, laptop)
    finally:
        laptop.close()
    assert report.conflicts == []
    merged = service_for(example_db, "grants").get(grant.id)
    assert merged.status == GrantStatus.PROOF_SUBMITTED
    assert [(e.receipt, e.amount) for e in merged.expenses][-1] == ("B-2026-007", Decimal("612.35"))
    assert len(merged.expenses) == len(grant.expenses) + 1


def test_a_grant_made_on_the_laptop_is_merged_with_its_programme(example_db, trip):
    programme, grant = add_grant(trip)
    report = apply.merge(example_db, trip)
    assert {(e.name, e.action) for e in report.entries} == {(programme.name, "create"), (grant.title, "create")}
    assert service_for(example_db, "grants").get(grant.id) == service_for(trip, "grants").get(grant.id)


def test_the_archive_brings_programmes_and_grants_back_whole(example_db, second_db, tmp_path):
    _programme, grant = add_grant(example_db, notes="zwei\nZeilen; „Zitat“")
    archive = tmp_path / "archiv.json"
    counts = json_archive.export_archive(example_db, archive)
    assert (counts["programmes"], counts["grants"]) == (3, 2)
    json_archive.import_records(second_db, json_archive.read_archive(archive))
    assert service_for(second_db, "grants").get(grant.id) == service_for(example_db, "grants").get(grant.id)
    text = archive.read_text("utf-8")
    assert '"amount": "4830.41"' in text  # money as exact text, never a float


def test_an_archive_from_before_the_grants_reads(example_db, second_db, tmp_path):
    archive = tmp_path / "archiv.json"
    json_archive.export_archive(example_db, archive)
    data = json.loads(archive.read_text("utf-8"))
    data["records"].pop("programmes")
    data["records"].pop("grants")
    archive.write_text(json.dumps(data), "utf-8")
    json_archive.import_records(second_db, json_archive.read_archive(archive))
    assert service_for(second_db, "grants").count() == 0
    assert service_for(second_db, "projects").count() == service_for(example_db, "projects").count()
