"""The record of processing activities (Art. 30 GDPR) from the settings and the data, as PDF and Word."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from docx import Document
from pypdf import PdfReader

from partnerdesk.cli.main import main
from partnerdesk.documents import processing_record as document
from partnerdesk.domain.enums import OrganisationKind, PartnershipType
from partnerdesk.domain.errors import UserError
from partnerdesk.domain.records import Activity, Attendee, Organisation, Partnership
from partnerdesk.paths import settings_file
from partnerdesk.services import processing_record, service_for


def pdf_text(path) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    return unicodedata.normalize("NFC", " ".join(text.split()))


def docx_text(path) -> str:
    doc = Document(path)
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return " ".join(" ".join(parts).split())


def gathered(db, **controller):
    return processing_record.gather(db, processing_record.Controller(**controller), processing_record.current_rules(),
                                    date(2026, 12, 7))


def test_the_record_names_controller_people_recipients_third_countries_periods_and_measures(example_db, tmp_path):
    us = service_for(example_db, "organisations").create(Organisation(name="City of Example", kind=OrganisationKind.MUNICIPALITY,
                                                                       country="US"))
    service_for(example_db, "partnerships").create(Partnership(title="Dortmund – Example", partner_id=us.id,
                                                               type=PartnershipType.TWINNING))
    service_for(example_db, "activities").create(Activity(title="Besuch", date=date(2026, 5, 5), attendees=[
        Attendee(name="Gast Ohne Kontakt", dietary="vegetarisch")]))
    record = gathered(example_db, name="Stadt Dortmund – Büro für Internationales", address=("Friedensplatz 1", "44135 Dortmund"))
    out = document.write(record, tmp_path / "verzeichnis.pdf")
    text = pdf_text(out)
    for expected in [
        "Verzeichnis von Verarbeitungstätigkeiten (Art. 30 Abs. 1 DSGVO)", "Stand 07.12.2026",
        "Stadt Dortmund – Büro für Internationales", "Friedensplatz 1",
        "Ansprechpersonen von Partnerkommunen und -regionen (4 Kontakte)",
        "Teilnehmende von Besuchen und Treffen ohne Kontaktdatensatz (3 Einträge)",
        "Gesundheitsdaten (Art. 9 DSGVO)",
        "Ghana: 1 Partnerschaft", "Vereinigte Staaten: 1 Partnerschaft",
        "Drittländer (außerhalb von EU/EWR) von Partnerkommunen:",
        "Berechtigtes Interesse (Art. 6 Abs. 1 lit. f DSGVO): 2 Jahre nach der letzten Aktivität",
        "Zusammenführungsberichte: 365 Tage", "Sicherungen vor dem Zusammenführen einer Reisekopie: 90 Tage, mindestens die neuesten 3",
        "Reisekopien für Dienstreisen werden verschlüsselt", "Rollen für Lesen, Bearbeiten",
        "Verlauf jeder Änderung", "[zu ergänzen]",
    ]:
        assert expected in text, (expected, text)
    third = text.split("Drittländer (außerhalb von EU/EWR) von Partnerkommunen:")[1].split("Garantien")[0]
    assert "Ghana" in third and "Vereinigte Staaten" in third and "Rumänien" not in third


def test_the_word_file_holds_the_same_for_the_officer_to_complete(example_db, tmp_path):
    record = gathered(example_db)
    out = document.write(record, tmp_path / "verzeichnis.docx")
    text = docx_text(out)
    assert "Verzeichnis von Verarbeitungstätigkeiten" in text
    assert "Verantwortlicher [zu ergänzen]" in text  # no letterhead set
    assert "7. Technische und organisatorische Maßnahmen" in text
    assert record.text().count("[zu ergänzen]") >= 5


def test_settings_shape_the_periods_and_the_controller(example_db, tmp_path):
    settings_file().parent.mkdir(parents=True, exist_ok=True)
    settings_file().write_text(
        '[options]\nletterhead_name=Stadt Beispiel\nletterhead_address="Markt 1\\n12345 Beispiel"\n'
        "retention_years_contract=6\nrotation_before_restore_days=10\ntravel_copy_warn_days=21\n", encoding="utf-8")
    controller = processing_record.controller_from_settings()
    assert controller == processing_record.Controller("Stadt Beispiel", ("Markt 1", "12345 Beispiel"))
    text = processing_record.gather(example_db, controller, processing_record.current_rules(), date(2026, 12, 7)).text()
    assert "Vertrag (Art. 6 Abs. 1 lit. b DSGVO): 6 Jahre nach der letzten Aktivität" in text
    assert "Sicherungen vor einer Wiederherstellung: 10 Tage, mindestens die neuesten 2" in text
    assert "länger als 21 Tage" in text


def test_another_suffix_is_refused_before_anything_is_written(example_db, tmp_path):
    with pytest.raises(UserError, match=r"\.pdf oder \.docx"):
        document.write(gathered(example_db), tmp_path / "verzeichnis.odt")
    assert list(tmp_path.iterdir()) == [] or all(p.name != "verzeichnis.odt" for p in tmp_path.iterdir())


def test_the_command_writes_it(office, tmp_path, capsys):
    out = tmp_path / "vvt.pdf"
    assert main(["privacy", "record", "--db", str(office), "--out", str(out), "--controller", "Stadt Dortmund",
                 "--controller-address", "Friedensplatz 1"]) == 0
    assert "Stadt Dortmund" in pdf_text(out)
    assert main(["privacy", "record", "--db", str(office), "--out", str(tmp_path / "vvt.txt")]) == 1
    assert ".pdf oder .docx" in capsys.readouterr().err
