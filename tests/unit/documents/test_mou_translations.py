"""Nothing in the other language column is German (issue 20): themes come from the office's theme
glossary, coordinating units' names and project titles from their translation fields; a value
without a translation is marked in a draft (PDF, Word, Arabic PDF), warned about naming the
record and the language, and refuses the final version, which then writes nothing."""

from __future__ import annotations

import subprocess
from datetime import date

import docx
import pytest
from pdf_checks import HOSTILE, flat, pdf_text, storable
from test_mou_arabic import _text as arabic_text

from decision_helpers import council_approval
from partnerdesk.documents.mou.builder import MouOptions, build_mou
from partnerdesk.documents.mou.content import untranslated
from partnerdesk.documents.mou.data import load_mou_data
from partnerdesk.documents.mou.docx_writer import build_docx
from partnerdesk.domain.errors import UserError
from partnerdesk.services import theme_glossary
from partnerdesk.services.records import OrganisationService, PartnershipService, ProjectService

DAY = date(2026, 11, 25)


def _pdf(db, tmp_path, name, **options):
    options.setdefault("on", DAY)
    path = tmp_path / f"{name}-{options.get('language')}.pdf"
    build_mou(load_mou_data(db, PartnershipService(db).find(name)), path, MouOptions(**options))
    if options.get("language") == "ar":  # poppler's runs of Arabic in logical order (see test_mou_arabic)
        return arabic_text(path)
    return flat(pdf_text(path))


def _column(path, index, columns=2):
    """The text of one column of every page (pdftotext cropped to that half)."""
    half = 595 // columns
    return flat(subprocess.run(["pdftotext", "-x", str(index * half), "-y", "60", "-W", str(half), "-H", "720",
                                str(path), "-"], capture_output=True, text=True, check=True).stdout)


@pytest.mark.parametrize(("name", "lang", "expected", "german"), [
    ("Kumasi", "en", ["Climate change adaptation, Climate protection", "Office for International Relations and "
                      "Sustainable Development", "Environment Department", "Climate adaptation master plans for "
                      "Dortmund and Kumasi"], ["Klimaanpassung", "Umweltamt", "Masterpläne"]),
    ("Dabola", "fr", ["Gestion des déchets, Éducation à l’environnement", "Service de l’environnement",
                      "Gestion des déchets et éducation à l’environnement dans les écoles de Dabola"],
     ["Abfall", "Umweltbildung", "Umweltamt", "Abfallentsorgung"]),
    ("Cluj", "ro", ["Energie, Apă, Digitalizare, Inovare", "Agenția de Dezvoltare Economică",
                    "Ecosisteme de inovare și digitalizare Cluj-Napoca – Dortmund"],
     ["Wasser", "Digitalisierung", "Wirtschaftsförderung", "Innovationsökosysteme"]),
])
def test_the_other_column_carries_the_translations(example_db, tmp_path, name, lang, expected, german):
    """Before: "The Parties cooperate … in the following fields: Klimaanpassung, Klimaschutz."."""
    data = load_mou_data(example_db, PartnershipService(example_db).find(name))
    path = tmp_path / "mou.pdf"
    build_mou(data, path, MouOptions(language=lang, on=DAY))
    left, right = _column(path, 0), _column(path, 1)
    for phrase in expected:
        assert phrase in right.replace("\u00a0", " "), phrase
    for word in german:
        assert word not in right, word
        assert word in left, word  # the German column keeps the German value
    assert untranslated(data, ["de", lang]) == []
    assert not any(mark in right for mark in ("translation missing", "traduction manquante", "traducere lipsă"))


def test_arabic_column_carries_the_translations(example_db, tmp_path):
    text = _pdf(example_db, tmp_path, "Dura", language="ar", first_language="en").replace("\u200e", "")
    for phrase in ("إدارة النفايات", "الصحة", "مكتب العلاقات الدولية والتنمية المستدامة"):
        assert phrase in text, phrase
    for german in ("Abfall", "Gesundheit", "Dezernat", "Müllfahrzeug"):
        assert german not in text, german
    # Each column its own comma (poppler gives the Arabic runs between punctuation in reverse order).
    assert "Waste management, Health" in text and "الصحة، إدارة النفايات" in text


def _add_untranslated_theme(db, name="Dabola", theme="Stadtgrün"):
    partnerships = PartnershipService(db)
    p = partnerships.find(name)
    p.themes = [*p.themes, theme]
    return partnerships.update(p)


def test_an_untranslated_theme_is_marked_in_pdf_and_word_and_warned_about(example_db, tmp_path):
    _add_untranslated_theme(example_db)
    units = OrganisationService(example_db)
    office = units.find("Umweltamt")
    office.name_translations = "en: Environment Department"  # no French any more
    units.update(office)
    data = load_mou_data(example_db, PartnershipService(example_db).find("Dabola"))
    options = MouOptions(language="fr", on=DAY, draft=3)
    pdf, word = tmp_path / "mou.pdf", tmp_path / "mou.docx"
    build_mou(data, pdf, options)
    build_docx(data, word, options)
    right = _column(pdf, 1)
    assert "Gestion des déchets, Éducation à l’environnement, [Stadtgrün – traduction manquante]" in right.replace(
        "\u00a0", " ")
    assert "[Umweltamt – traduction manquante]" in right
    assert "Stadtgrün" in _column(pdf, 0) and "[Stadtgrün" not in _column(pdf, 0)  # German column: as it is
    table = docx.Document(str(word)).tables[0]
    german = "\n".join(row.cells[0].text for row in table.rows)
    french = "\n".join(row.cells[1].text for row in table.rows)
    assert "[Stadtgrün – traduction manquante]" in french and "[Umweltamt – traduction manquante]" in french
    assert "Stadtgrün" in german and "traduction manquante" not in german
    warnings = [gap.message() for gap in untranslated(data, options.languages)]
    assert warnings == ["Thema „Stadtgrün“ hat keine französische Übersetzung",
                        "Organisation „Umweltamt“ hat keinen französischen Namen"]


def test_an_untranslated_project_title_is_marked_in_the_arabic_pdf(example_db, tmp_path):
    projects = ProjectService(example_db)
    truck = projects.find("Müllfahrzeug")
    truck.title_translations = "en: A refuse collection vehicle for Dura"
    projects.update(truck)
    data = load_mou_data(example_db, PartnershipService(example_db).find("Dura"))
    assert [g.message() for g in untranslated(data, ["de", "ar"])] == [
        "Projekt „Müllfahrzeug für Dura“ hat keinen arabischen Titel"]
    text = _pdf(example_db, tmp_path, "Dura", language="ar").replace("\u200e", "")
    # The German title once in each column, in the Arabic one with the mark (which may wrap).
    assert text.count("Müllfahrzeug für Dura") == 2 and "الترجمة غير متوفرة" in text


def test_a_final_with_a_gap_is_refused_naming_it_and_writes_nothing(example_db, tmp_path):
    p = _add_untranslated_theme(example_db, "Kumasi", "Stadtgrün")
    council_approval(example_db, p.id, date(2026, 3, 12), "12345-26")
    data = load_mou_data(example_db, p.id)
    out = tmp_path / "final.pdf"
    with pytest.raises(UserError) as caught:
        build_mou(data, out, MouOptions(language="en", on=DAY, draft=None))
    assert "die Übersetzung des Themas „Stadtgrün“ (Englisch)" in caught.value.message
    assert not out.exists() and not list(tmp_path.glob("final*"))
    # With the translation in the glossary the same final is written, with no mark in it.
    theme_glossary.save(example_db, {"Stadtgrün": "en: Urban green spaces"})
    build_mou(load_mou_data(example_db, p.id), out, MouOptions(language="en", on=DAY, draft=None))
    text = flat(pdf_text(out))
    assert "Urban green spaces" in text and "translation missing" not in text


def test_german_only_needs_no_translation(example_db, tmp_path):
    _add_untranslated_theme(example_db)
    data = load_mou_data(example_db, PartnershipService(example_db).find("Dabola"))
    assert untranslated(data, ["de"]) == []
    assert "Übersetzung fehlt" not in _pdf(example_db, tmp_path, "Dabola", language="de")


def test_hostile_translations_never_crash_and_print_as_typed(example_db, tmp_path, database_kind):
    hostile = [h.replace("\n", " ").replace("\r", " ") for h in storable(HOSTILE, database_kind)]
    theme_glossary.save(example_db, {"Abfall": "fr: " + hostile[0], "Umweltbildung": "fr: " + hostile[2]})
    units = OrganisationService(example_db)
    office = units.find("Umweltamt")
    office.name_translations = "\n".join(f"{code}: {h[:300]}" for code, h in zip(("fr", "ar"), hostile[3:5], strict=True))
    units.update(office)
    projects = ProjectService(example_db)
    project = projects.find("Abfallentsorgung")
    project.title_translations = "fr: " + hostile[1]
    projects.update(project)
    text = _pdf(example_db, tmp_path, "Dabola", language="fr")
    for value in (hostile[0], hostile[2], hostile[3], hostile[1]):
        assert flat(value) in text, value
    build_docx(load_mou_data(example_db, PartnershipService(example_db).find("Dabola")), tmp_path / "m.docx",
               MouOptions(language="fr", on=DAY))
    assert "Umweltamt" not in _column(tmp_path / "Dabola-fr.pdf", 1)
