"""``partnerdesk mou`` and ``partnerdesk sheet``: in-process and as a real process."""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata

import pypdf
import pytest

from partnerdesk.cli.main import main


def _text(path):
    return unicodedata.normalize("NFC", "\n".join(p.extract_text() for p in pypdf.PdfReader(str(path)).pages))


def run(*args):
    env = dict(os.environ)
    src = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", "src"))
    env["PYTHONPATH"] = src + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.run([sys.executable, "-m", "partnerdesk", *args], capture_output=True, text=True, env=env, timeout=120, check=False)


def test_mou_by_part_of_the_name(office, tmp_path, capsys):
    out = tmp_path / "mou.pdf"
    assert main(["mou", "Kumasi", "--lang", "en", "--out", str(out), "--db", str(office), "--draft", "4",
                 "--date", "2026-12-01", "--author", "Erika"]) == 0
    assert "Klimapartnerschaft Dortmund – Kumasi" in capsys.readouterr().out  # German messages despite --lang en
    text = _text(out)
    assert "Entwurf Nr. 4 vom 1. Dezember 2026" in text and "Draft no. 4, dated 1 December 2026" in text
    assert pypdf.PdfReader(str(out)).metadata.author == "Erika"


def _set_council_decision(office, name):
    from decision_helpers import council_approval  # tests/ is on the path
    from partnerdesk.persistence.database import open_database
    from partnerdesk.services.records import PartnershipService

    db = open_database(office)
    try:
        council_approval(db, PartnershipService(db).find(name).id)
    finally:
        db.close()


def test_mou_final_refused_while_the_council_decision_is_missing(office, tmp_path, capsys):
    out = tmp_path / "mou.pdf"
    assert main(["mou", "Dabola", "--final", "--out", str(out), "--db", str(office)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1  # one German line naming what is missing
    assert ("Die Endfassung von „Partnerschaft Dortmund – Dabola“ wurde nicht geschrieben: es fehlt der "
            "Ratsbeschluss (Datum und Drucksache Nr.). Bitte eintragen") in err
    assert not out.exists()
    # A draft of the same partnership is written, the gap visible in both columns.
    assert main(["mou", "Dabola", "--out", str(out), "--db", str(office)]) == 0
    text = " ".join(_text(out).split())
    assert "[Datum fehlt]" in text and "[date manquante]" in text


def test_mou_deputy_and_personal_data_of_one_contact(office, tmp_path, capsys):
    _set_council_decision(office, "Kumasi")
    out = tmp_path / "mou.pdf"
    assert main(["mou", "Kumasi", "--final", "--deputy", "Jörg", "--with-contact", "Kwame", "--out", str(out),
                 "--db", str(office)]) == 0
    text = " ".join(_text(out).split())
    assert "In Vertretung / On behalf" in text and "Jörg Beispiel" in text
    assert "k.example@example.org" in text  # chosen, and a legal basis is recorded
    assert "erika.beispiel@example.org" not in text and "Erika Beispiel" not in text  # not chosen
    capsys.readouterr()
    assert main(["mou", "Kumasi", "--deputy", "Niemand", "--out", str(out), "--db", str(office)]) == 1
    assert "--deputy: kein Kontakt „Niemand“" in capsys.readouterr().err


def test_mou_refuses_personal_data_without_a_legal_basis(office, tmp_path, capsys):
    from partnerdesk.persistence.database import open_database
    from partnerdesk.services.records import ContactService

    db = open_database(office)
    try:
        kwame = next(c for c in ContactService(db).list() if c.name == "Kwame Example")
        kwame.legal_basis, kwame.consent_given_on, kwame.consent_source = None, None, ""
        ContactService(db).update(kwame)
    finally:
        db.close()
    out = tmp_path / "mou.pdf"
    assert main(["mou", "Kumasi", "--with-contact", "Kwame", "--out", str(out), "--db", str(office)]) == 1
    assert "E-Mail und Telefon von „Kwame Example“ werden nicht gedruckt" in capsys.readouterr().err
    assert not out.exists()


def test_mou_refuses_personal_data_of_a_contact_who_withdrew_consent(office, tmp_path, capsys):
    """The consent record, not only its presence: a legal basis whose consent was withdrawn is none."""
    import datetime

    from partnerdesk.persistence.database import open_database
    from partnerdesk.services.records import ContactService

    db = open_database(office)
    try:
        kwame = next(c for c in ContactService(db).list() if c.name == "Kwame Example")
        assert kwame.legal_basis is not None
        kwame.consent_withdrawn_on = datetime.date(2026, 1, 15)
        ContactService(db).update(kwame)
    finally:
        db.close()
    out = tmp_path / "mou.pdf"
    assert main(["mou", "Kumasi", "--with-contact", "Kwame", "--out", str(out), "--db", str(office)]) == 1
    assert "oder die Einwilligung wurde widerrufen" in capsys.readouterr().err
    assert not out.exists()


def test_mou_final_and_default_language_from_the_partner(office, tmp_path):
    _set_council_decision(office, "Dabola")
    out = tmp_path / "mou.pdf"
    assert main(["mou", "Dabola", "--final", "--out", str(out), "--db", str(office)]) == 0
    text = _text(out)
    assert "Mémorandum d'entente" in text  # Dabola speaks French
    assert "ENTWURF" not in text and "Fassung vom" in text


def test_mou_in_arabic_by_default_for_dura_and_english_with_arabic_indic_digits(office, tmp_path):
    german = tmp_path / "de-ar.pdf"
    assert main(["mou", "Dura", "--date", "2026-12-01", "--out", str(german), "--db", str(office)]) == 0
    text = _text(german)
    assert "Absichtserklärung" in text and "مذكرة" in text and "تفاهم" in text  # Dura speaks Arabic
    assert "2026" in next(line for line in text.splitlines() if "كانون" in line)  # December in Palestine
    english = tmp_path / "en-ar.pdf"
    assert main(["mou", "Dura", "--lang", "ar", "--first-lang", "en", "--digits", "arabic", "--date", "2026-12-01",
                 "--out", str(english), "--db", str(office)]) == 0
    text = _text(english)
    assert "Memorandum of Understanding" in text and "Absichtserklärung" not in text
    assert "٢٠٢٦" in next(line for line in text.splitlines() if "كانون" in line)


def test_mou_refuses_an_unknown_digit_style(office, tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["mou", "Dura", "--digits", "roman", "--out", str(tmp_path / "x.pdf"), "--db", str(office)])
    assert "roman" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


def test_mou_by_id(office, tmp_path):
    from partnerdesk.persistence.database import open_database
    from partnerdesk.services.records import PartnershipService

    db = open_database(office)
    pid = PartnershipService(db).find("Cluj").id
    db.close()
    out = tmp_path / "mou.pdf"
    assert main(["mou", pid, "--lang", "ro", "--out", str(out), "--db", str(office)]) == 0
    assert "Memorandum de înțelegere" in _text(out)


def test_sheet_selected_and_all(office, tmp_path, capsys):
    out = tmp_path / "s.pdf"
    assert main(["sheet", "Tropfen", "Müllfahrzeug", "--out", str(out), "--db", str(office)]) == 0
    assert len(pypdf.PdfReader(str(out)).pages) == 2
    assert main(["sheet", "--all", "--out", str(out), "--db", str(office)]) == 0
    assert len(pypdf.PdfReader(str(out)).pages) == 6
    assert "6 Projektsteckbriefe nach" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["mou", "Dortmund", "--lang", "en"], "ist nicht eindeutig, mehrere Partnerschaften passen"),
        (["mou", "Gibtsnicht", "--lang", "en"], "Gibtsnicht"),
        (["sheet", "Dura"], "Praktikumsaustausch Dura – Klinikum Dortmund"),
        (["sheet"], "--all"),
        (["sheet", "Dura", "--all"], "--all"),
    ],
)
def test_errors_exit_1_with_one_german_line_and_no_file(office, tmp_path, args, message):
    out = tmp_path / "x.pdf"
    result = run(*args, "--out", str(out), "--db", str(office))
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("partnerdesk: ") and len(result.stderr.strip().splitlines()) == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_ambiguous_name_lists_every_candidate(office, tmp_path):
    result = run("mou", "Dortmund", "--lang", "en", "--out", str(tmp_path / "x.pdf"), "--db", str(office))
    for title in ("Kumasi", "Dabola", "Cluj-Napoca", "Dura"):
        assert title in result.stderr


def test_unwritable_target_is_a_clear_error(office, tmp_path):
    result = run("sheet", "--all", "--out", str(tmp_path / "missing" / "x.pdf"), "--db", str(office))
    assert result.returncode == 1
    assert "kann nicht geschrieben werden" in result.stderr


def test_existing_file_survives_a_failed_build(office, tmp_path):
    out = tmp_path / "mou.pdf"
    out.write_bytes(b"old")
    vorlagen = tmp_path / "vorlagen" / "mou" / "de"
    vorlagen.mkdir(parents=True)
    (vorlagen / "title.txt").write_text("# Titel {unbekannt}\n", "utf-8")
    result = run("mou", "Kumasi", "--lang", "en", "--out", str(out), "--db", str(office),
                 "--templates", str(tmp_path / "vorlagen"))
    assert result.returncode == 1
    assert "title.txt, Zeile 1: unbekannter Platzhalter „{unbekannt}“" in result.stderr
    assert out.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".tmp"] == []


def test_bad_draft_number_is_a_usage_error(office, tmp_path):
    result = run("mou", "Kumasi", "--draft", "0", "--out", str(tmp_path / "x.pdf"), "--db", str(office))
    assert result.returncode == 2
    assert "Entwurfsnummer" in result.stderr


def test_cli_does_not_import_qt(office, tmp_path):
    code = (
        "import sys; from partnerdesk.cli.main import main; "
        f"rc = main(['mou', 'Kumasi', '--lang', 'en', '--out', r'{tmp_path / 'x.pdf'}', '--db', r'{office}']); "
        "assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt imported'; sys.exit(rc)"
    )
    env = dict(os.environ)
    env["PYTHONPATH"] = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", "src"))
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120, check=False)
    assert result.returncode == 0, result.stderr


def test_sheet_and_mou_warn_about_characters_no_font_has(office, tmp_path, capsys):
    """The PDF is written (exit 0); stderr names the record and the field; Hebrew and Chinese,
    which have fonts, raise no warning."""
    from partnerdesk.persistence.database import open_database
    from partnerdesk.services.records import OrganisationService, ProjectService

    db = open_database(office)
    projects = ProjectService(db)
    project = projects.find("Tropfen")
    project.title = "Tropfen 💧 für נתניה und 西安"
    projects.update(project)
    orgs = OrganisationService(db)
    kumasi = orgs.find("Kumasi")
    kumasi.city = "Kumasi 🌍"
    orgs.update(kumasi)
    db.close()

    out = tmp_path / "s.pdf"
    assert main(["sheet", "Tropfen", "--out", str(out), "--db", str(office)]) == 0
    err = capsys.readouterr().err
    assert "partnerdesk: Warnung: Projekt „Tropfen 💧 für נתניה und 西安“, Feld „Titel“: keine Schrift hat 💧 (U+1F4A7)" in err
    assert "נתניה" not in err.split("keine Schrift hat")[1] and err.count("Warnung") == 1
    assert "\ufffd" in _text(out) and "נתניה" in _text(out) and "西安" in _text(out)

    assert main(["mou", "Kumasi", "--lang", "en", "--out", str(tmp_path / "m.pdf"), "--db", str(office)]) == 0
    err = capsys.readouterr().err
    assert "Organisation „" in err and "Feld „Ort“: keine Schrift hat 🌍 (U+1F30D)" in err


def test_mou_clauses_on_and_off_from_the_command_line(office, tmp_path):
    out = tmp_path / "mou.pdf"
    assert main(["mou", "Kumasi", "--lang", "en", "--out", str(out), "--db", str(office),
                 "--with", "contacts", "--without", "data_protection", "--without", "climate_programme",
                 "--equal-versions"]) == 0
    text = " ".join(_text(out).split())
    assert "Ansprechpersonen" in text and "Contact persons" in text
    assert "Datenschutz" not in text and "Handlungsprogramm" not in text
    assert "Beide Fassungen sind gleichermaßen maßgeblich." in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--with", "streit"], "Eine MoU-Klausel „streit“ gibt es nicht. Klauseln: title, parties"),
        (["--without", "title"], "Die MoU-Klausel „title“ kann nicht weggelassen werden."),
        (["--with", "contacts", "--without", "contacts"], "bei --with und bei --without"),
    ],
)
def test_mou_clause_mistakes(office, tmp_path, capsys, args, message):
    out = tmp_path / "mou.pdf"
    assert main(["mou", "Kumasi", "--out", str(out), "--db", str(office), *args]) == 1
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_templates_check_shipped_and_office_folder(tmp_path, capsys, private_data_dir):
    assert main(["templates", "check"]) == 0
    assert "stimmen in allen Sprachen überein" in capsys.readouterr().out
    folder = tmp_path / "vorlagen"
    (folder / "mou" / "de").mkdir(parents=True)
    (folder / "mou" / "de" / "duration.txt").write_text("# Laufzeit\nAb {date}.\n", "utf-8")
    (folder / "mou" / "de" / "Finances.txt").write_text("# Finanzen\nx\n", "utf-8")
    assert main(["templates", "check", str(folder)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert any("Finances.txt: der Dateiname ist kein Vorlagenname" in line and "„finances.txt“" in line for line in lines)
    for lang in ("en", "fr", "ro"):
        assert any(f"{lang}/duration.txt: 3 Absätze; die deutsche Fassung ({folder / 'mou' / 'de' / 'duration.txt'}) hat 1."
                   in line for line in lines), lang
    assert lines[-1].startswith(f"{len(lines) - 1} Unterschiede in den MoU-Vorlagen")
    # A folder that holds the language folders directly is taken as the mou folder.
    assert main(["templates", "check", str(folder / "mou")]) == 1
    assert main(["templates", "check", str(tmp_path / "nicht-da")]) == 1
    assert "Den Vorlagenordner" in capsys.readouterr().err


def test_mou_as_word_and_the_registry_numbers_the_drafts(office, tmp_path, capsys):
    """--format docx writes Word; without --draft the number continues from the recorded drafts."""
    import docx

    from partnerdesk.persistence.database import open_database
    from partnerdesk.services.generated_documents import list_documents

    first, second, word = tmp_path / "1.pdf", tmp_path / "2.pdf", tmp_path / "3.docx"
    assert main(["mou", "Kumasi", "--lang", "en", "--out", str(first), "--db", str(office)]) == 0
    assert main(["mou", "Kumasi", "--lang", "en", "--out", str(second), "--db", str(office)]) == 0
    assert "Entwurf Nr. 2 vom" in _text(second)
    assert main(["mou", "Kumasi", "--lang", "en", "--format", "docx", "--out", str(word), "--db", str(office)]) == 0
    assert "Entwurf Nr. 3" in docx.Document(str(word)).sections[0].footer.paragraphs[0].text
    db = open_database(office)
    try:
        entries = list_documents(db)
    finally:
        db.close()
    assert [(e.format, e.draft, e.path.name) for e in entries] == [("docx", 3, "3.docx"), ("pdf", 2, "2.pdf"),
                                                                    ("pdf", 1, "1.pdf")]
    assert "Klimapartnerschaft" in capsys.readouterr().out
