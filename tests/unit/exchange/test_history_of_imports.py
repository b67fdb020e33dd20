"""Imports write the history in their own transaction: one import, one batch id."""

from __future__ import annotations

import json

import pytest

from partnerdesk.domain.records import Contact, Organisation
from partnerdesk.exchange.json_archive import export_archive, import_archive
from partnerdesk.exchange.table_import import apply_import, preview_file, undo_import
from partnerdesk.services import ContactService, OrganisationService, service_for
from partnerdesk.services.example_data import add_example_data, remove_example_data
from partnerdesk.services.history import History

#: Every test here runs on a SQLite file and on a PostgreSQL server (tests/conftest.py).
pytestmark = pytest.mark.postgresql


def new_entries(db, mark):
    return History(db).since(mark)


def test_a_table_import_is_one_batch_of_created_and_changed_entries(db, tmp_path):
    orgs = OrganisationService(db)
    stored = orgs.create(Organisation(name="Bondo", country="KE"))
    path = tmp_path / "orgs.csv"
    path.write_text("Name;Land;Stadt\r\nBondo;Kenia;Bondo Town\r\nKumasi;Ghana;\r\nWeltladen;Deutschland;\r\n", "utf-8")
    preview = preview_file(db, path, "organisations", merge_similar=True)
    assert [r.action for r in preview.rows] == ["update", "create", "create"]
    mark = History(db).latest_id()
    result = apply_import(db, preview)
    entries = new_entries(db, mark)
    assert len({e.batch_id for e in entries}) == 1
    assert sorted((e.label, e.operation) for e in entries) == [
        ("Bondo", "changed"), ("Kumasi", "created"), ("Weltladen", "created"),
    ]
    changed = next(e for e in entries if e.operation == "changed")
    assert [(c.field, c.old, c.new) for c in changed.changes] == [("city", "", "Bondo Town")]
    assert {e.record_id for e in entries if e.operation == "created"} == set(result.created_ids)

    mark = History(db).latest_id()
    undo_import(db, result)
    undone = new_entries(db, mark)
    assert len({e.batch_id for e in undone}) == 1
    assert sorted((e.label, e.operation) for e in undone) == [
        ("Bondo", "changed"), ("Kumasi", "deleted"), ("Weltladen", "deleted"),
    ]
    back = next(e for e in undone if e.operation == "changed")
    assert [(c.field, c.old, c.new) for c in back.changes] == [("city", "Bondo Town", "")]
    assert orgs.get(stored.id).city == ""


def test_a_json_import_is_one_batch_and_a_second_import_adds_nothing(db, second_db, tmp_path):
    orgs = OrganisationService(db)
    orgs.create(Organisation(name="Kumasi"))
    ContactService(db).create(Contact(name="Frau Berg"))
    archive = tmp_path / "archiv.json"
    export_archive(db, archive)
    mark = History(second_db).latest_id()
    import_archive(second_db, archive)
    entries = new_entries(second_db, mark)
    assert sorted((e.kind, e.label, e.operation) for e in entries) == [
        ("contacts", "Berg", "created"), ("organisations", "Kumasi", "created"),  # "Frau": the salutation
    ]
    assert len({e.batch_id for e in entries}) == 1
    mark = History(second_db).latest_id()
    import_archive(second_db, archive)
    assert new_entries(second_db, mark) == []
    data = json.loads(archive.read_text("utf-8"))
    data["records"]["organisations"][0]["city"] = "Kumasi City"
    archive.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    import_archive(second_db, archive)
    (changed,) = new_entries(second_db, mark)
    assert (changed.operation, [(c.field, c.new) for c in changed.changes]) == ("changed", [("city", "Kumasi City")])


def test_a_dry_run_import_writes_no_history(db, tmp_path):
    OrganisationService(db).create(Organisation(name="Kumasi"))
    archive = tmp_path / "archiv.json"
    export_archive(db, archive)
    data = json.loads(archive.read_text("utf-8"))
    data["records"]["organisations"][0]["city"] = "Kumasi City"
    archive.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    mark = History(db).latest_id()
    import_archive(db, archive, dry_run=True)
    assert new_entries(db, mark) == []


def test_adding_and_removing_the_example_data_is_recorded_with_what_it_unlinked(db):
    mark = History(db).latest_id()
    count = add_example_data(db)
    added = new_entries(db, mark)
    assert len(added) == count and {e.operation for e in added} == {"created"}
    example_org = next(o for o in OrganisationService(db).list() if o.is_example)
    own = ContactService(db).create(Contact(name="Eigener Kontakt", organisation_id=example_org.id))
    mark = History(db).latest_id()
    remove_example_data(db)
    removed = new_entries(db, mark)
    assert len({e.batch_id for e in removed}) == 1
    assert sum(1 for e in removed if e.operation == "deleted") == count
    (unlinked,) = [e for e in removed if e.operation == "changed"]
    assert unlinked.record_id == own.id
    assert [(c.field, c.old, c.new) for c in unlinked.changes] == [("organisation_id", example_org.id, None)]
    assert service_for(db, "contacts").get(own.id).organisation_id is None
