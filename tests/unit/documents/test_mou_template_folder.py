"""The office's template folder: new clauses, the index, signatures.txt, misnamed files,
visible blanks, switching clauses, and ``check_templates``."""

from __future__ import annotations

import re
from datetime import date

import pytest
from pdf_checks import flat, pdf_text, words_with_boxes

from decision_helpers import council_approval
from partnerdesk.documents.mou.builder import MouOptions, build_mou
from partnerdesk.documents.mou.check import check_templates
from partnerdesk.documents.mou.clauses import TemplateFolderError, suggested_name
from partnerdesk.documents.mou.data import load_mou_data
from partnerdesk.documents.mou.templates import TemplateError
from partnerdesk.domain.errors import UserError
from partnerdesk.services.decisions import council_approval as council_approval_of
from partnerdesk.services.records import PartnershipService

DAY = date(2026, 11, 25)


def _mou(db, tmp_path, name="Kumasi", **options):
    path = tmp_path / "mou.pdf"
    if options.get("draft", 1) is None:  # a final version is written only with the council decision
        partnership = PartnershipService(db).find(name)
        if council_approval_of(db, partnership.id) is None:
            council_approval(db, partnership.id)
    options.setdefault("on", DAY)
    options.setdefault("language", "en")
    build_mou(load_mou_data(db, PartnershipService(db).find(name)), path, MouOptions(**options))
    return path


@pytest.fixture
def office(private_data_dir):
    """The office's template folder (``<data dir>/templates/mou``) with de and en folders."""
    root = private_data_dir / "templates" / "mou"
    for lang in ("de", "en"):
        (root / lang).mkdir(parents=True)
    return root


def _write(root, lang, name, text):
    (root / lang / name).write_text(text, "utf-8")


# Visible blanks -------------------------------------------------------------------------------


def _columns_of(path, marker_words):
    """For each marker word: the x positions of the "______" blanks on its line."""
    words = words_with_boxes(path)
    found = {}
    for marker in marker_words:
        page, x, y, _w = next(w for w in words if w[3] == marker)
        found[marker] = [w[1] for w in words if w[0] == page and abs(w[2] - y) < 20 and "______" in w[3]]
    return found


@pytest.mark.parametrize("draft", [1, None])
def test_empty_placeholder_keeps_its_paragraph_with_a_blank_in_both_columns(example_db, tmp_path, office, draft):
    _write(office, "de", "duration.txt", "# Laufzeit\nSeitjahr {start_year} arbeiten die Städte zusammen.\n\nZweiter Absatz.\n")
    _write(office, "en", "duration.txt", "# Duration\nSinceyear {start_year} the cities work together.\n\nSecond paragraph.\n")
    path = _mou(example_db, tmp_path, draft=draft)  # Kumasi has no start year
    text = flat(pdf_text(path))
    assert "Seitjahr ______" in text and "Sinceyear ______" in text
    assert "Zweiter Absatz." in text and "Second paragraph." in text
    blanks = _columns_of(path, ["Seitjahr", "Sinceyear"])
    middle = 297.6
    assert any(x < middle for x in blanks["Seitjahr"]), "blank in the German column"
    assert any(x > middle for x in blanks["Sinceyear"]), "blank in the English column"


def test_a_placeholder_only_one_language_uses_no_longer_drops_that_paragraph(example_db, tmp_path, office):
    # The review's case: {start_year} added to the German duration.txt only; the German clause lost its text.
    _write(office, "de", "duration.txt", "# Laufzeit\nSeit {start_year}. Sie kann jederzeit schriftlich beendet werden.\n")
    text = flat(pdf_text(_mou(example_db, tmp_path)))
    assert re.search(r"Seit _{10,}\. Sie kann jederzeit schriftlich beendet werden\.", text)
    assert "takes effect upon signature" in text
    assert any("duration.txt, Absatz 1" in line for line in check_templates())


def test_empty_list_is_a_visible_blank_in_a_draft_and_left_out_of_a_final(example_db, tmp_path, office):
    partnerships = PartnershipService(example_db)
    kumasi = partnerships.find("Kumasi")
    kumasi.themes = []
    partnerships.update(kumasi)
    _write(office, "de", "areas.txt", "# Bereiche\nDie Themen:\n{themes}\n")
    _write(office, "en", "areas.txt", "# Areas\nThe themes:\n{themes}\n")
    text = flat(pdf_text(_mou(example_db, tmp_path)))
    assert re.search(r"Die Themen: (The themes: )?• _{10,}", text) and re.search(r"The themes: • _{10,}", text)
    text = flat(pdf_text(_mou(example_db, tmp_path, draft=None)))
    assert "Die Themen" not in text and "The themes" not in text


# New clauses, the index, signatures.txt --------------------------------------------------------


def test_a_new_clause_file_appears_before_the_signatures(example_db, tmp_path, office):
    _write(office, "de", "dispute.txt", "# Streitbeilegung\nMeinungsverschiedenheiten klären die Partner im Gespräch.\n")
    _write(office, "en", "dispute.txt", "# Settlement of Differences\nThe Participants settle differences amicably.\n")
    text = flat(pdf_text(_mou(example_db, tmp_path)))
    assert "§ 13 Streitbeilegung" in text and "Article 13 – Settlement of Differences" in text
    assert text.index("Streitbeilegung") > text.index("Ratsbeschluss")
    assert text.index("Streitbeilegung") < text.index("Unterschriften")
    # templates check says it is not in the index.
    assert any("„dispute.txt“ steht nicht in" in line for line in check_templates())


def test_the_index_orders_and_drops_clauses(example_db, tmp_path, office):
    _write(office, "de", "dispute.txt", "# Streitbeilegung\nIm Gespräch.\n")
    _write(office, "en", "dispute.txt", "# Settlement of Differences\nAmicably.\n")
    (office / "clauses.txt").write_text(
        "title unnumbered required\nparties unnumbered required\nobjectives\ndispute\nnon_binding\nlanguages\n"
        "signatures unnumbered required\n", "utf-8")
    text = flat(pdf_text(_mou(example_db, tmp_path)))
    assert "§ 1 Ziele" in text and "§ 2 Streitbeilegung" in text and "§ 3 Rechtliche Unverbindlichkeit" in text
    assert "Präambel" not in text and "Finanzen" not in text
    # Only the French, Romanian and Arabic versions of the new clause are missing (no MoU in those here).
    missing = check_templates()
    assert len(missing) == 3 and all("dispute.txt: die Datei fehlt" in line for line in missing)


@pytest.mark.parametrize(
    ("index", "problem"),
    [
        ("title\nparties\n", "„signatures“"),
        ("title\nTitle Two\nsignatures\n", "kein Klauselname"),
        ("title fest\nsignatures\n", "unbekanntes Merkmal „fest“"),
        ("title\ntitle\nsignatures\n", "zweimal"),
    ],
)
def test_index_mistakes_are_named(example_db, tmp_path, office, index, problem):
    (office / "clauses.txt").write_text(index, "utf-8")
    with pytest.raises(TemplateError) as info:
        _mou(example_db, tmp_path)
    assert "clauses.txt" in info.value.message and problem in info.value.message
    assert any(problem in line for line in check_templates())


def test_text_in_signatures_txt_is_printed_above_the_signature_blocks(example_db, tmp_path, office):
    _write(office, "de", "signatures.txt", "# Unterschriften\nGeschehen zu {home_city} in zwei Ausfertigungen.\n")
    _write(office, "en", "signatures.txt", "# Signatures\nDone at {home_city} in duplicate.\n")
    text = flat(pdf_text(_mou(example_db, tmp_path)))
    assert "Geschehen zu Dortmund in zwei Ausfertigungen." in text and "Done at Dortmund in duplicate." in text
    assert text.index("Geschehen zu") > text.index("Unterschriften")
    assert text.index("Geschehen zu") < text.index("Ort, Datum")


# Misnamed files ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["Duration.txt", "duration.txt.txt", "duration.TXT", "duration"])
def test_a_misnamed_file_is_reported_not_ignored(example_db, tmp_path, office, name):
    _write(office, "de", name, "# Laufzeit\nFünf Jahre.\n")
    with pytest.raises(TemplateFolderError) as info:
        _mou(example_db, tmp_path)
    assert str(office / "de" / name) in info.value.message
    assert "„duration.txt“" in info.value.message
    assert not (tmp_path / "mou.pdf").exists()
    assert any(line.startswith(str(office / "de" / name)) for line in check_templates())


def test_editor_and_system_files_are_not_templates(example_db, tmp_path, office):
    for name in ("~$dauer.txt", ".duration.txt.swp", "desktop.ini", "Thumbs.db"):
        _write(office, "de", name, "x")
    assert "Absichtserklärung" in pdf_text(_mou(example_db, tmp_path))


def test_a_stray_folder_is_reported(example_db, tmp_path, office):
    (office / "deutsch").mkdir()
    with pytest.raises(TemplateFolderError, match="kein Sprachordner"):
        _mou(example_db, tmp_path)


@pytest.mark.parametrize(
    ("name", "suggestion"),
    [("Duration.txt", "duration.txt"), ("duration.txt.txt", "duration.txt"), ("Daten Schutz.txt", "daten_schutz.txt"),
     ("notes.docx", "notes_docx.txt"), ("", "")],
)
def test_suggested_names(name, suggestion):
    assert suggested_name(name) == suggestion


# Switching clauses --------------------------------------------------------------------------------


def test_clauses_can_be_switched_on_and_off(example_db, tmp_path):
    text = flat(pdf_text(_mou(example_db, tmp_path)))
    assert "Datenschutz" in text and "Ratsbeschluss" in text and "Ansprechpersonen" not in text
    assert "Gemeinsames Handlungsprogramm" in text  # Kumasi is a climate partnership
    text = flat(pdf_text(_mou(example_db, tmp_path, clauses={"data_protection": False, "council_decision": False,
                                                              "contacts": True})))
    assert "Datenschutz" not in text and "Ratsbeschluss" not in text and "Ansprechpersonen" in text
    # The numbers close up: no gap where a clause was left out.
    assert "§ 13" not in text and "§ 11" in text


def test_the_joint_action_programme_only_for_climate_partnerships(example_db, tmp_path):
    assert "Handlungsprogramm" not in pdf_text(_mou(example_db, tmp_path, "Cluj", language="ro"))
    text = flat(pdf_text(_mou(example_db, tmp_path, "Cluj", language="ro", clauses={"climate_programme": True})))
    assert "Gemeinsames Handlungsprogramm" in text and "Program de acțiune comun" in text


@pytest.mark.parametrize(
    ("choice", "problem"),
    [({"nix": True}, "Eine MoU-Klausel „nix“ gibt es nicht"), ({"signatures": False}, "kann nicht weggelassen")],
)
def test_unknown_or_required_clauses_are_refused(example_db, tmp_path, choice, problem):
    with pytest.raises(UserError, match=problem):
        _mou(example_db, tmp_path, clauses=choice)
    assert not (tmp_path / "mou.pdf").exists()


# check_templates --------------------------------------------------------------------------------


def test_the_shipped_templates_match_in_every_language(private_data_dir):
    assert check_templates() == []


def test_check_finds_arabic_treaty_words(office):
    (office / "ar").mkdir()
    _write(office, "ar", "objectives.txt", "# الأهداف\nيتفق الطرفان على تعميق شراكتهما.\n\nوتدخل حيز النفاذ عند التوقيع.\n")
    text = "\n".join(check_templates())
    ar = office / "ar" / "objectives.txt"
    assert f"{ar}, Zeile 2: „يتفق“ ist Vertragssprache" in text
    assert f"{ar}, Zeile 2: „طرفان“ ist Vertragssprache" in text
    assert f"{ar}, Zeile 4: „حيز النفاذ“ ist Vertragssprache" in text


def test_check_lists_each_kind_of_difference(office):
    _write(office, "de", "finances.txt", "# Finanzen {home_city}\nA {home_city}.\n\n- Punkt\n\nDrei.\n")
    _write(office, "en", "finances.txt", "# Finances\nA {partner_city}.\n\nTwo.\n")
    _write(office, "en", "labels.txt", "sign_for = For {home_city}\n")
    _write(office, "de", "extra.txt", "# Extra\nText.\n")
    _write(office, "de", "objectives.txt", "# Ziele\nDie Partner vereinbaren Folgendes.\n")
    _write(office, "en", "amendment.txt", "no heading\n")
    lines = check_templates()
    text = "\n".join(lines)
    en, de = office / "en", office / "de"
    assert f"{en / 'finances.txt'}, Überschrift: Platzhalter keine; die deutsche Fassung ({de / 'finances.txt'}) hat {{home_city}}." in text
    assert f"{en / 'finances.txt'}: 2 Absätze; die deutsche Fassung ({de / 'finances.txt'}) hat 3." in text
    assert f"{en / 'finances.txt'}, Absatz 1: Platzhalter {{partner_city}}; die deutsche Fassung" in text
    assert f"{en / 'finances.txt'}, Absatz 2: hier ein Absatz, in der deutschen Fassung" in text
    assert f"{en / 'labels.txt'}, Kurztext „sign_for“: Platzhalter {{home_city}}; die deutsche Fassung" in text
    assert "extra.txt: die Datei fehlt" in text  # no English version of the new clause
    assert f"{de / 'objectives.txt'}, Zeile 2: „vereinbaren“ ist Vertragssprache" in text
    assert f"{en / 'amendment.txt'}, Zeile 1: die Klausel muss mit einer Überschriftszeile" in text
    # The French and Romanian versions differ from the office's German finances.txt too.
    assert "fr/finances.txt: 2 Absätze" in text and "ro/finances.txt: 2 Absätze" in text
