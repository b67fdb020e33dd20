"""Names for the forms' pickers: found as you type, at most a page of them, never a whole register;
and deleting several records in one transaction."""

from __future__ import annotations

import pytest

from partnerdesk.domain.errors import DependentsError, StaleRecordError
from partnerdesk.domain.records import Organisation, Project
from partnerdesk.services import OrganisationService, PartnershipService, ProjectService
from partnerdesk.services.choices import matching_names, names_of

#: Every test here runs on a SQLite file and on a PostgreSQL server (tests/conftest.py).
pytestmark = pytest.mark.postgresql


def names(pairs):
    return [name for _id, name in pairs]


def test_matching_is_case_and_accent_insensitive_and_starts_come_first(example_db):
    assert names(matching_names(example_db, "organisations", "DUSSELDORF")) == []
    assert names(matching_names(example_db, "organisations", "dura")) == ["Dura"]
    assert names(matching_names(example_db, "organisations", "Wirtschaftsforderung")) == ["Wirtschaftsförderung"]
    found = names(matching_names(example_db, "projects", "dura"))
    assert found == ["Müllfahrzeug für Dura", "Praktikumsaustausch Dura – Klinikum Dortmund"]
    assert names(matching_names(example_db, "organisations", "d"))[:4] == ["Dabola", "Dezernat 2", "Dura", "Bondo"]


def test_only_the_name_counts_not_notes_or_other_fields(example_db):
    service = OrganisationService(example_db)
    service.create(Organisation(name="Stadtwerke", city="Kumasi", notes="Kontakt über Dura"))
    assert "Stadtwerke" not in names(matching_names(example_db, "organisations", "dura"))
    assert names(matching_names(example_db, "organisations", "werke")) == ["Stadtwerke"]


def test_at_most_a_page_of_names_and_the_first_ones_without_text(db):
    service = ProjectService(db)
    for i in range(130):
        service.create(Project(title=f"Vorhaben {i:03d}"))
    assert len(matching_names(db, "projects", "vorhaben")) == 50
    assert names(matching_names(db, "projects", ""))[:2] == ["Vorhaben 000", "Vorhaben 001"]
    assert names(matching_names(db, "projects", "vorhaben 12")) == [f"Vorhaben 12{i}" for i in range(10)]
    assert names(matching_names(db, "projects", "ben 07", limit=3)) == ["Vorhaben 070", "Vorhaben 071", "Vorhaben 072"]
    assert matching_names(db, "projects", "100%_") == [], "LIKE wildcards are searched as text"


def test_names_of_reads_only_the_asked_ids(example_db):
    kumasi = OrganisationService(example_db).find("Kumasi")
    dura = OrganisationService(example_db).find("Dura")
    assert names_of(example_db, "organisations", [kumasi.id, dura.id, "gone", ""]) == {kumasi.id: "Kumasi", dura.id: "Dura"}
    assert names_of(example_db, "organisations", []) == {}


# Deleting several records: one transaction ---------------------------------------------------


def test_delete_many_is_all_or_nothing(example_db, db_path, content_of):
    orgs = OrganisationService(example_db)
    weltladen, kumasi = orgs.find("Weltladen Aplerbeck"), orgs.find("Kumasi")
    before = content_of(db_path)
    with pytest.raises(DependentsError, match="Organisation „Kumasi“"):
        orgs.delete_many([weltladen.id, kumasi.id])
    assert content_of(db_path) == before, "the first record is not deleted when the second cannot be"
    with pytest.raises(StaleRecordError, match="Weltladen Aplerbeck"):
        orgs.delete_many([weltladen.id], {weltladen.id: weltladen.version - 1})
    assert content_of(db_path) == before


def test_delete_many_and_one_restore_bring_back_everything(example_db):
    orgs = OrganisationService(example_db)
    projects = ProjectService(example_db)
    bureau = orgs.find("Büro für Internationale Beziehungen")
    edg = orgs.find("EDG Entsorgung")
    shared = projects.find("Abfallentsorgung und Umweltbildung")  # both take part in it
    deletion = orgs.delete_many([bureau.id, edg.id], {bureau.id: bureau.version, edg.id: edg.version})
    assert not orgs.exists(bureau.id) and not orgs.exists(edg.id)
    assert [p.organisation_id for p in projects.get(shared.id).participants] == [orgs.find("Dabola").id]
    assert sorted(r.id for r in deletion.removed) == sorted([bureau.id, edg.id])
    assert [r.id for r in deletion.changed].count(shared.id) == 1, "a record touched twice is restored from its first state"
    orgs.restore(deletion)
    restored = projects.get(shared.id)
    assert [(p.organisation_id, p.role) for p in restored.participants] == [(p.organisation_id, p.role) for p in shared.participants]
    assert orgs.get(bureau.id).name == bureau.name and orgs.get(edg.id).name == edg.name


def test_delete_many_of_partnerships_unlinks_projects_once(example_db):
    service = PartnershipService(example_db)
    ids = [service.find("Dortmund – Dura").id, service.find("Dortmund – Dabola").id]
    deletion = service.delete_many(ids)
    assert len(deletion.removed) == 2
    assert all(p.partnership_id not in ids for p in ProjectService(example_db).list())
    service.restore(deletion)
    assert ProjectService(example_db).find("Müllfahrzeug").partnership_id == ids[0]

