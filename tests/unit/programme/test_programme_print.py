"""The printed programme (PDF and Word) in the layout programmes use, its text read back: a table
per field of action with goal, measure, indicator, baseline, target, status and responsible, German
with the partner's language below; and the commands 'programme export/import/print'."""

from __future__ import annotations

import docx
import openpyxl
from pypdf import PdfReader

from partnerdesk.cli.main import main
from partnerdesk.documents.programme import write_programme
from partnerdesk.domain.programme_sample import sample_programme
from partnerdesk.services import programme


def _dabola(db):
    view = programme.load(db, "Dabola")
    programme.save(db, view.partnership, sample_programme(language="fr"))


def _pdf_text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_the_pdf_prints_a_bilingual_table_per_field_of_action(example_db, tmp_path):
    _dabola(example_db)
    path = write_programme(example_db, "Dabola", tmp_path / "programm.pdf", "pdf")
    text = _pdf_text(path)
    assert text.startswith("Gemeinsames Handlungsprogramm\nProgramme d’action commun\nPartnerschaft Dortmund – Dabola · Dabola")
    assert "Handlungsfeld 1: Klimaanpassung\nChamp d’action 1: Adaptation au climat" in text
    assert "Handlungsfeld 2: Abfallwirtschaft\nChamp d’action 2: Gestion des déchets" in text
    flat = " ".join(text.split())
    assert flat.count("Ziel Objectif Maßnahme Mesure Indikator Indicateur Ausgangswert Valeur de référence "
                      "Zielwert Valeur cible Status Statut Verantwortlich Responsable") == 2
    for expected in ("Begrünte Schulhöfe Cours d’école verdies 2 Anzahl (2023) 12 Anzahl (2027) Laufend En cours",
                     "Unsere Stadt: Umweltamt; Grünflächenamt", "Ville partenaire: Waste & Sanitation Dept. – „Ș“ test",
                     "350,25 t pro Jahr (2028)", "Geplant Prévu"):
        assert expected in flat, expected


def test_the_word_document_holds_the_same_tables(example_db, tmp_path):
    _dabola(example_db)
    path = write_programme(example_db, "Dabola", tmp_path / "programm.docx", "docx")
    document = docx.Document(str(path))
    assert len(document.tables) == 2
    first = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    assert first[0] == ["Ziel\nObjectif", "Maßnahme\nMesure", "Indikator\nIndicateur", "Ausgangswert\nValeur de référence",
                        "Zielwert\nValeur cible", "Status\nStatut", "Verantwortlich\nResponsable"]
    assert first[1][:6] == ["Hitzeschutz in Schulen\nProtection contre la chaleur dans les écoles",
                            "Schulhöfe entsiegeln und begrünen\nDésimperméabiliser et verdir les cours d’école",
                            "Begrünte Schulhöfe\nCours d’école verdies", "2 Anzahl (2023)", "12 Anzahl (2027)",
                            "Laufend\nEn cours"]
    assert first[2][:3] == ["", "", "Hitzetage über 30 °C im Klassenraum\nJours de chaleur au-dessus de 30 °C"]
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == ["Handlungsfeld 1: Klimaanpassung\nChamp d’action 1: Adaptation au climat",
                        "Handlungsfeld 2: Abfallwirtschaft\nChamp d’action 2: Gestion des déchets"]


def test_a_partnership_without_programme_prints_a_note_instead_of_failing(example_db, tmp_path):
    path = write_programme(example_db, "Cluj", tmp_path / "leer.pdf", "pdf")
    assert "Diese Partnerschaft hat noch kein Handlungsprogramm." in _pdf_text(path)


def test_the_commands_export_import_and_print(example_db, tmp_path, capsys):
    _dabola(example_db)
    db = str(example_db.path)
    sheet = tmp_path / "programm.xlsx"
    assert main(["programme", "export", "--db", db, "Dabola", "--out", str(sheet)]) == 0
    assert f"Geschrieben: {sheet} (9 Zeilen)." in capsys.readouterr().out
    workbook = openpyxl.load_workbook(sheet)
    workbook.active.cell(5, 16).value = 13  # the target value of "Begrünte Schulhöfe"
    workbook.save(sheet)
    assert main(["programme", "import", "--db", db, "Dabola", str(sheet), "--dry-run"]) == 0
    said = capsys.readouterr().out
    assert "geändert: Indikator „Begrünte Schulhöfe“" in said and "Probelauf: Nichts wurde geschrieben." in said
    assert main(["programme", "import", "--db", db, "Dabola", str(sheet)]) == 0
    assert "0 Elemente hinzugefügt, 1 Element geändert, 0 Elemente entfernt, 8 unverändert." in capsys.readouterr().out
    assert {i.title: i for i in programme.load(example_db, "Dabola").items}["Begrünte Schulhöfe"].target_value == 13
    for suffix in ("pdf", "docx"):
        out = tmp_path / f"programm.{suffix}"
        assert main(["programme", "print", "--db", db, "Dabola", "--out", str(out)]) == 0
        assert out.stat().st_size > 0
    assert main(["programme", "print", "--db", db, "Dabola", "--out", str(tmp_path / "x.txt")]) != 0
    assert "x.txt: Bitte eine Datei mit der Endung .pdf, .docx angeben" in capsys.readouterr().err


def test_the_annual_report_shows_each_indicator_against_its_target(example_db, tmp_path):
    from partnerdesk.services.annual_report import collect

    _dabola(example_db)
    lines = {line.indicator: line for line in collect(example_db, 2025).indicators}
    greened = lines["Begrünte Schulhöfe"]
    assert (greened.programme, greened.unit, greened.baseline, greened.target) == (
        "Partnerschaft Dortmund – Dabola", "Anzahl", "2 (2023)", "12 (2027)")
    assert (greened.latest, greened.progress) == ("7,5 (2025)", "55 %")  # (7.5 - 2) / (12 - 2)
    earlier = {line.indicator: line for line in collect(example_db, 2024).indicators}
    assert earlier["Begrünte Schulhöfe"].latest == "4 (2024)"  # what was known by the end of 2024
    assert (lines["Kompostierte Menge"].latest, lines["Kompostierte Menge"].progress) == ("", "")
