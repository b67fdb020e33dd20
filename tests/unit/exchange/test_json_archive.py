"""The JSON archive (``partnerdesk export`` / ``import``): a full round trip, dry runs, all or nothing."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from partnerdesk.domain.enums import OrganisationKind
from partnerdesk.domain.errors import ValidationError
from partnerdesk.domain.records import Organisation
from partnerdesk.exchange.json_archive import ArchiveError, all_records, export_archive, import_archive
from partnerdesk.services import service_for

# Every test runs on a SQLite file and on a PostgreSQL server (tests/conftest.py).
pytestmark = pytest.mark.postgresql


def _edited(source, target, change) -> None:
    archive = json.loads(source.read_text("utf-8"))
    change(archive["records"])
    target.write_text(json.dumps(archive, ensure_ascii=False), "utf-8")


def test_every_record_round_trips_into_an_empty_database(example_db, second_db, tmp_path):
    archive = tmp_path / "archiv.json"
    counts = export_archive(example_db, archive)
    assert all(counts.values())
    report = import_archive(second_db, archive)
    assert report.created == counts and not report.updated
    # Ids, amounts, dates, lists, versions and timestamps (to the microsecond) come back equal.
    assert all_records(second_db) == all_records(example_db)
    again = import_archive(second_db, archive)
    assert not again.created and not again.updated
    back = tmp_path / "zurueck.json"
    export_archive(second_db, back)
    assert json.loads(back.read_text("utf-8"))["records"] == json.loads(archive.read_text("utf-8"))["records"]


def test_a_dry_run_reports_and_writes_nothing(example_db, db_path, content_of, tmp_path):
    archive, edited = tmp_path / "archiv.json", tmp_path / "geaendert.json"
    export_archive(example_db, archive)

    def change(records):
        records["projects"][0]["budget_amount"] = "98765.43"

    _edited(archive, edited, change)
    before = content_of(db_path)
    report = import_archive(example_db, edited, dry_run=True)
    assert report.updated == {"projects": 1} and report.dry_run
    assert content_of(db_path) == before
    import_archive(example_db, edited)
    changed = json.loads(edited.read_text("utf-8"))["records"]["projects"][0]["id"]
    assert service_for(example_db, "projects").get(changed).budget_amount == Decimal("98765.43")


def test_a_reference_to_a_missing_record_writes_nothing(example_db, db_path, content_of, tmp_path):
    archive, edited = tmp_path / "archiv.json", tmp_path / "kaputt.json"
    export_archive(example_db, archive)

    def change(records):
        records["organisations"][0]["name"] = "Neuer Name"  # would be written first
        records["partnerships"][0]["partner_id"] = "00000000-0000-4000-8000-000000000000"

    _edited(archive, edited, change)
    before = content_of(db_path)
    with pytest.raises(ArchiveError) as refused:
        import_archive(example_db, edited)
    assert content_of(db_path) == before
    # The same German message on both databases, naming the record (not the driver's English).
    partnership = json.loads(edited.read_text("utf-8"))["records"]["partnerships"][0]["title"]
    assert str(refused.value) == (
        f"Der Import verweist auf Datensätze, die es nicht gibt: Partnerschaft „{partnership}“"
        " → 00000000-0000-4000-8000-000000000000"
    )


def test_an_invalid_record_writes_nothing(example_db, db_path, content_of, tmp_path):
    archive, edited = tmp_path / "archiv.json", tmp_path / "ungueltig.json"
    export_archive(example_db, archive)

    def change(records):
        records["organisations"][0]["name"] = "Neuer Name"
        records["projects"][0]["sdg_goals"] = [42]

    _edited(archive, edited, change)
    before = content_of(db_path)
    with pytest.raises(ValidationError, match="SDG"):
        import_archive(example_db, edited)
    assert content_of(db_path) == before


def test_records_are_written_in_the_same_order_from_every_database(db, tmp_path):
    """By id, compared by code points: a German server's collation would put "apfel" first."""
    orgs = [Organisation(id=i, name=f"Verein {i}", kind=OrganisationKind.NGO) for i in ("apfel", "Zeche", "Äbte")]
    # Stored directly: the import refuses ids that are not UUIDs, but older databases may hold them.
    from partnerdesk.services.upserts import upsert_record

    with db.write() as session:
        for org in orgs:
            upsert_record(session, org)
    export_archive(db, tmp_path / "archiv.json")
    written = json.loads((tmp_path / "archiv.json").read_text("utf-8"))["records"]["organisations"]
    assert [r["id"] for r in written] == ["Zeche", "apfel", "Äbte"]
