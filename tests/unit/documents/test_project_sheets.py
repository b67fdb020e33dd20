"""Project sheets: one A4 page per project, whatever the data."""

from __future__ import annotations

from decimal import Decimal

import pypdf
import pytest
from pdf_checks import HOSTILE, assert_fonts_embedded, assert_qpdf_ok, flat, page_count, pdf_text, storable

from partnerdesk.documents.project_sheet import SheetOptions, build_sheets
from partnerdesk.documents.project_sheet_data import load_sheet_data
from partnerdesk.domain import sdg
from partnerdesk.domain.enums import ParticipantRole
from partnerdesk.domain.records import Contact, FundingSource, Organisation, Participant, Project
from partnerdesk.services.records import ContactService, OrganisationService, ProjectService

# Every test that reads the database runs on a PostgreSQL server too (load_sheet_data).
pytestmark = pytest.mark.postgresql


def _sheets(db, tmp_path, ids=None, progress=None, **options):
    path = tmp_path / "sheets.pdf"
    build_sheets(load_sheet_data(db, ids), path, SheetOptions(**options), progress=progress)
    return path


def test_all_projects_one_page_each_with_content(example_db, tmp_path):
    calls = []
    path = _sheets(example_db, tmp_path, progress=lambda done, total: calls.append((done, total)), author="Erika")
    projects = ProjectService(example_db).list()
    assert page_count(path) == len(projects) == 6
    assert calls == [(i, 6) for i in range(1, 7)]
    reader = pypdf.PdfReader(str(path))
    assert reader.metadata.author == "Erika" and reader.metadata.title == "Projektsteckbriefe (6)"
    for i, project in enumerate(projects):
        assert project.title.split()[0] in pdf_text(path, i)
    assert_fonts_embedded(path)
    assert_qpdf_ok(path)



def test_all_projects_come_in_german_order_on_every_database(db):
    """Not in the database's collation (SQLite: bytes, "Äpfel" after "Zeder")."""
    for title in ("Zeder", "Ökostrom", "apfelbaum", "Oase", "Äpfel"):
        ProjectService(db).create(Project(title=title))
    assert [p.title for p in load_sheet_data(db).projects] == ["Äpfel", "apfelbaum", "Oase", "Ökostrom", "Zeder"]


def test_sheet_content(example_db, tmp_path):
    project = ProjectService(example_db).find("Masterpläne")
    text = flat(pdf_text(_sheets(example_db, tmp_path, [project.id])))
    for phrase in [
        "PROJEKTSTECKBRIEF", "Masterpläne Klimaanpassung Dortmund und Kumasi",
        "Partnerschaft", "Klimapartnerschaft Dortmund – Kumasi", "Partnerstadt", "Kumasi (Ghana)",
        "Status", "Laufend", "Zeitraum", "seit 01.01.2024",
        "Budget", "45.000,00 €", "Finanzierung", "Eigenmittel der Stadt: 45.000,00 €",
        "Ziele für nachhaltige Entwicklung", "Nachhaltige Städte und Gemeinden", "Maßnahmen zum Klimaschutz",
        "Unterziele", "11.b –", "13.2 –", "17.17 –",
        "Beteiligte", "Büro für Internationale Beziehungen und Nachhaltige Entwicklung – Federführung",
        "Umweltamt – Durchführung", "Kumasi – Partner",
        "Beschreibung", "Beide Städte erarbeiten parallel Masterpläne",
        "Ansprechpersonen", "Erika Beispiel, Koordination Klimapartnerschaften", "Kwame Example",
        "Letzte Änderung", "Seite 1 von 1",
    ]:
        assert phrase in text, phrase
    assert "Gekürzt" not in text


def test_badges_in_official_colours(example_db, tmp_path):
    project = ProjectService(example_db).find("Masterpläne")
    path = _sheets(example_db, tmp_path, [project.id])
    content = pypdf.PdfReader(str(path)).pages[0].get_contents().get_data().decode("latin-1")
    for goal in project.sdg_goals:
        hexcolour = sdg.goal(goal).colour.lstrip("#")
        r, g, b = (int(hexcolour[i : i + 2], 16) / 255 for i in (0, 2, 4))
        fill = " ".join(f"{v:.6f}".rstrip("0").rstrip(".").removeprefix("0") or "0" for v in (r, g, b)) + " rg"
        assert fill in content, (goal, fill)


def test_unfilled_facts_are_shown_as_open_not_left_off(db, tmp_path):
    ProjectService(db).create(Project(title="Nur ein Titel"))
    text = flat(pdf_text(_sheets(db, tmp_path)))
    assert "Nur ein Titel" in text and "Status Idee" in text
    for fact in ("Partnerschaft keine", "Projektort offen", "Lage offen", "Zeitraum offen", "Budget offen",
                 "Förderprogramm offen", "Ziele für nachhaltige Entwicklung offen", "Beschreibung offen",
                 "Ergebnisse und Indikatoren offen", "Aktenzeichen: offen"):
        assert fact in text, fact
    for label in ("Partnerstadt", "Finanzierung", "Unterziele", "Beteiligte", "Ansprechpersonen", "Gekürzt"):
        assert label not in text, label


def test_huge_and_hostile_project_stays_on_one_page(db, tmp_path, database_kind):
    hostile = storable(HOSTILE, database_kind)
    orgs = OrganisationService(db)
    contacts = ContactService(db)
    org_ids = [orgs.create(Organisation(name=f"Organisation {i} {hostile[i % len(hostile)][:80]}")).id for i in range(40)]
    contact_ids = [
        contacts.create(Contact(name=f"Person {i}", function=hostile[i % len(hostile)][:200], organisation_id=org_ids[i])).id
        for i in range(30)
    ]
    summary = ("Lorem ipsum <b>dolor</b> & sit amet, " * 600)[:20_000]
    assert len(summary) == 20_000
    project = ProjectService(db).create(
        Project(
            title="Riesig " + "Überlang" * 30 + ' <a href="https://evil.example">x</a> 😀',
            summary=summary + "\nENDE-DER-BESCHREIBUNG",
            sdg_goals=list(range(1, 18)),
            sdg_targets=[t.code for t in sdg.targets()][:60],
            participants=[Participant(organisation_id=i, role=ParticipantRole.PARTNER) for i in org_ids],
            contact_ids=contact_ids,
            budget_amount=Decimal("123456789.99"),
            funding_sources=[FundingSource(name=f"Quelle {i} <x>", amount=Decimal(i)) for i in range(25)],
        )
    )
    small = ProjectService(db).create(Project(title="Klein"))
    path = _sheets(db, tmp_path, [project.id, small.id])
    assert page_count(path) == 2
    first = flat(pdf_text(path, 0))
    assert "Gekürzt, damit alles auf eine Seite passt" in first
    assert "ENDE-DER-BESCHREIBUNG" not in first
    assert "Lorem ipsum <b>dolor</b> & sit amet" in first
    assert "123.456.789,99 €" in first
    assert "weitere" in first
    assert "Klein" in pdf_text(path, 1)
    assert "/Annots" not in pypdf.PdfReader(str(path)).pages[0]
    assert_fonts_embedded(path)
    assert_qpdf_ok(path)


@pytest.mark.parametrize("text", HOSTILE)
def test_every_hostile_text_in_every_field(db, tmp_path, database_kind, text):
    [text] = storable([text], database_kind)
    org = OrganisationService(db).create(Organisation(name=text[:200] or "x", city=text[:100]))
    contact = ContactService(db).create(Contact(name=text[:200] or "x", function=text[:200], phone=text[:50],
                                                organisation_id=org.id))
    ProjectService(db).create(
        Project(title=text[:300] or "x", summary=text, participants=[Participant(organisation_id=org.id)],
                contact_ids=[contact.id], funding_sources=[FundingSource(name=text[:200])])
    )
    path = _sheets(db, tmp_path)
    assert page_count(path) == 1
    assert_fonts_embedded(path)


def test_last_resort_scales_the_sheet_down_onto_one_page(db, tmp_path, monkeypatch):
    from partnerdesk.documents import project_sheet

    # Only the unshortened step: a 20,000-character description cannot fit, so the sheet is scaled.
    monkeypatch.setattr(project_sheet, "_STEPS", [project_sheet.Limits(summary=30_000)])
    ProjectService(db).create(Project(title="Skaliert", summary=("Wort " * 4000) + "SCHLUSS"))
    path = _sheets(db, tmp_path)
    assert page_count(path) == 1
    assert "SCHLUSS" in pdf_text(path)


def test_a_project_without_partnership_has_a_project_place_not_a_partner_city(example_db, tmp_path):
    """Bondo is where the Weltladen's water project works, not Dortmund's partner city."""
    project = ProjectService(example_db).find("Tropfen")
    assert project.partnership_id is None
    text = flat(pdf_text(_sheets(example_db, tmp_path, [project.id])))
    assert "Projektort Bondo (Kenia)" in text and "Partnerschaft keine" in text
    assert "Partnerstadt" not in text


def test_cancelling_through_progress_writes_nothing(example_db, tmp_path):
    from partnerdesk.services.progress import Cancelled

    target = tmp_path / "sheets.pdf"
    target.write_bytes(b"old")

    def progress(done, total):
        if done == 3:
            raise Cancelled()

    with pytest.raises(Cancelled):
        build_sheets(load_sheet_data(example_db), target, SheetOptions(), progress=progress)
    assert target.read_bytes() == b"old"
    assert not [p.name for p in tmp_path.iterdir() if p.suffix == ".tmp"]
